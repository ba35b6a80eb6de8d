"""ACLED event rows (the codebook's format since March 2023): written from records, read back.

Writing (`acled_export`): each record becomes one row in the codebook's terms
(codes in report/acled_codes.py). A record imported from ACLED is written as
ACLED wrote it, field by field, except where the claim has changed since the
import (an analyst's correction): those fields are written from the claim.
Our own facts that ACLED has no column for (the exact trucewatch type and date
precision) travel in `tags`, so an export imported again gives the same export.

Precision is never invented: a record dated only to a year is not written (ACLED
has no time_precision for a year, and any event_date would be a made-up day that
HXL readers, who get no precision column from ACLED's tags, would take as exact);
undated records are not written either. Both are counted, so callers can say so.

Reading (`parse_acled_row`): ours, or ACLED's own files (old or new columns,
inter codes as text or digits, any case); every column is kept.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from trucewatch.extract.acled import acled_types
from trucewatch.model import ActorKind, EventType, Precision, When
from trucewatch.report.acled_codes import (
    ACLED_COLUMNS,
    CIVILIAN_TARGETING,
    INTER_FOR_KIND,
    INTER_LABELS,
    KIND_FOR_INTER,
    STRATEGIC,
    TIME_PRECISION,
    codebook_pair,
    current_inter,
    current_interaction,
    disorder_type,
    inter_code,
    interaction_label,
)
from trucewatch.report.records import (
    Record,
    country_code_for,
    country_isonumeric,
    country_name,
    country_point,
)

__all__ = [
    "ACLED_COLUMNS",
    "ACLED_TYPES",
    "AcledEvent",
    "AcledExport",
    "AcledRowError",
    "acled_export",
    "derived_row",
    "missing_columns",
    "parse_acled_row",
    "to_acled_rows",
]


# trucewatch type -> (disorder_type, event_type, sub_event_type) for records of our own
# (extract/data/acled_types.yaml); a type ACLED records no event for is a strategic development, "Other".
def _export_types() -> dict[EventType, tuple[str, str, str]]:
    table = {}
    for kind, pair in acled_types().items():
        etype, sub = pair or (STRATEGIC, "Other")
        table[kind] = (disorder_type(etype, sub), etype, sub)
    return table


ACLED_TYPES: dict[EventType, tuple[str, str, str]] = _export_types()
VIOLENCE_AGAINST_CIVILIANS = frozenset({EventType.ATTACK_CIVILIANS, EventType.ATTACK_AID})
_ATTACKS = frozenset(t for t in EventType if t.is_attack)  # a set's lookup, not a property per record
TAG_TYPE = "trucewatch:type="
TAG_WHEN = "trucewatch:when="
SKIP_UNDATED = "undated"
SKIP_YEAR_ONLY = "only the year known"
UNIDENTIFIED = "Unidentified Armed Group"  # ACLED's name for a perpetrator no source identifies
CIVILIANS = "Civilians"
REMOTE_VIOLENCE = "Explosions/Remote violence"


# -- writing ---------------------------------------------------------------------


MID_WEEK = dt.timedelta(days=2)  # a week's reference day: its Wednesday (a week starts on Monday)


def event_date(when: When) -> dt.date:
    """ACLED's date: the day; the middle of the week (time_precision 2); mid-month when only
    the month is known (time_precision 3)."""
    if when.precision == Precision.MONTH:
        return dt.date(when.start.year, when.start.month, 15)
    if when.precision == Precision.WEEK:
        return (when.start + MID_WEEK).date()
    return when.start.date()


def _tags(type_: EventType, when: When) -> str:
    """Our own facts ACLED has no column for, as its `tags` text: the type, the date as we have it."""
    return _tags_text(type_, when.iso(), when.precision, when.open_ended)


@lru_cache(maxsize=4096)  # a few types and dates, many records (keyed by the date as written)
def _tags_text(type_: EventType, date: str, precision: Precision, open_ended: bool) -> str:
    since = "/since" if open_ended else ""
    return f"{TAG_TYPE}{type_.value}; {TAG_WHEN}{date}/{precision.value}{since}"


def _num(value: float | None) -> str:
    """A coordinate to 4 decimals, the codebook's precision (trailing zeros dropped)."""
    return "" if value is None else f"{value:.4f}".rstrip("0").rstrip(".")


def _with_country(name: str, country: str) -> str:
    return f"{name} ({country})" if country else name


def _inter(actor: str, kinds: Mapping[str, ActorKind]) -> str:
    if not actor:
        return ""
    kind = kinds.get(actor)
    if kind is not None:
        return INTER_FOR_KIND.get(kind, "")
    if actor.startswith(CIVILIANS):
        return "7"
    if actor.startswith(UNIDENTIFIED):
        return "3"  # the codebook's category for unidentified armed groups
    return ""


