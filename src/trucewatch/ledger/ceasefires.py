"""Ceasefire verdicts: attacks against a ceasefire's place and period, by interval logic.

Every date is an interval: an attack "in February" may have happened at any
instant of February (cut at the day it was first reported: it had happened by
then), and a ceasefire "from 8 March" may have begun at any instant of 8
March. An attack in the ceasefire's place (or anywhere inside it) is

- a violation when its interval lies wholly inside the ceasefire's period,
- no violation when it lies wholly outside,
- a possible violation when it overlaps a boundary: listed as such, never
  counted as a violation and never set aside.

The period runs from the start to the end: an end reported by a
ceasefire.end claim, or the end a stated duration gives ("a 48-hour truce"),
else open. Status, as of a day: not started, holding, violated (at least one
violation), ended, or unknown when nothing about the place has been reported
for longer than a staleness window ("no reports since DATE").

Before and after are compared over equal windows: the period's length (at
least `compare_days`) before the start, and the same length from the start,
of which only the part up to the as-of day (and the end) is known yet. An
attack straddling a window's edge is counted as a range, and apportioned by
the share of its interval inside the window.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from trucewatch.ledger.happenings import DocInfo, Happening, group_happenings, in_time_order
from trucewatch.ledger.known import known_happenings, last_known, reported_interval
from trucewatch.ledger.scope import Scope, in_scope
from trucewatch.ledger.timeline import end_of_day, when_last
from trucewatch.model import Ceasefire, Claim, Span, When
from trucewatch.wording import counted

STALE_DAYS = 14  # no report about the place for longer: the status is unknown
COMPARE_DAYS = 30  # the shortest before/after comparison window
_DAY = dt.timedelta(days=1)


class CeasefireStatus(StrEnum):
    NOT_STARTED = "not started"
    HOLDING = "holding"  # started, not ended, no violation, reports recent
    VIOLATED = "violated"  # at least one attack wholly inside the period
    ENDED = "ended"
    UNKNOWN = "unknown"  # no violation known, but nothing reported for longer than the staleness window


class Verdict(StrEnum):
    VIOLATION = "violation"
    POSSIBLE = "possible"
    OUTSIDE = "outside"


Bounds = tuple[dt.datetime, dt.datetime]  # [earliest, after-latest) instant a boundary can be


def verdict(attack: Bounds, start: Bounds, end: Bounds) -> Verdict:
    """Where an attack interval lies against a period whose start and end are themselves uncertain."""
    a0, a1 = attack
    if a1 <= start[0] or a0 >= end[1]:
        return Verdict.OUTSIDE
    if a0 >= start[1] and a1 <= end[0]:
        return Verdict.VIOLATION
    return Verdict.POSSIBLE


def share_inside(attack: Bounds, lo: dt.datetime, hi: dt.datetime) -> float:
    """The share of an attack's interval inside [lo, hi): how much of it a window can claim."""
    a0, a1 = attack
    if a1 <= a0:
        return 1.0 if lo <= a0 < hi else 0.0
    inside = min(a1, hi) - max(a0, lo)
    return max(inside / (a1 - a0), 0.0)


def stated_end(cf: Ceasefire) -> Ceasefire:
    """The ceasefire with its end taken from a stated duration when no end is recorded.

    A start dated as a range ("from Wednesday for 48 hours") carries its end: the
    period ends there, at the start's precision; the start itself is its first
    instant alone.
    """
    start = cf.start
    if start.end is None or start.open_ended:
        return cf
    own = When(start.start, start.precision)
    end = cf.end
    if end is None and start.end > start.start:
        end = When(start.end, start.precision)
    return dataclasses.replace(cf, start=own, end=end)


def period_bounds(cf: Ceasefire, as_of: dt.date) -> tuple[Bounds, Bounds]:
    """Where a ceasefire (with its stated end) can begin, and where its period so far can end: at
    its end, or at the end of the as-of day while it runs; never before its start."""
    horizon = end_of_day(as_of)
    start = cf.start.start
    end = (horizon, horizon)
    if cf.end is not None:
        end = (min(cf.end.start, horizon), min(when_last(cf.end), horizon))
    return (start, when_last(cf.start)), (max(end[0], start), max(end[1], start))


