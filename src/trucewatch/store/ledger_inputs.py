"""What the ledger reads from the store: claims and their Events, documents' days, texts, places.

The queries behind trucewatch.ledger_service, kept here so the ledger's core
runs no SQL. Each returns plain values (trucewatch.model dataclasses, the
ledger's DocInfo, dicts of ids), never rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Executable, case, func, select, union_all
from sqlalchemy.orm import Session

from trucewatch.ledger.happenings import DocInfo
from trucewatch.ledger.timeline import end_of_day
from trucewatch.model import (
    ActorRole,
    Claim,
    Event,
    EventType,
    Precision,
    Qualifier,
    Quantity,
    QuantityKind,
    Role,
    Span,
    Status,
    When,
)
from trucewatch.store.tables import (
    ClaimActorRow,
    ClaimQuantityRow,
    ClaimRow,
    DocumentRow,
    EventRow,
    EvidenceRow,
    PlaceRow,
    SourceRow,
)
from trucewatch.store.visibility import confidential_document, is_confidential, published_as_seen

# Value -> member lookups: an Enum call per column per row is a measurable share of a bulk load.
_TYPES = {t.value: t for t in EventType}
_STATUSES = {t.value: t for t in Status}
_ROLES = {t.value: t for t in Role}
_KINDS = {t.value: t for t in QuantityKind}
_QUALIFIERS = {t.value: t for t in Qualifier}
_PRECISIONS = {t.value: t for t in Precision}


def claims_and_events(
    session: Session,
    types: Iterable[EventType] | None,
    place_ids: Iterable[str] | None = None,
    *,
    with_quantity: QuantityKind | None = None,
    dated_within: tuple[dt.datetime, dt.datetime] | None = None,
) -> tuple[list[Claim], list[Event]]:
    """Claims of `types` (any type: None), in `place_ids` when given, not rejected; and their Events.

    `with_quantity` keeps only claims giving a figure of that kind (population figures);
    `dated_within` (lo, hi) only claims whose date could fall in [lo, hi) (or undated in an Event).
    One query for the claims (two, UNION ALL, with `dated_within`), then their child rows
    by id, so the claims' conditions are evaluated once, not once per child table. The
    analysts' Events come joined to the claims rows (no second round of queries by event id).
    """
    conditions = [ClaimRow.status != Status.REJECTED.value]
    if types is not None:
        conditions.append(ClaimRow.type.in_(sorted({EventType(t).value for t in types})))
    if with_quantity is not None:
        giving = select(ClaimQuantityRow.claim_id).where(ClaimQuantityRow.kind == with_quantity.value)
        conditions.append(ClaimRow.id.in_(giving))
    places = None if place_ids is None else sorted(set(place_ids))
    if places is not None:
        conditions.append(ClaimRow.place_id.in_(places))
    halves = [conditions]
    if dated_within is not None:
        lo, hi = dated_within
        # Two index-friendly halves, not an OR that hides the date range from the index
        # (place_id, when_start): dated claims in range, and undated claims in an analyst's
        # Event (the Event may carry the date). A claim is in at most one half.
        halves = [
            [*conditions, ClaimRow.when_start < hi, ClaimRow.when_last > lo],
            [*conditions, ClaimRow.when_start.is_(None), ClaimRow.event_id.is_not(None)],
        ]
    rows = session.execute(
        _union(
            [
                select(*_CLAIM_COLUMNS, *_EVENT_COLUMNS)
                .outerjoin(EventRow, EventRow.id == ClaimRow.event_id)
                .where(*h)
                for h in halves
            ]
        )
    ).all()
    if not rows:
        return [], []
    if len(rows) <= _ID_BATCH:
        wanted: Sequence[str] | Executable = [r.id for r in rows]
    else:
        # Many claims: the database re-selecting the ids (index-narrowed) beats sending them
        # back in batches (measured: 69,000 attack claims, 0.3 s less).
        wanted = _union([select(ClaimRow.id).where(*h) for h in halves])
    evidence, actors, quantities = _children(session, wanted)
    whens: dict[tuple[object, ...], When | None] = {}  # one When per distinct date, shared

    def when(
        start: dt.datetime | None, end: dt.datetime | None, precision: str | None, open_: bool
    ) -> When | None:
        key = (start, end, precision, open_)
        if key not in whens:
            whens[key] = _when(start, end, precision, open_)
        return whens[key]

    claims = [
        Claim(
            type=_TYPES[r.type],
            document_id=r.document_id,
            evidence=tuple(evidence.get(r.id, ())),
            when=when(r.when_start, r.when_end, r.when_precision, r.when_open_ended),
            place=r.place,
            place_id=r.place_id,
            actors=tuple(actors.get(r.id, ())),
            quantities=tuple(quantities.get(r.id, ())),
            extractor=r.extractor,
            rule=r.rule,
            status=_STATUSES[r.status],
            event_id=r.event_id,
            id=r.id,
        )
        for r in rows
    ]
    events: dict[str, Event] = {}
    for r in rows:
        if r.ev_id is not None and r.ev_id not in events:
            events[r.ev_id] = Event(
                _TYPES[r.ev_type],
                (),
                when(r.ev_start, r.ev_end, r.ev_precision, r.ev_open_ended),
                r.ev_place_id,
                status=_STATUSES[r.ev_status],
                id=r.ev_id,
            )
    return claims, list(events.values())


_EVENT_COLUMNS = (
    EventRow.id.label("ev_id"),
    EventRow.type.label("ev_type"),
    EventRow.when_start.label("ev_start"),
    EventRow.when_end.label("ev_end"),
    EventRow.when_precision.label("ev_precision"),
    EventRow.when_open_ended.label("ev_open_ended"),
    EventRow.place_id.label("ev_place_id"),
    EventRow.status.label("ev_status"),
)
_CLAIM_COLUMNS = (
    ClaimRow.id,
    ClaimRow.type,
    ClaimRow.document_id,
    ClaimRow.when_start,
    ClaimRow.when_end,
    ClaimRow.when_precision,
    ClaimRow.when_open_ended,
    ClaimRow.place,
    ClaimRow.place_id,
    ClaimRow.status,
    ClaimRow.event_id,
    ClaimRow.extractor,
    ClaimRow.rule,
)
_ID_BATCH = 5000  # ids per IN (...): under the bound-parameter limits of SQLite (32,766) and psycopg


def _batches(ids: Sequence[str]) -> list[Sequence[str]]:
    """The ids in slices of _ID_BATCH, one IN (...) each."""
    return [ids[i : i + _ID_BATCH] for i in range(0, len(ids), _ID_BATCH)]


def _column_by_id(session: Session, id_column: Any, column: Any, ids: Iterable[str]) -> dict[str, Any]:
    """One column of the rows with these ids, by id (unknown ids left out), read in batches."""
    out: dict[str, Any] = {}
    for batch in _batches(sorted(set(ids))):
        query = select(id_column, column).where(id_column.in_(batch))
        out.update({row_id: value for row_id, value in session.execute(query)})
    return out


def _union(queries: Sequence[Any]) -> Executable:
    return queries[0] if len(queries) == 1 else union_all(*queries)


def _children(
    session: Session, ids: Sequence[str] | Executable
) -> tuple[dict[str, list[Span]], dict[str, list[ActorRole]], dict[str, list[Quantity]]]:
    """Evidence, actors and figures of these claims (ids, or a query of them), in position order."""
    evidence: dict[str, list[Span]] = defaultdict(list)
    actors: dict[str, list[ActorRole]] = defaultdict(list)
    quantities: dict[str, list[Quantity]] = defaultdict(list)
    batches: list[Any] = [ids] if isinstance(ids, Executable) else _batches(ids)
    for batch in batches:
        for cid, doc, start, end in session.execute(
            select(EvidenceRow.claim_id, EvidenceRow.document_id, EvidenceRow.start, EvidenceRow.end)
            .where(EvidenceRow.claim_id.in_(batch))
            .order_by(EvidenceRow.claim_id, EvidenceRow.position)
        ):
            evidence[cid].append(Span(doc, start, end))
        for cid, actor, role, sdoc, sstart, send in session.execute(
            select(
                ClaimActorRow.claim_id,
                ClaimActorRow.actor,
                ClaimActorRow.role,
                ClaimActorRow.span_document_id,
                ClaimActorRow.span_start,
                ClaimActorRow.span_end,
            )
            .where(ClaimActorRow.claim_id.in_(batch))
            .order_by(ClaimActorRow.claim_id, ClaimActorRow.position)
        ):
            actors[cid].append(ActorRole(actor, _ROLES[role], _span(sdoc, sstart, send)))
        for cid, kind, value, qualifier, sdoc, sstart, send in session.execute(
            select(
                ClaimQuantityRow.claim_id,
                ClaimQuantityRow.kind,
                ClaimQuantityRow.value,
                ClaimQuantityRow.qualifier,
                ClaimQuantityRow.span_document_id,
                ClaimQuantityRow.span_start,
                ClaimQuantityRow.span_end,
            )
            .where(ClaimQuantityRow.claim_id.in_(batch))
            .order_by(ClaimQuantityRow.claim_id, ClaimQuantityRow.position)
        ):
            quantities[cid].append(
                Quantity(_KINDS[kind], value, _QUALIFIERS[qualifier], _span(sdoc, sstart, send))
            )
    return evidence, actors, quantities


def _span(doc: str | None, start: int | None, end: int | None) -> Span | None:
    return Span(doc, start, end) if doc is not None and start is not None and end is not None else None


def has_claims(session: Session) -> bool:
    return session.scalar(select(ClaimRow.id).limit(1)) is not None


def doc_infos(
    session: Session, document_ids: Iterable[str], *, withhold_confidential: bool = False
) -> dict[str, DocInfo]:
    """Publication date, ingest day and source name of each document (for "as of" and per-source figures).

    `withhold_confidential`: for a reader who may not see confidential documents, whose
    publication dates are withheld (trucewatch.disclosure.published_as_seen).
    """
    wanted = sorted(set(document_ids))
    out: dict[str, DocInfo] = {}
    for i in range(0, len(wanted), 500):
        query = (
            select(
                DocumentRow.id,
                DocumentRow.published,
                SourceRow.name,
                DocumentRow.confidential,
                SourceRow.confidential,
                DocumentRow.ingested_at,
            )
            .outerjoin(SourceRow, SourceRow.id == DocumentRow.source_id)
            .where(DocumentRow.id.in_(wanted[i : i + 500]))
        )
        for doc_id, published, source, doc_mark, source_mark, ingested in session.execute(query):
            secret = is_confidential(doc_mark, source_mark)
            day = published_as_seen(published, secret, withhold=withhold_confidential)
            withheld = withhold_confidential and secret  # no day at all: as for the publication date
            ingest_day = None if withheld or ingested is None else ingested.date()
            out[doc_id] = DocInfo(published=day, source=source, ingested=ingest_day)
    return out


def load_events(session: Session, claims: Sequence[Claim]) -> list[Event]:
    """The analysts' Events the claims belong to (their date, place and type override the claims')."""
    wanted = sorted({c.event_id for c in claims if c.event_id})
    out = []
    for batch in _batches(wanted):
        rows = session.execute(
            select(
                EventRow.id,
                EventRow.type,
                EventRow.when_start,
                EventRow.when_end,
                EventRow.when_precision,
                EventRow.when_open_ended,
                EventRow.place_id,
                EventRow.status,
            ).where(EventRow.id.in_(batch))
        )
        for eid, type_, start, end, precision, open_ended, place_id, status in rows:
            when = _when(start, end, precision, open_ended)
            out.append(Event(_TYPES[type_], (), when, place_id, status=_STATUSES[status], id=eid))
    return out


def _when(
    start: dt.datetime | None, end: dt.datetime | None, precision: str | None, open_ended: bool
) -> When | None:
    if start is None or precision is None:
        return None
    return When(start, _PRECISIONS[precision], end, bool(open_ended))


def evidence_texts(session: Session, claims: Iterable[Claim], limit: int = 1000) -> dict[str, str]:
    """The words of each claim's first evidence span (at most `limit` characters), by claim id."""
    wanted = sorted({c.id for c in claims if c.id is not None and c.evidence})
    length = EvidenceRow.end - EvidenceRow.start
    words = func.substr(DocumentRow.text, EvidenceRow.start + 1, case((length > limit, limit), else_=length))
    out: dict[str, str] = {}
    for batch in _batches(wanted):
        query = (
            select(EvidenceRow.claim_id, words)
            .join(DocumentRow, DocumentRow.id == EvidenceRow.document_id)
            .where(EvidenceRow.claim_id.in_(batch), EvidenceRow.position == 0)
        )
        out.update({cid: text or "" for cid, text in session.execute(query)})
    return out


