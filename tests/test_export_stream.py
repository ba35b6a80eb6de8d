"""Streamed exports: claims read page by page, each format written chunk by chunk, the same text
as a whole export of every record at once; redaction, counts and order as before."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from generated_claims import add_generated_claims
from synthetic import seed_synthetic
from trucewatch.model import Status
from trucewatch.report import exports
from trucewatch.report.load import actor_kinds, iter_records, load_records, places_by_id, record_precisions
from trucewatch.report.records import REDACTED_SOURCE, AcledOriginal, Record, to_records
from trucewatch.serialize import as_json
from trucewatch.store import Session, Store, claim_pages, list_claims
from trucewatch.store.acled import acled_events_by_document
from trucewatch.store.documents import documents_by_id

FORMATS = ("csv", "acled", "hxl", "geojson", "json")


def all_at_once(session: Session, *, show_confidential: bool) -> list[Record]:
    """The records as exports read them before streaming: every claim, then one sort."""
    claims = list_claims(session)
    docs = documents_by_id(
        session, {s.document_id for c in claims for s in c.evidence} | {c.document_id for c in claims}
    )
    stored = acled_events_by_document(session, {c.document_id for c in claims})
    originals = {k: AcledOriginal(v.fields, v.derived) for k, v in stored.items()}
    records = to_records(
        claims, docs, places_by_id(session), show_confidential=show_confidential, acled=originals
    )
    return sorted(records, key=lambda r: (r.when is None, r.when.start if r.when else dt.datetime.min, r.id))


def whole_text(fmt: str, records: list[Record], session: Session) -> str:
    """Each format's text as it was built before streaming: one object, dumped once."""
    kinds = actor_kinds(session)
    if fmt == "csv":
        rows = ([exports.record_dict(r)[c] for c in exports.CSV_COLUMNS] for r in records)
        return exports.csv_text(exports.CSV_COLUMNS, rows)
    if fmt == "acled":
        acled = exports.to_acled_rows(records, kinds)
        return exports.csv_text(
            exports.ACLED_COLUMNS, ([row[c] for c in exports.ACLED_COLUMNS] for row in acled)
        )
    if fmt == "hxl":
        header, *rest = exports.to_hxl(records, kinds)
        return exports.csv_text(header, rest)
    if fmt == "geojson":
        return json.dumps(exports.to_geojson(records), ensure_ascii=False)
    items = [as_json(exports.record_claim(r)) for r in records]
    return json.dumps({"records": items}, ensure_ascii=False, indent=2)


@pytest.fixture
def seeded(store: Store) -> Store:
    with store.session() as s:
        seed_synthetic(s, hostile=True)
    return store


@pytest.mark.parametrize("show_confidential", [False, True], ids=["viewer", "analyst"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_streamed_export_equals_the_whole_export(seeded: Store, fmt: str, show_confidential: bool) -> None:
    with seeded.session() as s:
        everything = all_at_once(s, show_confidential=show_confidential)
        pages_of_two = iter_records(s, show_confidential=show_confidential, page_size=2)
        chunks = list(exports.stream_export(exports.export_format(fmt), pages_of_two, actor_kinds(s)))
        assert "".join(chunks) == whole_text(fmt, everything, s)
        assert exports.render_export(fmt, everything, actor_kinds(s)) == "".join(chunks)
    if fmt == "geojson":
        json.loads("".join(chunks))  # header, features and footer make one document
    redacted = [r for r in everything if r.redacted]
    if show_confidential:
        assert not redacted and any(r.confidential for r in everything)
    else:
        assert redacted and all(r.source == REDACTED_SOURCE for r in redacted)


def test_records_read_page_by_page_are_those_read_at_once(seeded: Store) -> None:
    with seeded.session() as s:
        assert list(iter_records(s, page_size=1)) == all_at_once(s, show_confidential=False)
        # claims sharing a start sorted on disk, in runs of one or two records
        for limit in (1, 2):
            assert list(iter_records(s, page_size=3, group_limit=limit)) == all_at_once(
                s, show_confidential=False
            )
        assert load_records(s, show_confidential=True) == all_at_once(s, show_confidential=True)


@pytest.mark.parametrize("as_of", [None, dt.date(2017, 3, 8)])
@pytest.mark.parametrize("fmt", ["acled", "hxl", "csv"])
def test_counts_known_before_streaming_are_those_of_the_records(
    seeded: Store, fmt: str, as_of: dt.date | None
) -> None:
    with seeded.session() as s:
        records = load_records(s, as_of=as_of)
        expected = exports.export_counts(fmt, records)
        assert exports.export_counts_by_precision(fmt, record_precisions(s, as_of=as_of)) == expected
        tally = exports.ExportTally()
        "".join(exports.stream_export(exports.export_format(fmt), tally.watch(iter_records(s, as_of=as_of))))
        assert exports.export_counts_by_precision(fmt, tally.precisions) == expected
        assert tally.records == len(records)
    if fmt != "csv":
        assert expected[1]  # the synthetic world has undated or year-only claims ACLED leaves out


def test_tally_notes_the_confidential_documents_an_export_showed(seeded: Store) -> None:
    with seeded.session() as s:
        tally = exports.ExportTally()
        records = list(tally.watch(iter_records(s, show_confidential=True)))
    assert tally.confidential_documents == {r.document_id for r in records if r.confidential}
    assert tally.confidential_documents


def test_many_claims_stream_in_pages_and_chunks(store: Store) -> None:
    add_generated_claims(store, 5_000)
    with store.session() as s:
        pages = [len(page) for page in claim_pages(s, page_size=1250)]
        assert pages == [1250, 1250, 1250, 1250]
        chunks = exports.iter_csv(iter_records(s, page_size=1250, group_limit=100))
        first = next(chunks)
        assert first.count("\n") == exports.ROWS_PER_CHUNK + 1  # the header and the first rows only
        rest = list(chunks)
        assert len(rest) >= 4
        text = first + "".join(rest)
        assert text.count("\n") == 5_001
        assert text == whole_text("csv", all_at_once(s, show_confidential=False), s)


def test_rejected_claims_are_neither_read_nor_counted(seeded: Store) -> None:
    with seeded.session() as s:
        claims = list_claims(s)
        kept = [c for c in claims if c.status != Status.REJECTED]
        assert [c.id for page in claim_pages(s, page_size=3) for c in page] == [c.id for c in kept]
        assert sum(record_precisions(s).values()) == len(kept)


def test_api_streams_a_large_export_with_its_counts_and_audit(world) -> None:  # type: ignore[no-untyped-def]
    from api_helpers import auth, client
    from trucewatch.store.accounts import audit_entries

    def reads() -> int:
        with store.session() as s:
            entries = audit_entries(s, user_name="analyst1", action="confidential.read", limit=100_000)
        return len(entries)

    store, _sd, toks = world
    add_generated_claims(store, 4_000)
    with store.session() as s:
        records = load_records(s, show_confidential=True)
        expected = exports.render_export("acled", records, actor_kinds(s))
        written, left_out = exports.export_counts("acled", records)
    shown = {r.document_id for r in records if r.confidential}
    before = reads()
    with client(store) as c:
        r = c.get("/api/export?format=acled", headers=auth(toks["analyst"]))
    assert r.status_code == 200, r.text
    assert r.text == expected and expected.count("\n") > 2 * exports.ROWS_PER_CHUNK
    assert r.headers["x-records-written"] == str(written)
    assert r.headers["x-records-left-out"] == ", ".join(f"{n} {why}" for why, n in sorted(left_out.items()))
    assert reads() - before == len(shown) >= 10  # one entry per confidential document the export showed
