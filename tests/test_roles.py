"""Roles read from the clause that states an attack (extract/roles.py), end to end through the
pipeline. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from trucewatch.extract.pipeline import extract_document
from trucewatch.model import EventType, Role

DAY = dt.date(2022, 4, 12)


def _roles(text: str, kind: EventType) -> dict[str, Role]:
    """The roles of the first `kind` claim, by the words that name each actor."""
    claims = [c for c in extract_document("roles", text, DAY).claims if c.type is kind]
    assert claims, f"no {kind} claim in {text!r}"
    return {text[r.span.start : r.span.end].lower(): r.role for r in claims[0].actors if r.span}


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # the agent of a passive verb did it
        (
            "The market town was shelled by rebels on Sunday.",
            EventType.ATTACK_SHELLING,
            {"rebels": "perpetrator"},
        ),
        # the owner of a seized convoy suffered it, whichever way round the sentence runs
        (
            "A UN aid convoy was seized by gunmen on the coast road on Monday.",
            EventType.ATTACK_AID,
            {"UN": "target", "gunmen": "perpetrator"},
        ),
        (
            "Gunmen seized a UN aid convoy on the coast road on Monday.",
            EventType.ATTACK_AID,
            {"UN": "target", "gunmen": "perpetrator"},
        ),
        # who was killed, however far from the attack's words, suffered it
        (
            "Two UN peacekeepers were killed when their patrol struck a roadside bomb near the border.",
            EventType.ATTACK_EXPLOSION,
            {"UN": "target"},
        ),
        (
            "Five ATMIS soldiers died in an ambush on the coast road on Monday.",
            EventType.ATTACK_CLASH,
            {"ATMIS": "target"},
        ),
        # but not of another attack their deaths led to
        (
            "Three soldiers of the Israeli army were killed on Monday, prompting airstrikes on Rafah.",
            EventType.ATTACK_AIRSTRIKE,
            {"Israeli army": "perpetrator"},
        ),
        # "an attack on X": X is the target
        (
            "Rebels launched an attack on army troops in the hills on Friday.",
            EventType.ATTACK_CLASH,
            {"rebels": "perpetrator", "army troops": "target"},
        ),
    ],
)
def test_the_clause_decides_who_did_it_and_who_suffered_it(
    text: str, kind: EventType, expected: dict[str, str]
) -> None:
    roles = _roles(text, kind)
    for words, role in expected.items():
        assert roles.get(words.lower()) is Role(role), (text, roles)


def test_an_attribution_the_text_rejects_is_no_attribution() -> None:
    text = (
        "Elders told the Russians that the villagers had nothing to do with the explosions near the bridge."
    )
    roles = _roles(text, EventType.ATTACK_EXPLOSION)
    assert not any("russians" in words for words in roles), roles


def test_they_stands_for_the_armed_actor_named_just_before() -> None:
    text = (
        "Pro-regime forces advanced on the northern suburbs on Tuesday. "
        "They bombed the main market the next morning, killing nine people."
    )
    roles = _roles(text, EventType.ATTACK_AIRSTRIKE)
    assert roles == {"pro-regime forces": Role.PERPETRATOR}, roles


def test_they_with_no_armed_actor_before_attributes_nothing() -> None:
    text = "Traders reopened the main market on Tuesday. They bombed it again the next morning."
    roles = _roles(text, EventType.ATTACK_AIRSTRIKE)
    assert Role.PERPETRATOR not in roles.values()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The truce, monitored by the OSCE, took effect at midnight on the front line.", {"osce": "monitor"}),
        (
            "A ceasefire guaranteed by Russia and Turkey went into effect in the province on Friday.",
            {"russia": "guarantor", "turkey": "guarantor"},
        ),
        ("UN observers said the truce took effect in the port city on Tuesday.", {"un": "monitor"}),
    ],
)
def test_monitors_and_guarantors_of_a_truce(text: str, expected: dict[str, str]) -> None:
    roles = _roles(text, EventType.CEASEFIRE_START)
    assert {words: roles.get(words) for words in expected} == {w: Role(r) for w, r in expected.items()}


def test_rebels_are_the_rebels_of_the_country_the_report_is_about() -> None:
    from trucewatch.extract.actors import find_actors
    from trucewatch.extract.gazetteer import Gazetteer
    from trucewatch.extract.places import find_places

    def rebels(text: str) -> list[str]:
        places = find_places(text, Gazetteer.default())
        return [m.actor for m in find_actors(text, places) if text[m.start : m.end].lower() == "rebels"]

    assert rebels("Rebels shelled the outskirts of Aleppo and Idlib on Monday.") == ["Syrian opposition"]
    # not another conflict's rebels: the generic actor, named as the text names it
    assert rebels("Rebels shelled the outskirts of Juba and Malakal on Monday.") == ["rebels"]


def _roles_ar(text: str, kind: EventType) -> dict[str, Role]:
    claims = [c for c in extract_document("ar", text, DAY, language="ar").claims if c.type is kind]
    assert claims, f"no {kind} claim in {text!r}"
    return {text[r.span.start : r.span.end]: r.role for r in claims[0].actors if r.span}


def test_arabic_role_words_come_from_the_arabic_pack() -> None:
    truce = _roles_ar(
        "دخلت الهدنة حيز التنفيذ في البلدة بضمانة روسيا وتركيا صباح الجمعة.", EventType.CEASEFIRE_START
    )
    assert truce == {"روسيا": Role.GUARANTOR, "تركيا": Role.GUARANTOR}
    denied = _roles_ar(
        "قصفت طائرات حربية السوق، ونفى الجيش الروسي أي علاقة بالقصف.", EventType.ATTACK_AIRSTRIKE
    )
    assert not any(role is Role.PERPETRATOR for role in denied.values())
