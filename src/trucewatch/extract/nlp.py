"""Shared text helpers: one blank spaCy pipeline, name folding and a tokenizer.

Lexicon matchers (places, actors) compare *folded* token keys, so
"al-Wa'er", "Al Waer" and "AL-WAER" all become the tokens ("al", "waer"),
and الوعر / والوعر become "الوعر". Tokens keep offsets into the original
text, so a match always slices the text exactly.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from itertools import accumulate, compress, count
from operator import add, itemgetter
from typing import Protocol

APOSTROPHES = "'’‘`ʿʾ"
# Letters plus the combining marks that must stay inside a word (Latin
# accents in decomposed text, Arabic harakat and tatweel).
_WORD_CHAR = r"(?:[^\W_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640])"
_TOKEN = re.compile(rf"{_WORD_CHAR}+(?:[{APOSTROPHES}]{_WORD_CHAR}+)*")
# The same with one character class (so also "_"): several times faster to scan.
_MARKS = r"\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
_FAST_TOKEN = re.compile(rf"[\w{_MARKS}]+(?:[{APOSTROPHES}][\w{_MARKS}]+)*")
# The same set again, its ASCII part written out first: the engine tests that part as a
# bitmap before the slow Unicode category look-up of \w (a tenth faster over English).
# Possessive repeats (never given back: the same words, as a word's runs end where no
# word character follows) spare the engine its backtracking marks (a fifth faster).
_FAST_SPLIT = re.compile(rf"([0-9A-Za-z_\w{_MARKS}]++(?:[{APOSTROPHES}][0-9A-Za-z_\w{_MARKS}]++)*+)")
# What may separate the words of one name: spaces with at most one line
# break, or a hyphen; a full stop only after a single letter ("U.S.").
_JOIN = re.compile(r"[ \t]{0,2}(?:\r?\n)?[ \t]{0,2}|[ \t]?-[ \t]?")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u0640\ufeff"))
_ARABIC_LETTERS = str.maketrans({"ة": "ه", "ى": "ي"})

# Arabic definite-article forms as transliterated ("al-Waer", "ar-Raqqa", "el-Bab").
ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "er", "es", "ez", "ul"})
# Arabic proclitics written attached to the next word: wa-, fa-, bi-, li-, ka-.
_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ل", "ك")


def fold_token(token: str) -> str:
    """Lower-case, strip accents/harakat/apostrophes, unify Arabic letter variants."""
    if token.isascii():  # the common case, ten times faster
        return token.lower().replace("'", "").replace("`", "")
    text = unicodedata.normalize("NFKD", token.translate(_INVISIBLE))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    for mark in APOSTROPHES:
        text = text.replace(mark, "")
    return text.translate(_ARABIC_LETTERS)


def fold(name: str) -> str:
    """The lookup key of a name: its folded tokens joined by single spaces."""
    return " ".join(fold_token(m.group()) for m in _TOKEN.finditer(name))


def strip_article(key: str) -> str:
    """Drop a leading transliterated or Arabic article: "al waer" -> "waer", "الوعر" -> "وعر"."""
    first, _, rest = key.partition(" ")
    if first in ARTICLES and rest:
        return rest
    if first.startswith("ال") and len(first) > 4:
        return first[2:] + (" " + rest if rest else "")
    return key


# a clock time, then the city whose time it is: "at 6 p.m. Moscow time", "midnight Damascus time";
# in Arabic the zone's word comes first ("الساعة الثامنة بتوقيت دمشق")
_CLOCK_BEFORE = re.compile(r"(?:\d|[ap]\.?m\.?|midnight|noon)\s*\Z", re.IGNORECASE)
_TIME_AFTER = re.compile(r"\s+time\b")
_TIME_OF_BEFORE = re.compile(r"(?:ب|حسب\s+)توقيت\s*\Z")


def names_a_time_zone(text: str, start: int, end: int) -> bool:
    """Whether the name at `start:end` is the zone of a clock time, not a place or a party."""
    if _TIME_OF_BEFORE.search(text, max(0, start - 12), start) is not None:
        return True
    return (
        _TIME_AFTER.match(text, end) is not None
        and _CLOCK_BEFORE.search(text, max(0, start - 12), start) is not None
    )


def is_arabic(text: str) -> bool:
    # isascii reads a whole text at C speed; the character class is tested per character
    return not text.isascii() and _ARABIC.search(text) is not None


class Token:
    """A word with offsets into the text and its folded key.

    A plain slotted class rather than a frozen dataclass: documents make
    hundreds of these and a frozen dataclass's __init__ is several times slower.
    Treat instances as read-only (they are shared between components).
    """

    __slots__ = ("end", "key", "start", "text", "variants")

    def __init__(
        self, start: int, end: int, text: str, key: str, variants: tuple[tuple[str, int], ...] = ()
    ) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.key = key  # folded
        # Alternative keys with an Arabic proclitic removed: (key, chars skipped at the start).
        self.variants = variants

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Token):
            return NotImplemented
        return (self.start, self.end, self.text, self.key, self.variants) == (
            other.start,
            other.end,
            other.text,
            other.key,
            other.variants,
        )

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.text))

    def __repr__(self) -> str:
        return f"Token({self.start}, {self.end}, {self.text!r}, {self.key!r}, {self.variants!r})"

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def cased(self) -> bool:
        """True for scripts with letter case (Latin, Greek, Cyrillic)."""
        return self.text[:1].upper() != self.text[:1].lower()


def _arabic_variants(word: str) -> tuple[tuple[str, int], ...]:
    """و/ف then ب/ل/ك before a word; لل is ل + ال. Keep at least 3 letters."""
    out: list[tuple[str, int]] = []
    stems = [(word, 0)]
    if word[:1] in _CONJUNCTIONS and len(word) > 3:
        stems.append((word[1:], 1))
    for stem, skipped in list(stems):
        if stem[:1] in _PREPOSITIONS and len(stem) > 3:
            rest = stem[1:]
            if stem.startswith("لل"):
                out.append(("ال" + stem[2:], skipped))  # the span keeps the clitic
            stems.append((rest, skipped + 1))
    out.extend(s for s in stems[1:])
    return tuple((fold_token(s), k) for s, k in out)


_POSSESSIVE_ENDS = tuple(a + s for a in APOSTROPHES for s in "sS")


@functools.lru_cache(maxsize=4096)
def _word(word: str) -> tuple[str, str, tuple[tuple[str, int], ...]]:
    """(word without a possessive 's, its folded key, its Arabic variants); words repeat a lot."""
    if len(word) > 2 and word.endswith(_POSSESSIVE_ENDS):
        word = word[:-2]
    if word.isascii():
        return word, word.lower().replace("'", "").replace("`", ""), ()
    variants = _arabic_variants(word) if is_arabic(word) else ()
    return word, fold_token(word), variants


def _slow_tokens(text: str) -> list[Token]:
    # The fast pattern also takes in "_", which is no word character: re-split such matches.
    out: list[Token] = []
    for match in _FAST_TOKEN.finditer(text):
        found = match.group()
        pieces = _TOKEN.finditer(found) if "_" in found else (match,)
        offset = match.start() if "_" in found else 0
        for piece in pieces:
            at = offset + piece.start()
            word, key, variants = _word(piece.group())
            out.append(Token(at, at + len(word), word, key, variants))
    return out


class Words:
    """The word tokens of one text: start offsets and folded keys for every word, and
    Token objects built only for the words a component asks for.

    Matchers look at every key but at few Tokens (most words open no name), and a
    document has hundreds of words: building a Token per word cost more than matching.
    """

    __slots__ = ("_made", "infos", "keys", "starts", "text")

    def __init__(
        self, text: str, starts: list[int], infos: list[tuple[str, str, tuple[tuple[str, int], ...]]]
    ):
        self.text = text
        self.starts = starts  # offset of each word
        self.infos = infos  # (word without possessive, folded key, Arabic variants)
        self.keys = list(map(itemgetter(1), infos))  # in C
        self._made: list[Token | None] = [None] * len(starts)

    def __len__(self) -> int:
        return len(self.starts)

    def token(self, i: int) -> Token:
        made = self._made[i]
        if made is None:
            word, key, variants = self.infos[i]
            start = self.starts[i]
            made = self._made[i] = Token(start, start + len(word), word, key, variants)
        return made

    def tokens(self, a: int = 0, b: int | None = None) -> list[Token]:
        """Tokens a..b-1 (all by default)."""
        made, starts, infos = self._made, self.starts, self.infos
        out = made[a:b]
        for k, token in enumerate(out):
            if token is None:
                i = a + k
                word, key, variants = infos[i]
                token = made[i] = out[k] = Token(starts[i], starts[i] + len(word), word, key, variants)
        return out  # type: ignore[return-value]  # every None was replaced

    def end(self, i: int) -> int:
        return self.starts[i] + len(self.infos[i][0])

    def joins(self, i: int) -> bool:
        """Whether words i and i+1 are one phrase (see gap_joins)."""
        gap = self.text[self.end(i) : self.starts[i + 1]]
        if gap == " ":
            return True
        return bool(gap) and (_JOIN.fullmatch(gap) is not None or (gap == "." and len(self.infos[i][0]) == 1))


@functools.lru_cache(maxsize=4)
def words_of(text: str) -> Words:
    """The words of `text` (cached: the components of one pipeline run share them;
    a str caches its hash, so the lookup is cheap). Treat as read-only."""
    if "_" in text:  # rare: keep the exact splitting of the slow path
        slow = _slow_tokens(text)
        made = Words(text, [t.start for t in slow], [(t.text, t.key, t.variants) for t in slow])
        made._made = list(slow)
        return made
    if text.isascii():
        starts, words = _ascii_words(text)
    else:
        # Split keeps the words at odd places, with the text between them at even places; the
        # running sum of the lengths gives every word's offset, all in C (no match objects).
        parts = _FAST_SPLIT.split(text)
        starts = list(accumulate(map(len, parts)))[0:-1:2]
        words = parts[1::2]
    try:
        infos = list(map(_SEEN.__getitem__, words))  # a dict look-up per word, in C
    except KeyError:  # a word not seen before
        if len(_SEEN) > _SEEN_MAX:  # hostile text of endless distinct words: start afresh
            _SEEN.clear()
        infos = list(map(_seen, words))
    return Words(text, starts, infos)


# Every ASCII character that is no word character (nor "_"), read as a space; the ASCII
# apostrophes are kept, to be looked at in place (see _ascii_words).
_ASCII_GAPS = {c: " " for c in range(128) if not chr(c).isalnum() and chr(c) not in "_'`"}


def _ascii_words(text: str) -> tuple[list[int], list[str]]:
    """The offsets and words _FAST_SPLIT finds in an ASCII text, found a third cheaper
    (translate and split run at C speed over ASCII; the engine tests each character).

    An apostrophe belongs to a word when a word character stands on either side of it;
    the others become spaces too. Then the text splits at every space: the parts that are
    not empty are the words, and each part but the first follows one space."""
    spaced = text.translate(_ASCII_GAPS)
    if "'" in spaced or "`" in spaced:
        chars = None
        for mark in "'`":
            at = spaced.find(mark)
            while at >= 0:
                if not (
                    at and spaced[at - 1] not in " '`" and spaced[at + 1 : at + 2] not in ("", " ", "'", "`")
                ):
                    if chars is None:
                        chars = bytearray(spaced, "ascii")
                    chars[at] = 32  # a space
                at = spaced.find(mark, at + 1)
        if chars is not None:
            spaced = chars.decode("ascii")
    parts = spaced.split(" ")
    offsets = map(add, accumulate(map(len, parts), initial=0), count())
    return list(compress(offsets, parts)), list(filter(None, parts))


def _seen(word: str) -> tuple[str, str, tuple[tuple[str, int], ...]]:
    info = _SEEN.get(word)
    if info is None:
        info = _SEEN[word] = _word(word)
    return info


# What _word gives for each word seen (read through map(dict.get), faster than the lru cache)
_SEEN: dict[str, tuple[str, str, tuple[tuple[str, int], ...]]] = {}
_SEEN_MAX = 100_000


def gap_joins(text: str, a: Token, b: Token) -> bool:
    """Whether the characters between consecutive tokens `a` and `b` keep them in one phrase."""
    gap = text[a.end : b.start]
    if gap == " ":  # by far the most common gap
        return True
    return bool(gap) and (_JOIN.fullmatch(gap) is not None or (gap == "." and len(a.text) == 1))


class TokenRun(Protocol):
    """Tokens read by index (a list of them, or a view that makes them when read)."""

    def __len__(self) -> int: ...

    def __getitem__(self, i: int, /) -> Token: ...


def joined(text: str, tokens: TokenRun, i: int, n: int) -> bool:
    """True when tokens[i : i + n] are one phrase: no punctuation between them."""
    return all(gap_joins(text, tokens[j], tokens[j + 1]) for j in range(i, i + n - 1))
