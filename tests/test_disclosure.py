"""Confidential sources and documents stay confidential wherever they could be seen or inferred.

One test per way they used to leak: ingest publishing a confidential
source's name, counts and filters giving a confidential document away, an
anonymous caller learning of a hidden event, unaudited CLI and ledger reads,
and responses a cache could keep. The walk over every route is in
test_disclosure_walk.py. All text is synthetic.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import trucewatch.cli.commands  # noqa: F401  (registers every verb)
from api_helpers import auth, client
from disclosure_world import SECRET_SOURCE, build
from trucewatch import store as st
from trucewatch.cli import app as cli_app
from trucewatch.store import Store, open_store
from trucewatch.store.accounts import add_user, audit_entries, issue_token
from trucewatch.store.sources import find_source


def _reads(store: Store, user: str) -> list:
    with store.session() as s:
        return audit_entries(s, limit=1000, user_name=user, action="confidential.read")


# --- 1. ingest --confidential and the source it names ------------------------------------


def test_ingest_confidential_creates_a_new_source_confidential(store_url, tmp_path):
    note = tmp_path / "interview.txt"
    note.write_text("Synthetic interview: the council member spoke of the night the bridge closed.\n")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps(
            {"text": "Synthetic line given in confidence.", "source": "Ridge informant", "confidential": True}
        )
        + "\n"
        + json.dumps({"text": "Synthetic open line.", "source": "Valley Gazette"})
        + "\n"
    )
    base = ["--db", store_url]
    r = CliRunner().invoke(
        cli_app, [*base, "ingest", str(note), "--source", "Waer council member", "--confidential"]
    )
    assert r.exit_code == 0, r.output
    assert CliRunner().invoke(cli_app, [*base, "ingest", str(feed)]).exit_code == 0
    s = open_store(store_url)
    try:
        with s.session() as session:
            marks = {
                n: find_source(session, n)
                for n in ("Waer council member", "Ridge informant", "Valley Gazette")
            }
            add_user(session, "viewer1", "viewer", "a long synthetic password")
            token = issue_token(session, "viewer1")[1]
        assert {n: src.confidential for n, src in marks.items() if src} == {
            "Waer council member": True,
            "Ridge informant": True,
            "Valley Gazette": False,
        }
        with client(s) as c:
            sources = c.get("/api/sources", headers=auth(token)).text
            secret = c.get("/api/documents?confidential=true", headers=auth(token)).json()
    finally:
        s.close()
    assert "Waer council member" not in sources and "Ridge informant" not in sources
    assert "Valley Gazette" in sources
    assert secret["items"] == []


def test_ingest_confidential_into_an_open_source_says_how_to_mark_the_source(store_url, tmp_path):
    first, second = tmp_path / "bulletin.txt", tmp_path / "private.txt"
    first.write_text("Synthetic bulletin: the market opened again.\n")
    second.write_text("Synthetic private note: a trader named the checkpoint officer.\n")
    base = ["--db", store_url]
    r = CliRunner().invoke(cli_app, [*base, "ingest", str(first), "--source", "Open Wire"])
    assert r.exit_code == 0 and "trucewatch source" not in r.output
    r = CliRunner().invoke(cli_app, [*base, "ingest", str(second), "--source", "Open Wire", "--confidential"])
    assert r.exit_code == 0, r.output
    (line,) = [x for x in r.output.splitlines() if "trucewatch source" in x]
    assert "Open Wire" in line and "not confidential" in line
    assert "trucewatch source 'Open Wire' --confidential" in line
    s = open_store(store_url)
    try:
        with s.session() as session:
            src = find_source(session, "Open Wire")
            docs = st.list_documents(session)
    finally:
        s.close()
    assert src is not None and not src.confidential  # an analyst's mark is not changed behind their back
    assert sorted(d.confidential for d in docs) == [False, True]


# --- 2. what a confidential document gives away -----------------------------------------


def test_viewer_source_counts_leave_out_confidential_documents(disclosure_world):
    store, w = disclosure_world
    with client(store) as c:
        viewer = {
            i["name"]: i["documents"] for i in c.get("/api/sources", headers=auth(w.tokens["viewer"])).json()
        }
        analyst = {
            i["name"]: i["documents"] for i in c.get("/api/sources", headers=auth(w.tokens["analyst"])).json()
        }
    assert viewer == {"Lantern Wire": 1, "Harbour Radio": 1}  # the confidential memo is not counted
    assert analyst == {"Lantern Wire": 2, "Harbour Radio": 1, SECRET_SOURCE: 1}


@pytest.mark.parametrize(
    "query",
    [
        {"confidential": "true"},
        {"confidential": "true", "since": "2017-04-20", "until": "2017-04-20"},
        {"source": "Lantern Wire"},
        {"source": "Lantern Wire", "since": "2017-04-01"},
    ],
)
def test_document_filters_tell_a_viewer_nothing_about_confidential_documents(disclosure_world, query):
    store, w = disclosure_world
    with client(store) as c:
        r = c.get("/api/documents", params=query, headers=auth(w.tokens["viewer"]))
        hidden = c.get(f"/api/documents/{w.hidden_doc}", headers=auth(w.tokens["viewer"]))
        unknown = c.get("/api/documents/doc_00000000deadbeef", headers=auth(w.tokens["viewer"]))
        claims = c.get("/api/claims", params={"document": w.hidden_doc}, headers=auth(w.tokens["viewer"]))
    assert r.status_code == 200
    assert [d["id"] for d in r.json()["items"]] in ([], [w.open_doc])
    assert w.hidden_doc not in r.text and "2017-04-20" not in r.text
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.json()["detail"].replace(w.hidden_doc, "doc_00000000deadbeef") == unknown.json()["detail"]
    assert claims.json()["items"] == []  # a document filter does not confirm the id either


def test_a_viewers_claim_of_a_confidential_document_does_not_name_the_document(disclosure_world):
    store, w = disclosure_world
    with client(store) as c:
        claim = c.get(f"/api/claims/{w.hidden_claims[0]}", headers=auth(w.tokens["viewer"])).json()
        listed = c.get("/api/claims?place=lowmill", headers=auth(w.tokens["viewer"])).text
    assert claim["source"] == "confidential source" and claim["confidential"] is True
    assert claim["document_id"] is None and claim["evidence"] == [] and claim["quotes"] is None
    assert claim["quantities"][0]["value"] == 11  # what the claim says still counts
    assert w.hidden_doc not in listed and w.secret_doc not in listed


def test_anonymous_public_claims_do_not_link_an_event_they_may_not_see(disclosure_world):
    store, w = disclosure_world
    with client(store, public_read=True) as c:
        mixed = c.get(f"/api/claims/{w.open_claims[0]}").json()  # its event merges a confidential claim
        alone = c.get(f"/api/claims/{w.open_claims[1]}").json()
        listed = {i["id"]: i["event_id"] for i in c.get("/api/claims").json()["items"]}
        page = c.get(f"/claims/{w.open_claims[0]}").text
        assert c.get(f"/api/events/{w.mixed_event}").status_code == 404
        viewer = c.get(f"/api/claims/{w.open_claims[0]}", headers=auth(w.tokens["viewer"])).json()
    assert mixed["event_id"] is None and listed[w.open_claims[0]] is None
    assert w.mixed_event not in page
    assert alone["event_id"] == listed[w.open_claims[1]] == w.open_event
    assert viewer["event_id"] == w.mixed_event  # viewers may open the event (its claims redacted)


@pytest.mark.parametrize("argv", [["sources"], ["documents"], ["siege", "Lowmill", "--as-of", "2017-05-01"]])
def test_cli_listings_of_confidential_names_are_audited_as_the_login(store_url, argv):
    s = open_store(store_url)
    try:
        w = build(s)
        exe = str(Path(sys.executable).with_name("trucewatch"))
        env = {**os.environ, "COLUMNS": "400", "TRUCEWATCH_DATABASE_URL": ""}
        run = subprocess.run(
            [exe, "--db", store_url, *argv], capture_output=True, text=True, timeout=120, env=env
        )
        reads = _reads(s, f"cli:{getpass.getuser()}")
    finally:
        s.close()
    assert run.returncode == 0, run.stderr
    assert SECRET_SOURCE in run.stdout
    assert reads and {e.role for e in reads} == {"analyst"}
    if argv[0] == "sources":
        assert [e.resource for e in reads] == ["sources"]
    else:
        assert {e.resource_id for e in reads} >= {w.secret_doc}
        assert all(e.after["via"] == f"trucewatch {argv[0]}" for e in reads)


@pytest.mark.parametrize("path", ["/api/agreements", "/api/ceasefires", "/api/sieges"])
def test_ledger_lists_keep_confidential_document_ids_from_viewers_and_audit_analysts(disclosure_world, path):
    store, w = disclosure_world
    with client(store) as c:
        viewer = c.get(path, headers=auth(w.tokens["viewer"]))
        analyst = c.get(path, headers=auth(w.tokens["analyst"]))
    assert viewer.status_code == analyst.status_code == 200
    assert w.secret_doc not in viewer.text and w.hidden_doc not in viewer.text
    shown = {d for d in (w.secret_doc, w.hidden_doc) if d in analyst.text}
    assert shown  # the evidence is there for analysts
    assert {e.resource_id for e in _reads(store, "analyst1")} == shown
    assert _reads(store, "viewer1") == []  # nothing confidential reached the viewer


@pytest.mark.parametrize(
    "path",
    [
        "/api/claims",
        "/api/documents/{doc}",
        "/api/documents/doc_00000000deadbeef",
        "/api/export?format=csv",
        "/api/export?format=geojson",
        "/api/report?place=lowmill",
        "/export?format=json",
        "/report?place=lowmill",
        "/map/events.geojson",
    ],
)
def test_responses_that_carry_stored_material_tell_caches_not_to_keep_them(disclosure_world, path):
    store, w = disclosure_world
    with client(store) as c:
        c.post("/login", data={"name": "analyst1", "password": "a long synthetic password"})
        url = path.format(doc=w.secret_doc, claim=w.secret_claims[0])
        r = c.get(url, headers=auth(w.tokens["analyst"]))
    assert r.status_code in (200, 404), r.text
    assert "no-store" in r.headers.get("cache-control", ""), url


@pytest.mark.parametrize(
    "path",
    [
        "/api/ceasefires/cf_lowmill?as_of={day}",
        "/api/sieges/sg_lowmill?as_of={day}",
        "/api/agreements/agr_orchard?as_of={day}",
        "/ceasefires/cf_lowmill?as_of={day}",
    ],
)
def test_as_of_views_do_not_tell_a_viewer_when_a_confidential_document_was_published(disclosure_world, path):
    """The confidential documents came out on 2017-04-19 and 2017-04-20: the claims an as-of view
    counts just before and just after differ for an analyst, who may know the dates, and must not for
    a viewer, who still sees those claims counted (redacted)."""
    store, w = disclosure_world
    secret_claims = set(w.secret_claims + w.hidden_claims)

    def counted(role: str) -> list[set[str]]:
        with client(store) as c:
            c.post("/login", data={"name": f"{role}1", "password": "a long synthetic password"})
            bodies = [
                c.get(path.format(day=day), headers=auth(w.tokens[role])).text
                for day in ("2017-04-18", "2017-04-21", dt.date.today().isoformat())
            ]
        return [set(re.findall(r"clm_[0-9a-f]{24}", body)) & secret_claims for body in bodies]

    before, after, _ = counted("analyst")
    assert before != after  # the publication shows in an analyst's as-of views
    before, after, today = counted("viewer")
    assert before == after  # a viewer cannot tell when
    assert today == after  # the confidential claims still count for the viewer
