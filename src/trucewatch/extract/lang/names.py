"""A place's name as a report in English would write it, for texts that name it in another script.

An English text gives the spelling to log (the name as written). An Arabic text
does not: the place is known by its gazetteer entry, whose GeoNames name is often
a scholarly romanisation ("Dārayyā", "Al Ḩudaydah") that English reports and
monitors rarely write. Such a name gives way to one of the entry's plain Latin
alternate names, chosen by rule, not by place:

1. plain: Latin letters only once accents and apostrophes are dropped, with a
   leading article ("Al-", "As ") removed;
2. the scholarly name itself, so made plain, as an alternate spells it
   (doubled letters aside: "Dārayyā" -> "Daraya", "Rafaḩ" -> "Rafah");
3. unless it has a scholarly diphthong ("ay"/"aw" before a consonant:
   "Hudaydah"): then the plain alternate without one that most alternates
   share, then the one with the vowel pairs of English news spelling ("ou",
   "ei", "ai"), then the shortest.

A name already plain (an English exonym such as "Aleppo", or a curated
name) is kept as it is.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from trucewatch.model import Place

__all__ = ["latin_name", "latin_spellings", "levantine"]

_MARKS = re.compile(r"['’‘`ʿʾ]")
_ARTICLE = re.compile(r"^(?:al|el|as|ash|ar|ad|an|at|az|ath|adh|ed|er|es|ez)(?:[ -]+)(?=\w)", re.IGNORECASE)
_PLAIN = re.compile(r"[A-Za-z]+(?:[ -][A-Za-z]+)*")
_DIPHTHONG = re.compile(r"[aeiou][yw](?![aeiouy])", re.IGNORECASE)
_NEWS_VOWELS = re.compile(r"ou|ei|ai", re.IGNORECASE)
_DOUBLED = re.compile(r"(.)\1")
_INNER_ARTICLE = re.compile(r"[ -](?:as|ash|ad|adh|ar|at|ath|az|an|ed|er|es|ez|el)[ -](?=\w)", re.IGNORECASE)
_TAA_MARBUTA = re.compile(r"(?<=[^aeiou\W])ah?\Z")
_AW = re.compile(r"(?<=[^aeiou\W])aw(?=[^aeiouyw\W])", re.IGNORECASE)


def _bare(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _MARKS.sub("", text).strip()


def _plain(name: str) -> str | None:
    bare = _ARTICLE.sub("", _bare(name))
    return bare if _PLAIN.fullmatch(bare) else None


def _key(name: str) -> str:
    return _DOUBLED.sub(r"\1", name.lower().replace("-", "").replace(" ", ""))


def latin_name(place: Place) -> str:
    """The name to log for `place` when the text names it in a non-Latin script."""
    name = place.name
    if _PLAIN.fullmatch(name.replace("'", "")):
        return name
    main = _plain(name)
    spellings = [p for n in place.alternate_names if (p := _plain(n))]
    if main is not None and not _DIPHTHONG.search(main):
        # the scholarly name without its accents, as an alternate writes it ("Dārayyā" -> "Daraya")
        same = [s for s in spellings if _key(s) == _key(main)]
        return min(same, key=lambda s: (len(s), s)) if same else main
    if main is not None:  # another name of the place ("Dayr Bahmi" for "Ad Durayhimī") is not a spelling
        spellings = [s for s in spellings if _skeleton(s) == _skeleton(main)]
    if not spellings:
        return main or _bare(name) or name
    smooth = [s for s in spellings if not _DIPHTHONG.search(s)] or spellings
    votes = Counter(_key(s) for s in spellings)
    return min(smooth, key=lambda s: (-votes[_key(s)], not _NEWS_VOWELS.search(s), len(s), s))


def latin_spellings(place: Place, most: int = 5) -> list[str]:
    """`latin_name` first, then the entry's other plain Latin spellings of the same name ("Duma",
    "Douma"; not another language's name for the place, "Sham" for Damascus), one per way of
    writing it, most shared first (`most` of them at the most), then the Levantine "-eh" of a
    final taa marbuta, an inner article written "al-" and "aw" written "ou": a name the text
    writes only in Arabic has several equally good spellings in English reports."""
    first = latin_name(place)
    main = _plain(place.name)
    skeleton = _skeleton(first)
    spellings = [p for n in place.alternate_names if (p := _plain(n)) and _skeleton(p) == skeleton]
    votes = Counter(_key(s) for s in spellings)
    chosen = {_key(first): first}
    if main is not None and _skeleton(main) == skeleton:  # the gazetteer's own name, made plain
        chosen.setdefault(_key(main), main)
    for s in sorted(spellings, key=lambda s: (-votes[_key(s)], not _NEWS_VOWELS.search(s), len(s), s)):
        if len(chosen) >= most:
            break
        chosen.setdefault(_key(s), s)
    extra = []
    if any(n.endswith("ة") for n in place.alternate_names):  # as the Arabic name ends
        extra.append(levantine(first))
    # an article inside the name written as said ("Busra ash Sham") or as written ("Busra al-Sham")
    extra.append(_INNER_ARTICLE.sub(" al-", first))
    # the diphthong as French-taught spellings write it: "Hawran" -> "Houran", "Dawr" -> "Dour"
    extra.append(_AW.sub("ou", first))
    for spelling in extra:
        chosen.setdefault(_key(spelling), spelling)
    return list(chosen.values())


def levantine(spelling: str) -> str:
    """A romanised name ending in a taa marbuta ("-a", "-ah") as Levantine spellings write it:
    "-eh" ("Talbisa" -> "Talbiseh")."""
    return _TAA_MARBUTA.sub("eh", spelling)


# Romanisations of one Arabic letter ("kh"/"k", "dh"/"d", "sh"/"ch", "j"/"dj"), as one
_SAME_SOUND = (
    ("kh", "k"),
    ("gh", "g"),
    ("q", "k"),
    ("dh", "d"),
    ("th", "t"),
    ("sh", "s"),
    ("ch", "s"),
    ("dj", "j"),
    ("dz", "j"),
    ("zh", "j"),
)


def _skeleton(name: str) -> str:
    """A name's consonants as romanisations differ least in them: "Douma" and "Duma" -> "dm",
    "Darnah" and "Derna" -> "drn", "Khan Yunis" and "Khan Younis" -> "knns"."""
    text = re.sub(r"[^a-z]", "", _ARTICLE.sub("", _bare(name)).lower())
    for pair, one in _SAME_SOUND:
        text = text.replace(pair, one)
    text = re.sub(r"h$", "", text)
    return _DOUBLED.sub(r"\1", re.sub(r"[aeiouyw]", "", text))
