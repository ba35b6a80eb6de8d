"""Done, done so far, or only expected: how a report tells of a delivery.

"1,500 people are expected to depart" and "15,000 would evacuate" are
forecasts: terms or expectations of a deal, never deliveries. "The regime has
released 194 of the detainees" is a running total so far, not one batch on the
day of the report. Anything else reports a delivery as its date gives it.

Read from the words of the claim's evidence, near its figure when it has one
(a sentence may tell of a departure that happened and of a deal that "will
bring" more). English cue words here; another language's are its pack's
`forecast` and `so_far` words (lang/<code>/cues.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any

from trucewatch.model import Claim, Quantity, Span


class Mood(StrEnum):
    DONE = "done"  # a delivery, dated as its claim says
    TOTAL = "total"  # a running total so far ("has released 194 since August")
    FORECAST = "forecast"  # expected, planned, would or will: not a delivery


_MOVES = (
    r"depart\w*|leave|leaving|evacuat\w*|exit\w*|go|move|releas\w*|freed?|deliver\w*|enter\w*|arriv\w*|"
    r"reach\w*|return\w*|hand\w*|bus(?:s)?ed|transport\w*|board\w*|allow\w*|take\s+place|get\s+out"
)
_FORECAST = re.compile(
    rf"""\b(?:expect(?:s|ed|ing)?|schedul(?:ed|es)|slated|poised|due|plan(?:s|ned|ning)?|
            intend(?:s|ed)?|supposed|set|aim(?:s|ed)?|hop(?:es|ed))\b[^.;]{{0,90}}?
            \bto\s+(?:be\s+)?(?:\w+ly\s+)?(?:{_MOVES})\b
        |\b(?:would|will|shall|is\s+to|are\s+to|'ll)\s+(?:(?:be|then|also|soon|now|begin|start|
            continue|have\s+to|need\s+to)\s+(?:to\s+)?)*(?:{_MOVES})\b
        |\bover\s+the\s+(?:coming|next)\s+(?:days|weeks|months)\b""",
    re.IGNORECASE | re.VERBOSE,
)
_TOTAL = re.compile(
    rf"""\b(?:so\s+far|to\s+date|in\s+total|thus\s+far|until\s+now|up\s+to\s+now|altogether|
            a\s+total\s+of|since)\b
        |\b(?:has|have)\s+(?:only\s+|now\s+|already\s+|so\s+far\s+)?(?:been\s+)?(?:{_MOVES})""",
    re.IGNORECASE | re.VERBOSE,
)
_NEAR = 90  # characters either side of a figure that speak of it
_SENTENCE_END = re.compile(r"[.!?][\s\"'”’)]+(?=[A-Z0-9\"“‘(])|\n")


@cache
def _pack_cues() -> tuple[tuple[Callable[[str], str], re.Pattern[str] | None, re.Pattern[str] | None], ...]:
    """Each other language's forecast and so-far words (lang/<code>/cues.yaml), with its letter fold."""
    from trucewatch.extract.lang import DEFAULT_LANGUAGE, available_languages, pack

    out = []
    for code in available_languages():
        lang = pack(code)
        if code == DEFAULT_LANGUAGE or not lang.has("cues.yaml"):
            continue
        raw = lang.yaml("cues.yaml")

        def words(key: str, lang: Any = lang, raw: dict[str, Any] = raw) -> re.Pattern[str] | None:
            entries = sorted((lang.letters(str(w)) for w in raw.get(key) or ()), key=len, reverse=True)
            return re.compile("|".join(map(re.escape, entries))) if entries else None

        out.append((lang.letters, words("forecast"), words("so_far")))
    return tuple(out)


def mood_of(text: str, figure: tuple[int, int] | None = None) -> Mood:
    """How `text` (a claim's evidence) tells of its event; `figure`: the figure's offsets in it."""
    region = text
    if figure is not None:  # the figure's own sentence, near it
        start, end = max(figure[0], 0), max(figure[1], 0)
        lo = max(start - _NEAR, 0)
        head = text[lo:end]  # the figure too: a sentence end is known by what follows it
        cut = max((m.end() for m in _SENTENCE_END.finditer(head) if m.end() <= start - lo), default=0)
        tail = text[start : end + _NEAR]
        stop = next(
            (m.start() + 1 for m in _SENTENCE_END.finditer(tail) if m.start() >= end - start), len(tail)
        )
        region = head[cut : start - lo] + tail[:stop]
    if _FORECAST.search(region):
        return Mood.FORECAST
    if _TOTAL.search(region):
        return Mood.TOTAL
    if not region.isascii():  # a report in another language: its own words
        for fold, forecast, so_far in _pack_cues():
            folded = fold(region)
            if forecast is not None and forecast.search(folded):
                return Mood.FORECAST
            if so_far is not None and so_far.search(folded):
                return Mood.TOTAL
    return Mood.DONE


@dataclass(frozen=True, slots=True)
class Moods:
    """How reports tell of claims and of their figures (what is absent reads as done).

    A claim may tell of a departure that happened and carry a figure its report
    only expects ("buses left on Saturday; the governor expected 1,500 people"):
    the event is a delivery, the figure an expectation.
    """

    claims: Mapping[str, Mood] = field(default_factory=dict)  # claim id -> mood of its event
    figures: Mapping[Span, Mood] = field(default_factory=dict)  # a figure's span -> mood of its words

    def of_claim(self, claim: Claim) -> Mood:
        return self.claims.get(claim.id or "", Mood.DONE)

    def of_figure(self, quantity: Quantity) -> Mood:
        return self.figures.get(quantity.span, Mood.DONE) if quantity.span is not None else Mood.DONE


NO_MOODS = Moods()


def claim_mood(claim: Claim, evidence_text: str) -> Mood:
    """The mood of a claim whose first evidence span reads `evidence_text`."""
    if not claim.evidence:
        return Mood.DONE
    span = claim.evidence[0]
    figure = next(
        (
            (q.span.start - span.start, q.span.end - span.start)
            for q in claim.quantities
            if q.span is not None and q.span.document_id == span.document_id and span.start <= q.span.start
        ),
        None,
    )
    return mood_of(evidence_text, figure)
