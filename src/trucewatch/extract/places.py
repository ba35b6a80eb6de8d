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
   village called like a common word), nor is any place of the worldwide tier
   or one named by a GeoNames alternate name (they hold nicknames: "Google"
   is Topeka) unless it is a very big city; curated places, countries and
   admin1 areas always are;
4. among the rest: the country with most votes, then a country over a
   populated place over an admin area over a region, then population.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from difflib import SequenceMatcher
from itertools import compress
from operator import attrgetter, itemgetter, not_
from typing import NamedTuple

from trucewatch.extract.base import Analysis, PlaceMention
from trucewatch.extract.capitals import capital_mentions, country_of_adjective, demonyms
from trucewatch.extract.cue_places import cue_places
from trucewatch.extract.dateline import dateline_spans
from trucewatch.extract.gazetteer import ADMIN1_SUFFIXES, DEFAULT_COUNTRIES, Entry, Gazetteer, load_stoplist
from trucewatch.extract.intervals import Cover
from trucewatch.extract.lang.ar.cue_places import arabic_cue_places
from trucewatch.extract.lang.ar.fold import fold_word
from trucewatch.extract.nlp import ARTICLES, Words, fold, fold_token, is_arabic, names_a_time_zone, words_of
from trucewatch.extract.world_places import Opening
from trucewatch.model import Place

__all__ = ["MIN_POPULATION", "PlaceComponent", "find_places"]

# An uncurated populated place outside the document's countries needs this
# many inhabitants to be believed.
MIN_POPULATION = 15_000
# ... and this many when the text names it by an alternate name.
MIN_ALTERNATE_POPULATION = 1_000_000
# ... but a city of the conflict countries the default covers is often written in English by
# a spelling GeoNames keeps only as an alternate ("Khan Younis", "Wad Madani"): this many there
# (a town of 100,000 such as Douma still needs its country named: test_places).
MIN_CONFLICT_ALTERNATE_POPULATION = 150_000
_LEADING_ARTICLES = frozenset({"al", "el"})


class _Match(NamedTuple):  # a tuple: made for every name found, several times faster than a dataclass
    start: int
    end: int
    entries: tuple[Entry, ...]
    last: int  # index of the last token used
    clitic: bool = False  # found only after removing an Arabic proclitic (بحمص)
    first: int = -1  # index of the first token used


@functools.lru_cache(maxsize=16384)
def _written_as(texts: tuple[str, ...], acronym: bool) -> bool:
    """Latin-script names need a capital, acronyms all capitals (asked once per spelling:
    names repeat within and across texts)."""
    cased = [w for w in texts if w[:1].upper() != w[:1].lower()]
    if not cased:
        return True  # Arabic and other uncased scripts
    if acronym:
        return all(c.isupper() for w in cased for c in w if c.isalpha())
    significant = [w for w in cased if fold_token(w) not in ARTICLES] or cased
    return any(w[:1].isupper() for w in significant)


def _match_at(text: str, words: Words, i: int, gazetteer: Gazetteer) -> _Match | None:
    keys, infos = words.keys, words.infos
    index, prefixes, limit = gazetteer.index, gazetteer.prefixes, min(gazetteer.max_tokens, len(keys) - i)
    key_i, variants = keys[i], infos[i][2]
    for key0, skipped in ((key_i, 0), *variants) if variants else ((key_i, 0),):
        if key0 not in gazetteer.first_tokens:
            continue
        # Extend the phrase one joined token at a time while it can still grow into a
        # name; keep the lengths that are names, then try them longest first.
        names = [(1, key0)] if key0 in index else []  # (words, key) of the phrases that are names
        key, n = key0, 1
        while n < limit and key in prefixes and words.joins(i + n - 1):
            key = f"{key} {keys[i + n]}"
            n += 1
            if key in index:
                names.append((n, key))
        for n, key in reversed(names):
            # the words as written, not Token objects: the casing test is cached on them
            texts = (infos[i][0],) if n == 1 else tuple([info[0] for info in infos[i : i + n]])
            entries = _as_written(gazetteer.entries_of(key), texts)
            if entries:
                starts, last = words.starts, i + n - 1
                end = starts[last] + len(infos[last][0])
                return _Match(starts[i] + skipped, end, entries, last, key0 != key_i, i)
    return None


