"""Quantities: counted things with a kind and a qualifier.

"more than 7,300 detainees" -> (detainees, 7300, more_than); "three buses" ->
(buses, 3); "killing 12 civilians" -> (killed, 12); "dozens of citizens" ->
(civilians, None, imprecise). Numbers in digits, with thousands separators or
"1.5 million", and in words ("two and a half thousand"). A number with no
countable noun after it (a year, a time) is not a quantity. Lexicon in
lang/en/quantities.yaml; a language pack with its own number grammar (Arabic)
supplies its own finder.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, cached_property
from typing import Any

import yaml

from trucewatch.extract.alternation import trie_alternation
from trucewatch.extract.assemble import ORPHAN_AHEAD, ORPHAN_REACH
from trucewatch.extract.base import Analysis, QuantityMention
from trucewatch.extract.boundary import BoundaryPattern
from trucewatch.extract.lang import pack
from trucewatch.extract.normalise import normalise
from trucewatch.model import Qualifier, QuantityKind

__all__ = ["QuantityComponent", "find_quantities", "parse_number"]


def _alt(words: list[str]) -> str:
    """A regex alternation (as a trie), longest first, spaces matching any run of spaces."""
    return trie_alternation({w.lower() for w in words}, r"\s+")


@dataclass(frozen=True)
class _Lexicon:
    units: dict[str, int]
    scales: dict[str, int]
    pattern: re.Pattern[str]
    qualifier_of: dict[str, Qualifier]
    noun_kind: dict[str, QuantityKind]
    killed_after: re.Pattern[str]
    killed_before: re.Pattern[str]
    injured_after: re.Pattern[str]
    injured_before: re.Pattern[str]
    residents_before: re.Pattern[str]
    residents_after: re.Pattern[str]
    # one word of every number or amount ("dozen" of "a dozen", digits): a sentence
    # with none of them holds no quantity
    cues: frozenset[str]
    # where a match can start: a digit, or the first word of a qualifier, number or amount
    heads: BoundaryPattern  # where a match can start
    # two persons named one by one, then what befell them: "a man and his son were killed"
    pair: re.Pattern[str]
    # nouns in the singular ("truck" beside "trucks"): after a number above one they
    # modify another noun ("the 2015 truck bombing") unless hyphenated ("a six-truck convoy")
    singular: frozenset[str] = frozenset()

    @cached_property
    def cue_finder(self) -> re.Pattern[str]:
        """Searched in lower-cased text: finds a digit, or a run of a-z letters that is a cue,
        exactly when the runs of a-z and the digits of the text hold one. The character before the run is
        consumed (a class the engine skips to); a run at the very start is `cue_at_start`."""
        words = trie_alternation(w for w in self.cues if w.isascii() and w.isalpha() and w.islower())
        return re.compile(rf"[^a-z](?:(?<=[0-9])|(?={words}(?![a-z])))")

    @cached_property
    def part_of(self) -> re.Pattern[str]:
        """A number, perhaps qualified, then "of the" right before a count (matched to the end):
        the part of that whole the sentence tells of ("only 194 of the 7,300 detainees")."""
        return re.compile(
            rf"(?<![\w.,])(?:(?P<qual>{_alt(list(self.qualifier_of))})\s+)?(?P<part>[\w,]+)\s+of\s+"
            r"(?:the|its|their|those)\s+\Z",
            re.IGNORECASE,
        )

    @cached_property
    def cue_at_start(self) -> re.Pattern[str]:
        words = trie_alternation(w for w in self.cues if w.isascii() and w.isalpha() and w.islower())
        return re.compile(rf"{words}(?![a-z])")

    def has_cue(self, lowered: str) -> bool:
        """Whether `lowered` holds a cue word or a digit (see `cues`)."""
        return (
            self.cue_finder.search(lowered) is not None
            or self.cue_at_start.match(lowered) is not None
            or self.pair.search(lowered) is not None
        )


@cache
def _lexicon() -> _Lexicon:
    raw: dict[str, Any] = yaml.safe_load(pack("en").text("quantities.yaml"))
    units = {str(k): int(v) for k, v in raw["units"].items()}
    scales = {str(k): int(v) for k, v in raw["scales"].items()}
    word = _alt([*units, *scales])
    digits = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?"
    numeric = rf"(?:{digits})(?:\s+(?:{_alt(list(scales))}))?"
    worded = rf"(?:{word})(?:(?:\s+|-)(?:and\s+)?(?:a\s+half|half|{word}))*"
    number = rf"(?:{numeric}|{worded})"
    qualifier_of = {q.lower(): Qualifier(kind) for kind, words in raw["qualifiers"].items() for q in words}
    noun_kind = {n.lower(): QuantityKind(kind) for kind, nouns in raw["nouns"].items() for n in nouns}
    noun_kind.update(dict.fromkeys((n.lower() for n in pack("en").peoples()), QuantityKind.PEOPLE))
    mods = int(raw.get("max_modifiers", 3))
    first = _first_words([*qualifier_of, *units, *scales, *raw["imprecise"]])
    nouns = _alt(list(noun_kind))
    # space within a phrase: a line break in hard-wrapped text, never a blank line
    gap = r"(?:[^\S\n]+|[^\S\n]*\n[^\S\n]*)"
    # a modifier is neither a counted noun nor the start of another number ("2020\n
    # At least seven members": the year of a dateline does not count the members)
    modifier = rf"(?!(?:{nouns}|{_alt(first)})(?![\w'-]))[a-z][\w'-]*"
    # qualifier? number (+ or range)? modifiers noun (and a second noun)? -- or an
    # imprecise amount ("dozens of") noun
    pattern = re.compile(
        rf"(?<![\w.,])(?:(?P<qual>{_alt(list(qualifier_of))})\s+)?"
        rf"(?:(?P<num>{number})(?P<plus>\+)?(?![a-z])(?:\s*(?:-|to|or)\s*(?P<upper>{number}))?"
        rf"|(?P<vague>{_alt(raw['imprecise'])})(?:\s+of)?)"
        rf"(?![\w,]*\d)"
        # a partitive "of the" is free: "twenty of the missing Dapchi schoolgirls"
        rf"(?:(?:(?P<mods>(?:{gap}of{gap}(?:the|its|their|those))?(?:{gap}{modifier}){{0,{mods}}}){gap}"
        rf"|-)(?P<noun>{nouns})\b"  # "-": "a six-truck convoy"
        # "soldiers and civilians": one count of both ("fighters and their families": of the fighters)
        rf"(?:{gap}and{gap}(?:(?:their|other|some|the){gap})?(?:{modifier}{gap}){{0,2}}?"
        rf"(?P<also>{nouns})\b)?)?",
        re.IGNORECASE,
    )

    one = rf"(?:{_alt(raw['one_person'])})"
    befell = _alt([*raw["killed_after"], *raw["injured_after"]])
    pair = re.compile(
        rf"(?<![\w'-])(?:an?|one)\s+(?:[a-z-]+\s+){{0,2}}?{one}\s+and\s+(?:(?:an?|his|her|their|one)\s+)?"
        rf"(?:[a-z-]+\s+){{0,2}}?{one}(?=\s*,?\s*(?:{befell})\b)",
        re.IGNORECASE,
    )

    return _Lexicon(
        units=units,
        scales=scales,
        pattern=pattern,
        qualifier_of=qualifier_of,
        noun_kind=noun_kind,
        killed_after=re.compile(rf"\s*(?:,\s*)?(?:{_alt(raw['killed_after'])})\b", re.IGNORECASE),
        killed_before=re.compile(rf"\b(?:{_alt(raw['killed_before'])})\s*$", re.IGNORECASE),
        injured_after=re.compile(rf"\s*(?:,\s*)?(?:{_alt(raw['injured_after'])})\b", re.IGNORECASE),
        injured_before=re.compile(rf"\b(?:{_alt(raw['injured_before'])})\s*$", re.IGNORECASE),
        residents_before=re.compile(
            rf"\b(?:{_alt(raw['residents_before'])})(?:\s+(?:an?|the|some|about|around|estimated|nearly))*\s*$",
            re.IGNORECASE,
        ),
        residents_after=re.compile(rf"\s+(?:{_alt(raw['residents_after'])})\b", re.IGNORECASE),
        cues=frozenset(max(entry.lower().split(), key=len) for entry in [*units, *scales, *raw["imprecise"]])
        | frozenset("0123456789"),
        heads=BoundaryPattern(r"\w.,", rf"\d|(?:{_alt(first)})(?!\w)", re.IGNORECASE),
        pair=pair,
        singular=frozenset(n for n in noun_kind if {f"{n}s", f"{n}es", f"{n[:-1]}ies"} & noun_kind.keys()),
    )


def _first_words(entries: list[str]) -> list[str]:
    """The word each entry opens with ("no" of "no fewer than", "twenty" of "twenty-one")."""
    return [re.split(r"[\s-]", entry.strip(), maxsplit=1)[0] for entry in entries if entry.strip()]


def parse_number(expression: str) -> int | None:
    """The value of "7,300", "1.5 million", "forty-two", "two and a half thousand"; None if not a number."""
    lex = _lexicon()
    text = re.sub(r"\s+", " ", expression.strip().lower())
    if not text:
        return None
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?: (\w+))?", text)
    if m:
        value = float(m.group(1).replace(",", ""))
        if m.group(2):
            scale = lex.scales.get(m.group(2))
            if scale is None:
                return None
            value *= scale
        return round(value)
    total = current = 0.0
    half = False
    words = re.split(r"[\s-]+", text.replace("a dozen", "dozen12"))
    for word in words:
        if word == "and" or word == "a":
            continue
        if word == "half":
            half = True
            continue
        if word == "dozen12":
            current += 12
        elif word in lex.units:
            current += lex.units[word]
        elif word in lex.scales:
            scale = lex.scales[word]
            if half:
                current += 0.5
                half = False
            if scale == 100:
                current = (current or 1) * scale
            else:
                total += (current or 1) * scale
                current = 0
        else:
            return None
    if half:
        current += 0.5
    value = total + current
    return round(value) if value or "zero" in words else None


# a month's name or its abbreviation ("July", "Sept."), not a word it opens ("martyrs", "maybe")
_MONTH = (
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b\.?"
)
_IN_A_DATE = re.compile(rf"{_MONTH}\s+\Z", re.IGNORECASE)
_YEAR_OF_A_DATE = re.compile(rf"{_MONTH}\s+\d{{1,2}},\s*\Z", re.IGNORECASE)
# "on 14 May when government forces ...": the day of a date written day first, not a count
_MONTH_AFTER = re.compile(rf"\s+{_MONTH}", re.IGNORECASE)
_ASIDE = re.compile(r",\s*(?:including|among them|most of them|mostly|many of them)\b[^,.;:]{1,80},")
# what the counted are members of, or where they were: "seven members of the security
# forces were killed", "500 fighters on all sides of the conflict in Aleppo were killed"
_OF_WHOM = re.compile(
    r"(?:\s+(?:of|on|in|from|at|inside|across|near)\s+(?:the\s+|a\s+|an\s+|all\s+)?(?:[\w'’-]+\s+){0,3}?[\w'’-]+){1,3}"
    r"(?=\s+(?:were|was|have|had|are|is)\s)",
    re.IGNORECASE,
)
# people "mostly women and children" are civilians
_MOSTLY_CIVILIANS = re.compile(
    r",?\s*(?:mostly|most of them|the majority of them|largely|mainly|the vast majority)\s+"
    r"(?:of\s+them\s+)?(?:women|children|civilians)\b",
    re.IGNORECASE,
)
_IN_ASIDE = re.compile(
    r"\b(?:including|among them|among whom|of whom|of them)\b[^,.;:()]{0,60}$", re.IGNORECASE
)


_POPULATION = (QuantityKind.PEOPLE, QuantityKind.CIVILIANS)
_PERSONS = frozenset(
    {
        QuantityKind.PEOPLE,
        QuantityKind.FIGHTERS,
        QuantityKind.CIVILIANS,
        QuantityKind.DETAINEES,
        QuantityKind.RESIDENTS,
    }
)


def _noun_kind(lex: _Lexicon, noun: str, also: str | None) -> QuantityKind:
    """The kind a counted noun names; persons of two kinds counted together ("soldiers
    and civilians") are people."""
    kind = lex.noun_kind[re.sub(r"\s+", " ", noun.lower())]
    if also is None or kind not in _PERSONS:
        return kind
    other = lex.noun_kind[re.sub(r"\s+", " ", also.lower())]
    return QuantityKind.PEOPLE if other in _PERSONS and other is not kind else kind


def _kind(
    lex: _Lexicon, norm: str, start: int, end: int, noun: str | None, also: str | None, in_aside: bool
) -> QuantityKind | None:
    """What is counted, from the noun and the words around the number phrase; `in_aside`: the
    phrase is a part named in an aside ("including 14 children")."""
    before = norm[max(0, start - 40) : start]
    after = norm[end : end + 120]
    mostly_civilians = _MOSTLY_CIVILIANS.match(after) is not None
    # "140 people, including 14 children, were killed": the verb follows the aside; "seven
    # members of the security forces were killed": it follows what they are members of
    if (aside := _ASIDE.match(after) or _OF_WHOM.match(after)) is not None:
        after = after[aside.end() :]
    after = after[:40]
    if in_aside:  # "including 14 children and 9 women": a breakdown, not the toll
        return _noun_kind(lex, noun, also) if noun else None
    if lex.killed_before.search(before) or lex.killed_after.match(after):
        return QuantityKind.KILLED
    if lex.injured_before.search(before) or lex.injured_after.match(after):
        return QuantityKind.INJURED
    if noun is None:
        return None
    kind = _noun_kind(lex, noun, also)
    if kind in _POPULATION and (lex.residents_before.search(before) or lex.residents_after.match(after)):
        return QuantityKind.RESIDENTS  # "home to 50,000 people", "93,000 civilians live there"
    return QuantityKind.CIVILIANS if kind is QuantityKind.PEOPLE and mostly_civilians else kind


def _find(norm: str, spans: Sequence[tuple[int, int]] | None = None) -> list[QuantityMention]:
    lex = _lexicon()
    found: list[QuantityMention] = []
    windows = ((0, len(norm)),) if spans is None else spans
    for m in (m for lo, hi in windows for m in _matches(lex, norm, lo, hi)):
        if not m.group("num") and not m.group("vague"):
            continue
        in_aside = _IN_ASIDE.search(norm, max(0, m.start() - 40), m.start()) is not None
        kind = _kind(lex, norm, m.start(), m.end(), m.group("noun"), m.group("also"), in_aside)
        if kind is None:
            continue
        qual = m.group("qual")
        qualifier = lex.qualifier_of[re.sub(r"\s+", " ", qual.lower())] if qual else Qualifier.EXACT
        if m.group("vague"):
            value, qualifier = None, Qualifier.IMPRECISE
        else:
            value = parse_number(m.group("num"))
            if value is None:
                continue
            if not m.group("noun") and _IN_A_DATE.search(norm, max(0, m.start() - 12), m.start()):
                continue  # "on July 13, fatalities ...": a day of the month, not a toll
            if value <= 31 and m.group("num").isdigit() and _MONTH_AFTER.match(norm, m.end("num")):
                continue  # "on 14 May when government forces ...": a day of the month
            year = not m.group("qual") and re.fullmatch(r"\d{4}", m.group("num"))
            if year and _YEAR_OF_A_DATE.search(norm, max(0, m.start() - 16), m.start()):
                continue  # "Posted March 20, 2017 Hundreds of rebels ...": the year of a date
            noun = m.group("noun")
            if value != 1 and noun and noun.lower() in lex.singular and norm[m.start("noun") - 1] != "-":
                continue  # "the 2015 truck bombing": a year before a modifier, not 2015 trucks
            if (m.group("upper") or m.group("plus")) and qualifier is Qualifier.EXACT:
                qualifier = Qualifier.AT_LEAST  # a range "400-500" (its lower bound) or "75+"
            if in_aside and qualifier is Qualifier.EXACT:
                # "the captured troops, including 12 injured soldiers": a part; of the whole, at least that
                qualifier = Qualifier.AT_LEAST
        start = m.start()
        if (
            kind is QuantityKind.DETAINEES
            and value
            and not _FREED_AFTER.match(norm, m.end())
            and (part := _part(lex, norm, start, value)) is not None
        ):
            # "only 194 of the more than 7,300 detainees promised were freed": 194 were (but "two of
            # the 300 detainees freed were children": 300 were)
            start, value, qualifier = part
        end = m.end() if m.group("noun") else m.end("num") if m.group("num") else m.end("vague")
        rule = f"quantity:{kind.value}" + (f":{m.group('noun').lower()}" if m.group("noun") else "")
        found.append(QuantityMention(start, end, rule, kind, value, qualifier))
    return sorted([*found, *_pairs(lex, norm, windows, found)], key=lambda q: q.start)


_PART_REACH = 40  # characters before a count where the part of it that is told may be written


_FREED_AFTER = re.compile(r"\s+(?:freed|released|set free|exchanged|swapped|handed over)\b", re.IGNORECASE)


def _part(lex: _Lexicon, norm: str, at: int, whole: int) -> tuple[int, int, Qualifier] | None:
    """Where the part written before the count `whole` at `at` starts, its number and qualifier:
    a number between none and the whole ("half", a year are not)."""
    told = lex.part_of.search(norm, max(0, at - _PART_REACH), at)
    value = parse_number(told.group("part")) if told else None
    if told is None or value is None or not 0 < value < whole:
        return None
    qual = told.group("qual")
    qualifier = lex.qualifier_of[re.sub(r"\s+", " ", qual.lower())] if qual else Qualifier.EXACT
    return told.start(), value, qualifier


def _pairs(
    lex: _Lexicon, norm: str, windows: Sequence[tuple[int, int]], found: list[QuantityMention]
) -> list[QuantityMention]:
    """Two persons killed or hurt, named one by one ("a health worker and a patient were killed")."""
    taken = [(q.start, q.end) for q in found]
    pairs = []
    for lo, hi in windows:
        for m in lex.pair.finditer(norm, lo, hi):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            kind = QuantityKind.KILLED if lex.killed_after.match(norm, m.end()) else QuantityKind.INJURED
            pairs.append(
                QuantityMention(m.start(), m.end(), f"quantity:{kind.value}:pair", kind, 2, Qualifier.EXACT)
            )
    return pairs


def _matches(lex: _Lexicon, norm: str, lo: int, hi: int) -> list[re.Match[str]]:
    """What `lex.pattern.finditer(norm, lo, hi)` finds, trying the pattern only where a
    match can start (one cheap scan instead of the whole pattern at every character).
    Heads are runs of word characters, so no head starts inside another: every
    position where one matches is a start, as in the heads' own finditer."""
    found = []
    resume = lo
    pattern = lex.pattern
    for pos in lex.heads.positions(norm, lo, hi):
        if pos < resume:
            continue
        m = pattern.match(norm, pos, hi)
        if m is not None:
            found.append(m)
            resume = m.end()
    return found


def find_quantities(text: str) -> tuple[QuantityMention, ...]:
    """Every counted quantity in `text`, in text order, with offsets into `text`."""
    return tuple(_find(normalise(text)))


def _reach(
    norm: str,
    sentences: tuple[tuple[int, int], ...],
    focus: tuple[tuple[int, int], ...],
    size: int,
    cues: bool = True,
) -> list[tuple[int, int]]:
    """Windows covering each focus sentence, the ORPHAN_AHEAD before it (a toll told just before
    its event) and the `size` sentences after it (merged),
    each running on to the next sentence's start so patterns see the same text they would.
    With `cues`, sentences without a number or (English) amount word are left out."""
    lexicon = _lexicon()
    index = {span: i for i, span in enumerate(sentences)}
    wanted = sorted(
        {
            j
            for span in focus
            if span in index
            for j in range(max(0, index[span] - ORPHAN_AHEAD), index[span] + size + 1)
        }
    )
    wanted = [
        j
        for j in wanted
        if j < len(sentences)
        and (not cues or lexicon.has_cue(norm[sentences[j][0] : sentences[j][1]].lower()))
    ]
    windows: list[tuple[int, int]] = []
    for j in wanted:
        hi = sentences[j + 1][0] if j + 1 < len(sentences) else None
        lo = sentences[j][0]
        if windows and windows[-1][1] == lo:
            lo = windows.pop()[0]
        windows.append((lo, hi if hi is not None else sentences[j][1]))
    return windows


class QuantityComponent:
    """Fills `analysis.quantities`: over the whole text, or when the pipeline has marked
    a focus, over the focus sentences and the few after each where assemble looks for
    figures that elaborate an event (assemble.ORPHAN_AHEAD, ORPHAN_REACH)."""

    name = "quantities"

    def __call__(self, analysis: Analysis) -> Analysis:
        norm = (
            analysis.normalised
            if analysis.normalised and len(analysis.normalised) == len(analysis.text)
            else normalise(analysis.text)
        )
        spans = None
        lang = pack(analysis.language)
        if lang.find_quantities is not None:  # the language's own number grammar, on its folded text
            if analysis.focus is not None and analysis.sentences:
                spans = _reach(norm, analysis.sentences, analysis.focus, ORPHAN_REACH, cues=False)
            folded = lang.fold(norm)
            windows = None if spans is None else folded.spans_to_folded(spans)
            return replace(analysis, quantities=tuple(lang.find_quantities(folded, windows)))
        if analysis.focus is not None and analysis.sentences:
            spans = _reach(norm, analysis.sentences, analysis.focus, ORPHAN_REACH)
        return replace(analysis, quantities=tuple(_find(norm, spans)))
