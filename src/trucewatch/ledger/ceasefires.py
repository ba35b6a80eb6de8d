"""Ceasefire violations: attacks inside a ceasefire's place and period.

A violation is an attack happening (attack.* claims, counted once per
happening) in the ceasefire's place or anywhere inside it, from the start
instant up to its end (or the as-of date while it is open-ended). Happenings
whose date is too coarse to fall clearly inside or outside the period (an
attack "in March" for a ceasefire from 8 March) are listed as `uncertain`,
never counted per day. The window of the same length just before the start is
computed the same way, for comparison.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from trucewatch.ledger.happenings import DocInfo, Happening, group_happenings, reported_on
from trucewatch.ledger.scope import Scope, in_scope
from trucewatch.ledger.timeline import day_precise, end_of_day, when_last
from trucewatch.model import Ceasefire, Claim, Span


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
    violations: tuple[Happening, ...]
    uncertain: tuple[Happening, ...]

    @property
    def count(self) -> int:
        return len(self.violations)


@dataclass(frozen=True, slots=True)
class CeasefireLedger:
    ceasefire: Ceasefire
    as_of: dt.date
    started: bool
    in_force: bool  # started, and not ended as of the date
    period: Window
    before: Window  # the same length immediately before the start
    per_day: tuple[DayViolations, ...]  # days with at least one violation, in order
    by_perpetrator: tuple[tuple[str, int], ...]
    days: int  # calendar days of the period so far (the start day counts)
    days_without_violation: int

    @property
    def violations(self) -> tuple[Happening, ...]:
        return self.period.violations

    @property
    def claim_ids(self) -> tuple[str, ...]:
        return tuple(cid for h in self.period.violations for cid in h.claim_ids)

    @property
    def evidence(self) -> tuple[Span, ...]:
        return tuple(s for h in self.period.violations for s in h.evidence)


def ceasefire_ledger(
    ceasefire: Ceasefire,
    claims: Iterable[Claim],
    *,
    scope: Scope,
    as_of: dt.date,
    docs: Mapping[str, DocInfo] | None = None,
) -> CeasefireLedger:
    """Violations of `ceasefire` as of a date; `scope` is its place and the places inside it."""
    happenings = group_happenings(c for c in claims if c.type.is_attack)
    return ceasefire_ledger_of(ceasefire, happenings, scope=scope, as_of=as_of, docs=docs)


def ceasefire_ledger_of(
    ceasefire: Ceasefire,
    happenings: Iterable[Happening],
    *,
    scope: Scope,
    as_of: dt.date,
    docs: Mapping[str, DocInfo] | None = None,
) -> CeasefireLedger:
    """As ceasefire_ledger, over claims already grouped into happenings (attacks only count)."""
    return ceasefire_ledger_over(
        ceasefire, reportable_attacks(happenings, as_of, docs), scope=scope, as_of=as_of
    )


def reportable_attacks(
    happenings: Iterable[Happening], as_of: dt.date, docs: Mapping[str, DocInfo] | None = None
) -> list[Happening]:
    """The dated attacks reported by `as_of`: what any ceasefire's violations are drawn from."""
    return [h for h in happenings if h.when is not None and h.type.is_attack and _reported_by(h, as_of, docs)]


def ceasefire_ledger_over(
    ceasefire: Ceasefire, attacks: Iterable[Happening], *, scope: Scope, as_of: dt.date
) -> CeasefireLedger:
    """As ceasefire_ledger_of, over happenings already narrowed by reportable_attacks.

    The narrowing does not depend on the ceasefire, so a caller with many
    ceasefires does it once, not once per (ceasefire, happening) pair.
    """
    start = ceasefire.start.start
    horizon = end_of_day(as_of)
    end = min(when_last(ceasefire.end) if ceasefire.end else horizon, horizon)
    end = max(end, start)
    earliest = start - (end - start)
    # Cheap tests first: most attacks in a place's history fall outside both windows.
    attacks = [
        h
        for h in attacks
        if h.when is not None
        and h.when.start < end
        and when_last(h.when) > earliest
        and in_scope(h.place_id, scope)
    ]
    period = _window(attacks, start, end)
    before = _window(attacks, earliest, start)
    per_day: dict[dt.date, Counter[str]] = {}
    totals: Counter[str] = Counter()
    for h in period.violations:
        assert h.when is not None
        for who in h.perpetrators:
            per_day.setdefault(h.when.start.date(), Counter())[who] += 1
            totals[who] += 1
    started = start < horizon
    last_day = (min(end, horizon) - dt.timedelta(microseconds=1)).date()
    days = (last_day - start.date()).days + 1
    days = max(days, 0) if started else 0
    return CeasefireLedger(
        ceasefire=ceasefire,
        as_of=as_of,
        started=started,
        in_force=started and (ceasefire.end is None or when_last(ceasefire.end) > horizon),
        period=period,
        before=before,
        per_day=tuple(DayViolations(d, _ranked(c)) for d, c in sorted(per_day.items())),
        by_perpetrator=_ranked(totals),
        days=days,
        days_without_violation=max(days - len(per_day), 0),
    )


def _ranked(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def _reported_by(h: Happening, as_of: dt.date, docs: Mapping[str, DocInfo] | None) -> bool:
    published = [d for c in h.claims if (d := reported_on(c, docs)) is not None]
    return not published or min(published) <= as_of


def _window(attacks: list[Happening], start: dt.datetime, end: dt.datetime) -> Window:
    inside: list[Happening] = []
    uncertain: list[Happening] = []
    for h in attacks:
        if h.when is None or h.when.start >= end or when_last(h.when) <= start:
            continue  # undated attacks cannot be placed in any window
        if day_precise(h.when) and h.when.start >= start:
            inside.append(h)
        else:
            uncertain.append(h)
    inside.sort(key=lambda h: h.when.start if h.when else start)
    return Window(start, end, tuple(inside), tuple(uncertain))
