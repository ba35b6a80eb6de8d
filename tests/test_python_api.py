"""The Python API (trucewatch.Trucewatch) end to end on a real SQLite file, with synthetic
reports written for this test."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from trucewatch import Trucewatch
from trucewatch.errors import InvalidInput, NotFound
from trucewatch.ledger import ViolationCounts
from trucewatch.model import EventType
from trucewatch.store.accounts import audit_entries

OPEN_REPORT = """A ceasefire went into effect at midnight on Friday in Waer, the district's
negotiating committee said. Shelling hit the old market in Waer on Wednesday.
"""
SECRET_REPORT = """The army released 40 detainees from Waer on Saturday, a commander said.
"""


@pytest.fixture
def reports(tmp_path: Path) -> tuple[Path, Path]:
    open_dir, secret_dir = tmp_path / "open", tmp_path / "secret"
    open_dir.mkdir()
    secret_dir.mkdir()
    (open_dir / "truce.txt").write_text(OPEN_REPORT, encoding="utf-8")
    (secret_dir / "interview.txt").write_text(SECRET_REPORT, encoding="utf-8")
    return open_dir, secret_dir


def test_ingest_extract_read_export_and_report(tmp_path: Path, reports: tuple[Path, Path]) -> None:
    open_dir, secret_dir = reports
    db = tmp_path / "api.db"
    with Trucewatch(db) as tw:
        first = tw.ingest(open_dir, source="Valley Wire", published="2019-05-03")
        again = tw.ingest(open_dir, source="Valley Wire", published="2019-05-03")
        tw.ingest(secret_dir, source="A commander (synthetic)", published="2019-05-04", confidential=True)
        summary = tw.extract()
        claims = tw.claims(place="Waer")
        ceasefires = tw.ceasefires(as_of="2019-05-10")
        before = tw.ceasefires(as_of="2019-05-01")
        counted = tw.violations(as_of="2019-05-10")
        rows = list(csv.DictReader(io.StringIO(tw.export("csv", place="Waer"))))
        known_early = list(csv.DictReader(io.StringIO(tw.export("csv", as_of="2019-05-03"))))
        page = tw.report("Waer", tmp_path / "waer.html", until=dt.date(2019, 5, 10))
    assert (first.added, again.added, again.duplicates) == (1, 0, 1)
    assert summary.documents == 2 and not summary.failed
    kinds = {c.type for c in claims}
    assert {EventType.CEASEFIRE_START, EventType.ATTACK_SHELLING, EventType.DETAINEES_RELEASED} <= kinds
    assert len(ceasefires) == 1 and before == []  # as of a day before the report: not known yet
    assert counted == [ViolationCounts.of(ceasefires[0])]  # counted by the database, as by the ledger
    assert {r["type"] for r in rows} >= {"ceasefire.start", "detainees.released"}
    # as of 3 May only the open report was out: the release told on 4 May is not exported
    assert {r["type"] for r in known_early} == {"ceasefire.start", "attack.shelling"}
    assert "Waer" in page.read_text(encoding="utf-8")


def test_a_viewer_reads_redacted_and_an_analyst_read_is_audited(
    tmp_path: Path, reports: tuple[Path, Path]
) -> None:
    _, secret_dir = reports
    db = tmp_path / "api.db"
    with Trucewatch(db) as tw:
        tw.ingest(secret_dir, source="A commander (synthetic)", confidential=True)
        tw.extract()
        analyst_csv = tw.export("csv")
    with Trucewatch(db, confidential=False) as viewer:
        viewer_csv = viewer.export("csv")
        with viewer.store.session() as session:
            reads = [e for e in audit_entries(session, limit=1000) if e.action == "confidential.read"]
    assert "A commander (synthetic)" in analyst_csv
    assert "A commander (synthetic)" not in viewer_csv and "detainees.released" in viewer_csv
    vias = sorted(e.after["via"] for e in reads if e.after)
    assert vias == ["python export", "python export"]  # the analyst's and the viewer's read
    assert sorted(e.after["redacted"] for e in reads if e.after) == [False, True]


def test_an_export_streamed_to_a_file_is_the_export_and_its_read_is_audited(
    tmp_path: Path, reports: tuple[Path, Path]
) -> None:
    open_dir, secret_dir = reports
    db = tmp_path / "api.db"
    with Trucewatch(db) as tw:
        tw.ingest(open_dir, source="Valley Wire", published="2019-05-03")
        tw.ingest(secret_dir, source="A commander (synthetic)", published="2019-05-04", confidential=True)
        tw.extract()
        whole = tw.export("geojson")
        tw.export_to(tmp_path / "claims.geojson", "geojson")
        buffer = io.StringIO()
        counted = tw.export_to(buffer, "csv", place="Waer")
        rows = tw.export("csv", place="Waer")
        with tw.store.session() as session:
            reads = [e for e in audit_entries(session, limit=1000) if e.action == "confidential.read"]
    assert (tmp_path / "claims.geojson").read_text(encoding="utf-8") == whole
    assert json.loads(whole)["features"]
    assert buffer.getvalue() == rows and counted == len(list(csv.DictReader(io.StringIO(rows))))
    assert [e.after["via"] for e in reads if e.after] == ["python export"] * 4


def test_bad_requests_are_clear_errors(tmp_path: Path) -> None:
    with Trucewatch(tmp_path / "api.db") as tw:
        with pytest.raises(NotFound, match="no place named 'Atlantis'"):
            tw.claims(place="Atlantis")
        with pytest.raises(InvalidInput, match="unknown export format 'xls'"):
            tw.export("xls")
        with pytest.raises(InvalidInput, match=r"\.html or \.pdf"):
            tw.report("Waer", tmp_path / "waer.docx")
