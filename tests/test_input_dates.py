"""Dates given by callers: YYYY-MM-DD within the supported range, everywhere one is accepted.

Far dates (year 1, year 9999) used to overflow date arithmetic into a 500; a
number (as_of=0.0) used to pass as 1 January 1970. Now the API answers 422,
the pages a 400 page, the command line one line and exit code 2, each naming
the input and the problem, through one validator (trucewatch.days).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import trucewatch.cli.commands  # noqa: F401  registers the verbs
from api_helpers import auth
from databases import migrated_sqlite
from synthetic import SyntheticIds, seed_synthetic
from trucewatch.api.app import create_app
from trucewatch.cli import app as cli_app
from trucewatch.days import EARLIEST, LATEST, BadDay, parse_day
from trucewatch.store import Store, open_store

PASSWORD = "a long synthetic password"  # api_helpers.tokens gives every account this one
OUTSIDE = "outside the supported dates"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("9999-12-31", OUTSIDE),
        ("0001-01-05", OUTSIDE),
        ("1899-12-31", OUTSIDE),
        ("0.0", "not a date"),
        ("1700000000", "not a date"),
        ("2017-03-08T00:00", "not a date"),
        ("8 March 2017", "not a date"),
        ("2017-02-30", "not a day of the calendar"),
        ("２０１７-03-08", "not a date"),  # digits of another script
    ],
)
def test_the_validator_refuses_with_a_reason(text: str, says: str) -> None:
    with pytest.raises(BadDay, match=says):
        parse_day(text)


def test_the_validator_accepts_the_bounds() -> None:
    assert parse_day(EARLIEST.isoformat()) == EARLIEST
    assert parse_day(LATEST.isoformat()) == LATEST


# --- the API: 422 problem documents --------------------------------------------


@pytest.fixture
def api(sqlite_world) -> Iterator[tuple[TestClient, dict[str, str], object]]:
    store, seeded, keys = sqlite_world
    with TestClient(create_app(store, public_read=True)) as c:
        yield c, auth(keys["admin"]), seeded


def _api_urls(seeded: object) -> list[str]:
    agreement, ceasefire, siege = seeded.agreement, seeded.ceasefire, seeded.siege  # type: ignore[attr-defined]
    return [
        f"/api/ceasefires/{ceasefire}?as_of={{d}}",
        f"/api/agreements/{agreement}?as_of={{d}}",
        f"/api/sieges/{siege}?as_of={{d}}",
        "/api/events?until={d}",
        "/api/claims?since={d}",
        "/api/documents?since={d}",
        "/api/export?format=csv&until={d}",
    ]


@pytest.mark.parametrize(
    ("day", "says"),
    [("9999-12-31", OUTSIDE), ("0001-01-05", OUTSIDE), ("0.0", "not a date"), ("1700000000", "not a date")],
)
def test_api_query_dates_out_of_range_or_not_iso_are_422(api, day: str, says: str) -> None:
    c, headers, seeded = api
    for template in _api_urls(seeded):
        url = template.format(d=day)
        for who in (headers, {}):  # an admin, and an anonymous caller under public read
            r = c.get(url, headers=who)
            if r.status_code == 403:  # public read refuses the ledger before it reads any parameter
                continue
            assert r.status_code == 422, (url, r.status_code, r.text)
            assert r.headers["content-type"].startswith("application/problem+json")
            assert says in r.json()["detail"] and "query parameter" in r.json()["detail"], url


def test_api_accepts_the_first_and_last_supported_days(api) -> None:
    c, headers, seeded = api
    for template in _api_urls(seeded):
        for day in (EARLIEST, LATEST):
            url = template.format(d=day.isoformat())
            # Accepted: an answer, not a 422 or a 500 (an agreement not yet known in 1900 may be a 404).
            assert c.get(url, headers=headers).status_code in (200, 404), url


def test_api_body_and_form_dates_are_checked_too(api) -> None:
    c, headers, _seeded = api
    agreement = {
        "kind": "local_truce",
        "title": "A made-up local truce",
        "commitments": [
            {"obligated": "Synthetic government", "action": "release_detainees", "deadline": "X"}
        ],
    }
    for deadline, says in (("9999-12-31", OUTSIDE), ("0.0", "not a date")):
        agreement["commitments"][0]["deadline"] = deadline  # type: ignore[index]
        r = c.post("/api/agreements", json=agreement, headers=headers)
        assert r.status_code == 422 and says in r.json()["detail"], r.text
    agreement["commitments"][0]["deadline"] = None  # type: ignore[index]
    for start in ("0001-01-01T00:00", 0):
        r = c.post("/api/agreements", json={**agreement, "reached": {"start": start}}, headers=headers)
        assert r.status_code == 422 and "reached" in r.json()["detail"], r.text
    r = c.post(
        "/api/documents",
        files={"file": ("note.txt", b"An invented sentence about a truce.")},
        data={"published": "9999-12-31"},
        headers=headers,
    )
    assert r.status_code == 422 and OUTSIDE in r.json()["detail"]


# --- the pages: a 400 page -------------------------------------------------------


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[TestClient, TestClient, SyntheticIds]]:
    from trucewatch.store.accounts import add_user

    with open_store(migrated_sqlite(tmp_path / "web.db")) as store:
        with store.session() as s:
            ids = seed_synthetic(s)
            add_user(s, "ana", "analyst", PASSWORD)
        _public_sources(store)
        app = create_app(store, public_read=True)
        with TestClient(app) as member, TestClient(app) as anonymous:
            r = member.post("/login", data={"name": "ana", "password": PASSWORD}, follow_redirects=False)
            assert r.status_code == 303
            yield member, anonymous, ids


def _public_sources(store: Store) -> None:
    from trucewatch.store.sources import update_source

    with store.session() as s:
        update_source(s, "Synthetic Outlet", public=True, actor="cli:test")


def _web_urls(ids: SyntheticIds) -> list[str]:
    return [
        "/?as_of={d}",
        f"/ceasefires/{ids.ceasefire_id}?as_of={{d}}",
        f"/agreements/{ids.agreement_id}?as_of={{d}}",
        "/places/Waer/timeline?to={d}",
        "/map?from={d}",
        "/map/events.geojson?to={d}",
        "/report?place=Waer&to={d}",
    ]


@pytest.mark.parametrize(
    ("day", "says"),
    [("9999-12-31", OUTSIDE), ("0001-01-05", OUTSIDE), ("0.0", "not a date"), ("soon", "not a date")],
)
def test_page_dates_out_of_range_or_not_iso_are_a_400_page(site, day: str, says: str) -> None:
    member, _anonymous, ids = site
    for template in _web_urls(ids):
        url = template.format(d=day)
        r = member.get(url, follow_redirects=False)
        assert r.status_code == 400, (url, r.status_code)
        assert says in r.text, url


def test_the_public_timeline_refuses_a_far_date_to_anonymous_visitors(site) -> None:
    _member, anonymous, _ids = site
    assert anonymous.get("/places/Waer/timeline?to=2017-03-10").status_code == 200
    r = anonymous.get("/places/Waer/timeline?to=0001-01-05")
    assert r.status_code == 400 and OUTSIDE in r.text and "text/html" in r.headers["content-type"]


def test_pages_accept_the_first_and_last_supported_days(site) -> None:
    member, _anonymous, ids = site
    for template in _web_urls(ids):
        for day in (EARLIEST, LATEST):
            url = template.format(d=day.isoformat())
            # Accepted: the page, or its 404 when the ceasefire or agreement was not yet known then.
            assert member.get(url, follow_redirects=False).status_code in (200, 404), url


# --- the command line: one line, exit code 2 -----------------------------------------


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["ceasefires", "--as-of", "9999-12-31"], "--as-of"),
        (["agreements", "--as-of", "0.0"], "--as-of"),
        (["documents", "--since", "0001-01-01"], "--since"),
        (["report", "--place", "Waer", "--to", "9999-12-31", "-o", "r.html"], "--to"),
        (["ingest", "nothing.txt", "--published", "1700000000"], "--published"),
    ],
)
def test_cli_date_options_fail_with_one_line(tmp_path: Path, args: list[str], option: str) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    result = CliRunner().invoke(cli_app, ["--db", db, *args], env={"TRUCEWATCH_DATABASE_URL": ""})
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert option in lines[0] and ("not a date" in lines[0] or OUTSIDE in lines[0])


def test_today_is_the_utc_day_whatever_the_server_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt
    import time

    from trucewatch import days
    from trucewatch.web import views

    try:
        for zone in ("Etc/GMT-14", "Etc/GMT+12"):  # UTC+14 and UTC-12: one of them is on another day
            monkeypatch.setenv("TZ", zone)
            time.tzset()
            utc = dt.datetime.now(dt.UTC).date()
            assert days.today() == utc
            assert views._as_of(None) == utc  # the pages' default "as of" is the API's
    finally:
        monkeypatch.undo()
        time.tzset()
