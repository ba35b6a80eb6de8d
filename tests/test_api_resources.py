"""Resources over real HTTP: filters, pagination, redaction of confidential sources, audit, writes."""

from __future__ import annotations

import pytest

from api_helpers import GOV, SECRET_SOURCE, SECRET_TEXT, SECRET_URL, auth, client
from trucewatch.store import Store, get_claim
from trucewatch.store.accounts import audit_entries


def _confidential_reads(store: Store, user: str) -> list:
    with store.session() as session:
        return [e for e in audit_entries(session, user_name=user) if e.action == "confidential.read"]


# --- filters and pages -------------------------------------------------------------


def test_claims_filter_by_place_including_the_places_inside_it(world):
    store, _sd, toks = world
    with client(store) as c:
        inside = c.get("/api/claims?place=cap", headers=auth(toks["analyst"])).json()["items"]
        exact = c.get("/api/claims?place=cap&exact_place=true", headers=auth(toks["analyst"])).json()["items"]
        far = c.get("/api/claims?place=far", headers=auth(toks["analyst"])).json()["items"]
    assert {x["place"]["id"] for x in inside} == {"north"} and len(inside) == 3
    assert exact == []
    assert [x["type"] for x in far] == ["aid.delivered"]


def test_claims_filter_by_type_actor_status_and_dates(world):
    store, sd, toks = world
    h = auth(toks["analyst"])
    with client(store) as c:
        shelling = c.get("/api/claims?type=attack.shelling", headers=h).json()["items"]
        both = c.get("/api/claims?type=attack.shelling&type=aid.delivered", headers=h).json()["items"]
        by_gov = c.get("/api/claims", params={"actor": GOV}, headers=h).json()["items"]
        march9 = c.get("/api/claims?since=2017-03-09&until=2017-03-09", headers=h).json()["items"]
        confirmed = c.get("/api/claims?status=confirmed", headers=h).json()["items"]
        swapped = c.get("/api/claims?since=2017-03-10&until=2017-03-01", headers=h)
    assert len(shelling) == 2 and len(both) == 3
    assert len(by_gov) == 3
    assert [x["id"] for x in march9] == [sd.secret_claims[1]]
    assert confirmed == []
    assert swapped.status_code == 422 and "swap" in swapped.json()["detail"]


def test_pages_follow_the_cursor_without_gaps_or_repeats(world):
    store, _, toks = world
    seen: list[str] = []
    with client(store) as c:
        url = "/api/claims?limit=1"
        while True:
            page = c.get(url, headers=auth(toks["viewer"])).json()
            assert len(page["items"]) <= 1
            seen += [x["id"] for x in page["items"]]
            if page["next_cursor"] is None:
                break
            url = f"/api/claims?limit=1&cursor={page['next_cursor']}"
        everything = c.get("/api/claims?limit=500", headers=auth(toks["viewer"])).json()
    assert seen == [x["id"] for x in everything["items"]]
    assert len(seen) == 4 and len(set(seen)) == 4


def test_agreement_shows_compliance_from_the_ledger(world):
    store, sd, toks = world
    with client(store) as c:
        a = c.get("/api/agreements/agr_test?as_of=2017-04-01", headers=auth(toks["analyst"])).json()
        by_agreement = c.get("/api/claims?agreement=agr_test", headers=auth(toks["analyst"])).json()["items"]
    (row,) = a["compliance"]
    assert (row["delivered"], row["target"], row["status"]) == (194, 7300, "partial")
    assert row["by_source"][0]["source"] == SECRET_SOURCE
    assert [x["id"] for x in by_agreement] == [sd.secret_claims[0]]


def test_ceasefire_lists_violations_and_siege_its_access_log(world):
    store, sd, toks = world
    with client(store) as c:
        cf = c.get("/api/ceasefires/cf_test?as_of=2017-03-10", headers=auth(toks["viewer"])).json()
        sg = c.get("/api/sieges/sg_test?as_of=2017-03-10", headers=auth(toks["viewer"])).json()
        missing = c.get("/api/ceasefires/cf_nothing", headers=auth(toks["viewer"]))
    assert cf["violations"]["count"] == 1
    assert cf["violations"]["violations"][0]["claim_ids"] == [sd.secret_claims[1]]
    assert [h["type"] for h in sg["access"]["aid_log"]] == ["aid.delivered"]
    assert missing.status_code == 404 and "/api/ceasefires" in missing.json()["detail"]


