"""The map's claims: one point per (place, event type) with a count, aggregated in SQL.

All claims of a place share its coordinates, so the map needs counts, not
claims: a GROUP BY over claims joined to places gives a few hundred points
where there are 100,000 claims. Points carry counts, dates and links only,
never a source or a quote, so confidential sources cannot leak through them.

Filters: place (with its descendants), type, actor (any role) and a date range,
by the lists' own rule (claims.dated_within); rejected claims are left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from trucewatch.model import Claim, Status
from trucewatch.store.attacks import After, newest_first
from trucewatch.store.claims import dated_within
from trucewatch.store.tables import ClaimActorRow, ClaimRow, PlaceRow
from trucewatch.store.visibility import public_claim


@dataclass(frozen=True, slots=True)
class MapPoint:
    place_id: str
    place: str
    latitude: float
    longitude: float
    type: str
    count: int
    first: dt.date | None  # earliest and latest claimed date (None: all undated)
    last: dt.date | None


def _conditions(
    place_ids: Iterable[str] | None,
    types: Iterable[str] | None,
    since: dt.date | None,
    until: dt.date | None,
    public_only: bool = False,
    actor: str | None = None,
) -> list[ColumnElement[bool]]:
    """The export's filters (place with descendants, types, dates) and its rule: rejected claims aside.

    `public_only`: anonymous public read, only claims of documents it may show; `actor`: claims
    naming this actor (its catalogue name) in any role."""
    out: list[ColumnElement[bool]] = [ClaimRow.status != Status.REJECTED.value]
    if public_only:
        out.append(public_claim())
    if actor:
        out.append(ClaimRow.id.in_(select(ClaimActorRow.claim_id).where(ClaimActorRow.actor == actor)))
    if place_ids is not None:
        out.append(ClaimRow.place_id.in_(sorted(set(place_ids))))
    if types is not None:
        out.append(ClaimRow.type.in_(list(types)))
    # Whose date could fall in [since, until]: the one rule list_claims and the API's pages use.
    out.extend(dated_within(ClaimRow.when_start, ClaimRow.when_last, since, until))
    return out


def _day(value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def map_points(
    session: Session,
    *,
    place_ids: Iterable[str] | None = None,
    types: Iterable[str] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    public_only: bool = False,
    actor: str | None = None,
) -> tuple[list[MapPoint], int]:
    """Points (largest count first) and how many matching claims have no coordinates to show."""
    count = func.count(ClaimRow.id)
    rows = session.execute(
        select(
            PlaceRow.id,
            PlaceRow.name,
            PlaceRow.latitude,
            PlaceRow.longitude,
            ClaimRow.type,
            count,
            func.min(ClaimRow.when_start),
            func.max(ClaimRow.when_start),
        )
        .outerjoin(PlaceRow, PlaceRow.id == ClaimRow.place_id)  # unplaced claims: counted as unmapped
        .where(*_conditions(place_ids, types, since, until, public_only, actor))
        .group_by(PlaceRow.id, PlaceRow.name, PlaceRow.latitude, PlaceRow.longitude, ClaimRow.type)
        .order_by(count.desc(), PlaceRow.id, ClaimRow.type)
    ).all()
    points: list[MapPoint] = []
    unmapped = 0
    for pid, name, lat, lon, type_, n, first, last in rows:
        if pid is None or lat is None or lon is None:
            unmapped += int(n)
        else:
            points.append(MapPoint(pid, name, float(lat), float(lon), type_, int(n), _day(first), _day(last)))
    return points, unmapped


def extent(
    session: Session,
    *,
    place_ids: Iterable[str] | None = None,
    types: Iterable[str] | None = None,
    public_only: bool = False,
    actor: str | None = None,
) -> tuple[dt.date | None, dt.date | None]:
    """The first and last claimed day of the claims these filters keep, dates aside (the slider's ends)."""
    row = session.execute(
        select(func.min(ClaimRow.when_start), func.max(ClaimRow.when_start)).where(
            *_conditions(place_ids, types, None, None, public_only, actor)
        )
    ).one()
    return _day(row[0]), _day(row[1])


def actors(session: Session, *, public_only: bool = False) -> list[str]:
    """The actors claims name (catalogue names), for the map's filter; public read: public claims only."""
    query = select(ClaimActorRow.actor).distinct().order_by(ClaimActorRow.actor)
    if public_only:
        query = query.join(ClaimRow, ClaimRow.id == ClaimActorRow.claim_id).where(public_claim())
    return list(session.scalars(query))


# --- the claims behind a point (the popup's list) ---------------------------------


def count_at(session: Session, place_id: str, type_: str, *, public_only: bool = False) -> tuple[int, int]:
    """How many claims a point counts, and how many of them are undated (not listed by claims_at)."""
    where = _conditions([place_id], [type_], None, None, public_only)
    total = session.scalar(select(func.count(ClaimRow.id)).where(*where)) or 0
    undated = session.scalar(select(func.count(ClaimRow.id)).where(*where, ClaimRow.when_start.is_(None)))
    return total, undated or 0


def claims_at(
    session: Session,
    place_id: str,
    type_: str,
    after: After | None,
    limit: int,
    *,
    public_only: bool = False,
) -> list[Claim]:
    """Dated claims of one type placed at exactly this place (a map point), newest first, one page."""
    conditions = [
        *_conditions([place_id], [type_], None, None, public_only),
        ClaimRow.when_start.is_not(None),
    ]
    return newest_first(session, conditions, after, limit)
