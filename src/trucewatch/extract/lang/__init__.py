"""Language packs: what extraction knows of one language, in one folder.

A pack is a sub-package `lang/<code>/` (ISO 639-1) holding data files and,
where a language needs code, a few hooks in its `__init__.py`:

- `triggers.yaml`: the trigger grammar (event word classes, rules, negation
  and hypothetical cue words), compiled by triggers.py;
- `quantities.yaml`: number words, counted nouns and toll words (English's is
  read by quantities.py; Arabic's by the pack's own `find_quantities`);
- `cues.yaml`: the words assembly reads around a trigger (locatives for
  countries, destinations, clause breaks, present tense, reporting verbs,
  background), compiled by cues.py; a pack without one is read with English's;
- `dates.yaml` (Arabic): month, weekday, ordinal and relative-day words, read by
  the Arabic rules of dates.py;
- `examples.yaml`: sentences written for the pack's tests, each with the
  events it states (tests/test_language_packs.py runs every pack's);
- hooks, all optional: `fold(text) -> Folded` (the matching copy of a text,
  default: lower case), `source_fold(pattern)` (the same fold applied to the
  pack's own rule text), `letters(text)` (a same-length fold of letter
  variants, for cue words read around mentions), `WORD_PREFIXES` (clitics a
  word may carry before a trigger stem), `find_quantities(folded, windows)`.

The pipeline picks the pack by the document's language; a language without a
pack is read with the English one (what a reader of an unknown language would
get from the English rules: names and numbers, few events).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from trucewatch.extract.base import QuantityMention
from trucewatch.extract.lang.folded import Folded

__all__ = ["DEFAULT_LANGUAGE", "LanguagePack", "available_languages", "language_code", "pack"]

DEFAULT_LANGUAGE = "en"
_CODE = re.compile(r"[a-z]{2,3}")

QuantityFinder = Callable[[Folded, Sequence[tuple[int, int]] | None], list[QuantityMention]]


def _lower_fold(text: str) -> Folded:
    low = text.lower()
    if len(low) != len(text):  # a few characters lower-case to two: keep those as written
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return Folded.same(text, low)


@dataclass(frozen=True)
class LanguagePack:
    code: str
    fold: Callable[[str], Folded]
    source_fold: Callable[[str], str]
    word_prefixes: tuple[str, ...]  # "" first when words may stand bare (always)
    find_quantities: QuantityFinder | None
    own_fold: bool = False  # whether `fold` is the pack's own (else plain lower case)
    letters: Callable[[str], str] = str  # a same-length fold of letter variants (for cue words)

    def path(self, name: str) -> Any:
        return resources.files("trucewatch.extract.lang").joinpath(self.code, name)

    def has(self, name: str) -> bool:
        return bool(self.path(name).is_file())

    def text(self, name: str) -> str:
        """A data file of the pack; FileNotFoundError names the pack and file when absent."""
        path = self.path(name)
        if not path.is_file():
            raise FileNotFoundError(f"language pack {self.code!r} has no {name}")
        return str(path.read_text(encoding="utf-8"))

    def yaml(self, name: str) -> Any:
        return yaml.safe_load(self.text(name))

    def peoples(self) -> list[str]:
        """Peoples, nationals and faiths named in the plural (peoples.yaml; none without it)."""
        return [str(w) for w in self.yaml("peoples.yaml")] if self.has("peoples.yaml") else []


def language_code(language: str | None) -> str:
    """The primary subtag of a language tag, lower case ("ar-SY" -> "ar"); "" when unusable."""
    if not language:
        return ""
    primary = re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0]
    return primary if _CODE.fullmatch(primary) else ""


@cache
def available_languages() -> tuple[str, ...]:
    """The codes of the installed packs (folders with a trigger grammar)."""
    root = resources.files("trucewatch.extract.lang")
    found = {p.name for p in root.iterdir() if p.is_dir() and p.joinpath("triggers.yaml").is_file()}
    return tuple(sorted(found | {DEFAULT_LANGUAGE}))


@cache
def _load(code: str) -> LanguagePack:
    module = importlib.import_module(f"trucewatch.extract.lang.{code}")
    prefixes = tuple(getattr(module, "WORD_PREFIXES", ("",)))
    return LanguagePack(
        code=code,
        fold=getattr(module, "fold", _lower_fold),
        source_fold=getattr(module, "source_fold", str),
        word_prefixes=prefixes if "" in prefixes else ("", *prefixes),
        find_quantities=getattr(module, "find_quantities", None),
        own_fold=hasattr(module, "fold"),
        letters=getattr(module, "letters", str),
    )


def pack(language: str | None) -> LanguagePack:
    """The pack for `language` ("ar", "ar-SY", "AR"); English when there is none."""
    code = language_code(language)
    return _load(code if code in available_languages() else DEFAULT_LANGUAGE)
