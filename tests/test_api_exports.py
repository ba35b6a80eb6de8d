"""Exports and situation reports over the API (real HTTP): formats, filters, redaction, audit, errors.

All report text is synthetic (see api_helpers).
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from api_helpers import SECRET_SOURCE, SECRET_URL, auth, client
from trucewatch.report.records import REDACTED_SOURCE
from trucewatch.store import Store
from trucewatch.store.accounts import audit_entries

SECRET_QUOTE = "194 detainees were freed"


def _reads(store: Store, user: str) -> list:
    with store.session() as session:
        return [e for e in audit_entries(session, user_name=user) if e.action == "confidential.read"]


# --- exports ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        ("csv", "text/csv"),
        ("acled", "text/csv"),
        ("hxl", "text/csv"),
        ("geojson", "application/geo+json"),
        ("json", "application/json"),
    ],
)
def test_every_export_format_is_served_with_its_media_type(world, fmt, media):
    store, _sd, toks = world
    with client(store) as c:
        r = c.get(f"/api/export?format={fmt}", headers=auth(toks["analyst"]))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    assert f"trucewatch-{fmt}." in r.headers["content-disposition"]
    if fmt == "geojson":
        assert len(r.json()["features"]) == 4
    elif fmt == "json":
        assert len(r.json()["records"]) == 4
    else:
        rows = list(csv.reader(io.StringIO(r.text)))
        # A header (and HXL's tag row), then one row per claim; ACLED leaves the undated claim out.
        assert len(rows) - (2 if fmt == "hxl" else 1) == (4 if fmt == "csv" else 3)
    # The response says how many records it wrote and why any were left out.
    left_out = "1 undated" if fmt in ("acled", "hxl") else ""
    assert r.headers["x-records-written"] == ("3" if left_out else "4")
    assert r.headers["x-records-left-out"] == left_out


def test_export_filters_by_place_and_dates(world):
    store, _sd, toks = world
    with client(store) as c:
        far = c.get("/api/export?format=json&place=far", headers=auth(toks["analyst"])).json()["records"]
        by_name = c.get("/api/export?format=json&place=Faraway", headers=auth(toks["analyst"])).json()
        march = c.get(
            "/api/export?format=json&since=2017-03-01&until=2017-03-31", headers=auth(toks["analyst"])
        ).json()["records"]
    assert [r["type"] for r in far] == ["aid.delivered"]
    assert by_name["records"] == far
    assert sorted(r["when"]["iso"] for r in march) == ["2017-03-06", "2017-03-09"]


def test_viewer_export_redacts_and_audits_the_confidential_source(world):
    store, sd, toks = world
    with client(store) as c:
        text = c.get("/api/export?format=csv", headers=auth(toks["viewer"])).text
        c.get("/api/export?format=csv&place=far", headers=auth(toks["viewer"]))  # nothing confidential
    assert SECRET_SOURCE not in text and SECRET_URL not in text and SECRET_QUOTE not in text
    assert REDACTED_SOURCE in text
    (entry,) = _reads(store, "viewer1")
    assert entry.resource_id == sd.secret_doc and entry.after["via"] == "export"
    assert entry.after["redacted"] is True and entry.role == "viewer"


def test_analyst_export_shows_the_confidential_source_and_is_audited(world):
    store, sd, toks = world
    with client(store) as c:
        text = c.get("/api/export?format=json", headers=auth(toks["analyst"])).text
    assert SECRET_SOURCE in text
    (entry,) = _reads(store, "analyst1")
    assert entry.resource_id == sd.secret_doc and entry.after["redacted"] is False


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("place=Atlantis", "Atlantis"),
        ("format=xlsx", "format"),
        ("since=2017-04-01&until=2017-03-01", "after until"),
        ("since=2017-13-01", "since"),
    ],
)
def test_export_errors_are_problems(world, query, says):
    store, _sd, toks = world
    with client(store) as c:
        r = c.get(f"/api/export?{query}", headers=auth(toks["admin"]))
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    assert says in r.json()["detail"]


def test_export_and_report_need_an_account_even_with_public_read(world):
    store, _sd, _toks = world
    with client(store) as c:
        assert c.get("/api/export").status_code == 401
        assert c.get("/api/report?place=cap").status_code == 401
    with client(store, public_read=True) as c:
        export = c.get("/api/export?format=csv")
        report = c.get("/api/report?place=cap")
    # Both combine every source's claims, as ledger figures do: public read covers neither.
    assert export.status_code == 403 and report.status_code == 403
    assert SECRET_SOURCE not in export.text + report.text
    assert _reads(store, "anonymous") == []


# --- reports ---------------------------------------------------------------------------


def test_viewer_report_redacts_and_audits_the_confidential_documents_it_read(world):
    store, sd, toks = world
    with client(store) as c:
        r = c.get("/api/report?place=Capital", headers=auth(toks["viewer"]))
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "Capital" in r.text
    assert SECRET_SOURCE not in r.text and SECRET_URL not in r.text and SECRET_QUOTE not in r.text
    (entry,) = _reads(store, "viewer1")
    assert entry.resource_id == sd.secret_doc
    assert entry.after == {"via": "report", "via_id": "cap", "redacted": True}


def test_report_on_a_place_without_confidential_claims_audits_nothing(world):
    store, _sd, toks = world
    with client(store) as c:
        r = c.get("/api/report?place=far", headers=auth(toks["analyst"]))  # the secret claims are in north
    assert r.status_code == 200
    assert _reads(store, "analyst1") == []


def test_report_as_pdf(world):
    store, _sd, toks = world
    with client(store) as c:
        r = c.get("/api/report?place=cap&format=pdf&since=2017-03-01", headers=auth(toks["analyst"]))
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF-")
    assert 'filename="trucewatch-report-cap-' in r.headers["content-disposition"]


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("place=Atlantis", "Atlantis"),
        ("", "place"),
        ("place=cap&format=docx", "format"),
        ("place=cap&since=2017-04-01&until=2017-03-01", "after until"),
        ("place=cap&until=yesterday", "until"),
    ],
)
def test_report_errors_are_problems(world, query, says):
    store, _sd, toks = world
    with client(store) as c:
        r = c.get(f"/api/report?{query}", headers=auth(toks["viewer"]))
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    assert says in r.json()["detail"]
    assert _reads(store, "viewer1") == []


def test_openapi_documents_the_media_types(world):
    store, _sd, _toks = world
    with client(store) as c:
        paths = c.get("/openapi.json").json()["paths"]
    export_types = set(paths["/api/export"]["get"]["responses"]["200"]["content"])
    report_types = set(paths["/api/report"]["get"]["responses"]["200"]["content"])
    assert {"text/csv", "application/geo+json", "application/json"} <= export_types
    assert {"text/html", "application/pdf"} <= report_types
    assert json.dumps(paths).count("/api/export") == 1
