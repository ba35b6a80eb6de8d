"""Event triggers: the words that say an event of some type happened.

Rules live in data/triggers.yaml: ordered sequences of word classes
("ceasefire" ... "went into effect") at most a few words apart within one
sentence. A match is kept only when the text asserts the event: the words just
before its deciding verb must not negate it or make it hypothetical ("have
not offered to release", "neither side will block", "seeking to deliver"),
no modal may follow a trigger noun ("the bombing can continue"), and
questions assert nothing. Where triggers overlap, the higher priority wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import Any

import yaml

from trucewatch.extract.base import Analysis, Trigger
from trucewatch.extract.normalise import normalise
from trucewatch.extract.sentences import split_sentences
from trucewatch.model import EventType

__all__ = ["TriggerComponent", "find_triggers"]

_BARRIER = "\x00"  # written between sentences so no pattern can span two
_WORD = r"[^\s\x00]+"
_GAP = r"[^\w\x00]+"


@dataclass(frozen=True)
class _Rule:
    name: str
    type: EventType
    pattern: re.Pattern[str]
    stems: tuple[str, ...]  # one of these appears in any match: a rule with none in the text is skipped
    verb: int  # index of the part whose context decides polarity
    negatable: bool
    priority: int


@dataclass(frozen=True)
class _Grammar:
    rules: tuple[_Rule, ...]
    unreal_before: re.Pattern[str]
    infinitive: re.Pattern[str]
    unreal_after: re.Pattern[str]
    window_words: int


def _compact(fragment: str) -> str:
    # YAML folded scalars put spaces after "|" line breaks; drop whitespace next to alternation bars
    return re.sub(r"\s*\|\s*", "|", fragment.strip())


def _top_level_alternatives(fragment: str) -> list[str]:
    """The alternatives of a fragment "(?:a|b|c)" (or "a|b|c") at its outermost level."""
    inner = fragment[3:-1] if fragment.startswith("(?:") and _closes_at_end(fragment) else fragment
    parts, depth, current = [], 0, []
    escaped = False
    for ch in inner:
        if escaped:
            current.append(ch)
            escaped = False
            continue
        if ch == "\\":
            escaped = True
            current.append(ch)
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "|" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _closes_at_end(fragment: str) -> bool:
    depth = 0
    for i, ch in enumerate(fragment):
        if ch == "(" and (i == 0 or fragment[i - 1] != "\\"):
            depth += 1
        elif ch == ")" and fragment[i - 1] != "\\":
            depth -= 1
            if depth == 0:
                return i == len(fragment) - 1
    return False


_LITERAL = re.compile(r"[a-z0-9' -]+")


def _stems(fragment: str) -> tuple[str, ...]:
    """Literal lower-case prefixes (3+ characters) one of which starts every match; () if unknown."""
    stems = []
    for alt in _top_level_alternatives(fragment):
        m = _LITERAL.match(alt)
        literal = m.group() if m else ""
        # a quantifier right after the literal makes its last character optional
        if m and m.end() < len(alt) and alt[m.end()] in "?*{":
            literal = literal[:-1]
        if len(literal) < 3:
            return ()
        stems.append(literal)
    return tuple(sorted(set(stems)))


def _compile_rule(raw: dict[str, Any], vocab: dict[str, str]) -> _Rule:
    parts = [vocab[name] for name in raw["seq"]]
    gap = int(raw.get("gap", 4))
    joiner = rf"{_GAP}(?:{_WORD}{_GAP}){{0,{gap}}}?"
    body = joiner.join(f"(?P<p{i}>{part})" for i, part in enumerate(parts))
    # matched against lower-cased text: no IGNORECASE, which would slow every scan
    pattern = re.compile(rf"(?<![\w-]){body}(?![\w-])")
    verb = int(raw.get("verb", len(parts) - 1))
    return _Rule(
        name=str(raw["name"]),
        type=EventType(raw["type"]),
        pattern=pattern,
        stems=_stems(parts[0]),
        verb=verb,
        negatable=bool(raw.get("negatable", True)),
        priority=int(raw.get("priority", 0)),
    )


def _words(items: list[str]) -> str:
    return "|".join(
        (w.replace(" ", r"\s+") if "?" in w else re.escape(w).replace(r"\ ", r"\s+"))
        for w in sorted(items, key=len, reverse=True)
    )


@cache
def _grammar() -> _Grammar:
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("trucewatch.extract").joinpath("data/triggers.yaml").read_text(encoding="utf-8")
    )
    vocab = {str(k): _compact(str(v)) for k, v in raw["vocab"].items()}
    rules = tuple(_compile_rule(r, vocab) for r in raw["rules"])
    before = _words(raw["unreal_before"])
    aspectual = _words(raw["aspectual"])
    return _Grammar(
        rules=rules,
        unreal_before=re.compile(rf"(?:(?<![\w'])|(?=n't))(?:{before})(?![\w'])", re.IGNORECASE),
        infinitive=re.compile(rf"(?<![\w'])(?!(?:{aspectual})\s)(?:[\w']+)\s+to\s*$", re.IGNORECASE),
        unreal_after=re.compile(rf"^[\s,]*(?:{_words(raw['unreal_after'])})(?![\w'])", re.IGNORECASE),
        window_words=int(raw.get("window_words", 5)),
    )


def _lower(text: str) -> str:
    """Lower case, one character for one (a few characters lower-case to two; those stay as they are)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _barriered(norm: str, sentences: tuple[tuple[int, int], ...]) -> str:
    """`norm` with the characters between sentences replaced by a barrier (same length)."""
    chars = list(norm)
    previous_end = 0
    for start, end in sentences:
        for i in range(previous_end, start):
            chars[i] = _BARRIER
        previous_end = end
    for i in range(previous_end, len(chars)):
        chars[i] = _BARRIER
    # adjacent sentences ("...]Next"): mark the last character of the first if it is punctuation
    for (_, end), (start, _) in pairwise(sentences):
        if end == start and end > 0 and not chars[end - 1].isalnum():
            chars[end - 1] = _BARRIER
    return "".join(chars)


