"""Actors: an alias lexicon (data/actors.yaml) and local-group patterns.

"the regime", "Assad regime" and النظام all resolve to "Syrian government";
a place mention next to a group noun ("Waer rebels", "residents of Madaya",
أهالي حي الوعر) names a local actor "<Place> rebels" / "<Place> residents".
Where candidates overlap, the longest wins, so "opposition fighters in
al-Waer" is "Waer rebels", not "Syrian opposition".
"""

from __future__ import annotations

import functools
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from itertools import compress
from pathlib import Path
from typing import Any

import yaml

from trucewatch.extract.base import ActorMention, Analysis, PlaceMention
from trucewatch.extract.budget import Deadline
from trucewatch.extract.capitals import demonyms_of
from trucewatch.extract.cues import cues as language_cues
from trucewatch.extract.dateline import dateline_filing_spans
from trucewatch.extract.intervals import Inside, Occupied
from trucewatch.extract.nlp import Token, Words, fold, is_arabic, joined, names_a_time_zone, words_of
from trucewatch.extract.roles import pronoun_windows
from trucewatch.model import Actor, ActorKind

__all__ = [
    "ActorComponent",
    "ActorEntry",
    "LexiconError",
    "alias_keys",
    "find_actors",
    "load_lexicon",
    "organisation_keys",
    "to_model_actors",
]

_MAX_GAP_AFTER_PLACE = frozenset({"", " ", "'s ", "’s ", "-"})


class LexiconError(ValueError):
    """The actor lexicon file is malformed; the message says where."""


@dataclass(frozen=True)
class ActorEntry:
    name: str
    kind: ActorKind
    side: str | None
    aliases: tuple[str, ...]
    country: str | None = None  # the state whose forces these are ("government forces" in its texts)


@dataclass(frozen=True, slots=True)
class _Group:
    suffix: str
    kind: ActorKind
    side: str | None
    after: tuple[tuple[str, ...], ...]  # folded token sequences
    before: tuple[tuple[str, ...], ...]
    # quick vetoes: the word right after a place must open an "after" phrase, and one
    # of the two words before it must end a "before" phrase
    after_first: frozenset[str] = frozenset()
    before_last: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class _Lexicon:
    entries: tuple[ActorEntry, ...]
    index: dict[str, tuple[int, bool]]  # folded alias -> (entry, acronym only)
    stops: dict[int, tuple[tuple[str, ...], ...]]  # entry -> phrases that veto a match after it
    groups: tuple[_Group, ...]
    joiners: frozenset[str]
    max_tokens: int
    first_tokens: frozenset[str]
    prefixes: frozenset[str]  # proper whole-token prefixes of multi-word aliases
    # generic entries ("government forces", "rebels") -> country code -> the country's own entry
    by_country: dict[int, dict[str, int]] | None = None


@functools.cache
def _data_file() -> Path:
    return Path(str(resources.files("trucewatch.extract").joinpath("data/actors.yaml")))


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(fold(phrase).split())


