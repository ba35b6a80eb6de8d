"""Password logins are slowed down per account and per address, locked after repeated failures, audited.

Before, thirty wrong passwords in a row left an account as usable as ever
and nothing of them in the audit log. The rules are in the database
(trucewatch.store.logins), so every worker of a server applies the same counts.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import trucewatch.cli.commands  # noqa: F401  registers the verbs
from api_helpers import auth
from trucewatch.api.app import create_app
from trucewatch.cli import app as cli_app
from trucewatch.store import Store, open_store
from trucewatch.store.accounts import add_user, audit_entries, issue_token
from trucewatch.store.logins import Outcome, Policy, attempt, unlock

PASSWORD = "a long synthetic password"
T0 = dt.datetime(2026, 3, 1, 12, 0, 0)
HERE = "192.0.2.10"


def _at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


@pytest.fixture
def people(store: Store) -> Store:
    with store.session() as s:
        add_user(s, "ana", "analyst", PASSWORD)
        add_user(s, "ada", "admin", PASSWORD)
    return store


# --- the rules, with the clock given ----------------------------------------------


def test_failures_past_the_free_ones_shut_the_account_for_longer_each_time(people: Store) -> None:
    outcomes = [attempt(people, "ana", "wrong guess", HERE, via="test", now=_at(0)).outcome for _ in range(3)]
    assert outcomes == [Outcome.WRONG] * 3
    assert attempt(people, "ana", "wrong guess", HERE, via="test", now=_at(0)).outcome is Outcome.WRONG
    # The fourth failure shut the account for 1 s: even the right password waits, unchecked.
    shut = attempt(people, "ana", PASSWORD, HERE, via="test", now=_at(0.5))
    assert shut.outcome is Outcome.THROTTLED and shut.retry_after == 1
    assert attempt(people, "ana", "wrong guess", HERE, via="test", now=_at(1)).outcome is Outcome.WRONG
    assert (
        attempt(people, "ana", PASSWORD, HERE, via="test", now=_at(2.5)).retry_after == 1
    )  # shut 2 s from 1 s
    ok = attempt(people, "ana", PASSWORD, HERE, via="test", now=_at(3))
    assert ok.outcome is Outcome.OK and ok.user is not None and ok.user.name == "ana"
    # A success clears the account's count: three free failures again.
    again = [attempt(people, "ana", "wrong", HERE, via="test", now=_at(4)).outcome for _ in range(3)]
    assert again == [Outcome.WRONG] * 3


def test_an_account_is_locked_after_repeated_failures_until_an_admin_unlocks_it(people: Store) -> None:
    policy = Policy()
    clock = 0.0
    for n in range(1, policy.lock_after + 1):
        tried = attempt(people, "ana", f"guess {n}", HERE, via="test", now=_at(clock))
        assert tried.outcome is (Outcome.LOCKED if n == policy.lock_after else Outcome.WRONG), n
        clock += 10_000  # each guess after the previous shut time, from the same address
    tried = attempt(people, "ana", PASSWORD, "198.51.100.7", via="test", now=_at(clock + 10**6))
    assert tried.outcome is Outcome.LOCKED and tried.user is None  # locked, even a day later, even elsewhere
    with people.session() as s:
        assert unlock(s, "ana") is True
        assert unlock(s, "ana") is False
    assert attempt(people, "ana", PASSWORD, HERE, via="test", now=_at(clock + 10**6)).outcome is Outcome.OK


def test_an_unknown_name_is_answered_exactly_as_a_real_one(people: Store) -> None:
    def sequence(name: str) -> list[tuple[Outcome, int]]:
        out = []
        for n in range(6):
            tried = attempt(
                people, name, "wrong guess", f"203.0.113.{len(name)}", via="test", now=_at(n * 0.1)
            )
            out.append((tried.outcome, tried.retry_after))
        return out

    assert sequence("ana") == sequence("nobody-by-this-name")


def test_an_address_trying_many_names_is_slowed_down_but_others_are_not(people: Store) -> None:
    policy = Policy()
    for n in range(policy.address_free + 1):  # one failure each on many names: no account is slowed
        assert attempt(people, f"name{n}", "x", HERE, via="test", now=_at(0)).outcome is Outcome.WRONG
    assert attempt(people, "ana", PASSWORD, HERE, via="test", now=_at(0)).outcome is Outcome.THROTTLED
    assert attempt(people, "ana", PASSWORD, "198.51.100.7", via="test", now=_at(0)).outcome is Outcome.OK


def test_two_workers_see_one_count(tmp_path: Path) -> None:
    """Two stores on one file, as two server processes have: failures add up across them."""
    url = f"sqlite:///{tmp_path / 'two.db'}"
    with open_store(url) as first, open_store(url) as second:
        with first.session() as s:
            add_user(s, "ana", "analyst", PASSWORD)
        workers = [first, second]
        for n in range(4):
            assert attempt(workers[n % 2], "ana", "x", HERE, via="test", now=_at(0)).outcome is Outcome.WRONG
        assert attempt(second, "ana", PASSWORD, HERE, via="test", now=_at(0)).outcome is Outcome.THROTTLED
        assert attempt(first, "ana", PASSWORD, HERE, via="test", now=_at(0)).outcome is Outcome.THROTTLED


def test_a_burst_of_parallel_guesses_gets_only_the_free_ones_checked(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'burst.db'}"
    with open_store(url) as store:
        with store.session() as s:
            add_user(s, "ana", "analyst", PASSWORD)
        outcomes: list[Outcome] = []
        lock = threading.Lock()

        def guess(n: int) -> None:
            tried = attempt(store, "ana", f"guess {n}", HERE, via="test", policy=Policy(first_delay=600))
            with lock:
                outcomes.append(tried.outcome)

        threads = [threading.Thread(target=guess, args=(n,)) for n in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    # The three free failures and the one that shut the account were checked; the rest waited.
    assert outcomes.count(Outcome.WRONG) == Policy().account_free + 1
    assert outcomes.count(Outcome.THROTTLED) == 16 - outcomes.count(Outcome.WRONG)


def test_failures_refusals_and_lockouts_are_in_the_audit_log(people: Store) -> None:
    policy = Policy(account_free=1, lock_after=3)
    for n in range(3):
        attempt(people, "ana", "wrong", HERE, via="web", policy=policy, now=_at(n * 1000))
    attempt(people, "ana", PASSWORD, HERE, via="api", policy=policy, now=_at(5000))
    with people.session() as s:
        entries = list(reversed(audit_entries(s, resource_id="ana")))
    assert [e.action for e in entries] == ["login.failed"] * 3 + ["login.locked", "login.refused"]
    assert all(e.user_name == "anonymous" and e.role == "public" for e in entries)
    assert entries[0].after == {"via": "web", "address": HERE, "failures": 1}
    assert entries[-1].after == {"via": "api", "address": HERE, "reason": "locked"}


# --- over HTTP: the token route and the web form -------------------------------------


@pytest.fixture
def site(people: Store) -> Iterator[tuple[TestClient, Store]]:
    app = create_app(people)
    app.state.login_policy = Policy(first_delay=600)  # long shut times: no race with the test's own pace
    with TestClient(app) as c:
        yield c, people


def test_the_token_route_answers_429_with_retry_after_then_the_account_waits(site) -> None:
    c, _store = site
    for _ in range(4):
        r = c.post("/api/auth/token", json={"name": "ana", "password": "wrong guess"})
        assert r.status_code == 401
    r = c.post("/api/auth/token", json={"name": "ana", "password": PASSWORD})
    assert r.status_code == 429, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert 590 <= int(r.headers["retry-after"]) <= 600
    assert "try again" in r.json()["detail"]


def test_the_web_form_answers_429_with_retry_after(site) -> None:
    c, store = site
    for _ in range(4):
        r = c.post("/login", data={"name": "ana", "password": "wrong guess"}, follow_redirects=False)
        assert r.status_code == 401
    r = c.post("/login", data={"name": "ana", "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 429 and "tw_session" not in r.cookies
    assert int(r.headers["retry-after"]) > 0 and "Too many failed logins" in r.text
    with store.session() as s:
        failed = audit_entries(s, resource_id="ana", action="login.failed")
    assert len(failed) == 4 and {e.after["via"] for e in failed} == {"web"}


def test_a_locked_account_is_refused_until_an_admin_unlocks_it_over_the_api(site) -> None:
    c, store = site
    c.app.state.login_policy = Policy(account_free=20, lock_after=5)  # type: ignore[attr-defined]
    with store.session() as s:
        admin_token = issue_token(s, "ada")[1]
        analyst_token = issue_token(s, "ana")[1]
    for _ in range(5):
        c.post("/api/auth/token", json={"name": "ana", "password": "wrong guess"})
    r = c.post("/api/auth/token", json={"name": "ana", "password": PASSWORD})
    assert r.status_code == 403 and "locked" in r.json()["detail"]
    assert c.post("/login", data={"name": "ana", "password": PASSWORD}).status_code == 403
    assert c.post("/api/users/ana/unlock", headers=auth(analyst_token)).status_code == 403  # admins only
    r = c.post("/api/users/ana/unlock", headers=auth(admin_token))
    assert r.status_code == 200 and r.json() == {"name": "ana", "unlocked": True}
    assert c.post("/api/auth/token", json={"name": "ana", "password": PASSWORD}).status_code == 201
    assert c.post("/api/users/nobody/unlock", headers=auth(admin_token)).status_code == 404
    with store.session() as s:
        (entry,) = audit_entries(s, action="user.unlock")
    assert entry.user_name == "ada" and entry.resource_id == "ana"


def test_the_cli_unlocks_an_account_and_lists_it_as_locked(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    with open_store(url) as store:
        with store.session() as s:
            add_user(s, "ana", "analyst", PASSWORD)
        for n in range(Policy().lock_after):
            attempt(store, "ana", "wrong", HERE, via="test", now=_at(n * 10_000))
    runner = CliRunner()
    env = {"TRUCEWATCH_DATABASE_URL": ""}
    listed = runner.invoke(cli_app, ["--db", url, "users", "list", "--json"], env=env)
    assert listed.exit_code == 0 and '"locked": true' in listed.output
    done = runner.invoke(cli_app, ["--db", url, "users", "unlock", "ana"], env=env)
    assert done.exit_code == 0 and "unlocked ana" in done.output
    unknown = runner.invoke(cli_app, ["--db", url, "users", "unlock", "nobody"], env=env)
    assert unknown.exit_code == 1 and "no user named 'nobody'" in unknown.output
    with open_store(url) as store:
        assert attempt(store, "ana", PASSWORD, HERE, via="test").outcome is Outcome.OK
