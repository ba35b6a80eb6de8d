"""The web pages over real HTTP (no browser): exports, reports and their audit, redaction details.

All report text is synthetic (see api_helpers).
"""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from api_helpers import REBELS, SECRET_SOURCE, client
from trucewatch import store as st
from trucewatch.model import Ceasefire, Event, EventType, Precision, Status, When
from trucewatch.store import Store
from trucewatch.store.accounts import audit_entries
from trucewatch.store.sources import update_source

PASSWORD = "a long synthetic password"  # api_helpers.tokens gives every account this one


def _login(c: TestClient, role: str) -> None:
    r = c.post("/login", data={"name": f"{role}1", "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 303, r.text


def _reads(store: Store, user: str) -> list:
    with store.session() as session:
        return [e for e in audit_entries(session, user_name=user) if e.action == "confidential.read"]


def test_export_of_an_unknown_place_is_404_not_everything(world):
    store, _sd, _ = world
    with client(store) as c:
        _login(c, "analyst")
        unknown = c.get("/export?format=json&place=Atlantis")
        far = c.get("/export?format=json&place=Faraway")
        everywhere = c.get("/export?format=json")
    assert unknown.status_code == 404 and "Atlantis" in unknown.text
    assert [r["type"] for r in far.json()["records"]] == ["aid.delivered"]
    assert len(everywhere.json()["records"]) == 4


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_the_report_audits_the_confidential_documents_it_read(world, role):
    store, sd, _ = world
    with client(store) as c:
        _login(c, role)
        r = c.get("/report?place=Capital")
    assert r.status_code == 200
    assert (SECRET_SOURCE in r.text) == (role == "analyst")
    (entry,) = _reads(store, f"{role}1")
    assert entry.resource_id == sd.secret_doc
    assert entry.after == {"via": "web:report", "via_id": "cap", "redacted": role == "viewer"}


@pytest.mark.parametrize(
    ("query", "status", "says"),
    [
        ("place=cap&from=2017-13-01", 400, "YYYY-MM-DD"),
        ("place=cap&to=soon", 400, "YYYY-MM-DD"),
        ("place=cap&from=2017-04-01&to=2017-03-01", 422, "after"),
        ("place=Atlantis", 404, "Atlantis"),
    ],
)
def test_report_errors_say_what_is_wrong(world, query, status, says):
    store, _sd, _ = world
    with client(store) as c:
        _login(c, "viewer")
        r = c.get(f"/report?{query}")
    assert r.status_code == status
    assert says in r.text
    assert _reads(store, "viewer1") == []


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_a_redacted_claim_page_hides_the_publication_date(world, role):
    store, sd, _ = world
    with client(store) as c:
        _login(c, role)
        secret = c.get(f"/claims/{sd.secret_claims[0]}")
        open_ = c.get(f"/claims/{sd.open_claims[0]}")
    assert secret.status_code == 200 and open_.status_code == 200
    assert "published" in open_.text  # the open document's date is always shown
    assert ("published" in secret.text) == (role == "analyst")


def test_overview_links_a_timeline_only_for_a_ceasefire_with_a_place(world):
    store, _sd, _ = world
    with store.session() as session:
        st.save_ceasefire(
            session,
            Ceasefire(
                When(dt.datetime(2017, 2, 1), Precision.DAY),
                place_id=None,
                parties=(REBELS,),
                status=Status.CONFIRMED,
                id="cf_nowhere",
            ),
        )
    with client(store) as c:
        _login(c, "viewer")
        html = c.get("/").text
    assert "/ceasefires/cf_nowhere" in html  # the placeless ceasefire is listed
    assert "/places/cap/timeline" in html
    assert "/places/None/" not in html and "/places//" not in html
    assert html.count("/timeline") == 1


# --- anonymous public read: the API's rule on every page -----------------------


@pytest.fixture
def public_world(world):
    """Open Wire marked public; the confidential source stays out of public read."""
    store, sd, _ = world
    with store.session() as session:
        update_source(session, "Open Wire", public=True, actor="cli:test")
        mixed = st.save_event(
            session,
            Event(EventType.ATTACK_SHELLING, (sd.open_claims[0], sd.secret_claims[1]), id="ev_mixed"),
        )
        open_ = st.save_event(session, Event(EventType.ATTACK_SHELLING, (sd.open_claims[0],), id="ev_open"))
    return store, sd, mixed, open_


@pytest.mark.parametrize(
    "path",
    ["/", "/ceasefires/{ceasefire}", "/agreements/{agreement}", "/report?place=cap", "/export?format=json"],
)
def test_public_read_refuses_ledger_report_and_export_pages_as_the_api_does(public_world, path):
    store, sd, _, _ = public_world
    url = path.format(ceasefire=sd.ceasefire, agreement=sd.agreement)
    with client(store, public_read=True) as c:
        r = c.get(url, follow_redirects=False)
        api = c.get(f"/api/ceasefires/{sd.ceasefire}")
    assert api.status_code == 403  # the rule the pages follow
    assert r.status_code == 403
    assert "need an account" in r.text and "/login?next=" in r.text
    assert "Open Wire" not in r.text and SECRET_SOURCE not in r.text


def test_public_read_shows_only_claims_and_events_of_public_documents(public_world):
    store, sd, mixed, open_ = public_world
    with client(store, public_read=True) as c:
        public_claim = c.get(f"/claims/{sd.open_claims[0]}")
        secret_claim = c.get(f"/claims/{sd.secret_claims[1]}")
        public_event = c.get(f"/events/{open_}")
        mixed_event = c.get(f"/events/{mixed}")
        missing = c.get("/claims/no-such-claim")
    assert public_claim.status_code == 200 and "Open Wire" in public_claim.text
    assert secret_claim.status_code == 404 and SECRET_SOURCE not in secret_claim.text
    assert public_event.status_code == 200
    assert mixed_event.status_code == 404 and SECRET_SOURCE not in mixed_event.text
    assert secret_claim.text.replace(sd.secret_claims[1], "") == missing.text.replace("no-such-claim", "")


def test_public_read_hides_a_source_not_marked_public(world):
    store, sd, _ = world  # nothing marked public: Open Wire is not confidential, but not published either
    with client(store, public_read=True) as c:
        assert c.get(f"/claims/{sd.open_claims[0]}").status_code == 404
        _login(c, "viewer")
        assert c.get(f"/claims/{sd.open_claims[0]}").status_code == 200


def _map_total(c: TestClient) -> int:
    data = c.get("/map/events.geojson").json()
    return sum(f["properties"]["count"] for f in data["features"]) + data["unmapped"]


def test_public_read_map_claims_and_timeline_count_only_public_claims(public_world):
    store, sd, _, _ = public_world
    with client(store, public_read=True) as c:
        anonymous = _map_total(c)
        listed = c.get("/places/north/claims?type=attack.shelling").text
        line = c.get("/places/cap/timeline?to=2017-03-31&days=60").text
        _login(c, "viewer")
        viewer = _map_total(c)
        viewer_line = c.get("/places/cap/timeline?to=2017-03-31&days=60").text
    assert viewer == 4 and anonymous == 2  # Open Wire's two claims; the confidential source's two left out
    assert f"/claims/{sd.open_claims[0]}" in listed
    assert f"/claims/{sd.secret_claims[1]}" not in listed
    assert f"/claims/{sd.open_claims[0]}" in line and f"/claims/{sd.secret_claims[1]}" not in line
    assert f"/claims/{sd.secret_claims[1]}" in viewer_line  # the viewer's page does list it
