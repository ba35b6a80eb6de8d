"""The map's data (one point per place and event type, counted in SQL) and the claim list behind a point.

Real stores (SQLite file, and PostgreSQL when configured); the expected counts are
computed from the stored claims through the store's own listing, not written down.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from synthetic import MAIN_TEXT, SyntheticIds, seed_synthetic
from trucewatch.api.app import create_app
from trucewatch.model import Claim, Document, EventType, Place, Precision, Span, Status, When
from trucewatch.store import (
    Store,
    add_document,
    claim_map,
    list_claims,
    replace_claims,
    set_claim_status,
    upsert_places,
)
from trucewatch.store.accounts import add_user, issue_token

SECRET_WORDS = ("Anonymous negotiator", "Government artillery")  # the confidential source and its quote


@pytest.fixture
def seeded(store: Store) -> Iterator[tuple[Store, SyntheticIds]]:
    with store.session() as s:
        ids = seed_synthetic(s, hostile=True)
        # A place with no coordinates (synthetic), and more claims: two more shellings in Waer,
        # one of them rejected, and one at the place that cannot be drawn.
        upsert_places(
            s, [Place("Unmapped hamlet", "SY", None, None, "village", parent_id="plc_homs", id="plc_x")]
        )
        doc = ids.documents["main"]
        extra = [
            Claim(EventType.ATTACK_SHELLING, doc, (Span(doc, 0, 9),), _day(2017, 3, 11), "Waer", "plc_waer"),
            Claim(EventType.ATTACK_SHELLING, doc, (Span(doc, 0, 10),), _day(2017, 3, 12), "Waer", "plc_waer"),
            Claim(EventType.ATTACK_SHELLING, doc, (Span(doc, 0, 11),), _day(2017, 3, 12), "hamlet", "plc_x"),
            Claim(
                EventType.AID_DELIVERED, doc, (Span(doc, 0, 12),), _day(2017, 3, 1), "Madaya", "plc_madaya"
            ),
        ]
        new = replace_claims(s, doc, "test-extra", "1", extra)
        set_claim_status(s, new[1], Status.REJECTED)
        for name, role in (("ana", "analyst"), ("vic", "viewer")):
            add_user(s, name, role, f"{name}-password-1")
    assert len(MAIN_TEXT) > 12
    yield store, ids


def _day(y: int, m: int, d: int) -> When:
    return When(dt.datetime(y, m, d), Precision.DAY)


def _client(store: Store, name: str) -> TestClient:
    client = TestClient(create_app(store, public_read=False))
    response = client.post(
        "/login", data={"name": name, "password": f"{name}-password-1"}, follow_redirects=False
    )
    assert response.status_code == 303
    return client


def _points(client: TestClient, query: str = "") -> dict[str, Any]:
    response = client.get("/map/events.geojson" + query)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/geo+json")
    data: dict[str, Any] = response.json()
    return data


def _expected(store: Store, place_ids: set[str] | None = None) -> Counter[tuple[str, str]]:
    """(place, type) -> claims, from the store's listing: rejected aside, places with coordinates only."""
    with store.session() as s:
        claims = list_claims(s, place_ids=place_ids)
    drawable = {"plc_waer", "plc_homs", "plc_homs_gov", "plc_madaya", "plc_syria"}
    return Counter(
        (c.place_id, c.type.value) for c in claims if c.status != Status.REJECTED and c.place_id in drawable
    )


def test_one_point_per_place_and_type_with_the_stored_counts(seeded: tuple[Store, SyntheticIds]) -> None:
    store, _ids = seeded
    data = _points(_client(store, "ana"))
    got = Counter(
        {
            (f["properties"]["place_id"], f["properties"]["type"]): f["properties"]["count"]
            for f in data["features"]
        }
    )
    assert got == _expected(store)
    assert (
        got[("plc_waer", "attack.shelling")] == 2
    )  # the confidential one and one more; the rejected one aside
    assert data["unmapped"] == 1  # the hamlet's shelling: counted, not drawn
    waer = next(f for f in data["features"] if f["id"] == "plc_waer|attack.shelling")
    assert waer["geometry"]["coordinates"] == [36.6697, 34.7398]  # RFC 7946: longitude first
    assert (waer["properties"]["first"], waer["properties"]["last"]) == ("2017-03-09", "2017-03-11")
    assert waer["properties"]["claims_url"] == "/places/plc_waer/claims?type=attack.shelling"


def test_filters_place_with_descendants_type_family_and_dates(seeded: tuple[Store, SyntheticIds]) -> None:
    store, _ids = seeded
    client = _client(store, "ana")
    homs = _points(client, "?place=Homs%20city")
    assert {f["properties"]["place_id"] for f in homs["features"]} == {"plc_waer"}  # Waer lies inside
    attacks = _points(client, "?type=attack")
    assert {f["properties"]["type"] for f in attacks["features"]} == {"attack.shelling", "attack.airstrike"}
    march = _points(client, "?from=2017-03-10&to=2017-03-31")
    # and the releases "so far" since August 2016 (open-ended: they may fall in March), as listed
    assert {(f["properties"]["type"], f["properties"]["count"]) for f in march["features"]} == {
        ("attack.shelling", 1),
        ("detainees.released", 1),
    }
    assert _points(client, "?place=nowhere-at-all")["features"] == []
    assert client.get("/map/events.geojson?from=March").status_code == 400


