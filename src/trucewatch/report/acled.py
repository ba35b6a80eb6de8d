"""ACLED-style event rows: the columns of ACLED's event CSV (format since March 2023).

`to_acled_rows` writes them; `parse_acled_row` reads one back (ours, or a
file from ACLED itself, old or new column set). Our own extra facts (the
exact trucewatch type and date precision) travel in the `tags` column, so an
export imported again gives the same export.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from trucewatch.extract.acled import acled_types
from trucewatch.model import ActorKind, EventType, Precision, When
from trucewatch.report.records import (
    Record,
    country_code_for,
    country_isonumeric,
    country_name,
)

ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

POLITICAL = "Political violence"
STRATEGIC = "Strategic developments"


# trucewatch type -> (disorder_type, event_type, sub_event_type). The event and
# sub-event types come from the extraction package's table (extract/data/acled_types.yaml);
# a type ACLED records no event for is exported as a strategic development, "Other".
def _export_types() -> dict[EventType, tuple[str, str, str]]:
    table = {}
    for kind, pair in acled_types().items():
        etype, sub = pair or (STRATEGIC, "Other")
        table[kind] = (STRATEGIC if etype == STRATEGIC else POLITICAL, etype, sub)
    return table


ACLED_TYPES: dict[EventType, tuple[str, str, str]] = _export_types()

# Reading ACLED's own files (no trucewatch tags): the type an ACLED pair means.
# Where several of our types share a pair, the most general one is read.
_READ_FIRST = (EventType.AGREEMENT_REACHED, EventType.TERRITORY_CONTROL)
_TYPE_FOR_PAIR: dict[tuple[str, str], EventType] = {}
for _kind in (*_READ_FIRST, *EventType):
    _, _name, _sub = ACLED_TYPES[_kind]
    _TYPE_FOR_PAIR.setdefault((_name.casefold(), _sub.casefold()), _kind)
for _pair in (
    ("battles", "government regains territory"),
    ("battles", "non-state actor overtakes territory"),
):
    _TYPE_FOR_PAIR.setdefault(_pair, EventType.TERRITORY_CONTROL)

# ACLED's interaction codes (inter1 / inter2) by actor kind.
INTER_CODES: dict[ActorKind, str] = {
    ActorKind.STATE: "1",
    ActorKind.REBEL: "2",
    ActorKind.MILITIA: "3",
    ActorKind.CIVILIANS: "7",
    ActorKind.EXTERNAL: "8",
}
KIND_FOR_INTER = {code: kind for kind, code in INTER_CODES.items()}

TIME_PRECISION: dict[Precision, str] = {
    Precision.MINUTE: "1",
    Precision.HOUR: "1",
    Precision.DAY: "1",
    Precision.WEEK: "2",
    Precision.MONTH: "3",
    Precision.YEAR: "3",
}
TAG_TYPE = "trucewatch:type="
TAG_WHEN = "trucewatch:when="


def event_date(when: When) -> dt.date:
    """ACLED's date: the day, or mid-month when only the month is known."""
    if when.precision in (Precision.MONTH, Precision.YEAR):
        month = when.start.month if when.precision == Precision.MONTH else 7
        return dt.date(when.start.year, month, 15)
    return when.start.date()


def _tags(record: Record) -> str:
    tags = [TAG_TYPE + record.type.value]
    if record.when is not None:
        since = "/since" if record.when.open_ended else ""
        tags.append(f"{TAG_WHEN}{record.when.iso()}/{record.when.precision.value}{since}")
    return "; ".join(tags)


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.5f}".rstrip("0").rstrip(".")


def _inter(actor: str | None, kinds: Mapping[str, ActorKind]) -> str:
    kind = kinds.get(actor) if actor else None
    return INTER_CODES.get(kind, "") if kind is not None else ""


def to_acled_rows(
    records: Iterable[Record], actor_kinds: Mapping[str, ActorKind] | None = None
) -> list[dict[str, str]]:
    """ACLED-style rows (dicts keyed by ACLED_COLUMNS); undated records are left out.

    `actor_kinds` (canonical name -> kind) fills inter1 / inter2 where known.
    """
    kinds = actor_kinds or {}
    rows = []
    for r in records:
        if r.when is None:
            continue  # ACLED rows need a date
        disorder, etype, sub = ACLED_TYPES[r.type]
        inter1 = _inter(r.actor1, kinds)
        inter2 = _inter(r.actor2, kinds)
        day = event_date(r.when)
        row = dict.fromkeys(ACLED_COLUMNS, "")
        row.update(
            event_id_cnty=r.id,
            event_date=day.isoformat(),
            year=str(day.year),
            time_precision=TIME_PRECISION[r.when.precision],
            disorder_type=disorder,
            event_type=etype,
            sub_event_type=sub,
            actor1=r.actor1 or "",
            inter1=inter1,
            actor2=r.actor2 or "",
            inter2=inter2,
            interaction=(inter1 + inter2) if inter1 and inter2 else "",
            civilian_targeting="Civilian targeting" if r.type == EventType.ATTACK_CIVILIANS else "",
            iso=country_isonumeric(r.country_code),
            country=country_name(r.country_code),
            admin1=r.admin1 or "",
            location=r.location or "",
            latitude=_num(r.latitude),
            longitude=_num(r.longitude),
            geo_precision=str(r.geo_precision or ""),
            source=r.source or "",
            notes=r.notes,
            fatalities=str(r.fatalities),
            tags=_tags(r),
        )
        rows.append(row)
    return rows