def _strings(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LexiconError(f"{where}: expected a list of strings")
    return value


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return 0 < len(letters) <= 4 and all(c.isupper() for c in letters)


# libyaml's parser when PyYAML was built with it: a tenth of the time (the catalogue is read at every
# export), the same values (the constructor is PyYAML's own)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(text: str) -> Any:
    """yaml.safe_load, with libyaml's parser if there is one."""
    return yaml.load(text, Loader=_YAML_LOADER)  # a safe loader either way


@functools.cache
def _load(path: Path) -> _Lexicon:
    try:
        data = read_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: cannot read actor lexicon: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
        raise LexiconError(f"{path}: expected a mapping with an 'actors' list")
    entries: list[ActorEntry] = []
    index: dict[str, tuple[int, bool]] = {}
    stops: dict[int, tuple[tuple[str, ...], ...]] = {}
    for n, item in enumerate(data["actors"]):
        where = f"{path}: actors[{n}]"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise LexiconError(f"{where}: each actor needs a 'name'")
        try:
            kind = ActorKind(item.get("kind", "other"))
        except ValueError as exc:
            raise LexiconError(f"{where} ({item['name']}): unknown kind {item.get('kind')!r}") from exc
        aliases = tuple(dict.fromkeys([item["name"], *_strings(item.get("aliases"), where)]))
        country = item.get("country") or None
        if country is not None and (not isinstance(country, str) or len(country) != 2):
            raise LexiconError(f"{where} ({item['name']}): country must be a two-letter code")
        entries.append(ActorEntry(item["name"], kind, item.get("side") or None, aliases, country))
        stops[n] = tuple(_words(p) for p in _strings(item.get("not_followed_by"), where))
        for alias in aliases:
            key = fold(alias)
            if key and key not in index:  # the first actor to claim an alias keeps it
                index[key] = (n, _is_acronym(alias))
    _add_forces_aliases(index, entries, _strings(data.get("forces_nouns"), f"{path}: forces_nouns"))
    by_country: dict[int, dict[str, int]] = {}
    generics = data.get("contextual") or []
    for n, generic in enumerate(generics if isinstance(generics, list) else [generics]):
        where = f"{path}: contextual[{n}]"
        if not isinstance(generic, dict) or not isinstance(generic.get("name"), str):
            raise LexiconError(f"{where}: expected a mapping with a 'name' and 'aliases'")
        try:
            kind = ActorKind(generic.get("kind", "state"))
        except ValueError as exc:
            raise LexiconError(f"{where}: unknown kind {generic.get('kind')!r}") from exc
        at = len(entries)
        aliases = tuple(dict.fromkeys([generic["name"], *_strings(generic.get("aliases"), where)]))
        entries.append(ActorEntry(generic["name"], kind, generic.get("side") or None, aliases))
        stops[at] = tuple(_words(p) for p in _strings(generic.get("not_followed_by"), where))
        for alias in aliases:
            index.setdefault(fold(alias), (at, _is_acronym(alias)))
        # the state's forces stand for "government forces"; a country's one rebel entry for "rebels"
        kinds = (ActorKind.STATE, ActorKind.EXTERNAL) if kind is ActorKind.STATE else (kind,)
        by_country[at] = {}
        for i, e in enumerate(entries[:at]):
            if e.country and e.kind in kinds:
                by_country[at].setdefault(e.country.upper(), i)
    groups = []
    spec = data.get("place_groups") or {}
    for n, g in enumerate(spec.get("groups") or []):
        where = f"{path}: place_groups.groups[{n}]"
        try:
            kind = ActorKind(g.get("kind", "other"))
        except ValueError as exc:
            raise LexiconError(f"{where}: unknown kind {g.get('kind')!r}") from exc
        after = tuple(sorted({_words(p) for p in _strings(g.get("after"), where)}, key=len, reverse=True))
        before = tuple(sorted({_words(p) for p in _strings(g.get("before"), where)}, key=len, reverse=True))
        groups.append(
            _Group(
                str(g["suffix"]),
                kind,
                g.get("side") or None,
                after,
                before,
                frozenset(p[0] for p in after if p),
                frozenset(p[-1] for p in before if p),
            )
        )
    joiners = frozenset(fold(j) for j in _strings(spec.get("joiners"), f"{path}: place_groups.joiners"))
    return _Lexicon(
        entries=tuple(entries),
        index=index,
        stops=stops,
        groups=tuple(groups),
        joiners=joiners,
        max_tokens=max((k.count(" ") + 1 for k in index), default=1),
        first_tokens=frozenset(k.split(" ", 1)[0] for k in index),
        prefixes=frozenset(" ".join(k.split()[:n]) for k in index for n in range(1, k.count(" ") + 1)),
        by_country=by_country,
    )


def _add_forces_aliases(
    index: dict[str, tuple[int, bool]], entries: list[ActorEntry], nouns: list[str]
) -> None:
    """A state's adjective before a noun of its forces ("Israeli airstrikes", "Thai jets") is
    an alias of the state's entry, unless an alias of the lexicon has those words already."""
    adjectives = demonyms_of()
    for n, entry in enumerate(entries):
        if entry.country is None or entry.kind not in (ActorKind.STATE, ActorKind.EXTERNAL):
            continue
        for adjective in adjectives.get(entry.country.upper(), ()):
            for noun in nouns:
                index.setdefault(fold(f"{adjective} {noun}"), (n, False))


def load_lexicon(path: Path | None = None) -> tuple[ActorEntry, ...]:
    """The actor entries of `path` (the packaged lexicon by default); cached."""
    return _load(path or _data_file()).entries


# Kinds of actor that are organisations, never places: a place called like one of
# their aliases ("Hamas", "Red Cross" are also villages somewhere) is not read as a place.
_ORGANISATION_KINDS = frozenset(
    {ActorKind.REBEL, ActorKind.MILITIA, ActorKind.HUMANITARIAN, ActorKind.INTERNATIONAL, ActorKind.OTHER}
)


def organisation_keys(path: Path | None = None) -> frozenset[str]:
    """The folded aliases of the lexicon's organisations (armed groups, agencies, NGOs)."""
    lex = _load(path or _data_file())
    return frozenset(k for k, (n, _) in lex.index.items() if lex.entries[n].kind in _ORGANISATION_KINDS)


def alias_keys(path: Path | None = None) -> frozenset[str]:
    """Every folded alias of the lexicon."""
    return frozenset(_load(path or _data_file()).index)


def country_names(path: Path | None = None) -> frozenset[str]:
    """The folded names of the lexicon's states named as their country ("Israel", "Jordan"):
    place names too ("Puerto Jordan")."""
    return frozenset(fold(e.name) for e in _load(path or _data_file()).entries if e.country)


def to_model_actors(entries: tuple[ActorEntry, ...] | list[ActorEntry]) -> list[Actor]:
    """Lexicon entries as domain Actors, for storing the lexicon."""
    return [Actor(name=e.name, kind=e.kind, side=e.side, aliases=e.aliases) for e in entries]


# -- matching -------------------------------------------------------------------


def _keys(token: Token) -> list[tuple[str, int]]:
    return [(token.key, 0), *token.variants]


def _lexicon_mentions(
    text: str, found: Words, a: int, b: int, lex: _Lexicon, arabic: bool = True
) -> list[ActorMention]:
    """Alias mentions that start among words a..b-1 of `found` and end before word b
    (`arabic` False: the text has no Arabic letters, so no word has Arabic variants)."""
    out = []
    first_tokens, index, prefixes = lex.first_tokens, lex.index, lex.prefixes
    keys, infos, starts = found.keys, found.infos, found.starts
    # most words open no alias: the others are picked in C (Arabic words also by their variants)
    if arabic:
        candidates: Iterable[int] = [i for i in range(a, b) if keys[i] in first_tokens or infos[i][2]]
    else:
        candidates = compress(range(a, b), map(first_tokens.__contains__, keys[a:b]))
    max_tokens, joins = lex.max_tokens, found.joins
    for i in candidates:
        hit_at = None
        limit = min(max_tokens, b - i)
        for key0, skipped in ((keys[i], 0), *infos[i][2]) if arabic else ((keys[i], 0),):
            if key0 not in first_tokens:
                continue
            # grow the phrase while it can still become an alias; try the longest first
            phrases = [key0]  # the phrase of n words at n - 1
            key, n = key0, 1
            while n < limit and key in prefixes and joins(i + n - 1):
                key = f"{key} {keys[i + n]}"
                n += 1
                phrases.append(key)
            for n in range(len(phrases), 0, -1):
                key = phrases[n - 1]
                hit = index.get(key)
                if hit is None:
                    continue
                entry_no, acronym = hit
                end = found.end(i + n - 1)
                surface = text[starts[i] + skipped : end]
                if acronym and not all(c.isupper() for c in surface if c.isalpha()):
                    continue
                following = tuple(keys[i + n : min(i + n + 3, b)])
                if any(following[: len(stop)] == stop for stop in lex.stops[entry_no]):
                    continue
                hit_at = (starts[i] + skipped, end, entry_no, key)
                break
            if hit_at:
                break
        if hit_at:
            start, end, entry_no, key = hit_at
            e = lex.entries[entry_no]
            out.append(ActorMention(start, end, f"lexicon:{key}", e.name, e.kind.value, e.side))
    return out


class _Run:
    """The tokens of words a..b-1 of a text, indexed from 0, each made only when read: a
    sentence's words around its places are looked at, not the others."""

    __slots__ = ("_a", "_n", "_words")

    def __init__(self, words: Words, a: int, b: int) -> None:
        self._words, self._a, self._n = words, a, b - a

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, k: int) -> Token:
        if not 0 <= k < self._n:
            raise IndexError(k)
        return self._words.token(self._a + k)


