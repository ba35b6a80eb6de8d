"""End to end on real reports (read at test time from ../shared) and the CLI verbs."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from trucewatch.cli import (
    app,
    commands,  # noqa: F401  (registers the verbs)
)
from trucewatch.extract.eval_format import claims_to_events
from trucewatch.extract.pipeline import extract_document

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "eval" / "dev" / "syriadirect-2017-03-08-waer.json"
SCORE = SHARED / "eval" / "score.py"

needs_shared = pytest.mark.skipif(not SEED.is_file(), reason=f"evaluation set not found at {SEED}")


def _written(place: str | list[str] | None) -> str | None:
    """The place as the text writes it: the first of the equally acceptable names logged."""
    return place[0] if isinstance(place, list) else place


def _score_module() -> Any:
    spec = importlib.util.spec_from_file_location("eval_score", SCORE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_score"] = module
    spec.loader.exec_module(module)
    return module


@needs_shared
def test_seed_report_finds_most_gold_facts_with_type_date_and_place() -> None:
    article = json.loads(SEED.read_text(encoding="utf-8"))
    analysis = extract_document(article["id"], article["text"], dt.date.fromisoformat(article["published"]))
    for claim in analysis.claims:
        span = claim.evidence[0]
        assert span.quote(article["text"]) == article["text"][span.start : span.end]
        assert span.end <= len(article["text"])
    events = claims_to_events(analysis.claims)
    score = _score_module()
    pairs = score.max_matching(article["facts"], events)
    assert len(pairs) / len(article["facts"]) >= 0.7
    assert len(pairs) / len(events) >= 0.6


@needs_shared
def test_extract_file_eval_format_is_what_score_py_reads(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["extract", str(SEED), "--format", "eval", "--doc-id", "seed", "--published", "2017-03-08"]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert lines
    for event in lines:
        assert event["doc"] == "seed"
        assert set(event) == {"doc", "type", "date", "place", "actors", "quantities"}
        assert event["date"] is None or isinstance(event["date"], str)
        assert all(isinstance(v, int) for v in event["quantities"].values())
    pred = tmp_path / "pred.jsonl"
    pred.write_text(result.stdout.replace('"doc": "seed"', '"doc": "syriadirect-2017-03-08-waer"'))
    score = _score_module()
    gold = {"syriadirect-2017-03-08-waer": json.loads(SEED.read_text(encoding="utf-8"))["facts"]}
    assert score.score(gold, score.load_pred(pred))["matched"] >= 7


def test_extract_plain_text_file_without_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    report = tmp_path / "report.txt"
    report.write_text("Synthetic report. A truce went into effect on Monday in Homs.", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["extract", str(report), "--format", "eval", "--published", "2020-01-08"]
    )
    assert result.exit_code == 0, result.output
    events = [json.loads(x) for x in result.stdout.splitlines()]
    assert [(e["type"], e["date"]) for e in events] == [("ceasefire.start", "2020-01-06")]
    assert not (tmp_path / "trucewatch.db").exists()


def test_extract_eval_reads_several_files_and_folders_in_one_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "articles"
    (folder / "inner").mkdir(parents=True)
    for name, town in (("a", "Homs"), ("inner/b", "Hama")):
        article = {
            "id": f"art-{name[-1]}",
            "published": "2020-01-08",
            "text": f"Synthetic report. Shelling hit {town} on Monday.",
        }
        (folder / f"{name}.json").write_text(json.dumps(article), encoding="utf-8")
    loose = tmp_path / "loose.txt"
    loose.write_text("Synthetic report. Clashes erupted in Idlib on Monday.", encoding="utf-8")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(folder), str(loose), "--format", "eval"])
    assert result.exit_code == 1  # the broken article is named and the others still print
    assert "broken.json" in result.stderr
    events = [json.loads(x) for x in result.stdout.splitlines()]
    assert sorted((e["doc"], e["type"]) for e in events) == [
        ("art-a", "attack.shelling"),
        ("art-b", "attack.shelling"),
        ("loose", "attack.clash"),
    ]


def test_extract_then_claims_on_sqlite_is_idempotent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from trucewatch.model import Document
    from trucewatch.store import add_document, list_claims, open_store

    url = f"sqlite:///{tmp_path / 'tw.db'}"
    monkeypatch.setenv("TRUCEWATCH_DATABASE_URL", url)
    text = (
        "Synthetic report. Government negotiators met rebel delegates in Homs on 2 March 2020. "
        "A convoy of 12 trucks entered Homs on 4 March 2020."
    )
    store = open_store(url)
    with store.session() as session:
        doc_id, _ = add_document(
            session, Document(text=text, content_hash="h1", published=dt.date(2020, 3, 5))
        )
    store.close()
    runner = CliRunner()
    first = runner.invoke(app, ["extract", "--all"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, ["extract", doc_id])
    assert second.exit_code == 0, second.output
    store = open_store(url)
    with store.session() as session:
        stored = list_claims(session, document_id=doc_id)
    store.close()
    assert sorted(c.type.value for c in stored) == ["aid.delivered", "negotiation.meeting"]
    listed = runner.invoke(app, ["claims", "--json", "--type", "aid.delivered"])
    assert listed.exit_code == 0, listed.output
    rows = [json.loads(x) for x in listed.stdout.splitlines()]
    assert len(rows) == 1
    assert rows[0]["quotes"] and all(quote in text for quote in rows[0]["quotes"])
    figures = [(q["kind"], q["value"], q["qualifier"]) for q in rows[0]["quantities"]]
    assert ("trucks", 12, "exact") in figures


def test_eval_actors_are_written_as_the_text_names_them_then_canonical() -> None:
    # synthetic report: "the regime" is the lexicon's Syrian government
    text = "The regime tightened the siege of Madaya on Monday, residents said."
    analysis = extract_document("synthetic", text, dt.date(2016, 1, 14))
    events = claims_to_events(analysis.claims, text=text)
    sieges = [e for e in events if e["type"] == "siege.imposed"]
    assert sieges, events
    assert sieges[0]["actors"][:2] == ["regime", "Syrian government"]
    # without the text, the canonical names alone (the store's view)
    assert "regime" not in claims_to_events(analysis.claims)[0]["actors"]


def test_an_event_told_as_news_without_a_date_takes_the_report_day_background_does_not() -> None:
    text = (
        "Gunmen shelled the market of Idlib, residents said.\n\n"
        "Years ago, rebels had shelled the old fort of Hama."
    )
    analysis = extract_document("d", text, dt.date(2019, 6, 4))
    assert all(c.when is None for c in analysis.claims)  # the stored claims stay undated
    events = claims_to_events(
        analysis.claims, text=text, place_mentions=analysis.places, published=dt.date(2019, 6, 4)
    )
    dates = {_written(e["place"]): e["date"] for e in events}
    assert dates == {"Idlib": "2019-06-04", "Hama": None}


def test_one_happening_told_at_country_then_city_level_is_one_event_at_the_city() -> None:
    text = (
        "A truck bomb exploded at a market in Somalia on Friday, killing eight people.\n\n"
        "Police said the blast in Mogadishu on Friday wrecked a row of shops."
    )
    analysis = extract_document("d", text, dt.date(2021, 3, 6))
    events = claims_to_events(
        analysis.claims, text=text, place_mentions=analysis.places, published=dt.date(2021, 3, 6)
    )
    explosions = [e for e in events if e["type"] == "attack.explosion"]
    assert [(_written(e["place"]), e["quantities"]) for e in explosions] == [("Mogadishu", {"killed": 8})]


def test_a_repeat_placed_only_by_the_story_does_not_move_an_event_its_sentence_placed() -> None:
    # the story is about Beledweyne; the second sentence's release is placed by the story alone
    text = (
        "Beledweyne residents fled as militants burned houses in Beledweyne on Monday.\n\n"
        "Militants freed 12 hostages in Somalia on Tuesday, a local official said.\n\n"
        "Food prices have doubled since the rains failed. Many families now eat once a day.\n\n"
        "The hostages were freed on Tuesday at an undisclosed location."
    )
    analysis = extract_document("d", text, dt.date(2023, 5, 10))
    assert {c.place for c in analysis.claims if c.type.value == "detainees.released"} >= {"Beledweyne"}
    events = claims_to_events(analysis.claims, text=text, place_mentions=analysis.places)
    releases = [e for e in events if e["type"] == "detainees.released"]
    assert [_written(e["place"]) for e in releases] == ["Somalia"]


def test_a_place_written_with_a_possessive_is_logged_without_it() -> None:
    text = "Fighters shelled Goma’s airport on Monday."
    analysis = extract_document("d", text, dt.date(2019, 6, 4))
    events = claims_to_events(analysis.claims, text=text, place_mentions=analysis.places)
    assert [e["place"] for e in events] == ["Goma"]


@pytest.mark.parametrize(
    ("text", "language", "logged"),
    [
        (
            "Shelling hit villages in Hama province on Monday.",
            "en",
            ["Hama province", "Hama Governorate", "Hama"],
        ),
        ("قصفت قوات النظام قرى في ريف حماة يوم الاثنين.", "ar", ["Hama Governorate", "Hama"]),
    ],
)
def test_a_governorate_is_logged_by_its_bare_name_too(text: str, language: str, logged: list[str]) -> None:
    analysis = extract_document("d", text, dt.date(2019, 6, 4), language=language)
    events = claims_to_events(analysis.claims, text=text, place_mentions=analysis.places)
    assert [e["place"] for e in events] == [logged]


@pytest.mark.parametrize(
    ("text", "published", "kind", "logged"),
    [
        (  # an exact figure over a rounded one
            "More than 100 killed as clashes rage in Tripoli on Monday.\n\n"
            "Clashes in Tripoli on Monday killed 104 people, the health ministry said.",
            dt.date(2022, 8, 29),
            "attack.clash",
            [("Tripoli", {"killed": 104})],
        ),
        (  # the figure told at the event's own place over the national total
            "More than 400 prisoners were freed in Libya on Thursday.\n\n"
            "In Misrata, 250 prisoners were freed on Thursday, the Red Cross said.",
            dt.date(2020, 10, 16),
            "detainees.released",
            [("Misrata", {"detainees": 250})],
        ),
    ],
)
def test_a_merged_event_logs_the_figure_of_its_own_place_exact_before_rounded(
    text: str, published: dt.date, kind: str, logged: list[tuple[str, dict[str, int]]]
) -> None:
    analysis = extract_document("d", text, published)
    events = claims_to_events(analysis.claims, text=text, place_mentions=analysis.places)
    assert [(_written(e["place"]), e["quantities"]) for e in events if e["type"] == kind] == logged


def test_a_truce_told_for_a_country_and_in_one_of_its_towns_is_the_country_s() -> None:
    text = (
        "A ceasefire took effect in Yemen on Sunday.\n\n"
        "In Taiz, residents said the truce came into force at noon on Sunday."
    )
    analysis = extract_document("d", text, dt.date(2016, 4, 11))
    events = claims_to_events(analysis.claims, text=text, place_mentions=analysis.places)
    assert [(e["type"], e["place"]) for e in events] == [("ceasefire.start", "Yemen")]


def test_an_undated_repeat_joins_the_event_at_its_own_place_before_one_at_a_place_holding_it() -> None:
    text = (
        "In 2022, aid agencies delivered food across Ukraine.\n\n"
        "A convoy of nine trucks reached Toretsk with medicine.\n\n"
        "The convoy also delivered blankets to Toretsk on January 31."
    )
    analysis = extract_document("d", text, dt.date(2023, 2, 3))
    events = claims_to_events(analysis.claims, text=text, place_mentions=analysis.places)
    delivered = {e["place"]: (e["date"], e["quantities"]) for e in events if e["type"] == "aid.delivered"}
    assert delivered == {"Ukraine": ("2022", {}), "Toretsk": ("2023-01-31", {"trucks": 9})}


def test_a_toll_whose_sentence_writes_no_place_or_date_joins_the_happening_told_nearest() -> None:
    text = (
        "Talks between the two governments opened in Nairobi on Monday. Nairobi hosted the envoys.\n\n"
        "There are now at least 41 dead — villagers slaughtered by the militia.\n\n"
        "The massacre of villagers took place on Friday near the town of Bunia, officials said."
    )
    analysis = extract_document("d", text, dt.date(2023, 3, 8))

    def massacres(**dates: Any) -> list[tuple[str | None, object, object]]:
        events = claims_to_events(analysis.claims, text=text, place_mentions=analysis.places, **dates)
        return [
            (_written(e["place"]), e["date"], e["quantities"])
            for e in events
            if e["type"] == "attack.civilians"
        ]

    # without the date mentions the toll stands alone at the story's place and day
    assert massacres() == [("Nairobi", "2023-03-08", {"killed": 41}), ("Bunia", "2023-03-03", {})]
    assert massacres(date_mentions=analysis.dates) == [("Bunia", "2023-03-03", {"killed": 41})]
