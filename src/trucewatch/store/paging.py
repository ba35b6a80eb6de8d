"""Paged, filtered reads straight from the tables (keyset paging), for the API's lists.

The store's list_* functions return whole tables, which is right for the
ledger but not for an API over millions of rows; these read one page at a
time with indexed filters. Every value from a request is a bound parameter.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, select, tuple_, union_all
from sqlalchemy.orm import Session

from trucewatch.model import Claim, Document, Event, EventType, Status
from trucewatch.store import convert
from trucewatch.store.claims import dated_within
from trucewatch.store.tables import ClaimActorRow, ClaimRow, DocumentRow, EventRow, SourceRow
from trucewatch.store.visibility import Condition, confidential_document, public_documents


@dataclass(frozen=True, slots=True)
class Key:
    """Where a page starts: after this id (and, on date-ordered pages, this start time)."""

    id: str
    when: dt.datetime | None = None


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
    # The documents a `document_id` filter may name (trucewatch.disclosure.shown_documents; None: any),
    # so that the filter cannot confirm a document the caller may not see.
    document_shown: Condition | None = None
    public_only: bool = False  # anonymous public read: only what public documents back


# A place filter over several places (a city and its districts) is read as one
# small ordered query per place, merged: each walks its (place_id, key) index and
# stops after a page, where one IN query would fetch and sort every match.
MAX_PLACES_MERGED = 64

Row = type[ClaimRow] | type[EventRow]


def by_date(f: Filters) -> bool:
    """Date-filtered pages are ordered newest first (start, then id), others by id."""
    return f.since is not None or f.until is not None


def key_of(f: Filters, item: Claim | Event) -> Key:
    """The sort key of an item of a page read with filters `f`, for the next cursor."""
    assert item.id is not None
    return Key(item.id, item.when.start if by_date(f) and item.when else None)


def key_fits(f: Filters, key: Key | None) -> bool:
    """Whether a cursor's key belongs to pages read with filters `f` (same ordering)."""
    return key is None or (key.when is not None) == by_date(f)


def filter_conditions(table: Row, f: Filters, after: Key | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = dated_within(table.when_start, table.when_last, f.since, f.until)
    if f.types:
        conditions.append(table.type.in_([t.value for t in f.types]))
    if f.status:
        conditions.append(table.status.in_([s.value for s in f.status]))
    if after is not None:
        if by_date(f) and after.when is not None:
            conditions.append(tuple_(table.when_start, table.id) < tuple_(after.when, after.id))
        else:
            conditions.append(table.id > after.id)
    return conditions


def page_select(table: Row, f: Filters, conditions: list[ColumnElement[bool]], limit: int) -> Select[Any]:
    """The page's rows of `table`, in page order: one indexed query, or one per place merged."""

    def order(t: Any) -> list[Any]:
        return [t.when_start.desc(), t.id.desc()] if by_date(f) else [t.id]

    places = sorted(f.place_ids) if f.place_ids is not None else None
    if places is None or len(places) <= 1 or len(places) > MAX_PLACES_MERGED:
        if places is not None:
            conditions = [*conditions, table.place_id.in_(places)]
        return select(table).where(*conditions).order_by(*order(table)).limit(limit)
    parts = [
        select(table.id, table.when_start)
        .where(*conditions, table.place_id == place)
        .order_by(*order(table))
        .limit(limit)
        .subquery()
        for place in places
    ]
    merged = union_all(*(select(part) for part in parts)).subquery()
    top = select(merged.c.id).order_by(*order(merged.c)).limit(limit).subquery()
    return select(table).join(top, table.id == top.c.id).order_by(*order(table))


def claim_page(session: Session, f: Filters, after: Key | None, limit: int) -> list[Claim]:
    conditions = filter_conditions(ClaimRow, f, after)
    if f.claim_ids is not None:
        conditions.append(ClaimRow.id.in_(sorted(f.claim_ids)))
    if f.document_id is not None:
        conditions.append(ClaimRow.document_id == f.document_id)
        if f.document_shown is not None:
            conditions.append(ClaimRow.document_id.in_(select(DocumentRow.id).where(f.document_shown)))
    if f.public_only:
        conditions.append(ClaimRow.document_id.in_(public_documents()))
    if f.actor is not None:
        conditions.append(
            select(ClaimActorRow.claim_id)
            .where(ClaimActorRow.claim_id == ClaimRow.id, ClaimActorRow.actor == f.actor)
            .exists()
        )
    rows = session.scalars(page_select(ClaimRow, f, conditions, limit))
    return [convert.claim_from_row(r) for r in rows]


def event_page(session: Session, f: Filters, after: Key | None, limit: int) -> list[Event]:
    conditions = filter_conditions(EventRow, f, after)
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
    if f.public_only:  # every claim of the event from a public document: its fields come from all of them
        of_event = select(ClaimRow.id).where(ClaimRow.event_id == EventRow.id)
        conditions.append(of_event.exists())
        conditions.append(~of_event.where(ClaimRow.document_id.not_in(public_documents())).exists())
    rows = list(session.scalars(page_select(EventRow, f, conditions, limit)))
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
    shown: Condition | None,
    after: str | None,
    limit: int,
) -> list[Document]:
    """One page of documents; `shown` (trucewatch.disclosure.shown_documents) keeps only those the
    caller may see, before any filter, so that no filter tells anything of the others."""
    query = select(DocumentRow).outerjoin(SourceRow, DocumentRow.source_id == SourceRow.id)
    conditions: list[ColumnElement[bool]] = [] if shown is None else [shown]
    if since is not None:
        conditions.append(DocumentRow.published >= since)
    if until is not None:
        conditions.append(DocumentRow.published <= until)
    if source is not None:
        conditions.append(SourceRow.name == source)
    if confidential is not None:
        is_conf = confidential_document()
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
