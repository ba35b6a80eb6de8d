"""Places the gazetteer lacks, named by the words around them.

"the village of Kuzu", "Kuzu village", "Kuzu camp", "Kuzu district", "in
Kuzu, North Kivu", "fighting near Kuzu": a capitalised name beside a word for
a kind of place, placed inside a known area or after "in", "at", "near" or
"outside" in mid-sentence, is a place even when no gazetteer knows it. It
keeps the name the text gives (a Place with no id) and the kind the cue word
says, rather than being dropped or replaced by the country.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from itertools import pairwise

from trucewatch.extract.alternation import trie_alternation
from trucewatch.extract.base import PlaceMention
from trucewatch.extract.boundary import BoundaryPattern
from trucewatch.extract.intervals import Inside, SpanSet
from trucewatch.model import Place

__all__ = ["cue_places"]

# cue word -> the kind of place it names (kinds as assemble ranks them)
_KINDS = {
    "village": "village",
    "villages": "village",
    "hamlet": "village",
    "town": "town",
    "city": "city",
    "district": "district",
    "neighbourhood": "neighbourhood",
    "neighborhood": "neighbourhood",
    "suburb": "neighbourhood",
    "quarter": "neighbourhood",
    "locality": "district",
    "township": "district",
    "commune": "district",
    "municipality": "district",
    "payam": "district",
    "camp": "camp",
    "county": "admin2",
    "province": "admin1",
    "region": "region",
    "area": "area",
    "airport": "facility",
    "airbase": "facility",
    "base": "facility",
    "crossing": "facility",
    "plant": "facility",
    "refinery": "facility",
    "terminal": "facility",
    "monastery": "facility",
    "factory": "facility",
    "sector": "area",
    "sectors": "area",
    "governorate": "admin1",
    "oblast": "admin1",
    "raion": "admin2",
    "woreda": "district",
    "road": "facility",
    "street": "facility",
    "prison": "facility",
    "towns": "town",
    "cities": "city",
    "districts": "district",
    "camps": "camp",
}
_PARTICLE = r"(?:al|el|ad|ar|as|ash|at|az|an|de|da|do|du|des|del|la|le|bin|ibn|wa)"
_WORD = r"[A-Z][\w'’]*(?:-[\w'’]+)*"
_NAME = rf"{_WORD}(?:[ ](?:{_PARTICLE}[ -])?{_WORD}){{0,3}}"
# The cue words are found first (one scan of the text); names are then read next to them
# in a short window, so the cost stays linear in the text. The words as a trie, tried only
# after a non-word character that the engine skips to in C (see boundary.py).
# "Sikka Road", "Ofer Prison": a capitalised cue word is part of the name, and names a place too
_CUE = BoundaryPattern(r"\w", rf"{trie_alternation([*_KINDS, *(w.capitalize() for w in _KINDS)])}\b")
_REACH = 80  # characters before a cue word where its name may start
_NAME_AFTER = re.compile(rf" of (?:the )?(?P<name>{_NAME})")
_NAME_BEFORE = re.compile(
    rf"(?<![\w'’-])(?P<name>{_NAME})(?: refugee| IDP| displacement| displaced persons| military| air"
    rf"| steel| oil| power| fuel| gas| cement| chemical)? $"
)
_NEXT_IN_LIST = re.compile(rf",? (?:and |& )?(?P<name>{_NAME})")  # "the towns of A, B, and C"
_PLURALS = frozenset({"villages", "towns", "cities", "districts", "camps", "sectors"})  # cue words that list
# "the Yemeni city", "a Syrian town": one word after an article names no settlement (but "the
# Zamzam camp", "the Azovstal plant" name theirs)
_SETTLEMENTS = frozenset({"city", "town", "village", "cities", "towns", "villages"})
_AN_ADJECTIVE = re.compile(rf"\b(?:[Tt]he|an?|An?) {_WORD}\Z")
_NAME_INSIDE = re.compile(rf"\b(?:in|at|near|around|outside|of) (?P<name>{_NAME}), $")


# a possessor, a holder or its people written before a name: "Syria's", "Kurdish-held", "Tamil-speaking"
_QUALIFIER = re.compile(
    r"(?:['’]s?|-(?:held|controlled|run|backed|led|besieged|dominated|speaking|majority|populated|inhabited))\Z"
)
_CALENDAR = frozenset(
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
)


def cue_places(
    text: str,
    found: Sequence[PlaceMention],
    is_common: Callable[[str], bool],
) -> list[PlaceMention]:
    """Mentions of places named by a cue that `found` (the gazetteer's mentions) lacks.

    `is_common(word)` says whether a word is an ordinary word or a non-place name
    (stop words, "Army", an organisation): a name keeps only its words after the
    last such word ("the Sudanese army camp" names no place).
    """
    out: list[PlaceMention] = []
    taken = SpanSet((m.start, m.end) for m in found)  # looked up near each name, not scanned
    given = SpanSet()  # the names cue words gave
    found_in = Inside(found)

    def add(
        start: int, end: int, kind: str, rule: str, parent: Place | None = None, child: bool = True
    ) -> None:
        """The name at start:end, in `parent`'s country (and inside it if `child`)."""
        name = text[start:end]
        words = name.split(" ")
        # "The Zamzam", "Syria's Homs", "Kurdish-held Tal Rifaat" -> the name after them
        while words and (is_common(words[0]) or _QUALIFIER.search(words[0])):
            start += len(words[0]) + 1
            words = words[1:]
        while words and words[-1] in _CALENDAR:  # "... of Homs Saturday": a date follows the name
            words = words[:-1]
        if not words or any(is_common(w) for w in words):
            return
        end = start + len(" ".join(words))
        near = taken.near(start, end)
        if any(a <= start and end <= b for a, b in near):
            return  # the gazetteer knows it (or a longer name around it)
        inside = found_in(start, end)
        if any(a < end and start < b and not (start <= a and b <= end) for a, b in near):
            return  # straddles a known name
        country = parent.country_code if parent else None
        if inside and country is None:
            country = inside[0].place.country_code if inside[0].place.kind != "country" else None
        place = Place(
            name=text[start:end],
            country_code=country,
            kind=kind,
            parent_id=parent.id if parent and child else None,
        )
        out.append(PlaceMention(start, end, rule, place))
        taken.add(start, end)
        given.add(start, end)

    for cue in _cues(text):
        word = cue.group()
        after = _NAME_AFTER.match(text, cue.end())
        if after is not None:  # "the village of X"
            add(after.start("name"), after.end("name"), _KINDS[word.lower()], f"cue:{word}")
            while word.lower() in _PLURALS and (after := _NEXT_IN_LIST.match(text, after.end())) is not None:
                add(after.start("name"), after.end("name"), _KINDS[word.lower()], f"cue:{word}")
        lo = max(0, cue.start() - _REACH)
        before = (
            _NAME_BEFORE.search(text, lo, cue.start()) if _ends_with(text, lo, cue.start(), " ") else None
        )
        if (
            word.lower() in _SETTLEMENTS
            and before is not None
            and _AN_ADJECTIVE.search(text, lo, before.end("name"))
        ):
            before = None  # "the Yemeni city": a word for the country, not the city's name
        if before is not None:  # "X village", "X refugee camp"
            add(before.start("name"), before.end("name"), _KINDS[word.lower()], f"cue:{word}")
    for known in found:  # "in X, North Kivu"
        if known.place.kind in ("country", "admin1", "admin2", "area", "region") and known.start >= 2:
            lo = max(0, known.start - _REACH)
            inside = (
                _NAME_INSIDE.search(text, lo, known.start)
                if _ends_with(text, lo, known.start, ", ")
                else None
            )
            if inside is not None:
                add(inside.start("name"), inside.end("name"), "populated_place", "cue:inside", known.place)
    for m in _after_locative(text):  # "fighting in Nyein Chan Ye": a name after "in"
        start, end = m.start("name"), m.end("name")
        if not any(a < end and start < b for a, b in given.near(start, end)):  # no cue word gave it
            add(start, end, "populated_place", "cue:locative")
    in_order = sorted([*found, *out], key=lambda m: m.start)
    # "Stepanakert, Gadrut, Martuni and ...": a name listed with known places is one of them
    for left, right in pairwise(in_order):
        if (
            right.start - left.end <= _LIST_REACH
            and left.place.kind not in _BROAD
            and right.place.kind not in _BROAD
            and _LISTED_BETWEEN.fullmatch(text, left.end, right.start)
        ):
            same_country = left.place.country_code == right.place.country_code
            for name in _LISTED_NAME.finditer(text, left.end, right.start):
                add(
                    name.start(),
                    name.end(),
                    "populated_place",
                    "cue:list",
                    left.place if same_country else None,
                    child=False,
                )
    return out


# Names standing in a list between two known places are places like them: ", X, Y and " between
_LIST_REACH = 80
_BROAD = frozenset({"country", "admin1", "region", "governorate"})
_LISTED_NAME = re.compile(rf"(?<=, ){_NAME}(?=,| and )")
_LISTED_BETWEEN = re.compile(rf"(?:, {_NAME})+(?:, and |, | and )")


# "in", "at", "near", "outside" then a name of three letters or more not at a sentence's start
_AFTER_LOCATIVE = re.compile(
    rf"(?<=[a-z,] )(?:in|at|near|outside) (?P<name>(?=[A-Z][\w'’-]{{2}}){_NAME})(?![\w'’-])"
)


# Where _AFTER_LOCATIVE may match: after a space, which the engine finds in C, where its
# look-behind would have it tried at every character.
_LOCATIVE_AT = re.compile(r" (?=(?:in|at|near|outside) [A-Z])")


def _after_locative(text: str) -> Iterator[re.Match[str]]:
    """What `_AFTER_LOCATIVE.finditer(text)` finds (leftmost, non-overlapping)."""
    resume = 0
    for at in _LOCATIVE_AT.finditer(text):
        if at.end() < resume:
            continue
        m = _AFTER_LOCATIVE.match(text, at.end())
        if m is not None:
            yield m
            resume = m.end()


def _ends_with(text: str, lo: int, hi: int, tail: str) -> bool:
    """Whether text[lo:hi] ends with `tail`, perhaps then a line break: a pattern ending in
    `tail + "$"` can match there only then ("$" also matches before a last "\\n"), so the
    search is skipped elsewhere."""
    return text.endswith(tail, lo, hi) or text.endswith(tail + "\n", lo, hi)


def _cues(text: str) -> Iterator[re.Match[str]]:
    """The cue words of `text` that open after a non-word character: what
    `\b(?:village|town|...)\b` finds, leftmost and non-overlapping."""
    return _CUE.finditer(text)
