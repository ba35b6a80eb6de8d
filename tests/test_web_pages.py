"""The web pages over real HTTP (no browser): exports, reports and their audit, redaction details.

All report text is synthetic (see api_helpers).
"""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from api_helpers import REBELS, SECRET_SOURCE, client, seed, tokens
from trucewatch import store as st
from trucewatch.model import Ceasefire, Precision, Status, When
from trucewatch.store import Store
from trucewatch.store.accounts import audit_entries

PASSWORD = "a long synthetic password"  # api_helpers.tokens gives every account this one


@pytest.fixture
def world(store: Store):
    sd = seed(store)
    tokens(store)  # the accounts admin1, analyst1, viewer1
    return store, sd


def _login(c: TestClient, role: str) -> None:
    r = c.post("/login", data={"name": f"{role}1", "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 303, r.text


def _reads(store: Store, user: str) -> list:
    with store.session() as session:
        return [e for e in audit_entries(session, user_name=user) if e.action == "confidential.read"]


def test_export_of_an_unknown_place_is_404_not_everything(world):
    store, _sd = world
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
    store, sd = world
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
        ("place=cap&from=2017-13-01", 422, "YYYY-MM-DD"),
        ("place=cap&to=soon", 422, "YYYY-MM-DD"),
        ("place=cap&from=2017-04-01&to=2017-03-01", 422, "after"),
        ("place=Atlantis", 404, "Atlantis"),
    ],
)
def test_report_errors_say_what_is_wrong(world, query, status, says):
    store, _sd = world
    with client(store) as c:
        _login(c, "viewer")
        r = c.get(f"/report?{query}")
    assert r.status_code == status
    assert says in r.text
    assert _reads(store, "viewer1") == []


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_a_redacted_claim_page_hides_the_publication_date(world, role):
    store, sd = world
    with client(store) as c:
        _login(c, role)
        secret = c.get(f"/claims/{sd.secret_claims[0]}")
        open_ = c.get(f"/claims/{sd.open_claims[0]}")
    assert secret.status_code == 200 and open_.status_code == 200
    assert "published" in open_.text  # the open document's date is always shown
    assert ("published" in secret.text) == (role == "analyst")


def test_overview_links_a_timeline_only_for_a_ceasefire_with_a_place(world):
    store, _sd = world
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
