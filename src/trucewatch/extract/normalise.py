"""Normalise: fold typographic variants one character for one.

Non-breaking and odd spaces, curly quotes, primes and dashes become their
ASCII forms so patterns stay simple. Every replacement is a single character
for a single character, so the normalised text has the same length as the
original and every offset found in it slices the original verbatim.
"""

from __future__ import annotations

import re
from dataclasses import replace

from trucewatch.extract.base import Analysis

__all__ = ["NormaliseComponent", "normalise"]

_FOLD = {
    **{c: " " for c in "\u00a0\u202f\u205f\u3000\t\r\u000b\u000c\u0085"},
    **{chr(c): " " for c in range(0x2000, 0x200B)},  # en quad .. hair space
    **{c: "\n" for c in "\u2028\u2029"},
    **{c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u00b4`\u02bc\u02bb\u02be\u02bf"},
    **{c: '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"},
    **{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"},
    "\u2026": ".",  # an ellipsis character ends a sentence like a full stop
    "\u2022": "*",
    "\u00b7": "*",
    "\u25cf": "*",
    "\u200b": " ",  # zero-width space: a break a reader cannot see
    "\ufeff": " ",
}
# Replacing only the characters that change is several times faster than str.translate
# over every character (most of a report needs no change).
_SPECIAL = re.compile("[" + "".join(re.escape(c) for c in _FOLD) + "]")


def _fold(match: re.Match[str]) -> str:
    return _FOLD[match.group()]


def normalise(text: str) -> str:
    """`text` with spaces, quotes and dashes folded; always the same length as `text`."""
    return _SPECIAL.sub(_fold, text)


class NormaliseComponent:
    """Fills `analysis.normalised`."""

    name = "normalise"

    def __call__(self, analysis: Analysis) -> Analysis:
        return replace(analysis, normalised=normalise(analysis.text))
