"""Finding places in text. Sample sentences here are synthetic (our own words)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trucewatch.extract.base import Analysis
from trucewatch.extract.gazetteer import Gazetteer
from trucewatch.extract.places import PlaceComponent, find_places

SEED = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "corpus"
    / "syriadirect-2017-03-08-waer-surrender-talks.txt"
)


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return Gazetteer.default()


def names(text: str, g: Gazetteer) -> list[tuple[str, str | None]]:
    return [(m.place.name, m.place.country_code) for m in find_places(text, g)]


def test_tripoli_follows_the_document_country(g: Gazetteer) -> None:
    # synthetic
    lebanon = "Clashes were reported in Tripoli, the second city of Lebanon, near Beirut."
    libya = "Clashes were reported in Tripoli, the capital of Libya, near Misrata."
    assert ("Tripoli", "LB") in names(lebanon, g)
    assert ("Tripoli", "LY") in names(libya, g)


def test_common_english_words_are_not_places(g: Gazetteer) -> None:
    # synthetic: every capitalised word here is also a place name somewhere
    text = (
        "Most of the Deal was about Reading the terms. Battle lines moved. Mobile clinics opened. Of course."
    )
    assert find_places(text, g) == ()


def test_lower_case_words_are_not_places(g: Gazetteer) -> None:
    # synthetic: "homs" and "war" (al-Wa'r folds to "war") written in lower case
    assert find_places("the war in homs went on", g) == ()


def test_spans_slice_the_text_and_keep_the_article(g: Gazetteer) -> None:
    text = "Buses left el-Waer and al-Waer’s market for the Homs countryside."  # synthetic
    found = find_places(text, g)
    assert [text[m.start : m.end] for m in found] == ["el-Waer", "al-Waer", "Homs countryside"]
    assert found[0].place.id == found[1].place.id
    assert found[2].place.kind == "admin1"


def test_arabic_names_with_attached_conjunction(g: Gazetteer) -> None:
    text = "دخلت قافلة إلى الفوعة وكفريا في ريف إدلب"  # synthetic
    found = find_places(text, g)
    assert [text[m.start : m.end] for m in found] == ["الفوعة", "كفريا", "ريف إدلب"]
    assert {m.place.country_code for m in found} == {"SY"}


def test_arabic_common_words_are_not_places(g: Gazetteer) -> None:
    text = "قالت الحكومة يوم الخميس إن المدينة تحتاج خمس شاحنات"  # synthetic
    assert find_places(text, g) == ()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("قال البيت الأبيض إن المحادثات ستستأنف", []),  # the White House
        ("أبحرت السفينة في البحر الأبيض نحو قبرص", ["قبرص"]),  # the Mediterranean
        ("رفع المسلحون العلم الأبيض فوق المبنى", []),  # a white flag
        # the town itself: after a place word, a nisba adjective, a preposition or on its own
        ("قصفت القوات مدينة الأبيض", ["الأبيض"]),
        ("وصلت القافلة إلى العاصمة السودانية الخرطوم", ["الخرطوم"]),
        ("اندلعت اشتباكات في الأبيض وكادقلي", ["الأبيض", "كادقلي"]),
        # a name that is no adjective after a subject with the article is the verb's object
        ("هاجمت قوات الدعم السريع الفاشر يوم الاثنين", ["الفاشر"]),
        # ... and so is one right after a party's name
        ("قصفت قوات الدعم السريع الأبيض يوم الأحد", ["الأبيض"]),
        ("استهدفت القوات المسلحة الأبيض بالمدفعية", ["الأبيض"]),
    ],
)
def test_an_arabic_name_after_a_definite_noun_is_its_adjective(
    g: Gazetteer, text: str, names: list[str]
) -> None:
    assert [text[m.start : m.end] for m in find_places(text, g)] == names


def test_arabic_words_for_a_prison_a_tower_or_a_farm_are_not_places(g: Gazetteer) -> None:
    # synthetic; each word is also a Syrian village's name somewhere in GeoNames
    text = "نقل المعتقلون من السجن إلى برج المراقبة قرب مزرعة على الساحل في سوريا"
    assert [text[m.start : m.end] for m in find_places(text, g)] == ["سوريا"]


def test_small_place_needs_its_country_in_the_document(g: Gazetteer) -> None:
    madaya = g.lookup("Madaya")[0]
    assert madaya.country_code == "SY"
    assert names("Aid reached Madaya.", g) == []  # synthetic: small, no context
    assert ("Syria", "SY") in names("Aid reached Madaya in Syria.", g)
    assert (madaya.name, "SY") in names("Aid reached Madaya in Syria.", g)


def test_component_fills_places() -> None:
    analysis = Analysis(document_id="d1", text="Talks in Waer, Homs.")  # synthetic
    out = PlaceComponent()(analysis)
    assert [out.text[m.start : m.end] for m in out.places] == ["Waer", "Homs"]
    assert all(m.rule.startswith("gazetteer:") for m in out.places)


def test_seed_report_places() -> None:
    if not SEED.is_file():
        pytest.skip(f"shared corpus not found at {SEED}")
    text = SEED.read_text(encoding="utf-8")
    g = Gazetteer.default()
    found = find_places(text, g)
    by_name = {m.place.name for m in found}
    assert {"Waer", "Homs", "Syria"} <= by_name
    waer = next(m.place for m in found if m.place.name == "Waer")
    assert waer.id is not None
    assert "Homs" in [p.name for p in g.ancestors(waer.id)]
    assert all(text[m.start : m.end].strip() == text[m.start : m.end] for m in found)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_any_text_gives_in_bounds_spans(text: str) -> None:
    g = Gazetteer.default()
    for m in find_places(text, g):
        assert 0 <= m.start < m.end <= len(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["al-", "Waer", " ", "Homs", "و", "الوعر", "’s", "-", ".", "\n", "U.S.", "Tripoli"]),
        max_size=40,
    )
)
def test_name_soup_gives_in_bounds_spans(parts: list[str]) -> None:
    text = "".join(parts)
    for m in find_places(text, Gazetteer.default()):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == text[m.start : m.end].strip()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("Al-Waer_ab'sح مصو\n.é"), max_size=120))
def test_lazy_words_are_the_eager_tokens(text: str) -> None:
    # Words builds Token objects on demand; each must equal the token the plain scan makes.
    from trucewatch.extract.nlp import _slow_tokens, words_of

    eager = _slow_tokens(text)
    found = words_of(text)
    assert found.tokens() == eager
    assert found.keys == [t.key for t in eager]
    assert [found.end(i) for i in range(len(found))] == [t.end for t in eager]


# -- places worldwide (synthetic sentences) ---------------------------------------


def test_town_outside_the_default_countries_follows_the_document_country(g: Gazetteer) -> None:
    text = "Fighting was reported near Kyaukme in Myanmar's Shan State on Tuesday."
    found = {(m.place.name, m.place.country_code, m.place.kind) for m in find_places(text, g)}
    assert ("Kyaukme", "MM", "town") in found
    assert ("Shan", "MM", "admin1") in found
    # without Myanmar in the text, a town of the worldwide tier is not believed: the name is
    # kept as the text gives it, with no gazetteer entry or country
    found = find_places("Fighting was reported near Kyaukme on Tuesday.", g)
    assert [(m.place.name, m.place.id, m.place.country_code) for m in found] == [("Kyaukme", None, None)]


def test_dateline_city_is_not_a_place_when_the_story_names_another(g: Gazetteer) -> None:
    text = "KHARTOUM, May 3 (Reuters) - Shelling hit a market in Omdurman on Friday."
    assert [n for n, _ in names(text, g)] == ["Omdurman"]
    text = "Maputo (Agency) – Insurgents burned houses in Macomia, Cabo Delgado, on Tuesday."
    assert "Maputo" not in [n for n, _ in names(text, g)]
    # a feed that ran the title, the dateline and the first line together
    text = "Rebels enter the outskirts Nairobi, Kenya, March 9 (AFP) Fighters entered Garissa overnight."
    assert [n for n, _ in names(text, g)] == ["Garissa"]


def test_a_capital_named_by_its_country_is_the_capital(g: Gazetteer) -> None:
    text = (
        "Shells hit the Yemeni capital at dawn; later a blast shook Syria's capital and the capital of Chad."
    )
    found = [(text[m.start : m.end], m.place.name, m.place.kind) for m in find_places(text, g)]
    assert found == [
        ("Yemeni capital", "Sanaa", "city"),
        ("Syria's capital", "Damascus", "city"),
        ("capital of Chad", "N'Djamena", "city"),
    ]
    # named beside its name, the name places it; the words add no second mention
    text = "The talks opened in Nairobi, Kenya's capital, on Monday."
    assert [m.place.name for m in find_places(text, g)] == ["Nairobi", "Kenya"]


def test_an_arabic_dateline_is_not_where_the_story_happened(g: Gazetteer) -> None:
    text = "بغداد (رويترز) – قالت مصادر أمنية إن اشتباكات اندلعت في الموصل مساء أمس."
    assert [m.place.name for m in find_places(text, g)] == ["Mosul"]


def test_dateline_is_the_place_of_last_resort(g: Gazetteer) -> None:
    found = find_places("DHAKA: Talks between the two sides went on through the night.", g)
    assert [(m.place.name, m.rule) for m in found] == [("Dhaka", "dateline")]


def test_names_of_armed_groups_and_agencies_are_not_places(g: Gazetteer) -> None:
    assert find_places("Hamas said the Red Cross would collect the hostages.", g) == ()


def test_a_town_inside_a_persons_name_is_not_a_place(g: Gazetteer) -> None:
    assert names("Russian President Vladimir Putin spoke in Moscow.", g) == [("Moscow", "RU")]


def test_a_congolese_village_the_gazetteer_lacks_keeps_its_name(g: Gazetteer) -> None:
    text = "Rebels burned the village of Kuzumbe in North Kivu on Sunday."
    found = {text[m.start : m.end]: m for m in find_places(text, g)}
    assert set(found) == {"Kuzumbe", "North Kivu"}
    village = found["Kuzumbe"]
    assert (village.place.name, village.place.kind, village.place.id, village.rule) == (
        "Kuzumbe",
        "village",
        None,
        "cue:village",
    )


def test_camps_districts_and_places_inside_a_known_area_keep_their_names(g: Gazetteer) -> None:
    camp = find_places("Thousands fled to Tamarko camp after the shelling.", g)
    assert [(m.place.name, m.place.kind) for m in camp] == [("Tamarko", "camp")]
    district = find_places("Clashes spread to the Kalembe district overnight.", g)
    assert [(m.place.name, m.place.kind) for m in district] == [("Kalembe", "district")]
    inside = {m.place.name: m.place for m in find_places("Fighting was reported in Kibirizi, North Kivu.", g)}
    assert inside["Kibirizi"].country_code == "CD" and inside["Kibirizi"].parent_id == "gn:CD.11"
    # adjectives and organisations beside a cue word name no place
    text = "Shells hit a Palestinian refugee camp and the Army camp; the Red Cross area was spared."
    assert find_places(text, g) == ()


def test_sectors_roads_and_prisons_keep_their_names_whether_or_not_the_cue_is_capitalised(
    g: Gazetteer,
) -> None:
    text = "Troops fired on the Tarvel sector; a shell fell in Qassab Road near Bemra Prison."
    assert [(m.place.name, m.place.kind) for m in find_places(text, g)] == [
        ("Tarvel", "area"),
        ("Qassab", "facility"),
        ("Bemra", "facility"),
    ]


def test_a_country_s_name_is_the_country_even_where_another_country_is_named_most(g: Gazetteer) -> None:
    text = "The US and the US envoy spoke in Washington, in Texas and in Ohio; Russia and Jordan replied."
    kinds = {m.place.name: (m.place.kind, m.place.country_code) for m in find_places(text, g)}
    assert kinds["Russia"] == ("country", "RU") and kinds["Jordan"] == ("country", "JO")


def test_an_unknown_town_of_a_report_about_one_country_is_in_that_country(g: Gazetteer) -> None:
    text = "Rebels attacked the town of Kalobeyei in Kenya. Kenya's army and Kenya's police replied."
    town = next(m.place for m in find_places(text, g) if m.place.name == "Kalobeyei")
    assert (town.kind, town.country_code) == ("town", "KE")


def test_a_world_city_is_not_its_small_namesake_in_the_country_a_text_names_most(g: Gazetteer) -> None:
    text = "The US envoy and the US team met in Texas and Ohio; officials in Moscow replied."
    moscow = next(m.place for m in find_places(text, g) if m.place.name == "Moscow")
    assert moscow.country_code == "RU"


def test_offices_and_titles_are_not_places(g: Gazetteer) -> None:
    assert find_places("The White House and the Secretary spoke to the Commonwealth.", g) == ()


def test_a_cue_s_name_drops_a_possessor_a_holder_and_a_trailing_day(g: Gazetteer) -> None:
    text = (
        "Fighters seized Rebel-held Kafr Tobe village. Buses left the camp of Jordan's Zaatri Sunday. "
        "Schools shut in the Tamil-speaking Vanni region."
    )
    found = [m.place.name for m in find_places(text, g) if m.rule.startswith("cue")]
    assert found == ["Kafr Tobe", "Zaatri", "Vanni"]


def test_a_word_for_a_country_before_a_settlement_names_none_but_a_camp_s_name_stays(g: Gazetteer) -> None:
    text = "Aid reached the Yemeni town on Friday, then the Kalma camp and the Bahri town of Kuzu."
    assert [m.place.name for m in find_places(text, g) if m.rule.startswith("cue")] == ["Kalma", "Kuzu"]


def test_a_name_listed_between_two_known_towns_is_a_town_of_their_country(g: Gazetteer) -> None:
    text = "Mortars hit Homs, Tel Kuzu and Hama; envoys from Russia, Arbo and Turkey met."
    listed = [(m.place.name, m.place.country_code) for m in find_places(text, g) if m.rule == "cue:list"]
    assert listed == [("Tel Kuzu", "SY")]  # not between countries: "Arbo" names no place


def test_every_name_of_a_list_after_a_plural_cue_is_a_place(g: Gazetteer) -> None:
    text = "Troops retook the villages of Tel Kabra, Umm Rish, and Dabbas on Friday."
    assert [m.place.name for m in find_places(text, g)] == ["Tel Kabra", "Umm Rish", "Dabbas"]


def test_a_name_set_beside_a_word_for_a_settlement_is_a_place(g: Gazetteer) -> None:
    text = "Rebels took Kuzumbe, a small mining town, on Monday. On Monday, a town hall meeting was held."
    assert [(m.place.name, m.place.kind) for m in find_places(text, g)] == [("Kuzumbe", "town")]


def test_a_name_ending_like_a_demonym_is_a_place_but_a_listed_demonym_is_not(g: Gazetteer) -> None:
    text = "Troops entered the town of Wad Kuzani on Monday, near the village of Pakistani Kuzeli."
    assert [(m.place.name, m.place.kind) for m in find_places(text, g)] == [
        ("Wad Kuzani", "town"),
        ("Kuzeli", "village"),  # "Pakistani" is the country's adjective, not part of the name
    ]


def test_two_names_that_can_only_be_in_one_country_place_each_other(g: Gazetteer) -> None:
    # spellings of small towns, trusted alone only in a text that names their country
    assert names("Buses left Douma on Monday.", g) == []
    assert names("Buses left Douma and Harasta on Monday.", g) == [("Dūmā", "SY"), ("Ḩarastā", "SY")]


def test_a_name_after_in_or_near_is_a_place_even_when_the_gazetteer_lacks_it(g: Gazetteer) -> None:
    text = "Fighting erupted in Tawkel Hadi on Monday; the talks were held in English near Reuters."
    assert [(m.place.name, m.rule) for m in find_places(text, g)] == [("Tawkel Hadi", "cue:locative")]


def test_plants_refineries_terminals_and_monasteries_keep_their_names(g: Gazetteer) -> None:
    text = "Civilians left the Kuzmin steel plant; guards held the Bazrak refinery and the Tavri terminal."
    assert [(m.place.name, m.place.kind) for m in find_places(text, g)] == [
        ("Kuzmin", "facility"),
        ("Bazrak", "facility"),
        ("Tavri", "facility"),
    ]


def test_a_name_made_only_of_ordinary_words_is_not_a_place(g: Gazetteer) -> None:
    text = "New Hope was what the US talks gave the US; the crossing opened."
    assert [m.place.name for m in find_places(text, g)] == ["United States", "United States"]


def test_an_unknown_town_gets_no_country_when_the_report_is_about_several(g: Gazetteer) -> None:
    text = "The US envoy met Kenya's army. Rebels attacked the town of Kalobeyei; the US and Kenya spoke."
    town = next(m.place for m in find_places(text, g) if m.place.name == "Kalobeyei")
    assert town.country_code is None


def test_a_faith_before_a_place_word_is_not_a_place(g: Gazetteer) -> None:
    text = "Troops entered the mostly Muslim city of Kalobeyei and a Druze village."
    assert [m.place.name for m in find_places(text, g)] == ["Kalobeyei"]


# The finders below look only where a match can be (a word holding a cue word, an agency in
# brackets...): they must find exactly what the plain patterns find over the whole text.
_PIECES = st.sampled_from(
    [
        *("village", "Village", "VILLAGE", "villages", "town", "camp", "campaign", "Road", "based"),
        *(" in ", " at ", "near", " outside ", "Homs", "Nyein Chan", " In ", " and ", ", "),
        *("Somali", "South Sudanese", "Central African", " capital", " capitals", "capital-"),
        *("BEIRUT", ", Aug 14", " (Reuters)", " (AFP)", " - ", ": ", "القاهرة", " (رويترز) ", "دمشق"),
        *("'", "’", "'s", "_", " ", "\n", "-", "\u0301", "\u0640", "é", "2", "x", "مخيم", ".", "("),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_cue_words_are_found_as_the_whole_text_scan_finds_them(text: str) -> None:
    from trucewatch.extract import cue_places as cp

    words, holding, locatives = cp._words_of_cues(text)
    assert [m.span() for m in cp._cues(text, words, holding)] == [m.span() for m in cp._CUE.finditer(text)]
    assert [m.span() for m in cp._after_locative(text, words, locatives)] == [
        m.span() for m in cp._AFTER_LOCATIVE.finditer(text)
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_capitals_and_datelines_are_found_as_the_plain_patterns_find_them(text: str) -> None:
    import re

    from trucewatch.extract import capitals, dateline

    pattern, country_of = capitals._demonyms()
    names = "|".join(re.escape(a) for a in sorted(country_of, key=len, reverse=True))
    plain = re.compile(rf"(?<![\w'’-])(?P<adjective>{names}) capital(?![\w-])")
    assert [m.span("adjective") for m in pattern.finditer(text)] == [
        m.span("adjective") for m in plain.finditer(text)
    ]
    reach = dateline.DATELINE_REACH + 100
    run_in = dateline._RUN_IN.search(text, 0, reach)
    assert (run_in is None) or dateline._AGENCY.search(text, 0, reach) is not None
    if dateline._ARABIC_DATELINE.search(text, 0, dateline.DATELINE_REACH):
        assert dateline._ARABIC_LETTER.search(text, 0, dateline.DATELINE_REACH)
    for line in (text, "\n" + text, text.replace(" ", "\n", 3)):
        assert [m.span() for m in dateline._line_starts(line, 60)] == [
            m.span() for m in dateline._DATELINE.finditer(line, 0, 60)
        ]


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Troops crossed into South Ossetia on Thursday.", "South Ossetia", "GE"),
        ("Militia fighters attacked a camp in Ituri on Monday.", "Ituri", "CD"),
        ("Shelling hit villages across Kordofan on Monday.", "Kordofan", "SD"),
        ("Al-Shabaab fighters withdrew from Hiiraan on Monday.", "Hiran", "SO"),
        ("Gunmen raided a market in Gao, Mali, on Monday.", "Gao", "ML"),
        # first-level areas as English reports name them, not the packages' older or local forms
        ("Cattle raiders killed six herders in Unity State on Monday.", "Unity", "SS"),
        ("Floods cut the road in Northern Bahr el Ghazal.", "Northern Bahr el Ghazal", "SS"),
        ("Rebels moved south into Tshopo province on Monday.", "Tshopo", "CD"),
        ("A convoy reached Kalemie in Tanganyika province.", "Kalemie", "CD"),
        ("The Taliban held checkpoints across Wardak on Monday.", "Wardak", "AF"),
        ("Drones struck a farm in the Bekaa Valley on Monday.", "Bekaa", "LB"),
        ("Troops shelled villages in Karen State on Monday.", "Kayin", "MM"),
        ("Militants ambushed a patrol in Lower Shabelle on Monday.", "Lower Shabelle", "SO"),
    ],
)
def test_the_regions_and_towns_of_conflicts_worldwide_are_places(
    g: Gazetteer, text: str, name: str, country: str
) -> None:
    found = [m.place for m in find_places(text, g)]
    assert [(p.name, p.country_code) for p in found if p.kind != "country"][:1] == [(name, country)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [  # synthetic
        # every country by its Arabic name (CLDR's), and its other name in brackets there
        ("وقعت اشتباكات في ميانمار يوم الاثنين.", [("Myanmar", "MM")]),
        ("قال الجيش في بورما إن القتال توقف.", [("Myanmar", "MM")]),
        ("وصل الوفد إلى كولومبيا يوم الأحد.", [("Colombia", "CO")]),
        # a city of a war abroad by the Arabic name reports give it
        ("قصفت القوات الروسية مدينة سومي في أوكرانيا.", [("Sumy", "UA"), ("Ukraine", "UA")]),
        # but not every Arabic form GeoNames has for a city abroad ("in the field of battle": ميدان
        # is also Medan), nor a country's name without its article (هند, a woman's name)
        ("قاتلوا في ميدان المعركة وقتل هند وشقيقها في مشهد مصور.", []),
        # "after the sunset prayer, a group of notables met at a boys' school by the black mountain"
        ("بعد صلاة المغرب اجتمع لفيف من الوجهاء في مدرسة بنين قرب الجبل الأسود.", []),
        # Mali by the words that make مالي a country, not "financial"
        ("هاجم مسلحون قاعدة عسكرية في شمال مالي.", [("Mali", "ML")]),
        # first-level areas of wars abroad by the names Arabic reports give them
        ("دارت معارك في إقليم تيغراي شمالي البلاد.", [("Tigray", "ET")]),
        ("هاجم مسلحون قرية في ولاية بورنو.", [("Borno", "NG")]),
        ("ضربت مسيرات مطارا في شبه جزيرة القرم.", [("Crimea", "UA")]),
        # not an Arabic word: مالي is "financial" as well as Mali; وأن "and that", not Van
        ("قدمت الدول دعما ماليا وقالت إن الدعم المالي وصل وأن المدارس فتحت.", []),
    ],
)
def test_arabic_reports_name_countries_and_big_cities_abroad(
    g: Gazetteer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert names(text, g) == expected