def test_violation_counts_of_a_page_of_ceasefires_are_the_ledgers(world):
    """/api/ceasefires/violations (counted in SQL) gives each ceasefire's figures of
    /api/ceasefires/{id} (the Python ledger), for either audience; public read is refused."""
    store, _, toks = world
    with client(store, public_read=True) as c:
        for role in ("analyst", "viewer"):
            headers = auth(toks[role])
            page = c.get("/api/ceasefires/violations?as_of=2017-03-10", headers=headers)
            assert page.status_code == 200, page.text
            items = page.json()["items"]
            assert [x["ceasefire_id"] for x in items] == [
                x["id"] for x in c.get("/api/ceasefires?as_of=2017-03-10", headers=headers).json()["items"]
            ]
            for item in items:
                one = c.get(f"/api/ceasefires/{item['ceasefire_id']}?as_of=2017-03-10", headers=headers)
                v = one.json()["violations"]
                assert (item["count"], item["uncertain"], item["by_perpetrator"], item["per_day"]) == (
                    v["count"],
                    len(v["possible"]),
                    v["by_perpetrator"],
                    v["per_day"],
                )
            assert any(x["count"] for x in items), "the world has a violation to count"
        refused = c.get("/api/ceasefires/violations")
    assert refused.status_code == 403


# --- confidential sources ------------------------------------------------------------


@pytest.mark.parametrize("role", ["viewer", "public"])
def test_confidential_document_never_shows_source_url_or_text_to_viewers_or_public(world, role):
    store, sd, toks = world
    headers = auth(toks[role]) if role in toks else {}
    with client(store, public_read=True) as c:
        bodies = [
            c.get(f"/api/documents/{sd.secret_doc}", headers=headers).text,
            c.get("/api/documents", headers=headers).text,
            c.get("/api/claims", headers=headers).text,
            c.get(f"/api/claims/{sd.secret_claims[0]}", headers=headers).text,
            c.get("/api/agreements/agr_test", headers=headers).text,
            c.get("/api/ceasefires/cf_test", headers=headers).text,
        ]
        doc = c.get(f"/api/documents/{sd.secret_doc}", headers=headers).json()
        claim = c.get(f"/api/claims/{sd.secret_claims[0]}", headers=headers).json()
        by_source = c.get("/api/documents", params={"source": SECRET_SOURCE}, headers=headers).json()
    for body in bodies:
        assert SECRET_SOURCE not in body
        assert SECRET_URL not in body
        assert "CONFIDENTIAL INTERVIEW" not in body and "194 detainees were freed" not in body
    assert doc["status"] == 404  # the document itself is not there at all, as if it did not exist
    if role == "public":  # public read shows only public sources: nor are its claims
        assert claim["status"] == 404
    else:
        assert claim["source"] == "confidential source" and claim["quotes"] is None
        assert claim["document_id"] is None  # no way back to the document
        assert claim["quantities"][0]["value"] == 194  # the claim itself may show
    assert by_source["items"] == []  # a filter must not confirm who the source is


@pytest.mark.parametrize("role", ["admin", "analyst"])
def test_analysts_and_admins_see_confidential_sources(world, role):
    store, sd, toks = world
    with client(store) as c:
        doc = c.get(f"/api/documents/{sd.secret_doc}", headers=auth(toks[role])).json()
        claim = c.get(f"/api/claims/{sd.secret_claims[0]}", headers=auth(toks[role])).json()
    assert doc["text"] == SECRET_TEXT and doc["url"] == SECRET_URL and not doc["redacted"]
    assert claim["source"] == SECRET_SOURCE and claim["quotes"] == ["194 detainees were freed"]


@pytest.mark.parametrize("role", ["admin", "analyst", "viewer"])
def test_every_read_of_confidential_material_is_audited(world, role):
    store, sd, toks = world
    with client(store) as c:
        c.get(f"/api/documents/{sd.secret_doc}", headers=auth(toks[role]))
        c.get("/api/claims?place=north", headers=auth(toks[role]))
        c.get(f"/api/documents/{sd.open_doc}", headers=auth(toks[role]))
        c.get("/api/claims?place=far", headers=auth(toks[role]))  # nothing confidential there
    reads = _confidential_reads(store, f"{role}1")
    if role == "viewer":  # the document is "not found" for a viewer: only its claims were shown
        assert [e.resource_id for e in reads] == [sd.secret_doc]
        assert {e.after["via"] for e in reads} == {"claims"}
    else:
        assert [e.resource_id for e in reads] == [sd.secret_doc, sd.secret_doc]
        assert {e.after["via"] for e in reads} == {"documents", "claims"}
    assert all(e.after["redacted"] == (role == "viewer") for e in reads)
    assert all(e.role == role for e in reads)