def _window_before(work: str, position: int, words: int) -> str:
    """Up to `words` words before `position`, not crossing a sentence barrier."""
    left = work.rfind(_BARRIER, max(0, position - 12 * words), position) + 1
    chunk = work[max(left, position - 12 * words) : position]
    pieces = chunk.split()
    return " ".join(pieces[-words:]) + (" " if chunk.endswith((" ", "\n")) else "")


_CLAUSE = re.compile(
    r"[,;:()\"]|(?<![\w'])(?:and|but|while|whereas|which|who|that|although|though|after|before|when|as)(?![\w'])",
    re.IGNORECASE,
)


def _clause_tail(chunk: str) -> str:
    """The part of `chunk` after its last clause boundary: negation does not cross "and", "but", ","."""
    last = None
    for last in _CLAUSE.finditer(chunk):  # noqa: B007 - only the last boundary matters
        pass
    return chunk[last.end() :] if last else chunk


def _asserted(grammar: _Grammar, rule: _Rule, work: str, m: re.Match[str]) -> bool:
    if not rule.negatable:
        return True
    anchor = m.start(f"p{rule.verb}")
    before = _clause_tail(_window_before(work, anchor, grammar.window_words))
    if grammar.unreal_before.search(before):
        return False
    if grammar.infinitive.search(before.rstrip() + " " if before.strip() else ""):
        return False
    # the gap inside a match ("ceasefire will not take effect") counts as well
    inside = _clause_tail(work[m.end("p0") : anchor])
    if rule.verb > 0 and grammar.unreal_before.search(inside):
        return False
    after = work[m.end() : m.end() + 20]
    return not grammar.unreal_after.match(after)


def _is_question(work: str, start: int, end: int) -> bool:
    return work[start:end].rstrip("\"') ]").endswith("?")


def _find(norm: str, sentences: tuple[tuple[int, int], ...]) -> list[Trigger]:
    grammar = _grammar()
    work = _lower(_barriered(norm, sentences))
    questions = [(s, e) for s, e in sentences if _is_question(work, s, e)]
    found: list[tuple[int, Trigger]] = []
    for rule in grammar.rules:
        if rule.stems and not any(stem in work for stem in rule.stems):
            continue
        for m in rule.pattern.finditer(work):
            if not _asserted(grammar, rule, work, m):
                continue
            if any(s <= m.start() < e for s, e in questions):
                continue
            found.append((rule.priority, Trigger(m.start(), m.end(), rule.name, rule.type)))
    kept = [t for p, t in found if not any(_outranks(work, q, u, p, t) for q, u in found)]
    return sorted(kept, key=lambda t: (t.start, t.end, t.rule))


_MEANS_REACH = 40  # "Artillery units shelled a relief convoy": the weapon just before an attack on aid


def _outranks(work: str, q: int, u: Trigger, p: int, t: Trigger) -> bool:
    """Whether trigger `u` (priority q) displaces `t` (priority p): they overlap, or `t` names the
    weapon of the attack `u` just before it."""
    if q <= p or u.type == t.type:
        return False
    if u.start < t.end and t.start < u.end:
        return True
    return (
        t.type.is_attack
        and u.type.is_attack
        and t.end <= u.start
        and u.start - t.end <= _MEANS_REACH
        and _BARRIER not in work[t.end : u.start]
        and not _CLAUSE.search(work, t.end, u.start)
    )


def find_triggers(text: str, sentences: tuple[tuple[int, int], ...] | None = None) -> tuple[Trigger, ...]:
    """Every asserted event trigger in `text`, in text order, with offsets into `text`."""
    norm = normalise(text)
    spans = sentences if sentences is not None else split_sentences(text, norm)
    return tuple(_find(norm, spans))


class TriggerComponent:
    """Fills `analysis.triggers` (needs sentences; splits them itself if absent)."""

    name = "triggers"

    def __call__(self, analysis: Analysis) -> Analysis:
        text = analysis.text
        norm = analysis.normalised if analysis.normalised and len(analysis.normalised) == len(text) else None
        norm = norm if norm is not None else normalise(text)
        sentences = analysis.sentences or split_sentences(text, norm)
        return replace(analysis, triggers=tuple(_find(norm, sentences)))
