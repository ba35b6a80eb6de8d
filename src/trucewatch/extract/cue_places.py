"""Places the gazetteer lacks, named by the words around them.

"the village of Kuzu", "Kuzu village", "Kuzu camp", "Kuzu district", "Kuzu, a
mining town", "in Kuzu, North Kivu", "fighting near Kuzu": a capitalised name beside a word for
a kind of place, placed inside a known area or after "in", "at", "near" or
"outside" in mid-sentence, is a place even when no gazetteer knows it. It
keeps the name the text gives (a Place with no id) and the kind the cue word
says, rather than being dropped or replaced by the country.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from itertools import compress, pairwise

from trucewatch.extract.alternation import trie_alternation
from trucewatch.extract.base import PlaceMention
from trucewatch.extract.intervals import Inside, SpanSet
from trucewatch.extract.nlp import Words, words_of
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
# The cue words are found first (in the few words that may hold one, see _cues); names are
# then read next to them in a short window, so the cost stays linear in the text.
# "Sikka Road", "Ofer Prison": a capitalised cue word is part of the name, and names a place too
_CUE = re.compile(rf"(?<![\w])(?:{trie_alternation([*_KINDS, *(w.capitalize() for w in _KINDS)])}\b)")
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
# "Rubaya, a mining town", "Kuzu, the largest village": a name set beside a word for a settlement
_APPOSITIVE = re.compile(rf"(?<![\w'’-])(?P<name>{_NAME}), (?:an?|the) (?:[a-z-]+ ){{0,3}}$")
_APPOSED = frozenset({"town", "village", "city", "hamlet", "camp", "district", "township", "locality"})


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
    words, holding, locatives = _words_of_cues(text)
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

    for cue in _cues(text, words, holding):
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
        elif word in _APPOSED and (apposed := _APPOSITIVE.search(text, lo, cue.start())) is not None:
            add(apposed.start("name"), apposed.end("name"), _KINDS[word], f"cue:{word}")
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
    for m in _after_locative(text, words, locatives):  # "fighting in Nyein Chan Ye": a name after "in"
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
    # "bases in Bulo Burde, Mahas and Moqokori on Sunday": names listed after a known place where
    # the list ends the clause (not "in Khartoum, Burhan and Hemedti agreed")
    for left in in_order:
        if left.place.kind in _BROAD:
            continue
        listed = _LIST_AFTER.match(text, left.end)
        if listed is not None:
            for name in _LISTED_AFTER_NAME.finditer(text, left.end, listed.end()):
                start, end = name.span("name")
                add(start, end, "populated_place", "cue:list", left.place, child=False)
    return out


# Names standing in a list between two known places are places like them: ", X, Y and " between
_LIST_REACH = 80
_BROAD = frozenset({"country", "admin1", "region", "governorate"})
_LISTED_NAME = re.compile(rf"(?<=, ){_NAME}(?=,| and )")
_LISTED_BETWEEN = re.compile(rf"(?:, {_NAME})+(?:, and |, | and )")
# ... and after the last known one, to the list's "and" and its last name, where the clause ends
# (perhaps after a few words of when: "on Sunday", "overnight"); not "In Goma, Nangaa and Makenga
# on Tuesday announced ...", where the names are who acted
_CLAUSE_ENDS = (
    r"(?=(?: (?:on|in|at|overnight|late|early|this|last|yesterday|today|during|since|until|over)"
    r"(?: [\w-]+){0,3}?)?(?:[.,;:)]|$))"
)
_LIST_AFTER = re.compile(rf"(?:, {_NAME}){{0,8}},? and {_NAME}{_CLAUSE_ENDS}")  # bounded: linear
_LISTED_AFTER_NAME = re.compile(rf"(?:, |,? and )(?P<name>{_NAME})")


# "in", "at", "near", "outside" then a name of three letters or more not at a sentence's start
_AFTER_LOCATIVE = re.compile(
    rf"(?<=[a-z,] )(?:in|at|near|outside) (?P<name>(?=[A-Z][\w'’-]{{2}}){_NAME})(?![\w'’-])"
)


# Where _AFTER_LOCATIVE may match: at the space before one of these words (see _words_of_cues).
_LOCATIVE_AT = re.compile(r" (?=(?:in|at|near|outside) [A-Z])")
_LOCATIVES = frozenset({"in", "at", "near", "outside"})


def _after_locative(text: str, words: Words, at: list[int]) -> Iterator[re.Match[str]]:
    """What `_AFTER_LOCATIVE.finditer(text)` finds (leftmost, non-overlapping), given the words
    `at` which are locatives (see _words_of_cues): a match of _LOCATIVE_AT is the space before
    such a word, which makes a word of its own ("in" between a space and a space)."""
    resume = 0
    starts = words.starts
    for i in at:
        space = starts[i] - 1
        if space < 0 or not _LOCATIVE_AT.match(text, space) or space + 1 < resume:
            continue
        m = _AFTER_LOCATIVE.match(text, space + 1)
        if m is not None:
            yield m
            resume = m.end()


def _ends_with(text: str, lo: int, hi: int, tail: str) -> bool:
    """Whether text[lo:hi] ends with `tail`, perhaps then a line break: a pattern ending in
    `tail + "$"` can match there only then ("$" also matches before a last "\\n"), so the
    search is skipped elsewhere."""
    return text.endswith(tail, lo, hi) or text.endswith(tail + "\n", lo, hi)


def _words_of_cues(text: str) -> tuple[Words, list[int], list[int]]:
    """The words of `text` (see nlp.words_of), those whose keys hold a cue word, and those
    that are locatives ("in"): picked in C, through a cache of the answer for each key."""
    words = words_of(text)
    keys = words.keys
    try:
        codes = list(map(_KEY_CUES.__getitem__, keys))
    except KeyError:  # words not seen before
        if len(_KEY_CUES) > _KEY_CUES_MAX:  # hostile text of endless distinct words
            _KEY_CUES.clear()
        for key in set(keys).difference(_KEY_CUES):
            _KEY_CUES[key] = (_CUE_IN_KEY.search(key) is not None) | 2 * (key in _LOCATIVES)
        codes = list(map(_KEY_CUES.__getitem__, keys))
    either = list(compress(range(len(keys)), codes))
    return words, [i for i in either if codes[i] & 1], [i for i in either if codes[i] & 2]


def _cues(text: str, words: Words, holding: list[int]) -> Iterator[re.Match[str]]:
    """The cue words of `text` that open after a non-word character: what
    `\b(?:village|town|...)\b` finds, leftmost and non-overlapping, given the words `holding`
    whose keys hold a cue word (see _words_of_cues).

    A cue word is letters, so it lies inside one word of `words` (they hold every word
    character), and the word's folded key holds it in lower case: only those words are
    searched, each up to the character after it (a word ends before a non-word character,
    or "_")."""
    for i in holding:
        yield from _CUE.finditer(text, words.starts[i], words.end(i) + 1)


# what a key holding a cue word holds ("villages" holds "village"; "campaign" holds "camp")
_CUE_IN_KEY = re.compile(trie_alternation(_KINDS))
_KEY_CUES: dict[str, int] = {}  # key -> 1 if it holds a cue word, | 2 if a locative
_KEY_CUES_MAX = 100_000