def test_anonymous_callers_reach_no_confidential_material_so_none_is_audited(world):
    store, sd, _ = world
    with client(store, public_read=True) as c:  # only public, open sources show (test_sources.py)
        assert c.get(f"/api/claims/{sd.secret_claims[0]}").status_code == 404
        assert c.get(f"/api/documents/{sd.secret_doc}").status_code == 404
    assert _confidential_reads(store, "anonymous") == []


# --- writes ----------------------------------------------------------------------------


def test_confirming_a_claim_writes_it_and_its_audit_entry(world):
    store, sd, toks = world
    cid = sd.open_claims[0]
    with client(store) as c:
        r = c.patch(f"/api/claims/{cid}", json={"status": "rejected"}, headers=auth(toks["analyst"]))
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    with store.session() as session:
        assert get_claim(session, cid).status.value == "rejected"
        (entry,) = audit_entries(session, action="claim.review")
    assert entry.user_name == "analyst1" and entry.resource_id == cid
    assert entry.before["status"] == "proposed" and entry.after["status"] == "rejected"


def test_correcting_a_claim_changes_its_fields_and_confirms_it(world):
    store, sd, toks = world
    cid = sd.open_claims[1]
    body = {"place_id": "north", "quantities": [{"kind": "trucks", "value": 41}]}
    with client(store) as c:
        r = c.patch(f"/api/claims/{cid}", json=body, headers=auth(toks["analyst"]))
        bad_place = c.patch(f"/api/claims/{cid}", json={"place_id": "nowhere"}, headers=auth(toks["analyst"]))
    assert r.status_code == 200
    assert (r.json()["place"]["id"], r.json()["quantities"][0]["value"], r.json()["status"]) == (
        "north",
        41,
        "confirmed",
    )
    assert r.json()["evidence"]  # the evidence stays
    assert bad_place.status_code == 422
    with store.session() as session:
        assert get_claim(session, cid).place_id == "north"
        assert len(audit_entries(session, action="claim.review")) == 1  # the refused one left no trace


def test_merging_claims_makes_one_event(world):
    store, sd, toks = world
    shelling = [sd.open_claims[0], sd.secret_claims[1]]
    with client(store) as c:
        r = c.post("/api/events", json={"claim_ids": shelling}, headers=auth(toks["analyst"]))
        mixed = c.post("/api/events", json={"claim_ids": sd.open_claims}, headers=auth(toks["analyst"]))
        events = c.get("/api/events?type=attack.shelling", headers=auth(toks["viewer"])).json()["items"]
        by_actor = c.get("/api/events", params={"actor": GOV}, headers=auth(toks["viewer"])).json()["items"]
    assert r.status_code == 201
    assert sorted(r.json()["claim_ids"]) == sorted(shelling) and r.json()["when"]["iso"] == "2017-03-06"
    assert mixed.status_code == 422 and "different types" in mixed.json()["detail"]
    assert [e["id"] for e in events] == [r.json()["id"]] == [e["id"] for e in by_actor]
    with store.session() as session:
        assert get_claim(session, shelling[1]).event_id == r.json()["id"]
        assert [e.action for e in audit_entries(session, user_name="analyst1")] == ["event.merge"]


def test_agreements_are_created_and_edited_with_audit_before_and_after(world):
    store, _, toks = world
    h = auth(toks["analyst"])
    body = {
        "kind": "evacuation",
        "title": "Synthetic evacuation deal",
        "place_id": "far",
        "reached": {"start": "2017-01-05T00:00:00", "precision": "day"},
        "commitments": [
            {"obligated": "Synthetic rebels", "action": "evacuate", "target": 600, "unit": "fighters"}
        ],
    }
    with client(store) as c:
        created = c.post("/api/agreements", json=body, headers=h)
        aid = created.json()["id"]
        cid = created.json()["commitments"][0]["id"]
        edited = c.patch(
            f"/api/agreements/{aid}",
            json={
                "commitments": [
                    {"id": cid, "obligated": "Synthetic rebels", "action": "evacuate", "target": 700}
                ]
            },
            headers=h,
        )
        listed = c.get("/api/agreements?place=sy", headers=h).json()["items"]
    assert created.status_code == 201 and edited.status_code == 200
    assert edited.json()["commitments"][0]["target"] == 700 and edited.json()["commitments"][0]["id"] == cid
    assert aid in [a["id"] for a in listed]
    with store.session() as session:
        entries = audit_entries(session, resource_id=aid)
    assert [e.action for e in entries] == ["agreement.edit", "agreement.create"]
    assert entries[0].before["commitments"][0]["target"] == 600
    assert entries[0].after["commitments"][0]["target"] == 700


