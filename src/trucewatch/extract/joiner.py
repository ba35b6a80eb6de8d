"""The gap between the parts of a trigger rule, written so each character is read one way only.

A rule's parts ("ceasefire" ... "took effect") may be up to `gap` words apart.
Written as "a run of non-word characters, then up to `gap` times a run of
non-space characters and a run of non-word characters", punctuation belongs to
both runs: a line of dots or dashes can be cut into words and gaps in
exponentially many ways, and the regex engine tries every one before it gives up.

Here a word is word characters joined by punctuation without a space ("U.N.-run",
"al-Waer"), taken whole or cut after one of its punctuation marks, and the runs
between words hold no word character; the run after a part is taken whole when
the next part cannot open with a non-word character. So a text has one parse per
end of the gap, and the ends are tried in the same order as before: the same
matches, in time linear in the gap. A "word" longer than `LONGEST_WORD`
characters (a URL, a line of joined junk) is not prose a rule spans: stepping
over it would cost its length at every rule start inside it.
"""

from __future__ import annotations

import re
from re import _constants, _parser  # type: ignore[attr-defined]  # the stdlib's own parser
from typing import Any

__all__ = ["LONGEST_WORD", "joiner", "nonword_openers"]

LONGEST_WORD = 80
_TOO_LONG = rf"(?![^\s\x00]{{{LONGEST_WORD + 1}}})"  # no word at all where one runs on this long
# a word: runs of word characters joined by punctuation marks, no space ("al-Waer",
# "U.N.-run"), taken whole; each run taken whole too, so nothing is tried twice
_WHOLE = r"\w++(?:[^\w\s\x00]++\w++)*+"
# the first runs of such a word, longest first, the rest of it left to the next part; only
# tried in a word that has a punctuation mark inside it
_PIECE = r"(?=\w++[^\w\s\x00]++\w)\w++(?:[^\w\s\x00]++\w++)*(?=[^\w\s\x00]++\w)"
_IS_WORD = re.compile(r"\w")
_WIDEST_RANGE = 256  # a wider character range in an opener is not enumerated (treated as unknown)


def joiner(gap: int, next_part: str) -> str:
    """The pattern between two parts of a rule: a run of spaces or punctuation marks (never
    the sentence barrier "\\x00"), then at most `gap` words each followed by such a run;
    `next_part` is the pattern that follows.

    The ends of the gap are tried in the order of the former pattern
    `[^\\w\\x00]+(?:[^\\s\\x00]+[^\\w\\x00]+){0,gap}?`: no word, one whole word, two,
    ... (each time the longest run first), and only then the words cut short inside
    ("a.|took", deepest first). Paths the former pattern also took that reach an end
    already tried with fewer words to spare are left out: they cannot match.
    """
    opens = nonword_openers(next_part)
    if opens == "":  # the next part opens with a word character: the run before it is taken whole
        run = r"[^\w\x00]++"
    elif opens is None:
        run = r"[^\w\x00]+"
    else:  # it may open with one of a few non-word characters: end the run only before those
        run = rf"[^\w\x00]+(?=\w|[{opens}])"
    nested = ""
    for _ in range(max(gap, 0)):
        nested = rf"(?:{_TOO_LONG}(?:{_WHOLE}{run}{nested}|{_PIECE}{run}))??"
    return run + nested


def nonword_openers(fragment: str) -> str | None:
    """The non-word characters a match of `fragment` can open with, as the inside of a
    character class ("" when every match opens with a word character), or None when
    that is not known (the fragment can match empty, or open with any character)."""
    try:
        parsed = _parser.parse(fragment)
    except re.error:
        return None
    found = _openers(list(parsed))
    if found is None or found[1]:
        return None
    return "".join(sorted(found[0]))


def _openers(items: list[tuple[Any, Any]]) -> tuple[set[str], bool] | None:
    """(class items for the non-word first characters, whether the sequence can match empty);
    None = unknown."""
    out: set[str] = set()
    for op, av in items:
        if op in (_constants.AT, _constants.ASSERT, _constants.ASSERT_NOT):
            continue  # zero-width: passing over it only widens the set
        if op is _constants.LITERAL:
            return out | _literal(av), False
        if op is _constants.IN:
            chars = _in(av)
            return None if chars is None else (out | chars, False)
        if op is _constants.SUBPATTERN:
            inner = _openers(list(av[3]))
            nullable = inner is None or inner[1]
        elif op is _constants.BRANCH:
            inner = (set(), False)
            for alternative in av[1]:
                one = _openers(list(alternative))
                if one is None:
                    return None
                inner = (inner[0] | one[0], inner[1] or one[1])
            nullable = inner[1]
        elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT):
            low, _, sub = av
            inner = _openers(list(sub))
            nullable = inner is None or inner[1] or low == 0
        elif op is _constants.ATOMIC_GROUP:
            inner = _openers(list(av))
            nullable = inner is None or inner[1]
        else:  # any character, a negated literal, a back-reference...
            return None
        if inner is None:
            return None
        out |= inner[0]
        if not nullable:
            return out, False
    return out, True


def _literal(code: int) -> set[str]:
    char = chr(code)
    return set() if _IS_WORD.match(char) else {re.escape(char)}


def _in(items: list[tuple[Any, Any]]) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is _constants.LITERAL:
            chars |= _literal(av)
        elif op is _constants.RANGE:
            low, high = av
            if high - low > _WIDEST_RANGE:
                return None
            for code in range(low, high + 1):
                chars |= _literal(code)
        elif op is _constants.CATEGORY and av in (_constants.CATEGORY_WORD, _constants.CATEGORY_DIGIT):
            continue
        elif op is _constants.CATEGORY and av is _constants.CATEGORY_SPACE:
            chars.add(r"\s")
        else:  # a negated class, "not a word character"...
            return None
    return chars