@dataclass(frozen=True, slots=True)
class DayViolations:
    day: dt.date
    by_perpetrator: tuple[tuple[str, int], ...]  # ("Syrian government", 1), ("unattributed", 2)

    @property
    def total(self) -> int:
        return sum(n for _, n in self.by_perpetrator)


@dataclass(frozen=True, slots=True)
class Window:
    start: dt.datetime
    end: dt.datetime  # exclusive
    violations: tuple[Happening, ...]  # wholly inside
    uncertain: tuple[Happening, ...]  # overlapping an edge: possibly inside
    apportioned: float = 0.0  # violations, plus each uncertain one's share of its interval inside

    @property
    def count(self) -> int:
        return len(self.violations)

    @property
    def possible(self) -> int:
        return len(self.uncertain)

    @property
    def days(self) -> float:
        return (self.end - self.start) / _DAY

    def text(self) -> str:
        """'3', or '3–5 (≈3.8)' when attacks straddle the window's edges."""
        if not self.uncertain:
            return f"{self.count}"
        return f"{self.count}–{self.count + self.possible} (≈{self.apportioned:.1f})"


@dataclass(frozen=True, slots=True)
class CeasefireLedger:
    ceasefire: Ceasefire  # with the end a stated duration gives (stated_end)
    as_of: dt.date
    started: bool
    in_force: bool  # started, and not ended as of the date
    status: CeasefireStatus
    period: Window  # from the start to the end, or to the as-of day while it runs
    before: Window  # the comparison window before the start
    after: Window  # the comparison window from the start, as far as it is known
    compare_days: float  # the length of both comparison windows
    per_day: tuple[DayViolations, ...]  # days with at least one violation dated to the day, in order
    not_dated_to_a_day: int  # violations whose interval spans several days
    by_perpetrator: tuple[tuple[str, int], ...]
    days: int  # calendar days of the period so far (the start day counts)
    days_without_violation: int  # at least this many days with no violation reported
    last_report: dt.date | None  # the latest report about the place known by the as-of day
    stale: bool  # last_report older than the staleness window
    stale_days: int = STALE_DAYS

    @property
    def violations(self) -> tuple[Happening, ...]:
        return self.period.violations

    @property
    def possible(self) -> tuple[Happening, ...]:
        return self.period.uncertain

    @property
    def ended(self) -> bool:
        return self.status is CeasefireStatus.ENDED

    @property
    def claim_ids(self) -> tuple[str, ...]:
        """The claims behind the violations (possible ones: period.uncertain)."""
        return tuple(cid for h in self.period.violations for cid in h.claim_ids)

    @property
    def evidence(self) -> tuple[Span, ...]:
        return tuple(s for h in self.period.violations for s in h.evidence)

    def verdict_text(self) -> str:
        """One line a monitor can act on."""
        possible = f", {len(self.possible)} possible" if self.possible else ""
        match self.status:
            case CeasefireStatus.NOT_STARTED:
                return f"not started as of {self.as_of.isoformat()}"
            case CeasefireStatus.ENDED:
                n = self.period.count
                end = self.ceasefire.end.iso() if self.ceasefire.end else "?"
                return f"ended {end}; {counted(n, 'violation')}{possible}"
            case CeasefireStatus.VIOLATED:
                n = self.period.count
                return f"violated: {counted(n, 'violation')}{possible} in {counted(self.days, 'day')}"
            case CeasefireStatus.UNKNOWN:
                since = self.last_report.isoformat() if self.last_report else "?"
                return f"unknown: no reports since {since}{possible}"
        return f"holding: no violation reported in {counted(self.days, 'day')}{possible}"


@dataclass(frozen=True, slots=True)
class ViolationCounts:
    """A ceasefire ledger's counts alone: what the database computes for many ceasefires at once
    (store.violations), with no happening or claim behind them."""

    ceasefire_id: str
    violations: int = 0  # attacks wholly inside the period
    possible: int = 0  # overlapping one of its edges
    not_dated_to_a_day: int = 0
    per_day: tuple[DayViolations, ...] = ()
    by_perpetrator: tuple[tuple[str, int], ...] = ()

    @classmethod
    def of(cls, ledger: CeasefireLedger) -> ViolationCounts:
        return cls(
            ledger.ceasefire.id or "",
            violations=ledger.period.count,
            possible=ledger.period.possible,
            not_dated_to_a_day=ledger.not_dated_to_a_day,
            per_day=ledger.per_day,
            by_perpetrator=ledger.by_perpetrator,
        )


