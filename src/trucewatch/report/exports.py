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
import itertools
import json
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from trucewatch.model import ActorKind, Precision
from trucewatch.plugins import registered
from trucewatch.report.acled import (
    ACLED_COLUMNS,
    SKIP_UNDATED,
    SKIP_YEAR_ONLY,
    acled_export,
    to_acled_rows,
)
from trucewatch.report.records import ENUM_VALUE, Record, country_name
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
    # Its text as it is written, chunk by chunk (render is then "".join of it); None: render only.
    stream: Callable[[Iterable[Record], ActorKinds], Iterator[str]] | None = None
    # Why it leaves out a record dated to this precision (None: undated), or None when it writes it:
    # with `stream`, what it leaves out can be counted before the records are read.
    leaves_out: Callable[[Precision | None], str | None] | None = None

    @property
    def streams(self) -> bool:
        """Whether it writes as it reads, its counts known beforehand (else: render over a list)."""
        return self.stream is not None and (self.left_out is None or self.leaves_out is not None)


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
    return dict(zip(CSV_COLUMNS, record_values(r), strict=True))


def record_values(r: Record) -> tuple[Any, ...]:
    """record_dict's values, in CSV_COLUMNS's order (a CSV row without building the dict)."""
    when = r.when
    return (
        r.id,
        r.claim_id,
        r.event_id,
        ENUM_VALUE[r.type],
        when.iso() if when else None,
        ENUM_VALUE[when.precision] if when else None,
        ENUM_VALUE[r.status],
        r.location,
        r.admin1,
        country_name(r.country_code) or None,
        r.latitude,
        r.longitude,
        r.geo_precision,
        r.actor1,
        r.actor2,
        r.source,
        r.reliability,
        r.fatalities,
        r.figures,  # fatalities is a number; this keeps "more than", "about", ...
        r.notes,
    )


ROWS_PER_CHUNK = 1000  # CSV rows or JSON records per chunk of streamed text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    return "".join(iter_csv_text(header, rows))


def iter_csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """CSV text, the header first, then ROWS_PER_CHUNK rows per chunk; cells made formula-safe."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    raw = _WRITTEN_AS_IS
    leads = _FORMULA_LEADS
    for chunk in batched(rows):
        # _cell for each value, skipped (inline) where it would give the value as the writer writes
        # it: a number or None, or a text with no line break that starts with no formula's lead.
        writer.writerows(
            [
                [
                    v
                    if (v.__class__ is str and v[:1] not in leads and "\r" not in v) or v.__class__ in raw
                    else _cell(v)
                    for v in row
                ]
                for row in chunk
            ]
        )
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    if buf.tell():  # no rows: the header alone
        yield buf.getvalue()


def batched(items: Iterable[Any], size: int = ROWS_PER_CHUNK) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


_FORMULA_LEADS = frozenset("=+-@\t\r\n")
# Values csv.writer writes as _cell gives them (None as "", a number as str() of it, a negative one
# left unquoted as it is a number).
_WRITTEN_AS_IS = frozenset({type(None), int, float})


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = value if type(value) is str else str(value)
    if "\r" in text:  # a line break the writer would leave unquoted ("\n" ends rows): written "\n"
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Spreadsheets run cells starting with = + - @ as formulas: quote them (CSV injection).
    if text[:1] in _FORMULA_LEADS and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def to_csv(records: Iterable[Record]) -> str:
    return "".join(iter_csv(records))


def iter_csv(records: Iterable[Record], _: ActorKinds = None) -> Iterator[str]:
    return iter_csv_text(CSV_COLUMNS, map(record_values, records))


def export_counts(fmt: str, records: Sequence[Record]) -> tuple[int, dict[str, int]]:
    """(records written, {reason: records left out}) for an export in format `fmt`."""
    export = export_format(fmt)
    skipped = dict(export.left_out(records)) if export.left_out is not None else {}
    return len(records) - sum(skipped.values()), skipped


def export_counts_by_precision(
    fmt: str, precisions: Mapping[Precision | None, int]
) -> tuple[int, dict[str, int]]:
    """export_counts from how many records are dated to each precision (None: undated), for a
    format that `streams`: what a streamed export writes, known before it is written."""
    export = export_format(fmt)
    skipped: dict[str, int] = {}
    for precision, n in precisions.items():
        reason = export.leaves_out(precision) if export.leaves_out is not None else None
        if reason is not None and n:
            skipped[reason] = skipped.get(reason, 0) + n
    return sum(precisions.values()) - sum(skipped.values()), skipped


def _acled_left_out(records: Sequence[Record]) -> Mapping[str, int]:
    """ACLED and HXL rows need a date ACLED can code: undated and year-only records are left out."""
    return acled_export(records).skipped


def _acled_leaves_out(precision: Precision | None) -> str | None:
    if precision is None:
        return SKIP_UNDATED
    return SKIP_YEAR_ONLY if precision == Precision.YEAR else None


def _acled_rows(records: Iterable[Record], actor_kinds: ActorKinds) -> Iterator[dict[str, str]]:
    for chunk in batched(records):
        yield from to_acled_rows(chunk, actor_kinds)


def to_acled_csv(records: Iterable[Record], actor_kinds: Mapping[str, ActorKind] | None = None) -> str:
    return "".join(iter_acled_csv(records, actor_kinds))


def iter_acled_csv(records: Iterable[Record], actor_kinds: ActorKinds = None) -> Iterator[str]:
    return iter_csv_text(ACLED_COLUMNS, map(_acled_values, _acled_rows(records, actor_kinds)))


_acled_values = operator.itemgetter(*ACLED_COLUMNS)  # a row's values in ACLED_COLUMNS's order


def to_hxl(records: Iterable[Record], actor_kinds: Mapping[str, ActorKind] | None = None) -> list[list[str]]:
    """HXL rows: the column names, the hashtag row, then the data (ACLED columns that have a tag)."""
    return list(_hxl_rows(records, actor_kinds))


def _hxl_rows(records: Iterable[Record], actor_kinds: ActorKinds) -> Iterator[list[str]]:
    columns = [c for c in ACLED_COLUMNS if c in HXL_TAGS]
    yield columns
    yield [HXL_TAGS[c] for c in columns]
    for row in _acled_rows(records, actor_kinds):
        yield [row[c] for c in columns]


def to_hxl_csv(records: Iterable[Record], actor_kinds: Mapping[str, ActorKind] | None = None) -> str:
    return "".join(iter_hxl_csv(records, actor_kinds))


def iter_hxl_csv(records: Iterable[Record], actor_kinds: ActorKinds = None) -> Iterator[str]:
    rows = _hxl_rows(records, actor_kinds)
    return iter_csv_text(next(rows), rows)


def to_geojson(records: Iterable[Record]) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection: [longitude, latitude] in WGS 84; no place -> null geometry."""
    return {"type": "FeatureCollection", "features": [geojson_feature(r) for r in records]}


