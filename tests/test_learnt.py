"""The learnt sentence classifier: labelling, training, the shipped JSON form, the component."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from trucewatch.cli import (
    app,
    commands,  # noqa: F401  (registers the verbs)
)
from trucewatch.extract.learnt import LearntComponent, SentenceModel
from trucewatch.extract.pipeline import Pipeline, build_pipeline, extract_document
from trucewatch.extract.training import conflict_folds, labelled_sentences, train


def _article(i: int, conflict: str, convoy_town: str, shelled_town: str) -> dict[str, object]:
    text = (
        f"Report number {i} from the field office.\n\n"
        f"A convoy of lorries unloaded lentils and stoves in {convoy_town} on Monday. "
        f"Mortar rounds landed on the market of {shelled_town} overnight. "
        "The weather stayed cold and the roads were muddy."
    )
    return {
        "id": f"a{i}",
        "conflict": conflict,
        "published": "2020-01-08",
        "text": text,
        "facts": [
            {"type": "aid.delivered", "evidence": "A convoy of lorries unloaded lentils"},
            {"type": "attack.shelling", "evidence": "Mortar rounds landed on the market"},
        ],
    }


ARTICLES = [
    _article(i, c, town, other)
    for i, (c, town, other) in enumerate(
        [
            ("North", "Pinewick", "Oldbridge"),
            ("North", "Harrowgate", "Fennick"),
            ("South", "Calder", "Mossby"),
            ("South", "Lowmere", "Ashby"),
            ("East", "Brinton", "Tamsworth"),
            ("East", "Corley", "Dunmore"),
        ]
    )
]


def test_sentences_are_labelled_by_the_facts_whose_evidence_they_hold() -> None:
    rows = labelled_sentences(ARTICLES[:1])
    labels = {text.split()[0]: kinds for text, kinds in rows}
    assert labels["A"] == {"aid.delivered"}
    assert labels["Mortar"] == {"attack.shelling"}
    assert labels["The"] == set()


def test_folds_keep_each_conflict_whole_and_use_every_article() -> None:
    folds = conflict_folds(ARTICLES, 2)
    assert sorted(i for fold in folds for i in fold) == list(range(len(ARTICLES)))
    for fold in folds:
        conflicts = {ARTICLES[i]["conflict"] for i in fold}
        others = {ARTICLES[i]["conflict"] for f in folds if f is not fold for i in f}
        assert not conflicts & others


def test_a_trained_model_survives_json_and_reads_a_new_sentence() -> None:
    model = SentenceModel.from_json(json.loads(json.dumps(train(ARTICLES, add_at=0.5))))
    probs = model.probabilities("Mortar rounds landed near the school of Westby.")
    assert probs["attack.shelling"] > 0.5 > probs["aid.delivered"]
    word = model.telling_word("Mortar rounds landed near the school of Westby.", "attack.shelling")
    assert word is not None and word[2] in {"mortar", "rounds", "landed"}


def test_the_component_adds_a_trigger_the_rules_lack_and_names_its_word() -> None:
    model = SentenceModel.from_json(train(ARTICLES, add_at=0.5))
    rules_only = build_pipeline(["normalise", "sentences", "triggers"])
    with_model = Pipeline([*rules_only.components, LearntComponent({"en": model})])
    text = "Lorries unloaded lentils and stoves in Westby. The weather stayed cold."
    before = extract_document("d", text, dt.date(2020, 1, 8), pipeline=rules_only)
    after = extract_document("d", text, dt.date(2020, 1, 8), pipeline=with_model)
    added = [t for t in after.triggers if t.rule.startswith("model:")]
    assert not before.triggers
    assert [t.type.value for t in added] == ["aid.delivered"]
    assert text[added[0].start : added[0].end].lower() == added[0].rule.removeprefix("model:")
    assert after.focus and after.focus[0] == (0, text.index(" The weather"))


def test_a_language_without_a_model_is_left_to_the_rules() -> None:
    model = SentenceModel.from_json(train(ARTICLES, add_at=0.5))
    pipeline = Pipeline(
        [*build_pipeline(["normalise", "sentences", "triggers"]).components, LearntComponent({"ar": model})]
    )
    text = "Lorries unloaded lentils and stoves in Westby. The weather stayed cold."
    assert extract_document("d", text, dt.date(2020, 1, 8), pipeline=pipeline).triggers == ()


def test_train_command_writes_a_model_the_pipeline_loads(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    for article in ARTICLES:
        (gold / f"{article['id']}.json").write_text(json.dumps(article), encoding="utf-8")
    out = tmp_path / "model-en.json"
    result = CliRunner().invoke(app, ["train", str(gold), "-o", str(out)])
    assert result.exit_code == 0, result.output
    model = SentenceModel.load(out)
    assert set(model.weights) == {"aid.delivered", "attack.shelling"}
    missing = CliRunner().invoke(app, ["train", str(tmp_path / "nowhere"), "-o", str(out)])
    assert missing.exit_code != 0 and "nowhere" in missing.output