def _phrase_at(tokens: _Run, j: int, phrase: tuple[str, ...], first_variants: bool) -> bool:
    if j < 0 or j + len(phrase) > len(tokens):
        return False
    first = tokens[j]
    heads = [k for k, _ in _keys(first)] if first_variants else [first.key]
    return phrase[0] in heads and all(tokens[j + m].key == w for m, w in enumerate(phrase) if m)


def _group_mentions(
    text: str, words: Words, a: int, b: int, places: tuple[PlaceMention, ...], lex: _Lexicon
) -> list[ActorMention]:
    """Group mentions around `places` among words a..b-1 of `words` (indexed from a)."""
    tokens = _Run(words, a, b)
    out = []
    for place in places:
        if place.place.kind == "country":
            continue  # "Syria's population" is not a local group
        first = _word_at(words, a, b, place.start)
        last = _word_ending(words, a, b, place.end)
        nxt = last + 1 if last is not None and last + 1 < len(tokens) else None
        next_key = tokens[nxt].key if nxt is not None else None
        before_keys = {
            k for b in (1, 2) if first is not None and first - b >= 0 for k, _ in _keys(tokens[first - b])
        }
        plain = _plain(place.place.name)
        for group in lex.groups:
            name = f"{plain} {group.suffix}"
            rule = f"place-group:{group.suffix}"
            # "<Place> rebels", "Waer’s residents"
            if nxt is not None and next_key in group.after_first:
                gap = text[place.end : tokens[nxt].start]
                if gap in _MAX_GAP_AFTER_PLACE or gap.strip() == "":
                    for phrase in group.after:
                        if _phrase_at(tokens, nxt, phrase, False) and joined(text, tokens, nxt, len(phrase)):
                            end = tokens[nxt + len(phrase) - 1].end
                            out.append(
                                ActorMention(place.start, end, rule, name, group.kind.value, group.side)
                            )
                            break
            # "rebels in <Place>", "residents of <Place>", أهالي الوعر
            if first is not None and not group.before_last.isdisjoint(before_keys):
                for phrase in group.before:
                    for jl in (0, 1):
                        j = first - jl - len(phrase)
                        if jl and (first < 1 or tokens[first - 1].key not in lex.joiners):
                            continue
                        if _phrase_at(tokens, j, phrase, True) and joined(text, tokens, j, first - j + 1):
                            head = tokens[j]
                            skip = next((s for k, s in _keys(head) if k == phrase[0]), 0)
                            out.append(
                                ActorMention(
                                    head.start + skip, place.end, rule, name, group.kind.value, group.side
                                )
                            )
                            break
    return out


