"""Every language pack states the events of its own example sentences, and no others."""

from __future__ import annotations

import pytest

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
