"""Actors: the alias lexicon and "<Place> rebels". Sample sentences are synthetic."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trucewatch.extract.actors import (
    ActorComponent,
    LexiconError,
    find_actors,
    load_lexicon,
    to_model_actors,
)
from trucewatch.extract.base import Analysis
from trucewatch.extract.gazetteer import Gazetteer
from trucewatch.extract.nlp import fold
from trucewatch.extract.places import find_places
from trucewatch.model import ActorKind

SEED = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "corpus"
    / "syriadirect-2017-03-08-waer-surrender-talks.txt"
)


def actors(text: str, with_places: bool = False) -> list[tuple[str, str]]:
    places = find_places(text, Gazetteer.default()) if with_places else ()
    return [(text[m.start : m.end], m.actor) for m in find_actors(text, places)]


def test_aliases_resolve_to_one_canonical_actor() -> None:
    # synthetic
    text = "The regime shelled Homs; Assad regime troops and government forces moved in. قوات النظام"
    assert {a for _, a in actors(text, True)} == {"Syrian government"}  # "government forces": in Syria
    assert len(actors(text)) == 4


def test_pro_regime_forces_is_its_own_actor_on_the_government_side() -> None:
    found = find_actors("Pro-regime forces fired on the convoy.")  # synthetic
    assert [(m.actor, m.kind, m.side) for m in found] == [("pro-regime forces", "militia", "government")]


def test_regime_of_calm_is_not_the_government() -> None:
    text = "Russia declared a regime of calm for two days."  # synthetic
    assert actors(text) == [("Russia", "Russia")]


def test_acronyms_match_only_in_capitals() -> None:
    assert actors("This is what it is.") == []  # synthetic
    assert actors("IS fighters withdrew.") == [("IS", "Islamic State")]


def test_rebel_held_describes_a_place_not_an_actor() -> None:
    assert actors("They reached the rebel-held town.") == []  # synthetic


def test_place_group_patterns_name_local_actors() -> None:
    text = (  # synthetic
        "The Waer negotiating committee met twice. Madaya residents waited, "
        "while fighters from Douma left. Syria's people voted."
    )
    found = actors(text, with_places=True)
    assert ("Waer negotiating committee", "Waer negotiating committee") in found
    assert ("Madaya residents", "Madaya residents") in found
    assert ("fighters from Douma", "Duma rebels") in found or ("fighters from Douma", "Douma rebels") in found
    assert not any(a.startswith("Syria ") for _, a in found)


def test_place_group_in_arabic() -> None:
    text = "خرج أهالي حي الوعر من الحي"  # synthetic
    assert ("أهالي حي الوعر", "Waer residents") in actors(text, with_places=True)


def test_place_group_wins_over_the_generic_alias() -> None:
    text = "Opposition fighters in al-Waer agreed."  # synthetic
    assert actors(text, with_places=True) == [("Opposition fighters in al-Waer", "Waer rebels")]


def test_lexicon_aliases_are_unique_and_kinds_valid() -> None:
    entries = load_lexicon()
    seen: dict[str, str] = {}
    for e in entries:
        assert isinstance(e.kind, ActorKind)
        for alias in e.aliases:
            assert seen.setdefault(fold(alias), e.name) == e.name, f"{alias!r} is claimed twice"
    model = to_model_actors(entries)
    assert [a.name for a in model] == [e.name for e in entries]
    assert next(a for a in model if a.name == "Syrian government").kind is ActorKind.STATE


def test_bad_lexicon_names_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text("actors:\n  - name: Somebody\n    kind: wizard\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"actors\[0\].*wizard"):
        load_lexicon(path)


def test_component_uses_places() -> None:
    text = "Waer rebels left."  # synthetic
    analysis = Analysis(document_id="d", text=text)
    analysis = Analysis(document_id="d", text=text, places=find_places(text, Gazetteer.default()))
    out = ActorComponent()(analysis)
    assert [m.actor for m in out.actors] == ["Waer rebels"]


def test_seed_report_actors() -> None:
    if not SEED.is_file():
        pytest.skip(f"shared corpus not found at {SEED}")
    text = SEED.read_text(encoding="utf-8")
    found = find_actors(text, find_places(text, Gazetteer.default()))
    by_surface = {text[m.start : m.end].lower(): m.actor for m in found}
    assert by_surface["pro-regime forces"] == "pro-regime forces"
    assert by_surface["the regime"] == "Syrian government"
    assert "Russia" in {m.actor for m in found}
    assert "Waer negotiating committee" in {m.actor for m in found}


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_any_text_gives_in_bounds_spans(text: str) -> None:
    places = find_places(text, Gazetteer.default())
    found = find_actors(text, places)
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


# -- actors of other conflicts; "government forces" by the text's country (synthetic sentences)


def test_government_forces_are_the_state_forces_of_the_texts_country() -> None:
    sudan = "Government forces shelled Omdurman on Monday, residents of Khartoum said."
    assert ("government forces", "Sudanese Armed Forces") in [(t.lower(), n) for t, n in actors(sudan, True)]
    syria = "Government forces shelled Douma on Monday, a monitor in Damascus said."
    assert ("government forces", "Syrian government") in [(t.lower(), n) for t, n in actors(syria, True)]
    myanmar = "The junta bombed villages near Kyaukme in Shan State, Myanmar."
    assert ("the junta", "Myanmar military") in [(t.lower(), n) for t, n in actors(myanmar, True)]


def test_government_forces_stay_generic_when_the_country_is_unknown() -> None:
    assert actors("Government forces advanced at dawn.") == [("Government forces", "government forces")]


def test_armed_groups_and_agencies_of_other_conflicts() -> None:
    text = (
        "RSF fighters clashed with the SAF while M23 rebels, the Arakan Army and the TNLA advanced; "
        "al-Shabab attacked ATMIS troops, Boko Haram and ISWAP raided camps, the ELN and FARC "
        "dissidents fought, and MSF and Doctors Without Borders treated the wounded."
    )
    names = {n for _, n in actors(text)}
    assert {"RSF", "Sudanese Armed Forces", "M23", "Arakan Army", "TNLA", "al-Shabaab", "ATMIS"} <= names
    assert {"Boko Haram", "ISWAP", "ELN", "FARC dissidents", "MSF"} <= names


def test_states_that_mediate_are_actors_in_english_and_arabic() -> None:
    text = "Egyptian and Qatari mediators met; Jordan, France and the UAE backed the deal."
    assert {n for _, n in actors(text)} == {"Egypt", "Qatar", "Jordan", "France", "United Arab Emirates"}
    arabic = "توسطت مصر وقطر والسعودية بين الطرفين"
    assert [n for _, n in actors(arabic)] == ["Egypt", "Qatar", "Saudi Arabia"]


def test_a_state_s_name_inside_a_place_s_name_keeps_the_place() -> None:
    text = "Gunmen attacked the village of Puerto Jordan on Monday."
    assert [m.place.name for m in find_places(text, Gazetteer.default())] == ["Puerto Jordan"]


def test_an_arabic_adjective_names_the_state_and_the_positions_hit_are_the_target() -> None:
    import datetime as dt

    from trucewatch.extract.pipeline import extract_document

    for text, roles in [  # synthetic
        ("قصفت مدفعية روسية مواقع الحوثيين قرب القرية.", {("Russia", "perpetrator"), ("Houthis", "target")}),
        ("قصفت طائرة إسرائيلية مواقع حماس قرب الحدود.", {("Israel", "perpetrator"), ("Hamas", "target")}),
        # with the article, after a defined noun: "the Turkish artillery"
        (
            "قصفت المدفعية التركية مواقع الحوثيين قرب القرية.",
            {("Turkey", "perpetrator"), ("Houthis", "target")},
        ),
        # the verb first, then who did it, then its object
        ("أطلق مسلحون مجهولون النار على حافلة قرب الجسر.", {("gunmen", "perpetrator")}),
        # positions "of" or "belonging to" a side, the preposition written on its name
        ("قصفت طائرة إسرائيلية مواقع لحماس قرب الحدود.", {("Israel", "perpetrator"), ("Hamas", "target")}),
        (
            "قصفت طائرة إسرائيلية مواقع تابعة لحماس قرب الحدود.",
            {("Israel", "perpetrator"), ("Hamas", "target")},
        ),
    ]:
        claims = extract_document("ar", text, dt.date(2024, 5, 1), language="ar").claims
        assert {(a.actor, a.role.value) for c in claims for a in c.actors} == roles


def test_an_arabic_adjective_of_a_mediating_state_names_it_as_the_mediator() -> None:
    import datetime as dt

    from trucewatch.extract.pipeline import extract_document

    text = "وقع الطرفان اتفاقا لوقف إطلاق النار في البلدة برعاية قطرية ومصرية."  # synthetic
    claims = extract_document("ar", text, dt.date(2024, 5, 1), language="ar").claims
    assert {(a.actor, a.role.value) for c in claims for a in c.actors} == {
        ("Qatar", "mediator"),
        ("Egypt", "mediator"),
    }


def test_a_state_at_war_is_named_by_its_country_and_its_forces() -> None:
    text = "Azeri troops crossed the line; Armenia and Pakistan protested, and Thailand denied it."
    assert [n for _, n in actors(text)] == ["Azerbaijan", "Armenia", "Pakistan", "Thailand"]


def test_a_state_s_adjective_before_its_weapons_names_the_state_as_perpetrator() -> None:
    import datetime as dt

    from trucewatch.extract.pipeline import extract_document

    for text, actor in [  # synthetic
        ("Pakistani shelling wounded two farmers near the border on Monday.", "Pakistan"),
        ("Azerbaijani drones struck an army post in the hills on Monday.", "Azerbaijan"),
        ("An Israeli airstrike killed three people in a car on Monday.", "Israel"),
    ]:
        claims = extract_document("en", text, dt.date(2024, 5, 1)).claims
        assert (actor, "perpetrator") in {(a.actor, a.role.value) for c in claims for a in c.actors}, text
    # the adjective alone is no actor: the people it describes are not the state's forces
    assert actors("Israeli hostages and Thai farm workers were freed.") == []


def test_the_actors_of_conflicts_beyond_the_middle_east_are_named_in_arabic() -> None:
    # synthetic
    text = (
        "اشتبك الجيش الكونغولي مع حركة إم 23 قرب غوما، وقصف الجيش الإثيوبي مواقع جبهة تحرير شعب تيغراي، "
        "وهاجمت جماعة بوكو حرام قرية، وقالت منظمة أطباء بلا حدود إن المتمردين انسحبوا."
    )
    names = [n for _, n in actors(text)]
    assert names == ["FARDC", "M23", "Ethiopian government", "TPLF", "Boko Haram", "MSF", "rebels"]
    # civilians counted without the article ("خمسة مدنيين", five civilians) are civilians too
    assert [n for _, n in actors("قتل خمسة مدنيين في القصف.")] == ["civilians"]
    # "the government forces" of an Arabic report are its country's state forces
    sudan = "قصفت القوات الحكومية أحياء في مدينة الفاشر بولاية شمال دارفور."
    assert ("القوات الحكومية", "Sudanese Armed Forces") in actors(sudan, True)


def test_armed_groups_of_the_sahel_the_horn_and_south_east_asia() -> None:
    # synthetic
    text = (
        "JNIM fighters attacked a VDP post, Fano militias fought the ENDF near Gondar, "
        "the SPLM-N shelled Kadugli, the KNLA overran an outpost and armed bandits raided a village."
    )
    names = [n for _, n in actors(text)]
    assert names == ["JNIM", "VDP", "Fano", "Ethiopian government", "SPLM-N", "KNU", "bandits"]


def test_the_arabic_army_of_another_state_is_not_the_government_forces() -> None:
    # synthetic: "the American army struck positions and the army shelled the rebels"
    names = [n for _, n in actors("قصف الجيش الأمريكي مواقع، وقصف الجيش مواقع المتمردين.")]
    assert names == ["United States", "government forces", "rebels"]
    # "the Israeli armed forces shelled a town": the feminine adjective too
    assert [n for _, n in actors("قصفت القوات المسلحة الإسرائيلية بلدة حدودية.")] == ["Israel"]