def _as_written(found: tuple[Entry, ...], texts: tuple[str, ...]) -> tuple[Entry, ...]:
    """The entries of `found` whose names may be written as `texts` are (see _written_as)."""
    if len(found) == 1:
        return found if _written_as(texts, found[0].acronym) else ()
    # the test depends on the acronym flag alone: once per flag (both asked: they are cached)
    verdict = (_written_as(texts, False), _written_as(texts, True))
    if verdict[0] is verdict[1]:
        return found if verdict[0] else ()
    return tuple([e for e in found if verdict[e.acronym]])


def _world_match(
    words: Words, i: int, opening: Opening, limit: int, countries: frozenset[str]
) -> _Match | None:
    """The longest name of the worldwide tier at word i naming a place in one of `countries`
    (the names of `opening` all open with word i)."""
    keys, names = words.keys, opening.names
    key, n, lengths = keys[i], 1, []
    if key in names:
        lengths.append(1)
    limit, prefixes = min(limit, opening.longest), opening.prefixes
    while n < limit and key in prefixes and words.joins(i + n - 1):
        key = f"{key} {keys[i + n]}"
        n += 1
        if key in names:
            lengths.append(n)
    for n in reversed(lengths):
        texts = tuple([info[0] for info in words.infos[i : i + n]])
        found = [e for e in names[" ".join(keys[i : i + n])] if e[2] in countries]
        verdict = {flag & 1: _written_as(texts, bool(flag & 1)) for _, flag, _ in found}
        entries = tuple(Entry(f"gn:{g}", bool(f & 1), bool(f & 2)) for g, f, _ in found if verdict[f & 1])
        if entries:
            return _Match(words.starts[i], words.end(i + n - 1), entries, i + n - 1, first=i)
    return None


def _longer(a: _Match | None, b: _Match | None) -> _Match | None:
    """The longer match; of two over the same words, one with the entries of both."""
    if a is None or b is None:
        return a or b
    if a.end != b.end:
        return a if a.end > b.end else b
    return a._replace(entries=(*a.entries, *b.entries))


def _with_article(text: str, words: Words, i: int, match: _Match) -> _Match:
    """Take in a preceding "al-"/"el-" the index did not need ("el-Waer")."""
    if i == 0 or match.start != words.starts[i]:
        return match
    if words.keys[i - 1] in _LEADING_ARTICLES and text[words.end(i - 1) : words.starts[i]] in ("-", " "):
        return match._replace(start=words.starts[i - 1])
    return match


def _scan(text: str, gazetteer: Gazetteer) -> list[_Match]:
    found = words_of(text)
    keys, infos = found.keys, found.infos
    # False: no name, True: a name, else the words that may follow it in a longer name
    opening = gazetteer.name_openers(keys)
    last, prefixes = len(keys) - 1, gazetteer.prefixes
    # most words start no name: only words that open one are tried, and in Arabic the words
    # with a proclitic removed (found in C)
    candidates: Iterable[int] = compress(range(len(keys)), opening)
    arabic = is_arabic(text)
    if arabic:
        candidates = sorted({*candidates, *compress(range(len(keys)), map(itemgetter(2), infos))})
    matches: list[_Match] = []
    resume = 0
    for i in candidates:
        if i < resume:
            continue
        following = opening[i]
        # a common word ("the") that only opens longer names needs the next word to continue one
        if (
            following is not True
            and not (arabic and infos[i][2])
            and (i == last or keys[i + 1] not in following)  # type: ignore[operator]
        ):
            continue
        if following is True and keys[i] not in prefixes and not infos[i][2]:
            # a name of one word that opens no longer one (most names): what _match_at
            # finds depends on the word as written alone, so it is looked up once per spelling
            entries = _one_word(gazetteer, infos[i][0], keys[i])
            match = _Match(found.starts[i], found.end(i), entries, i, False, i) if entries else None
        else:
            match = _match_at(text, found, i, gazetteer)
        if match is None:
            continue
        matches.append(_with_article(text, found, i, match))
        resume = match.last + 1
    return matches