def test_commitment_ids_of_another_agreement_or_given_twice_are_refused(world):
    # Found by schemathesis on PostgreSQL: a client-chosen commitment id that another agreement
    # already used was a primary-key violation (HTTP 500) instead of a clear 422.
    store, _, toks = world
    h = auth(toks["analyst"])
    term = {"id": "cmt_synthetic", "obligated": "Synthetic rebels", "action": "evacuate"}
    body = {"kind": "evacuation", "title": "Synthetic deal", "commitments": [term]}
    with client(store) as c:
        first = c.post("/api/agreements", json=body, headers=h)
        second = c.post("/api/agreements", json=body, headers=h)
        new_term = {**term, "id": "cmt_synthetic_2"}
        twice = c.post("/api/agreements", json={**body, "commitments": [new_term, new_term]}, headers=h)
        other = c.post("/api/agreements", json={**body, "commitments": []}, headers=h).json()["id"]
        stolen = c.patch(f"/api/agreements/{other}", json={"commitments": [term]}, headers=h)
        kept = c.patch(f"/api/agreements/{first.json()['id']}", json={"commitments": [term]}, headers=h)
    assert first.status_code == 201 and kept.status_code == 200
    assert second.status_code == twice.status_code == stolen.status_code == 422
    assert "another agreement" in second.json()["detail"] and "twice" in twice.json()["detail"]
    with store.session() as session:
        assert [a.action for a in audit_entries(session) if a.action.startswith("agreement.")].count(
            "agreement.create"
        ) == 2  # the refused ones stored nothing


def test_upload_stores_the_report_and_audits_it(world):
    store, _, toks = world
    text = b"SYNTHETIC UPLOAD. A local truce was agreed in the north district on 2 March 2017."
    with client(store) as c:
        r = c.post(
            "/api/documents",
            files={"file": ("report.txt", text, "text/plain")},
            data={"source": "Synthetic Upload Wire", "published": "2017-03-03"},
            headers=auth(toks["analyst"]),
        )
        again = c.post(
            "/api/documents", files={"file": ("copy.txt", text, "text/plain")}, headers=auth(toks["analyst"])
        )
        doc = c.get(f"/api/documents/{r.json()['documents'][0]['id']}", headers=auth(toks["viewer"])).json()
    assert r.status_code == 201 and r.json()["created"] == [True]
    assert again.json()["created"] == [False]  # deduplicated by content
    assert doc["text"] == text.decode() and doc["origin"] == "upload:report.txt"
    assert doc["source"]["name"] == "Synthetic Upload Wire" and doc["published"] == "2017-03-03"
    with store.session() as session:
        (entry,) = audit_entries(session, action="document.create")
    assert entry.resource_id == doc["id"] and entry.user_name == "analyst1"


def test_audit_api_pages_back_and_filters(world):
    store, sd, toks = world
    with client(store) as c:
        for _ in range(3):  # a viewer's reads of a confidential document's claims (redacted)
            c.get(f"/api/claims/{sd.secret_claims[0]}", headers=auth(toks["viewer"]))
        first = c.get("/api/audit?limit=2", headers=auth(toks["admin"])).json()
        older = c.get(f"/api/audit?limit=2&before={first[-1]['id']}", headers=auth(toks["admin"])).json()
        mine = c.get("/api/audit?user=viewer1&action=confidential.read", headers=auth(toks["admin"])).json()
    assert len(first) == 2 and len(older) == 1
    assert first[0]["id"] > first[1]["id"] > older[0]["id"]
    assert first[0]["at"].endswith(("Z", "+00:00"))
    assert len(mine) == 3 and {e["resource_id"] for e in mine} == {sd.secret_doc}
