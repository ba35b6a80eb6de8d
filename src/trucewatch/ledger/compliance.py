"""Compliance: how much of each commitment was delivered, by whose account.

For a commitment the ledger takes the progress happenings in the agreement's
place scope (the place and everything inside it), from the date the agreement
was reached up to the as-of date, and reads a figure from each.

How figures add up (see docs/agreements.md):

- A happening with a single-day (or finer) date is one *batch* ("50 detainees
  were released on 3 May"): distinct batches add up, each counted once however
  many sources report it.
- An undated figure or one over a range ("194 released since the August
  agreement") is a *running total*: it replaces, never adds to, the totals
  the same source gave before it.
- A figure the report tells as done so far ("the regime has released 194 of
  the detainees") is a running total too, whatever day it is dated.
- A figure the report only expects ("1,500 are expected to depart", "15,000
  would evacuate") is no delivery: it is listed under `expected`.
- Each source's figure is its latest running total, or the sum of the batches
  it reports if that is higher. When sources disagree (a government says
  1,000, an opposition source 194) each is shown, the commitment is marked
  `disputed`, and the status uses the lowest figure: the ledger never averages
  and never takes one side's word for "met".
- Qualifiers stay with their figures: a target of "more than 7,300" and a sum
  of batches one of which was "at least 50" are shown as such (ledger.figures).

Only what is known by the as-of day counts: a report published later is not a
source yet (ledger.known).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from trucewatch.ledger.figures import LOWER_BOUNDS, figure_text, share_prefix, sum_qualifier
from trucewatch.ledger.happenings import (
    DocInfo,
    Happening,
    group_happenings,
    in_time_order,
    reported_on,
    source_of,
)
from trucewatch.ledger.known import first_known, known_happenings
from trucewatch.ledger.modality import NO_MOODS, Mood, Moods
from trucewatch.ledger.scope import Scope, in_scope
from trucewatch.ledger.timeline import end_of_day, is_running_total, when_last
from trucewatch.model import (
    ActionKind,
    Agreement,
    Claim,
    Commitment,
    EventType,
    Qualifier,
    QuantityKind,
    Role,
    Span,
)


class ComplianceStatus(StrEnum):
    PENDING = "pending"  # nothing delivered yet, no deadline passed
    PARTIAL = "partial"  # some delivered, not all
    MET = "met"  # target reached (by the lowest source figure)
    OVERDUE = "overdue"  # deadline passed, target not reached
    BREACHED = "breached"  # the obligated party did the opposite (blocked aid, attacked)


# What counts as progress toward each action, and what counts against it.
PROGRESS_TYPES: dict[ActionKind, tuple[EventType, ...]] = {
    ActionKind.RELEASE_DETAINEES: (EventType.DETAINEES_RELEASED,),
    ActionKind.EVACUATE: (EventType.EVACUATION,),
    ActionKind.ALLOW_AID: (EventType.AID_DELIVERED,),
    ActionKind.LIFT_SIEGE: (EventType.SIEGE_LIFTED,),
    ActionKind.WITHDRAW: (EventType.TERRITORY_CONTROL,),
}
ATTACKS = tuple(t for t in EventType if t.is_attack)
BREACH_TYPES: dict[ActionKind, tuple[EventType, ...]] = {
    ActionKind.ALLOW_AID: (EventType.AID_BLOCKED, EventType.ATTACK_AID),
    ActionKind.CEASE_FIRE: ATTACKS,
    ActionKind.LIFT_SIEGE: (EventType.SIEGE_IMPOSED,),
}
# Units tried, in order, when a commitment gives none.
DEFAULT_UNITS: dict[ActionKind, tuple[QuantityKind, ...]] = {
    ActionKind.RELEASE_DETAINEES: (QuantityKind.DETAINEES, QuantityKind.PEOPLE),
    ActionKind.EVACUATE: (
        QuantityKind.FIGHTERS,
        QuantityKind.PEOPLE,
        QuantityKind.CIVILIANS,
        QuantityKind.BUSES,
    ),
    ActionKind.ALLOW_AID: (QuantityKind.TRUCKS,),
}


@dataclass(frozen=True, slots=True)
class SourceFigure:
    """One source's account of the delivered amount."""

    source: str
    delivered: int
    qualifier: Qualifier  # "more than 600" stays more than 600
    claim_ids: tuple[str, ...]
    evidence: tuple[Span, ...]

    @property
    def at_least(self) -> bool:
        """The source gives a lower bound ("more than", "at least")."""
        return self.qualifier in LOWER_BOUNDS

    def text(self) -> str:
        return figure_text(self.delivered, self.qualifier)