def _one_word(gazetteer: Gazetteer, word: str, key: str) -> tuple[Entry, ...]:
    """The entries a name of the one word `word` (folded `key`) may be, as written."""
    cache = gazetteer.spelling_cache
    found = cache.get(word)
    if found is None:
        if len(cache) >= _NAME_CACHE_MAX:
            cache.clear()
        found = cache[word] = _as_written(gazetteer.entries_of(key), (word,))
    return found


def _add_world(
    words: Words, gazetteer: Gazetteer, matches: list[_Match], countries: frozenset[str]
) -> list[_Match]:
    """`matches` with the worldwide tier's places of `countries` added: only those can be
    believed (see _trusted), and looking only for them keeps the tier cheap. Its names
    need a capital. Where a tier name and a default one overlap, the longer wins; over
    the same words, the match holds both."""
    keys = words.keys
    covered: dict[int, int] | None = None  # word -> the match over it; made at the first name found
    out: list[_Match | None] = list(matches)
    initials = map(itemgetter(0), map(itemgetter(0), words.infos))
    capitals = list(compress(range(len(keys)), map(str.isupper, initials)))
    # the answers for words seen before, read in C; the others asked for one by one
    capital_keys = list(map(keys.__getitem__, capitals))
    try:
        known = list(map(gazetteer.world_openings_seen.__getitem__, capital_keys))
    except KeyError:
        known = list(map(gazetteer.world_names_from, capital_keys))
    # the words opening a name of a place in one of `countries` (few), picked in C
    wanted = map(not_, map(countries.isdisjoint, map(attrgetter("countries"), known)))
    resume = 0
    for i, opened in compress(zip(capitals, known, strict=True), wanted):
        if i < resume:
            continue
        match = _world_match(words, i, opened, len(keys) - i, countries)
        if match is None:
            continue
        if covered is None:
            covered = {t: n for n, m in enumerate(matches) for t in range(m.first, m.last + 1)}
        overlapped = {covered[t] for t in range(match.first, match.last + 1) if t in covered}
        span = match.last - match.first
        if any(matches[n].last - matches[n].first > span for n in overlapped):
            continue
        same = [n for n in overlapped if (matches[n].first, matches[n].last) == (match.first, match.last)]
        if same:
            out[same[0]] = _longer(matches[same[0]], match)
        else:
            for n in overlapped:
                if matches[n].last - matches[n].first == span:
                    break  # as long, elsewhere: the default name came first
            else:
                for n in overlapped:
                    out[n] = None
                out.append(match)
        resume = match.last + 1
    return sorted((m for m in out if m is not None), key=lambda m: m.start)


def _trusted(
    gazetteer: Gazetteer,
    entry: Entry,
    context: Counter[str] | None,
    clitic: bool = False,
    written: str | None = None,
) -> bool:
    """Curated places, countries and admin areas always; big places unless the
    name was only found by removing a proclitic (فرانس is not و + رانس) or is an
    alternate name; small places when the document is about their country, and
    places of the worldwide tier when it is one of its main countries (a story
    about Haiti that names the United States once does not make "Henry" a US town)."""
    meta = gazetteer.meta[entry.place_id]
    if meta.curated or meta.rank != 1:
        return True
    if not entry.alternate:
        floor = MIN_POPULATION
    elif written is not None and _respelled(written, gazetteer.places[entry.place_id]):
        floor = MIN_CONFLICT_ALTERNATE_POPULATION
    else:
        floor = MIN_ALTERNATE_POPULATION
    if not meta.world and meta.population >= floor and not clitic:
        return True
    if not context:
        return False
    votes = context[gazetteer.places[entry.place_id].country_code or ""]
    return votes > 0 and (not meta.world or 2 * votes >= max(context.values()))


