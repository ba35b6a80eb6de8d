"""A place's attack timeline: counts per day and one page of claims, read with aggregate SQL
(trucewatch.store.attacks).

A place may have 100,000 claims; the page needs their count per day and a
screenful of them, never every claim as an object. The count is the ledger's
(happenings, not claims: ledger/happenings.py), done mostly by the database.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from trucewatch.ledger import group_happenings
from trucewatch.model import Claim
from trucewatch.store import Session, attacks
from trucewatch.store.attacks import ATTACKS, DAY_PRECISE, After
from trucewatch.store.claims import claims_by_ids

__all__ = [
    "ATTACKS",
    "DAY_PRECISE",
    "After",
    "attack_days",
    "attack_page",
    "count_attacks",
    "latest_attack_day",
]


def latest_attack_day(session: Session, scope: Iterable[str]) -> dt.date | None:
    """The day of the latest dated attack claim in `scope` (rejected ones aside)."""
    return attacks.latest_attack_day(session, scope)


def happenings_per_day(
    claims: list[Claim], scope: frozenset[str], first: dt.date, last: dt.date
) -> Counter[dt.date]:
    """The happenings these claims make, per day in [first, last], as violations_chart counts them."""
    counts: Counter[dt.date] = Counter()
    for h in group_happenings(claims):
        if h.when is not None and h.place_id in scope and h.when.precision.value in DAY_PRECISE:
            d = h.when.start.date()
            if first <= d <= last:
                counts[d] += 1
    return counts


def attack_days(session: Session, scope: frozenset[str], first: dt.date, last: dt.date) -> Counter[dt.date]:
    """Attack happenings per day in [first, last], as violations_chart counts them.

    Why this is exact: two claims are one happening when an Event links them
    or when they agree on type, date, place, actors and figures. The claims that
    can merge with nothing are counted by the database (attacks.lone_attack_days);
    the rest are read in full and grouped by the ledger's own function.
    """
    counts, rest = attacks.lone_attack_days(session, scope, first, last)
    counts.update(happenings_per_day(claims_by_ids(session, rest), scope, first, last))
    return counts


def count_attacks(session: Session, scope: frozenset[str], first: dt.date, last: dt.date) -> int:
    """How many attack claims (not happenings) start in [first, last]."""
    return attacks.count_attacks(session, scope, first, last)


def attack_page(
    session: Session, scope: frozenset[str], first: dt.date, last: dt.date, after: After | None, limit: int
) -> list[Claim]:
    """Up to `limit` attack claims starting in [first, last], newest first (then by id, descending)."""
    return attacks.attack_page(session, scope, first, last, after, limit)
