"""nlp.words_of finds the same words, offsets, keys and tokens as the plain algorithm it
replaced (kept here as the oracle): one regular expression split over the whole text."""

from __future__ import annotations

import re
from itertools import accumulate

from hypothesis import example, given, settings
from hypothesis import strategies as st

from trucewatch.extract import nlp

# The oracle: the patterns and the splitting words_of used before its ASCII path.
_MARKS = r"\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
_WORD_CHAR = rf"(?:[^\W_]|[{_MARKS}])"
_TOKEN = re.compile(rf"{_WORD_CHAR}+(?:[{nlp.APOSTROPHES}]{_WORD_CHAR}+)*")
_FAST_TOKEN = re.compile(rf"[\w{_MARKS}]+(?:[{nlp.APOSTROPHES}][\w{_MARKS}]+)*")
_FAST_SPLIT = re.compile(rf"([0-9A-Za-z_\w{_MARKS}]+(?:[{nlp.APOSTROPHES}][0-9A-Za-z_\w{_MARKS}]+)*)")

Info = tuple[str, str, tuple[tuple[str, int], ...]]


def plain_words(text: str) -> tuple[list[int], list[Info]]:
    """(offset of each word, (word without a possessive, key, Arabic variants) of each)."""
    if "_" in text:
        starts: list[int] = []
        infos: list[Info] = []
        for match in _FAST_TOKEN.finditer(text):
            found = match.group()
            pieces = _TOKEN.finditer(found) if "_" in found else (match,)
            offset = match.start() if "_" in found else 0
            for piece in pieces:
                starts.append(offset + piece.start())
                infos.append(nlp._word.__wrapped__(piece.group()))
        return starts, infos
    parts = _FAST_SPLIT.split(text)
    starts = list(accumulate(map(len, parts)))[0:-1:2]
    return starts, [nlp._word.__wrapped__(word) for word in parts[1::2]]


def check(text: str) -> None:
    starts, infos = plain_words(text)
    found = nlp.words_of(text)
    assert found.text == text
    assert found.starts == starts
    assert found.infos == infos
    assert found.keys == [info[1] for info in infos]
    assert len(found) == len(starts)
    assert type(found.starts) is list and type(found.infos) is list and type(found.keys) is list
    ends = [start + len(info[0]) for start, info in zip(starts, infos, strict=True)]
    assert [found.end(i) for i in range(len(found))] == ends
    tokens = [nlp.Token(s, e, i[0], i[1], i[2]) for s, e, i in zip(starts, ends, infos, strict=True)]
    assert [found.token(i) for i in range(len(found))] == tokens
    assert found.tokens() == tokens
    for i in range(len(found) - 1):
        assert found.joins(i) == nlp.gap_joins(text, tokens[i], tokens[i + 1])


# Every kind of character the splitting treats apart: ASCII letters, digits, spaces,
# punctuation, hyphens, the apostrophes (ASCII and not), "_", newlines and tabs, accented
# and decomposed Latin, Arabic letters, harakat and tatweel, Arabic digits and commas,
# other scripts, a no-break space and joiners.
ASCII = "aZ09 -'`.,\"\n\t\r()_s"
ALPHABET = ASCII + "’‘ʿʾ éÉçü\u0301\u0308ابلكفوةىال\u064b\u0650\u0640٣،؟ Жж中😀\u00a0\u200c\u2013"
WORDS = [
    "al-Wa'er",
    "Syria's",
    "rebels'",
    "'quoted'",
    "U.S.",
    "ceasefire",
    "الوعر",
    "والوعر",
    "d'Ivoire",
    "x''y",
]


def texts(alphabet: str) -> st.SearchStrategy[str]:
    pieces = st.one_of(st.text(alphabet, max_size=6), st.sampled_from(WORDS))
    return st.lists(pieces, max_size=30).map("".join)


@settings(max_examples=600, deadline=None)
@given(texts(ASCII))
@example("")
@example("'")
@example("a'")
@example("'a")
@example("a'b")
@example("a''b")
@example("a'b'c'")
@example("`a`b` ' ` x's y`s")
@example("The rebels' hold on al-Wa'er, Syria's 3rd city.\n\n'We agreed,' he said.")
def test_ascii_texts_split_as_the_plain_pattern_splits_them(text: str) -> None:
    check(text)


@settings(max_examples=600, deadline=None)
@given(texts(ALPHABET))
@example("وقال ’نعم‘ l’armée d‘accord ʿAyn ʾa")
@example("e\u0301te\u0301 \u0640ب\u064b")
def test_any_text_splits_as_the_plain_pattern_splits_it(text: str) -> None:
    check(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_arbitrary_unicode_splits_as_the_plain_pattern_splits_it(text: str) -> None:
    check(text)


def test_the_dev_like_sentence() -> None:
    text = (
        "DAMASCUS (Reuters) - Syria's government and rebels agreed a truce in al-Waer on Monday; 'it holds'."
    )
    found = nlp.words_of(text)
    assert found.keys[:4] == ["damascus", "reuters", "syria", "government"]
    check(text)
