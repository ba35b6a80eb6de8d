"""The gazetteer: GeoNames files, spellings, hierarchy, ranking."""

from __future__ import annotations

from pathlib import Path

import pytest

from trucewatch.extract import gazetteer as gz
from trucewatch.extract.gazetteer import Gazetteer, GazetteerError
from trucewatch.extract.nlp import fold
from trucewatch.extract.places import find_places

# Synthetic GeoNames rows (invented places in Syria's country code); the
# last column of the curated row is the parent convention of the supplement.
COLUMNS = 19


def row(
    gid: int, name: str, alts: str, fclass: str, fcode: str, admin1: str, pop: int, parent: str = ""
) -> str:
    cols = [
        str(gid),
        name,
        name,
        alts,
        "35.0",
        "36.0",
        fclass,
        fcode,
        "SY",
        "",
        admin1,
        "",
        "",
        "",
        str(pop),
        "",
        "",
        "Asia/Damascus",
        "2026-01-01",
    ]
    if parent:
        cols.append(parent)
    return "\t".join(cols)


@pytest.fixture
def small_file(tmp_path: Path) -> Path:
    path = tmp_path / "SY.txt"
    path.write_text(
        "\n".join(
            [
                "# synthetic test rows",
                row(8100001, "Zetaville Governorate", "Zeta Province", "A", "ADM1", "77", 0),
                row(8100002, "Zetaville", "Zetaville City,زيتافيل", "P", "PPLA", "77", 120000),
                row(8100003, "Zetaville", "", "H", "STM", "77", 0),  # a stream: not kept
                row(8100004, "Zetaville", "", "L", "AREA", "77", 0),  # an area of the same name
                row(9000901, "Qasr Omega", "al-Qasr Omega,Qasr Oméga", "P", "PPLX", "77", 0, "8100002"),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def default() -> Gazetteer:
    return Gazetteer.default()


def test_waer_spellings_are_one_place(default: Gazetteer) -> None:
    ids = {default.lookup(name)[0].id for name in ("Waer", "al-Waer", "Al Waer", "Wa'er", "AL-WAER", "الوعر")}
    assert len(ids) == 1


def test_waer_ancestors_reach_homs_governorate_and_syria(default: Gazetteer) -> None:
    waer = default.lookup("al-Waer")[0]
    assert waer.id is not None
    chain = default.ancestors(waer.id)
    assert [p.kind for p in chain] == ["city", "admin1", "country"]
    assert chain[0].name == "Homs" and chain[-1].country_code == "SY"
    assert chain[0].id == waer.parent_id


def test_homs_city_keeps_its_geonames_id_and_beats_the_governorate(default: Gazetteer) -> None:
    found = default.lookup("Homs")
    assert found[0].geonames_id == 169577  # GeoNames' id for the city of Homs
    assert found[0].id == "gn:169577"
    assert any(p.kind == "admin1" for p in found[1:])


def test_lookup_puts_the_requested_country_first(default: Gazetteer) -> None:
    assert default.lookup("Tripoli", country="LB")[0].country_code == "LB"
    assert default.lookup("Tripoli", country="LY")[0].country_code == "LY"


def test_from_geonames_builds_hierarchy_and_drops_streams(small_file: Path) -> None:
    g = Gazetteer.from_geonames(small_file)
    found = g.lookup("Zetaville")
    assert [p.kind for p in found] == ["city", "admin1", "area"]  # the stream is gone, the city first
    omega = g.lookup("Qasr Omega")[0]
    assert omega.id is not None
    assert g.lookup("al-Qasr Omega")[0] == omega == g.lookup("qasr omega")[0]
    assert [p.id for p in g.ancestors(omega.id)] == ["gn:8100002", "gn:SY.77", "gn:163843"]
    assert g.get("gn:SY.77") is not None and g.get("gn:SY.77").name == "Zetaville Governorate"  # type: ignore[union-attr]
    assert g.lookup("زيتافيل")[0].id == "gn:8100002"


def test_from_geonames_ids_are_stable_across_loads(small_file: Path) -> None:
    first = Gazetteer.from_geonames(small_file)
    second = Gazetteer.from_geonames(small_file)
    assert sorted(first.places) == sorted(second.places)


def test_from_geonames_filters_by_country(small_file: Path) -> None:
    g = Gazetteer.from_geonames(small_file, countries={"LB"})
    assert g.lookup("Zetaville") == []


def test_malformed_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(
        row(8100002, "Zetaville", "", "P", "PPL", "77", 10) + "\n8100009\tBroken\n", encoding="utf-8"
    )
    with pytest.raises(GazetteerError, match=r"bad\.txt:2: expected 19"):
        Gazetteer.from_geonames(path)


def test_bad_number_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(
        row(8100002, "Zetaville", "", "P", "PPL", "77", 10).replace("35.0", "north"), encoding="utf-8"
    )
    with pytest.raises(GazetteerError, match=r"bad\.txt:1: bad number"):
        Gazetteer.from_geonames(path)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="cannot open"):
        Gazetteer.from_geonames(tmp_path / "nope.txt")


@pytest.mark.slow
def test_env_gazetteer_file_is_added_to_the_default(
    small_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRUCEWATCH_GAZETTEER", str(small_file))
    g = Gazetteer.default()
    assert g.lookup("Qasr Omega")[0].id == "gn:9000901"
    assert g.lookup("al-Waer")  # the default places are still there
    monkeypatch.delenv("TRUCEWATCH_GAZETTEER")
    assert Gazetteer.default().lookup("Qasr Omega") == []


def test_damaged_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = tmp_path / "trucewatch" / f"gazetteer-{gz._cache_key()}.json"
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    assert gz._read_cache(path) is None


def test_a_cache_built_by_other_code_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from trucewatch.extract import nlp

    before = gz._cache_key()
    changed = tmp_path / "nlp.py"
    changed.write_text(
        Path(nlp.__file__).read_text(encoding="utf-8") + "\n# a changed fold\n", encoding="utf-8"
    )
    monkeypatch.setattr(nlp, "__file__", str(changed))
    assert gz._cache_key() != before


def test_entries_of_is_entries_and_stays_bounded(default: Gazetteer) -> None:
    for key in ("homs", "waer", "al waer", "no such place at all"):
        assert list(default.entries_of(key)) == default.entries(key)
        assert default.entries_of(key) is default.entries_of(key) or not default.entries_of(key)
    assert "no such place at all" not in default._entry_cache  # misses are not kept


def test_small_towns_worldwide_come_from_the_tier_on_disk(default: Gazetteer) -> None:
    macomia = default.lookup("Macomia")
    assert [(p.name, p.country_code) for p in macomia] == [("Macomia", "MZ")]
    assert macomia[0].id is not None and default.meta[macomia[0].id].world
    assert default.get(macomia[0].id) == macomia[0]
    assert "Cabo Delgado" in [p.name for p in default.ancestors(macomia[0].id)]
    assert macomia[0].id not in dict(default.places)  # read on demand, not held in memory


def test_first_level_areas_by_the_names_monitors_use(default: Gazetteer) -> None:
    assert [(p.kind, p.country_code) for p in default.lookup("Shan State")] == [("admin1", "MM")]
    assert ("admin1", "SD") in [(p.kind, p.country_code) for p in default.lookup("North Darfur")]
    assert ("admin1", "CD") in [(p.kind, p.country_code) for p in default.lookup("North Kivu")]
    assert [p.kind for p in default.lookup("Nagorno-Karabakh")] == ["area"]


@pytest.mark.parametrize(
    ("name", "area"),
    [
        ("ولاية جنوب دارفور", "South Darfur"),  # missing from the packages' first-level areas
        ("جنوب دارفور", "South Darfur"),
        ("الضفة الغربية", "West Bank"),
        ("محافظة نينوى", "Nineveh Governorate"),
        ("حضرموت", "Hadramawt"),
    ],
)
def test_first_level_areas_of_arabic_speaking_countries_by_their_arabic_names(
    default: Gazetteer, name: str, area: str
) -> None:
    assert [(p.name, p.kind) for p in default.lookup(name)][:1] == [(area, "admin1")]


def test_a_governorate_named_after_its_capital_is_the_city_when_written_bare(default: Gazetteer) -> None:
    # "تعز" is the city; the governorate is known by its English name only
    assert all(p.kind != "admin1" for p in default.lookup("تعز"))
    assert all(p.kind != "admin1" for p in default.lookup("محافظة تعز"))
    assert [p.kind for p in default.lookup("Taiz Governorate")] == ["admin1"]


@pytest.mark.parametrize(
    ("phrase", "title"), [("نهر النيل", "ولاية"), ("المثنى", "محافظة"), ("المهرة", "محافظة")]
)
def test_an_area_whose_bare_name_is_a_river_a_person_or_a_word_needs_its_title(
    default: Gazetteer, phrase: str, title: str
) -> None:
    assert all(p.kind != "admin1" for p in default.lookup(phrase))
    assert [p.kind for p in default.lookup(f"{title} {phrase}")] == ["admin1"]


@pytest.mark.parametrize(
    ("name", "country", "where"),
    [  # towns, camps and quarters of today's wars the packages lack, and spellings they lack
        ("Zamzam camp", "SD", "gn:SD.55"),
        ("Masisi", "CD", "gn:CD.11"),
        ("al-Mawasi", "PS", "gn:PS.GZ"),
        ("Shujaiya", "PS", "gn:281133"),
        ("Maungdaw", "MM", "gn:MM.01"),
        ("Deir al-Balah", "PS", "gn:PS.GZ"),
        ("دير البلح", "PS", "gn:PS.GZ"),
        ("Cite Soleil", "HT", "gn:HT.11"),
        ("Martissant", "HT", "gn:3718426"),
        ("Pibor", "SS", "gn:SS.03"),
        ("Palma", "MZ", "gn:MZ.01"),
        ("كرم أبو سالم", "IL", "gn:IL.01"),
        ("Qalqilya", "PS", "gn:PS.WE"),
        ("Ras Kamboni", "SO", "gn:SO.09"),
        ("Tal Tamr", "SY", "gn:SY.01"),
        ("Fizi", "CD", "gn:CD.12"),
    ],
)
def test_places_of_today_s_wars(default: Gazetteer, name: str, country: str, where: str) -> None:
    found = default.lookup(name, country)
    assert found and (found[0].country_code, found[0].parent_id) == (country, where)


def test_alternate_names_are_flagged(default: Gazetteer) -> None:
    # GeoNames lists "Hamas" among Hamm's names; the main name is not flagged
    assert {e.alternate for e in default.entries("hamas")} == {True}
    assert any(not e.alternate for e in default.entries("homs"))


def test_the_congo_by_its_short_names(default: Gazetteer) -> None:
    for name in ("DR Congo", "DRC", "Democratic Republic of Congo"):
        assert [(p.kind, p.country_code) for p in default.lookup(name)] == [("country", "CD")]


def test_name_openers_say_which_words_may_continue_a_name(default: Gazetteer) -> None:
    keys = ["homs", "ras", "the", "zzqx", "ras"]
    found = default.name_openers(keys)
    assert found == default.name_openers(keys)  # read back from the cache
    assert found[0] is True and found[3] is False
    for key, opener in zip(keys, found, strict=True):
        if opener is True or opener is False:
            assert opener == (key in default.index)
            continue
        assert key in default.first_tokens and key not in default.index
        assert opener == {k.split(" ")[1] for k in default.index if k.startswith(key + " ")}


def test_an_arabic_name_listed_without_its_article_is_found_with_it(tmp_path: Path) -> None:
    # GeoNames may list "زيتافيل" while a romanised name keeps the article ("Az Zetaville")
    path = tmp_path / "SY.txt"
    path.write_text(
        row(8100011, "Zetaville", "Az Zetaville,زيتافيل", "P", "PPLA", "77", 120000)
        + "\n"
        + row(8100012, "Omegaton", "أوميغاتون", "P", "PPLA", "77", 90000)
        + "\n",
        encoding="utf-8",
    )
    g = Gazetteer.from_geonames(path)
    assert fold("الزيتافيل") in g.index and fold("زيتافيل") in g.index
    # no romanised name with an article: the Arabic name gains none
    assert fold("أوميغاتون") in g.index and fold("الأوميغاتون") not in g.index
    text = "وصلت قافلة المساعدات إلى الزيتافيل صباح اليوم"  # synthetic
    assert [(text[m.start : m.end], m.place.name) for m in find_places(text, g)] == [
        ("الزيتافيل", "Zetaville")
    ]
