"""Keyset pages over many events: every filter walks every match exactly once, in the documented order.

Synthetic events (random types, days and districts, with ties on the same
day) are written through the store; the expected lists are computed here in
Python from the same events, independently of the SQL the API builds.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from api_helpers import auth, client, tokens
from trucewatch.model import Event, EventType, Place, Precision, When
from trucewatch.store import Store, save_event, upsert_places

TYPES = [EventType("attack.shelling"), EventType("aid.delivered"), EventType("attack.airstrike")]
DISTRICTS = ["ct_a", "ct_b", "ct_c"]


@pytest.fixture
def many(store: Store) -> tuple[Store, list[Event], str]:
    rng = random.Random(11)
    places = [
        Place("Synthetic Land", kind="country", id="land"),
        Place("Synthetic City", kind="city", parent_id="land", id="city"),
        *(Place(f"District {d}", kind="neighbourhood", parent_id="city", id=d) for d in DISTRICTS),
        Place("Elsewhere", kind="city", parent_id="land", id="other"),
    ]
    events: list[Event] = []
    base = dt.datetime(2017, 1, 1)
    for i in range(90):
        when = None
        if i % 9:  # some undated events, which a date filter leaves out
            when = When(base + dt.timedelta(days=rng.randrange(0, 40)), Precision.DAY)
        if i % 13 == 0 and when is not None:  # a range that straddles the windows below
            when = When(
                base + dt.timedelta(days=rng.randrange(0, 10)),
                Precision.DAY,
                end=base + dt.timedelta(days=35),
            )
        events.append(
            Event(
                type=rng.choice(TYPES),
                claim_ids=(),
                when=when,
                place_id=rng.choice([*DISTRICTS, "city", "other"]),
                id=f"evt_{i:04d}_{rng.randrange(10**6):06d}",
            )
        )
    with store.session() as s:
        upsert_places(s, places)
        for e in events:
            save_event(s, e)
    return store, events, tokens(store)["viewer"]


def _last(e: Event) -> dt.datetime | None:
    assert e.when is not None
    return e.when.end if e.when.end else e.when.start + dt.timedelta(days=1)


def _expected(events: list[Event], params: dict[str, Any]) -> list[str]:
    since, until = params.get("since"), params.get("until")
    places = {"city": {"city", *DISTRICTS}, "ct_b": {"ct_b"}}.get(params.get("place", ""))
    out = []
    for e in events:
        if params.get("type") and e.type.value != params["type"]:
            continue
        if places is not None and e.place_id not in places:
            continue
        if since or until:
            if e.when is None:
                continue
            if since and not (_last(e) or dt.datetime.max) > dt.datetime.fromisoformat(since):
                continue
            if until and not e.when.start < dt.datetime.fromisoformat(until) + dt.timedelta(days=1):
                continue
        out.append(e)
    if since or until:  # newest first, ties by id descending
        out.sort(key=lambda e: (e.when.start if e.when else dt.datetime.min, e.id or ""), reverse=True)
    else:
        out.sort(key=lambda e: e.id or "")
    return [e.id or "" for e in out]


def _walk(c: Any, token: str, params: dict[str, Any], limit: int) -> list[str]:
    seen: list[str] = []
    cursor = None
    for _ in range(200):
        query = {**params, "limit": limit, **({"cursor": cursor} if cursor else {})}
        r = c.get("/api/events", params=query, headers=auth(token))
        assert r.status_code == 200, r.text
        page = r.json()
        assert len(page["items"]) <= limit
        seen += [x["id"] for x in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            return seen
    raise AssertionError("the pages never ended")


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"type": "attack.shelling"},
        {"place": "city"},
        {"place": "ct_b", "exact_place": "true"},
        {"since": "2017-01-20", "until": "2017-01-31"},
        {"since": "2017-01-25"},
        {"until": "2017-01-05"},
        {"type": "aid.delivered", "place": "city", "since": "2017-01-03", "until": "2017-02-01"},
    ],
)
def test_pages_walk_every_match_once_in_order(many, params):
    store, events, token = many
    if params.get("exact_place"):
        expected = _expected(events, {k: v for k, v in params.items() if k != "exact_place"})
    else:
        expected = _expected(events, params)
    assert expected, "the synthetic data should match every filter here"
    with client(store) as c:
        for limit in (1, 4, 500):
            assert _walk(c, token, params, limit) == expected


def test_a_cursor_from_another_ordering_is_refused(many):
    store, _events, token = many
    with client(store) as c:
        by_id = c.get("/api/events?limit=2", headers=auth(token)).json()["next_cursor"]
        by_date = c.get("/api/events?limit=2&since=2017-01-02", headers=auth(token)).json()["next_cursor"]
        wrong1 = c.get(f"/api/events?limit=2&since=2017-01-02&cursor={by_id}", headers=auth(token))
        wrong2 = c.get(f"/api/events?limit=2&cursor={by_date}", headers=auth(token))
        claims = c.get(f"/api/claims?limit=2&since=2017-01-02&cursor={by_id}", headers=auth(token))
    assert wrong1.status_code == wrong2.status_code == claims.status_code == 400
    assert "cursor" in wrong1.json()["detail"]