def geojson_feature(r: Record) -> dict[str, Any]:
    geometry = None
    if r.latitude is not None and r.longitude is not None:
        geometry = {"type": "Point", "coordinates": [r.longitude, r.latitude]}
    return {"type": "Feature", "id": r.id, "geometry": geometry, "properties": record_dict(r)}


def iter_geojson(records: Iterable[Record], _: ActorKinds = None) -> Iterator[str]:
    """json.dumps(to_geojson(records), ensure_ascii=False), written a chunk of features at a time."""
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    yield '{"type": "FeatureCollection", "features": ['
    separator = ""
    for chunk in batched(records):
        # a list's JSON is its items' joined by ", ", in brackets: one call for the whole chunk
        yield separator + dumps([geojson_feature(r) for r in chunk])[1:-1]
        separator = ", "
    yield "]}"


def record_claim(r: Record) -> ClaimOut:
    """The claim behind a record as the API and `trucewatch claims --json` show it: the one shape of
    a claim (trucewatch.serialize), redacted as the record is (no document, spans or quotes)."""
    claim = r.full_claim()
    assert claim is not None, "records for the JSON export come from to_records or iter_records"
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
    return "".join(iter_json(records))


def iter_json(records: Iterable[Record], _: ActorKinds = None) -> Iterator[str]:
    """json.dumps({"records": [...]}, ensure_ascii=False, indent=2), a chunk of records at a time."""
    dumps = json.JSONEncoder(ensure_ascii=False, indent=2).encode
    chunks = batched(records)
    first = next(chunks, None)
    if first is None:
        yield '{\n  "records": []\n}'
        return
    separator = '{\n  "records": [\n'
    for chunk in itertools.chain([first], chunks):
        # An item nested two levels deep: each of its lines indented by four more spaces (a newline
        # inside a JSON string is written as \n, so every newline here is one of the layout's).
        yield separator + ",\n".join(
            "    " + dumps(as_json(record_claim(r))).replace("\n", "\n    ") for r in chunk
        )
        separator = ",\n"
    yield "\n  ]\n}"


def render_export(fmt: str, records: Sequence[Record], actor_kinds: ActorKinds = None) -> str:
    """The text of an export in the registered format `fmt`."""
    return export_format(fmt).render(records, actor_kinds)


def stream_export(
    export: ExportFormat, records: Iterable[Record], actor_kinds: ActorKinds = None
) -> Iterator[str]:
    """The text of an export, chunk by chunk as the records come (all at once for a format
    that does not stream: a plug-in's with render only)."""
    if export.stream is not None:
        return export.stream(records, actor_kinds)
    return iter([export.render(list(records), actor_kinds)])


@dataclass
class ExportTally:
    """What a streamed export read, noted as its records pass (see `watch`): how many were dated
    to each precision (None: undated), and the confidential documents they showed."""

    precisions: Counter[Precision | None] = field(default_factory=Counter)
    confidential_documents: set[str] = field(default_factory=set)

    @property
    def records(self) -> int:
        return sum(self.precisions.values())

    def watch(self, records: Iterable[Record]) -> Iterator[Record]:
        for r in records:
            self.precisions[r.when.precision if r.when else None] += 1
            if r.confidential and r.document_id:
                self.confidential_documents.add(r.document_id)
            yield r


CSV_TEXT = "text/csv; charset=utf-8"
CSV = ExportFormat(
    "csv", CSV_TEXT, ".csv", lambda records, _: to_csv(records), "one row per claim", stream=iter_csv
)
ACLED = ExportFormat(
    "acled",
    CSV_TEXT,
    ".csv",
    to_acled_csv,
    "ACLED's codebook columns",
    left_out=_acled_left_out,
    stream=iter_acled_csv,
    leaves_out=_acled_leaves_out,
)
HXL = ExportFormat(
    "hxl",
    CSV_TEXT,
    ".csv",
    to_hxl_csv,
    "ACLED columns with HXL hashtags",
    left_out=_acled_left_out,
    stream=iter_hxl_csv,
    leaves_out=_acled_leaves_out,
)
GEOJSON = ExportFormat(
    "geojson",
    "application/geo+json",
    ".geojson",
    lambda records, _: "".join(iter_geojson(records)),
    "RFC 7946 points",
    stream=iter_geojson,
)
JSON = ExportFormat(
    "json", "application/json", ".json", lambda records, _: to_json(records), "every field", stream=iter_json
)
