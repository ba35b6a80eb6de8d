"""Happenings: claims about the same thing, counted once.

Many claims may report one happening (a release of detainees reported by two
outlets, or one report ingested twice). The ledger counts happenings, never
claims. Two claims are taken to be the same happening when

1. an analyst grouped them into one Event (same `event_id`), or
2. they agree on everything the ledger counts: the same type, the same date at
   the same precision, the same place, the same actors with the same roles and
   the same figures. Two shellings of one place on one day by one party, from
   two reports, are therefore counted once: the ledger would rather under-count
   than double-count, and an analyst who knows they were separate can split
   them into two Events.

Claims are grouped with a union-find, so a claim linked both by an Event and
by the rule joins both groups, in one pass over the claims.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from trucewatch.ledger.timeline import when_last
from trucewatch.model import Claim, Event, EventType, Precision, Role, Span, Status, When

UNATTRIBUTED = "unattributed"


@dataclass(frozen=True, slots=True)
class DocInfo:
    """What the ledger needs to know about a claim's document.

    `known` is the day its claims became known: the publication date, else the
    day it was ingested. Both None (a document whose dates are withheld from
    the reader, see trucewatch.disclosure.published_as_seen) leaves its claims
    counted by their own dates alone.
    """

    published: dt.date | None = None
    source: str | None = None  # outlet or source name: figures are shown per source
    ingested: dt.date | None = None

    @property
    def known(self) -> dt.date | None:
        return self.published or self.ingested


@dataclass(frozen=True, slots=True)
class Happening:
    """One happening and the claims that report it."""

    type: EventType
    when: When | None
    place_id: str | None
    claims: tuple[Claim, ...]
    event_id: str | None = None

    @property
    def claim_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.claims if c.id is not None)

    @property
    def evidence(self) -> tuple[Span, ...]:
        return tuple(span for c in self.claims for span in c.evidence)

    @property
    def perpetrators(self) -> tuple[str, ...]:
        """Who did it, by the claims; ("unattributed",) when no claim names anyone."""
        names = sorted({a.actor for c in self.claims for a in c.actors if a.role == Role.PERPETRATOR})
        return tuple(names) or (UNATTRIBUTED,)

    @property
    def actors(self) -> frozenset[str]:
        return frozenset(a.actor for c in self.claims for a in c.actors)


def source_of(claim: Claim, docs: Mapping[str, DocInfo] | None) -> str:
    info = docs.get(claim.document_id) if docs else None
    return (info.source if info and info.source else None) or claim.document_id


def reported_on(claim: Claim, docs: Mapping[str, DocInfo] | None) -> dt.date | None:
    """The day the claim became known (its document's publication, else its ingest), if any."""
    info = docs.get(claim.document_id) if docs else None
    return info.known if info else None


def _same_happening_key(c: Claim) -> tuple[object, ...]:
    # Enums hash as their values; a When's start is already the first instant its precision allows.
    w = c.when
    when = (w.start, w.precision, w.end, w.open_ended) if w is not None else None
    place = c.place_id or (c.place or "").casefold() or None
    actors: tuple[object, ...] = ()
    if c.actors:
        actors = (
            tuple(sorted((a.actor, a.role) for a in c.actors))
            if len(c.actors) > 1
            else ((c.actors[0].actor, c.actors[0].role),)
        )
    figures: tuple[object, ...] = ()
    if c.quantities:
        figures = tuple(sorted((q.kind, q.value or -1, q.qualifier) for q in c.quantities))
    return (c.type, when, place, actors, figures)


def group_happenings(claims: Iterable[Claim], events: Iterable[Event] = ()) -> list[Happening]:
    """Group claims into happenings (rules in the module docstring), in first-seen order.

    Rejected claims are left out. An analyst's Event, when given, supplies the
    happening's date, place and type in place of its claims'; a rejected Event
    removes the happening.
    """
    kept = [c for c in claims if c.status != Status.REJECTED]
    parent = list(range(len(kept)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[object, int] = {}
    for i, c in enumerate(kept):
        keys: list[object] = [_same_happening_key(c)]
        if c.event_id is not None:
            keys.append(("event", c.event_id))
        if c.id is not None:  # one claim listed twice is one claim
            keys.append(("claim", c.id))
        for key in keys:
            j = first.setdefault(key, i)
            if j != i:
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[Claim]] = {}
    for i, c in enumerate(kept):
        groups.setdefault(find(i), []).append(c)
    by_event = {e.id: e for e in events if e.id is not None}
    out: list[Happening] = []
    for members in groups.values():
        # Claims in id order and least ids, not the first read: the order claims come out of a
        # database is not theirs.
        unique = tuple(sorted({(c.id or str(id(c))): c for c in members}.values(), key=_claim_id))
        event = min((by_event[c.event_id] for c in unique if c.event_id in by_event), key=_id, default=None)
        place_id = min((c.place_id for c in unique if c.place_id), default=None)
        if event is None:
            event_id = min((c.event_id for c in unique if c.event_id), default=None)
            when = unique[0].when if len(unique) == 1 else earliest_when(unique)
            out.append(Happening(unique[0].type, when, place_id, unique, event_id))
        elif event.status != Status.REJECTED:
            when = event.when or earliest_when(unique)
            out.append(Happening(event.type, when, event.place_id or place_id, unique, event.id))
    return out


def earliest_when(claims: tuple[Claim, ...]) -> When | None:
    dated = [c.when for c in claims if c.when is not None]
    if not dated:
        return None
    # The most precise date wins; among equals, the earliest, then the shortest, then a closed
    # one (an open end or a range makes a date no longer one day): never the first read.
    return min(dated, key=_finest_earliest_shortest)


def _finest_earliest_shortest(w: When) -> tuple[int, dt.datetime, dt.datetime, bool, bool]:
    return (_FINEST_FIRST.index(w.precision), w.start, when_last(w), w.open_ended, w.end is not None)


def in_time_order(h: Happening) -> tuple[dt.datetime, str, str]:
    """Undated first, then by date; ties by place and least claim id: how happenings are listed,
    never in the order their claims were read (a stored ledger refreshed from a few claims and
    one computed from all must list them alike)."""
    return (h.when.start if h.when else dt.datetime.min, h.place_id or "", min(h.claim_ids, default=""))


def _id(event: Event) -> str:
    return event.id or ""


def _claim_id(claim: Claim) -> str:
    return claim.id or ""


_FINEST_FIRST = list(Precision)  # declared finest first: minute, hour, day, week, month, year
