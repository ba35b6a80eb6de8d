"""A reader's visits, for the overview's "new since your last visit".

A cookie keeps two moments: when the reader's previous visit ended (`since`) and when the
overview was last seen (`seen`). Page views less than GAP apart are one visit; a view after a
longer pause starts a new one, whose "since" is the end of the one before. The cookie is the
reader's own and unsigned: a forged one can only change what its own reader is told is new,
and anything that does not parse is taken as a first visit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["COOKIE", "GAP", "Visit", "visit"]

COOKIE = "tw_visits"
GAP = dt.timedelta(minutes=30)
MAX_AGE = 366 * 24 * 3600  # seconds the browser keeps the cookie


@dataclass(frozen=True, slots=True)
class Visit:
    since: dt.datetime | None  # the end of the previous visit; None on a first visit
    seen: dt.datetime  # now

    def cookie(self) -> str:
        since = self.since.isoformat(timespec="seconds") if self.since else ""
        return f"{since}|{self.seen.isoformat(timespec='seconds')}"


def _moment(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is None else None  # naive UTC, as written


def visit(cookie: str | None, now: dt.datetime) -> Visit:
    """This view's visit, from the cookie of the views before it (naive UTC times)."""
    since_text, sep, seen_text = (cookie or "")[:64].partition("|")
    seen = _moment(seen_text) if sep else None
    if seen is None or seen > now:
        return Visit(None, now)
    if now - seen > GAP:
        return Visit(seen, now)  # a new visit: what came in since the last one ended
    return Visit(_moment(since_text) if since_text else None, now)
