"""Claims: written per (document, extractor), read by type, date, place, actor."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from trucewatch.model import Claim, EventType, Status
from trucewatch.store import convert, ids
from trucewatch.store.errors import NotFound, UnknownReference
from trucewatch.store.tables import (
    ClaimActorRow,
    ClaimQuantityRow,
    ClaimRow,
    DocumentRow,
    EvidenceRow,
    PlaceRow,
)


def _stable_ids(document_id: str, extractor: str, claims: Sequence[Claim]) -> list[str]:
    """Deterministic ids; two claims with the same type and evidence get #2, #3 suffixes."""
    seen: Counter[str] = Counter()
    result = []
    for claim in claims:
        offsets = [(s.start, s.end) for s in claim.evidence]
        base = ids.claim_id(document_id, extractor, claim.type.value, offsets)
        seen[base] += 1
        result.append(base if seen[base] == 1 else f"{base}_{seen[base]}")
    return result


def _check_references(session: Session, document_id: str, claims: Sequence[Claim]) -> None:
    if session.get(DocumentRow, document_id) is None:
        raise UnknownReference(f"no document {document_id}")
    for claim in claims:
        if claim.document_id != document_id:
            raise ValueError(f"claim of {claim.document_id} passed for {document_id}")
    wanted_docs = {s.document_id for c in claims for s in c.evidence} - {document_id}
    if wanted_docs:
        found = set(session.scalars(select(DocumentRow.id).where(DocumentRow.id.in_(wanted_docs))))
        if wanted_docs - found:
            raise UnknownReference(f"evidence cites unknown documents: {sorted(wanted_docs - found)}")
    wanted_places = {c.place_id for c in claims if c.place_id is not None}
    if wanted_places:
        found = set(session.scalars(select(PlaceRow.id).where(PlaceRow.id.in_(wanted_places))))
        if wanted_places - found:
            raise UnknownReference(
                f"claims refer to places not stored (upsert_places first): {sorted(wanted_places - found)}"
            )


def replace_claims(
    session: Session,
    document_id: str,
    extractor: str,
    extractor_version: str,
    claims: Iterable[Claim],
) -> list[str]:
    """Replace what `extractor` has claimed about one document; returns the claims' ids.

    Idempotent: running the same extraction twice leaves the same rows. Earlier
    proposed claims of this extractor on this document are removed, whatever
    their version, so a new version never double-counts next to an old one.
    Claims an analyst has reviewed (confirmed, corrected, rejected, merged) are the
    analyst's record: they are kept as they are, even when the extractor no
    longer finds them, and an extracted claim with the same id does not
    overwrite them.
    """
    batch = [dataclasses.replace(c, extractor=extractor, extractor_version=extractor_version) for c in claims]
    _check_references(session, document_id, batch)
    new_ids = _stable_ids(document_id, extractor, batch)

    old_rows = session.scalars(
        select(ClaimRow).where(ClaimRow.document_id == document_id, ClaimRow.extractor == extractor)
    ).all()
    # Confirming, correcting, rejecting or merging into an event are an analyst's acts.
    reviewed = {r.id for r in old_rows if Status(r.status) is not Status.PROPOSED or r.event_id is not None}
    for row in old_rows:
        if row.id not in reviewed:
            session.delete(row)
    session.flush()

    now = convert.utcnow()
    for claim, claim_id in zip(batch, new_ids, strict=True):
        if claim_id not in reviewed:
            session.add(convert.claim_to_row(claim, claim_id, now))
    session.flush()
    return new_ids


def _as_datetime(value: dt.date | dt.datetime, *, end_of_day: bool) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return convert.utc(value)
    start = dt.datetime.combine(value, dt.time())
    return start + dt.timedelta(days=1) if end_of_day else start


