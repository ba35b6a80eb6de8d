"""Incidents entered by hand (trucewatch.incidents): through the API (real HTTP through the ASGI
app) and the Python API, on SQLite and PostgreSQL. Descriptions written for these tests."""

from __future__ import annotations

from api_helpers import auth, client
from trucewatch import Trucewatch
from trucewatch.store.accounts import audit_entries

BODY = {
    "type": "attack.shelling",
    "description": "Caller from the old market: mortar rounds hit the bakery queue at about 7 am.",
    "when": {"start": "2017-03-09", "precision": "day"},
    "actors": [{"actor": "Synthetic government", "role": "perpetrator"}],
    "quantities": [{"kind": "killed", "value": 2, "qualifier": "at_least"}],
    "source": "Field team (synthetic)",
}


def test_an_incident_entered_by_hand_is_a_confirmed_claim_with_its_words_as_evidence(world):
    store, _, toks = world
    analyst, viewer = auth(toks["analyst"]), auth(toks["viewer"])
    with client(store) as c:
        made = c.post("/api/claims", json=BODY, headers=analyst)
        again = c.post("/api/claims", json=BODY, headers=analyst)
        listed = c.get("/api/claims?type=attack.shelling&since=2017-03-09&until=2017-03-09", headers=viewer)
        refused = c.post("/api/claims", json=BODY, headers=viewer)
        unknown = c.post("/api/claims", json={**BODY, "place_id": "nowhere"}, headers=analyst)
        empty = c.post("/api/claims", json={**BODY, "description": "   "}, headers=analyst)
        hostile = c.post("/api/claims", json={**BODY, "type": "attack.<script>"}, headers=analyst)
    assert made.status_code == 201, made.text
    claim = made.json()
    assert claim["status"] == "confirmed" and claim["source"] == "Field team (synthetic)"
    assert [(q["kind"], q["value"], q["qualifier"]) for q in claim["quantities"]] == [
        ("killed", 2, "at_least")
    ]
    (span,) = claim["evidence"]
    assert (span["start"], span["end"]) == (0, len(BODY["description"]))
    with client(store) as c:
        quoted = c.get(f"/api/claims/{claim['id']}", headers=analyst).json()
    assert quoted["quotes"] == [BODY["description"]]
    assert again.json()["id"] == claim["id"]  # the same words again: the same incident
    assert [i["id"] for i in listed.json()["items"]].count(claim["id"]) == 1
    assert refused.status_code == 403
    assert unknown.status_code == 422 and "nowhere" in unknown.json()["detail"]
    assert empty.status_code == 422 and hostile.status_code == 422
    with store.session() as session:
        created = [e for e in audit_entries(session, action="claim.create")]
    assert len(created) == 2 and created[0].user_name == "analyst1"


def test_a_confidential_incident_names_no_source_to_a_viewer(world):
    store, _, toks = world
    with client(store) as c:
        made = c.post("/api/claims", json={**BODY, "confidential": True}, headers=auth(toks["analyst"]))
        seen = c.get(f"/api/claims/{made.json()['id']}", headers=auth(toks["viewer"]))
    assert made.status_code == 201
    assert seen.status_code == 200 and "Field team" not in seen.text and seen.json()["document_id"] is None


def test_the_python_api_enters_an_incident(tmp_path):
    with Trucewatch(tmp_path / "incidents.db") as tw:
        claim = tw.add_incident(
            "aid.blocked",
            "The convoy of 12 trucks was turned back at the northern checkpoint.",
            when="2019-05-06",
            quantities={"trucks": 12},
        )
        (stored,) = tw.claims(types=["aid.blocked"])
    assert stored.id == claim.id and stored.extractor == "manual" and stored.when is not None
    assert [(q.kind.value, q.value) for q in stored.quantities] == [("trucks", 12)]


def test_an_incident_left_for_review_is_confirmed_by_another_analyst_than_its_author(world):
    store, _, toks = world
    author, other = auth(toks["analyst"]), auth(toks["admin"])
    with client(store) as c:
        made = c.post("/api/claims", json={**BODY, "review": True}, headers=author)
        claim_id = made.json()["id"]
        own = c.patch(f"/api/claims/{claim_id}", json={"status": "confirmed"}, headers=author)
        own_fix = c.patch(f"/api/claims/{claim_id}", json={"type": "attack.clash"}, headers=author)
        still = c.get(f"/api/claims/{claim_id}", headers=author).json()
        confirmed = c.patch(f"/api/claims/{claim_id}", json={"status": "confirmed"}, headers=other)
        withdrawn = c.post(
            "/api/claims", json={**BODY, "description": "A second call.", "review": True}, headers=author
        )
        rejected = c.patch(
            f"/api/claims/{withdrawn.json()['id']}", json={"status": "rejected"}, headers=author
        )
    assert made.status_code == 201 and made.json()["status"] == "proposed"
    assert own.status_code == 403 and "another analyst must confirm it" in own.json()["detail"]
    assert own_fix.status_code == 403  # a correction confirms: refused the same way
    assert (still["status"], still["type"]) == ("proposed", "attack.shelling")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    assert (
        rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    )  # one's own may be withdrawn