_NEAR = 90  # characters around a figure read for its mood (modality.mood_of reads as far)


def figure_texts(session: Session, claims: Iterable[Claim]) -> dict[Span, tuple[str, int]]:
    """The words around each figure of these claims: span -> (text, offset of the text in its document)."""
    wanted = sorted({c.id for c in claims if c.id is not None and c.quantities})
    q = ClaimQuantityRow
    first = case((q.span_start > _NEAR, q.span_start - _NEAR), else_=0)
    length = case((q.span_end - q.span_start > 400, 400), else_=q.span_end - q.span_start) + 2 * _NEAR
    out: dict[Span, tuple[str, int]] = {}
    for batch in _batches(wanted):
        query = (
            select(
                q.span_document_id,
                q.span_start,
                q.span_end,
                first,
                func.substr(DocumentRow.text, first + 1, length),
            )
            .join(DocumentRow, DocumentRow.id == q.span_document_id)
            .where(q.claim_id.in_(batch), q.span_start.is_not(None), q.span_end.is_not(None))
        )
        for doc, start, end, offset, text in session.execute(query):
            out[Span(doc, start, end)] = (text or "", offset)
    return out


def last_reports(
    session: Session, as_of: dt.date, *, withhold_confidential: bool = False
) -> dict[str | None, dt.date]:
    """The latest day, up to `as_of`, a report about each place became known (publication, else ingest).

    Confidential reports are left out for a reader who may not see them: the
    day would tell when they came out.
    """
    joined = [DocumentRow.id == ClaimRow.document_id]
    live = [ClaimRow.status != Status.REJECTED.value]
    if withhold_confidential:
        live.append(~confidential_document())
    published = (
        select(ClaimRow.place_id, func.max(DocumentRow.published))
        .join(DocumentRow, *joined)
        .where(*live, DocumentRow.published.is_not(None), DocumentRow.published <= as_of)
        .group_by(ClaimRow.place_id)
    )
    ingested = (
        select(ClaimRow.place_id, func.max(DocumentRow.ingested_at))
        .join(DocumentRow, *joined)
        .where(*live, DocumentRow.published.is_(None), DocumentRow.ingested_at < end_of_day(as_of))
        .group_by(ClaimRow.place_id)
    )
    out: dict[str | None, dt.date] = {}
    for place, day in session.execute(published):
        if day is not None:
            out[place] = day
    for place, at in session.execute(ingested):
        if at is not None:
            out[place] = max(out.get(place, at.date()), at.date())
    return out


def place_parents(session: Session) -> dict[str, str | None]:
    """Each place's parent (None: a top-level place), for the ledger's PlaceTree."""
    rows = session.execute(select(PlaceRow.id, PlaceRow.parent_id))
    return {pid: parent for pid, parent in rows}


def place_kinds(session: Session) -> dict[str, str]:
    """Each place's kind (city, district, ...), by id."""
    return {pid: kind for pid, kind in session.execute(select(PlaceRow.id, PlaceRow.kind))}


def documents_of_claims(session: Session, claim_ids: Iterable[str]) -> dict[str, str]:
    """The document each of these claims was read from, by claim id (unknown ids left out)."""
    return _column_by_id(session, ClaimRow.id, ClaimRow.document_id, claim_ids)


def document_texts(session: Session, document_ids: Iterable[str]) -> dict[str, str]:
    """The texts of these documents, by id: the texts only, in batches (not a document each)."""
    return _column_by_id(session, DocumentRow.id, DocumentRow.text, document_ids)