@dataclass(frozen=True, slots=True)
class Delivery:
    """One report of progress: a batch on its date, a running total so far, or an expectation."""

    happening: Happening
    value: int | None  # in the compliance's unit; None when the report gives no usable figure
    qualifier: Qualifier
    mood: Mood  # done (a batch), total (so far, as of `reported`), forecast (expected)
    reported: dt.date | None  # first reported (None: not known to the reader)

    def text(self) -> str:
        return figure_text(self.value, self.qualifier) if self.value is not None else "?"


@dataclass(frozen=True, slots=True)
class Compliance:
    commitment: Commitment
    as_of: dt.date
    unit: QuantityKind | None  # None: delivered counts happenings (e.g. aid convoys)
    delivered: int  # the lowest source figure (see module docstring)
    delivered_max: int
    target: int | None
    share: float | None  # delivered / target, 0..∞ (0.0266 for 194 / 7,300)
    status: ComplianceStatus
    disputed: bool
    by_source: tuple[SourceFigure, ...]
    breaches: tuple[Happening, ...]
    progress: tuple[Happening, ...]
    unquantified: int  # progress happenings with no usable figure ("dozens were released")
    delivered_qualifier: Qualifier = Qualifier.EXACT  # of the lowest source figure
    deliveries: tuple[Delivery, ...] = ()  # the progress, each batch or total dated, oldest first
    expected: tuple[Delivery, ...] = ()  # forecasts and plans: not delivered

    @property
    def target_qualifier(self) -> Qualifier:
        return self.commitment.qualifier

    @property
    def claim_ids(self) -> tuple[str, ...]:
        return tuple(cid for h in (*self.progress, *self.breaches) for cid in h.claim_ids)

    @property
    def evidence(self) -> tuple[Span, ...]:
        return tuple(s for h in (*self.progress, *self.breaches) for s in h.evidence)

    def delivered_text(self) -> str:
        if self.unquantified and not self.by_source:
            return "?"  # delivered, by reports that give no figure
        return figure_text(self.delivered, self.delivered_qualifier)

    def target_text(self) -> str | None:
        return None if self.target is None else figure_text(self.target, self.target_qualifier)

    def share_text(self) -> str | None:
        if self.share is None or (self.unquantified and not self.by_source):
            return None
        prefix = share_prefix(self.delivered_qualifier, self.target_qualifier) if self.delivered else ""
        return f"{prefix}{self.share:.1%}"

    def text(self) -> str:
        """'≥ 194 of > 7,300 detainees (≤ 2.7%)', with every qualifier the sources give."""
        unit = f" {self.unit.value}" if self.unit else ""
        target = self.target_text()
        share = self.share_text()
        out = self.delivered_text() + (f" of {target}" if target else "") + unit
        if share:
            out += f" ({share})"
        if self.unquantified:
            n = self.unquantified
            out += f", {n} deliver{'ies' if n > 1 else 'y'} without a figure"
        return out


@dataclass(frozen=True, slots=True)
class AgreementLedger:
    agreement: Agreement
    as_of: dt.date
    compliance: tuple[Compliance, ...]


def relevant_types(commitment: Commitment) -> tuple[EventType, ...]:
    """Claim types a commitment's compliance reads (for callers that pre-select claims)."""
    return PROGRESS_TYPES.get(commitment.action, ()) + BREACH_TYPES.get(commitment.action, ())


