"""Training the learnt sentence classifier from hand-coded articles.

    trucewatch train ../shared/eval/dev -o src/trucewatch/extract/data/model-en.json

Articles are the evaluation's format (text, facts with type and verbatim
evidence). Each sentence is labelled with the types of the facts whose
evidence overlaps it; sentences with no fact are negatives. Needs
scikit-learn (the `train` extra); using a trained model does not.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from trucewatch.extract.base import Component
from trucewatch.extract.learnt import LearntComponent, SentenceModel, features
from trucewatch.extract.pipeline import DEFAULT_COMPONENTS, Pipeline, available_components
from trucewatch.extract.sentences import split_sentences

__all__ = [
    "ADD_AT",
    "VETO_BELOW",
    "conflict_folds",
    "labelled_sentences",
    "pipeline_trained_on",
    "read_articles",
    "train",
]

# Decision thresholds, fixed before any fold is scored (not tuned per fold).
ADD_AT = 0.75
VETO_BELOW = 0.0
_MIN_DF = 2  # a feature must occur in two training sentences
_C = 4.0  # inverse regularisation strength
_MIN_WEIGHT = 0.15  # smaller weights are dropped: the shipped file stays small, scores barely move


def read_articles(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def conflict_folds(articles: Sequence[dict[str, Any]], folds: int) -> list[list[int]]:
    """Article indices per fold: whole conflicts, biggest first into the fold with fewest facts."""
    by_conflict: dict[str, list[int]] = {}
    for i, article in enumerate(articles):
        by_conflict.setdefault(str(article.get("conflict") or article["id"]), []).append(i)
    weight = {c: sum(len(articles[i]["facts"]) + 1 for i in idx) for c, idx in by_conflict.items()}
    buckets: list[list[int]] = [[] for _ in range(folds)]
    sizes = [0] * folds
    for conflict in sorted(by_conflict, key=lambda c: (-weight[c], c)):
        k = min(range(folds), key=lambda j: (sizes[j], j))
        buckets[k].extend(by_conflict[conflict])
        sizes[k] += weight[conflict]
    return [sorted(b) for b in buckets if b]


def labelled_sentences(articles: Iterable[Mapping[str, Any]]) -> list[tuple[str, set[str]]]:
    """(sentence text, event types it states) for every sentence of every article."""
    out: list[tuple[str, set[str]]] = []
    for article in articles:
        text = str(article["text"])
        spans = split_sentences(text)
        labels: list[set[str]] = [set() for _ in spans]
        for fact in article.get("facts", ()):
            at = text.find(str(fact.get("evidence") or "\x00"))
            if at < 0:
                continue
            until = at + len(fact["evidence"])
            for i, (start, end) in enumerate(spans):
                if start < until and at < end:
                    labels[i].add(str(fact["type"]))
        out.extend((text[s:e], lab) for (s, e), lab in zip(spans, labels, strict=True))
    return out


def train(
    articles: Sequence[Mapping[str, Any]], add_at: float = ADD_AT, veto_below: float = VETO_BELOW
) -> dict[str, Any]:
    """The model's JSON (see learnt.SentenceModel), trained on `articles`."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.linear_model import LogisticRegression

    rows = labelled_sentences(articles)
    counts = [features(text) for text, _ in rows]
    df: dict[str, int] = {}
    for c in counts:
        for g in c:
            df[g] = df.get(g, 0) + 1
    kept = [{g: n for g, n in c.items() if df[g] >= _MIN_DF} for c in counts]
    vectoriser = DictVectorizer()
    matrix = TfidfTransformer(sublinear_tf=True).fit(vectoriser.fit_transform(kept))
    x = matrix.transform(vectoriser.transform(kept))
    names = vectoriser.get_feature_names_out()
    idf = {str(n): round(float(v), 5) for n, v in zip(names, matrix.idf_, strict=True)}
    weights: dict[str, dict[str, float]] = {}
    bias: dict[str, float] = {}
    for kind in sorted({k for _, labels in rows for k in labels}):
        y = np.array([kind in labels for _, labels in rows])
        if y.sum() < 2:
            continue
        model = LogisticRegression(C=_C, class_weight="balanced", max_iter=2000).fit(x, y)
        coef = model.coef_[0]
        kept_at = np.flatnonzero(np.abs(coef) >= _MIN_WEIGHT)
        weights[kind] = {str(names[i]): round(float(coef[i]), 4) for i in kept_at}
        bias[kind] = round(float(model.intercept_[0]), 5)
    # idf is kept for every feature, pruned or not: the vector's length counts them all
    return {
        "kind": "trucewatch sentence model",
        "features": "word unigrams+bigrams, folded, digits as 0; tf-idf sublinear, l2",
        "trained_on": len(articles),
        "idf": idf,
        "weights": weights,
        "bias": bias,
        "add_at": add_at,
        "veto_below": veto_below,
    }


def pipeline_trained_on(
    articles: Sequence[Mapping[str, Any]], names: Sequence[str] | None = None
) -> Pipeline:
    """The pipeline `names` (default: the shipped one) whose learnt parts are trained on `articles` only."""
    wanted = list(names) if names else list(DEFAULT_COMPONENTS)
    factories = available_components()
    components: list[Component] = []
    for name in wanted:
        if name == LearntComponent.name:
            languages = sorted({str(a.get("language") or "en") for a in articles})
            models = {
                lang: SentenceModel.from_json(
                    train([a for a in articles if str(a.get("language") or "en") == lang])
                )
                for lang in languages
            }
            components.append(LearntComponent(models))
        else:
            components.append(factories[name]())
    return Pipeline(components)
