"""Arabic folding for matching: letter variants unified, short vowels and tatweel dropped.

The rules of the Arabic pack are written against this form:
- hamza and madda on an alef, and the wasla alef (أ إ آ ٱ) become a bare alef (ا);
- taa marbuta (ة) becomes haa (ه), alef maqsura (ى) becomes yaa (ي);
- Persian kaf and yaa (ک ی) become the Arabic letters;
- Arabic-Indic and Persian digits become 0-9, the Arabic comma, semicolon, question
  mark and decimal/thousands signs their ASCII forms;
- harakat (fatha, damma, kasra, tanween, shadda, sukun), the superscript alef,
  Quranic marks, tatweel and the invisible direction marks are dropped.

Dropping changes the length, so the result is a `Folded` that maps every kept
character back to the original: evidence spans stay verbatim slices of it.
"""

from __future__ import annotations

import re

from trucewatch.extract.lang.folded import Folded

__all__ = ["DROPPED", "fold", "fold_word", "letters", "source_fold"]

_LETTERS = {
    **dict.fromkeys("أإآٱٲٳ", "ا"),
    "ة": "ه",
    "ى": "ي",
    "ی": "ي",
    "ې": "ي",
    "ک": "ك",
    **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian digits
    "،": ",",
    "؛": ";",
    "؟": "?",
    "٫": ".",  # Arabic decimal separator
    "٬": ",",  # Arabic thousands separator
    "٪": "%",
}
_TABLE = str.maketrans(_LETTERS)
# short vowels and other combining marks, tatweel, zero-width and direction marks
DROPPED = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u061c\u202a-\u202e\u2066-\u2069"
_DROP = re.compile(f"[{DROPPED}]+")


def fold_word(word: str) -> str:
    """One word (or a rule's source text) folded; no offsets kept."""
    return _DROP.sub("", word).translate(_TABLE).lower()


def letters(text: str) -> str:
    """`text` with letter variants, digits and punctuation unified but nothing dropped: the same
    length, so its offsets are the original's (for cue words read around a mention)."""
    return text.translate(_TABLE)


def source_fold(pattern: str) -> str:
    """A rule's regular expression in the folded form (letters only: escapes such as \\S keep
    their case)."""
    return _DROP.sub("", pattern).translate(_TABLE)


def fold(text: str) -> Folded:
    """`text` folded for matching, with the offset of every kept character in `text`."""
    if _DROP.search(text) is None:  # nothing dropped: same length, offsets shared
        return Folded.same(text, _lower(text.translate(_TABLE)))
    pieces: list[str] = []
    origins: list[int] = []
    kept = 0
    for m in _DROP.finditer(text):
        pieces.append(text[kept : m.start()])
        origins.extend(range(kept, m.start()))
        kept = m.end()
    pieces.append(text[kept:])
    origins.extend(range(kept, len(text)))
    return Folded(text, _lower("".join(pieces).translate(_TABLE)), origins)


def _lower(text: str) -> str:
    """Lower case, one character for one (a few characters lower-case to two: kept as written)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
