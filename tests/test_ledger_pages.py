"""The ledger's verdicts as the pages and the API show them, over real HTTP through the app.

Report text is synthetic (see api_helpers).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from api_helpers import auth, client
from trucewatch import store as st
from trucewatch.model import Ceasefire, Precision, Status, When

PASSWORD = "a long synthetic password"


@pytest.fixture
def world(sqlite_world):
    """The shared world (SQLite only), with two more ceasefires at Faraway."""
    store, sd, toks = sqlite_world
    with store.session() as session:
        two_days = When(dt.datetime(2016, 7, 6, 12), Precision.HOUR, end=dt.datetime(2016, 7, 8, 12))
        st.save_ceasefire(
            session, Ceasefire(two_days, place_id="far", status=Status.CONFIRMED, id="cf_two_days")
        )
        open_ended = When(dt.datetime(2016, 9, 1), Precision.DAY)
        st.save_ceasefire(
            session, Ceasefire(open_ended, place_id="far", status=Status.CONFIRMED, id="cf_quiet")
        )
    return store, sd, toks


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_48_hour_truce_of_long_ago_reads_ended_not_holding(world):
    store, _sd, _toks = world
    with client(store) as c:
        r = c.post("/login", data={"name": "viewer1", "password": PASSWORD}, follow_redirects=False)
        assert r.status_code == 303
        overview = _text(c.get("/").text)
        page = _text(c.get("/ceasefires/cf_two_days").text)
    card = overview[overview.index("Faraway — from 2016-07-06T12") :][:200]
    assert re.search(r"Ended 2016-07-08T12 ?: 0 violations in 3 days", card) and "Holding" not in card
    assert "until 2016-07-08T12" in page and "Holding" not in page


def test_the_api_gives_the_verdict_the_end_and_the_last_report(world):
    store, sd, toks = world
    analyst = auth(toks["analyst"])
    with client(store) as c:
        ended = c.get("/api/ceasefires/cf_two_days", headers=analyst).json()
        violated = c.get(f"/api/ceasefires/{sd.ceasefire}?as_of=2030-01-01", headers=analyst).json()
        quiet = c.get("/api/ceasefires/cf_quiet?as_of=2030-01-01", headers=analyst).json()
    assert ended["end"]["start"].startswith("2016-07-08T12")
    assert ended["violations"]["verdict"] == "ended"
    assert violated["violations"]["verdict"] == "violated"  # years of silence do not undo a violation
    last = quiet["violations"]["last_report"]
    assert quiet["violations"]["verdict"] == "unknown" and last is not None
    assert quiet["violations"]["verdict_text"] == f"unknown: no reports since {last}"
