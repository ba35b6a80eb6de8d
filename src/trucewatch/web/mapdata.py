"""The map's data: one point per (place, event type) with a count, aggregated in SQL.

All claims of a place share its coordinates, so the map needs counts, not
claims: a GROUP BY over claims joined to places gives a few hundred points
where there are 100,000 claims. Points carry counts, dates and links only,
never a source or a quote, so confidential sources cannot leak through them.
The popup links to the list of the claims behind a point (claims_at).

Filters: place (with its descendants), type (or family), actor (any role) and a
date range; `extent` gives the date range of everything the other filters keep
(the time slider's ends) and `main_region` the box the map opens on: the
densest 90 % of the claims, so one far-away report does not zoom the map out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from sqlalchemy import ColumnElement, func, select, tuple_
from sqlalchemy.orm import Session

from trucewatch.disclosure import public_documents
from trucewatch.model import Claim, EventType, Status
from trucewatch.report.timeline import After, claims_by_ids
from trucewatch.store.tables import ClaimActorRow, ClaimRow, PlaceRow

_TYPES = frozenset(t.value for t in EventType)


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


def wanted_types(value: str | None) -> list[str] | None:
    """Types from a filter: a full type ("attack.shelling") or a family ("attack"); None: any."""
    if not value:
        return None
    return sorted(t for t in _TYPES if t == value or t.split(".")[0] == value)


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
        out.append(ClaimRow.document_id.in_(public_documents()))
    if actor:
        out.append(ClaimRow.id.in_(select(ClaimActorRow.claim_id).where(ClaimActorRow.actor == actor)))
    if place_ids is not None:
        out.append(ClaimRow.place_id.in_(sorted(set(place_ids))))
    if types is not None:
        out.append(ClaimRow.type.in_(list(types)))
    if since is not None:  # whose date could fall on or after `since` (as list_claims selects)
        out.append(ClaimRow.when_last > dt.datetime.combine(since, dt.time()))
    if until is not None:
        out.append(ClaimRow.when_start < dt.datetime.combine(until + dt.timedelta(days=1), dt.time()))
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
        query = query.join(ClaimRow, ClaimRow.id == ClaimActorRow.claim_id).where(
            ClaimRow.document_id.in_(public_documents())
        )
    return list(session.scalars(query))


Box = tuple[tuple[float, float], tuple[float, float]]  # ((south, west), (north, east))


def main_region(points: Iterable[MapPoint], share: float = 0.9) -> Box | None:
    """The box around the densest `share` of the claims: points nearest the claims' weighted median
    point, taken until they hold `share` of all claims. One far report (a meeting in Brussels
    about Homs) stays on the map but does not decide where it opens."""
    pts = list(points)
    if not pts:
        return None
    total = sum(p.count for p in pts)

    def median(values: list[tuple[float, int]]) -> float:
        half, seen = total / 2, 0
        for value, weight in sorted(values):
            seen += weight
            if seen >= half:
                return value
        return values[-1][0]

    lat0 = median([(p.latitude, p.count) for p in pts])
    lon0 = median([(p.longitude, p.count) for p in pts])
    by_distance = sorted(pts, key=lambda p: (p.latitude - lat0) ** 2 + (p.longitude - lon0) ** 2)
    kept: list[MapPoint] = []
    held = 0
    for p in by_distance:
        kept.append(p)
        held += p.count
        if held >= share * total:
            break
    lats = [p.latitude for p in kept]
    lons = [p.longitude for p in kept]
    return (min(lats), min(lons)), (max(lats), max(lons))


def claims_list_url(place_id: str, type_: str) -> str:
    return f"/places/{quote(place_id, safe='')}/claims?{urlencode({'type': type_})}"


def timeline_url(place_id: str) -> str:
    return f"/places/{quote(place_id, safe='')}/timeline"


def to_geojson(
    points: Iterable[MapPoint],
    unmapped: int,
    colour: Any,
    *,
    first: dt.date | None = None,
    last: dt.date | None = None,
) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection of the points; `colour` maps a type to its CSS colour.
    Beside the features: `unmapped`, `region` (main_region as [[south, west], [north, east]]) and
    `extent` (the slider's first and last day, `first`/`last`)."""
    points = list(points)
    region = main_region(points)
    features = [
        {
            "type": "Feature",
            "id": f"{p.place_id}|{p.type}",
            "geometry": {"type": "Point", "coordinates": [p.longitude, p.latitude]},
            "properties": {
                "place_id": p.place_id,
                "place": p.place,
                "type": p.type,
                "count": p.count,
                "first": p.first.isoformat() if p.first else None,
                "last": p.last.isoformat() if p.last else None,
                "colour": colour(p.type),
                "claims_url": claims_list_url(p.place_id, p.type),
                "timeline_url": timeline_url(p.place_id),
            },
        }
        for p in points
    ]
    return {
        "type": "FeatureCollection",
        "features": features,
        "unmapped": unmapped,
        "region": [list(region[0]), list(region[1])] if region else None,
        "extent": {
            "first": first.isoformat() if first else None,
            "last": last.isoformat() if last else None,
        },
    }


# --- the claims behind a point ----------------------------------------------------


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
    if after is not None:
        conditions.append(tuple_(ClaimRow.when_start, ClaimRow.id) < tuple_(after.when, after.id))
    ids = list(
        session.scalars(
            select(ClaimRow.id)
            .where(*conditions)
            .order_by(ClaimRow.when_start.desc(), ClaimRow.id.desc())
            .limit(limit)
        )
    )
    return claims_by_ids(session, ids)
