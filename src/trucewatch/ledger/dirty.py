"""Which stored ledger results a change of claims makes out of date (pure).

A stored result (trucewatch.stored_ledger) is kept for each agreement, ceasefire and siege; when
claims change, only the results whose scope (the record's place and everything inside it) holds
the claim's place, and whose period the claim's date could fall in, are recomputed. The rules
mirror what each ledger reads:

- an agreement reads progress and breaches in its scope from when it was reached (`since`) on;
- a ceasefire reads attacks in its scope over its comparison windows (`since`..`until`), and the
  latest report about any place in its scope (`last_report`), whatever the claim's type;
- a siege reads population figures and the aid log in its scope, at any date.

Which records exist is a question of its own: a new or changed claim of a type proposals are read
from (an `agreement.reached`, a `ceasefire.start`, ...) may add, remove or change a proposal, and
then the kind's whole list is recomputed (`stale_kinds`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from trucewatch.ledger.propose import FOLLOW_UP_TYPES
from trucewatch.model import EventType

KINDS = ("agreement", "ceasefire", "siege")

# The claim types each kind's proposals are read from.
_LIST_TYPES: dict[str, frozenset[str]] = {
    "agreement": frozenset({EventType.AGREEMENT_REACHED.value}),
    "ceasefire": frozenset(
        t.value
        for t in (
            EventType.CEASEFIRE_START,
            EventType.CEASEFIRE_END,
            EventType.NEGOTIATION_MEETING,
            EventType.AGREEMENT_REACHED,
        )
    ),
    "siege": frozenset({EventType.SIEGE_IMPOSED.value, EventType.SIEGE_LIFTED.value}),
}
# A release, evacuation or delivery suggests a term to a deal read off the same report.
_FOLLOW_UPS = frozenset(t.value for t in FOLLOW_UP_TYPES)


@dataclass(frozen=True, slots=True)
class ClaimChange:
    """A claim (or Event) as it was before or is after a write: what a ledger could have read."""

    type: str
    place_id: str | None
    when_start: dt.datetime | None  # None: undated, at any time as far as a ledger knows
    when_last: dt.datetime | None  # the first instant after its date; None: open-ended
    document_id: str | None = None


@dataclass(frozen=True, slots=True)
class Stored:
    """A stored result's reach: the record's place, its period, its last report (ceasefires)."""

    kind: str
    place_id: str | None
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    last_report: dt.date | None = None


def ancestors(place_id: str, parents: Mapping[str, str | None]) -> set[str]:
    """The place and every place it lies in (the scopes that hold it)."""
    out = {place_id}
    parent = parents.get(place_id)
    while parent is not None and parent not in out:
        out.add(parent)
        parent = parents.get(parent)
    return out


def stale_kinds(
    change: ClaimChange,
    deal_places: Mapping[str, Collection[str | None]],
    parents: Mapping[str, str | None],
) -> set[str]:
    """The kinds whose list of records the change may alter. `deal_places`: per document, the
    places of the agreements it reports (a release it also reports, inside the deal's place, is
    one of the deal's terms; the deal's place may be its report's or the place that holds it)."""
    out = {kind for kind, types in _LIST_TYPES.items() if change.type in types}
    if change.type in _FOLLOW_UPS:
        if change.document_id is None or change.place_id is None:
            touched = change.document_id is None or bool(deal_places.get(change.document_id))
        else:
            holders = ancestors(change.place_id, parents)
            touched = any(
                p is None or p in holders or parents.get(p) in holders
                for p in deal_places.get(change.document_id, ())
            )
        if touched:
            out.add("agreement")
    return out


def touches(
    stored: Stored,
    change: ClaimChange,
    holders: Collection[str],
    document_day: tuple[dt.date, bool] | None = None,
) -> bool:
    """Whether the stored result could read the changed claim.

    `holders`: the claim's place and the places it lies in (`ancestors`); `document_day`: the day
    its document became known and whether it is confidential (None: no such document now).
    """
    everywhere = stored.place_id is None
    if not everywhere and (change.place_id is None or stored.place_id not in holders):
        return False
    if stored.kind == "siege":
        return True
    if _in_period(stored, change):
        return True
    if stored.kind == "ceasefire" and change.document_id is not None:
        # the latest report about the place: a report as late as the stored one may move it
        if document_day is None or document_day[1] or stored.last_report is None:
            return True
        return document_day[0] >= stored.last_report
    return False


def _in_period(stored: Stored, change: ClaimChange) -> bool:
    if change.when_start is None:
        return True
    ends_after = stored.since is None or change.when_last is None or change.when_last > stored.since
    starts_before = stored.until is None or change.when_start < stored.until
    return ends_after and starts_before
