"""Accounts over real HTTP: each role against each endpoint, tokens, revocation, public read, the CLI."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import trucewatch.cli.api  # noqa: F401  (registers serve, users, audit)
from api_helpers import Seeded, auth, client
from trucewatch.cli import app as cli_app
from trucewatch.store import Store
from trucewatch.store.accounts import audit_entries, issue_token, list_tokens, revoke_token
from trucewatch.store.sources import update_source

# (method, path template, JSON body) of every endpoint; {..} filled from the seeded ids.
READS = [
    "/api/documents",
    "/api/documents/{open_doc}",
    "/api/claims",
    "/api/claims/{open_claim}",
    "/api/events",
    "/api/places",
    "/api/places/cap",
    "/api/actors",
    "/api/agreements",
    "/api/agreements/agr_test",
    "/api/ceasefires",
    "/api/ceasefires/cf_test",
    "/api/sieges",
    "/api/sieges/sg_test",
]
WRITES = [
    ("PATCH", "/api/claims/{open_claim}", {"status": "confirmed"}, 200),
    ("POST", "/api/events", {"claim_ids": ["{open_claim}"]}, 201),
    ("POST", "/api/agreements", {"kind": "evacuation", "title": "Synthetic evacuation deal"}, 201),
    ("PATCH", "/api/agreements/agr_test", {"title": "Synthetic August deal (edited)"}, 200),
]


def _fill(value: object, ids: dict[str, str]) -> object:
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


@pytest.fixture
def auth_world(world: tuple[Store, Seeded, dict[str, str]]) -> tuple[Store, dict[str, str], dict[str, str]]:
    store, seeded, toks = world
    ids = {"open_doc": seeded.open_doc, "open_claim": seeded.open_claims[0]}
    return store, toks, ids


@pytest.mark.parametrize("role", ["admin", "analyst", "viewer"])
def test_every_role_may_read_every_resource(auth_world, role):
    store, toks, ids = auth_world
    with client(store) as c:
        for path in READS:
            r = c.get(path.format(**ids), headers=auth(toks[role]))
            assert r.status_code == 200, (path, r.text)


def test_without_a_token_everything_is_refused_by_default(auth_world):
    store, _, ids = auth_world
    with client(store, public_read=False) as c:
        for path in [*READS, "/api/audit", "/api/auth/me"]:
            r = c.get(path.format(**ids))
            assert r.status_code == 401, path
            assert r.headers["content-type"].startswith("application/problem+json")
            assert "Bearer" in r.headers["www-authenticate"]
            assert "token" in r.json()["detail"]


@pytest.mark.parametrize("role,allowed", [("admin", True), ("analyst", True), ("viewer", False)])
def test_only_analysts_and_admins_may_write(auth_world, role, allowed):
    store, toks, ids = auth_world
    with client(store) as c:
        for method, path, body, ok_status in WRITES:
            r = c.request(method, path.format(**ids), json=_fill(body, ids), headers=auth(toks[role]))
            if allowed:
                assert r.status_code == ok_status, (path, r.text)
            else:
                assert r.status_code == 403, (path, r.text)
                assert "read" in r.json()["detail"]


def test_anonymous_public_read_when_switched_on_reads_but_never_writes(auth_world):
    store, _, ids = auth_world
    with store.session() as session:  # public read shows only what is marked public
        update_source(session, "Open Wire", public=True, actor="cli:test")
    with client(store, public_read=True) as c:
        for path in READS:
            ledger = path.startswith(("/api/agreements", "/api/ceasefires", "/api/sieges"))
            assert c.get(path.format(**ids)).status_code == (403 if ledger else 200), path
        assert c.get("/api/audit").status_code == 403
        for method, path, body, _ in WRITES:
            assert c.request(method, path.format(**ids), json=_fill(body, ids)).status_code == 403


def test_public_read_switch_comes_from_the_environment(auth_world, monkeypatch):
    store, _, _ = auth_world
    monkeypatch.setenv("TRUCEWATCH_PUBLIC_READ", "1")
    with client(store) as c:
        assert c.get("/api/auth/me").json()["role"] == "public"
    monkeypatch.setenv("TRUCEWATCH_PUBLIC_READ", "0")
    with client(store) as c:
        assert c.get("/api/auth/me").status_code == 401


@pytest.mark.parametrize("role,status", [("admin", 200), ("analyst", 403), ("viewer", 403)])
def test_only_admins_read_the_audit_log(auth_world, role, status):
    store, toks, _ = auth_world
    with client(store) as c:
        assert c.get("/api/audit", headers=auth(toks[role])).status_code == status


def test_the_audit_log_has_no_delete_or_update_route(auth_world):
    store, toks, _ = auth_world
    with client(store) as c:
        for method in ("DELETE", "PUT", "PATCH", "POST"):
            r = c.request(method, "/api/audit", headers=auth(toks["admin"]))
            assert r.status_code == 405
        paths = c.get("/openapi.json").json()["paths"]
        assert set(paths["/api/audit"]) == {"get"}


def test_a_revoked_token_stops_working_at_once(auth_world):
    store, toks, _ = auth_world
    with client(store) as c:
        assert c.get("/api/auth/me", headers=auth(toks["analyst"])).status_code == 200
        with store.session() as session:
            token_id = next(t.id for t in list_tokens(session, "analyst1"))
            revoke_token(session, token_id)
        r = c.get("/api/auth/me", headers=auth(toks["analyst"]))
        assert r.status_code == 401
        assert "revoked" in r.json()["detail"]
        assert c.get("/api/auth/me", headers=auth(toks["viewer"])).status_code == 200


def test_tokens_are_stored_only_as_hashes(auth_world):
    store, toks, _ = auth_world
    from sqlalchemy import text

    with store.engine.connect() as conn:
        stored = [row[0] for row in conn.execute(text("SELECT token_hash FROM api_tokens"))]
    assert stored and all(len(h) == 64 for h in stored)
    assert not set(toks.values()) & set(stored)


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer tw_forged", "Basic YWRtaW46eA==", "Bearer"])
def test_bad_credentials_are_401_problems(auth_world, header):
    store, _, _ = auth_world
    with client(store, public_read=True) as c:  # a bad token is refused even when anonymous may read
        r = c.get("/api/claims", headers={"Authorization": header})
    assert r.status_code == 401
    assert r.json()["status"] == 401


def test_password_login_issues_a_working_token_and_audits_it(auth_world):
    store, _, _ = auth_world
    with client(store) as c:
        bad = c.post("/api/auth/token", json={"name": "viewer1", "password": "wrong password"})
        assert bad.status_code == 401
        r = c.post("/api/auth/token", json={"name": "viewer1", "password": "a long synthetic password"})
        assert r.status_code == 201
        token = r.json()["token"]
        assert c.get("/api/auth/me", headers=auth(token)).json() == {
            "name": "viewer1",
            "role": "viewer",
            "token_id": r.json()["token_id"],
        }
    with store.session() as session:
        assert [e.action for e in audit_entries(session, user_name="viewer1")] == ["token.create"]


def test_cli_adds_lists_and_revokes_users(store_url: str, store: Store):
    runner = CliRunner()
    added = runner.invoke(
        cli_app,
        ["--db", store_url, "users", "add", "carol", "--role", "viewer", "--password-stdin"],
        input="a long synthetic password\n",
    )
    assert added.exit_code == 0, added.output
    token = next(line for line in added.output.splitlines() if line.startswith("tw_"))
    with client(store) as c:
        assert c.get("/api/auth/me", headers=auth(token)).json()["role"] == "viewer"
        listed = runner.invoke(cli_app, ["--db", store_url, "users", "list", "--tokens", "--json"])
        assert '"carol"' in listed.output and token not in listed.output
        revoked = runner.invoke(cli_app, ["--db", store_url, "users", "revoke", "carol"])
        assert revoked.exit_code == 0 and "revoked 1 token" in revoked.output
        assert c.get("/api/auth/me", headers=auth(token)).status_code == 401
    bad_role = runner.invoke(
        cli_app, ["--db", store_url, "users", "add", "dave", "--role", "boss", "--no-password"]
    )
    assert bad_role.exit_code == 1
    log = runner.invoke(cli_app, ["--db", store_url, "audit", "--json"])
    assert '"user.disable"' in log.output and '"user.create"' in log.output


def test_users_add_without_a_terminal_says_how_to_give_the_password(store_url: str):
    result = CliRunner().invoke(cli_app, ["--db", store_url, "users", "add", "erin", "--role", "viewer"])
    assert result.exit_code == 1 and "--password-stdin" in result.output and "--no-password" in result.output
    listed = CliRunner().invoke(cli_app, ["--db", store_url, "users", "list", "--json"])
    assert '"erin"' not in listed.output  # nothing half-made


def test_disabled_users_cannot_get_new_tokens(auth_world):
    store, _, _ = auth_world
    from trucewatch.store.accounts import AccountError, disable_user

    with store.session() as session:
        disable_user(session, "viewer1")
    with store.session() as session, pytest.raises(AccountError):
        issue_token(session, "viewer1")