def _respelled(written: str, place: Place) -> bool:
    """Whether `written` (English text) is another spelling of the name of `place`, a town of the
    conflicts the default covers ("Khan Younis" for Khān Yūnis, "Wad Madani" for Wad Medani), not
    another name altogether: a given name ("Khalil" for Hebron, "Ariel" for Jerusalem) or an old one."""
    if place.country_code not in DEFAULT_COUNTRIES:
        return False
    return SequenceMatcher(None, fold(written), fold(place.name)).ratio() >= _RESPELLED


_RESPELLED = 0.8  # the share of letters two spellings of one name have in common, at least


def _country_votes(gazetteer: Gazetteer, matches: list[_Match]) -> Counter[str]:
    votes: Counter[str] = Counter()
    for match in matches:
        if not match.clitic and (cc := _facts(gazetteer, match.entries)[0]):
            votes[cc] += 1
    return votes


def _demonym_votes(text: str) -> Counter[str]:
    """With no name to vote: the countries the text's adjectives name ("the Sudanese army
    recaptured Wad Madani", "Ethiopian troops regained Lalibela"), one vote per mention."""
    return Counter(country_of_adjective(text))


def _agreeing_votes(gazetteer: Gazetteer, matches: list[_Match]) -> Counter[str]:
    """With no name trusted on its own: the countries that two different names can each only
    be in ("Douma" and "Harasta", both spellings of small Syrian towns), one vote per name."""
    names: dict[str, set[tuple[str, ...]]] = {}
    for match in matches:
        countries = {gazetteer.places[e.place_id].country_code for e in match.entries}
        if not match.clitic and len(countries) == 1 and (cc := countries.pop()):
            names.setdefault(cc, set()).add(tuple(e.place_id for e in match.entries))
    return Counter({cc: len(found) for cc, found in names.items() if len(found) >= 2})


def _facts(gazetteer: Gazetteer, entries: tuple[Entry, ...]) -> tuple[str, tuple[str, ...] | None]:
    """What a name's entries say whatever the document (asked once per name: names repeat):
    the country it votes for, the one country of the places it may name that are trusted
    without context ("" for none or several); and when every one is trusted so (found
    without a proclitic), their places' ids, each once, else None."""
    cache = gazetteer.name_cache
    found = cache.get(entries)
    if found is None:
        trusted = [e.place_id for e in entries if _trusted(gazetteer, e, None)]
        countries = {gazetteer.places[p].country_code for p in trusted}
        vote = (countries.pop() or "") if len(countries) == 1 else ""
        always = tuple(dict.fromkeys(trusted)) if len(trusted) == len(entries) else None
        if len(cache) >= _NAME_CACHE_MAX:
            cache.clear()
        found = cache[entries] = (vote, always)
    return found


_NAME_CACHE_MAX = 50_000


# Words that may stand next to a place name without making it part of another name.
_PLACE_WORDS = frozenset(
    [
        "city",
        "town",
        "village",
        "district",
        "camp",
        "region",
        "province",
        "governorate",
        "state",
        "county",
        "airport",
        "port",
        "crossing",
        "countryside",
        "area",
        "neighbourhood",
        "neighborhood",
        "municipality",
        "border",
        "road",
        "highway",
        "street",
        "valley",
        "river",
        "mountains",
        "hills",
        "base",
        "airbase",
        "suburb",
        "suburbs",
        "square",
        "market",
        "hospital",
        "front",
        "frontline",
        "corridor",
    ]
)
_DIRECTIONS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "upper",
        "lower",
        "greater",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
    ]
)


