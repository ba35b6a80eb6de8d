"""Bulk ingest (batch_size > 1) gives what one document per transaction gives: the same report,
rows and audit entries, with duplicates, confidential sources, bad files and refused rows."""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import event, text
from typer.testing import CliRunner

import tools
from databases import migrated_postgres, migrated_sqlite
from trucewatch.ingest import content_hash
from trucewatch.ingest.readers import ReadOptions
from trucewatch.ingest.run import IngestReport, ingest_paths
from trucewatch.store import Store, ids, open_store


@contextmanager
def _fresh_url(backend: str, path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield migrated_sqlite(path)
        return
    tools.require("postgres")
    yield from migrated_postgres(os.environ["TRUCEWATCH_TEST_POSTGRES_URL"])


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def two_stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    """Two fresh databases on one backend: one per write path."""
    with ExitStack() as stack:
        stores = []
        for name in ("one_by_one", "bulk"):
            url = stack.enter_context(_fresh_url(request.param, tmp_path / f"{name}.db"))
            store = open_store(url)
            stack.callback(store.close)
            stores.append(store)
        yield stores[0], stores[1]


def _jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def _write_corpus(root: Path) -> tuple[Path, Path]:
    """A first folder, stored before; a second with every case the write path decides."""
    first = root / "first"
    first.mkdir()
    (first / "a.txt").write_text("Report A: shelling near the bakery.\n", encoding="utf-8")
    (first / "b.txt").write_text("Report B: a convoy of 12 trucks.\n", encoding="utf-8")
    second = root / "second"
    second.mkdir()
    _jsonl(
        second / "feed.jsonl",
        [
            # a stored open document arriving confidential: tightened, its open source named
            {"text": "Report A:  shelling near the bakery.", "source": "Open Wire", "confidential": True},
            # new, confidential, from a new source: the source is created confidential
            {"text": "Report C: 40 detainees freed.", "source": "Secret Wire", "confidential": True},
            {"text": "Report C: 40 detainees freed.", "source": "Secret Wire", "confidential": True},
            # new, confidential, into the existing open source: named in open_sources
            {"text": "Report D: the checkpoint closed.", "source": "Open Wire", "confidential": True},
            {"text": "Report D: the checkpoint closed.", "source": "Open Wire"},
            # new and open in this batch, then again confidential in the same batch: tightened
            {"text": "Report E: flour delivered.", "source": "Field Notes"},
            {"text": "Report E:\tflour delivered.", "source": "Field Notes", "confidential": True},
            {"text": "   "},  # a bad line
            {"text": "Report F: refused by the database."},
            {"text": "Report G: no source at all."},
        ],
    )
    for i in range(7):  # more than one batch of 3
        (second / f"n{i}.txt").write_text(f"Numbered report {i}: buses left at dawn.\n", encoding="utf-8")
    (second / "n-copy.txt").write_text("Numbered report 3: buses left at dawn.\n", encoding="utf-8")
    (second / "b-again.txt").write_text("Report B: a convoy of 12 trucks.\n", encoding="utf-8")
    (second / "empty.txt").write_text("  \n", encoding="utf-8")
    (second / "sheet.xlsx").write_bytes(b"PK\x03\x04 not a report")
    return first, second


def _refuse(store: Store, doc_text: str) -> None:
    """A stored row holding the id `doc_text` would get, under another hash: its insert is refused."""
    doc_id = ids.document_id(content_hash(doc_text))
    with store.session() as s:
        s.execute(
            text(
                "INSERT INTO documents (id, content_hash, text, language, confidential, ingested_at) "
                "VALUES (:id, :hash, 'a row in the way', 'en', false, '2020-01-01 00:00:00')"
            ),
            {"id": doc_id, "hash": "f" * 64},
        )


def _report(report: IngestReport) -> dict[str, Any]:
    return {
        "files": report.files,
        "added": report.added,
        "duplicates": report.duplicates,
        "tightened": report.tightened,
        "open_sources": sorted(report.open_sources),
        "failed": dict(report.failed),
        # the database's own wording differs between a savepoint and a transaction: the reason counts
        "failures": sorted((f.origin, f.reason) for f in report.failures),
        "added_ids": report.added_ids,
        "duplicate_ids": report.duplicate_ids,
        "interrupted": report.interrupted,
    }


def _rows(store: Store) -> dict[str, Any]:
    """Everything stored, without the times of writing (and the audit log's own ids)."""
    with store.session() as s:
        documents = s.execute(
            text(
                "SELECT id, content_hash, text, title, url, published, language, source_id, "
                "confidential, origin FROM documents ORDER BY id"
            )
        ).all()
        sources = s.execute(
            text("SELECT id, name, kind, reliability, confidential, public FROM sources ORDER BY id")
        ).all()
        audit = s.execute(
            text(
                "SELECT user_id, user_name, role, action, resource, resource_id, before, after "
                "FROM audit_log ORDER BY id"
            )
        ).all()
    return {
        "documents": [tuple(r) for r in documents],
        "sources": [tuple(r) for r in sources],
        "audit": [
            tuple(json.loads(v) if isinstance(v, str) and v[:1] in "{[" else v for v in r) for r in audit
        ],
    }


@contextmanager
def _counting(store: Store) -> Iterator[list[int]]:
    """The number of SQL statements run on `store` in the block."""
    count = [0]

    def seen(*_args: Any) -> None:
        count[0] += 1

    event.listen(store.engine, "before_cursor_execute", seen)
    try:
        yield count
    finally:
        event.remove(store.engine, "before_cursor_execute", seen)


def _ingest(store: Store, folder: Path, batch_size: int) -> IngestReport:
    return ingest_paths(store, [folder], ReadOptions(), batch_size=batch_size, actor="cli:amira")


@pytest.mark.parametrize("batch_size", [3, 500])
def test_bulk_ingest_reports_and_stores_what_one_by_one_does(
    two_stores: tuple[Store, Store], tmp_path: Path, batch_size: int
):
    first, second = _write_corpus(tmp_path)
    extra = tmp_path / "extra"
    extra.mkdir()
    for i in range(30):
        (extra / f"x{i:02d}.txt").write_text(f"Another report {i}: a mortar at noon.\n", encoding="utf-8")
    results = []
    statements = []
    for store, size in zip(two_stores, (1, batch_size), strict=True):
        before = ingest_paths(
            store, [first], ReadOptions(source="Open Wire"), batch_size=size, actor="cli:amira"
        )
        _refuse(store, "Report F: refused by the database.")
        main = _ingest(store, second, size)
        again = _ingest(store, second, size)  # idempotent: everything a duplicate, F refused again
        with _counting(store) as count:
            more = _ingest(store, extra, size)
        statements.append(count[0])
        results.append(([_report(r) for r in (before, main, again, more)], _rows(store)))
    (one_reports, one_rows), (bulk_reports, bulk_rows) = results
    # in bulk, a few statements a batch, not several per document
    assert statements[1] < statements[0] * (0.5 if batch_size < 10 else 0.1), statements
    assert bulk_reports == one_reports
    assert bulk_rows == one_rows

    # and what that is
    summary = one_reports[1]
    assert (summary["added"], summary["duplicates"], summary["tightened"]) == (11, 6, 2)
    assert summary["open_sources"] == ["Field Notes", "Open Wire"]
    assert summary["failed"] == {"no_text": 1, "empty": 1, "unsupported": 1, "db_rejected": 1}
    assert one_reports[2]["added"] == 0 and one_reports[2]["duplicates"] == 17
    actions = [row[3] for row in one_rows["audit"]]
    assert actions.count("document.create") == 2 + 11 + 30 and actions.count("document.update") == 2


# Every character `\s` matches, and some that NFC composes.
_HASH_ALPHABET = [chr(c) for c in range(0x110000) if re.fullmatch(r"\s", chr(c))] + ["a", "é", "e", "\u0301"]


@given(st.text(alphabet=st.sampled_from(_HASH_ALPHABET)))
def test_content_hash_collapses_whitespace_as_before(value: str):
    # Ids are derived from the hash: a change would store every document again under a new id.
    normal = re.sub(r"\s+", " ", unicodedata.normalize("NFC", value)).strip()
    assert content_hash(value) == hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()


def test_two_bulk_ingests_at_once_store_each_document_once(store: Store, tmp_path: Path):
    folder = tmp_path / "same"
    folder.mkdir()
    n = 300
    for i in range(n):
        (folder / f"r{i:04d}.txt").write_text(f"Report {i}: " + "words " * 50 + "\n", encoding="utf-8")
    reports: list[IngestReport] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            reports.append(
                ingest_paths(store, [folder], ReadOptions(source="Wire"), batch_size=20, actor="cli:a")
            )
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    assert all(r.ok and r.added + r.duplicates == n for r in reports), [_report(r) for r in reports]
    assert sum(r.added for r in reports) == n
    with store.session() as s:
        assert s.execute(text("SELECT count(*) FROM documents")).scalar() == n
        creates = s.execute(text("SELECT count(*) FROM audit_log WHERE action = 'document.create'")).scalar()
    assert creates == n


def test_the_cli_writes_in_bulk_by_default_and_says_what_one_by_one_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import trucewatch.cli.commands  # noqa: F401  registers the verbs
    import trucewatch.ingest.run as run
    from trucewatch.cli import app

    bulk_writes: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        bulk_writes.append(len(args[1]))
        return add_documents(*args, **kwargs)

    add_documents = run.add_documents
    monkeypatch.setattr(run, "add_documents", counted)
    _first, second = _write_corpus(tmp_path)
    outputs, rows, writes = [], [], []
    for name, extra in (("one", ["--batch-size", "1"]), ("bulk", [])):
        url = migrated_sqlite(tmp_path / f"cli-{name}.db")
        bulk_writes.clear()
        result = CliRunner().invoke(
            app, ["--db", url, "ingest", str(second), *extra], env={"TRUCEWATCH_DATABASE_URL": ""}
        )
        outputs.append((result.exit_code, result.stdout))
        writes.append(list(bulk_writes))
        with open_store(url) as store:
            rows.append(_rows(store))
    assert outputs[0] == outputs[1] and outputs[0][0] == 1  # the bad files: exit 1
    assert rows[0]["documents"] == rows[1]["documents"]
    assert writes == [[], [18]]  # the default: one bulk write of the 18 documents read
    assert CliRunner().invoke(app, ["ingest", str(second), "--batch-size", "0"]).exit_code == 2
