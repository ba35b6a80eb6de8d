"""Datelines: where a wire story was filed, not where its events happened.

"BEIRUT, Aug 14 (Reuters) -", "DHAKA:", "Maputo (AIM) –", "HOMS, Syria —",
"YEREVAN, October 11. /TASS/.", "القاهرة (رويترز) –" open a line near the top of a text: a place
(in capitals or not, perhaps with its country), perhaps a date and an agency,
then a dash or colon. The places named there say where the reporter was; an
event is placed there only when the text names no other place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["DATELINE_REACH", "dateline_filing_spans", "dateline_spans"]

DATELINE_REACH = 400  # characters: a dateline opens the story, after at most a title and byline

_NAME = r"[A-Z][\w'’.]*(?:[ -][A-Z][\w'’.]*){0,3}"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DAY = rf"(?:{_MONTH}[ \t]*\d{{1,2}}|\d{{1,2}}[ \t]+{_MONTH})(?:,?[ \t]*\d{{4}})?"  # "Aug 14", "9 June 2025"
_DATELINE = re.compile(
    rf"""
    (?:^|\n)[ \t]*
    (?:(?:date[ \t]+)?\d{{4}}-\d\d-\d\d[ \t]+)?      # a leading ISO date some feeds prefix
    (?:\([^()\n]{{1,60}}\)[ \t]*)?                    # (MENAFN- ...)
    (?P<place>{_NAME}(?:[ \t]*/[ \t]*{_NAME})?        # one place, or two: "New York / Kordofan"
        (?:,[ \t]*{_NAME}){{0,2}})                    # its region or country
    (?:[,.]?[ \t]*(?P<date>{_DAY}))?  # a date
    (?:[.,]?[ \t]*/[^/\n]{{1,20}}/\.?[ \t]                # an agency that ends it: /TASS/.
    |[ \t]*(?P<agency>\([^()\n]{{1,40}}\)|\.[ \t]*[A-Z]{{2,}}\b)?  # or an agency, then a dash or colon
     [ \t]*(?:-{{1,2}}|–|—|:)[ \t])
    """,
    re.VERBOSE,
)


# A dateline run into the title by a feed that dropped its line breaks: "Talks resume Nairobi,
# Kenya, March 9 (AFP) Delegates met...": a place, a date and a news agency.
_AGENCIES = r"AFP|Reuters|AP|UPI|Xinhua|IANS|ANI|PTI|dpa|DPA|TASS|Anadolu|AA|SANA|WAM|KUNA|AIM|Sputnik|EFE"
_RUN_IN = re.compile(
    rf"(?<![\w'’.-])(?P<place>[A-Z][\w'’.]*(?:-[\w'’.]+)*(?:,[ \t]*{_NAME}){{0,2}}),?[ \t]*"
    rf"(?P<date>{_DAY})[ \t]*(?P<agency>\((?:{_AGENCIES})\))"
)


# The same in Arabic: "القاهرة (رويترز) –", "دمشق 15 ديسمبر 2016 (شينخوا)", "الخرطوم:": one or two
# words at a line's start, perhaps a date, then an agency in brackets or a dash or colon.
_ARABIC_WORD = r"[\u0621-\u064a\u0640]+"
_ARABIC_DATELINE = re.compile(
    rf"(?:^|\n)[ \t]*(?P<place>{_ARABIC_WORD}(?:[ \t]{_ARABIC_WORD})?)[ \t]*"
    rf"(?:[،,]?[ \t]*(?P<date>\d{{1,2}}[ \t]+{_ARABIC_WORD}(?:[ \t]+\d{{4}})?)[ \t]*)?"
    rf"(?:(?P<agency>\([^()\n]{{1,30}}\))|[-–—:])"
)


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """The spans of place names in the lines that open like a dateline near the top of
    `text` (a title's topic, "Syria: ...", reads the same way and is as weak a place), or
    that a place, a date and an agency mark as one inside the first line."""
    return [(m.start("place"), m.end("place")) for m in _datelines(text)]


def dateline_filing_spans(text: str) -> list[tuple[int, int]]:
    """The spans of the dates and news agencies those datelines give ("BEIRUT, Aug 14 (Reuters)
    -"): the day the story was filed, not the day of anything it tells; who carried the story,
    not a party to anything in it."""
    return [m.span(part) for m in _datelines(text) for part in ("date", "agency") if m.group(part)]


def _datelines(text: str) -> list[re.Match[str]]:
    out = []
    for match in _line_starts(text, DATELINE_REACH + 200):
        if match.start("place") > DATELINE_REACH:
            break
        out.append(match)
    # Each search below is made only when the text holds what every match of it holds: an
    # agency in brackets, an Arabic letter (found in C; most texts hold neither, while the
    # patterns would be tried at every character)
    reach = DATELINE_REACH + 100
    if not out and _AGENCY.search(text, 0, reach) and (run_in := _RUN_IN.search(text, 0, reach)):
        out.append(run_in)
    if _ARABIC_LETTER.search(text, 0, DATELINE_REACH) is not None:
        out.extend(_ARABIC_DATELINE.finditer(text, 0, DATELINE_REACH))
    return out


_AGENCY = re.compile(rf"\((?:{_AGENCIES})\)")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0640]")


def _line_starts(text: str, reach: int) -> Iterator[re.Match[str]]:
    """What `_DATELINE.finditer(text, 0, reach)` finds: a match opens at the text's start or
    at a line break, so it is tried only there (found in C), not at every character."""
    resume = 0
    at = 0
    while 0 <= at < reach:
        # A match lies in one line, opens as _OPENING does and holds a dash or colon before a
        # space, or an agency between slashes: other lines (most of a story's) are not tried.
        end = text.find("\n", at + 1, reach)
        if (
            at >= resume
            and _OPENING.match(text, at, reach) is not None
            and _ENDING.search(text, at, reach if end < 0 else end) is not None
            and (m := _DATELINE.match(text, at, reach)) is not None
        ):
            yield m
            resume = m.end()
        at = end


_OPENING = re.compile(r"(?:^|\n)[ \t]*[d\d(A-Z]")  # an ISO date, an agency in brackets or a name
_ENDING = re.compile(r"[-–—:][ \t]|/")