def _part_of_another_name(words: Words, match: _Match, gazetteer: Gazetteer) -> bool:
    """A one-word town next to another capitalised word ("Ariel Henry", "Vladimir Putin",
    "Secretary-General") is usually part of a person's or body's name, not the place.
    Countries are kept ("DR Congo"), and so are places beside a direction ("northern Shan")."""
    if match.first < 0 or match.last != match.first or match.clitic:
        return False
    i, infos = match.first, words.infos
    for j, gap_at in ((i + 1, i), (i - 1, i - 1)):
        # most names stand beside an uncapitalised word: that is tested first
        if not 0 <= j < len(infos) or not (word := infos[j][0])[:1].isupper() or word.isupper():
            continue
        if infos[j][2]:
            continue
        gap = words.text[words.end(gap_at) : words.starts[gap_at + 1]]
        key = words.keys[j]
        if gap not in (" ", "-") or key in _PLACE_WORDS or key in _DIRECTIONS or key in ARTICLES:
            continue
        if key in _function_words():
            continue
        return not any(gazetteer.meta[e.place_id].rank == 0 for e in match.entries)
    return False


@functools.cache
def _function_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS  # imported late: spaCy is slow to import

    return frozenset(fold(w) for w in STOP_WORDS)


@functools.cache
def _organisations() -> frozenset[str]:
    from trucewatch.extract.actors import organisation_keys  # actors read places: imported late

    return organisation_keys()


@functools.cache
def _party_names() -> frozenset[str]:
    from trucewatch.extract.actors import alias_keys  # actors read places: imported late

    return alias_keys()


def _names_an_organisation(words: Words, match: _Match) -> bool:
    """ "Hamas", "Red Cross": a name of an armed group or agency is not a place here."""
    if match.first < 0:
        return False
    if match.first == match.last:
        return words.keys[match.first] in _organisations()
    return " ".join(words.keys[match.first : match.last + 1]) in _organisations()


def _is_place(words: Words, match: _Match, gazetteer: Gazetteer) -> bool:
    return (
        not _names_an_organisation(words, match)
        and not _part_of_another_name(words, match, gazetteer)
        and not _ordinary_words(words, match)
        and not _arabic_adjective(words, match)
    )


# Arabic nouns with the article after which a name with it is in apposition: "العاصمة الخرطوم"
_APPOSED = frozenset(
    fold_word(w)
    for w in (
        *("العاصمة", "المدينة", "البلدة", "القرية", "المخيم", "الحي", "المحافظة", "الولاية", "المنطقة"),
        *("الريف", "الميناء", "المطار", "المعبر", "الإقليم", "الناحية", "القضاء", "المديرية"),
    )
)


# Arabic places named by an ordinary adjective (El Obeid is "the white"): colours, sizes, ages
_ADJECTIVE_NAMES = frozenset(
    fold_word(w)
    for w in (
        *("الأبيض", "الأحمر", "الأخضر", "الأسود", "الأزرق", "الأصفر", "الجديد", "الجديدة", "القديم"),
        *("القديمة", "الكبير", "الكبيرة", "الكبرى", "الصغير", "الصغيرة", "الصغرى", "الأعلى", "الأوسط"),
    )
)


def _arabic_adjective(words: Words, match: _Match) -> bool:
    """ "البيت الأبيض" (the White House), "البحر الأبيض" (the Mediterranean): an Arabic name that
    is an ordinary adjective, with the article, right after a noun with the article is that
    noun's adjective, not the namesake town (El Obeid); but not after a place word or a nisba
    adjective, which a name follows in apposition ("العاصمة السودانية الأبيض"). A name that is
    no adjective after one is a verb's object: "هاجمت قوات الدعم السريع الفاشر"; so is one right
    after a party's name of two or three words ("قصفت قوات الدعم السريع الأبيض")."""
    i = match.first
    if i < 1 or match.clitic or words.keys[i] not in _ADJECTIVE_NAMES:
        return False
    if any(i >= n and " ".join(words.keys[i - n : i]) in _party_names() for n in (2, 3)):
        return False
    before = words.infos[i - 1]
    if not before[0].startswith("ال") or words.text[words.end(i - 1) : words.starts[i]] != " ":
        return False
    return before[1] not in _APPOSED and not before[1].endswith(("ي", "يه"))