@functools.lru_cache(maxsize=1024)
def _plain(name: str) -> str:
    """ "Maḑāyā" -> "Madaya": actor names are typed and searched by people."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _word_at(words: Words, a: int, b: int, offset: int) -> int | None:
    """Which of words a..b-1 holds `offset`, counted from a (a place found after a proclitic
    starts mid-word)."""
    n = bisect_right(words.starts, offset, a, b) - 1
    if n >= a and words.starts[n] <= offset < words.end(n):
        return n - a
    return None


def _word_ending(words: Words, a: int, b: int, offset: int) -> int | None:
    """Which of words a..b-1 ends at `offset`, counted from a."""
    n = bisect_left(words.starts, offset, a, b) - 1  # the last opening before it
    if n >= a and words.end(n) == offset:
        return n - a
    return None


def _longest_first(mentions: list[ActorMention]) -> tuple[ActorMention, ...]:
    """The longest mentions first, each kept unless it overlaps one kept before."""
    taken: list[ActorMention] = []
    occupied = Occupied(max((m.end for m in mentions), default=0))
    for m in sorted(mentions, key=lambda m: (m.start - m.end, m.start)):
        if not occupied.overlaps(m.start, m.end):
            occupied.take(m.start, m.end)
            taken.append(m)
    return tuple(sorted(taken, key=lambda m: m.start))


def find_actors(
    text: str,
    places: tuple[PlaceMention, ...] = (),
    spans: Sequence[tuple[int, int]] | None = None,
    deadline: Deadline | None = None,
) -> tuple[ActorMention, ...]:
    """Actor mentions in `text`, one per span; offsets slice `text` exactly.

    With `spans` (sorted, non-overlapping, e.g. the sentences that hold event
    triggers) only mentions inside them are looked for: a phrase never runs
    from one span into the next.
    """
    lex = _load(_data_file())
    found = words_of(text)
    if spans is None:
        pieces = [(0, len(found), places)]
    else:
        starts = found.starts
        pieces = []
        places_in = Inside(places)
        for lo, hi in spans:
            a, b = bisect_left(starts, lo), bisect_left(starts, hi)
            while b > a and found.end(b - 1) > hi:
                b -= 1
            pieces.append((a, b, tuple(places_in(lo, hi))))
    mentions: list[ActorMention] = []
    arabic = is_arabic(text)
    for n, (a, b, near) in enumerate(pieces):
        if deadline is not None and not n % 64:
            deadline.check("actors")
        if b > a:
            mentions += _lexicon_mentions(text, found, a, b, lex, arabic)
            if near:  # only the words around a place become Token objects
                mentions += _group_mentions(text, found, a, b, near, lex)
    mentions = [m for m in mentions if not names_a_time_zone(text, m.start, m.end)]  # "6 p.m. Moscow time"
    filed = dateline_filing_spans(text)  # "GAO, 14 March (OCHA) -": who carried the story
    if filed:
        mentions = [m for m in mentions if not any(a < m.end and m.start < b for a, b in filed)]
    return _in_context(_longest_first(mentions), lex, places)


def _document_country(places: Sequence[PlaceMention]) -> str | None:
    """The country a text is about: the one its places (datelines aside) name most, first named on ties."""
    counts: dict[str, int] = {}
    for m in places:
        cc = m.place.country_code
        if cc and m.rule != "dateline":
            counts[cc] = counts.get(cc, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None  # dicts keep first-seen order


def _in_context(
    mentions: tuple[ActorMention, ...], lex: _Lexicon, places: Sequence[PlaceMention]
) -> tuple[ActorMention, ...]:
    """ "government forces", "the army", "rebels": the state forces (or the one rebel entry)
    of the country the text is about; with none known, the generic actor stays."""
    if not lex.by_country:
        return mentions
    generic = {lex.entries[at].name: countries for at, countries in lex.by_country.items()}
    if not any(m.actor in generic for m in mentions):
        return mentions
    country = _document_country(places)
    if country is None:
        return mentions
    out = []
    for m in mentions:
        own = generic[m.actor].get(country) if m.actor in generic else None
        if own is not None:
            e = lex.entries[own]
            m = replace(m, actor=e.name, kind=e.kind.value, side=e.side)
        out.append(m)
    return tuple(out)


class ActorComponent:
    """Fills `analysis.actors`; reads `analysis.places` for "<Place> rebels".

    When the pipeline has marked a focus (the sentences claims are built from),
    only those sentences are read: no claim could use an actor elsewhere.
    """

    name = "actors"

    def __call__(self, analysis: Analysis) -> Analysis:
        text = analysis.text
        if analysis.normalised and len(analysis.normalised) == len(text):
            text = analysis.normalised  # same length: offsets are the original's
        spans = analysis.focus
        if spans is not None and analysis.sentences:  # and where "they" in them was named
            spans = pronoun_windows(analysis.sentences, spans, text, language_cues(analysis.language).roles)
        actors = find_actors(text, analysis.places, spans, analysis.deadline)
        return replace(analysis, actors=actors)
