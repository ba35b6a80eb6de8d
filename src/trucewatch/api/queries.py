"""Paged, filtered reads straight from the tables (keyset on id).

The store's list_* functions return whole tables, which is right for the
ledger but not for an API over millions of rows; these read one page at a
time with indexed filters. Every value from a request is a bound parameter.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from trucewatch.model import Claim, Document, Event, EventType, Status
from trucewatch.store import convert
from trucewatch.store.tables import ClaimActorRow, ClaimRow, DocumentRow, EventRow, SourceRow


@dataclass(frozen=True, slots=True)
class Filters:
    since: dt.date | None = None
    until: dt.date | None = None
    place_ids: frozenset[str] | None = None  # already widened to descendants
    actor: str | None = None
    types: tuple[EventType, ...] = ()
    status: tuple[Status, ...] = ()
    claim_ids: frozenset[str] | None = None  # e.g. the claims an agreement cites
    document_id: str | None = None


def _day_start(d: dt.date) -> dt.datetime:
    return dt.datetime(d.year, d.month, d.day)


def _dated(
    start_col: InstrumentedAttribute[dt.datetime | None],
    last_col: InstrumentedAttribute[dt.datetime | None],
    f: Filters,
) -> list[ColumnElement[bool]]:
    """Rows whose date may fall in [since, until] (until includes its whole day)."""
    out: list[ColumnElement[bool]] = []
    if f.since is not None:
        out.append(and_(start_col.is_not(None), or_(last_col.is_(None), last_col > _day_start(f.since))))
    if f.until is not None:
        out.append(start_col < _day_start(f.until) + dt.timedelta(days=1))
    return out


def claim_page(session: Session, f: Filters, after: str | None, limit: int) -> list[Claim]:
    conditions: list[ColumnElement[bool]] = _dated(ClaimRow.when_start, ClaimRow.when_last, f)
    if f.types:
        conditions.append(ClaimRow.type.in_([t.value for t in f.types]))
    if f.status:
        conditions.append(ClaimRow.status.in_([s.value for s in f.status]))
    if f.place_ids is not None:
        conditions.append(ClaimRow.place_id.in_(sorted(f.place_ids)))
    if f.claim_ids is not None:
        conditions.append(ClaimRow.id.in_(sorted(f.claim_ids)))
    if f.document_id is not None:
        conditions.append(ClaimRow.document_id == f.document_id)
    if f.actor is not None:
        conditions.append(
            select(ClaimActorRow.claim_id)
            .where(ClaimActorRow.claim_id == ClaimRow.id, ClaimActorRow.actor == f.actor)
            .exists()
        )
    if after is not None:
        conditions.append(ClaimRow.id > after)
    rows = session.scalars(select(ClaimRow).where(*conditions).order_by(ClaimRow.id).limit(limit))
    return [convert.claim_from_row(r) for r in rows]


def event_page(session: Session, f: Filters, after: str | None, limit: int) -> list[Event]:
    conditions: list[ColumnElement[bool]] = _dated(EventRow.when_start, EventRow.when_last, f)
    if f.types:
        conditions.append(EventRow.type.in_([t.value for t in f.types]))
    if f.status:
        conditions.append(EventRow.status.in_([s.value for s in f.status]))
    if f.place_ids is not None:
        conditions.append(EventRow.place_id.in_(sorted(f.place_ids)))
    if f.actor is not None or f.claim_ids is not None:
        # An event's actors are those of its claims (the JSON column is not searchable on every backend).
        sub = select(ClaimRow.id).where(ClaimRow.event_id == EventRow.id)
        if f.claim_ids is not None:
            sub = sub.where(ClaimRow.id.in_(sorted(f.claim_ids)))
        if f.actor is not None:
            sub = sub.join(ClaimActorRow, ClaimActorRow.claim_id == ClaimRow.id).where(
                ClaimActorRow.actor == f.actor
            )
        conditions.append(sub.exists())
    if after is not None:
        conditions.append(EventRow.id > after)
    rows = list(session.scalars(select(EventRow).where(*conditions).order_by(EventRow.id).limit(limit)))
    members: dict[str, list[str]] = defaultdict(list)
    if rows:
        for cid, eid in session.execute(
            select(ClaimRow.id, ClaimRow.event_id)
            .where(ClaimRow.event_id.in_([r.id for r in rows]))
            .order_by(ClaimRow.id)
        ):
            if eid is not None:
                members[eid].append(cid)
    return [convert.event_from_row(r, members[r.id]) for r in rows]


def document_page(
    session: Session,
    *,
    since: dt.date | None,
    until: dt.date | None,
    source: str | None,
    confidential: bool | None,
    hide_confidential_sources: bool,
    after: str | None,
    limit: int,
) -> list[Document]:
    query = select(DocumentRow).outerjoin(SourceRow, DocumentRow.source_id == SourceRow.id)
    conditions: list[ColumnElement[bool]] = []
    if since is not None:
        conditions.append(DocumentRow.published >= since)
    if until is not None:
        conditions.append(DocumentRow.published <= until)
    if source is not None:
        conditions.append(SourceRow.name == source)
        if hide_confidential_sources:  # a filter must not confirm who a confidential source is
            conditions += [DocumentRow.confidential.is_(False), SourceRow.confidential.is_(False)]
    if confidential is not None:
        is_conf = or_(DocumentRow.confidential.is_(True), SourceRow.confidential.is_(True))
        conditions.append(is_conf if confidential else ~is_conf)
    if after is not None:
        conditions.append(DocumentRow.id > after)
    rows = session.scalars(query.where(*conditions).order_by(DocumentRow.id).limit(limit)).unique()
    return [convert.document_from_row(r) for r in rows]


def document_texts(session: Session, ids: Iterable[str]) -> dict[str, str]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = session.execute(select(DocumentRow.id, DocumentRow.text).where(DocumentRow.id.in_(wanted)))
    return {doc_id: text for doc_id, text in rows}