def agreement_ledger(
    agreement: Agreement,
    claims: Iterable[Claim],
    *,
    scope: Scope,
    as_of: dt.date,
    docs: Mapping[str, DocInfo] | None = None,
    moods: Moods | None = None,
) -> AgreementLedger:
    """The compliance of every commitment of `agreement` as of a date."""
    return agreement_ledger_of(
        agreement, group_happenings(claims), scope=scope, as_of=as_of, docs=docs, moods=moods
    )


def agreement_ledger_of(
    agreement: Agreement,
    happenings: Iterable[Happening],
    *,
    scope: Scope,
    as_of: dt.date,
    docs: Mapping[str, DocInfo] | None = None,
    moods: Moods | None = None,
) -> AgreementLedger:
    """As agreement_ledger, over claims already grouped (group_happenings over many agreements once)."""
    by_type: dict[EventType, list[Happening]] = defaultdict(list)
    for h in happenings:
        by_type[h.type].append(h)
    rows = tuple(
        _compliance(
            agreement,
            c,
            [h for t in relevant_types(c) for h in by_type.get(t, ())],
            scope=scope,
            as_of=as_of,
            docs=docs,
            moods=moods or NO_MOODS,
        )
        for c in agreement.commitments
    )
    return AgreementLedger(agreement, as_of, rows)


def commitment_compliance(
    agreement: Agreement,
    commitment: Commitment,
    claims: Iterable[Claim],
    *,
    scope: Scope,
    as_of: dt.date,
    docs: Mapping[str, DocInfo] | None = None,
    moods: Moods | None = None,
) -> Compliance:
    """The compliance of one commitment; `scope` is the agreement place and its descendants."""
    return _compliance(
        agreement,
        commitment,
        group_happenings(claims),
        scope=scope,
        as_of=as_of,
        docs=docs,
        moods=moods or NO_MOODS,
    )


def _since(agreement: Agreement) -> dt.datetime | None:
    """When an agreement's terms start to be met: when it was reached, else took effect."""
    if agreement.reached:
        return agreement.reached.start
    return agreement.effective_from.start if agreement.effective_from else None


def attribute(
    agreements: Sequence[Agreement], happenings: Iterable[Happening], scopes: Sequence[Scope]
) -> list[list[Happening]]:
    """Each agreement's share of `happenings` (`scopes[i]` is agreements[i]'s place scope).

    Where deals overlap (an August deal and a March deal for the same district), a
    release or an evacuation is progress on one of them only: the latest deal reached
    before it whose place holds it and whose terms it could meet, so no delivery is
    counted twice. A happening no deal was reached before (or undated) stays with
    every deal that could read it, as each would alone.
    """
    shares: list[list[Happening]] = [[] for _ in agreements]
    reads = [{t for c in a.commitments for t in relevant_types(c)} for a in agreements]
    progress = [{t for c in a.commitments for t in PROGRESS_TYPES.get(c.action, ())} for a in agreements]
    since = [_since(a) for a in agreements]
    everywhere = [i for i, scope in enumerate(scopes) if scope is None]
    at: dict[str, list[int]] = defaultdict(list)  # place -> the deals whose scope holds it
    for i, scope in enumerate(scopes):
        for place in scope or ():
            at[place].append(i)
    for h in happenings:
        near = sorted([*everywhere, *at.get(h.place_id or "", ())])
        readers = [i for i in near if h.type in reads[i]]
        before: dict[int, dt.datetime] = {}
        for i in readers:
            start = since[i]
            if h.when is not None and start is not None and start <= h.when.start and h.type in progress[i]:
                before[i] = start
        if before:  # progress towards the latest deal only; a breach counts against every deal it breaks
            latest = max(before, key=before.__getitem__)
            readers = [i for i in readers if i == latest or i not in before]
        for i in readers:
            shares[i].append(h)
    return shares


def _in_time(h: Happening, since: dt.datetime | None, as_of: dt.date) -> bool:
    """Happened after `since` and by the end of `as_of`."""
    if h.when is not None:
        if h.when.start >= end_of_day(as_of):
            return False
        # A figure "since August" for an August agreement counts; one for "July" does not.
        if since is not None and when_last(h.when) <= since:
            return False
    return True


