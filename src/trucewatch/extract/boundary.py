"""Patterns that start after a character outside a class, scanned without trying every position.

A pattern that opens with a look-behind ("(?<!\\w)months…") gives the regex engine
no first character to skip to, so a search enters the whole pattern at every
character of the text (and tests Unicode \\w, a slow category look-up, each
time). The same pattern led by one consumed separator ("[^0-9A-Za-z_](?=months…)")
opens with a character class held as a bitmap: the engine skips in C to the next
separator and tries the pattern only there, five times faster. `BoundaryPattern.finditer`
uses that finder for candidate positions and the original pattern to match,
so it yields exactly what the original's finditer yields.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import _constants, _parser  # type: ignore[attr-defined]  # the stdlib's own parser
from typing import Any

__all__ = ["BoundaryPattern"]

_NUMBERED_BACKREFERENCE = re.compile(r"(?<!\\)(?:\\\\)*\\[1-9]")


class BoundaryPattern:
    """`(?<![boundary])body`, with a fast finditer.

    `boundary` is the inside of a character class ("\\w", "\\w-", "\\w.,").
    """

    __slots__ = ("finder", "pattern")

    def __init__(self, boundary: str, body: str, flags: int = 0) -> None:
        if _NUMBERED_BACKREFERENCE.search(body):  # group 1 below would renumber them
            raise ValueError("a BoundaryPattern body must name the groups it refers back to")
        self.pattern = re.compile(rf"(?<![{boundary}])(?:{body})", flags)
        if r"\w" not in boundary:
            raise ValueError("a BoundaryPattern boundary must include \\w")
        # The separator before a match, then the match itself as a look-ahead (group 1).
        # Unicode \w is slow to test (a category look-up per character); its ASCII part is a
        # bitmap. Any other word character then also passes as a separator: the look-behind
        # of `pattern` turns such candidates down.
        ascii_boundary = boundary.replace(r"\w", "0-9A-Za-z_")
        # Then, when known, the ASCII characters a match can open with (any non-ASCII one
        # passes): most words are turned down by that one bitmap test.
        opening = first_characters(body, flags)
        gate = ""
        if opening is not None:
            listed = f"[{re.escape(''.join(sorted(opening)))}]|" if opening else ""
            gate = rf"(?={listed}[^\x00-\x7f])"
        self.finder = re.compile(rf"[^{ascii_boundary}]{gate}(?=({body}))", flags)

    def positions(self, text: str, lo: int = 0, hi: int | None = None) -> Iterator[int]:
        """Every position in [lo, hi] where `pattern` matches, in order, overlapping
        matches included (so a plain filter of where a longer pattern may start)."""
        size = len(text)
        lo = min(max(lo, 0), size)
        hi = size if hi is None else min(max(hi, 0), size)
        if lo > hi:
            return
        pattern = self.pattern
        if pattern.match(text, lo, hi) is not None:
            yield lo
        for found in self.finder.finditer(text, lo, hi):
            pos = found.end()
            # an ASCII separator is one for the look-behind too; after any other, ask it
            if text[pos - 1].isascii() or pattern.match(text, pos, hi) is not None:
                yield pos

    def finditer(self, text: str, lo: int = 0, hi: int | None = None) -> Iterator[re.Match[str]]:
        """Exactly what `self.pattern.finditer(text, lo, hi)` yields (leftmost, non-overlapping)."""
        pattern = self.pattern
        size = len(text)
        lo = min(max(lo, 0), size)  # clamped as re clamps them
        hi = size if hi is None else min(max(hi, 0), size)
        if lo >= hi:  # nothing to scan: the engine's own edge cases
            yield from pattern.finditer(text, lo, hi)
            return
        m = pattern.match(text, lo, hi)
        resume = lo
        if m is not None:
            if m.end() == lo:  # an empty match: leave what follows to the engine's own rules
                yield from pattern.finditer(text, lo, hi)
                return
            yield m
            resume = m.end()
        for found in self.finder.finditer(text, lo, hi):
            pos = found.end()
            if pos < resume:
                continue
            m = pattern.match(text, pos, hi)
            if m is None:  # a non-ASCII word character before `pos`
                continue
            if m.end() == pos:
                yield from pattern.finditer(text, pos, hi)
                return
            yield m
            resume = m.end()


_ASCII = frozenset(map(chr, range(128)))
_CATEGORY_ASCII = {
    _constants.CATEGORY_DIGIT: frozenset("0123456789"),
    _constants.CATEGORY_WORD: frozenset(c for c in _ASCII if c.isalnum() or c == "_"),
    _constants.CATEGORY_SPACE: frozenset(c for c in _ASCII if c.isspace()),
}


def first_characters(body: str, flags: int = 0) -> frozenset[str] | None:
    """The ASCII characters a match of `body` can start with (non-ASCII ones not listed),
    or None when that is not known (the body can match empty, or start with anything).

    Zero-width assertions are passed over (a superset is safe: the set only gates
    where the full pattern is tried)."""
    try:
        parsed = _parser.parse(body, flags)
    except re.error:
        return None
    found = _first(list(parsed), bool(flags & re.IGNORECASE))
    return None if found is None or found[1] else frozenset(found[0])


def _first(items: list[tuple[Any, Any]], fold: bool) -> tuple[set[str], bool] | None:
    """(first ASCII characters, whether the sequence can match empty); None = any character."""
    out: set[str] = set()
    for op, av in items:
        if op in (_constants.AT, _constants.ASSERT, _constants.ASSERT_NOT):
            continue  # zero-width
        if op is _constants.LITERAL:
            chars = _cased(chr(av), fold)
            return None if chars is None else (out | chars, False)
        if op is _constants.IN:
            chars = _in(av, fold)
            if chars is None:
                return None
            return out | chars, False
        if op is _constants.SUBPATTERN:
            _, add, remove, sub = av
            inner = _first(list(sub), (fold or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE)
            nullable = inner is None or inner[1]
        elif op is _constants.BRANCH:
            inner = (set(), False)
            for alternative in av[1]:
                one = _first(list(alternative), fold)
                if one is None:
                    return None
                inner = (inner[0] | one[0], inner[1] or one[1])
            nullable = inner[1]
        elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT):
            low, _, sub = av
            inner = _first(list(sub), fold)
            nullable = inner is None or inner[1] or low == 0
        elif op is _constants.ATOMIC_GROUP:
            inner = _first(list(av), fold)
            nullable = inner is None or inner[1]
        else:  # ANY, NOT_LITERAL, GROUPREF...: anything may come first
            return None
        if inner is None:
            return None
        out |= inner[0]
        if not nullable:
            return out, False
    return out, True


def _cased(char: str, fold: bool) -> set[str] | None:
    """The ASCII characters `char` matches; None when unknown (a few non-ASCII letters match
    ASCII ones when case is ignored: "ſ" matches "s")."""
    if not fold:
        return {char} & _ASCII
    return {char.lower(), char.upper()} & _ASCII if char in _ASCII else None


def _in(items: list[tuple[Any, Any]], fold: bool) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is _constants.LITERAL or op is _constants.RANGE:
            low, high = (av, av) if op is _constants.LITERAL else av
            if fold and high > 127:
                return None
            for code in range(low, min(high, 127) + 1):
                chars |= _cased(chr(code), fold) or set()
        elif op is _constants.CATEGORY and av in _CATEGORY_ASCII:
            chars |= _CATEGORY_ASCII[av]
        else:  # NEGATE, the "not" categories...
            return None
    return chars
