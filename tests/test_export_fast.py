"""The fast export path (claims read as Core rows, CSV written from tuples) gives the bytes the
old path gave: for random worlds with confidential sources and documents, undated claims, many
actors and figures, identical statements and hostile text, for an analyst and a viewer.

The oracle is the old path spelt out here: claims read through the ORM (convert.claim_from_row),
records from to_records, CSV cells from a dict per record, GeoJSON dumped in one piece."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import random
from typing import Any

import pytest
from sqlalchemy import select

from trucewatch.ledger.known import known_claims
from trucewatch.ledger_service import doc_infos
from trucewatch.model import (
    ActorRole,
    Claim,
    Document,
    EventType,
    Place,
    Precision,
    Qualifier,
    Quantity,
    QuantityKind,
    Reliability,
    Role,
    Source,
    Span,
    Status,
    When,
)
from trucewatch.report import exports
from trucewatch.report.load import actor_kinds, iter_records, places_by_id
from trucewatch.report.records import REDACTED_SOURCE, REDACTED_TEXT, Record, country_name, to_records
from trucewatch.serialize import as_json
from trucewatch.store import Session, Store, add_document, claim_pages, upsert_places
from trucewatch.store.claims import claims_by_ids, replace_claims_of_documents
from trucewatch.store.documents import documents_by_id
from trucewatch.store.tables import ClaimRow

FORMATS = ("csv", "acled", "hxl", "geojson", "json")
HOSTILE = (
    '=cmd|" /C calc"!A0',
    "+1+1",
    "-2",
    "-x dashes",
    "@SUM(A1)",
    "\tTabbed",
    "\rCarriage",
    "line one\nline two",
    'say "hello", then; go',
    "الوعر, Ünïcödé",
    "plain words",
)
SECRET = "Secret Insider =HYPERLINK"
SOURCES = (
    Source("Open Wire", reliability=Reliability.B),
    Source('=Formula "Press"\nDesk', reliability=Reliability.E),
    Source(SECRET, "person", Reliability.C, confidential=True),
)
KINDS = ("city", "neighbourhood", "governorate", "country", "district", "camp", "region", "other")
PRECISIONS = tuple(Precision)


def _place(rng: random.Random, i: int) -> Place:
    return Place(
        f"{rng.choice(HOSTILE)} place {i}",
        rng.choice(("SY", "IQ", "YE", None)),
        rng.choice((None, 33.5 + i / 7)),
        rng.choice((None, 36.25 - i / 9)),
        kind=rng.choice(KINDS),
        admin1=rng.choice((None, "Homs", rng.choice(HOSTILE))),
        id=f"fast-place-{i}",
    )


def _when(rng: random.Random, starts: list[dt.datetime]) -> When | None:
    if rng.random() < 0.15:
        return None
    start = rng.choice(starts)  # few starts: many claims share one (sorted together)
    end = start + dt.timedelta(days=rng.randint(1, 9)) if rng.random() < 0.2 else None
    return When(start, rng.choice(PRECISIONS), end, open_ended=end is None and rng.random() < 0.2)


def _span(rng: random.Random, doc_id: str, text: str) -> Span:
    start = rng.randrange(len(text))
    return Span(doc_id, start, rng.randint(start, len(text)))


def build_world(store: Store, seed: int) -> None:
    """Documents (one in three confidential by source, some by themselves) and claims on them."""
    rng = random.Random(seed)
    places = [_place(rng, i) for i in range(6)]
    starts = [
        dt.datetime(2016 + i % 3, 1 + i % 12, 1 + i % 28, (i * 7) % 24, (i * 13) % 60) for i in range(5)
    ]
    with store.session() as s:
        upsert_places(s, places)
        docs: list[tuple[str, str]] = []
        for i in range(8):
            words = " ".join(rng.choice(HOSTILE) for _ in range(6))
            text = f"Report {seed}-{i}. {words} The same words. {HOSTILE[0]} {HOSTILE[7]}"
            doc = Document(
                text=text,
                content_hash=hashlib.sha256(text.encode()).hexdigest(),
                published=rng.choice((None, dt.date(2017, 3, 1 + i))),
                source=rng.choice(SOURCES),
                confidential=rng.random() < 0.15,
            )
            docs.append((add_document(s, doc)[0], text))
        batches: dict[str, list[Claim]] = {}
        for doc_id, text in docs:
            claims = []
            for _ in range(rng.randint(3, 9)):
                evidence = [_span(rng, doc_id, text) for _ in range(rng.randint(1, 3))]
                if rng.random() < 0.2:  # evidence quoted from another report too
                    other_id, other = rng.choice(docs)
                    evidence.append(_span(rng, other_id, other))
                place = rng.choice([*places, None])
                actors = tuple(
                    ActorRole(
                        rng.choice(("Syrian government", "Waer rebels", "Russia", rng.choice(HOSTILE))),
                        rng.choice(tuple(Role)),
                        rng.choice((None, _span(rng, doc_id, text))),
                    )
                    for _ in range(rng.choice((0, 1, 2, 8)))
                )
                quantities = tuple(
                    Quantity(
                        rng.choice(tuple(QuantityKind)),
                        rng.choice((None, 0, 7, 7300, 1_000_000)),
                        rng.choice(tuple(Qualifier)),
                        rng.choice((None, _span(rng, doc_id, text))),
                    )
                    for _ in range(rng.choice((0, 1, 6)))
                )
                claims.append(
                    Claim(
                        rng.choice(tuple(EventType)),
                        doc_id,
                        tuple(evidence),
                        _when(rng, starts),
                        place.name if place else rng.choice((None, "=somewhere")),
                        place.id if place else None,
                        actors,
                        quantities,
                        rule=rng.choice((None, "rule-1")),
                        status=rng.choice((Status.PROPOSED, Status.CONFIRMED, Status.REJECTED)),
                    )
                )
            # Identical statements: the same words of one source on one day, twice.
            phrase = text.index("The same words.")
            same = Span(doc_id, phrase, phrase + len("The same words."))
            claims += [Claim(EventType.ATTACK_SHELLING, doc_id, (same,), When(starts[0], Precision.DAY))] * 2
            formula = text.index(HOSTILE[0])  # a quote that starts with "=" and holds a newline
            claims.append(Claim(EventType.OTHER, doc_id, (Span(doc_id, formula, len(text)),), None, "-x"))
            batches[doc_id] = claims
        replace_claims_of_documents(s, "rules", "1", batches)


def old_claims(session: Session) -> list[Claim]:
    """Every claim not rejected, read through the ORM, in the store's order."""
    query = (
        select(ClaimRow.id)
        .where(ClaimRow.status != Status.REJECTED.value)
        .order_by(ClaimRow.when_start.is_(None), ClaimRow.when_start, ClaimRow.document_id, ClaimRow.id)
    )
    return claims_by_ids(session, list(session.scalars(query)))