def _mood(h: Happening, moods: Moods) -> Mood:
    """A happening is expected only if every report of it only expects it; a total if any says so."""
    found = {moods.of_claim(c) for c in h.claims}
    if found == {Mood.FORECAST}:
        return Mood.FORECAST
    return Mood.TOTAL if Mood.TOTAL in found else Mood.DONE


def _unit_for(commitment: Commitment, happenings: list[Happening]) -> QuantityKind | None:
    if commitment.unit is not None:
        return commitment.unit
    found = {q.kind for h in happenings for c in h.claims for q in c.quantities}
    return next((u for u in DEFAULT_UNITS.get(commitment.action, ()) if u in found), None)


def _compliance(
    agreement: Agreement,
    commitment: Commitment,
    happenings: list[Happening],
    *,
    scope: Scope,
    as_of: dt.date,
    docs: Mapping[str, DocInfo] | None,
    moods: Moods,
) -> Compliance:
    since = _since(agreement)
    progress_types = set(PROGRESS_TYPES.get(commitment.action, ()))
    breach_types = set(BREACH_TYPES.get(commitment.action, ()))
    progress: list[Happening] = []
    forecasts: list[Happening] = []
    breaches: list[Happening] = []
    for h in known_happenings((h for h in happenings if in_scope(h.place_id, scope)), as_of, docs):
        if not _in_time(h, since, as_of):
            continue
        if h.type in progress_types:
            (forecasts if _mood(h, moods) is Mood.FORECAST else progress).append(h)
        # The opposite of the commitment counts against it only when the text blames the obligated party.
        elif h.type in breach_types and _blames(h, commitment.obligated):
            breaches.append(h)
    # in an order of their own, not the order the claims were read in (a stored ledger refreshed
    # from a few claims and one computed from all must list them alike)
    for listed in (progress, forecasts, breaches):
        listed.sort(key=in_time_order)
    unit = _unit_for(commitment, [*progress, *forecasts])
    done = {id(h): _figure(h, unit, moods) for h in progress}  # each happening's figure, read once
    figures, unquantified = _figures_by_source(progress, done, unit, docs, moods)
    # A delivery may carry a figure its report only expects ("buses left; 1,500 are expected"):
    # that figure is an expectation, listed with the forecasts.
    expected = {id(h): _figure(h, unit, moods, None) for h in forecasts} if unit is not None else {}
    if moods.figures and unit is not None:
        foretold = {id(h): _figure(h, unit, moods, Mood.FORECAST) for h in progress}
    else:
        foretold = {}
    values = [f.delivered for f in figures]
    delivered = min(values) if values else 0
    delivered_max = max(values) if values else 0
    lowest = min(figures, key=lambda f: (f.delivered, f.qualifier in LOWER_BOUNDS), default=None)
    target = commitment.target
    share = delivered / target if target else None
    status = _status(
        delivered=delivered,
        has_progress=bool(progress),
        unquantified=unquantified,
        target=target,
        deadline=commitment.deadline,
        breached=bool(breaches),
        as_of=as_of,
    )
    return Compliance(
        commitment=commitment,
        as_of=as_of,
        unit=unit,
        delivered=delivered,
        delivered_max=delivered_max,
        target=target,
        share=share,
        status=status,
        disputed=len(set(values)) > 1,
        by_source=tuple(figures),
        breaches=tuple(breaches),
        progress=tuple(progress),
        unquantified=unquantified,
        delivered_qualifier=lowest.qualifier if lowest else Qualifier.EXACT,
        deliveries=tuple(_log(progress, done if unit is not None else {}, docs, moods)),
        expected=tuple(
            _log(forecasts, expected, docs, moods, Mood.FORECAST)
            + _log([h for h in progress if foretold.get(id(h))], foretold, docs, moods, Mood.FORECAST)
        ),
    )


def _log(
    happenings: list[Happening],
    figures: Mapping[int, tuple[int, Qualifier] | None],
    docs: Mapping[str, DocInfo] | None,
    moods: Moods,
    mood: Mood | None = None,
) -> list[Delivery]:
    """The happenings as dated entries, with their figures (by id); `mood` for all of them, else each's."""
    out = []
    for h in happenings:
        fig = figures.get(id(h))
        how = mood or _mood(h, moods)
        if how is Mood.DONE and h.when is not None and is_running_total(h.when):
            how = Mood.TOTAL
        out.append(
            Delivery(
                h, fig[0] if fig else None, fig[1] if fig else Qualifier.EXACT, how, first_known(h, docs)
            )
        )
    return sorted(out, key=lambda d: d.happening.when.start if d.happening.when else dt.datetime.max)