class AcledRowError(ValueError):
    """A row that cannot be read; the message says which field and why."""


@dataclass(frozen=True, slots=True)
class AcledEvent:
    """One ACLED-style row, read and typed."""

    event_id: str
    type: EventType
    when: When
    actor1: str | None
    actor2: str | None
    inter1: ActorKind | None
    inter2: ActorKind | None
    country_code: str | None
    admin1: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    source: str
    notes: str
    fatalities: int


def _type_from(row: Mapping[str, str]) -> EventType:
    for tag in (t.strip() for t in (row.get("tags") or "").split(";")):
        if tag.startswith(TAG_TYPE):
            try:
                return EventType(tag[len(TAG_TYPE) :])
            except ValueError as exc:
                raise AcledRowError(f"unknown trucewatch type in tags: {tag!r}") from exc
    wanted = ((row.get("event_type") or "").casefold(), (row.get("sub_event_type") or "").casefold())
    if wanted in _TYPE_FOR_PAIR:
        return _TYPE_FOR_PAIR[wanted]
    raise AcledRowError(f"no trucewatch type for event_type/sub_event_type {wanted[0]!r}/{wanted[1]!r}")


def _when_from(row: Mapping[str, str]) -> When:
    for tag in (t.strip() for t in (row.get("tags") or "").split(";")):
        if tag.startswith(TAG_WHEN):
            iso, _, rest = tag[len(TAG_WHEN) :].partition("/")
            prec, _, since = rest.partition("/")
            try:
                precision = Precision(prec)
                start = _parse_iso_prefix(iso)
            except ValueError as exc:
                raise AcledRowError(f"bad date tag {tag!r}") from exc
            return When(start, precision, open_ended=since == "since")
    raw = (row.get("event_date") or "").strip()
    try:
        day = _parse_date(raw)
    except ValueError as exc:
        raise AcledRowError(f"bad event_date {raw!r}") from exc
    match (row.get("time_precision") or "1").strip():
        case "3":
            return When(dt.datetime(day.year, day.month, 1), Precision.MONTH)
        case "2":
            return When(dt.datetime.combine(day, dt.time()), Precision.WEEK)
        case _:
            return When(dt.datetime.combine(day, dt.time()), Precision.DAY)


def _parse_iso_prefix(iso: str) -> dt.datetime:
    for fmt in ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H", "%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            return dt.datetime.strptime(iso, fmt)
        except ValueError:
            continue
    raise ValueError(iso)


def _parse_date(raw: str) -> dt.date:
    """ISO dates, and ACLED's older "08 March 2017" style."""
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError(raw)


def _float(row: Mapping[str, str], key: str) -> float | None:
    raw = (row.get(key) or "").strip()
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError as exc:
        raise AcledRowError(f"{key} is not a number: {raw!r}") from exc


def parse_acled_row(row: Mapping[str, str]) -> AcledEvent:
    """Read one row of an ACLED-style CSV (our export, or ACLED's old or new columns)."""
    fatalities_raw = (row.get("fatalities") or "0").strip() or "0"
    try:
        fatalities = int(float(fatalities_raw))
    except ValueError as exc:
        raise AcledRowError(f"fatalities is not a number: {fatalities_raw!r}") from exc
    precision_raw = (row.get("geo_precision") or "").strip()
    country = (row.get("country") or "").strip()
    return AcledEvent(
        event_id=(row.get("event_id_cnty") or "").strip(),
        type=_type_from(row),
        when=_when_from(row),
        actor1=(row.get("actor1") or "").strip() or None,
        actor2=(row.get("actor2") or "").strip() or None,
        inter1=KIND_FOR_INTER.get((row.get("inter1") or "").strip()),
        inter2=KIND_FOR_INTER.get((row.get("inter2") or "").strip()),
        country_code=country_code_for(country) or country_code_for(row.get("iso") or ""),
        admin1=(row.get("admin1") or "").strip() or None,
        location=(row.get("location") or "").strip() or None,
        latitude=_float(row, "latitude"),
        longitude=_float(row, "longitude"),
        geo_precision=int(precision_raw) if precision_raw.isdigit() else None,
        source=(row.get("source") or "").strip(),
        notes=(row.get("notes") or "").strip(),
        fatalities=max(fatalities, 0),
    )


def missing_columns(header: Sequence[str]) -> list[str]:
    """Columns an importer cannot do without."""
    needed = ("event_date", "event_type", "sub_event_type", "location")
    have = {h.strip() for h in header}
    return [c for c in needed if c not in have]
