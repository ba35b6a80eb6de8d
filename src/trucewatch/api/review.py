"""Analyst review: correct a claim, merge claims into one event. Pure where it can be."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from trucewatch.api import schemas as s
from trucewatch.api.problems import Problem
from trucewatch.model import ActorRole, Claim, Event, Quantity, Status, When
from trucewatch.store import Session, convert, get_place
from trucewatch.store.claims import rewrite_claim


def when_in(w: s.WhenIn | None) -> When | None:
    if w is None:
        return None
    if w.end is not None and w.end < w.start:
        raise Problem(422, "when.end is before when.start")
    return When(convert.utc(w.start), w.precision, convert.utc(w.end) if w.end else None, w.open_ended)


def corrected(claim: Claim, review: s.ClaimReview) -> Claim:
    """The claim with the analyst's corrections; a correction with no status confirms it."""
    changes: dict[str, object] = {}
    fields = review.model_fields_set
    if "type" in fields and review.type is not None:
        changes["type"] = review.type
    if "when" in fields:
        changes["when"] = when_in(review.when)
    if "place_id" in fields:
        changes["place_id"] = review.place_id
    if "actors" in fields and review.actors is not None:
        changes["actors"] = tuple(ActorRole(a.actor, a.role) for a in review.actors)
    if "quantities" in fields and review.quantities is not None:
        changes["quantities"] = tuple(Quantity(q.kind, q.value, q.qualifier) for q in review.quantities)
    status = review.status or (Status.CONFIRMED if changes else None)
    if status is not None:
        changes["status"] = status
    return dataclasses.replace(claim, **changes)  # type: ignore[arg-type]


def save_corrected(session: Session, claim: Claim) -> None:
    """Rewrite one stored claim in place (same id, same event link)."""
    assert claim.id is not None
    if claim.place_id is not None and get_place(session, claim.place_id) is None:
        raise Problem(422, f"no place with id {claim.place_id!r}; list places at /api/places")
    if not rewrite_claim(session, claim):
        raise Problem(404, f"no claim {claim.id!r}")


def merged_event(claims: Sequence[Claim], event_id: str | None) -> Event:
    """One event for claims that report the same happening; they must agree on the type."""
    types = {c.type for c in claims}
    if len(types) > 1:
        names = ", ".join(sorted(t.value for t in types))
        raise Problem(
            422, f"claims of different types ({names}) cannot be one event; correct their types first"
        )
    dated = [c.when for c in claims if c.when is not None]
    when = min(dated, key=lambda w: w.start) if dated else None
    places = [c.place_id for c in claims if c.place_id is not None]
    actors: dict[tuple[str, str], ActorRole] = {}
    for c in claims:
        for a in c.actors:
            actors.setdefault((a.actor, a.role.value), ActorRole(a.actor, a.role))
    return Event(
        type=claims[0].type,
        claim_ids=tuple(c.id for c in claims if c.id is not None),
        when=when,
        place_id=max(set(places), key=places.count) if places else None,
        actors=tuple(actors.values()),
        status=Status.CONFIRMED,
        id=event_id,
    )
