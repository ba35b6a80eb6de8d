"""BoundaryPattern: its fast finditer yields exactly what re's finditer yields."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trucewatch.extract.boundary import BoundaryPattern, first_characters

# Synthetic bodies of the shapes the extractors use: optional openers, digits,
# case-insensitive words, look-arounds, a named back-reference.
BODIES = [
    (r"\w", r"(?:(?P<q>(?i:early|late))[ ]+)?(?P<m>March|May)\b", 0),
    (r"\w", r"(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})", 0),
    (r"\w.,", r"\d|(?:no|twenty|a)(?!\w)", re.IGNORECASE),
    (r"\w-", r"(?<![\d-])(?:for|within)?\s*\d+", 0),
    (r"\w", r"x?", 0),  # can match empty
    (r"\w", r".{1,3}", 0),  # can start with anything
]
TEXT = st.text(alphabet=st.sampled_from(list("ab xyMarchMy 12/.,-éſK\nnoTwenty_5٣")), max_size=60)


@pytest.mark.parametrize(("boundary", "body", "flags"), BODIES)
@given(text=TEXT, lo=st.integers(0, 70), hi=st.integers(0, 70))
def test_finditer_is_re_finditer(boundary: str, body: str, flags: int, text: str, lo: int, hi: int) -> None:
    fast = BoundaryPattern(boundary, body, flags)
    expected = [(m.span(), m.groupdict()) for m in fast.pattern.finditer(text, lo, hi)]
    assert [(m.span(), m.groupdict()) for m in fast.finditer(text, lo, hi)] == expected


def test_first_characters() -> None:
    assert first_characters(r"(?:(?i:ab))?c") == frozenset("aAbc") - {"b"}
    assert first_characters(r"\d|(?i:no)", 0) == frozenset("0123456789nN")
    assert first_characters(r"\bfoo") == frozenset("f")
    assert first_characters(r"a?") is None  # may match empty
    assert first_characters(r"[^a]b") is None
    assert first_characters("ſ", re.IGNORECASE) is None  # matches "s" too


def test_numbered_backreference_refused() -> None:
    with pytest.raises(ValueError, match="name the groups"):
        BoundaryPattern(r"\w", r"(a)\1")


@pytest.mark.parametrize(("boundary", "body", "flags"), BODIES)
@given(text=TEXT, lo=st.integers(0, 70), hi=st.integers(0, 70))
def test_positions_are_every_match_start(
    boundary: str, body: str, flags: int, text: str, lo: int, hi: int
) -> None:
    fast = BoundaryPattern(boundary, body, flags)
    lo_, hi_ = min(lo, len(text)), min(hi, len(text))
    expected = [p for p in range(lo_, hi_ + 1) if fast.pattern.match(text, p, hi_)]
    assert list(fast.positions(text, lo, hi)) == expected
