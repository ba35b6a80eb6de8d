"""A light Arabic segmenter: the clitics written attached to a word.

Arabic writes conjunctions (و ف), prepositions (ب ل ك), the article (ال), the
future particle (س, before an imperfect verb) and object or possessive
pronouns (ـه ـها ـهم ...) as one word with it: "وبالمدينة" is و + ب + ال +
مدينة, "قصفوها" is قصفوا + ها. Without a dictionary a split cannot be certain
(the و of "وصل" is a root letter), so `segmentations` lists every split the
clitic grammar allows, longest stem first, and callers keep the one their
lexicon knows. Words are expected folded (see fold.py): "هدنة" is "هدنه", whose
final ه may also be read as the pronoun.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

__all__ = [
    "ARTICLE",
    "CONJUNCTIONS",
    "ENCLITICS",
    "PREPOSITIONS",
    "Segment",
    "proclitic_forms",
    "segmentations",
]

CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ل", "ك")
ARTICLE = "ال"
FUTURE = "س"
_IMPERFECT = "يتنا"  # the letters an imperfect verb opens with (after the future س)
# object and possessive pronouns, longest first
ENCLITICS = ("هما", "كما", "هم", "هن", "كم", "كن", "نا", "ني", "ها", "ه", "ك", "ي")


@dataclass(frozen=True, slots=True)
class Segment:
    prefix: str  # the proclitics as written ("وبال", "لل", "")
    stem: str
    suffix: str = ""  # the enclitic pronoun as written ("ها", "")

    @property
    def definite(self) -> bool:
        return self.prefix.endswith(ARTICLE) or self.prefix.endswith("لل")

    @property
    def future(self) -> bool:
        return self.prefix.endswith(FUTURE)


@cache
def proclitic_forms(article: bool = True, future: bool = False) -> tuple[str, ...]:
    """Every sequence of proclitics, longest first: a conjunction, then a preposition and/or
    the article (ل + ال is written لل), or the future س. "" (none) is last."""
    nominal = ["", *PREPOSITIONS]
    if article:
        nominal += [ARTICLE, *(p + ARTICLE for p in PREPOSITIONS if p != "ل"), "لل"]
    forms = {c + n for c in ("", *CONJUNCTIONS) for n in nominal}
    if future:
        forms |= {c + FUTURE for c in ("", *CONJUNCTIONS)}
    return tuple(sorted(forms, key=lambda f: (-len(f), f)))


def segmentations(word: str, min_stem: int = 2) -> list[Segment]:
    """The ways `word` splits into proclitics + stem + enclitic (stem of `min_stem`+ letters),
    the unsplit word first, then by stem length, longest first."""
    found = {Segment("", word, "")}
    for prefix in proclitic_forms(future=True):
        if prefix and not word.startswith(prefix):
            continue
        rest = word[len(prefix) :]
        if prefix.endswith(FUTURE) and rest[:1] not in _IMPERFECT:
            continue
        definite = prefix.endswith(ARTICLE) or prefix.endswith("لل")
        for suffix in ("", *ENCLITICS):
            if suffix and (definite or not rest.endswith(suffix)):
                continue  # a noun with the article takes no possessive pronoun
            stem = rest[: len(rest) - len(suffix)]
            if len(stem) >= min_stem:
                found.add(Segment(prefix, stem, suffix))
    return sorted(found, key=lambda s: (s.prefix != "" or s.suffix != "", -len(s.stem), s.prefix, s.suffix))
