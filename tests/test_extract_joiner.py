"""The gap between a trigger rule's parts matches what the former, backtracking gap matched.

The former gap `[^\\w\\x00]+(?:[^\\s\\x00]+[^\\w\\x00]+){0,n}?` is kept here as the
reference: on texts it can still finish (short runs of punctuation), the new one
must find the same matches with the same parts. Sample texts are synthetic."""

from __future__ import annotations

import re
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trucewatch.extract.joiner import LONGEST_WORD, joiner, nonword_openers

# Parts of the shapes the trigger grammar uses: alternations of words, optional words,
# a part that may open with a space, a look-ahead, a free word before a hyphen.
_PARTS = [
    "(?:ceasefires?|truce|cease fire)",
    "(?:took effect|(?:has |had )?began|went into force)",
    "(?:(?:was|were)? ?(?:reached|signed))",
    "(?:the|a|an|[a-z]+-held)",
    "(?:aid|convoys?)(?! to)",
    "(?:u\\.n\\.|un) (?:convoy|team)",
]


@cache
def _former(parts: tuple[str, ...], gap: int) -> re.Pattern[str]:
    join = rf"[^\w\x00]+(?:[^\s\x00]+[^\w\x00]+){{0,{gap}}}?"
    body = join.join(f"(?P<p{i}>{p})" for i, p in enumerate(parts))
    return re.compile(rf"(?<![\w-]){body}(?![\w-])")


@cache
def _new(parts: tuple[str, ...], gap: int) -> re.Pattern[str]:
    body = f"(?P<p0>{parts[0]})" + "".join(
        f"{joiner(gap, p)}(?P<p{i}>{p})" for i, p in enumerate(parts[1:], 1)
    )
    return re.compile(rf"(?<![\w-]){body}(?![\w-])")


def _found(pattern: re.Pattern[str], text: str, parts: int) -> list[tuple[tuple[int, int], ...]]:
    return [(m.span(), *(m.span(f"p{i}") for i in range(parts))) for m in pattern.finditer(text)]


_PIECES = st.sampled_from(
    [
        "ceasefire",
        "truce",
        "cease fire",
        "took effect",
        "began",
        "has began",
        "went into force",
        "was",
        "reached",
        "signed",
        "the",
        "a",
        "rebel-held",
        "aid",
        "convoy",
        "convoys",
        "to",
        "u.n.",
        "un",
        "team",
        "x",
        "al",
        "12",
        "_",
    ]
)
_PUNCT = st.text(alphabet=".-*\"',;()/?!:\ufffd_", min_size=1, max_size=3)
_SPACE = st.sampled_from([" ", " ", "  ", "\n", "", "\x00"])


@settings(max_examples=250, deadline=None)
@given(
    st.lists(st.one_of(_PIECES, _PUNCT, _SPACE), max_size=24).map("".join),
    st.lists(st.integers(0, len(_PARTS) - 1), min_size=2, max_size=3),
    st.integers(0, 5),
)
def test_the_gap_finds_what_the_former_gap_found(text: str, which: list[int], gap: int) -> None:
    parts = tuple(_PARTS[i] for i in which)
    assert _found(_new(parts, gap), text, len(parts)) == _found(_former(parts, gap), text, len(parts))


@pytest.mark.parametrize(
    ("text", "second"),
    [
        ("the truce, after talks, took effect", "took effect"),
        ("the truce (so they said) took effect", "took effect"),
        ("the truce--took effect", "took effect"),
        ("the truce a.took effect", "took effect"),  # a word cut after its full stop
        ("the truce . . . took effect", "took effect"),
    ],
)
def test_words_and_punctuation_in_the_gap(text: str, second: str) -> None:
    m = _new((_PARTS[0], _PARTS[1]), 3).search(text)
    assert m is not None and m.group("p1") == second


def test_a_gap_never_crosses_a_sentence_barrier_nor_too_many_words() -> None:
    pattern = _new((_PARTS[0], _PARTS[1]), 2)
    assert pattern.search("the truce\x00took effect") is None
    assert pattern.search("the truce one two three took effect") is None
    assert pattern.search("the truce one two took effect") is not None


def test_a_run_on_word_is_not_stepped_over() -> None:
    pattern = _new((_PARTS[0], _PARTS[1]), 2)
    assert pattern.search(f"truce {'x' * LONGEST_WORD} took effect") is not None
    assert pattern.search(f"truce {'x' * (LONGEST_WORD + 1)} took effect") is None


@pytest.mark.parametrize(
    ("fragment", "openers"),
    [
        ("(?:ceasefire|truce)", ""),
        ("(?:(?:was|were)? ?(?:reached|signed))", "\\ "),
        ("(?:\\(|\\[)?siege", "\\(\\["),
        ("[a-z]+-held", ""),
        ("(?:\\s+)?x", "\\s"),
        ("(?:a)?", None),  # can match empty: the part after it decides
        ("[^a]x", None),
        (".x", None),
    ],
)
def test_nonword_openers(fragment: str, openers: str | None) -> None:
    assert nonword_openers(fragment) == openers


def test_rules_without_stems_are_scanned_from_word_starts_only() -> None:
    from trucewatch.extract.triggers import _grammar

    texts = [
        "the town has been besieged since May; no aid has reached it. a convoy was attacked - twice",
        "the town has\x00been besieged, and -besieged- towns (still besieged) remained besieged.",
    ]
    for language in ("en", "ar"):
        for rule in _grammar(language).rules:
            if rule.scanner is None:
                continue
            for text in texts:
                found = [m.span() for m in rule.scanner.finditer(text)]
                assert found == [m.span() for m in rule.pattern.finditer(text)], rule.name
                found = [m.span() for m in rule.scanner.finditer(text, 4, 60)]
                assert found == [m.span() for m in rule.pattern.finditer(text, 4, 60)], rule.name
