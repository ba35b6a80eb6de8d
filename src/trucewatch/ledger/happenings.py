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
by the rule joins both groups.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from trucewatch.model import Claim, Event, EventType, Role, Span, When

UNATTRIBUTED = "unattributed"


@dataclass(frozen=True, slots=True)
class DocInfo:
    """What the ledger needs to know about a claim's document."""

    published: dt.date | None = None
    source: str | None = None  # outlet or source name: figures are shown per source


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
    info = docs.get(claim.document_id) if docs else None
    return info.published if info else None


def _same_happening_key(c: Claim) -> tuple[object, ...]:
    when = (c.when.iso(), c.when.end, c.when.open_ended) if c.when else None
    place = c.place_id or (c.place or "").casefold() or None
    actors = tuple(sorted((a.actor, a.role.value) for a in c.actors))
    figures = tuple(sorted((q.kind.value, q.value, q.qualifier.value) for q in c.quantities))
    return (c.type.value, when, place, actors, figures)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def group_happenings(claims: Iterable[Claim], events: Iterable[Event] = ()) -> list[Happening]:
    """Group claims into happenings (rules in the module docstring), in first-seen order.

    Rejected claims are left out. An analyst's Event, when given, supplies the
    happening's date, place and type in place of its claims'.
    """
    kept = [c for c in claims if c.status != "rejected"]
    uf = _UnionFind(len(kept))
    first: dict[object, int] = {}
    for i, c in enumerate(kept):
        keys: list[object] = [("key", _same_happening_key(c))]
        if c.event_id is not None:
            keys.append(("event", c.event_id))
        if c.id is not None:  # one claim listed twice is one claim
            keys.append(("claim", c.id))
        for key in keys:
            if key in first:
                uf.union(first[key], i)
            else:
                first[key] = i
    groups: dict[int, list[Claim]] = {}
    for i, c in enumerate(kept):
        groups.setdefault(uf.find(i), []).append(c)
    by_event = {e.id: e for e in events if e.id is not None}
    out: list[Happening] = []
    for members in groups.values():
        unique = tuple({(c.id or str(id(c))): c for c in members}.values())
        event = next((by_event[c.event_id] for c in unique if c.event_id in by_event), None)
        head = unique[0]
        if event is not None and event.status != "rejected":
            out.append(
                Happening(
                    event.type, event.when or head.when, event.place_id or head.place_id, unique, event.id
                )
            )
        elif event is None:
            event_id = next((c.event_id for c in unique if c.event_id), None)
            out.append(Happening(head.type, _earliest_when(unique), head.place_id, unique, event_id))
    return out


def _earliest_when(claims: tuple[Claim, ...]) -> When | None:
    dated = [c.when for c in claims if c.when is not None]
    if not dated:
        return None
    # The most precise date wins; among equals, the earliest.
    order = ["minute", "hour", "day", "week", "month", "year"]
    return min(dated, key=lambda w: (order.index(w.precision.value), w.start))