def derived_row(record: Record, kinds: Mapping[str, ActorKind]) -> dict[str, str]:
    """The row a dated record writes from what its claim says (no stored ACLED row consulted)."""
    when = record.when
    assert when is not None
    disorder, etype, sub = ACLED_TYPES[record.type]
    cc = record.country_code
    country = country_name(cc)
    actor1, actor2 = record.actor1 or "", record.actor2 or ""
    if record.type in VIOLENCE_AGAINST_CIVILIANS and not actor2:
        actor2 = _with_country(CIVILIANS, country)  # the victims of violence against civilians: actor 2
    if record.type in _ATTACKS and not actor1 and actor2:
        actor1 = _with_country(UNIDENTIFIED, country)
    code1, code2 = _inter(actor1, kinds), _inter(actor2, kinds)
    # Civilians the main or only target: violence against civilians, or remote violence at civilians
    # (in a battle civilians are only ever harmed incidentally: never marked, says the codebook).
    targeted = record.type in VIOLENCE_AGAINST_CIVILIANS or (etype == REMOTE_VIOLENCE and code2 == "7")
    latitude, longitude, precision = record.latitude, record.longitude, record.geo_precision
    if latitude is None and record.location and record.location.casefold() == country.casefold():
        point = country_point(cc)  # a countrywide claim: the country's point
        if point is not None:
            (latitude, longitude), precision = point, 3
    day, year = _event_day(when.start, when.start.tzinfo, when.precision)
    # In ACLED_COLUMNS's order (a row's values are written in its order: see iter_acled_csv).
    return {
        "event_id_cnty": record.id,
        "event_date": day,
        "year": year,
        "time_precision": TIME_PRECISION[when.precision],
        "disorder_type": disorder,
        "event_type": etype,
        "sub_event_type": sub,
        "actor1": actor1,
        "assoc_actor_1": "",
        "inter1": INTER_LABELS.get(code1, ""),
        "actor2": actor2,
        "assoc_actor_2": "",
        "inter2": INTER_LABELS.get(code2, ""),
        "interaction": _interaction(code1, code2),
        "civilian_targeting": CIVILIAN_TARGETING if targeted else "",
        "iso": country_isonumeric(cc),
        "region": "",
        "country": country,
        "admin1": record.admin1 or "",
        "admin2": "",
        "admin3": "",
        "location": record.location or "",
        "latitude": _num(latitude),
        "longitude": _num(longitude),
        "geo_precision": str(precision or ""),
        "source": record.source or "",
        "source_scale": "",
        "notes": record.notes,
        "fatalities": str(record.fatalities),
        "tags": _tags(record.type, when),
        "timestamp": "",
    }


@lru_cache(maxsize=4096)  # few days, many records
def _event_day(start: dt.datetime, _tz: dt.tzinfo | None, precision: Precision) -> tuple[str, str]:
    """event_date's day (ISO) and its year, for a date's start (its offset in the key, as
    When.iso's) and precision."""
    day = event_date(When(start, precision))
    return day.isoformat(), str(day.year)


_interaction = lru_cache(maxsize=256)(interaction_label)  # a few categories, many records


def _split_tags(text: str) -> list[str]:
    return [t.strip() for t in text.split(";") if t.strip()]


def _merge(record: Record, base: dict[str, str]) -> dict[str, str]:
    """An imported record: ACLED's own text where the claim is unchanged since the import."""
    assert record.acled is not None
    original, then = record.acled.fields, record.acled.derived
    # A column the file did not have (an older file's disorder_type, civilian_targeting, tags) is ours.
    row = {c: original[c] if c in original and base[c] == then.get(c) else base[c] for c in ACLED_COLUMNS}
    row["event_id_cnty"] = original.get("event_id_cnty") or base["event_id_cnty"]
    _current_spelling(row)
    # Actor categories always in the current codebook's text, even from a file of older digits.
    for column in ("inter1", "inter2"):
        row[column] = current_inter(row[column])
    row["interaction"] = current_interaction(row["interaction"])
    if base["tags"] != then.get("tags"):  # ACLED's tags kept, ours after them
        theirs = [t for t in _split_tags(original.get("tags", "")) if not t.startswith("trucewatch:")]
        row["tags"] = "; ".join([*theirs, *_split_tags(base["tags"])])
    if record.redacted:  # never the stored text of a confidential source
        row["notes"], row["source"] = base["notes"], base["source"]
    return row


def _current_spelling(row: dict[str, str]) -> None:
    """An older file's spellings in the current codebook's: ISO dates, the codebook's type names."""
    raw = row["event_date"]
    try:
        if raw and not _is_iso_day(raw):
            row["event_date"] = _parse_date(raw).isoformat()
    except ValueError:
        pass
    pair = codebook_pair(row["event_type"], row["sub_event_type"])
    if pair is not None:
        row["event_type"], row["sub_event_type"] = pair[0], pair[1]


