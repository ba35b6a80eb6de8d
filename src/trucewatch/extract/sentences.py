"""Sentences: a fast rule-based splitter over the normalised text.

Boundaries: a full stop, question or exclamation mark followed by space and
something that can open a sentence (capital, digit, quote, bracket), unless
the word before the stop is a known abbreviation ("Gen.", "U.N.") or an
initial; a blank line; a bullet, and the end of its line; the end of a bracketed editor's note
("[Ed.: ...]"); an interview prompt ("Q:"). Hard-wrapped lines (wire copy)
are not split at single line breaks unless the line ends a sentence or is a
short heading. Offsets are into the original text; spans never include the
surrounding whitespace.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from functools import cache
from itertools import pairwise

from trucewatch.extract.base import Analysis
from trucewatch.extract.normalise import normalise

__all__ = ["SentenceComponent", "split_sentences"]

# Lower-cased, without the final stop. Titles, ranks, months, common Latin.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "cpl",
        "sgt",
        "adm",
        "brig",
        "cmdr",
        "gov",
        "sen",
        "rep",
        "st",
        "mt",
        "ft",
        "no",
        "nos",
        "vol",
        "pp",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "est",
        "approx",
        "dept",
        "etc",
        "vs",
        "cf",
        "ed",
        "eds",
        "inc",
        "ltd",
        "co",
        "corp",
        "jr",
        "sr",
        "al",
        "fig",
        "ca",
        "e.g",
        "i.e",
        "u.s",
        "u.n",
        "u.k",
        "u.a.e",
    ]
)

# tried only where a run of stops opens, and taken whole: inside a long run ("!!!!...") a
# match fails for the same reason it failed at the run's start. The first stop comes before
# the look-behind that says no stop precedes it ("(?<![.!?])[.!?]++" read the other way
# round), so the engine skips in C to the next stop instead of entering at every character.
_STOP = re.compile(r"[.!?](?<![.!?]{2})[.!?]*+[\"')\]]*+(?=\s)")
_OPENER = re.compile(r"\s+[\"'(\[]*[A-Z0-9*\u0600-\u06ff]")
_BLANK = re.compile(r"\n[ \t]*\n\s*")
_LINE = re.compile(r"\n")
_BULLET = re.compile(r"\n[ \t]*[*\-•][ \t]")
_BULLET_LINE = re.compile(r"[ \t]*[*\-•][ \t]")  # a line that is a bullet ends at its line break
# "Q:" at the start or after a space; written to open with the literal "Q", which the
# engine skips to, rather than with a look-behind tried at every character.
_PROMPT = re.compile(r"Q(?<!\SQ):\s")
_EDITOR = re.compile(r"\[(?:Ed|Editor(?:'s note)?)\.?:")
_CLOSE = re.compile(r"\]")
_STOPS_AFTER = re.compile(r"[.,;]*")
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")
_SHORT_HEADING_WORDS = 8
_ALNUM = re.compile(r"[^\W_]")  # str.isalnum, searched in C
# Longer "sentences" are cut (see _pieces): none of the evaluation reports' sentences comes
# near it (the longest is about 1,000 characters).
LONGEST_SENTENCE = 2000
_CLAUSE_MARK = re.compile(r"[;:,](?=\s)")
_SPACE = re.compile(r"\s")


@cache
def _abbreviations() -> frozenset[str]:
    return _ABBREVIATIONS


def _is_abbreviation(norm: str, stop: int) -> bool:
    """Whether the '.' at `stop` ends an abbreviation or an initial rather than a sentence."""
    if norm[stop] != ".":
        return False
    m = _WORD_BEFORE.search(norm, max(0, stop - 12), stop)
    if not m:
        return False
    word = m.group(1).lower().strip(".")
    if len(word) == 1 and word.isalpha():  # an initial: "John F. Kennedy"
        return True
    if word in _CLOCK:  # "at 6 p.m. (17:00 GMT) on Friday" goes on; "at 6 p.m. Fighting resumed" ends
        return _GOES_ON.match(norm, stop + 1) is not None
    return word in _abbreviations()


_CLOCK = frozenset({"a.m", "p.m"})
# (or a time zone: "6 p.m. Moscow time", "6 a.m. GMT")
_GOES_ON = re.compile(r"[ \t]*(?:\(|[a-z0-9]|[A-Z][\w-]*[ \t]+time\b|GMT\b|UTC\b)")


_FUNCTION_WORDS = frozenset(
    [
        "of",
        "the",
        "a",
        "an",
        "to",
        "in",
        "on",
        "at",
        "and",
        "or",
        "for",
        "by",
        "from",
        "with",
        "as",
        "its",
        "their",
        "his",
        "her",
    ]
)
_NEXT_CAPITAL = re.compile(r"[ \t]*[\"'(\[]*[A-Z0-9\u0600-\u06ff]")


def _is_heading(line: str, norm: str, next_start: int) -> bool:
    """A short line ("By Jane Doe", a title) before a capitalised line, not a wrapped sentence."""
    words = line.split()
    return (
        len(words) < _SHORT_HEADING_WORDS
        and words[-1].lower() not in _FUNCTION_WORDS
        and _NEXT_CAPITAL.match(norm, next_start) is not None
    )


def _cuts(norm: str) -> list[int]:
    """Positions where a new sentence may start (before stripping whitespace)."""
    cuts: list[int] = []
    for m in _STOP.finditer(norm):
        if _is_abbreviation(norm, m.start()) and m.end() - m.start() == 1:
            continue
        if _OPENER.match(norm, m.end()):
            cuts.append(m.end())
    cuts.extend(m.start() for m in _BLANK.finditer(norm))
    cuts.extend(m.start() for m in _BULLET.finditer(norm))
    cuts.extend(m.start() for m in _PROMPT.finditer(norm))
    closes: list[int] | None = None
    for m in _EDITOR.finditer(norm):
        cuts.append(m.start())
        if closes is None:  # each note ends at the next "]": found once for all of them
            closes = [c.start() for c in _CLOSE.finditer(norm)]
        i = bisect_left(closes, m.end())
        if i < len(closes):
            # "[Ed.: ...]." keeps its stop
            cuts.append(_STOPS_AFTER.match(norm, closes[i] + 1).end())  # type: ignore[union-attr]
    for m in _LINE.finditer(norm):
        line_start = norm.rfind("\n", 0, m.start()) + 1
        line = norm[line_start : m.start()].rstrip()
        if not line:
            continue
        if line[-1] in ".!?:\"')]" or _BULLET_LINE.match(line) or _is_heading(line, norm, m.end()):
            cuts.append(m.start())
    return cuts


def split_sentences(text: str, normalised: str | None = None) -> tuple[tuple[int, int], ...]:
    """Sentence spans (start, end) of `text`, in order, non-empty, without outer whitespace."""
    norm = normalised if normalised is not None and len(normalised) == len(text) else normalise(text)
    bounds = sorted({0, len(norm), *_cuts(norm)})
    spans: list[tuple[int, int]] = []
    for start, end in pairwise(bounds):
        start, end = _stripped(norm, start, end)
        if end > start and _ALNUM.search(norm, start, end):
            if end - start <= LONGEST_SENTENCE:
                spans.append((start, end))
                continue
            for piece in _pieces(norm, start, end):
                start, end = _stripped(norm, *piece)
                if end > start and _ALNUM.search(norm, start, end):
                    spans.append((start, end))
    return tuple(spans)


def _stripped(norm: str, start: int, end: int) -> tuple[int, int]:
    """`start`, `end` moved inwards past white space."""
    inner = norm[start:end]
    left = len(inner) - len(inner.lstrip())
    return start + left, start + left + len(inner.strip())


def _pieces(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """An over-long sentence (a line with no full stop, a run of junk) in pieces of at most
    LONGEST_SENTENCE characters, so that what is done per sentence stays in proportion to the
    text: each piece ends after the last clause mark (";", ":", ",") before a space in its
    second half, else at its last space there, else at the limit."""
    pieces = []
    while end - start > LONGEST_SENTENCE:
        lo, hi = start + LONGEST_SENTENCE // 2, start + LONGEST_SENTENCE
        cut = None
        for safe in (_CLAUSE_MARK, _SPACE):
            for cut in safe.finditer(norm, lo, hi):  # noqa: B007 - the last one is wanted
                pass
            if cut is not None:
                break
        at = cut.end() if cut is not None else hi
        pieces.append((start, at))
        start = at
    pieces.append((start, end))
    return pieces


class SentenceComponent:
    """Fills `analysis.sentences`."""

    name = "sentences"

    def __call__(self, analysis: Analysis) -> Analysis:
        return replace(analysis, sentences=split_sentences(analysis.text, analysis.normalised))
