"""The sorted look-ups that replaced pairwise scans give what the scans gave.

Each index is checked against the plain scan it replaced, on random spans."""

from __future__ import annotations

import re
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from trucewatch.extract import triggers as triggers_module
from trucewatch.extract.actors import _longest_first
from trucewatch.extract.base import ActorMention, Mention, Trigger
from trucewatch.extract.intervals import Cover, Inside, Occupied, SpanSet
from trucewatch.extract.sentences import LONGEST_SENTENCE, split_sentences
from trucewatch.model import EventType

_SIZE = 60
_SPANS = st.lists(st.tuples(st.integers(0, _SIZE), st.integers(0, 12)).map(lambda p: (p[0], p[0] + p[1])))


@given(_SPANS, st.integers(0, _SIZE + 12), st.integers(0, 12))
def test_cover_and_holds(spans: list[tuple[int, int]], start: int, width: int) -> None:
    cover, end = Cover(spans), start + width
    assert (start in cover) == any(s <= start < e for s, e in spans)
    assert cover.holds(start, end) == any(s <= start and end <= e for s, e in spans)


@given(_SPANS, st.integers(0, _SIZE + 12), st.integers(0, 12))
def test_inside_keeps_the_given_order(spans: list[tuple[int, int]], start: int, width: int) -> None:
    mentions = [Mention(s, e, f"m{n}") for n, (s, e) in enumerate(spans)]
    end = start + width
    assert Inside(mentions)(start, end) == [m for m in mentions if start <= m.start and m.end <= end]


@given(_SPANS, st.integers(0, _SIZE + 12), st.integers(0, 12))
def test_inside_mentions_in_text_order(spans: list[tuple[int, int]], start: int, width: int) -> None:
    mentions = [Mention(s, e, f"m{n}") for n, (s, e) in enumerate(sorted(spans, key=lambda p: p[0]))]
    end = start + width
    assert Inside(mentions)(start, end) == [m for m in mentions if start <= m.start and m.end <= end]


@given(_SPANS)
def test_longest_first_keeps_what_the_pairwise_check_kept(spans: list[tuple[int, int]]) -> None:
    mentions = [ActorMention(s, e, "r", f"a{n}", "state") for n, (s, e) in enumerate(spans)]
    taken: list[ActorMention] = []
    for m in sorted(mentions, key=lambda m: (m.start - m.end, m.start)):
        if all(m.end <= t.start or m.start >= t.end for t in taken):
            taken.append(m)
    assert _longest_first(mentions) == tuple(sorted(taken, key=lambda m: m.start))


@given(st.lists(st.tuples(_SPANS, st.integers(0, _SIZE), st.integers(0, 12))))
def test_occupied_and_span_set_answer_like_lists(steps: list[tuple[list[tuple[int, int]], int, int]]) -> None:
    occupied, plain_taken = Occupied(_SIZE + 12), []
    spans, plain = SpanSet(), []
    for added, start, width in steps:
        end = start + width
        for s, e in added:
            spans.add(s, e)
            plain.append((s, e))
        assert sorted(spans.near(start, end)) == sorted((s, e) for s, e in plain if s <= end and e >= start)
        overlap = any(not (end <= s or start >= e) for s, e in plain_taken)
        assert occupied.overlaps(start, end) == overlap
        if not overlap:
            occupied.take(start, end)
            plain_taken.append((start, end))


_TYPES = [EventType.ATTACK_SHELLING, EventType.ATTACK_AID, EventType.AID_DELIVERED, EventType.SIEGE_LIFTED]


@settings(max_examples=200)
@given(
    st.lists(
        st.tuples(st.integers(0, 2), st.integers(0, 120), st.integers(1, 30), st.sampled_from(_TYPES)),
        max_size=14,
    ),
    st.text(alphabet="ab ,\x00", min_size=160, max_size=160),
)
def test_displacing_agrees_with_comparing_every_pair(
    raw: list[tuple[int, int, int, EventType]], work: str
) -> None:
    found = [(p, Trigger(s, s + w, f"r{n}", kind)) for n, (p, s, w, kind) in enumerate(raw)]
    clause = re.compile(",")
    displacing = triggers_module._Displacing(found)
    for p, t in found:
        pairwise = any(triggers_module._outranks(work, q, u, p, t, clause) for q, u in found)
        assert displacing.outranked(work, p, t, clause) == pairwise


def test_an_over_long_sentence_is_cut_at_clause_marks_into_verbatim_pieces() -> None:
    clause = "the convoy waited at the checkpoint while the talks went on"
    text = ", ".join([clause] * 200)  # one "sentence" of some 12,000 characters
    spans = split_sentences(text)
    assert len(spans) > 1
    assert all(0 < e - s <= LONGEST_SENTENCE for s, e in spans)
    assert all(text[e - 1] == "," or e == len(text) for s, e in spans)  # cut after a comma
    # nothing is lost but the space after each cut
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(text[e:next_start] == " " for (_, e), (next_start, _) in pairwise(spans))
    assert split_sentences("x" * (3 * LONGEST_SENTENCE)) == (
        (0, LONGEST_SENTENCE),
        (LONGEST_SENTENCE, 2 * LONGEST_SENTENCE),
        (2 * LONGEST_SENTENCE, 3 * LONGEST_SENTENCE),
    )


_FORMER_STOP = re.compile(r"[.!?]+[\"')\]]*(?=\s)")


@settings(max_examples=300)
@given(st.text(alphabet="ab .!?\"')]\n", max_size=40))
def test_sentence_stops_are_found_as_before(text: str) -> None:
    from trucewatch.extract.sentences import _STOP

    assert [m.span() for m in _STOP.finditer(text)] == [m.span() for m in _FORMER_STOP.finditer(text)]
