"""Time helpers: how far a `When` reaches, and what is known as of a date.

A `When` at month precision ("August 2016") allows any instant of that month;
the ledger must never pretend to know the day. `last` is the first instant
after everything a date allows, so "before X" and "after X" are plain
comparisons, and a coarse date is *uncertain* against a boundary it straddles.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from trucewatch.model import Precision, When

_ONE_DAY = dt.timedelta(days=1)


def _next_month(d: dt.datetime) -> dt.datetime:
    return d.replace(year=d.year + (d.month == 12), month=d.month % 12 + 1, day=1)


@lru_cache(maxsize=1 << 16)  # pure and hot: every window test asks it of every happening
def when_last(when: When) -> dt.datetime:
    """The first instant after everything `when` allows (exclusive upper bound)."""
    if when.end is not None:
        return max(when.end, when.start)
    s = when.start
    match when.precision:
        case Precision.MINUTE:
            return s.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
        case Precision.HOUR:
            return s.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
        case Precision.DAY:
            return dt.datetime.combine(s.date(), dt.time()) + _ONE_DAY
        case Precision.WEEK:
            return dt.datetime.combine(s.date(), dt.time()) + dt.timedelta(days=7)
        case Precision.MONTH:
            return _next_month(dt.datetime(s.year, s.month, 1))
        case Precision.YEAR:
            return dt.datetime(s.year + 1, 1, 1)
    raise AssertionError(when.precision)


def end_of_day(day: dt.date) -> dt.datetime:
    """The first instant after `day`: "as of 2017-03-08" includes all of that day."""
    return dt.datetime.combine(day, dt.time()) + _ONE_DAY


def day_precise(when: When) -> bool:
    """True when the text pins the happening to one calendar day or finer."""
    if when.end is not None or when.open_ended:
        return False
    return when.precision in (Precision.MINUTE, Precision.HOUR, Precision.DAY)


def is_running_total(when: When | None) -> bool:
    """Undated figures and "since ..." ranges state a total so far, not one new batch."""
    return when is None or when.open_ended or when.end is not None


def overlaps(a: When, b: When) -> bool:
    """True when the two dates could name the same instant ("March 2017" and "8 March 2017")."""
    return a.start < when_last(b) and b.start < when_last(a)
