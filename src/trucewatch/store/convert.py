"""Rows <-> model dataclasses: the one place that knows both shapes.

Pure functions; ids and timestamps are passed in, never made up here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from trucewatch.model import (
    ActionKind,
    ActorKind,
    ActorRole,
    Agreement,
    AgreementKind,
    Ceasefire,
    CeasefireClass,
    CeasefirePurpose,
    Claim,
    Commitment,
    Document,
    Event,
    EventType,
    Place,
    Precision,
    Qualifier,
    Quantity,
    QuantityKind,
    Reliability,
    Role,
    Siege,
    Source,
    Span,
    Status,
    When,
)
from trucewatch.model import Actor as ActorModel
from trucewatch.store.tables import (
    ActorRow,
    AgreementRow,
    CeasefireRow,
    ClaimActorRow,
    ClaimQuantityRow,
    ClaimRow,
    CommitmentRow,
    DocumentRow,
    EventRow,
    EvidenceRow,
    PlaceRow,
    SiegeRow,
    SourceRow,
)

# --- dates ---------------------------------------------------------------


def utc(value: dt.datetime) -> dt.datetime:
    """Naive UTC, as stored: aware values are converted, naive ones taken as UTC."""
    if value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _add_months(value: dt.datetime, months: int) -> dt.datetime:
    month0 = value.month - 1 + months
    return value.replace(year=value.year + month0 // 12, month=month0 % 12 + 1, day=1)


def when_last(when: When) -> dt.datetime | None:
    """The first instant after everything `when` allows; None when open-ended."""
    if when.end is not None:
        return utc(when.end)
    if when.open_ended:
        return None
    s = utc(when.start)
    match when.precision:
        case Precision.MINUTE:
            return s.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
        case Precision.HOUR:
            return s.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
        case Precision.DAY:
            return dt.datetime.combine(s.date(), dt.time()) + dt.timedelta(days=1)
        case Precision.WEEK:
            return dt.datetime.combine(s.date(), dt.time()) + dt.timedelta(days=7)
        case Precision.MONTH:
            return _add_months(s, 1).replace(hour=0, minute=0, second=0, microsecond=0)
        case Precision.YEAR:
            return s.replace(year=s.year + 1, month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    raise AssertionError(when.precision)


def when_columns(prefix: str, when: When | None, *, with_last: bool = False) -> dict[str, Any]:
    cols: dict[str, Any] = {
        f"{prefix}_start": utc(when.start) if when else None,
        f"{prefix}_end": utc(when.end) if when and when.end else None,
        f"{prefix}_precision": when.precision.value if when else None,
        f"{prefix}_open_ended": bool(when and when.open_ended),
    }
    if with_last:
        cols[f"{prefix}_last"] = when_last(when) if when else None
    return cols


def when_from(row: object, prefix: str) -> When | None:
    start = getattr(row, f"{prefix}_start")
    if start is None:
        return None
    return When(
        start=start,
        precision=Precision(getattr(row, f"{prefix}_precision")),
        end=getattr(row, f"{prefix}_end"),
        open_ended=bool(getattr(row, f"{prefix}_open_ended")),
    )


# --- spans ---------------------------------------------------------------


def spans_to_json(spans: Sequence[Span]) -> list[list[Any]]:
    return [[s.document_id, s.start, s.end] for s in spans]


def spans_from_json(data: Sequence[Sequence[Any]] | None) -> tuple[Span, ...]:
    return tuple(Span(str(d), int(s), int(e)) for d, s, e in (data or ()))


def _span_cols(span: Span | None) -> dict[str, Any]:
    if span is None:
        return {"span_document_id": None, "span_start": None, "span_end": None}
    return {"span_document_id": span.document_id, "span_start": span.start, "span_end": span.end}


def _span_from(row: Any) -> Span | None:
    if row.span_document_id is None or row.span_start is None or row.span_end is None:
        return None
    return Span(row.span_document_id, row.span_start, row.span_end)


# --- sources and documents -------------------------------------------------


def source_values(source: Source, id_: str) -> dict[str, Any]:
    return {
        "id": id_,
        "name": source.name,
        "kind": source.kind,
        "reliability": source.reliability.value,
        "confidential": source.confidential,
        "public": source.public,
    }


def source_from_row(row: SourceRow) -> Source:
    return Source(
        name=row.name,
        kind=row.kind,
        reliability=Reliability(row.reliability),
        confidential=row.confidential,
        id=row.id,
        public=bool(row.public),
    )


def document_values(doc: Document, id_: str, source_id: str | None, now: dt.datetime) -> dict[str, Any]:
    return {
        "id": id_,
        "content_hash": doc.content_hash,
        "text": doc.text,
        "title": doc.title,
        "url": doc.url,
        "published": doc.published,
        "language": doc.language,
        "source_id": source_id,
        "confidential": doc.confidential,
        "origin": doc.origin,
        "ingested_at": now,
    }


def document_from_row(row: DocumentRow) -> Document:
    return Document(
        text=row.text,
        content_hash=row.content_hash,
        title=row.title,
        url=row.url,
        published=row.published,
        language=row.language,
        source=source_from_row(row.source) if row.source is not None else None,
        confidential=row.confidential,
        origin=row.origin,
        id=row.id,
    )


# --- places and actors -------------------------------------------------------


def place_values(place: Place, id_: str) -> dict[str, Any]:
    return {
        "id": id_,
        "name": place.name,
        "country_code": place.country_code,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "kind": place.kind,
        "admin1": place.admin1,
        "parent_id": place.parent_id,
        "geonames_id": place.geonames_id,
        "alternate_names": list(place.alternate_names),
    }


def place_from_row(row: PlaceRow) -> Place:
    return Place(
        name=row.name,
        country_code=row.country_code,
        latitude=row.latitude,
        longitude=row.longitude,
        kind=row.kind,
        admin1=row.admin1,
        parent_id=row.parent_id,
        geonames_id=row.geonames_id,
        alternate_names=tuple(row.alternate_names or ()),
        id=row.id,
    )


def actor_values(actor: ActorModel, id_: str) -> dict[str, Any]:
    return {
        "id": id_,
        "name": actor.name,
        "kind": actor.kind.value,
        "side": actor.side,
        "aliases": list(actor.aliases),
    }


def actor_from_row(row: ActorRow) -> ActorModel:
    return ActorModel(
        name=row.name,
        kind=ActorKind(row.kind),
        side=row.side,
        aliases=tuple(row.aliases or ()),
        id=row.id,
    )


# --- claims ------------------------------------------------------------------


def claim_to_row(
    claim: Claim, id_: str, now: dt.datetime, *, status: Status | None = None, event_id: str | None = None
) -> ClaimRow:
    row = ClaimRow(
        id=id_,
        document_id=claim.document_id,
        type=claim.type.value,
        place=claim.place,
        place_id=claim.place_id,
        extractor=claim.extractor,
        extractor_version=claim.extractor_version,
        rule=claim.rule,
        status=(status or claim.status).value,
        event_id=event_id if event_id is not None else claim.event_id,
        created_at=now,
        **when_columns("when", claim.when, with_last=True),
    )
    row.evidence = [
        EvidenceRow(position=i, document_id=s.document_id, start=s.start, end=s.end)
        for i, s in enumerate(claim.evidence)
    ]
    row.actors = [
        ClaimActorRow(position=i, actor=a.actor, role=a.role.value, **_span_cols(a.span))
        for i, a in enumerate(claim.actors)
    ]
    row.quantities = [
        ClaimQuantityRow(
            position=i, kind=q.kind.value, value=q.value, qualifier=q.qualifier.value, **_span_cols(q.span)
        )
        for i, q in enumerate(claim.quantities)
    ]
    return row


def claim_from_row(row: ClaimRow) -> Claim:
    return claim_from_parts(row, row.evidence, row.actors, row.quantities)


def claim_from_parts(
    row: Any, evidence: Iterable[Any], actors: Iterable[Any], quantities: Iterable[Any]
) -> Claim:
    """A claim from a claims row and its child rows (ORM objects or plain result rows, in position order)."""
    return Claim(
        type=EventType(row.type),
        document_id=row.document_id,
        evidence=tuple(Span(e.document_id, e.start, e.end) for e in evidence),
        when=when_from(row, "when"),
        place=row.place,
        place_id=row.place_id,
        actors=tuple(ActorRole(a.actor, Role(a.role), _span_from(a)) for a in actors),
        quantities=tuple(
            Quantity(QuantityKind(q.kind), q.value, Qualifier(q.qualifier), _span_from(q)) for q in quantities
        ),
        extractor=row.extractor,
        extractor_version=row.extractor_version,
        rule=row.rule,
        status=Status(row.status),
        event_id=row.event_id,
        id=row.id,
    )


# --- events ------------------------------------------------------------------


def _roles_to_json(actors: Sequence[ActorRole]) -> list[dict[str, Any]]:
    return [
        {
            "actor": a.actor,
            "role": a.role.value,
            "span": [a.span.document_id, a.span.start, a.span.end] if a.span else None,
        }
        for a in actors
    ]


def _roles_from_json(data: Sequence[dict[str, Any]] | None) -> tuple[ActorRole, ...]:
    return tuple(
        ActorRole(
            str(a["actor"]),
            Role(a["role"]),
            Span(str(a["span"][0]), int(a["span"][1]), int(a["span"][2])) if a.get("span") else None,
        )
        for a in (data or ())
    )


def event_values(event: Event, id_: str) -> dict[str, Any]:
    return {
        "id": id_,
        "type": event.type.value,
        "place_id": event.place_id,
        "actors": _roles_to_json(event.actors),
        "status": event.status.value,
        **when_columns("when", event.when, with_last=True),
    }


def event_from_row(row: EventRow, claim_ids: Sequence[str]) -> Event:
    return Event(
        type=EventType(row.type),
        claim_ids=tuple(claim_ids),
        when=when_from(row, "when"),
        place_id=row.place_id,
        actors=_roles_from_json(row.actors),
        status=Status(row.status),
        id=row.id,
    )


# --- agreements, ceasefires, sieges -------------------------------------------


def agreement_values(agreement: Agreement, id_: str) -> dict[str, Any]:
    return {
        "id": id_,
        "kind": agreement.kind.value,
        "title": agreement.title,
        **when_columns("reached", agreement.reached),
        **when_columns("effective_from", agreement.effective_from),
        **when_columns("effective_until", agreement.effective_until),
        "place_id": agreement.place_id,
        "parties": list(agreement.parties),
        "mediators": list(agreement.mediators),
        "guarantors": list(agreement.guarantors),
        "monitor": agreement.monitor,
        "evidence": spans_to_json(agreement.evidence),
        "claim_ids": list(agreement.claim_ids),
        "status": agreement.status.value,
    }


def commitment_to_row(commitment: Commitment, id_: str, position: int) -> CommitmentRow:
    return CommitmentRow(
        id=id_,
        position=position,
        obligated=commitment.obligated,
        action=commitment.action.value,
        target=commitment.target,
        unit=commitment.unit.value if commitment.unit else None,
        qualifier=commitment.qualifier.value,
        deadline=commitment.deadline,
        description=commitment.description,
        evidence=spans_to_json(commitment.evidence),
    )


def commitment_from_row(row: CommitmentRow) -> Commitment:
    return Commitment(
        obligated=row.obligated,
        action=ActionKind(row.action),
        target=row.target,
        unit=QuantityKind(row.unit) if row.unit else None,
        qualifier=Qualifier(row.qualifier),
        deadline=row.deadline,
        description=row.description,
        evidence=spans_from_json(row.evidence),
        id=row.id,
    )


def agreement_from_row(row: AgreementRow) -> Agreement:
    return Agreement(
        kind=AgreementKind(row.kind),
        title=row.title,
        reached=when_from(row, "reached"),
        effective_from=when_from(row, "effective_from"),
        effective_until=when_from(row, "effective_until"),
        place_id=row.place_id,
        parties=tuple(row.parties or ()),
        mediators=tuple(row.mediators or ()),
        guarantors=tuple(row.guarantors or ()),
        monitor=row.monitor,
        commitments=tuple(commitment_from_row(c) for c in row.commitments),
        evidence=spans_from_json(row.evidence),
        claim_ids=tuple(row.claim_ids or ()),
        status=Status(row.status),
        id=row.id,
    )


def ceasefire_values(ceasefire: Ceasefire, id_: str) -> dict[str, Any]:
    return {
        "id": id_,
        **when_columns("start", ceasefire.start),
        **when_columns("end", ceasefire.end),
        "place_id": ceasefire.place_id,
        "parties": list(ceasefire.parties),
        "mediators": list(ceasefire.mediators),
        "monitor": ceasefire.monitor,
        "cf_class": ceasefire.cf_class.value if ceasefire.cf_class else None,
        "written": ceasefire.written,
        "purpose": ceasefire.purpose.value if ceasefire.purpose else None,
        "coverage": ceasefire.coverage,
        "ended_how": ceasefire.ended_how,
        "agreement_id": ceasefire.agreement_id,
        "evidence": spans_to_json(ceasefire.evidence),
        "claim_ids": list(ceasefire.claim_ids),
        "status": ceasefire.status.value,
    }


def ceasefire_from_row(row: CeasefireRow) -> Ceasefire:
    start = when_from(row, "start")
    assert start is not None  # the column is NOT NULL
    return Ceasefire(
        start=start,
        place_id=row.place_id,
        end=when_from(row, "end"),
        parties=tuple(row.parties or ()),
        mediators=tuple(row.mediators or ()),
        monitor=row.monitor,
        cf_class=CeasefireClass(row.cf_class) if row.cf_class else None,
        written=row.written,
        purpose=CeasefirePurpose(row.purpose) if row.purpose else None,
        coverage=row.coverage,
        ended_how=row.ended_how,
        agreement_id=row.agreement_id,
        evidence=spans_from_json(row.evidence),
        claim_ids=tuple(row.claim_ids or ()),
        status=Status(row.status),
        id=row.id,
    )


def siege_values(siege: Siege, id_: str) -> dict[str, Any]:
    return {
        "id": id_,
        "place_id": siege.place_id,
        "besieger": siege.besieger,
        **when_columns("since", siege.since),
        **when_columns("until", siege.until),
        "evidence": spans_to_json(siege.evidence),
        "claim_ids": list(siege.claim_ids),
        "status": siege.status.value,
    }


def siege_from_row(row: SiegeRow) -> Siege:
    return Siege(
        place_id=row.place_id,
        besieger=row.besieger,
        since=when_from(row, "since"),
        until=when_from(row, "until"),
        evidence=spans_from_json(row.evidence),
        claim_ids=tuple(row.claim_ids or ()),
        status=Status(row.status),
        id=row.id,
    )