def _ordinary_words(words: Words, match: _Match) -> bool:
    """ "The crossing", "New Hope": a name of several words every one of which is an ordinary
    word (see the stoplist) is those words, not the namesake place; but not "Unity State",
    "Northern state", capitalised words then a first-level area's word."""
    if match.first < 0 or match.last == match.first:
        return False
    stop = load_stoplist()
    keys = words.keys[match.first : match.last + 1]
    if not all(key in stop for key in keys):
        return False
    return keys[-1] not in ADMIN1_SUFFIXES or not all(
        info[0][:1].isupper() for info in words.infos[match.first : match.last]
    )


def find_places(text: str, gazetteer: Gazetteer) -> tuple[PlaceMention, ...]:
    """Every place name in `text`, resolved; offsets slice `text` exactly.

    Places in a dateline ("BEIRUT, Aug 14 (Reuters) -") say where the story was
    filed: they are kept, with the rule "dateline", only when the text names no
    other place, and they vote for the document's country only then.
    """
    words = words_of(text)
    latin = not is_arabic(text)  # English spellings of conflict towns (see _trusted)
    matches = [
        m
        for m in _scan(text, gazetteer)
        if _is_place(words, m, gazetteer) and not names_a_time_zone(text, m.start, m.end)
    ]
    datelines = dateline_spans(text)
    in_dateline = _in_spans(matches, datelines)
    votes = _country_votes(gazetteer, [m for m, d in zip(matches, in_dateline, strict=True) if not d])
    if not votes:
        votes = _country_votes(gazetteer, matches)
    if not votes:
        votes = _agreeing_votes(gazetteer, matches)
    if not votes:
        votes = _demonym_votes(text)
    if votes and gazetteer.world is not None:
        top = max(votes.values())
        main = frozenset(cc for cc, v in votes.items() if 2 * v >= top)
        added = _add_world(words, gazetteer, matches, main)
        if added != matches:
            checked = {id(m) for m in matches}  # the default's matches passed already
            matches = [m for m in added if id(m) in checked or _is_place(words, m, gazetteer)]
            in_dateline = _in_spans(matches, datelines)
    out = []
    for match, dateline in zip(matches, in_dateline, strict=True):
        ids: Sequence[str] | None = None if match.clitic else _facts(gazetteer, match.entries)[1]
        if ids is None:  # some places are trusted only in some documents
            written = text[match.start : match.end] if latin else None
            ids = [e.place_id for e in match.entries if _trusted(gazetteer, e, votes, match.clitic, written)]
            ids = list(dict.fromkeys(ids))
        if not ids:
            continue
        if len(ids) == 1:  # most names: nothing to choose between
            best, how = ids[0], "unique"
        else:
            best, how = _choose(gazetteer, ids, votes)
        rule = "dateline" if dateline else f"gazetteer:{how}"
        out.append(PlaceMention(match.start, match.end, rule, gazetteer.places[best]))
    cued = [*capital_mentions(text, out, gazetteer.capital), *cue_places(text, out, _is_common)]
    if is_arabic(text):  # camps an Arabic text names after "مخيم", romanised
        cued = [*cued, *arabic_cue_places(text, [*out, *cued])]
    ranked = votes.most_common(2)
    if ranked and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
        # an unknown town of a report about one country (named twice as often as any other)
        # is taken to be in it
        first = ranked[0][0]
        cued = [
            c if c.place.country_code else replace(c, place=replace(c.place, country_code=first))
            for c in cued
        ]
    if cued:  # a cue's name holds a known one ("Puerto Jordan"): the longer name is the place
        holders = Cover((c.start, c.end) for c in cued)
        out = [m for m in out if not holders.holds(m.start, m.end)]
        out = sorted([*out, *cued], key=lambda m: m.start)
    if any(m.rule != "dateline" for m in out):
        out = [m for m in out if m.rule != "dateline"]
    return tuple(out)


