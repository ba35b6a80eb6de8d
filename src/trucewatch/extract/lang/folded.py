"""A folded copy of a text that remembers where each of its characters came from.

Some languages are matched on a copy that is not the same length as the
original: Arabic drops its short vowels and the tatweel before matching, so
"قوّات" and "قوات" read alike. `Folded` keeps, for every character of the
copy, its offset in the original, so a match found in the copy maps back to a
span that slices the original verbatim (the marks inside it included).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

__all__ = ["Folded"]


class Folded:
    """`text`, a folded copy of `original`; `origins[i]` is the original offset of `text[i]`."""

    __slots__ = ("original", "origins", "text")

    def __init__(self, original: str, text: str, origins: Sequence[int] | None = None) -> None:
        if origins is not None and len(origins) != len(text):
            raise ValueError("a folded text needs one original offset per character")
        self.original = original
        self.text = text
        # None: nothing was dropped, offsets are the original's (the common case)
        self.origins = None if origins is None else list(origins)

    @classmethod
    def same(cls, original: str, text: str | None = None) -> Folded:
        """A copy of the same length (`text`, default the original itself): offsets are shared."""
        copy = original if text is None else text
        if len(copy) != len(original):
            raise ValueError("a same-length fold must keep the length of the text")
        return cls(original, copy)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the folded span [start, end): from the first character's
        origin to just past the last one's (marks dropped inside it are inside the span)."""
        if self.origins is None:
            return start, end
        if end <= start:
            at = self.origins[start] if start < len(self.origins) else len(self.original)
            return at, at
        return self.origins[start], self.origins[end - 1] + 1

    def to_folded(self, offset: int) -> int:
        """The folded offset of the first kept character at or after original `offset`."""
        if self.origins is None:
            return offset
        return bisect_left(self.origins, offset)

    def spans_to_folded(self, spans: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
        """Original spans (sentences) as spans of the folded text; spans left empty are dropped."""
        out = []
        for start, end in spans:
            a, b = self.to_folded(start), self.to_folded(end)
            if b > a:
                out.append((a, b))
        return tuple(out)
