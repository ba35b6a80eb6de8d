"""A place's attack timeline read with aggregate SQL: counts per day and one page of claims.

A place may have 100,000 claims; the page needs their count per day and a
screenful of them, never every claim as an object. The count is the ledger's
(happenings, not claims: ledger/happenings.py), done mostly by the database.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Date, and_, case, cast, func, or_, select, tuple_
from sqlalchemy.orm import Session

from trucewatch.ledger import group_happenings
from trucewatch.model import Claim, EventType, Status
from trucewatch.store import convert
from trucewatch.store.tables import ClaimRow

ATTACKS = tuple(t.value for t in EventType if t.is_attack)
DAY_PRECISE = ("minute", "hour", "day")  # only these are placed on a day (as violations_chart does)
IN_CLAUSE = 500  # ids per IN (...): under SQLite's bound-parameter limit


@dataclass(frozen=True, slots=True)
class After:
    """Where the next page of the list starts: after this claim (newest first)."""

    when: dt.datetime
    id: str


def _attacks_in(scope: Iterable[str]) -> list[ColumnElement[bool]]:
    return [
        ClaimRow.place_id.in_(sorted(scope)),
        ClaimRow.type.in_(ATTACKS),
        ClaimRow.status != Status.REJECTED.value,
    ]


def _window(first: dt.date, last: dt.date) -> list[ColumnElement[bool]]:
    lo = dt.datetime.combine(first, dt.time())
    hi = dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
    return [ClaimRow.when_start >= lo, ClaimRow.when_start < hi]


def _day(session: Session, column: Any) -> ColumnElement[Any]:
    # SQLite keeps datetimes as text (date() gives 'YYYY-MM-DD'); PostgreSQL casts.
    return func.date(column) if session.get_bind().dialect.name == "sqlite" else cast(column, Date)


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def latest_attack_day(session: Session, scope: Iterable[str]) -> dt.date | None:
    """The day of the latest dated attack claim in `scope` (rejected ones aside)."""
    value = session.scalar(select(func.max(ClaimRow.when_start)).where(*_attacks_in(scope)))
    return _as_date(value) if value is not None else None


def attack_days(session: Session, scope: frozenset[str], first: dt.date, last: dt.date) -> Counter[dt.date]:
    """Attack happenings per day in [first, last], as violations_chart counts them.

    Why this is exact: two claims are one happening when an Event links them
    or when they agree on type, date, place, actors and figures. A claim that
    no Event links and that no other claim matches on (type, date, place) can
    merge with nothing: it is one happening, counted by a GROUP BY in the
    database. Every other claim (one of several on a key, or linked by an
    Event anywhere in the scope, as an Event may span dates) is read in full
    and grouped by the ledger's own function; in real data those are few.
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
        counts[_as_date(value)] += int(n_alone or 0)
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
    for h in group_happenings(claims_by_ids(session, list(dict.fromkeys(rest)))):
        if h.when is not None and h.place_id in scope and h.when.precision.value in DAY_PRECISE:
            d = h.when.start.date()
            if first <= d <= last:
                counts[d] += 1
    return counts


def claims_by_ids(session: Session, ids: list[str]) -> list[Claim]:
    """Full claims (evidence, actors, figures: one IN query each per batch), in the order of `ids`."""
    out: dict[str, Claim] = {}
    for i in range(0, len(ids), IN_CLAUSE):
        rows = session.scalars(select(ClaimRow).where(ClaimRow.id.in_(ids[i : i + IN_CLAUSE])))
        out.update({r.id: convert.claim_from_row(r) for r in rows})
    return [out[i] for i in ids if i in out]


def count_attacks(session: Session, scope: frozenset[str], first: dt.date, last: dt.date) -> int:
    """How many attack claims (not happenings) start in [first, last]."""
    return session.scalar(select(func.count()).where(*_attacks_in(scope), *_window(first, last))) or 0


def attack_page(
    session: Session, scope: frozenset[str], first: dt.date, last: dt.date, after: After | None, limit: int
) -> list[Claim]:
    """Up to `limit` attack claims starting in [first, last], newest first (then by id, descending)."""
    conditions = [*_attacks_in(scope), *_window(first, last)]
    if after is not None:
        conditions.append(tuple_(ClaimRow.when_start, ClaimRow.id) < tuple_(after.when, after.id))
    ids = list(
        session.scalars(
            select(ClaimRow.id)
            .where(*conditions)
            .order_by(ClaimRow.when_start.desc(), ClaimRow.id.desc())
            .limit(limit)
        )
    )
    return claims_by_ids(session, ids)
