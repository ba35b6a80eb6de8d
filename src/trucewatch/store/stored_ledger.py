"""The stored ledger's SQL: entries, their state, and the change log (tables in store/tables.py,
migration 0014). What the rows mean, and when they are refreshed, is trucewatch.stored_ledger's.

The change log is written by triggers; `take_changes` empties it atomically (DELETE ... RETURNING),
so a change committed while a reader folds the log is left for the next reader, never lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from trucewatch.store.tables import ClaimRow, DocumentRow, LedgerChangeRow, LedgerEntryRow, LedgerStateRow

__all__ = [
    "Change",
    "Entry",
    "EntryMeta",
    "State",
    "deal_places",
    "document_days",
    "mark",
    "read_bodies_of",
    "read_entries",
    "read_index",
    "read_records",
    "read_state",
    "replace_entries",
    "take_changes",
    "update_entries",
]


@dataclass(frozen=True, slots=True)
class Change:
    type: str | None
    place_id: str | None
    when_start: dt.datetime | None
    when_last: dt.datetime | None
    document_id: str | None
    record_kind: str | None


@dataclass(frozen=True, slots=True)
class EntryMeta:
    """What deciding whether a change touches an entry needs: no body."""

    kind: str
    audience: str
    record_id: str
    place_id: str | None
    since: dt.datetime | None
    until: dt.datetime | None
    last_report: dt.date | None
    dirty: bool


@dataclass(frozen=True, slots=True)
class Entry:
    record_id: str
    place_id: str | None
    since: dt.datetime | None
    until: dt.datetime | None
    last_report: dt.date | None
    body: bytes
    record: bytes
    version: str


@dataclass(frozen=True, slots=True)
class State:
    as_of: dt.date
    stale: bool


def take_changes(session: Session) -> list[Change]:
    """Every logged change, removed from the log in the same statement."""
    # Look first: a DELETE takes SQLite's write lock even when it deletes nothing, and every
    # stored read starts here, so reads would queue behind writers (and each other) for nothing.
    if session.execute(select(LedgerChangeRow.id).limit(1)).first() is None:
        return []
    rows = session.execute(
        delete(LedgerChangeRow).returning(
            LedgerChangeRow.type,
            LedgerChangeRow.place_id,
            LedgerChangeRow.when_start,
            LedgerChangeRow.when_last,
            LedgerChangeRow.document_id,
            LedgerChangeRow.record_kind,
        )
    )
    return [Change(*r) for r in rows]


def document_days(session: Session, ids: Iterable[str]) -> dict[str, tuple[dt.date, bool]]:
    """Each stored document's day it became known (publication, else ingest) and whether it is
    confidential by itself (its source's mark is not read: callers treat unknown as touching)."""
    wanted = sorted(set(ids))
    out: dict[str, tuple[dt.date, bool]] = {}
    for i in range(0, len(wanted), 500):
        rows = session.execute(
            select(
                DocumentRow.id, DocumentRow.published, DocumentRow.ingested_at, DocumentRow.confidential
            ).where(DocumentRow.id.in_(wanted[i : i + 500]))
        )
        for doc_id, published, ingested, confidential in rows:
            out[doc_id] = (published or ingested.date(), bool(confidential))
    return out


def read_state(session: Session, kind: str, audience: str) -> State | None:
    row = session.get(LedgerStateRow, (kind, audience))
    return None if row is None else State(row.as_of, row.stale)


def read_entries(session: Session, kinds: Sequence[str] | None = None) -> list[EntryMeta]:
    query = select(
        LedgerEntryRow.kind,
        LedgerEntryRow.audience,
        LedgerEntryRow.record_id,
        LedgerEntryRow.place_id,
        LedgerEntryRow.since,
        LedgerEntryRow.until,
        LedgerEntryRow.last_report,
        LedgerEntryRow.dirty,
    )
    if kinds is not None:
        query = query.where(LedgerEntryRow.kind.in_(kinds))
    return [EntryMeta(*r) for r in session.execute(query)]


def read_index(
    session: Session, kind: str, audience: str, record_id: str | None = None
) -> list[tuple[str, bool, str]]:
    """(record id, dirty, version) of the entries of a kind and audience in list order; one if asked."""
    query = (
        select(LedgerEntryRow.record_id, LedgerEntryRow.dirty, LedgerEntryRow.version)
        .where(LedgerEntryRow.kind == kind, LedgerEntryRow.audience == audience)
        .order_by(LedgerEntryRow.position)
    )
    if record_id is not None:
        query = query.where(LedgerEntryRow.record_id == record_id)
    return [(r, bool(d), v) for r, d, v in session.execute(query)]


def read_bodies_of(session: Session, kind: str, audience: str, record_ids: Iterable[str]) -> dict[str, bytes]:
    wanted = sorted(set(record_ids))
    out: dict[str, bytes] = {}
    for i in range(0, len(wanted), 500):
        query = select(LedgerEntryRow.record_id, LedgerEntryRow.body).where(
            LedgerEntryRow.kind == kind,
            LedgerEntryRow.audience == audience,
            LedgerEntryRow.record_id.in_(wanted[i : i + 500]),
        )
        out.update((r, b) for r, b in session.execute(query))
    return out


def read_records(session: Session, kind: str, audience: str) -> list[bytes]:
    """The records alone of the entries of a kind and audience, in list order."""
    query = (
        select(LedgerEntryRow.record)
        .where(LedgerEntryRow.kind == kind, LedgerEntryRow.audience == audience)
        .order_by(LedgerEntryRow.position)
    )
    return list(session.scalars(query))


def mark(session: Session, dirty: Iterable[tuple[str, str, str]], stale_kinds: Iterable[str]) -> None:
    """Mark entries (kind, audience, record id) dirty and kinds' record lists stale (every audience)."""
    by_group: dict[tuple[str, str], list[str]] = {}
    for kind, audience, record_id in dirty:
        by_group.setdefault((kind, audience), []).append(record_id)
    for (kind, audience), ids in by_group.items():
        for i in range(0, len(ids), 500):
            session.execute(
                update(LedgerEntryRow)
                .where(
                    LedgerEntryRow.kind == kind,
                    LedgerEntryRow.audience == audience,
                    LedgerEntryRow.record_id.in_(ids[i : i + 500]),
                )
                .values(dirty=True)
            )
    stale = sorted(set(stale_kinds))
    if stale:
        session.execute(update(LedgerStateRow).where(LedgerStateRow.kind.in_(stale)).values(stale=True))


def replace_entries(
    session: Session, kind: str, audience: str, entries: Sequence[Entry], *, as_of: dt.date, now: dt.datetime
) -> bool:
    """Every entry of a kind and audience replaced, in list order, and its state made fresh; False
    (and nothing written) when another reader stored the same list first (PostgreSQL: two readers
    of a new day at once), whose rows are as good as ours."""
    try:
        with session.begin_nested():
            _replace(session, kind, audience, entries, as_of, now)
    except IntegrityError:
        return False
    return True


def _replace(
    session: Session, kind: str, audience: str, entries: Sequence[Entry], as_of: dt.date, now: dt.datetime
) -> None:
    session.execute(
        delete(LedgerEntryRow).where(LedgerEntryRow.kind == kind, LedgerEntryRow.audience == audience)
    )
    if entries:
        session.execute(
            insert(LedgerEntryRow),
            [
                {
                    "kind": kind,
                    "audience": audience,
                    "record_id": e.record_id,
                    "position": i,
                    "place_id": e.place_id,
                    "since": e.since,
                    "until": e.until,
                    "last_report": e.last_report,
                    "dirty": False,
                    "body": e.body,
                    "record": e.record,
                    "version": e.version,
                }
                for i, e in enumerate(entries)
            ],
        )
    state = session.get(LedgerStateRow, (kind, audience))
    if state is None:
        session.add(LedgerStateRow(kind=kind, audience=audience, as_of=as_of, stale=False, computed_at=now))
    else:
        state.as_of, state.stale, state.computed_at = as_of, False, now
    session.flush()


def update_entries(session: Session, kind: str, audience: str, entries: Iterable[Entry]) -> None:
    """Recomputed entries written over their dirty ones (same records, same positions)."""
    for e in entries:
        session.execute(
            update(LedgerEntryRow)
            .where(
                LedgerEntryRow.kind == kind,
                LedgerEntryRow.audience == audience,
                LedgerEntryRow.record_id == e.record_id,
            )
            .values(
                place_id=e.place_id,
                since=e.since,
                until=e.until,
                last_report=e.last_report,
                dirty=False,
                body=e.body,
                record=e.record,
                version=e.version,
            )
        )


def deal_places(session: Session, document_ids: Iterable[str], claim_type: str) -> dict[str, set[str | None]]:
    """Per document among these, the places of its claims of the type (the deals it reports)."""
    wanted = sorted(set(document_ids))
    out: dict[str, set[str | None]] = {}
    for i in range(0, len(wanted), 500):
        rows = session.execute(
            select(ClaimRow.document_id, ClaimRow.place_id)
            .where(ClaimRow.type == claim_type, ClaimRow.document_id.in_(wanted[i : i + 500]))
            .distinct()
        )
        for doc, place in rows:
            out.setdefault(doc, set()).add(place)
    return out
