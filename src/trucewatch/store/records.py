"""Events, agreements (with commitments), ceasefires and sieges.

`save_*` inserts a record without an id (a new ULID is given) or replaces the
stored record with the same id; it returns the id.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from trucewatch.model import Agreement, Ceasefire, Event, EventType, Siege, Status
from trucewatch.store import convert, ids
from trucewatch.store.errors import UnknownReference
from trucewatch.store.tables import (
    AgreementRow,
    Base,
    CeasefireRow,
    ClaimRow,
    CommitmentRow,
    EventRow,
    PlaceRow,
    SiegeRow,
)

RowT = TypeVar("RowT", bound=Base)


def _check_place(session: Session, place_id: str | None) -> None:
    if place_id is not None and session.get(PlaceRow, place_id) is None:
        raise UnknownReference(f"no place {place_id} (upsert_places first)")


def _put(session: Session, cls: type[RowT], values: dict[str, Any]) -> RowT:
    """Update the row with values["id"] in place, or add a new one."""
    row = session.get(cls, values["id"])
    if row is None:
        row = cls(**values, created_at=convert.utcnow())
        session.add(row)
    else:
        for key, value in values.items():
            setattr(row, key, value)
    return row


def _statuses(status: Status | Iterable[Status] | None) -> list[str] | None:
    if status is None:
        return None
    return [Status(s).value for s in ([status] if isinstance(status, Status) else status)]


# --- events ------------------------------------------------------------------


def save_event(session: Session, event: Event) -> str:
    """Save an event and make its claims point at it (and only those claims)."""
    _check_place(session, event.place_id)
    event_id = event.id or ids.new_id("evt")
    wanted = set(event.claim_ids)
    found = set(session.scalars(select(ClaimRow.id).where(ClaimRow.id.in_(wanted))))
    if wanted - found:
        raise UnknownReference(f"no claims {sorted(wanted - found)}")
    _put(session, EventRow, convert.event_values(event, event_id))
    session.flush()
    session.execute(
        update(ClaimRow)
        .where(ClaimRow.event_id == event_id, ClaimRow.id.not_in(wanted))
        .values(event_id=None)
        .execution_options(synchronize_session="fetch")
    )
    if wanted:
        session.execute(
            update(ClaimRow)
            .where(ClaimRow.id.in_(wanted))
            .values(event_id=event_id)
            .execution_options(synchronize_session="fetch")
        )
    return event_id


def _event(session: Session, row: EventRow) -> Event:
    claim_ids = session.scalars(select(ClaimRow.id).where(ClaimRow.event_id == row.id).order_by(ClaimRow.id))
    return convert.event_from_row(row, list(claim_ids))


def get_event(session: Session, event_id: str) -> Event | None:
    row = session.get(EventRow, event_id)
    return _event(session, row) if row is not None else None


def list_events(
    session: Session,
    *,
    types: Iterable[EventType | str] | None = None,
    place_ids: Iterable[str] | None = None,
    status: Status | Iterable[Status] | None = None,
) -> list[Event]:
    query = select(EventRow)
    if types is not None:
        query = query.where(EventRow.type.in_([EventType(t).value for t in types]))
    if place_ids is not None:
        query = query.where(EventRow.place_id.in_(list(place_ids)))
    if (wanted := _statuses(status)) is not None:
        query = query.where(EventRow.status.in_(wanted))
    query = query.order_by(EventRow.when_start.is_(None), EventRow.when_start, EventRow.id)
    return [_event(session, r) for r in session.scalars(query)]


# --- agreements --------------------------------------------------------------


def save_agreement(session: Session, agreement: Agreement) -> str:
    """Save an agreement with its commitments (which replace any stored ones)."""
    _check_place(session, agreement.place_id)
    agreement_id = agreement.id or ids.new_id("agr")
    row = _put(session, AgreementRow, convert.agreement_values(agreement, agreement_id))
    row.commitments = [
        convert.commitment_to_row(c, c.id or ids.new_id("cmt"), i)
        for i, c in enumerate(agreement.commitments)
    ]
    session.flush()
    return agreement_id


def get_agreement(session: Session, agreement_id: str) -> Agreement | None:
    row = session.get(AgreementRow, agreement_id)
    return convert.agreement_from_row(row) if row is not None else None


def list_agreements(
    session: Session,
    *,
    place_ids: Iterable[str] | None = None,
    status: Status | Iterable[Status] | None = None,
) -> list[Agreement]:
    query = select(AgreementRow)
    if place_ids is not None:
        query = query.where(AgreementRow.place_id.in_(list(place_ids)))
    if (wanted := _statuses(status)) is not None:
        query = query.where(AgreementRow.status.in_(wanted))
    query = query.order_by(AgreementRow.reached_start.is_(None), AgreementRow.reached_start, AgreementRow.id)
    return [convert.agreement_from_row(r) for r in session.scalars(query)]


def commitment_agreement_id(session: Session, commitment_id: str) -> str | None:
    return session.scalar(select(CommitmentRow.agreement_id).where(CommitmentRow.id == commitment_id))


# --- ceasefires --------------------------------------------------------------


def save_ceasefire(session: Session, ceasefire: Ceasefire) -> str:
    _check_place(session, ceasefire.place_id)
    if ceasefire.agreement_id is not None and session.get(AgreementRow, ceasefire.agreement_id) is None:
        raise UnknownReference(f"no agreement {ceasefire.agreement_id}")
    ceasefire_id = ceasefire.id or ids.new_id("cf")
    _put(session, CeasefireRow, convert.ceasefire_values(ceasefire, ceasefire_id))
    session.flush()
    return ceasefire_id


def get_ceasefire(session: Session, ceasefire_id: str) -> Ceasefire | None:
    row = session.get(CeasefireRow, ceasefire_id)
    return convert.ceasefire_from_row(row) if row is not None else None


def list_ceasefires(
    session: Session,
    *,
    place_ids: Iterable[str] | None = None,
    status: Status | Iterable[Status] | None = None,
) -> list[Ceasefire]:
    query = select(CeasefireRow)
    if place_ids is not None:
        query = query.where(CeasefireRow.place_id.in_(list(place_ids)))
    if (wanted := _statuses(status)) is not None:
        query = query.where(CeasefireRow.status.in_(wanted))
    query = query.order_by(CeasefireRow.start_start, CeasefireRow.id)
    return [convert.ceasefire_from_row(r) for r in session.scalars(query)]


# --- sieges ------------------------------------------------------------------


def save_siege(session: Session, siege: Siege) -> str:
    _check_place(session, siege.place_id)
    siege_id = siege.id or ids.new_id("sg")
    _put(session, SiegeRow, convert.siege_values(siege, siege_id))
    session.flush()
    return siege_id


def get_siege(session: Session, siege_id: str) -> Siege | None:
    row = session.get(SiegeRow, siege_id)
    return convert.siege_from_row(row) if row is not None else None


def list_sieges(
    session: Session,
    *,
    place_ids: Iterable[str] | None = None,
    status: Status | Iterable[Status] | None = None,
) -> list[Siege]:
    query = select(SiegeRow)
    if place_ids is not None:
        query = query.where(SiegeRow.place_id.in_(list(place_ids)))
    if (wanted := _statuses(status)) is not None:
        query = query.where(SiegeRow.status.in_(wanted))
    query = query.order_by(SiegeRow.since_start.is_(None), SiegeRow.since_start, SiegeRow.id)
    return [convert.siege_from_row(r) for r in session.scalars(query)]