def old_records(session: Session, *, show_confidential: bool, as_of: dt.date | None = None) -> list[Record]:
    claims = old_claims(session)
    if as_of is not None:
        infos = doc_infos(
            session, {c.document_id for c in claims}, withhold_confidential=not show_confidential
        )
        claims = known_claims(claims, as_of, infos)
    docs = documents_by_id(
        session, {sp.document_id for c in claims for sp in c.evidence} | {c.document_id for c in claims}
    )
    records = to_records(claims, docs, places_by_id(session), show_confidential=show_confidential)
    return sorted(records, key=lambda r: (r.when is None, r.when.start if r.when else dt.datetime.min, r.id))


def old_dict(r: Record) -> dict[str, Any]:
    """record_dict as it was: one dict per record."""
    return {
        "id": r.id,
        "claim_id": r.claim_id,
        "event_id": r.event_id,
        "type": r.type.value,
        "date": r.date or None,
        "precision": r.when.precision.value if r.when else None,
        "status": r.status.value,
        "location": r.location,
        "admin1": r.admin1,
        "country": country_name(r.country_code) or None,
        "latitude": r.latitude,
        "longitude": r.longitude,
        "geo_precision": r.geo_precision,
        "actor1": r.actor1,
        "actor2": r.actor2,
        "source": r.source,
        "reliability": r.reliability,
        "fatalities": r.fatalities,
        "figures": r.figures,
        "notes": r.notes,
    }


