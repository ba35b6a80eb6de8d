"""Export formats over records: csv, acled, geojson (RFC 7946), json, hxl.

Pure: records in, text or plain data out. The CLI and the web layer choose
which records (and whether confidential sources are shown) before calling.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from trucewatch.model import ActorKind
from trucewatch.report.acled import ACLED_COLUMNS, acled_export, to_acled_rows
from trucewatch.report.records import Record, country_name

FORMATS = ("csv", "acled", "geojson", "json", "hxl")

CSV_COLUMNS = (
    "id",
    "claim_id",
    "event_id",
    "type",
    "date",
    "precision",
    "status",
    "location",
    "admin1",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
    "actor1",
    "actor2",
    "source",
    "reliability",
    "fatalities",
    "figures",
    "notes",
)

# The hashtags OCHA's HDX uses for ACLED event data (see FORMATS.md).
HXL_TAGS: dict[str, str] = {
    "event_id_cnty": "#event+code",
    "event_date": "#date+occurred",
    "year": "#date+year",
    # Not in HDX's ACLED set: without it a mid-month date (time_precision 3) would read as exact.
    "time_precision": "#date+precision",
    "event_type": "#event+type",
    "sub_event_type": "#event+type+sub",
    "actor1": "#group+name+first",
    "assoc_actor_1": "#group+name+first+assoc",
    "actor2": "#group+name+second",
    "assoc_actor_2": "#group+name+second+assoc",
    "iso": "#country+code",
    "region": "#region+name",
    "country": "#country+name",
    "admin1": "#adm1+name",
    "admin2": "#adm2+name",
    "admin3": "#adm3+name",
    "location": "#loc+name",
    "latitude": "#geo+lat",
    "longitude": "#geo+lon",
    "source": "#meta+source",
    "notes": "#description",
    "fatalities": "#affected+killed",
}


def record_dict(r: Record) -> dict[str, Any]:
    """A record as plain JSON-able values (the csv / json / GeoJSON properties)."""
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
        "figures": r.figures,  # fatalities is a number; this keeps "more than", "about", ...
        "notes": r.notes,
    }


def _csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return buf.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    # Spreadsheets run cells starting with = + - @ as formulas: quote them (CSV injection).
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def to_csv(records: Iterable[Record]) -> str:
    return _csv_text(CSV_COLUMNS, ([record_dict(r)[c] for c in CSV_COLUMNS] for r in records))


def export_counts(fmt: str, records: Sequence[Record]) -> tuple[int, dict[str, int]]:
    """(records written, {reason: records left out}) for an export in format `fmt`.

    ACLED and HXL rows need a date ACLED can code: undated and year-only records are left out.
    """
    if fmt not in ("acled", "hxl"):
        return len(records), {}
    result = acled_export(records)
    return len(result.rows), dict(result.skipped)


def to_acled_csv(records: Iterable[Record], actor_kinds: Mapping[str, ActorKind] | None = None) -> str:
    rows = to_acled_rows(records, actor_kinds)
    return _csv_text(ACLED_COLUMNS, ([row[c] for c in ACLED_COLUMNS] for row in rows))


def to_hxl(records: Iterable[Record], actor_kinds: Mapping[str, ActorKind] | None = None) -> list[list[str]]:
    """HXL rows: the column names, the hashtag row, then the data (ACLED columns that have a tag)."""
    columns = [c for c in ACLED_COLUMNS if c in HXL_TAGS]
    rows = to_acled_rows(records, actor_kinds)
    return [columns, [HXL_TAGS[c] for c in columns], *([row[c] for c in columns] for row in rows)]


def to_hxl_csv(records: Iterable[Record], actor_kinds: Mapping[str, ActorKind] | None = None) -> str:
    header, *rest = to_hxl(records, actor_kinds)
    return _csv_text(header, rest)


def to_geojson(records: Iterable[Record]) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection: [longitude, latitude] in WGS 84; no place -> null geometry."""
    features = []
    for r in records:
        geometry = None
        if r.latitude is not None and r.longitude is not None:
            geometry = {"type": "Point", "coordinates": [r.longitude, r.latitude]}
        features.append({"type": "Feature", "id": r.id, "geometry": geometry, "properties": record_dict(r)})
    return {"type": "FeatureCollection", "features": features}


def to_json(records: Iterable[Record]) -> str:
    return json.dumps({"records": [record_dict(r) for r in records]}, ensure_ascii=False, indent=2)


def render_export(
    fmt: str, records: Sequence[Record], actor_kinds: Mapping[str, ActorKind] | None = None
) -> str:
    """The text of an export in format `fmt` (one of FORMATS)."""
    match fmt:
        case "csv":
            return to_csv(records)
        case "acled":
            return to_acled_csv(records, actor_kinds)
        case "hxl":
            return to_hxl_csv(records, actor_kinds)
        case "geojson":
            return json.dumps(to_geojson(records), ensure_ascii=False)
        case "json":
            return to_json(records)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "acled": "text/csv; charset=utf-8",
    "hxl": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
    "json": "application/json",
}
