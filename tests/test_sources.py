"""Managing sources: reliability grades, confidential and public marks, over real HTTP and the CLI.

All report text is synthetic (see api_helpers).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json

import pytest
from typer.testing import CliRunner

import trucewatch.cli.commands  # noqa: F401  (registers every verb)
from api_helpers import OPEN_TEXT, SECRET_SOURCE, SECRET_TEXT, auth, client
from trucewatch import store as st
from trucewatch.cli import app as cli_app
from trucewatch.disclosure import is_public_document
from trucewatch.model import Document, Reliability, Source
from trucewatch.store.accounts import audit_entries
from trucewatch.store.sources import SourceConflict, list_sources, mark_document, update_source

PASSWORD = "a long synthetic password"


def _audit(store: st.Store, action: str) -> list:
    with store.session() as s:
        return audit_entries(s, action=action)


# --- grading -------------------------------------------------------------------------


def test_grading_a_source_shows_on_its_claims_and_documents(world):
    store, seeded, toks = world
    claim = seeded.open_claims[0]
    with client(store) as c:
        assert c.get(f"/api/claims/{claim}", headers=auth(toks["viewer"])).json()["reliability"] == "F"
        r = c.patch("/api/sources/Open Wire", json={"reliability": "B"}, headers=auth(toks["analyst"]))
        assert r.status_code == 200, r.text
        assert r.json()["reliability"] == "B"
        assert c.get(f"/api/claims/{claim}", headers=auth(toks["viewer"])).json()["reliability"] == "B"
        listed = c.get("/api/claims", headers=auth(toks["viewer"])).json()["items"]
        assert {i["reliability"] for i in listed if i["document_id"] == seeded.open_doc} == {"B"}
        doc = c.get(f"/api/documents/{seeded.open_doc}", headers=auth(toks["viewer"])).json()
        assert doc["source"]["reliability"] == "B"
        # The claim page shows the grade too.
        c.post("/login", data={"name": "viewer1", "password": PASSWORD}, follow_redirects=False)
        page = c.get(f"/claims/{claim}").text
        assert 'reliability <strong class="grade">B</strong>' in page
    (entry,) = _audit(store, "source.update")
    assert entry.user_name == "analyst1"
    assert entry.before["reliability"] == "F" and entry.after["reliability"] == "B"


def test_a_confidential_sources_grade_is_not_shown_to_viewers(world):
    store, seeded, toks = world
    with client(store) as c:
        r = c.patch(f"/api/sources/{SECRET_SOURCE}", json={"reliability": "A"}, headers=auth(toks["admin"]))
        assert r.status_code == 200, r.text
        secret_claim = seeded.secret_claims[0]
        assert (
            c.get(f"/api/claims/{secret_claim}", headers=auth(toks["viewer"])).json()["reliability"] is None
        )
        assert (
            c.get(f"/api/claims/{secret_claim}", headers=auth(toks["analyst"])).json()["reliability"] == "A"
        )


@pytest.mark.parametrize("role,status", [("admin", 200), ("analyst", 200), ("viewer", 403)])
def test_only_analysts_and_admins_may_change_sources_and_documents(world, role, status):
    store, seeded, toks = world
    with client(store) as c:
        r = c.patch("/api/sources/Open Wire", json={"reliability": "C"}, headers=auth(toks[role]))
        assert r.status_code == status, r.text
        r = c.patch(
            f"/api/documents/{seeded.open_doc}", json={"confidential": True}, headers=auth(toks[role])
        )
        assert r.status_code == status, r.text
    with store.session() as s:
        doc = st.get_document(s, seeded.open_doc)
    assert doc is not None and doc.source is not None
    assert (doc.source.reliability is Reliability.C) == (status == 200)
    assert doc.confidential == (status == 200)


def test_source_patch_refuses_nonsense(world):
    store, _, toks = world
    h = auth(toks["analyst"])
    with client(store) as c:
        assert c.patch("/api/sources/Open Wire", json={}, headers=h).status_code == 422
        assert c.patch("/api/sources/Open Wire", json={"reliability": "Z"}, headers=h).status_code == 422
        assert c.patch("/api/sources/Open Wire", json={"owner": "x"}, headers=h).status_code == 422
        assert c.patch("/api/sources/No such wire", json={"kind": "ngo"}, headers=h).status_code == 404
        r = c.patch(f"/api/sources/{SECRET_SOURCE}", json={"public": True}, headers=h)
        assert r.status_code == 422 and "confidential" in r.json()["detail"]
    assert _audit(store, "source.update") == []


# --- listing ----------------------------------------------------------------------------


def test_source_list_hides_confidential_sources_from_viewers_and_audits_analysts(world):
    store, _, toks = world
    with client(store) as c:
        viewer = {i["name"] for i in c.get("/api/sources", headers=auth(toks["viewer"])).json()}
        analyst = c.get("/api/sources", headers=auth(toks["analyst"])).json()
    assert viewer == {"Open Wire"}
    assert {i["name"]: i["documents"] for i in analyst} == {"Open Wire": 1, SECRET_SOURCE: 1}
    reads = [e for e in _audit(store, "confidential.read") if e.resource == "sources"]
    assert [e.user_name for e in reads] == ["analyst1"]


def test_list_sources_counts_documents(store: st.Store):
    src = Source("Counting Wire (synthetic)")
    with store.session() as s:
        for i in range(3):
            text = f"Synthetic note number {i}."
            st.add_document(s, Document(text, hashlib.sha256(text.encode()).hexdigest(), source=src))
        st.get_or_create_source(s, Source("Silent Wire (synthetic)"))
    with store.session() as s:
        counts = {x.source.name: x.documents for x in list_sources(s)}
    assert counts == {"Counting Wire (synthetic)": 3, "Silent Wire (synthetic)": 0}


# --- confidential marks ------------------------------------------------------------------


def test_marking_a_document_confidential_hides_its_text_from_viewers_and_audits(world):
    store, seeded, toks = world
    with client(store) as c:
        before = c.get(f"/api/documents/{seeded.open_doc}", headers=auth(toks["viewer"])).json()
        assert before["text"] == OPEN_TEXT
        r = c.patch(
            f"/api/documents/{seeded.open_doc}", json={"confidential": True}, headers=auth(toks["analyst"])
        )
        assert r.status_code == 200 and r.json()["confidential"] is True
        after = c.get(f"/api/documents/{seeded.open_doc}", headers=auth(toks["viewer"]))
        assert after.status_code == 404  # for a viewer it is as if it did not exist
        claim = c.get(f"/api/claims/{seeded.open_claims[0]}", headers=auth(toks["viewer"])).json()
        assert claim["quotes"] is None and claim["confidential"] is True
        assert (
            c.get(f"/api/documents/{seeded.open_doc}", headers=auth(toks["analyst"])).json()["text"]
            == OPEN_TEXT
        )
    (entry,) = _audit(store, "document.update")
    assert (entry.user_name, entry.resource_id) == ("analyst1", seeded.open_doc)
    assert entry.before == {"confidential": False} and entry.after == {"confidential": True}


def test_marking_a_source_confidential_withdraws_it_from_public_read(world):
    store, _, _ = world
    with store.session() as s:
        update_source(s, "Open Wire", public=True, actor="cli:test")
        before, after = update_source(s, "Open Wire", confidential=True, actor="cli:test")
    assert before.public and not before.confidential
    assert after.confidential and not after.public
    with store.session() as s, pytest.raises(SourceConflict):
        update_source(s, "Open Wire", public=True, actor="cli:test")
    with store.session() as s:  # unmarking and publishing in one deliberate change is allowed
        _, again = update_source(s, "Open Wire", confidential=False, public=True, actor="cli:test")
    assert again.public and not again.confidential


def test_an_unchanged_mark_writes_no_audit_entry(world):
    store, seeded, _ = world
    with store.session() as s:
        assert mark_document(s, seeded.open_doc, confidential=False, actor="cli:test") == (False, False)
        update_source(s, "Open Wire", reliability=Reliability.F, actor="cli:test")
    assert _audit(store, "document.update") == [] and _audit(store, "source.update") == []


def test_reingest_marked_confidential_tightens_but_an_open_one_never_loosens(store: st.Store):
    text = "Synthetic report read twice: once openly, once given in confidence."
    doc = Document(text, hashlib.sha256(text.encode()).hexdigest(), source=Source("Twice Wire (synthetic)"))
    with store.session() as s:
        doc_id, created = st.add_document(s, doc)
    assert created
    with store.session() as s:
        again = st.add_document(s, dataclasses.replace(doc, confidential=True))
    assert tuple(again) == (doc_id, False) and again.tightened
    with store.session() as s:
        third = st.add_document(s, doc)  # open again: stays confidential
        stored = st.get_document(s, doc_id)
    assert not third.tightened and stored is not None and stored.confidential
    (entry,) = _audit(store, "document.update")
    assert entry.resource_id == doc_id and entry.after["confidential"] is True


def test_cli_ingest_with_confidential_tightens_a_duplicate_and_says_so(store_url, tmp_path):
    report = tmp_path / "note.txt"
    report.write_text("Synthetic field note: the crossing stayed closed all week.\n")
    runner = CliRunner()
    base = ["--db", store_url]
    assert runner.invoke(cli_app, [*base, "ingest", str(report), "--source", "Note Wire"]).exit_code == 0
    r = runner.invoke(cli_app, [*base, "ingest", str(report), "--source", "Note Wire", "--confidential"])
    assert r.exit_code == 0, r.output
    assert "now confidential" in r.output
    r = runner.invoke(cli_app, [*base, "documents"])
    assert "yes" in r.output  # the conf. column


def test_cli_grades_marks_and_lists_sources_with_audit(store_url, tmp_path):
    report = tmp_path / "note.txt"
    report.write_text("Synthetic field note: two convoys waited at the checkpoint.\n")
    runner = CliRunner()
    base = ["--db", store_url]
    assert runner.invoke(cli_app, [*base, "ingest", str(report), "--source", "Field Wire"]).exit_code == 0
    r = runner.invoke(
        cli_app, [*base, "source", "Field Wire", "--reliability", "c", "--kind", "ngo", "--public"]
    )
    assert r.exit_code == 0, r.output
    r = runner.invoke(cli_app, [*base, "sources", "--json"])
    assert r.exit_code == 0, r.output
    (item,) = [json.loads(line) for line in r.output.splitlines() if line.strip()]
    assert (item["reliability"], item["kind"], item["public"], item["documents"]) == ("C", "ngo", True, 1)
    assert runner.invoke(cli_app, [*base, "source", "No Wire", "--reliability", "a"]).exit_code == 1
    s = st.open_store(store_url)
    with s.session() as session:
        (doc,) = st.list_documents(session)
        entries = audit_entries(session, action="source.update")
    assert doc.id is not None
    assert [e.user_name.startswith("cli:") for e in entries] == [True]
    assert runner.invoke(cli_app, [*base, "document", doc.id]).exit_code != 0  # says what to change
    r = runner.invoke(cli_app, [*base, "document", doc.id, "--confidential"])
    assert r.exit_code == 0, r.output
    with s.session() as session:
        stored = st.get_document(session, doc.id)
        marks = audit_entries(session, action="document.update")
    s.close()
    assert stored is not None and stored.confidential
    assert len(marks) == 1 and marks[0].user_name.startswith("cli:")


# --- public read -----------------------------------------------------------------------------


def test_public_read_shows_only_public_sources_documents_claims_and_events(world):
    store, seeded, toks = world
    with client(store, public_read=True) as c:
        # Nothing is public until an analyst says so.
        assert c.get("/api/documents").json()["items"] == []
        assert c.get("/api/claims").json()["items"] == []
        assert c.get(f"/api/documents/{seeded.open_doc}").status_code == 404
        assert c.get(f"/api/claims/{seeded.open_claims[0]}").status_code == 404
        mixed_event = c.post(
            "/api/events",
            json={"claim_ids": [seeded.open_claims[0], seeded.secret_claims[1]]},
            headers=auth(toks["analyst"]),
        )
        assert mixed_event.status_code == 201, mixed_event.text
        assert (
            c.patch("/api/sources/Open Wire", json={"public": True}, headers=auth(toks["admin"])).status_code
            == 200
        )

        docs = c.get("/api/documents").json()["items"]
        assert [d["id"] for d in docs] == [seeded.open_doc]
        assert c.get(f"/api/documents/{seeded.open_doc}").json()["text"] == OPEN_TEXT
        assert c.get(f"/api/documents/{seeded.secret_doc}").status_code == 404
        claims = {i["id"] for i in c.get("/api/claims").json()["items"]}
        assert claims == set(seeded.open_claims)
        assert c.get(f"/api/claims/{seeded.open_claims[1]}").status_code == 200
        assert c.get(f"/api/claims/{seeded.secret_claims[0]}").status_code == 404
        events = {e["id"] for e in c.get("/api/events").json()["items"]}
        assert mixed_event.json()["id"] not in events
        assert c.get(f"/api/events/{mixed_event.json()['id']}").status_code == 404
        assert [i["name"] for i in c.get("/api/sources").json()] == ["Open Wire"]
        # A viewer sees every open document, public or not (confidential ones are never listed).
        viewer_docs = c.get("/api/documents", headers=auth(toks["viewer"])).json()["items"]
        c.patch("/api/sources/Open Wire", json={"public": False}, headers=auth(toks["admin"]))
        still = c.get("/api/documents", headers=auth(toks["viewer"])).json()["items"]
        assert [d["id"] for d in viewer_docs] == [d["id"] for d in still] == [seeded.open_doc]


def test_public_read_shows_an_event_only_when_every_claim_is_public(world):
    store, seeded, toks = world
    with client(store, public_read=True) as c:
        h = auth(toks["analyst"])
        ev = c.post("/api/events", json={"claim_ids": seeded.open_claims[:1]}, headers=h).json()["id"]
        c.patch("/api/sources/Open Wire", json={"public": True}, headers=h)
        assert {e["id"] for e in c.get("/api/events").json()["items"]} == {ev}
        assert c.get(f"/api/events/{ev}").status_code == 200
        # A confidential document's shelling claim joins the event: the event leaves public read.
        merged = c.post(
            "/api/events", json={"event_id": ev, "claim_ids": [seeded.secret_claims[1]]}, headers=h
        )
        assert merged.status_code == 201, merged.text
        assert c.get("/api/events").json()["items"] == []
        assert c.get(f"/api/events/{ev}").status_code == 404
        assert c.get(f"/api/events/{ev}", headers=auth(toks["viewer"])).status_code == 200


def test_a_confidential_document_of_a_public_source_is_not_public(world):
    store, seeded, toks = world
    with client(store, public_read=True) as c:
        c.patch("/api/sources/Open Wire", json={"public": True}, headers=auth(toks["admin"]))
        assert c.get(f"/api/documents/{seeded.open_doc}").status_code == 200
        c.patch(f"/api/documents/{seeded.open_doc}", json={"confidential": True}, headers=auth(toks["admin"]))
        assert c.get(f"/api/documents/{seeded.open_doc}").status_code == 404
        assert c.get("/api/documents").json()["items"] == []
        assert c.get("/api/claims").json()["items"] == []
        assert c.get("/api/sources").json()[0]["documents"] == 0


@pytest.mark.parametrize(
    "path", ["/api/agreements", "/api/agreements/agr_test", "/api/ceasefires/cf_test", "/api/sieges"]
)
def test_public_read_refuses_the_ledger_with_a_clear_problem(world, path):
    store, _, toks = world
    with client(store, public_read=True) as c:
        r = c.get(path)
        assert r.status_code == 403
        assert r.headers["content-type"].startswith("application/problem+json")
        assert "account" in r.json()["detail"]
        assert c.get(path, headers=auth(toks["viewer"])).status_code == 200


def test_is_public_document_follows_source_and_document_marks():
    text = "Synthetic."
    h = hashlib.sha256(text.encode()).hexdigest()
    assert not is_public_document(Document(text, h))
    assert not is_public_document(Document(text, h, source=Source("W")))
    assert is_public_document(Document(text, h, source=Source("W", public=True)))
    assert not is_public_document(Document(text, h, source=Source("W", public=True), confidential=True))
    assert not is_public_document(Document(text, h, source=Source("W", public=True, confidential=True)))


def test_secret_text_never_reaches_anonymous_callers(world):
    store, seeded, toks = world
    with client(store, public_read=True) as c:
        c.patch("/api/sources/Open Wire", json={"public": True}, headers=auth(toks["admin"]))
        bodies = [c.get(p).text for p in ("/api/documents", "/api/claims", "/api/events", "/api/sources")]
        bodies.append(c.get(f"/api/documents/{seeded.secret_doc}").text)
    for body in bodies:
        assert SECRET_SOURCE not in body and SECRET_TEXT[:40] not in body
