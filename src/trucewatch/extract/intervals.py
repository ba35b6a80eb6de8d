"""Look-ups over spans of text by sorting once, instead of comparing every pair.

A long document holds tens of thousands of mentions; asking of each claim or
trigger "which mentions lie inside this sentence?" by scanning all of them is
quadratic. These indexes answer in logarithmic time (plus what they return) and
give exactly what the scan gave, in the same order.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Sequence
from itertools import accumulate, pairwise
from math import inf
from typing import Generic, Protocol, TypeVar

__all__ = ["Cover", "Inside", "Occupied", "SpanSet"]


class _Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=_Span)


class Cover:
    """Whether a position lies in any of some (start, end) spans (they may overlap)."""

    __slots__ = ("_ends", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        # the farthest end among the spans opening at or before each one
        self._ends = list(accumulate((e for _, e in ordered), max))

    def __contains__(self, position: int) -> bool:
        i = bisect_right(self._starts, position) - 1
        return i >= 0 and self._ends[i] > position

    def holds(self, start: int, end: int) -> bool:
        """Whether one span holds the whole range (span start <= start and end <= span end)."""
        i = bisect_right(self._starts, start) - 1
        return i >= 0 and self._ends[i] >= end


class Inside(Generic[S]):
    """The items lying within a range (start <= item.start and item.end <= end), in their given order."""

    __slots__ = ("_by_start", "_in_order", "_items", "_longest", "_starts")

    def __init__(self, items: Sequence[S]) -> None:
        self._items = items
        starts = [item.start for item in items]
        # given in order of their starts (mentions come in text order): the items opening in
        # a range are then a slice of them, already in their given order
        self._in_order = all(a <= b for a, b in pairwise(starts))
        if self._in_order:  # what the (stable) sort below gives them, without sorting
            self._by_start = list(range(len(items)))
            self._starts = starts
        else:
            self._by_start = sorted(range(len(items)), key=starts.__getitem__)
            self._starts = [starts[i] for i in self._by_start]

    def __call__(self, start: int, end: int) -> list[S]:
        lo, hi = bisect_left(self._starts, start), bisect_right(self._starts, end)
        items = self._items
        if self._in_order:
            return [item for item in items[lo:hi] if item.end <= end]
        return [items[i] for i in sorted(i for i in self._by_start[lo:hi] if items[i].end <= end)]


class Occupied:
    """Ranges [start, end) of a text taken so far, none overlapping another, to test a new
    range for overlap with any of them (ranges overlap when each starts before the other
    ends; an empty range at p overlaps a range that holds p strictly inside)."""

    __slots__ = ("_begins", "_mask", "_points")

    def __init__(self, size: int) -> None:
        self._mask = bytearray(size + 1)  # 1 where a taken range covers the character
        self._begins = bytearray(size + 1)  # 1 where a taken range opens
        self._points: list[int] = []  # the empty ranges taken, in order

    def overlaps(self, start: int, end: int) -> bool:
        if start < end:
            if self._mask.find(1, start, end) != -1:
                return True
            i = bisect_right(self._points, start)
            return i < len(self._points) and self._points[i] < end
        mask = self._mask
        return 0 < start < len(mask) and mask[start - 1] == mask[start] == 1 and not self._begins[start]

    def take(self, start: int, end: int) -> None:
        if start < end:
            self._mask[start:end] = b"\x01" * (end - start)
            self._begins[start] = 1
        else:
            insort(self._points, start)


class SpanSet:
    """A growing set of (start, end) spans, asked for those near a range."""

    __slots__ = ("_longest", "_spans")

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._spans = sorted(spans)
        self._longest = max((e - s for s, e in self._spans), default=0)

    def add(self, start: int, end: int) -> None:
        insort(self._spans, (start, end))
        self._longest = max(self._longest, end - start)

    def near(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans that touch or overlap [start, end] (span start <= end and span end >= start),
        among which any that holds, crosses or lies in the range is."""
        spans = self._spans
        lo = bisect_left(spans, (start - self._longest,))
        hi = bisect_right(spans, (end, inf))
        return [(s, e) for s, e in spans[lo:hi] if e >= start]
