"""Trends: happenings and fatalities per week, by type and by perpetrator (the /trends page).

Pure: happenings in, weekly tables out. A week starts on Monday; a happening
counts in the week of its date when that date is known to the day or the
week, and not at all otherwise (a month-precise report cannot be put in a
week). Fatalities are each happening's highest "killed" figure (two reports of
one attack are one toll, as the ledger counts them).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from trucewatch.ledger.happenings import UNATTRIBUTED, Happening
from trucewatch.model import EventType, Precision, QuantityKind, Role

__all__ = ["TOP_ACTORS", "Trends", "monday", "weekly_trends"]

TOP_ACTORS = 8  # perpetrators with a row of their own; the others are summed
_WEEKLY = frozenset({Precision.MINUTE, Precision.HOUR, Precision.DAY, Precision.WEEK})


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class Trends:
    weeks: tuple[dt.date, ...]  # Mondays, oldest first
    by_type: dict[EventType, Counter[dt.date]]  # type -> week -> happenings
    fatalities: Counter[dt.date]  # week -> killed (each happening's highest figure)
    by_actor: dict[str, Counter[dt.date]]  # perpetrator -> week -> attacks (top TOP_ACTORS, then "others")
    left_out: int  # happenings in the window not dated to a week

    def total(self, kind: EventType) -> int:
        return sum(self.by_type.get(kind, Counter()).values())


def weekly_trends(happenings: Iterable[Happening], first: dt.date, last: dt.date) -> Trends:
    """Weekly counts of the happenings dated in [first, last] (first and last widened to whole weeks)."""
    start, end = monday(first), monday(last)
    weeks = tuple(start + dt.timedelta(weeks=i) for i in range((end - start).days // 7 + 1))
    by_type: dict[EventType, Counter[dt.date]] = {}
    fatalities: Counter[dt.date] = Counter()
    actors: dict[str, Counter[dt.date]] = {}
    left_out = 0
    for h in happenings:
        if h.when is None:
            continue
        day = h.when.start.date()
        if not start <= day <= end + dt.timedelta(days=6):
            continue
        if h.when.precision not in _WEEKLY:
            left_out += 1
            continue
        week = monday(day)
        by_type.setdefault(h.type, Counter())[week] += 1
        killed = [
            q.value for c in h.claims for q in c.quantities if q.kind is QuantityKind.KILLED and q.value
        ]
        fatalities[week] += max(killed, default=0)
        if h.type.is_attack:
            who = sorted({a.actor for c in h.claims for a in c.actors if a.role is Role.PERPETRATOR})
            for name in who or [UNATTRIBUTED]:
                actors.setdefault(name, Counter())[week] += 1
    ranked = sorted(actors, key=lambda a: (-sum(actors[a].values()), a))
    by_actor = {a: actors[a] for a in ranked[:TOP_ACTORS]}
    if len(ranked) > TOP_ACTORS:
        others: Counter[dt.date] = Counter()
        for a in ranked[TOP_ACTORS:]:
            others.update(actors[a])
        by_actor[f"{len(ranked) - TOP_ACTORS} others"] = others
    ordered = dict(sorted(by_type.items(), key=lambda kv: (-sum(kv[1].values()), kv[0].value)))
    return Trends(weeks, ordered, fatalities, by_actor, left_out)
