"""Model dataclasses -> response bodies, for things that carry no source identity."""

from __future__ import annotations

from trucewatch.api import schemas as s
from trucewatch.model import Actor, ActorRole, Event, Place, Quantity, Span
from trucewatch.serialize import when_out


def span_out(span: Span | None) -> s.SpanOut | None:
    return s.SpanOut(document_id=span.document_id, start=span.start, end=span.end) if span else None


def actor_role_out(a: ActorRole) -> s.ActorRoleOut:
    return s.ActorRoleOut(actor=a.actor, role=a.role, span=span_out(a.span))


def quantity_out(q: Quantity) -> s.QuantityOut:
    return s.QuantityOut(kind=q.kind, value=q.value, qualifier=q.qualifier, span=span_out(q.span))


def event_out(e: Event) -> s.EventOut:
    assert e.id is not None
    return s.EventOut(
        id=e.id,
        type=e.type,
        when=when_out(e.when),
        place_id=e.place_id,
        actors=[actor_role_out(a) for a in e.actors],
        status=e.status,
        claim_ids=list(e.claim_ids),
    )


def place_out(p: Place) -> s.PlaceOut:
    assert p.id is not None
    return s.PlaceOut(
        id=p.id,
        name=p.name,
        country_code=p.country_code,
        latitude=p.latitude,
        longitude=p.longitude,
        kind=p.kind,
        admin1=p.admin1,
        parent_id=p.parent_id,
        geonames_id=p.geonames_id,
        alternate_names=list(p.alternate_names),
    )


def actor_out(a: Actor) -> s.ActorOut:
    return s.ActorOut(id=a.id, name=a.name, kind=a.kind.value, side=a.side, aliases=list(a.aliases))