def ceasefire_ledger(
    ceasefire: Ceasefire,
    claims: Iterable[Claim],
    *,
    scope: Scope,
    as_of: dt.date,
    docs: Mapping[str, DocInfo] | None = None,
    last_report: dt.date | None = None,
    stale_days: int = STALE_DAYS,
    compare_days: int = COMPARE_DAYS,
) -> CeasefireLedger:
    """Violations of `ceasefire` as of a date; `scope` is its place and the places inside it.

    `last_report` is the latest report about the place known by `as_of`; by
    default, the latest of the given claims in scope.
    """
    claims = list(claims)
    if last_report is None:
        last_report = latest_report(claims, scope=scope, as_of=as_of, docs=docs)
    happenings = group_happenings(c for c in claims if c.type.is_attack)
    return ceasefire_ledger_of(
        ceasefire,
        happenings,
        scope=scope,
        as_of=as_of,
        docs=docs,
        last_report=last_report,
        stale_days=stale_days,
        compare_days=compare_days,
    )


def latest_report(
    claims: Iterable[Claim], *, scope: Scope, as_of: dt.date, docs: Mapping[str, DocInfo] | None
) -> dt.date | None:
    """The latest day, up to `as_of`, on which a report about a place in the scope became known."""
    days = [
        d
        for c in claims
        if in_scope(c.place_id, scope)
        and docs
        and (info := docs.get(c.document_id)) is not None
        and (d := info.known) is not None
        and d <= as_of
    ]
    return max(days, default=None)


def ceasefire_ledger_of(
    ceasefire: Ceasefire,
    happenings: Iterable[Happening],
    *,
    scope: Scope,
    as_of: dt.date,
    docs: Mapping[str, DocInfo] | None = None,
    last_report: dt.date | None = None,
    stale_days: int = STALE_DAYS,
    compare_days: int = COMPARE_DAYS,
) -> CeasefireLedger:
    """As ceasefire_ledger, over claims already grouped into happenings (attacks only count)."""
    attacks = reportable_attacks(happenings, as_of, docs)
    if last_report is None:
        last_report = max((d for h in attacks if (d := last_known(h, docs)) is not None), default=None)
    return ceasefire_ledger_over(
        ceasefire,
        attacks,
        scope=scope,
        as_of=as_of,
        docs=docs,
        last_report=last_report,
        stale_days=stale_days,
        compare_days=compare_days,
    )


def reportable_attacks(
    happenings: Iterable[Happening], as_of: dt.date, docs: Mapping[str, DocInfo] | None = None
) -> list[Happening]:
    """The dated attacks known by `as_of` (each with the reports known by then): what any
    ceasefire's violations are drawn from."""
    dated = [h for h in happenings if h.when is not None and h.type.is_attack]
    return [h for h in known_happenings(dated, as_of, docs) if h.when is not None]