def old_cell(value: Any) -> str:
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")  # a line break is written "\n"
    if text[:1] in ("=", "+", "-", "@", "\t", "\r", "\n"):
        try:
            float(text)
        except ValueError:
            return "'" + text
    return text


def old_csv(header: Any, rows: Any) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([old_cell(v) for v in row])
    return buf.getvalue()


def old_text(fmt: str, records: list[Record], session: Session) -> str:
    kinds = actor_kinds(session)
    if fmt == "csv":
        return old_csv(exports.CSV_COLUMNS, ([old_dict(r)[c] for c in exports.CSV_COLUMNS] for r in records))
    if fmt == "acled":
        rows = exports.to_acled_rows(records, kinds)
        return old_csv(exports.ACLED_COLUMNS, ([row[c] for c in exports.ACLED_COLUMNS] for row in rows))
    if fmt == "hxl":
        header, *rest = exports.to_hxl(records, kinds)
        return old_csv(header, rest)
    if fmt == "geojson":
        features = [
            {
                "type": "Feature",
                "id": r.id,
                "geometry": None
                if r.latitude is None or r.longitude is None
                else {"type": "Point", "coordinates": [r.longitude, r.latitude]},
                "properties": old_dict(r),
            }
            for r in records
        ]
        return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    items = [as_json(exports.record_claim(r)) for r in records]
    return json.dumps({"records": items}, ensure_ascii=False, indent=2)


@pytest.fixture(params=[1, 2, 3])
def world(request: pytest.FixtureRequest, store: Store) -> Store:
    build_world(store, request.param)
    return store


def test_claims_read_as_rows_equal_those_read_through_the_orm(world: Store) -> None:
    with world.session() as s:
        fast = [c for page in claim_pages(s, page_size=7) for c in page]
        assert fast == old_claims(s)
        assert any(c.when is None for c in fast) and any(len(c.actors) == 8 for c in fast)
        assert any(len(c.quantities) == 6 for c in fast)


@pytest.mark.parametrize("show_confidential", [False, True], ids=["viewer", "analyst"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_fast_export_is_byte_identical_to_the_old_one(
    world: Store, fmt: str, show_confidential: bool
) -> None:
    with world.session() as s:
        expected = old_text(fmt, old_records(s, show_confidential=show_confidential), s)
        for page_size, group_limit in ((5000, 5000), (3, 2)):
            records = iter_records(
                s, show_confidential=show_confidential, page_size=page_size, group_limit=group_limit
            )
            text = "".join(exports.stream_export(exports.export_format(fmt), records, actor_kinds(s)))
            assert text.encode() == expected.encode()
    if fmt in ("csv", "acled", "hxl"):
        # a lone \r is written as the line break it is: quoted, never a row split in a reader
        assert "\r" not in text
        rows = list(csv.reader(io.StringIO(text)))
        cells = [c for row in rows[1:] for c in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r", "\n")]  # formulas quoted
        assert any(c.startswith("'=") for c in cells)
    if show_confidential:
        assert SECRET in text
    else:
        assert "HYPERLINK" not in text and REDACTED_SOURCE in text
        if fmt != "json":
            assert REDACTED_TEXT in text


def test_the_worlds_hold_what_the_exports_must_survive(world: Store) -> None:
    with world.session() as s:
        records = old_records(s, show_confidential=False)
    assert any(r.redacted for r in records) and any(not r.redacted for r in records)
    assert any(r.when is None for r in records)
    assert any(r.id.endswith("-2") for r in records)  # identical statements told apart
    assert any("\n" in (r.notes or "") for r in records)


@pytest.mark.parametrize("show_confidential", [False, True], ids=["viewer", "analyst"])
def test_fast_export_as_of_a_day_is_the_old_one(world: Store, show_confidential: bool) -> None:
    as_of = dt.date(2017, 3, 4)  # some reports published by then, some after, some undated
    with world.session() as s:
        old = old_records(s, show_confidential=show_confidential, as_of=as_of)
        expected = old_text("csv", old, s) + old_text("json", old, s)
        fast = list(iter_records(s, show_confidential=show_confidential, as_of=as_of, page_size=4))
        assert exports.to_csv(fast) + exports.to_json(fast) == expected
        assert 0 < len(fast) < len(old_records(s, show_confidential=show_confidential))
