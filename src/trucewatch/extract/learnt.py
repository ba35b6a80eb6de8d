"""A learnt sentence classifier beside the rules: which event types a sentence states.

The model is a linear one (TF-IDF over word unigrams and bigrams, one
logistic regression per event type) trained by `trucewatch train` from the
evaluation articles (extract/training.py) and shipped as a small JSON file of
weights, so using it needs neither scikit-learn nor pickle. Scoring a
sentence is a few dictionary look-ups per word.

The component runs after the rules' triggers and does two things, each
measured by grouped cross-validation before it was kept:
- `veto`: a rule trigger in a sentence the model finds very unlikely to
  state that type is dropped (precision);
- `add`: a sentence the model is confident about, with no rule trigger of
  that type, gets a trigger on its most telling word, rule "model:WORD"
  (recall). Each added trigger names the word that weighed most, so the
  claim stays explainable.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

from trucewatch.extract.base import Analysis, Trigger
from trucewatch.extract.nlp import fold_token
from trucewatch.model import EventType

__all__ = ["LearntComponent", "SentenceModel", "features"]

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_DIGIT = re.compile(r"\d")


def _words(text: str) -> list[tuple[str, int, int]]:
    """(folded word, start, end); digits folded to 0 so figures generalise."""
    return [(_DIGIT.sub("0", fold_token(m.group())), m.start(), m.end()) for m in _WORD.finditer(text)]


def features(text: str) -> Counter[str]:
    """Unigram and bigram counts of a sentence: the model's input (training uses the same)."""
    words = [w for w, _, _ in _words(text)]
    grams: Counter[str] = Counter(words)
    grams.update(f"{a} {b}" for a, b in pairwise(words))
    return grams


@dataclass(frozen=True)
class SentenceModel:
    idf: dict[str, float]
    weights: dict[str, dict[str, float]]  # event type -> feature -> weight
    bias: dict[str, float]
    add_at: float  # add a trigger at or above this probability
    veto_below: float  # drop a rule trigger below this probability (0: never)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SentenceModel:
        return cls(
            idf={str(k): float(v) for k, v in data["idf"].items()},
            weights={t: {str(k): float(v) for k, v in w.items()} for t, w in data["weights"].items()},
            bias={t: float(v) for t, v in data["bias"].items()},
            add_at=float(data["add_at"]),
            veto_below=float(data["veto_below"]),
        )

    @classmethod
    def load(cls, path: Path) -> SentenceModel:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))

    def vector(self, text: str) -> dict[str, float]:
        """The sentence's TF-IDF vector (sublinear tf, l2-normalised), known features only."""
        raw = {g: (1.0 + math.log(n)) * self.idf[g] for g, n in features(text).items() if g in self.idf}
        norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
        return {g: v / norm for g, v in raw.items()}

    def probabilities(self, text: str) -> dict[str, float]:
        vec = self.vector(text)
        out: dict[str, float] = {}
        for kind, weights in self.weights.items():
            z = self.bias[kind] + sum(v * weights.get(g, 0.0) for g, v in vec.items())
            out[kind] = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
        return out

    def telling_word(self, text: str, kind: str) -> tuple[int, int, str] | None:
        """The word of `text` whose unigram weighs most for `kind`: (start, end, word)."""
        weights = self.weights.get(kind, {})
        best: tuple[float, int, int, str] | None = None
        for word, start, end in _words(text):
            w = weights.get(word, 0.0)
            if w > 0 and (best is None or w > best[0]):
                best = (w, start, end, word)
        return None if best is None else best[1:]


_KINDS = {t.value: t for t in EventType}


def shipped_models() -> dict[str, SentenceModel]:
    """The models shipped in the package (data/model-LANG.json), by language."""
    folder = resources.files("trucewatch.extract") / "data"
    return {
        entry.name.removeprefix("model-").removesuffix(".json"): SentenceModel.from_json(
            json.loads(entry.read_text(encoding="utf-8"))
        )
        for entry in folder.iterdir()
        if entry.name.startswith("model-") and entry.name.endswith(".json")
    }


class LearntComponent:
    """Adds and vetoes triggers by the sentence model of the document's language (after the
    rules' triggers); a language without a model is left to the rules."""

    name = "learnt"

    def __init__(self, models: dict[str, SentenceModel]) -> None:
        self.models = models

    def __call__(self, analysis: Analysis) -> Analysis:
        model = self.models.get(analysis.language)
        if model is None or not analysis.sentences:
            return analysis
        text = analysis.text
        kept: list[Trigger] = []
        added: list[Trigger] = []
        by_sentence: dict[tuple[int, int], list[Trigger]] = {}
        starts = analysis.sentences
        j = 0
        for t in sorted(analysis.triggers, key=lambda t: t.start):
            while j < len(starts) - 1 and starts[j][1] <= t.start:
                j += 1
            by_sentence.setdefault(starts[j], []).append(t)
        for span in analysis.sentences:
            start, end = span
            probs = model.probabilities(text[start:end])
            rules = by_sentence.get(span, [])
            kept.extend(t for t in rules if probs.get(t.type.value, 1.0) >= model.veto_below)
            have = {t.type.value for t in rules}
            for kind, p in probs.items():
                if p < model.add_at or kind in have or kind not in _KINDS:
                    continue
                word = model.telling_word(text[start:end], kind)
                if word is not None:
                    w_start, w_end, w = word
                    added.append(Trigger(start + w_start, start + w_end, f"model:{w}", _KINDS[kind]))
        triggers = tuple(sorted((*kept, *added), key=lambda t: (t.start, t.end)))
        if triggers == analysis.triggers:
            return analysis
        from trucewatch.extract.triggers import trigger_sentences

        return replace(analysis, triggers=triggers, focus=trigger_sentences(analysis.sentences, triggers))
