"""Places: find gazetteer names in a text and resolve each to one Place.

Matching is a token n-gram lookup in the gazetteer's folded-name index
(leftmost, longest first), so its cost grows with the text, not with the
number of places. Resolution:

1. a name only counts in Latin script when written with a capital
   ("Homs", "eastern Ghouta"; not "war"), acronyms only in capitals ("US");
2. the document's countries are voted by the mentions that name places in
   one country only (a country's own name included): "Tripoli" beside
   "Lebanon" is Tripoli, Lebanon;
3. a small, uncurated place outside those countries is not trusted (a
   village called like a common word); curated places, countries and admin1
   areas always are;
4. among the rest: the country with most votes, then a country over a
   populated place over an admin area over a region, then population.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from itertools import compress

from trucewatch.extract.base import Analysis, PlaceMention
from trucewatch.extract.gazetteer import Entry, Gazetteer
from trucewatch.extract.nlp import ARTICLES, Token, Words, is_arabic, words_of

__all__ = ["MIN_POPULATION", "PlaceComponent", "find_places"]

# An uncurated populated place outside the document's countries needs this
# many inhabitants to be believed.
MIN_POPULATION = 15_000
_LEADING_ARTICLES = frozenset({"al", "el"})


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    end: int
    entries: tuple[Entry, ...]
    last: int  # index of the last token used
    clitic: bool = False  # found only after removing an Arabic proclitic (بحمص)


def _written_as_name(words: list[Token], acronym: bool) -> bool:
    """Latin-script names need a capital; acronyms must be all capitals."""
    cased = [t for t in words if t.cased]
    if not cased:
        return True  # Arabic and other uncased scripts
    if acronym:
        return all(c.isupper() for t in cased for c in t.text if c.isalpha())
    significant = [t for t in cased if t.key not in ARTICLES] or cased
    return any(t.capitalised for t in significant)


def _match_at(text: str, words: Words, i: int, gazetteer: Gazetteer) -> _Match | None:
    first = words.token(i)
    keys = words.keys
    index, prefixes, limit = gazetteer.index, gazetteer.prefixes, min(gazetteer.max_tokens, len(words) - i)
    for key0, skipped in ((first.key, 0), *first.variants):
        if key0 not in gazetteer.first_tokens:
            continue
        # Extend the phrase one joined token at a time while it can still grow into a
        # name; keep the lengths that are names, then try them longest first.
        lengths = [1] if key0 in index else []
        key, n = key0, 1
        while n < limit and key in prefixes and words.joins(i + n - 1):
            key = f"{key} {keys[i + n]}"
            n += 1
            if key in index:
                lengths.append(n)
        for n in reversed(lengths):
            tokens = words.tokens(i, i + n)
            key = " ".join([key0, *keys[i + 1 : i + n]])
            found = gazetteer.entries_of(key)
            entries: tuple[Entry, ...]
            if len(found) == 1:
                entries = found if _written_as_name(tokens, found[0].acronym) else ()
            else:  # the test depends on the acronym flag alone: once per flag
                verdict = {flag: _written_as_name(tokens, flag) for flag in {e.acronym for e in found}}
                entries = tuple(e for e in found if verdict[e.acronym])
            if entries:
                clitic = key0 != first.key
                return _Match(first.start + skipped, tokens[-1].end, entries, i + n - 1, clitic)
    return None


def _with_article(text: str, words: Words, i: int, match: _Match) -> _Match:
    """Take in a preceding "al-"/"el-" the index did not need ("el-Waer")."""
    if i == 0 or match.start != words.starts[i]:
        return match
    prev = words.token(i - 1)
    if prev.key in _LEADING_ARTICLES and text[prev.end : words.starts[i]] in ("-", " "):
        return replace(match, start=prev.start)
    return match


def _scan(text: str, gazetteer: Gazetteer) -> list[_Match]:
    found = words_of(text)
    keys = found.keys
    index, prefixes = gazetteer.index, gazetteer.prefixes
    opening = gazetteer.openings(keys)  # 0 no name, 1 a name, 2 only opens longer ones
    last = len(keys) - 1
    # most words start no name: only words with a first-token key or Arabic variants are tried
    if is_arabic(text):
        infos = found.infos
        candidates = [i for i, k in enumerate(opening) if k or infos[i][2]]
    else:  # in C
        candidates = list(compress(range(len(keys)), opening))
    matches: list[_Match] = []
    resume = 0
    for i in candidates:
        if i < resume:
            continue
        if not found.infos[i][2] and (
            not opening[i]
            or (
                # a common word ("the") that only opens longer names needs the next
                # word to continue one of them
                opening[i] == 2
                and (
                    i == last or ((pair := f"{keys[i]} {keys[i + 1]}") not in index and pair not in prefixes)
                )
            )
        ):
            continue
        match = _match_at(text, found, i, gazetteer)
        if match is None:
            continue
        matches.append(_with_article(text, found, i, match))
        resume = match.last + 1
    return matches


def _trusted(gazetteer: Gazetteer, place_id: str, context: Counter[str] | None, clitic: bool = False) -> bool:
    """Curated places, countries and admin areas always; big places unless the
    name was only found by removing a proclitic (فرانس is not و + رانس);
    small places when the document is about their country."""
    meta = gazetteer.meta[place_id]
    if meta.curated or meta.rank != 1 or (meta.population >= MIN_POPULATION and not clitic):
        return True
    return context is not None and context[gazetteer.places[place_id].country_code or ""] > 0


def _country_votes(gazetteer: Gazetteer, matches: list[_Match]) -> Counter[str]:
    votes: Counter[str] = Counter()
    for match in matches:
        if match.clitic:
            continue
        trusted = [e.place_id for e in match.entries if _trusted(gazetteer, e.place_id, None)]
        countries = {gazetteer.places[p].country_code for p in trusted}
        if len(countries) == 1 and (cc := countries.pop()):
            votes[cc] += 1
    return votes


def find_places(text: str, gazetteer: Gazetteer) -> tuple[PlaceMention, ...]:
    """Every place name in `text`, resolved; offsets slice `text` exactly."""
    matches = _scan(text, gazetteer)
    votes = _country_votes(gazetteer, matches)
    out = []
    for match in matches:
        ids = [e.place_id for e in match.entries if _trusted(gazetteer, e.place_id, votes, match.clitic)]
        ids = list(dict.fromkeys(ids))
        if not ids:
            continue
        places = [gazetteer.places[i] for i in ids]
        best = min(ids, key=lambda i: (-votes[gazetteer.places[i].country_code or ""], gazetteer.rank_key(i)))
        countries = {p.country_code for p in places}
        how = "unique" if len(ids) == 1 else "context" if len(countries) > 1 and votes else "rank"
        out.append(PlaceMention(match.start, match.end, f"gazetteer:{how}", gazetteer.places[best]))
    return tuple(out)


class PlaceComponent:
    """Fills `analysis.places` from the gazetteer (the default one unless given)."""

    name = "places"

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = Gazetteer.default()
        return self._gazetteer

    def __call__(self, analysis: Analysis) -> Analysis:
        # The normalised text has the same length, so its offsets are the original's.
        text = (
            analysis.normalised
            if analysis.normalised and len(analysis.normalised) == len(analysis.text)
            else analysis.text
        )
        return replace(analysis, places=find_places(text, self.gazetteer))
