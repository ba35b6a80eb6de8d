"""Importing an ACLED-style CSV: each row becomes a document (its notes) and one claim.

The notes are the document text and the whole text is the claim's evidence,
so what an importer shows as the source sentence is exactly what the file said.
Bad rows are reported and skipped; they never stop the import.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from trucewatch.model import (
    Actor,
    ActorRole,
    Claim,
    Document,
    Place,
    Quantity,
    QuantityKind,
    Role,
    Source,
    Span,
)
from trucewatch.report.acled import AcledEvent, AcledRowError, missing_columns, parse_acled_row
from trucewatch.report.records import REDACTED_SOURCE
from trucewatch.store import add_document, replace_claims, upsert_actors, upsert_places

EXTRACTOR = "acled-import"
EXTRACTOR_VERSION = "1"
KIND_FOR_GEO_PRECISION = {1: "populated_place", 2: "area", 3: "region"}
UNKNOWN_SOURCE = "unknown source"
_FORMULA_CHARS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ImportResult:
    imported: int = 0
    errors: list[str] = field(default_factory=list)  # "row 7: bad event_date '...'"


def _unquote(value: str) -> str:
    """Undo the quote our exports put before formula-like cells."""
    if value.startswith("'") and value[1:2] in _FORMULA_CHARS:
        return value[1:]
    return value


def read_acled_csv(text: str) -> tuple[list[AcledEvent], list[str]]:
    """Parse an ACLED-style CSV text; returns the good rows and one message per bad row."""
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    if missing := missing_columns(header):
        return [], [f"not an ACLED-style CSV: missing columns {', '.join(missing)}"]
    events, errors = [], []
    for number, row in enumerate(reader, start=2):
        if row.get("event_id_cnty", "").startswith("#"):
            continue  # an HXL hashtag row
        try:
            events.append(parse_acled_row({k: _unquote(v or "") for k, v in row.items() if k}))
        except AcledRowError as exc:
            errors.append(f"row {number}: {exc}")
    return events, errors


def _place(e: AcledEvent) -> Place | None:
    if e.location is None:
        return None
    kind = KIND_FOR_GEO_PRECISION.get(e.geo_precision or 2, "area")
    return Place(
        name=e.location,
        country_code=e.country_code,
        latitude=e.latitude,
        longitude=e.longitude,
        kind=kind,
        admin1=e.admin1,
    )


def _roles(e: AcledEvent) -> tuple[ActorRole, ...]:
    first, second = (Role.PERPETRATOR, Role.TARGET) if e.type.is_attack else (Role.PARTY, Role.PARTY)
    roles = []
    if e.actor1:
        roles.append(ActorRole(e.actor1, first))
    if e.actor2 and e.actor2 != e.actor1:
        roles.append(ActorRole(e.actor2, second))
    return tuple(roles)


def import_events(session: Session, events: Iterable[AcledEvent]) -> int:
    """Store events read by read_acled_csv; returns how many claims were written."""
    count = 0
    for e in events:
        place = _place(e)
        place_id = upsert_places(session, [place])[0] if place is not None else None
        pairs = ((e.actor1, e.inter1), (e.actor2, e.inter2))
        actors = [Actor(name, kind) for name, kind in pairs if name and kind is not None]
        if actors:
            upsert_actors(session, actors)
        source_name = e.source or UNKNOWN_SOURCE
        redacted = source_name == REDACTED_SOURCE  # stays confidential through a round trip
        digest = hashlib.sha256("\x1f".join([e.event_id, source_name, e.notes]).encode()).hexdigest()
        doc = Document(
            text=e.notes,
            content_hash=digest,
            title=f"ACLED-style event {e.event_id}" if e.event_id else None,
            source=Source(name=source_name, confidential=redacted),
            confidential=redacted,
            origin="acled-import",
        )
        doc_id, _ = add_document(session, doc)
        quantities = (Quantity(QuantityKind.KILLED, e.fatalities),) if e.fatalities else ()
        claim = Claim(
            type=e.type,
            document_id=doc_id,
            evidence=(Span(doc_id, 0, len(e.notes)),),
            when=e.when,
            place=e.location,
            place_id=place_id,
            actors=_roles(e),
            quantities=quantities,
            rule="acled-row",
        )
        replace_claims(session, doc_id, EXTRACTOR, EXTRACTOR_VERSION, [claim])
        count += 1
    return count


def import_acled_csv(session: Session, text: str) -> ImportResult:
    events, errors = read_acled_csv(text)
    return ImportResult(imported=import_events(session, events), errors=errors)
