"""The map's data: points per (place, event type) with a count, read by trucewatch.store.claim_map.

Points carry counts, dates and links only, never a source or a quote, so
confidential sources cannot leak through them. The popup links to the list of
the claims behind a point (claim_map.claims_at).

Filters: place (with its descendants), type (or family), actor (any role) and a
date range; `extent` gives the date range of everything the other filters keep
(the time slider's ends) and `main_region` the box the map opens on: the
densest 90 % of the claims, so one far-away report does not zoom the map out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, urlencode

from trucewatch.model import EventType
from trucewatch.store.claim_map import MapPoint

_TYPES = frozenset(t.value for t in EventType)


def wanted_types(value: str | None) -> list[str] | None:
    """Types from a filter: a full type ("attack.shelling") or a family ("attack"); None: any."""
    if not value:
        return None
    return sorted(t for t in _TYPES if t == value or t.split(".")[0] == value)


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
