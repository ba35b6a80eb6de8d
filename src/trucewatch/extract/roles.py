"""Who did what to whom: an actor's role read from the clause that states the event.

The kind of actor gives a default (civilians and aid agencies suffer attacks,
armed groups carry them out); the clause overrides it where its grammar says
otherwise: "shelled by X" (X did it), "attack on X" / "X was seized" / "troops
shelled X" (X suffered it). A clause that rejects an attribution ("told the
Russians the town had nothing to do with the explosions") attributes nothing,
and "they" before an attack with no named perpetrator is the last armed actor
named in the sentence before. Pure functions over the folded text; the cue words are the
language's (lang/<code>/cues.yaml), with English's below as the default.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from trucewatch.extract.base import ActorMention, Trigger
from trucewatch.model import EventType

__all__ = [
    "ENGLISH_ROLE_CUES",
    "RoleCues",
    "antecedent",
    "clause_says",
    "pronoun_windows",
    "signed_it",
    "watch_role",
]

# who the words of an attack on aid name as its target: aid bodies, the UN, the people they serve
_AID_SIDE = frozenset({"humanitarian", "international", "civilians"})
_CLAUSE_REACH = 80  # characters between an actor and its trigger for the clause to bind them
_PRONOUN_REACH = 60  # characters into a sentence where its subject pronoun may stand
_DENIAL_REACH = 40  # characters either side of an actor's name where its denial stands


@dataclass(frozen=True)
class RoleCues:
    agent: re.Pattern[str]  # right before an actor after the trigger: "by (the)"
    target: re.Pattern[str]  # right before an actor after the trigger: "on", "against"
    passive: re.Pattern[str]  # right before the trigger, after its subject: "was", "came under"
    denial: re.Pattern[str]  # between an actor and the trigger: "had nothing to do with"
    pronoun: re.Pattern[str] | None  # a subject standing for an actor named before: "they"
    active_verb: re.Pattern[str]  # a trigger that is a verb taking its target as object: "shelled"
    target_article: re.Pattern[str] = re.compile(r"(?!)")  # between that verb and its object: "", "the"
    monitor_before: re.Pattern[str] | None = None  # before who watches over a truce: "monitored by"
    monitor_after: re.Pattern[str] | None = None  # after it: "OSCE monitors", "UN observers"
    guarantor_before: re.Pattern[str] | None = None  # before who stands behind a deal: "guaranteed by"
    guarantor_after: re.Pattern[str] | None = None  # after it: "Turkey, a guarantor of the deal"
    # a deal's verb whose subject is a party to it: "agreed", "signed", "announced a unilateral"
    signs: re.Pattern[str] = re.compile(r"(?!)")
    # right after an actor, what it suffered: "UN peacekeepers were killed", "soldiers died"
    victim: re.Pattern[str] = re.compile(r"(?!)")


_I = re.IGNORECASE
ENGLISH_ROLE_CUES = RoleCues(
    agent=re.compile(r"(?<![\w'])(?:by|at the hands of)(?:\s+(?:the|a|an))?\s*$", _I),
    target=re.compile(
        r"(?<![\w'])(?:on|against|targeting|targeted|toward|towards|at)(?:\s+(?:the|a|an|several|two|three))?\s*$",
        _I,
    ),
    passive=re.compile(
        r"(?<![\w'])(?:was|were|been|being|is|are|came under|come under|comes under|reportedly)"
        r"(?:\s+[\w-]+){0,2}\s*$",
        _I,
    ),
    denial=re.compile(
        r"(?<![\w'])(?:nothing to do with|no role in|not (?:been )?(?:responsible|involved|behind)"
        r"|den(?:y|ies|ied|ying) (?:any )?(?:involvement|responsibility|role|carrying out)"
        r"|rejected? (?:the )?(?:claims?|accusations?|allegations?)|falsely (?:accused|blamed))",
        _I,
    ),
    pronoun=re.compile(r"(?<![\w'])(?:they|it)(?![\w'])", _I),
    active_verb=re.compile(
        r"(?:ed|hit|struck|shot|fought|overran|overrun)$",
        _I,
    ),
    target_article=re.compile(r"(?:the|a|an|two|three|several)?", _I),
    monitor_before=re.compile(
        r"(?<![\w'])(?:monitored|supervised|overseen|observed|verified|policed|patrolled) by(?:\s+the)?\s*$"
        r"|(?<![\w'])under the (?:supervision|monitoring|observation|oversight) of(?:\s+the)?\s*$",
        _I,
    ),
    monitor_after=re.compile(
        r"^\s*(?:ceasefire |truce |military )?(?:monitors|observers"
        r"|monitoring (?:mission|team|teams|body|committee)|observer mission|verification mission)(?![\w'])",
        _I,
    ),
    guarantor_before=re.compile(
        r"(?<![\w'])(?:guaranteed|underwritten|backed) by(?:\s+the)?\s*$|(?<![\w'])guarantors?,?\s*$", _I
    ),
    guarantor_after=re.compile(
        r"^,?\s*(?:as |a |one of the |the )?(?:guarantors?|guarantor (?:state|power)s?)", _I
    ),
    signs=re.compile(
        r"(?<![\w'])(?:agreed|agrees|agree|signed|signs|sign|reached|reaches|accepted|accepts|committed|commits"
        r"|concluded|struck|sealed|(?:announced|declared|announces|declares) (?:an? )?unilateral)(?![\w'])",
        _I,
    ),
    victim=re.compile(
        r"(?:\s+[\w-]+){0,2}?\s+(?:(?:were|was|have been|has been|had been)\s+(?:killed|wounded|injured|shot"
        r"|abducted|kidnapped|captured|taken hostage|among the dead)|died|lost their lives)(?![\w'])",
        _I,
    ),
)


def clause_says(
    actor: ActorMention, trigger: Trigger, norm: str, sentence: tuple[int, int], cues: RoleCues
) -> str | None:
    """What the clause makes of `actor` for the attack `trigger`: "perpetrator",
    "target", "denied" (no attribution), or None (the clause does not say)."""
    # "X denied any role", "نفت القوات الروسية أي علاقة": the actor's own words around its name
    near = (max(sentence[0], actor.start - _DENIAL_REACH), min(sentence[1], actor.end + _DENIAL_REACH))
    if cues.denial.search(norm, *near):
        return "denied"
    if trigger.start < actor.start and actor.end <= trigger.end:
        if trigger.type is EventType.ATTACK_AIRSTRIKE:
            return "perpetrator"  # the aircraft's owner: "طائرة إسرائيلية", "مسيرة روسية"
        if trigger.type is EventType.ATTACK_AID and actor.kind not in _AID_SIDE:
            return "perpetrator"  # its subject inside the words: "اختطف مسلحون ... موظفي الإغاثة"
        return "target"  # named in the attacked thing's words: "seized a UN convoy", "hit army posts"
    if actor.end <= trigger.start or (trigger.start == actor.start and actor.end <= trigger.end):
        # the actor comes first (a subject, or one who denies) or opens the trigger's words
        # ("UN convoy was seized")
        between = norm[actor.end : trigger.start if actor.end <= trigger.start else trigger.end]
        if cues.denial.search(between):
            return "denied"
        if _killed_by(cues.victim.match(norm, actor.end, sentence[1]), trigger, norm):
            return "target"  # "two UN peacekeepers were killed when their patrol hit a mine"
        if len(between) > _CLAUSE_REACH:
            return None
        if cues.passive.search(between):  # "a UN convoy was seized": the convoy's owner suffered it
            return "target"
        return None
    if actor.start >= trigger.end:
        between = norm[trigger.end : actor.start]
        if len(between) > _CLAUSE_REACH or cues.denial.search(between):
            return None
        if cues.agent.search(between):
            return "perpetrator"
        if cues.target.search(between):
            return "target"
        # "troops shelled rebel positions": the object of an active verb, right after it; or of the
        # verb a noun trigger takes ("air raids pounded rebel units", "shells hit the Russian base")
        passive = cues.passive.search(norm[max(sentence[0], trigger.start - 40) : trigger.start])
        words = between.split()
        if passive or "," in between:
            return None
        if len(words) <= 1 and cues.active_verb.search(norm[trigger.start : trigger.end]):
            return "target"
        # the verb may follow the rest of the trigger's noun phrase ("mortar [shells] hit the")
        verb = next((k for k in (1, 0) if k < len(words) and cues.active_verb.search(words[k])), None)
        if (
            verb is not None
            and len(words) - verb <= 2
            and cues.target_article.fullmatch(" ".join(words[verb + 1 :]))
        ):
            return "target"
    return None


_VICTIM_REACH = 40  # characters from "were killed" to the attack that killed them


def _killed_by(victim: re.Match[str] | None, trigger: Trigger, norm: str) -> bool:
    """Whether what the actor suffered ("were killed") is told of `trigger`: the attack's words
    follow it closely, in its clause ("were killed when their patrol hit a mine")."""
    if victim is None or trigger.start < victim.end() or trigger.start - victim.end() > _VICTIM_REACH:
        return False
    return not re.search(r"[,;:]", norm[victim.end() : trigger.start])


def signed_it(actor: ActorMention, trigger: Trigger, norm: str, cues: RoleCues) -> bool:
    """Whether `actor` is the subject of the deal's own verb, so a party to it whoever it is
    ("the Houthis and the coalition agreed to extend the truce", "Russia announced a unilateral
    truce"): named just before the trigger, in its clause, the verb there or opening it."""
    if actor.end > trigger.start or trigger.start - actor.end > _CLAUSE_REACH:
        return False
    between = norm[actor.end : trigger.start]
    if re.search(r"[,;:()]", between) or cues.agent.search(between + " "):
        return False
    # the verb between them, or opening the trigger ("a ceasefire reached on" names no signer)
    return cues.signs.search(between) is not None or cues.signs.match(norm, trigger.start) is not None


def watch_role(actor: ActorMention, norm: str, sentence: tuple[int, int], cues: RoleCues) -> str | None:
    """ "monitor" or "guarantor" when the words around `actor` give it that part in a truce
    or deal ("monitored by the OSCE", "UN observers", "guaranteed by Russia"), else None."""
    before = norm[max(sentence[0], actor.start - 60) : actor.start]
    after = norm[actor.end : min(sentence[1], actor.end + 40)]
    for role, lead, tail in (
        ("monitor", cues.monitor_before, cues.monitor_after),
        ("guarantor", cues.guarantor_before, cues.guarantor_after),
    ):
        if (lead is not None and lead.search(before)) or (tail is not None and tail.match(after)):
            return role
    return None


def antecedent(
    trigger: Trigger,
    sentence: tuple[int, int],
    previous: tuple[int, int] | None,
    actors: Sequence[ActorMention],
    norm: str,
    cues: RoleCues,
    armed: frozenset[str],
) -> ActorMention | None:
    """The armed actor "they" stands for: a sentence opening on a subject pronoun before
    `trigger`, with no actor named between, takes the last armed actor of the `previous`
    sentence."""
    if previous is None or not _opens_on_pronoun(norm, sentence, cues, trigger.start):
        return None
    if any(sentence[0] <= a.start < trigger.start for a in actors):
        return None
    lo, hi = bisect_left(_starts(actors), previous[0]), bisect_left(_starts(actors), previous[1])
    return next((a for a in reversed(actors[lo:hi]) if a.kind in armed), None)


def _starts(actors: Sequence[ActorMention]) -> list[int]:
    return [a.start for a in actors]


def _opens_on_pronoun(norm: str, sentence: tuple[int, int], cues: RoleCues, until: int | None = None) -> bool:
    hi = min(sentence[1], sentence[0] + _PRONOUN_REACH, until if until is not None else sentence[1])
    return cues.pronoun is not None and cues.pronoun.search(norm, sentence[0], hi) is not None


def pronoun_windows(
    sentences: Sequence[tuple[int, int]],
    focus: Sequence[tuple[int, int]],
    norm: str,
    cues: RoleCues,
) -> tuple[tuple[int, int], ...]:
    """`focus` with the sentence before each focus sentence that opens on a subject pronoun
    (where its antecedent is named), sorted and without repeats."""
    if cues.pronoun is None:
        return tuple(focus)
    index = {span: i for i, span in enumerate(sentences)}
    wanted = set(focus)
    for span in focus:
        i = index.get(span)
        if i and _opens_on_pronoun(norm, span, cues):
            wanted.add(sentences[i - 1])
    return tuple(sorted(wanted))
