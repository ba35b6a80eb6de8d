"""The days trucewatch accepts as input: one rule for the API, the pages, the command line and files.

A day is written YYYY-MM-DD (ISO 8601; no timestamps, no bare numbers: "0.0"
is not 1 January 1970) and lies between EARLIEST and LATEST. The range keeps
date arithmetic (the day after `until`, a timeline's first day 3,660 days
before `to`) well inside what Python's dates can hold, and covers any report
trucewatch reads.

    parse_day("2017-03-08")        -> dt.date(2017, 3, 8)
    parse_day("9999-12-31")        -> BadDay: outside the supported dates
    Day, Moment                    -> the same rules for pydantic fields and query parameters
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

from trucewatch.errors import InvalidInput

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)
FORMAT_HINT = "use YYYY-MM-DD, e.g. 2017-03-08"
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MOMENT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?"
)


def today() -> dt.date:
    """Today in UTC: the day a ledger "as of today" is computed and stored for, the same for the
    API, the pages and the command line whatever the server's time zone."""
    return dt.datetime.now(dt.UTC).date()


class BadDay(InvalidInput):
    """A day that cannot be accepted; the message says why and what to write instead."""


def check_day(day: dt.date) -> dt.date:
    """`day` itself, if it lies within the supported dates."""
    if not EARLIEST <= day <= LATEST:
        raise BadDay(f"{day.isoformat()} is outside the supported dates, {EARLIEST} to {LATEST}")
    return day


def parse_day(text: object) -> dt.date:
    """A day written YYYY-MM-DD within the supported dates, else BadDay."""
    if not isinstance(text, str) or not _DAY.fullmatch(text):
        raise BadDay(f"{_shown(text)} is not a date; {FORMAT_HINT}")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise BadDay(f"{_shown(text)} is not a day of the calendar; {FORMAT_HINT}") from None
    return check_day(day)


def parse_optional_day(text: str | None) -> dt.date | None:
    """None or "" for no date given; else as parse_day."""
    return parse_day(text) if text else None


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# --- pydantic: request bodies, forms and query parameters -------------------------


def _day_field(value: object) -> dt.date:
    try:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return check_day(value)
        return parse_day(value)
    except BadDay as exc:
        raise PydanticCustomError("day", str(exc)) from None


def _moment_text(value: object) -> object:
    if isinstance(value, dt.datetime) or (isinstance(value, str) and _MOMENT.fullmatch(value)):
        return value
    raise PydanticCustomError(
        "moment", f"{_shown(value)} is not a date and time; use YYYY-MM-DDTHH:MM, e.g. 2017-03-08T00:01"
    )


def _moment_range(value: dt.datetime) -> dt.datetime:
    try:
        check_day(value.date())
    except BadDay as exc:
        raise PydanticCustomError("moment", str(exc)) from None
    return value


Day = Annotated[dt.date, BeforeValidator(_day_field)]
Moment = Annotated[dt.datetime, BeforeValidator(_moment_text), AfterValidator(_moment_range)]