def _in_spans(matches: list[_Match], spans: list[tuple[int, int]]) -> list[bool]:
    """For each match, whether one of `spans` holds it (most texts have no dateline: all False)."""
    if not spans:
        return [False] * len(matches)
    return [any(a <= m.start and m.end <= b for a, b in spans) for m in matches]


def _choose(gazetteer: Gazetteer, ids: Sequence[str], votes: Counter[str]) -> tuple[str, str]:
    """The place meant among several of one name, and how it was chosen."""
    places = [gazetteer.places[i] for i in ids]
    # a country's name is the country ("Russia", "Georgia", "Jordan"), not a namesake
    # town or state of the country the text names most
    best = min(
        ids,
        key=lambda i: (
            gazetteer.places[i].kind != "country",
            -votes[gazetteer.places[i].country_code or ""],
            gazetteer.rank_key(i),
        ),
    )
    best = _famous_namesake(gazetteer, ids, best)
    countries = {p.country_code for p in places}
    return best, "context" if len(countries) > 1 and votes else "rank"


_FAMOUS = 1_000_000  # people: a city this big is what its name means ("Moscow", not Moscow, Idaho)


def _famous_namesake(gazetteer: Gazetteer, ids: Sequence[str], best: str) -> str:
    """`best`, unless another candidate is a city of a million people a hundred times its
    size: the country a text names most does not make its small namesake the place meant."""
    size = gazetteer.meta[best].population
    big = max(ids, key=lambda i: gazetteer.meta[i].population)
    population = gazetteer.meta[big].population
    return big if population >= _FAMOUS and population > 100 * size and big != best else best


# Capitalised words that do not name a place even beside "camp" or "town".
_NOT_NAMES = frozenset(
    [
        "army",
        "military",
        "police",
        "government",
        "forces",
        "force",
        "troops",
        "rebels",
        "rebel",
        "militia",
        "militias",
        "national",
        "international",
        "islamic",
        "state",
        "republic",
        "democratic",
        "united",
        "nations",
        "un",
        "president",
        "minister",
        "ministry",
        "security",
        "refugee",
        "refugees",
        "idp",
        "displacement",
        "humanitarian",
        "red",
        "cross",
        "crescent",
        "main",
        "old",
        "new",
        "key",
    ]
)


# Nationality and other adjectives ("Palestinian refugee camp", "Sudanese town")
# English adjectives of peoples and places end so ("Syrian", "Sudanese", "Irish"); those ending
# -ani, -eli, -aqi are the demonyms listed ("Pakistani", "Israeli"), as many Arabic and Persian
# place names end so too ("Wad Madani", "Zabadani")
_ADJECTIVE_ENDS = ("ian", "ese", "ean", "ish")


@functools.lru_cache(maxsize=8192)
def _is_common(word: str) -> bool:
    key = fold(word)
    return (
        any(key.endswith(end) and len(key) - len(end) >= 2 for end in _ADJECTIVE_ENDS)  # "Irish", not "Rish"
        or key in demonyms()
        or key in load_stoplist()
        or key in _NOT_NAMES
        or key in _DIRECTIONS
        or key in _PLACE_WORDS
        or key in _actor_words()
    )


@functools.cache
def _actor_words() -> frozenset[str]:
    """One-word actor aliases ("Russian", "Houthis", "Hamas"): no place names; a state's own
    name ("Jordan") is a country's, and may be part of a place's ("Puerto Jordan")."""
    from trucewatch.extract.actors import alias_keys, country_names  # actors read places: imported late

    return frozenset(k for k in alias_keys() - country_names() if " " not in k)


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
