"""The overview's "new since your last visit" (web/visits.py, store.search.arrivals_since), over
real HTTP through the ASGI app on a real SQLite file."""

from __future__ import annotations

import datetime as dt
import re

from api_helpers import client
from trucewatch.web import visits

PASSWORD = "a long synthetic password"
NOON = dt.datetime(2024, 5, 6, 12, 0)


def test_views_a_short_pause_apart_are_one_visit_and_a_long_pause_starts_the_next() -> None:
    first = visits.visit(None, NOON)
    assert first.since is None
    later = visits.visit(first.cookie(), NOON + dt.timedelta(minutes=20))
    assert later.since is None  # the same visit
    next_day = visits.visit(later.cookie(), NOON + dt.timedelta(days=1))
    assert next_day.since == NOON + dt.timedelta(minutes=20)  # the end of the visit before
    again = visits.visit(next_day.cookie(), NOON + dt.timedelta(days=1, minutes=5))
    assert again.since == next_day.since  # still that visit: the same news
    for forged in (
        "<script>|x",
        "|2999-01-01T00:00:00",
        "2024-05-06T12:00:00+02:00|2024-05-06T12:00:00+02:00",
        "x" * 500,
    ):
        assert visits.visit(forged, NOON).since is None  # anything odd is a first visit


def _new_since(c, since: dt.datetime) -> str:
    c.cookies.set(visits.COOKIE, visits.Visit(None, since).cookie())
    page = c.get("/")
    found = re.search(r'<p id="since-last-visit".*?</p>', page.text, re.S)
    assert found is not None, page.text[:500]
    return re.sub(r"<[^>]+>", "", found.group(0))


def test_the_overview_tells_what_came_in_since_the_last_visit_and_a_viewer_counts_no_secret(sqlite_world):
    store, _, _ = sqlite_world
    long_ago = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(hours=3)
    with client(store) as c:
        assert c.post("/login", data={"name": "viewer1", "password": PASSWORD}).status_code == 200
        first = c.get("/")
        assert 'id="since-last-visit"' not in first.text and visits.COOKIE in first.headers["set-cookie"]
        viewer = _new_since(c, long_ago)
        c.cookies.set(visits.COOKIE, visits.Visit(None, long_ago).cookie())
        dated = c.get("/?as_of=2017-03-10")  # a view of the past says nothing of arrivals
    with client(store) as c:
        assert c.post("/login", data={"name": "analyst1", "password": PASSWORD}).status_code == 200
        analyst = _new_since(c, long_ago)
    assert 'id="since-last-visit"' not in dated.text
    documents = {
        who: int(re.search(r"(\d+) new documents", text)[1])
        for who, text in (("viewer", viewer), ("analyst", analyst))
    }
    claims = {
        who: int(re.search(r"(\d+) new claims", text)[1])
        for who, text in (("viewer", viewer), ("analyst", analyst))
    }
    assert (
        documents["analyst"] == documents["viewer"] + 1
    )  # the confidential report: counted for analysts only
    assert claims["viewer"] == claims["analyst"] > 0  # viewers see every claim, redacted
