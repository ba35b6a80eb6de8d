"""Two times on every fact: when it happened, and when it became known.

A claim happened at its `When` (with precision); it became known on the day
its document was published, or ingested when the document gives no date
(`DocInfo.known`). "As of D" is what a monitor could have known on D: only
claims known by the end of D count, and a happening is known from its
earliest report. A document whose dates are withheld from the reader has no
known day: its claims are counted by their own dates alone, so that moving
the as-of date cannot tell when it came out.

A report also bounds its own facts: what it says happened, happened by the
day it was published. "Shelling in March" in a report of 8 March lies in
1-8 March, not in all of March (`reported_interval`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping

from trucewatch.ledger.happenings import DocInfo, Happening, earliest_when, reported_on
from trucewatch.ledger.timeline import end_of_day, when_last
from trucewatch.model import Claim, When


def claim_known_by(claim: Claim, as_of: dt.date, docs: Mapping[str, DocInfo] | None) -> bool:
    day = reported_on(claim, docs)
    return day is None or day <= as_of


def first_known(h: Happening, docs: Mapping[str, DocInfo] | None) -> dt.date | None:
    """The day a happening became known: its earliest report (None: no claim has a known day)."""
    days = [d for c in h.claims if (d := reported_on(c, docs)) is not None]
    return min(days) if days else None


def last_known(h: Happening, docs: Mapping[str, DocInfo] | None) -> dt.date | None:
    days = [d for c in h.claims if (d := reported_on(c, docs)) is not None]
    return max(days) if days else None


def known_claims(claims: Iterable[Claim], as_of: dt.date, docs: Mapping[str, DocInfo] | None) -> list[Claim]:
    return [c for c in claims if claim_known_by(c, as_of, docs)]


def known_happenings(
    happenings: Iterable[Happening], as_of: dt.date, docs: Mapping[str, DocInfo] | None
) -> list[Happening]:
    """The happenings known by `as_of`, each with only the claims known by then.

    A happening's later reports are not its sources yet: they are dropped, and
    its date is taken again from the reports that remain (unless an analyst's
    Event dates it).
    """
    out = []
    for h in happenings:
        kept = tuple(c for c in h.claims if claim_known_by(c, as_of, docs))
        if len(kept) == len(h.claims):
            out.append(h)
        elif kept:
            when = h.when if h.event_id is not None and h.when is not None else earliest_when(kept)
            out.append(dataclasses.replace(h, claims=kept, when=when))
    return out


def reported_interval(h: Happening, docs: Mapping[str, DocInfo] | None) -> tuple[dt.datetime, dt.datetime]:
    """[first, after-last) instant the happening can have taken place, by its date and its first report.

    A date reaching past the day it was first reported is cut at the end of that
    day (what was reported had happened). A date wholly after it (a report that
    looks ahead) is kept as the text gives it.
    """
    assert h.when is not None
    start, last = h.when.start, when_last(h.when)
    day = first_known(h, docs)
    if day is not None:
        limit = end_of_day(day)
        if start < limit < last:
            last = limit
    return start, last


def start_range(when: When) -> tuple[dt.date, dt.date]:
    """The first and last day on which something dated `when` can have begun.

    A range ("over the past three months") or an open end ("since late 2013")
    says how long it lasted, not when it began: only the start's own precision
    counts ("2013" began between 1 January and 31 December 2013).
    """
    own = When(when.start, when.precision)
    return when.start.date(), (when_last(own) - dt.timedelta(microseconds=1)).date()


def day_range(when: When) -> tuple[dt.date, dt.date]:
    """The first and last day `when` can name (a range: its first and last day)."""
    return when.start.date(), (when_last(when) - dt.timedelta(microseconds=1)).date()
