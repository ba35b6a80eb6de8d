"""Sieges and access: who besieges a place, how many live there, when aid last got in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from trucewatch.ledger.happenings import (
    DocInfo,
    Happening,
    group_happenings,
    in_time_order,
    reported_on,
    source_of,
)
from trucewatch.ledger.known import day_range, known_happenings, start_range
from trucewatch.ledger.scope import Scope, in_scope
from trucewatch.ledger.timeline import day_precise, end_of_day, when_last
from trucewatch.model import Claim, EventType, Qualifier, QuantityKind, Siege, Span

ACCESS_TYPES = (EventType.AID_DELIVERED, EventType.AID_BLOCKED, EventType.ATTACK_AID)


@dataclass(frozen=True, slots=True)
class PopulationFigure:
    """One source's figure for the people living in the place."""

    value: int
    qualifier: Qualifier
    source: str
    claim_ids: tuple[str, ...]
    evidence: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class SiegeLedger:
    siege: Siege
    as_of: dt.date
    in_force: bool
    days_besieged: int | None  # at least: from the latest day `since` allows ("late 2013": 31 December)
    population: tuple[PopulationFigure, ...]  # every distinct figure, each with its sources
    aid_log: tuple[Happening, ...]  # aid.delivered, aid.blocked, attack.aid, oldest first
    last_delivery: Happening | None
    days_since_last_delivery: int | None
    days_since_exact: bool  # False when the last delivery's date is coarser than a day
    days_besieged_max: int | None = None  # at most: from the earliest day `since` allows

    @property
    def days_besieged_exact(self) -> bool:
        return self.days_besieged == self.days_besieged_max

    def days_besieged_text(self) -> str | None:
        """'133 days', or 'at least 1,175 days (1,175–1,539)' when the dates allow a range."""
        low, high = self.days_besieged, self.days_besieged_max
        if low is None:
            return None
        if high is None or high == low:
            return f"{low:,} days"
        return f"at least {low:,} days ({low:,}–{high:,})"

    @property
    def claim_ids(self) -> tuple[str, ...]:
        ids = [cid for h in self.aid_log for cid in h.claim_ids]
        ids += [cid for p in self.population for cid in p.claim_ids]
        return tuple(dict.fromkeys(ids))


def siege_ledger(
    siege: Siege,
    claims: Iterable[Claim],
    *,
    scope: Scope,
    as_of: dt.date,
    docs: Mapping[str, DocInfo] | None = None,
) -> SiegeLedger:
    """The access ledger of a besieged place; `scope` is the place and the places inside it."""
    claims = list(claims)
    happenings = group_happenings(c for c in claims if c.type in ACCESS_TYPES)
    return siege_ledger_of(siege, claims, happenings, scope=scope, as_of=as_of, docs=docs)


def siege_ledger_of(
    siege: Siege,
    claims: Iterable[Claim],
    happenings: Iterable[Happening],
    *,
    scope: Scope,
    as_of: dt.date,
    docs: Mapping[str, DocInfo] | None = None,
) -> SiegeLedger:
    """As siege_ledger, with the aid happenings already grouped; `claims` give population figures."""
    claims = [c for c in claims if in_scope(c.place_id, scope) and _published_by(c, as_of, docs)]
    horizon = end_of_day(as_of)
    aid_log = [
        h
        for h in known_happenings(happenings, as_of, docs)
        if h.type in ACCESS_TYPES
        and in_scope(h.place_id, scope)
        and (h.when is None or h.when.start < horizon)
    ]
    # Oldest first, undated last; ties never in the order read (max below keeps the first of equals).
    aid_log.sort(key=lambda h: (h.when is None, in_time_order(h)))
    deliveries = [h for h in aid_log if h.type == EventType.AID_DELIVERED and h.when is not None]
    last = max(deliveries, key=lambda h: when_last(h.when) if h.when else dt.datetime.min, default=None)
    days_since = exact = None
    if last is not None and last.when is not None:
        # A coarse date ("in October") is counted from its last possible day: never more days than true.
        exact = day_precise(last.when)
        day = last.when.start.date() if exact else (when_last(last.when) - dt.timedelta(1)).date()
        days_since = max((as_of - day).days, 0)
    since = siege.since
    ended = siege.until is not None and siege.until.start < horizon
    days_besieged = days_max = None
    if since is not None and since.start < horizon:
        # Never more days than the dates allow: from the latest possible start to the earliest stop.
        first, latest_start = start_range(since)
        stop_lo, stop_hi = as_of, as_of
        if ended and siege.until is not None:
            stop_lo, stop_hi = day_range(siege.until)
            stop_hi = min(stop_hi, as_of)
        days_besieged = max((stop_lo - min(latest_start, as_of)).days, 0)
        days_max = max((stop_hi - first).days, days_besieged)
    return SiegeLedger(
        siege=siege,
        as_of=as_of,
        in_force=since is not None and since.start < horizon and not ended,
        days_besieged=days_besieged,
        population=_population(claims, docs),
        aid_log=tuple(aid_log),
        last_delivery=last,
        days_since_last_delivery=days_since,
        days_since_exact=bool(exact),
        days_besieged_max=days_max,
    )


def _published_by(c: Claim, as_of: dt.date, docs: Mapping[str, DocInfo] | None) -> bool:
    day = reported_on(c, docs)
    return day is None or day <= as_of


def _population(claims: list[Claim], docs: Mapping[str, DocInfo] | None) -> tuple[PopulationFigure, ...]:
    """Every distinct residents figure, with all the sources giving it (never averaged)."""
    groups: dict[tuple[int, Qualifier], dict[str, list[tuple[Claim, Span | None]]]] = {}
    for c in claims:
        for q in c.quantities:
            if q.kind == QuantityKind.RESIDENTS and q.value is not None:
                by_src = groups.setdefault((q.value, q.qualifier), {})
                by_src.setdefault(source_of(c, docs), []).append((c, q.span))
    out = []
    # Largest first; equal figures by qualifier and their claims by id, never in the order read.
    for (value, qualifier), by_src in sorted(groups.items(), key=lambda kv: (-kv[0][0], kv[0][1])):
        for src, unordered in sorted(by_src.items()):
            items = sorted(unordered, key=lambda item: item[0].id or "")
            spans = tuple(dict.fromkeys(s for c, span in items for s in ((span,) if span else c.evidence)))
            ids = tuple(dict.fromkeys(c.id for c, _ in items if c.id is not None))
            out.append(PopulationFigure(value, qualifier, src, ids, spans))
    return tuple(out)
