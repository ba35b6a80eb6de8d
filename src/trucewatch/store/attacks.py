"""A place's attack claims read with aggregate SQL, for its timeline: the latest day, counts per
day, one page of claims.

A place may have 100,000 claims; the page needs their count per day and a screenful of them,
never every claim as an object. The timeline places each claim on the day it starts, so its
window is "starts in [first, last]" (not claims.dated_within, the lists' and map's range rule:
a claim dated "since August 2016" starts on no day of a 2017 window). `public_only`: anonymous
public read, only claims of documents it may show.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Date, and_, case, cast, func, or_, select, tuple_
from sqlalchemy.orm import Session

from trucewatch.model import Claim, EventType, Status
from trucewatch.store.claims import claims_by_ids
from trucewatch.store.tables import ClaimRow
from trucewatch.store.visibility import public_claim

ATTACKS = tuple(t.value for t in EventType if t.is_attack)
DAY_PRECISE = ("minute", "hour", "day")  # only these are placed on a day (as violations_chart does)


@dataclass(frozen=True, slots=True)
class After:
    """Where the next page of a newest-first list starts: after this claim."""

    when: dt.datetime
    id: str


def _attacks_in(scope: Iterable[str], public_only: bool = False) -> list[ColumnElement[bool]]:
    out = [
        ClaimRow.place_id.in_(sorted(scope)),
        ClaimRow.type.in_(ATTACKS),
        ClaimRow.status != Status.REJECTED.value,
    ]
    return [*out, public_claim()] if public_only else out


def _window(first: dt.date, last: dt.date) -> list[ColumnElement[bool]]:
    lo = dt.datetime.combine(first, dt.time())
    hi = dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
    return [ClaimRow.when_start >= lo, ClaimRow.when_start < hi]


def _day(session: Session, column: Any) -> ColumnElement[Any]:
    # SQLite keeps datetimes as text (date() gives 'YYYY-MM-DD'); PostgreSQL casts.
    return func.date(column) if session.get_bind().dialect.name == "sqlite" else cast(column, Date)


def as_date(value: object) -> dt.date:
    """A day from what the database gives back for a datetime or a date (SQLite: text)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def latest_attack_day(session: Session, scope: Iterable[str], *, public_only: bool = False) -> dt.date | None:
    """The day of the latest dated attack claim in `scope` (rejected ones aside)."""
    value = session.scalar(select(func.max(ClaimRow.when_start)).where(*_attacks_in(scope, public_only)))
    return as_date(value) if value is not None else None


def lone_attack_days(
    session: Session, scope: frozenset[str], first: dt.date, last: dt.date
) -> tuple[Counter[dt.date], list[str]]:
    """Attack claims placed on a day in [first, last] that are one happening each, counted per day
    by the database; and the ids of every other attack claim the ledger must group itself.

    A claim that no Event links and that no other claim matches on (type, date, place) can merge
    with nothing: it is one happening, counted by a GROUP BY. Every other claim (one of several on
    a key, or linked by an Event anywhere in the scope, as an Event may span dates) is returned by
    id, to be read in full; in real data those are few.
    """
    base = [*_attacks_in(scope), ClaimRow.when_precision.in_(DAY_PRECISE), *_window(first, last)]
    key = (
        ClaimRow.type,
        ClaimRow.when_start,
        ClaimRow.when_precision,
        ClaimRow.when_end,
        ClaimRow.when_open_ended,
        ClaimRow.place_id,
    )
    counts: Counter[dt.date] = Counter()
    groups = (
        select(
            _day(session, ClaimRow.when_start).label("day"),
            (func.count() == 1).label("one"),
            (func.count(ClaimRow.event_id) == 0).label("unlinked"),
        )
        .where(*base)
        .group_by(*key)  # NULLs (an open end, say) group together, as the ledger's keys compare equal
        .subquery()
    )
    alone = and_(groups.c.one, groups.c.unlinked)
    shared_groups = 0
    for value, n_alone, n_other in session.execute(
        select(
            groups.c.day,
            func.sum(case((alone, 1), else_=0)),
            func.sum(case((alone, 0), else_=1)),
        ).group_by(groups.c.day)
    ):
        counts[as_date(value)] += int(n_alone or 0)
        shared_groups += int(n_other or 0)
    rest: list[str] = []
    if shared_groups:
        shared = (
            select(
                ClaimRow.id,
                func.count().over(partition_by=key).label("n"),
                func.count(ClaimRow.event_id).over(partition_by=key).label("linked"),
            )
            .where(*base)
            .subquery()
        )
        rest += session.scalars(select(shared.c.id).where(or_(shared.c.n > 1, shared.c.linked > 0)))
    rest += session.scalars(select(ClaimRow.id).where(*_attacks_in(scope), ClaimRow.event_id.is_not(None)))
    return counts, list(dict.fromkeys(rest))


def attack_ids(
    session: Session, scope: frozenset[str], first: dt.date, last: dt.date, *, public_only: bool = False
) -> list[str]:
    """The ids of the attack claims starting in [first, last]."""
    return list(
        session.scalars(select(ClaimRow.id).where(*_attacks_in(scope, public_only), *_window(first, last)))
    )


def count_attacks(
    session: Session, scope: frozenset[str], first: dt.date, last: dt.date, *, public_only: bool = False
) -> int:
    """How many attack claims (not happenings) start in [first, last]."""
    return (
        session.scalar(select(func.count()).where(*_attacks_in(scope, public_only), *_window(first, last)))
        or 0
    )


def attack_page(
    session: Session,
    scope: frozenset[str],
    first: dt.date,
    last: dt.date,
    after: After | None,
    limit: int,
    *,
    public_only: bool = False,
) -> list[Claim]:
    """Up to `limit` attack claims starting in [first, last], newest first (then by id, descending)."""
    return newest_first(session, [*_attacks_in(scope, public_only), *_window(first, last)], after, limit)


def newest_first(
    session: Session, conditions: list[ColumnElement[bool]], after: After | None, limit: int
) -> list[Claim]:
    """One page of the claims meeting `conditions`, newest first then by id (both descending),
    after the keyset `after` (the page before's last claim)."""
    if after is not None:
        conditions = [*conditions, tuple_(ClaimRow.when_start, ClaimRow.id) < tuple_(after.when, after.id)]
    ids = list(
        session.scalars(
            select(ClaimRow.id)
            .where(*conditions)
            .order_by(ClaimRow.when_start.desc(), ClaimRow.id.desc())
            .limit(limit)
        )
    )
    return claims_by_ids(session, ids)
