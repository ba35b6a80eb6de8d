"""The whole extractor finishes in time proportional to its input, whatever the input.

Each case runs the default pipeline under a hard limit (SIGALRM: a return of
exponential backtracking fails the case instead of hanging the suite) and is held
to a bound relative to plain tokenisation of the same text (words and punctuation
marks by one regular expression) timed in the same run, in this process's CPU
time, so a machine busy with other work slows neither. A scaling check holds
extraction at four times the size to about four times the time. All texts are
synthetic, written for these tests.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from trucewatch.extract.pipeline import default_pipeline, extract_document

_TOKENS = re.compile(r"\w+|[^\w\s]")
# Extraction may take this many times as long as tokenising the same text, plus _SLACK.
# Ordinary reports take about 35 times; texts dense with trigger words, places and dates
# about 150 times. Exponential backtracking took 10^5 times and more, the former quadratic
# loops some 1,000 times on a one-megabyte line.
_FACTOR = 250.0
_SLACK = 0.25  # seconds of CPU time
_PUBLISHED = dt.date(2017, 3, 8)


class _TooSlow(Exception):
    pass


@contextmanager
def _hard_limit(seconds: float, what: str) -> Iterator[None]:
    """Raise _TooSlow in the running code when `seconds` of wall-clock time pass."""

    def ring(_signum: int, _frame: FrameType | None) -> None:
        raise _TooSlow(f"{what}: still running after {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _cpu(run: Callable[[], object]) -> float:
    started = time.process_time()
    run()
    return time.process_time() - started


def _tokenising(text: str) -> float:
    return min(_cpu(lambda: _TOKENS.findall(text)) for _ in range(3))


def _extracting(text: str, limit: float, what: str) -> float:
    pipeline = default_pipeline()
    gc.disable()  # a collection of other tests' objects is no part of the extraction's time
    try:
        with _hard_limit(limit, what):
            return _cpu(lambda: extract_document("fuzz", text, _PUBLISHED, pipeline=pipeline))
    finally:
        gc.enable()


def _within_bound(text: str, what: str) -> None:
    bound = _FACTOR * _tokenising(text) + _SLACK
    took = _extracting(text, limit=20 * bound + 10, what=what)
    assert took <= bound, f"{what} ({len(text):,} characters): {took:.2f} s, bound {bound:.2f} s"


@pytest.fixture(scope="module", autouse=True)
def _warm() -> Iterator[None]:
    # lexicons, gazetteer and compiled patterns load outside the timings; what earlier tests in
    # this worker left on the heap is frozen out of the collector (a full collection of a big
    # heap takes a second of CPU time, which would be timed as an extraction's)
    extract_document("warm", "The ceasefire took effect in Aleppo on 3 March.", _PUBLISHED)
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()


_FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same examples every run: a bounded, repeatable test
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a slow case is reported as found
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example, HealthCheck.data_too_large],
)

_TRIGGER_WORDS = st.sampled_from(
    [
        "The ceasefire",
        "the truce",
        "An agreement",
        "aid convoys",
        "the siege",
        "Rebels",
        "negotiators",
        "detainees",
        "shelling",
        "captured",
        "were evacuated",
    ]
)
_MARKS = [".", "-", "*", '"', "'", "\ufffd", "!", "?", ",", "/", "="]
_PUNCTUATION_UNITS = st.sampled_from([*_MARKS, *(f"{mark} " for mark in _MARKS)])
_TAILS = st.sampled_from(["", " took effect", " x", " was reached.", "\n", " in Homs"])


@_FUZZ
@given(_TRIGGER_WORDS, _PUNCTUATION_UNITS, st.integers(1, 4000), _TAILS)
@example("The ceasefire", ".", 4000, " took effect")
@example("the truce", "- ", 3000, "")
@example("the siege", "\ufffd", 2500, " x")
def test_punctuation_runs_after_trigger_words(words: str, unit: str, times: int, tail: str) -> None:
    text = f"{words} {unit * times}{tail}"
    _within_bound(text, f"{words!r} then {unit!r} x {times}")


@_FUZZ
@given(_TRIGGER_WORDS, st.text(alphabet=".-*\"'\ufffd!?,;:/() ", min_size=20, max_size=3000), _TAILS)
def test_mixed_punctuation_after_trigger_words(words: str, noise: str, tail: str) -> None:
    _within_bound(f"{words} {noise}{tail}", f"{words!r} then mixed punctuation")


@_FUZZ
@given(st.integers(1, 2000), st.sampled_from(['"', "'", "(", "[", "\"'", "'\"", "\u201c", "\u2018"]))
def test_nested_quotes(depth: int, quote: str) -> None:
    closing = quote.translate(str.maketrans("([\u201c\u2018", ")]\u201d\u2019"))[::-1]
    text = quote * depth + "the ceasefire took effect in Aleppo, 40 trucks entered" + closing * depth
    _within_bound(text, f"{quote!r} nested {depth} deep")


_REPEATED = st.sampled_from(
    [
        "ceasefire",
        "the ceasefire took effect",
        "aid",
        "siege",
        "Aleppo",
        "the regime",
        "rebels of Homs",
        "3 March 2017",
        "3,000 people",
        "killed",
        "Did the truce hold?",
        "a.b",
        "U.N.",
        # Arabic "ceasefire"
        "\u0648\u0642\u0641 \u0625\u0637\u0644\u0627\u0642 \u0627\u0644\u0646\u0627\u0631",
    ]
)


@_FUZZ
@given(_REPEATED, st.sampled_from([" ", ", ", ".", ". ", "-", "\n", "\n\n", ""]), st.integers(1, 3000))
@example("ceasefire", " ", 3000)
@example("the ceasefire took effect", ", ", 2000)
@example("Did the truce hold?", " ", 2000)
@example("a.b", "", 3000)
def test_repeated_words(word: str, separator: str, times: int) -> None:
    _within_bound(separator.join([word] * times), f"{word!r} repeated {times} times")


# Synthetic report sentences, for long texts.
_PROSE = [
    "the ceasefire between the army and the rebels took effect in Aleppo on 3 March 2017",
    "a convoy of 40 trucks carrying food aid reached the besieged town of Madaya",
    "negotiators met in Geneva for a third round of talks",
    "shelling hit the eastern district, killing 12 civilians and wounding 30",
    "more than 1,500 fighters and their families were evacuated to Idlib",
    "the government released 194 detainees under the agreement",
    "rebels captured the village after heavy fighting",
    "the siege of the town has been imposed since last November",
]


def _prose_line(size: int) -> str:
    """One line of report text without a full stop: sentences joined by commas."""
    unit = ", ".join(_PROSE) + ", "
    return (unit * (size // len(unit) + 1))[:size]


def _prose_document(size: int) -> str:
    unit = ". ".join(s[0].upper() + s[1:] for s in _PROSE) + ".\n\n"
    return (unit * (size // len(unit) + 1))[:size]


def test_a_one_megabyte_line() -> None:
    _within_bound(_prose_line(1_000_000), "a one-megabyte line")


def test_a_run_of_dots_after_a_trigger_word_is_quick() -> None:
    # 73 characters that once kept the extractor busy for more than 30 s
    _within_bound("The ceasefire " + "." * 50 + " took effect x", "50 dots")
    _within_bound("The ceasefire " + "- " * 25 + "took effect", "spaced dashes")


_SCALED: dict[str, Callable[[int], str]] = {
    "prose line": _prose_line,
    "prose document": _prose_document,
    "trigger words": lambda n: ("ceasefire took aid " * (n // 19 + 1))[:n],
    "joined words": lambda n: ("truce.took-" * (n // 11 + 1))[:n],
    "questions": lambda n: ("Did the truce hold? The convoy entered Homs. " * (n // 45 + 1))[:n],
    "dotted gaps": lambda n: ("The truce . . . . took effect ; " * (n // 32 + 1))[:n],
}


@pytest.mark.parametrize("kind", list(_SCALED))
def test_four_times_the_text_takes_about_four_times_as_long(kind: str) -> None:
    make = _SCALED[kind]
    small, large = make(30_000), make(120_000)
    runs: dict[str, list[float]] = {"small": [], "large": []}
    # the best of three runs each, the sizes taken in turn: both are measured in the same
    # weather when other processes (a parallel test run) share the cores. Linear time is 4x;
    # quadratic would be 16x, so 8x leaves room for noise and still catches it.
    for _ in range(3):
        for name, text in (("small", small), ("large", large)):
            runs[name].append(_extracting(text, limit=120, what=f"{kind}, {len(text):,} characters"))
    took = {name: min(times) for name, times in runs.items()}
    assert took["large"] <= 8 * took["small"] + 0.05, f"{kind}: {took}"