def list_claims(
    session: Session,
    *,
    types: Iterable[EventType | str] | None = None,
    place_ids: Iterable[str] | None = None,
    since: dt.date | dt.datetime | None = None,
    until: dt.date | dt.datetime | None = None,
    status: Status | Iterable[Status] | None = None,
    document_id: str | None = None,
    actor: str | None = None,
    limit: int | None = None,
) -> list[Claim]:
    """Claims matching every filter given, in date order (undated last); the first `limit` if given.

    Dates select claims whose date could fall in [since, until] (a date
    `until` includes that whole day): a month-precision claim for March
    matches since=March 8. Undated claims are left out when a bound is given.
    `place_ids` is an exact set; widen it with place_descendants() first.
    `actor` is a canonical actor name in any role.
    """
    conditions: list[ColumnElement[bool]] = []
    if types is not None:
        conditions.append(ClaimRow.type.in_([EventType(t).value for t in types]))
    if place_ids is not None:
        conditions.append(ClaimRow.place_id.in_(list(place_ids)))
    if since is not None:
        lower = _as_datetime(since, end_of_day=False)
        conditions.append(
            and_(
                ClaimRow.when_start.is_not(None),
                or_(ClaimRow.when_last.is_(None), ClaimRow.when_last > lower),
            )
        )
    if until is not None:
        if isinstance(until, dt.datetime):
            conditions.append(ClaimRow.when_start <= _as_datetime(until, end_of_day=False))
        else:
            conditions.append(ClaimRow.when_start < _as_datetime(until, end_of_day=True))
    if status is not None:
        wanted = [status] if isinstance(status, Status) else list(status)
        conditions.append(ClaimRow.status.in_([Status(s).value for s in wanted]))
    if document_id is not None:
        conditions.append(ClaimRow.document_id == document_id)
    if actor is not None:
        conditions.append(
            select(ClaimActorRow.claim_id)
            .where(ClaimActorRow.claim_id == ClaimRow.id, ClaimActorRow.actor == actor)
            .exists()
        )
    query = (
        select(*ClaimRow.__table__.columns)
        .where(*conditions)
        .order_by(ClaimRow.when_start.is_(None), ClaimRow.when_start, ClaimRow.document_id, ClaimRow.id)
        .limit(limit)
    )
    return claims_from_rows(session, session.execute(query).all())


_IN_BATCH = 500  # ids per IN (...): under SQLite's bound-parameter limit


def claims_from_rows(session: Session, rows: Sequence[Any]) -> list[Claim]:
    """Claims from plain claims rows, their child rows read with one IN query per table per batch.

    Plain rows, not ORM objects: for a place with 100,000 claims, building and tracking
    ORM instances (four per claim) cost seconds; this is the same data in a fraction.
    """
    children: dict[type[Any], dict[str, list[Any]]] = {}
    ids_ = [r.id for r in rows]
    for table in (EvidenceRow, ClaimActorRow, ClaimQuantityRow):
        found: dict[str, list[Any]] = defaultdict(list)
        for i in range(0, len(ids_), _IN_BATCH):
            batch = ids_[i : i + _IN_BATCH]
            query = (
                select(*table.__table__.columns)
                .where(table.claim_id.in_(batch))
                .order_by(table.claim_id, table.position)
            )
            for child in session.execute(query):
                found[child.claim_id].append(child)
        children[table] = found
    empty: list[Any] = []
    return [
        convert.claim_from_parts(
            r,
            children[EvidenceRow].get(r.id, empty),
            children[ClaimActorRow].get(r.id, empty),
            children[ClaimQuantityRow].get(r.id, empty),
        )
        for r in rows
    ]


def get_claim(session: Session, claim_id: str) -> Claim | None:
    row = session.get(ClaimRow, claim_id)
    return convert.claim_from_row(row) if row is not None else None


def set_claim_status(session: Session, claim_id: str, status: Status) -> None:
    row = session.get(ClaimRow, claim_id)
    if row is None:
        raise NotFound(f"no claim {claim_id}")
    row.status = Status(status).value
