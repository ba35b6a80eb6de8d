"""Every language pack states the events of its own example sentences, and no others."""

from __future__ import annotations

import pytest

from trucewatch.extract.cues import cues
from trucewatch.extract.lang import available_languages, pack
from trucewatch.extract.triggers import find_triggers


def _examples() -> list[tuple[str, str, list[str]]]:
    out = []
    for code in available_languages():
        lang = pack(code)
        if lang.has("examples.yaml"):
            for example in lang.yaml("examples.yaml")["examples"]:
                out.append((code, str(example["text"]), list(example["events"])))
    return out


def test_english_and_arabic_packs_are_installed_with_examples() -> None:
    assert {"en", "ar"} <= set(available_languages())
    assert {code for code, _, _ in _examples()} >= {"en", "ar"}


@pytest.mark.parametrize(("code", "text", "events"), _examples())
def test_pack_example(code: str, text: str, events: list[str]) -> None:
    found = find_triggers(text, language=code)
    assert {t.type.value for t in found} == set(events), [(text[t.start : t.end], t.rule) for t in found]
    for t in found:  # offsets into the sentence as written
        assert 0 <= t.start < t.end <= len(text)


def test_unknown_language_reads_with_english() -> None:
    assert pack("xx").code == "en"
    assert pack("ar-SY").code == "ar"
    assert pack(None).code == "en"


@pytest.mark.parametrize("code", available_languages())
def test_every_pack_says_its_cue_words_in_its_own_folder(code: str) -> None:
    assert pack(code).has("cues.yaml")
    found = cues(code)
    for name in ("locative", "destination", "clause_break", "present", "reports", "background"):
        assert getattr(found, name).pattern, f"{code}: {name} is empty"


def test_cue_words_are_read_from_the_pack() -> None:
    english, arabic = cues("en"), cues("ar")
    assert english.locative.search("shelling in the ") and not english.locative.search("shelling of ")
    assert english.background.search("The army had besieged the town.")
    assert arabic.background.search(pack("ar").letters("كانت قد حاصرت البلدة"))
    assert not english.background.search(pack("ar").letters("كانت قد حاصرت البلدة"))
    assert cues("xx") is cues("en")  # a language without a pack reads with English's
