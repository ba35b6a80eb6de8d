"""Export formats over records: csv, acled, geojson (RFC 7946), json, hxl.

Pure: records in, text or plain data out. The CLI and the web layer choose
which records (and whether confidential sources are shown) before calling.

Each format is an `ExportFormat` registered under the "trucewatch.exports" entry
points (trucewatch.plugins): the built-in ones below in pyproject.toml, a
plug-in's in its own package. The CLI, the API, the web and the Python API list
and run whatever is registered; a new format is one module.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from trucewatch.model import ActorKind
from trucewatch.plugins import registered
from trucewatch.report.acled import ACLED_COLUMNS, acled_export, to_acled_rows
from trucewatch.report.records import Record, country_name
from trucewatch.serialize import HIDE_ALL, SHOW_ALL, ClaimOut, as_json, claim_out

ActorKinds = Mapping[str, ActorKind] | None


@dataclass(frozen=True)
class ExportFormat:
    """One export: how records become its text, what that text is, and what it leaves out."""

    name: str
    media_type: str
    suffix: str  # file name ending for downloads: ".csv"
    render: Callable[[Sequence[Record], ActorKinds], str]
    description: str = ""
    # records it cannot write, by reason ({"undated": 3}); None: it writes every record
    left_out: Callable[[Sequence[Record]], Mapping[str, int]] | None = None


def export_formats() -> dict[str, ExportFormat]:
    """The registered exports by name (built-in and plug-ins)."""
    return registered("trucewatch.exports", ExportFormat)


def export_format(name: str) -> ExportFormat:
    """The export called `name`; InvalidInput naming the ones there are."""
    from trucewatch.errors import InvalidInput

    found = export_formats().get(name)
    if found is None:
        raise InvalidInput(f"unknown export format {name!r}; use one of {', '.join(export_formats())}")
    return found


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


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
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
    return csv_text(CSV_COLUMNS, ([record_dict(r)[c] for c in CSV_COLUMNS] for r in records))


def export_counts(fmt: str, records: Sequence[Record]) -> tuple[int, dict[str, int]]:
    """(records written, {reason: records left out}) for an export in format `fmt`."""
    export = export_format(fmt)
    skipped = dict(export.left_out(records)) if export.left_out is not None else {}
    return len(records) - sum(skipped.values()), skipped


def _acled_left_out(records: Sequence[Record]) -> Mapping[str, int]:
    """ACLED and HXL rows need a date ACLED can code: undated and year-only records are left out."""
    return acled_export(records).skipped


def to_acled_csv(records: Iterable[Record], actor_kinds: Mapping[str, ActorKind] | None = None) -> str:
    rows = to_acled_rows(records, actor_kinds)
    return csv_text(ACLED_COLUMNS, ([row[c] for c in ACLED_COLUMNS] for row in rows))


def to_hxl(records: Iterable[Record], actor_kinds: Mapping[str, ActorKind] | None = None) -> list[list[str]]:
    """HXL rows: the column names, the hashtag row, then the data (ACLED columns that have a tag)."""
    columns = [c for c in ACLED_COLUMNS if c in HXL_TAGS]
    rows = to_acled_rows(records, actor_kinds)
    return [columns, [HXL_TAGS[c] for c in columns], *([row[c] for c in columns] for row in rows)]


def to_hxl_csv(records: Iterable[Record], actor_kinds: Mapping[str, ActorKind] | None = None) -> str:
    header, *rest = to_hxl(records, actor_kinds)
    return csv_text(header, rest)


def to_geojson(records: Iterable[Record]) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection: [longitude, latitude] in WGS 84; no place -> null geometry."""
    features = []
    for r in records:
        geometry = None
        if r.latitude is not None and r.longitude is not None:
            geometry = {"type": "Point", "coordinates": [r.longitude, r.latitude]}
        features.append({"type": "Feature", "id": r.id, "geometry": geometry, "properties": record_dict(r)})
    return {"type": "FeatureCollection", "features": features}


def record_claim(r: Record) -> ClaimOut:
    """The claim behind a record as the API and `trucewatch claims --json` show it: the one shape of
    a claim (trucewatch.serialize), redacted as the record is (no document, spans or quotes)."""
    assert r.claim is not None, "records for the JSON export come from to_records"
    claim = r.claim
    return claim_out(
        claim,
        {claim.place_id: r.place_name} if claim.place_id and r.place_name else {},
        source=r.source,
        reliability=r.reliability,
        confidential=r.confidential,
        hidden=r.redacted,
        quotes=list(r.quotes) if r.quotes is not None else None,
        event_id=r.event_id,
        shown=HIDE_ALL if r.redacted else SHOW_ALL,
    )


def to_json(records: Iterable[Record]) -> str:
    """Each record's claim, in the shape the API and the CLI give a claim, under "records"."""
    items = [as_json(record_claim(r)) for r in records]
    return json.dumps({"records": items}, ensure_ascii=False, indent=2)


def render_export(fmt: str, records: Sequence[Record], actor_kinds: ActorKinds = None) -> str:
    """The text of an export in the registered format `fmt`."""
    return export_format(fmt).render(records, actor_kinds)


CSV_TEXT = "text/csv; charset=utf-8"
CSV = ExportFormat("csv", CSV_TEXT, ".csv", lambda records, _: to_csv(records), "one row per claim")
ACLED = ExportFormat(
    "acled", CSV_TEXT, ".csv", to_acled_csv, "ACLED's codebook columns", left_out=_acled_left_out
)
HXL = ExportFormat(
    "hxl", CSV_TEXT, ".csv", to_hxl_csv, "ACLED columns with HXL hashtags", left_out=_acled_left_out
)
GEOJSON = ExportFormat(
    "geojson",
    "application/geo+json",
    ".geojson",
    lambda records, _: json.dumps(to_geojson(records), ensure_ascii=False),
    "RFC 7946 points",
)
JSON = ExportFormat("json", "application/json", ".json", lambda records, _: to_json(records), "every field")
