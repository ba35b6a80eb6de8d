"""A country's capital named without its name: "the Somali capital", "Yemen's capital",
"the capital of Sudan".

Reports name the capital this way as often as by its name; the place is the
capital city (GeoNames' capital of the country), not the country, and not a
namesake of the adjective ("Somali" is also a region of Ethiopia). The mention
spans the words that name it, so it holds any place read inside them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources

import yaml

from trucewatch.extract.alternation import trie_alternation
from trucewatch.extract.base import PlaceMention
from trucewatch.extract.boundary import BoundaryPattern
from trucewatch.extract.nlp import fold
from trucewatch.model import Place

__all__ = ["CAPITAL_RULE", "capital_mentions", "country_of_adjective", "demonyms", "demonyms_of"]

CAPITAL_RULE = "capital"  # the rule of a mention that names the capital by its country, not its name


@cache
def _demonyms() -> tuple[BoundaryPattern, dict[str, str]]:
    """The pattern of "the <adjective> capital" and each adjective's country.

    The adjectives as a trie, tried only after a separator before a letter one opens
    with (see boundary.py), not at every character. A trie takes the longest adjective
    that matches; so did the alternation longest first, and at most one adjective can be
    followed by " capital" at a place (none holds "capital")."""
    country_of = {adjective: cc for cc, adjectives in demonyms_of().items() for adjective in adjectives}
    names = trie_alternation(country_of, space=" ")
    pattern = BoundaryPattern(r"\w'’-", rf"(?P<adjective>{names}) capital(?![\w-])")
    return pattern, country_of


@cache
def demonyms_of() -> dict[str, tuple[str, ...]]:
    """Each country's adjectives as written, by ISO code ("IL": ("Israeli",)): data/demonyms.yaml."""
    source = resources.files("trucewatch.extract").joinpath("data/demonyms.yaml")
    raw: dict[str, list[str]] = yaml.safe_load(source.read_text(encoding="utf-8"))
    return {cc: tuple(adjectives) for cc, adjectives in raw.items()}


@cache
def _adjectives() -> tuple[re.Pattern[str], dict[str, str]]:
    """Any country adjective as a capitalised word ("Sudanese", "Burkinabe"), and its country."""
    country_of = {adjective: cc for cc, adjectives in demonyms_of().items() for adjective in adjectives}
    names = "|".join(sorted(map(re.escape, country_of), key=len, reverse=True))
    return re.compile(rf"(?<![\w'’-])(?:{names})(?![\w'’-])"), country_of


def country_of_adjective(text: str) -> list[str]:
    """The country of each country adjective in `text`, in order ("Sudanese army": "SD")."""
    pattern, country_of = _adjectives()
    return [country_of[m.group()] for m in pattern.finditer(text)]


@cache
def demonyms() -> frozenset[str]:
    """The adjectives for a country's people and things, folded ("israeli", "pakistani")."""
    return frozenset(fold(adjective) for adjective in _demonyms()[1])


_OF_COUNTRY = re.compile(r"['’]s? capital\b")  # right after a country's name
_CAPITAL_OF = re.compile(r"\bcapital of (?:the )?\Z")  # right before it


def capital_mentions(
    text: str, found: Sequence[PlaceMention], capital_of: Callable[[str], Place | None]
) -> list[PlaceMention]:
    """Mentions of capitals named by their country; `capital_of(cc)` gives the capital's place."""
    if "capital" not in text:  # most texts: no alternation of every adjective tried over them
        return []
    out = []
    pattern, country_of = _demonyms()
    for m in pattern.finditer(text):
        if (place := capital_of(country_of[m.group("adjective")])) is not None:
            out.append(PlaceMention(m.start("adjective"), m.end(), CAPITAL_RULE, place))
    for country in found:
        cc = country.place.country_code
        if country.place.kind != "country" or cc is None:
            continue
        if after := _OF_COUNTRY.match(text, country.end):
            span = (country.start, after.end())
        elif before := _CAPITAL_OF.search(text, max(0, country.start - 20), country.start):
            span = (before.start(), country.end)
        else:
            continue
        if (place := capital_of(cc)) is not None:
            out.append(PlaceMention(*span, CAPITAL_RULE, place))
    # "Astana, Kazakhstan's capital": the capital named beside its name is placed by the name
    named = {m.place.id for m in found}
    return [m for m in out if not (m.place.id in named and _beside(m, found, text))]


_BESIDE = 40  # characters between a capital's name and the words that say it is the capital


def _beside(mention: PlaceMention, found: Sequence[PlaceMention], text: str) -> bool:
    return any(
        m.place.id == mention.place.id
        and (0 <= mention.start - m.end <= _BESIDE or 0 <= m.start - mention.end <= _BESIDE)
        and "." not in text[min(m.end, mention.end) : max(m.start, mention.start)]
        for m in found
    )