def ceasefire_ledger_over(
    ceasefire: Ceasefire,
    attacks: Iterable[Happening],
    *,
    scope: Scope,
    as_of: dt.date,
    docs: Mapping[str, DocInfo] | None = None,
    last_report: dt.date | None = None,
    stale_days: int = STALE_DAYS,
    compare_days: int = COMPARE_DAYS,
    memo: dict[int, Bounds] | None = None,
) -> CeasefireLedger:
    """As ceasefire_ledger_of, over happenings already narrowed by reportable_attacks.

    The narrowing does not depend on the ceasefire, so a caller with many
    ceasefires does it once, not once per (ceasefire, happening) pair; `memo`,
    shared across the calls, keeps each attack's interval once computed.
    """
    memo = {} if memo is None else memo
    cf = stated_end(ceasefire)
    horizon = end_of_day(as_of)
    start_bounds, end_bounds = period_bounds(cf, as_of)
    start = start_bounds[0]
    started = start < horizon
    ended = started and cf.end is not None and cf.end.start < horizon
    period_end = end_bounds[1]
    length = period_end - start
    compare = length if ended else max(length, dt.timedelta(days=compare_days))
    earliest = start - compare
    after_end = min(start + compare, period_end)

    inside: list[Happening] = []
    possible: list[Happening] = []
    before_in: list[Happening] = []
    before_maybe: list[tuple[Happening, float]] = []
    after_in: list[Happening] = []
    after_maybe: list[tuple[Happening, float]] = []
    intervals: dict[int, Bounds] = {}
    (s0, s1), (e0, e1) = start_bounds, end_bounds
    for h in attacks:  # verdict() and share_inside(), written out: this loop runs per (ceasefire, attack)
        w = h.when
        # Cheap tests first: most attacks in a place's history fall outside every window.
        if w is None or w.start >= period_end or when_last(w) <= earliest:
            continue
        if scope is not None and h.place_id not in scope:
            continue
        span = memo.get(id(h))
        if span is None:
            span = memo[id(h)] = reported_interval(h, docs)
        intervals[id(h)] = span
        a0, a1 = span
        if not (a1 <= s0 or a0 >= e1):
            (inside if a0 >= s1 and a1 <= e0 else possible).append(h)
        if a1 > earliest and a0 < start:
            if a0 >= earliest and a1 <= start:
                before_in.append(h)
            else:
                before_maybe.append((h, share_inside(span, earliest, start)))
        if a1 > start and a0 < after_end:
            if a0 >= start and a1 <= after_end:
                after_in.append(h)
            else:
                after_maybe.append((h, share_inside(span, start, after_end)))

    # An interval starts where its date does: listed by date, ties never in the order read.
    inside.sort(key=in_time_order)
    possible.sort(key=in_time_order)
    period = Window(start, period_end, tuple(inside), tuple(possible), float(len(inside)))
    before = _comparison(earliest, start, before_in, before_maybe)
    after = _comparison(start, max(after_end, start), after_in, after_maybe)

    per_day: dict[dt.date, Counter[str]] = {}
    totals: Counter[str] = Counter()
    undated = 0
    for h in inside:
        a0, a1 = intervals[id(h)]
        one_day = a1 - dt.datetime.combine(a0.date(), dt.time()) <= _DAY
        for who in h.perpetrators:
            totals[who] += 1
            if one_day:
                per_day.setdefault(a0.date(), Counter())[who] += 1
        undated += not one_day
    days = 0
    if started:
        last_day = (period_end - dt.timedelta(microseconds=1)).date()
        days = max((last_day - start.date()).days + 1, 0)
    # Violations not dated to a day may each fall on a different day: never claim more quiet days.
    days_without = max(days - len(per_day) - undated, 0)

    if started:  # the start itself was news: never "no reports since" a day before it
        floor = min(start.date(), as_of)
        last_report = floor if last_report is None else max(last_report, floor)
    stale = last_report is not None and (as_of - last_report).days > stale_days
    if not started:
        status = CeasefireStatus.NOT_STARTED
    elif ended:
        status = CeasefireStatus.ENDED
    elif inside:
        status = CeasefireStatus.VIOLATED
    elif stale:
        status = CeasefireStatus.UNKNOWN
    else:
        status = CeasefireStatus.HOLDING
    return CeasefireLedger(
        ceasefire=cf,
        as_of=as_of,
        started=started,
        in_force=started and not ended,
        status=status,
        period=period,
        before=before,
        after=after,
        compare_days=compare / _DAY,
        per_day=tuple(DayViolations(d, ranked(c)) for d, c in sorted(per_day.items())),
        not_dated_to_a_day=undated,
        by_perpetrator=ranked(totals),
        days=days,
        days_without_violation=days_without,
        last_report=last_report,
        stale=stale,
        stale_days=stale_days,
    )


def _comparison(
    lo: dt.datetime,
    hi: dt.datetime,
    sure: list[Happening],
    maybe: list[tuple[Happening, float]],
) -> Window:
    order = sorted(sure, key=in_time_order)
    uncertain = sorted((h for h, _ in maybe), key=in_time_order)
    return Window(lo, hi, tuple(order), tuple(uncertain), len(order) + sum(share for _, share in maybe))


def ranked(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
    """Counts by name, most first (names in order among equals): how violations are listed."""
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


__all__ = [
    "COMPARE_DAYS",
    "STALE_DAYS",
    "CeasefireLedger",
    "CeasefireStatus",
    "DayViolations",
    "Verdict",
    "ViolationCounts",
    "Window",
    "ceasefire_ledger",
    "ceasefire_ledger_of",
    "ceasefire_ledger_over",
    "latest_report",
    "period_bounds",
    "ranked",
    "reportable_attacks",
    "share_inside",
    "stated_end",
    "verdict",
]