@pytest.mark.parametrize("name", ["ana", "vic"])
def test_points_carry_no_source_or_quote(seeded: tuple[Store, SyntheticIds], name: str) -> None:
    store, _ids = seeded
    text = _client(store, name).get("/map/events.geojson").text
    for word in SECRET_WORDS:
        assert word not in text
    assert "Synthetic Outlet" not in text  # no source at all, confidential or not


def test_the_list_behind_a_point_redacts_for_viewers(seeded: tuple[Store, SyntheticIds]) -> None:
    store, ids = seeded
    for name in ("ana", "vic"):
        page = _client(store, name).get("/places/Waer/claims?type=attack.shelling")
        assert page.status_code == 200
        assert f'href="/claims/{ids.claims["shelling"]}"' in page.text
        assert "2 claims placed at Waer" in page.text
        if name == "vic":
            assert "confidential source" in page.text
            assert not any(word in page.text for word in SECRET_WORDS)
        else:
            assert "Anonymous negotiator" in page.text
    client = _client(store, "ana")
    assert client.get("/places/Waer/claims?type=no.such").status_code == 404
    assert client.get("/places/Atlantis/claims?type=attack.shelling").status_code == 404


def test_the_list_pages_newest_first_to_the_oldest(
    seeded: tuple[Store, SyntheticIds], monkeypatch: pytest.MonkeyPatch
) -> None:
    import re

    from trucewatch.web import views

    store, ids = seeded
    monkeypatch.setattr(views, "TIMELINE_PAGE", 1)
    client = _client(store, "ana")
    seen: list[str] = []
    url: str | None = "/places/Waer/claims?type=attack.shelling"
    while url is not None:
        page = client.get(url)
        assert page.status_code == 200
        seen += re.findall(r'href="/claims/([^"]+)"', page.text)
        older = re.search(r'href="(/places/[^"]+)">Older claims', page.text)
        url = older.group(1).replace("&amp;", "&") if older else None
    with store.session() as s:
        stored = [
            c
            for c in list_claims(s, place_ids={"plc_waer"}, types=[EventType.ATTACK_SHELLING])
            if c.status != Status.REJECTED
        ]
    assert seen == [
        c.id for c in sorted(stored, key=lambda c: c.when.start if c.when else dt.datetime.min, reverse=True)
    ]
    assert ids.claims["shelling"] == seen[-1]  # 9 March, the oldest


def test_the_list_the_map_and_the_api_agree_on_an_open_ended_date(store: Store) -> None:
    """One date-range rule (store.claims.dated_within): a claim dated "since August 2016" could fall
    on any later day, so a 2017 window lists it, draws it on the map and pages it in the API."""
    text = "Since August 2016 the besieged town has been shelled."
    with store.session() as s:
        upsert_places(s, [Place("Tal Sadr", "SY", 35.1, 36.2, "town", id="plc_tal_sadr")])
        doc, _created = add_document(
            s, Document(text, "sha256:open-ended-date-test", published=dt.date(2017, 2, 1))
        )
        since_august = When(dt.datetime(2016, 8, 1), Precision.MONTH, open_ended=True)
        over = When(dt.datetime(2016, 8, 1), Precision.MONTH)  # August 2016 only: outside the window
        claims = [
            Claim(
                EventType.ATTACK_SHELLING, doc, (Span(doc, 0, 17),), since_august, "Tal Sadr", "plc_tal_sadr"
            ),
            Claim(EventType.ATTACK_AIRSTRIKE, doc, (Span(doc, 0, 5),), over, "Tal Sadr", "plc_tal_sadr"),
        ]
        replace_claims(s, doc, "test-dates", "1", claims)
        add_user(s, "ana", "analyst", "ana-password-1")
        _info, token = issue_token(s, "ana")
        since = dt.date(2017, 1, 1)
        listed = Counter((c.place_id, c.type.value) for c in list_claims(s, since=since))
        points, unmapped = claim_map.map_points(s, since=since)
    assert listed == Counter({("plc_tal_sadr", "attack.shelling"): 1})
    assert Counter({(p.place_id, p.type): p.count for p in points}) == listed
    assert unmapped == 0
    client = _client(store, "ana")
    features = _points(client, "?from=2017-01-01&to=2017-06-30")["features"]
    assert [(f["properties"]["type"], f["properties"]["count"]) for f in features] == [("attack.shelling", 1)]
    api = client.get(
        "/api/claims",
        params={"since": "2017-01-01", "until": "2017-06-30"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert api.status_code == 200, api.text
    assert [c["type"] for c in api.json()["items"]] == ["attack.shelling"]
