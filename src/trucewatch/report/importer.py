"""Importing an ACLED-style CSV: each event becomes a document (its notes) and one claim.

The notes are the document text and the whole text is the claim's evidence,
so what an importer shows as the source sentence is exactly what the file said.
The row itself is kept whole (store/acled.py), so an export writes it back as it came.

ACLED's `event_id_cnty` names an event across ACLED's revisions: a row whose id
is already stored updates that event in place (document, claim, stored row; one
audit entry with the fields that changed), unless it is the same row again
(unchanged) or older than the stored one by ACLED's `timestamp` (skipped).
Bad rows are reported and skipped; they never stop the import.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from trucewatch.model import (
    Actor,
    ActorKind,
    ActorRole,
    Claim,
    Document,
    Place,
    Precision,
    Quantity,
    QuantityKind,
    Role,
    Source,
    Span,
)
from trucewatch.report.acled import AcledEvent, AcledRowError, derived_row, missing_columns, parse_acled_row
from trucewatch.report.acled_codes import GEO_PRECISION_KIND
from trucewatch.report.load import actor_kinds
from trucewatch.report.records import REDACTED_SOURCE, to_records
from trucewatch.store import Session, add_document, replace_claims, upsert_actors, upsert_places
from trucewatch.store.accounts import record as audit
from trucewatch.store.acled import (
    LEGACY_TITLE,
    StoredAcled,
    get_acled_event,
    legacy_acled_documents,
    rewrite_document,
    save_acled_event,
)

EXTRACTOR = "acled-import"
EXTRACTOR_VERSION = "2"
UNKNOWN_SOURCE = "unknown source"
_FORMULA_CHARS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ImportResult:
    imported: int = 0  # new events
    updated: int = 0  # stored events overwritten in place by a revised row
    unchanged: int = 0  # the same row as the one stored
    older: int = 0  # rows older (ACLED timestamp) than the stored event: not applied
    errors: list[str] = field(default_factory=list)  # "row 7: bad event_date '...'"

    @property
    def written(self) -> int:
        return self.imported + self.updated


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
        if (row.get("event_id_cnty") or "").startswith("#"):
            continue  # an HXL hashtag row
        if None in row:
            errors.append(f"row {number}: {len(row[None])} more cells than the header has columns")
            continue
        try:
            events.append(parse_acled_row({k: _unquote(v or "") for k, v in row.items() if k}))
        except AcledRowError as exc:
            errors.append(f"row {number}: {exc}")
    return events, errors


def _place(e: AcledEvent) -> Place | None:
    if e.location is None:
        return None
    return Place(
        name=e.location,
        country_code=e.country_code,
        latitude=e.latitude,
        longitude=e.longitude,
        kind=GEO_PRECISION_KIND.get(e.geo_precision or 2, "area"),
        admin1=e.admin1,
    )


def _roles(e: AcledEvent) -> tuple[ActorRole, ...]:
    first, second = (Role.PERPETRATOR, Role.TARGET) if e.type.is_attack else (Role.PARTY, Role.PARTY)
    roles = []
    if e.actor1:
        roles.append(ActorRole(e.actor1, first))
    if e.actor2 and (e.actor2 != e.actor1 or first != second):
        roles.append(ActorRole(e.actor2, second))
    return tuple(roles)


def _document(e: AcledEvent) -> Document:
    source_name = e.source or UNKNOWN_SOURCE
    redacted = source_name == REDACTED_SOURCE  # stays confidential through a round trip
    # An event's identity is its ACLED id, not its wording: a revision keeps the same document.
    key = ["acled-event", e.event_id] if e.event_id else [e.event_id, source_name, e.notes]
    return Document(
        text=e.notes,
        content_hash=hashlib.sha256("\x1f".join(key).encode()).hexdigest(),
        title=LEGACY_TITLE + e.event_id if e.event_id else None,
        source=Source(name=source_name, confidential=redacted),
        confidential=redacted,
        origin="acled-import",
    )


def _changes(before: dict[str, str], after: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    keys = [k for k in dict.fromkeys([*before, *after]) if before.get(k, "") != after.get(k, "")]
    return {k: before.get(k, "") for k in keys}, {k: after.get(k, "") for k in keys}


@dataclass
class _Run:
    """What one import looks up once: actor kinds (kept current as rows add actors), legacy documents."""

    result: ImportResult
    actor: str | None
    kinds: dict[str, ActorKind]
    legacy: dict[str, str]


def _stored_document(run: _Run, e: AcledEvent, stored: StoredAcled | None) -> str | None:
    if stored is not None:
        return stored.document_id
    return run.legacy.pop(e.event_id, None) if e.event_id else None


def _import_one(session: Session, e: AcledEvent, run: _Run) -> None:
    result, actor = run.result, run.actor
    stored = get_acled_event(session, e.event_id) if e.event_id else None
    if stored is not None and stored.fields == dict(e.fields):
        result.unchanged += 1
        return
    old_stamp = (stored.fields.get("timestamp") or "").strip() if stored else ""
    if old_stamp.isdigit() and e.timestamp is not None and e.timestamp < int(old_stamp):
        result.older += 1
        return
    place = _place(e)
    place_id = upsert_places(session, [place])[0] if place is not None else None
    pairs = ((e.actor1, e.inter1), (e.actor2, e.inter2))
    actors = [Actor(name, kind) for name, kind in pairs if name and kind is not None]
    if actors:
        upsert_actors(session, actors)
        run.kinds.update({a.name: a.kind for a in actors})
    doc = _document(e)
    doc_id = _stored_document(run, e, stored)
    updating = doc_id is not None
    if doc_id is not None:
        rewrite_document(session, doc_id, doc)
    else:
        doc_id, created = add_document(session, doc)
        if not created and e.event_id:  # the same id twice in one file: the later row wins
            rewrite_document(session, doc_id, doc)
            updating = True
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
    claim_id = replace_claims(session, doc_id, EXTRACTOR, EXTRACTOR_VERSION, [claim])[0]
    stored_doc = dataclasses.replace(doc, id=doc_id)
    places = {place_id: dataclasses.replace(place, id=place_id)} if place and place_id else {}
    record = to_records(
        [dataclasses.replace(claim, id=claim_id)], {doc_id: stored_doc}, places, show_confidential=True
    )[0]
    fields = dict(e.fields)
    exportable = record.when is not None and record.when.precision != Precision.YEAR
    derived = derived_row(record, run.kinds) if exportable else {}
    save_acled_event(session, e.event_id or record.id, doc_id, fields, derived)
    if not updating:
        result.imported += 1
        return
    result.updated += 1
    before, after = _changes(stored.fields if stored else {}, fields)
    audit(
        session,
        user=None,
        actor=actor,
        action="acled.event.update",
        resource="acled_events",
        resource_id=e.event_id,
        before=before,
        after=after,
    )


def import_events(
    session: Session, events: Iterable[AcledEvent], *, actor: str | None = None
) -> ImportResult:
    """Store events read by read_acled_csv (new ones added, revised ones updated in place)."""
    run = _Run(ImportResult(), actor, actor_kinds(session), legacy_acled_documents(session))
    for e in events:
        _import_one(session, e, run)
    return run.result


def import_acled_csv(session: Session, text: str, *, actor: str | None = None) -> ImportResult:
    events, errors = read_acled_csv(text)
    result = import_events(session, events, actor=actor)
    result.errors = errors
    return result