def _is_iso_day(raw: str) -> bool:
    try:
        dt.date.fromisoformat(raw)
    except ValueError:
        return False
    return len(raw) == 10


@dataclass
class AcledExport:
    rows: list[dict[str, str]] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> records left out


def acled_export(
    records: Iterable[Record], actor_kinds: Mapping[str, ActorKind] | None = None
) -> AcledExport:
    """ACLED rows for the records that can be written, and a count of those left out by reason."""
    kinds = actor_kinds or {}
    out = AcledExport()
    for r in records:
        if r.when is None:
            out.skipped[SKIP_UNDATED] += 1
        elif r.when.precision == Precision.YEAR:
            out.skipped[SKIP_YEAR_ONLY] += 1
        else:
            base = derived_row(r, kinds)
            out.rows.append(_merge(r, base) if r.acled is not None else base)
    return out


def to_acled_rows(
    records: Iterable[Record], actor_kinds: Mapping[str, ActorKind] | None = None
) -> list[dict[str, str]]:
    """ACLED rows (dicts keyed by ACLED_COLUMNS); undated and year-only records are left out."""
    return acled_export(records, actor_kinds).rows


# -- reading ---------------------------------------------------------------------


class AcledRowError(ValueError):
    """A row that cannot be read; the message says which field and why."""


@dataclass(frozen=True, slots=True)
class AcledEvent:
    """One ACLED-style row, read and typed; `fields` keeps every column as written."""

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
    fields: Mapping[str, str] = field(default_factory=dict)

    @property
    def timestamp(self) -> int | None:
        raw = self.fields.get("timestamp", "").strip()
        return int(raw) if raw.isdigit() else None


def _tag_value(row: Mapping[str, str], prefix: str) -> str | None:
    for tag in _split_tags(row.get("tags") or ""):
        if tag.startswith(prefix):
            return tag[len(prefix) :]
    return None


def _type_from(row: Mapping[str, str]) -> EventType:
    ours = _tag_value(row, TAG_TYPE)
    if ours is not None:
        try:
            return EventType(ours)
        except ValueError as exc:
            raise AcledRowError(f"unknown trucewatch type in tags: {ours!r}") from exc
    etype, sub = (row.get("event_type") or "").strip(), (row.get("sub_event_type") or "").strip()
    if not etype:
        raise AcledRowError("event_type is blank")
    pair = codebook_pair(etype, sub)
    # A pair outside the codebook we know (a newer ACLED type) is kept as its own type too.
    return pair[2] if pair is not None else EventType.OTHER


def _when_from(row: Mapping[str, str]) -> When:
    ours = _tag_value(row, TAG_WHEN)
    if ours is not None:
        iso, _, rest = ours.partition("/")
        prec, _, since = rest.partition("/")
        try:
            return When(_parse_iso_prefix(iso), Precision(prec), open_ended=since == "since")
        except ValueError as exc:
            raise AcledRowError(f"bad date tag {TAG_WHEN}{ours!r}") from exc
    raw = (row.get("event_date") or "").strip()
    try:
        day = _parse_date(raw)
    except ValueError as exc:
        raise AcledRowError(f"bad event_date {raw!r}") from exc
    match (row.get("time_precision") or "1").strip():
        case "3":
            return When(dt.datetime(day.year, day.month, 1), Precision.MONTH)
        case "2":  # the day is the middle of the week it stands for
            return When(dt.datetime.combine(day, dt.time()) - MID_WEEK, Precision.WEEK)
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


def _kind(row: Mapping[str, str], key: str) -> ActorKind | None:
    code = inter_code(row.get(key) or "")
    return KIND_FOR_INTER.get(code) if code else None


def _text(row: Mapping[str, str], key: str) -> str | None:
    return (row.get(key) or "").strip() or None


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
        actor1=_text(row, "actor1"),
        actor2=_text(row, "actor2"),
        inter1=_kind(row, "inter1"),
        inter2=_kind(row, "inter2"),
        country_code=country_code_for(country) or country_code_for(row.get("iso") or ""),
        admin1=_text(row, "admin1"),
        location=_text(row, "location"),
        latitude=_float(row, "latitude"),
        longitude=_float(row, "longitude"),
        geo_precision=int(precision_raw) if precision_raw.isdigit() else None,
        source=(row.get("source") or "").strip(),
        notes=(row.get("notes") or "").strip(),
        fatalities=max(fatalities, 0),
        fields={k: v for k, v in row.items() if k},
    )


def missing_columns(header: Sequence[str]) -> list[str]:
    """Columns an importer cannot do without."""
    needed = ("event_date", "event_type", "sub_event_type", "location")
    have = {h.strip() for h in header}
    return [c for c in needed if c not in have]