def _blames(h: Happening, obligated: str) -> bool:
    return any(
        a.actor == obligated and a.role in (Role.PERPETRATOR, Role.PARTY) for c in h.claims for a in c.actors
    )


def _figure(
    h: Happening, unit: QuantityKind | None, moods: Moods = NO_MOODS, mood: Mood | None = Mood.DONE
) -> tuple[int, Qualifier] | None:
    """(value, qualifier) of a happening in `unit`; a count of 1 when the unit is None.

    `mood` DONE reads the figures its reports give as done (not those they only
    expect), FORECAST only the expected ones, None any.
    """
    if unit is None:
        return (1, Qualifier.EXACT) if mood is not Mood.FORECAST else None
    quantities = [
        q
        for c in h.claims
        for q in c.quantities
        if q.kind == unit
        and q.value is not None
        and (mood is None or (moods.of_figure(q) is Mood.FORECAST) == (mood is Mood.FORECAST))
    ]
    if not quantities:
        return None
    q = min(quantities, key=lambda q: q.value or 0)  # claims of one happening disagreeing: the lowest
    return q.value or 0, q.qualifier


def _figures_by_source(
    progress: list[Happening],
    done: Mapping[int, tuple[int, Qualifier] | None],
    unit: QuantityKind | None,
    docs: Mapping[str, DocInfo] | None,
    moods: Moods,
) -> tuple[list[SourceFigure], int]:
    per_source: dict[str, list[tuple[Happening, Claim]]] = defaultdict(list)
    unquantified = 0
    for h in progress:
        if done[id(h)] is None:
            unquantified += 1
            continue
        seen: set[str] = set()
        for c in h.claims:
            src = source_of(c, docs)
            if src not in seen:  # a source reporting one happening twice still reports it once
                seen.add(src)
                per_source[src].append((h, c))
    figures = []
    for src, items in sorted(per_source.items()):
        batches, batch_qualifiers = 0, []
        latest_total: tuple[dt.date, dt.datetime, int, Qualifier] | None = None
        for h, c in items:
            fig = done[id(h)]
            assert fig is not None
            value, qualifier = fig
            if unit is not None and (is_running_total(c.when) or moods.of_claim(c) is Mood.TOTAL):
                day = reported_on(c, docs) or dt.date.min
                start = c.when.start if c.when else dt.datetime.min
                key = (day, start, value, qualifier)
                if latest_total is None or key[:2] >= latest_total[:2]:
                    latest_total = key
            else:
                batches += value
                batch_qualifiers.append(qualifier)
        delivered, qualifier = batches, sum_qualifier(batch_qualifiers)
        if latest_total is not None and latest_total[2] >= batches:
            delivered, qualifier = latest_total[2], latest_total[3]
        figures.append(
            SourceFigure(
                source=src,
                delivered=delivered,
                qualifier=qualifier,
                claim_ids=tuple(c.id for _, c in items if c.id is not None),
                evidence=tuple(s for _, c in items for s in c.evidence),
            )
        )
    return figures, unquantified


def _status(
    *,
    delivered: int,
    has_progress: bool,
    unquantified: int,
    target: int | None,
    deadline: dt.date | None,
    breached: bool,
    as_of: dt.date,
) -> ComplianceStatus:
    met = target is not None and delivered >= target
    if met:
        return ComplianceStatus.MET
    if breached:
        return ComplianceStatus.BREACHED
    if deadline is not None and as_of > deadline:
        return ComplianceStatus.OVERDUE
    # Deliveries reported without a figure ("buses left on Saturday") are progress too.
    if has_progress and (delivered > 0 or target is None or unquantified > 0):
        return ComplianceStatus.PARTIAL
    return ComplianceStatus.PENDING
