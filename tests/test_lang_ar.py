"""Arabic text handling: folding with offsets, the clitic segmenter, language detection,
and Arabic reports extracted with evidence that slices the original text."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trucewatch.extract.eval_format import claims_to_events, predict_article
from trucewatch.extract.lang.ar.fold import fold, fold_word
from trucewatch.extract.lang.ar.quantities import find_quantities, parse_number
from trucewatch.extract.lang.ar.segment import Segment, proclitic_forms, segmentations
from trucewatch.extract.lang.detect import detect_language
from trucewatch.extract.lang.names import latin_name
from trucewatch.extract.pipeline import extract_document
from trucewatch.extract.triggers import find_triggers
from trucewatch.model import Place

# Synthetic sentences, written for these tests.
REPORT = (
    "دمشق - أعلنت اللجنة المحلية أمس الثلاثاء أن الهدنةَ دخلت حيّز التنفيذ في داريا.\n\n"
    "وقالت مصادر إن قوّات النظام قصفت أطراف المدينة بقذائف الهاون صباح اليوم.\n\n"
    "ولم تدخل المساعدات إلى البلدة منذ شهرين."
)


def test_fold_unifies_letters_and_drops_marks() -> None:
    assert fold_word("أُعلِنت الهُدنةُ") == "اعلنت الهدنه"
    assert fold_word("إجلاء آلاف") == "اجلاء الاف"
    assert fold_word("مستشفى ٱلمدينة") == "مستشفي المدينه"
    assert fold_word("قـــوات ١٢٣ ۴۵") == "قوات 123 45"
    assert fold_word("هل؟ نعم، لا؛") == "هل? نعم, لا;"


def test_fold_maps_every_span_back_to_the_original() -> None:
    text = "قوّاتُ النظامِ أعلنت هدنةً"
    folded = fold(text)
    assert folded.text == "قوات النظام اعلنت هدنه"
    start = folded.text.index("النظام")
    a, b = folded.to_original(start, start + len("النظام"))
    assert text[a:b] == "النظامِ"[:-1]  # the kasra after the last letter is outside the word's span
    a, b = folded.to_original(0, len(folded.text))
    assert text[a:b] == text.rstrip("ً")


@given(st.text(alphabet=st.sampled_from(list("قوات ّ ُ ِ ً ـ أإآة ى١2 ،\u200f")), max_size=60))
def test_fold_offsets_are_increasing_and_slice_the_same_letters(text: str) -> None:
    folded = fold(text)
    for i, ch in enumerate(folded.text):
        a, b = folded.to_original(i, i + 1)
        assert b - a == 1
        assert fold_word(text[a:b]) == ch
    for i in range(len(folded.text) - 1):
        assert folded.to_original(i, i + 1)[0] < folded.to_original(i + 1, i + 2)[0]


def test_segmenter_lists_clitic_splits() -> None:
    splits = segmentations(fold_word("وبالمدينة"))
    assert splits[0] == Segment("", "وبالمدينه")  # the unsplit word first
    assert Segment("وبال", "مدينه") in splits
    assert Segment("", "قصفو", "ها") in segmentations("قصفوها")
    assert all(not s.suffix for s in segmentations("المدينه") if s.definite)  # no pronoun after ال
    future = [s for s in segmentations("ستدخل") if s.future]
    assert future == [Segment("س", "تدخل")]
    assert not any(s.future for s in segmentations("سقطت"))  # س before a non-imperfect letter is a root
    assert "لل" in proclitic_forms() and "وبال" in proclitic_forms() and proclitic_forms()[-1] == ""


def test_detects_arabic_and_english_by_script() -> None:
    assert detect_language(REPORT) == "ar"
    assert detect_language("A truce took effect in the town.") == "en"
    assert detect_language("آتش بس در شهر برقرار شد و گروه‌ها پذیرفتند") == "fa"
    assert detect_language("Перемирие вступило в силу") == "ru"
    assert detect_language("12 34", default="und") == "und"


def test_latin_name_prefers_a_plain_spelling() -> None:
    scholarly = Place("Dārayyā", alternate_names=("Darayya", "Daraya", "داريا", "Dareiya"))
    assert latin_name(scholarly) == "Daraya"
    diphthong = Place("Al Ḩudaydah", alternate_names=("Hudaydah", "Hodeidah", "El-Hodeidah", "Hodeida"))
    assert latin_name(diphthong) == "Hodeidah"
    assert latin_name(Place("Aleppo", alternate_names=("Halab", "حلب"))) == "Aleppo"


def test_arabic_report_gives_claims_with_verbatim_evidence() -> None:
    analysis = extract_document("ar-1", REPORT, dt.date(2016, 8, 24), language="ar")
    types = {c.type.value for c in analysis.claims}
    assert {"ceasefire.start", "attack.shelling", "aid.blocked"} <= types
    for claim in analysis.claims:
        span = claim.evidence[0]
        assert REPORT[span.start : span.end] in REPORT.split("\n\n")
    for trigger in analysis.triggers:
        assert REPORT[trigger.start : trigger.end].strip() == REPORT[trigger.start : trigger.end]
    shelling = next(t for t in analysis.triggers if t.type.value == "attack.shelling")
    assert REPORT[shelling.start : shelling.end].startswith("قصفت")
    english = extract_document("ar-1", REPORT, dt.date(2016, 8, 24), language="en")
    assert not english.claims  # the English grammar reads no Arabic


def test_arabic_article_is_logged_with_english_place_names() -> None:
    article = {"id": "ar-1", "text": REPORT, "published": "2016-08-24", "language": "ar"}
    events = [json.loads(line) for line in predict_article(article)]
    start = next(e for e in events if e["type"] == "ceasefire.start")
    # the name English reports most write first, then its other romanisations: equally good names
    assert start["place"][0] == "Daraya" and "Darayyah" in start["place"]
    assert start["date"] == "2016-08-23"  # "أمس الثلاثاء", the day before publication
    assert all(e["place"] is None or all(name.isascii() for name in e["place"]) for e in events)


def test_the_spellings_of_a_name_written_only_in_arabic_are_romanisations_of_that_name() -> None:
    from trucewatch.extract.lang.names import latin_spellings

    damascus = Place("Damascus", "SY", alternate_names=("Dimashq", "Sham", "Damas", "Esh Sham", "Dimashk"))
    assert latin_spellings(damascus) == ["Damascus"]  # "Sham" and "Dimashq" are other names, not spellings
    douma = Place("Dūmā", "SY", alternate_names=("Douma", "Duma", "Doûma", "Dhouma", "Al Qaryatayn"))
    assert latin_spellings(douma) == ["Duma", "Douma", "Dhouma"]
    # the gazetteer's own name, made plain, is one of them; another name of the place is not
    village = Place("Ad Dulaymīyah", "YE", alternate_names=("Ad Dayr Sam", "Dulaymiya", "Ad Dulaymiyah"))
    assert latin_name(village) == "Dulaymiya"
    assert "Dulaymiyah" in latin_spellings(village) and "Dayr Sam" not in latin_spellings(village)
    town = Place("Ţayyibah", "SY", alternate_names=("Tayba", "Tayyiba", "طيبة"))
    assert latin_spellings(town)[-1] == "Tayyibeh"
    assert "Kafr al-Sabt" in latin_spellings(Place("Kafr as Sabt", "SY", alternate_names=("Kafr as-Sabt",)))
    # a diphthong as French-taught spellings write it
    assert "Tal Jour" in latin_spellings(Place("Tal Jawr", "SY", alternate_names=("Tall Jawr",)))


QUANTITIES = [
    ("أسفر القصف عن مقتل /7/ عناصر من الحرس", [("killed", 7, "exact")]),
    ("قتل خمسة وثلاثون مدنياً وجرح 12 آخرون", [("killed", 35, "exact"), ("injured", 12, "exact")]),
    (
        "أدى إلى مقتل ستة أشخاص وإصابة أكثر من عشرة آخرين",
        [("killed", 6, "exact"), ("injured", 10, "more_than")],
    ),
    ("أفرجت اللجنة عن نحو ١٥٠ معتقلا", [("detainees", 150, "about")]),
    ("خرجت 30 حافلة تقل قرابة ألفين وخمسمائة شخص", [("buses", 30, "exact"), ("people", 2500, "about")]),
    ("دخلت شاحنتان إلى الحي", [("trucks", 2, "exact")]),
    # "hundreds" and "thousands" standing alone are vague; with a number before them they count
    ("أفرجت اللجنة عن مئات الموقوفين", [("detainees", None, "imprecise")]),
    ("دخلت آلاف الشاحنات إلى الحي", [("trucks", None, "imprecise")]),
    ("أفرجت اللجنة عن أربعة آلاف موقوف", [("detainees", 4000, "exact")]),
    ("ما أدى لمقتل /9/ عناصر من الدفاع المدني", [("killed", 9, "exact")]),  # "ل" joined to the toll word
    ("وقال إن أربعة من أفراد الشرطة المحلية قتلوا في الكمين", [("killed", 4, "exact")]),
    ("المدينة التي يقطنها نحو 60 ألف مدني", [("residents", 60000, "about")]),
    ("أطلقت جماعة مسلحة سراح خمسة صيادين", [("civilians", 5, "exact")]),  # people of a trade
    ("وقال إن رجلا وزوجته أصيبا بشظايا", [("injured", 2, "exact")]),  # a verb of two
    ("ستة من عناصر الحرس (وحدة الحماية) قتلوا عند الحاجز", [("killed", 6, "exact")]),
    ("البلدة التي يقطنها نحو 20 ألف نسمة", [("residents", 20000, "about")]),
    ("نزح عشرات المدنيين من القرية", [("civilians", None, "imprecise")]),
    ("سقطت قذيفة أدت إلى وفاة رجل وإصابة طفل آخر", [("killed", 1, "exact"), ("injured", 1, "exact")]),
    ("قتل مسلح مجهول في الاشتباك", []),  # a gunman may be who killed: no toll of one
    ("في عام 2015 وعند الساعة 8 صباحا", []),
    ("وأفرج عن الجميع.\n\n40 مدنيا يعانون من الحصار", [("civilians", 40, "exact")]),  # not across a stop
    ("وخرجت 7 سيارات إسعاف", []),  # cars are not trucks
    ("وأعلنت الوزارة سقوط شهيد في القرية", [("killed", 1, "exact")]),
    ("وذكرت الوكالة أن مدنيا على الأقل قتل في الغارة", [("killed", 1, "at_least")]),
    ("وقال إن رجلا قتل جاره", []),  # without "at least" the man may be who killed
    ("وصلت الحافلات إلى المدينة وعددها مئة واثنا عشر", [("buses", 112, "exact")]),
    ("أفرج عن المحتجزين وعددهم 35 في المدينة", [("detainees", 35, "exact")]),
    ("خرج نحو ثلاثمئة شخص أغلبهم نساء وأطفال", [("civilians", 300, "about")]),
    ("خرج 300 شخص معظمهم من المقاتلين", [("people", 300, "exact")]),
    ("المخيم الذي يؤوي 40 ألف نازح", [("residents", 40000, "exact")]),
    ("قتل ثلاثة حراس وأصيب رابع بجروح", [("killed", 3, "exact"), ("injured", 1, "exact")]),
    ("في اليوم الخامس من الهدنة", []),
    ("نزح 300 من التركمان إلى المدينة", [("people", 300, "exact")]),  # a people counted as people
]


@pytest.mark.parametrize(("sentence", "expected"), QUANTITIES)
def test_arabic_quantities(sentence: str, expected: list[tuple[str, int | None, str]]) -> None:
    found = find_quantities(fold(sentence))
    assert [(q.kind.value, q.value, q.qualifier.value) for q in found] == expected
    for q in found:
        assert sentence[q.start : q.end].strip() == sentence[q.start : q.end]


def test_arabic_number_words() -> None:
    assert parse_number(fold_word("ثلاثة آلاف وخمسمائة")) == 3500
    assert parse_number(fold_word("مئة وعشرون")) == 120
    assert parse_number(fold_word("أحد عشر")) == 11
    assert parse_number(fold_word("خمسة وستون")) == 65
    assert parse_number("1,200") == 1200
    assert parse_number(fold_word("قرية")) is None


def test_arabic_claim_carries_its_toll() -> None:
    text = "وقصفت الطائرات الحربية البلدة، ما أسفر عن مقتل أربعة مدنيين وإصابة سبعة آخرين."
    analysis = extract_document("ar-2", text, dt.date(2020, 1, 5), language="ar")
    strike = next(c for c in analysis.claims if c.type.value == "attack.airstrike")
    assert {(q.kind.value, q.value) for q in strike.quantities} == {("killed", 4), ("injured", 7)}


def test_arabic_names_of_places_in_arabic_speaking_countries_are_their_own() -> None:
    from trucewatch.extract.gazetteer import Gazetteer
    from trucewatch.extract.places import find_places

    gazetteer = Gazetteer.default()
    text = "قصفت المدفعية مواقع في مدينة غزة. وقال مصدر في التحالف إن الطرف الآخر لم يرد عبر الوسطاء."
    found = {(text[m.start : m.end], m.place.name) for m in find_places(text, gazetteer)}
    assert ("غزة", "Gaza") in found  # no country named: the Arabic name alone is believed
    assert not {"مصدر", "التحالف", "الطرف", "عبر"} & {surface for surface, _ in found}


def test_arabic_cues_place_an_event() -> None:
    text = (
        "تعز - قصفت القوات أحياء في مدينة تعز.\n\n"
        "وانتهت الهدنة في اليمن مساء الأحد.\n\n"
        "وخرج المقاتلون من داريا إلى إدلب."
    )
    analysis = extract_document("ar-3", text, dt.date(2022, 10, 3), language="ar")
    place_of = {c.type.value: c.place for c in analysis.claims}
    assert place_of["ceasefire.end"] == "Yemen"  # "في اليمن" locates it, though the story is about Taiz
    assert place_of["evacuation"] == "Dārayyā"  # where they left, not where they went ("إلى إدلب")


ARABIC_DATES = [
    ("في العاشر من أكتوبر الجاري", "2016-10-10"),  # an ordinal day, this year's October
    ("في الحادي والعشرين من آذار الماضي", "2016-03-21"),
    ("وفي 24 من يونيو الماضي", "2016-06-24"),
    ("أول أمس", "2016-08-29"),
    ("الليلة الماضية", "2016-08-30"),
    ("قبل يومين", "2016-08-29"),
    ("منذ أربع سنوات", "2012"),
    ("منذ سنة ونصف", "2015"),
    ("في 15 رمضان 1437 هـ", "2016-06-21"),  # Hijri, by the arithmetical calendar
    ("يوم 5 جويلية 2016", "2016-07-05"),  # a Maghrebi month name
    ("في تموز/ يوليو من العام 2014", "2014-07"),  # a word for year between the month and the year
    ("منذ يوم 3 آب", "2016-08-03"),  # since the day of a date, not a day ago
]


@pytest.mark.parametrize(("phrase", "iso"), ARABIC_DATES)
def test_arabic_dates_against_publication(phrase: str, iso: str) -> None:
    from trucewatch.extract.dates import find_dates

    found = find_dates(phrase, dt.date(2016, 8, 31))  # a Wednesday
    assert [m.when.iso() for m in found] == [iso]
    assert phrase[found[0].start : found[0].end].strip()


def test_ingest_detects_the_language_a_file_does_not_state(tmp_path: Path) -> None:
    from trucewatch.ingest.readers import ReadOptions, read_file
    from trucewatch.model import Document

    arabic = tmp_path / "تقرير.txt"
    arabic.write_text("أعلنت اللجنة المحلية أن الهدنة دخلت حيز التنفيذ في البلدة.\n", encoding="utf-8")
    english = tmp_path / "report.txt"
    english.write_text("The local committee said the truce took effect in the town.\n", encoding="utf-8")
    docs = [d for path in (arabic, english) for d in read_file(path, ReadOptions())]
    assert all(isinstance(d, Document) for d in docs)
    assert [d.language for d in docs if isinstance(d, Document)] == ["ar", "en"]
    stated = next(iter(read_file(arabic, ReadOptions(language="fr"))))
    assert isinstance(stated, Document) and stated.language == "fr"  # what the user says wins


def test_eval_format_of_a_file_reads_the_article_language(tmp_path: Path) -> None:
    from trucewatch.extract.eval_format import predict_file

    article = {"id": "ar-9", "published": "2016-08-24", "language": "ar", "text": REPORT}
    path = tmp_path / "ar-9.json"
    path.write_text(json.dumps(article, ensure_ascii=False), encoding="utf-8")
    types = {json.loads(line)["type"] for line in predict_file(path)}
    assert {"ceasefire.start", "attack.shelling"} <= types
    plain = tmp_path / "ar-9.txt"  # no language field: the script says Arabic
    plain.write_text(REPORT, encoding="utf-8")
    assert {json.loads(line)["type"] for line in predict_file(plain, published=dt.date(2016, 8, 24))} == types


def test_arabic_aliases_name_the_catalogue_actors() -> None:
    text = (
        "وقصف جيش الاحتلال المخيم، فيما استهدفت ميليشيا الحوثي مواقع قوات الحكومة اليمنية، وردت سرايا القدس."
    )
    analysis = extract_document("ar-4", text, dt.date(2024, 1, 1), language="ar")
    assert {"Israel", "Houthis", "Yemeni government", "Islamic Jihad"} <= {a.actor for a in analysis.actors}


def test_gunmen_named_in_any_case_are_the_catalogue_s() -> None:
    text = "خطف مسلحون 40 تلميذا من مدرسة البلدة يوم الأحد."  # synthetic
    claims = extract_document("ar-5", text, dt.date(2024, 1, 1), language="ar").claims
    assert [(a.actor, a.role.value) for c in claims for a in c.actors] == [("gunmen", "perpetrator")]


_PIECES = [
    "دخلت الهدنة حيز التنفيذ",
    "وقصفت القوات البلدة بقذائف الهاون",
    "ولم تدخل المساعدات",
    "أفرجت اللجنة عن 40 معتقلا",
    "وسيطرت الفصائل على القرية",
    "في مدينة حمص",
    "صباح الخميس",
    "،",
    ".",
]


@settings(deadline=None, max_examples=60)  # the first example compiles the Arabic grammar
@given(
    st.lists(st.sampled_from(_PIECES), min_size=1, max_size=8),
    st.lists(st.sampled_from(["\u064e", "\u064f", "\u0650", "\u0651", "\u064b", "\u0640"]), max_size=30),
    st.randoms(use_true_random=False),
)
def test_short_vowels_and_tatweel_change_no_trigger(pieces: list[str], marks: list[str], rnd: Any) -> None:
    plain = " ".join(pieces)
    marked = list(plain)
    for mark in marks:  # a mark after a random Arabic letter
        letters = [i for i, c in enumerate(marked) if "\u0621" <= c <= "\u064a"]
        if letters:
            marked.insert(rnd.choice(letters) + 1, mark)
    text = "".join(marked)
    want = [(t.type, t.rule) for t in find_triggers(plain, language="ar")]
    found = find_triggers(text, language="ar")
    assert [(t.type, t.rule) for t in found] == want
    for t in found:  # each span slices the marked text and reads, marks dropped, as the plain one
        assert fold_word(text[t.start : t.end]) in fold_word(plain)


def test_camps_the_gazetteer_lacks_are_places_with_english_names() -> None:
    from trucewatch.extract.gazetteer import Gazetteer
    from trucewatch.extract.lang.ar.cue_places import transliterate
    from trucewatch.extract.places import find_places

    text = "ووصل النازحون إلى مخيم كرامة بعد قصف معسكر أبو ريش، وإلى مخيم عشوائي قرب المدينة."
    mentions = find_places(text, Gazetteer.default())
    found = {(text[m.start : m.end], m.place.name, m.place.kind) for m in mentions}
    assert ("كرامة", "Karama", "camp") in found
    assert ("أبو ريش", "Abu Rish", "camp") in found
    assert not any(surface == "عشوائي" for surface, _, _ in found)  # an adjective names no camp
    assert transliterate("الكريمية") == "Karimiya"
    assert transliterate("عين زارة") == "Ain Zara"
    assert transliterate("حمرين") == "Hamrin"


def test_villages_and_towns_the_gazetteer_lacks_are_places_with_their_spellings() -> None:
    from trucewatch.extract.gazetteer import Gazetteer
    from trucewatch.extract.lang.ar.cue_places import romanisations
    from trucewatch.extract.places import find_places

    text = "قصفت المدفعية قرية كفرنبودة وبلدة تل ملح الغربية، ونزح الأهالي من 12 قرية مجاورة."
    mentions = find_places(text, Gazetteer.default())
    found = {text[m.start : m.end]: m.place for m in mentions}
    assert found["كفرنبودة"].kind == "village" and found["كفرنبودة"].id is None
    assert found["تل ملح"].kind == "town"  # the adjective after the name is not part of it
    assert "Tal Malah" in (found["تل ملح"].name, *found["تل ملح"].alternate_names)
    assert not any(text[m.start : m.end] == "مجاورة" for m in mentions)  # "12 قرية" counts villages
    areas = "سيطرت القوات على مدينة في إقليم (كردان) وعلى قرى قضاء سمرين."  # a name in brackets too
    kinds = {areas[m.start : m.end]: m.place.kind for m in find_places(areas, Gazetteer.default())}
    assert kinds == {"كردان": "region", "سمرين": "district"}
    office = "وصلت الشاحنات إلى معبر تل أبو زيد بعد بيان مديرية الصحة."  # an office names no district
    assert [office[m.start : m.end] for m in find_places(office, Gazetteer.default())] == ["تل أبو زيد"]
    assert romanisations("جوبر")[:3] == ["Jubar", "Jobar", "Joubar"]
    assert "Hazrama" in romanisations("حزرما")
    assert "Zawiyeh" in romanisations("زاوية")
    assert "Saloum" in romanisations("سلوم")
    assert "Salemri" in romanisations("سلمري")  # "e" after the first consonant of a cluster
    village = "وصلت القافلة إلى بلدة سلمري الجبلية."  # after a feminine cue word, a name ending in ي
    assert [village[m.start : m.end] for m in find_places(village, Gazetteer.default())] == ["سلمري"]
    assert len(romanisations("حوش الضواهرة")) <= 12


def test_an_arabic_camp_locates_its_event() -> None:
    article = {
        "id": "ar-5",
        "text": "وقصفت القوات مخيم كرامة للنازحين صباح اليوم.",
        "published": "2024-05-02",
        "language": "ar",
    }
    events = [json.loads(line) for line in predict_article(article)]
    # the place as English reports spell it, with its other usual spellings
    spellings = ["Karama", "Karamah", "Karameh"]
    assert [e["type"] for e in events] == ["attack.shelling"] and events[0]["place"][:3] == spellings


@pytest.mark.parametrize(
    ("sentence", "kinds"),
    [
        # a convoy "belonging to" an agency, the agency written on the preposition: an attack on aid
        ("تعرضت قافلة تابعة للأمم المتحدة لهجوم قرب البلدة.", ["attack.aid"]),
        # an attack on a displacement camp is on civilians, not a clash besides
        ("قتل مسلحون عشرة أشخاص في هجوم على مخيم للنازحين شرق المدينة.", ["attack.civilians"]),
        # every crossing of a place closed is a siege; one crossing closed to aid trucks blocks aid
        ("أغلقت القوات منافذ المدينة منذ شهرين.", ["siege.imposed"]),
        ("أغلقت القوات معبر رفح أمام شاحنات المساعدات.", ["aid.blocked"]),
        # "من أجل" is "in order to", not "they evacuated"
        ("دخلت قافلة المساعدات من أجل توزيع الطحين على الأهالي.", ["aid.delivered"]),
        # an attack "carried out by" someone on trucks loaded with aid
        ("قتل ثلاثة سائقين في هجوم نفذه مسلحون على شاحنات محملة بالمساعدات.", ["attack.aid"]),
        # an attack of no kind is a clash
        ("شن المسلحون هجوما على حاجز للجيش قرب البلدة.", ["attack.clash"]),
        # the arrival of aid told restricted, or its access restricted: aid blocked, not delivered
        ("ما زال وصول الإغاثة إلى القرى الجبلية مقيدا.", ["aid.blocked"]),
        ("قيدت السلطات وصول المنظمات الإنسانية إلى المخيم.", ["aid.blocked"]),
        # a town that fell into a side's hands, the town named between; not the dead who "fell"
        ("سقطت بلدة الوادي الأخضر في يد المسلحين فجر اليوم.", ["territory.control"]),
        ("سقط عشرات القتلى والجرحى في يوم واحد.", []),
        # captives told by who received them; a count of persons leaving
        ("تسلم الهلال الأحمر 12 أسيرا من الفصائل عند المعبر.", ["detainees.released"]),
        ("غادر قرابة ثلاثمئة شخص البلدة الجبلية صباح اليوم.", ["evacuation"]),
        # what a side demands is not done: "they demanded the release of ..."
        ("وطالبوا بالإفراج عن جميع المعتقلين لديهم.", []),
        # a town occupied by armed men, or held by a side since a day; not a rank, nor a guard
        ("احتلت قوات المتمردين بلدة الوادي الأخضر يوم الجمعة.", ["territory.control"]),
        ("احتل الفريق المرتبة الأولى في الدوري.", []),
        ("تخضع البلدة الجبلية لسيطرة المسلحين منذ عام 2019.", ["territory.control"]),
        ("يخضع السجناء لسيطرة أمنية مشددة منذ أشهر.", []),
        # leaving a truce ends it; leaving talks is no withdrawal; leaving a town under a truce is
        ("انسحب الفصيل المسلح من اتفاق التهدئة يوم الاثنين.", ["ceasefire.end"]),
        ("انسحب الوفد من المفاوضات الجارية في العاصمة.", []),
        ("انسحب المقاتلون من البلدة بموجب الهدنة.", ["territory.control"]),
        # a rank or a share of talk is no town; a situation "under control" names no holder
        ("احتلت القضية حيزا واسعا من النقاشات.", []),
        ("لا يزال الوضع تحت السيطرة منذ الصباح.", []),
        # a war's running toll is no attack
        ("الحرب التي شهدت غارات جوية ومجازر بحق المدنيين دخلت عامها الخامس.", []),
        # a town occupied by a side named in three words; withdrawing days after a truce began
        ("احتلت قوات الدعم السريع مدينة الجنينة يوم الجمعة.", ["territory.control"]),
        ("انسحب المقاتلون بعد يومين من الهدنة.", []),
        # held "for years" is a state, not a change of hands
        ("وبقيت القرية الجبلية تحت سيطرة المسلحين منذ سنوات.", []),
        # "إن/أن" after a verb of saying and its subject is "that": told, not aimed at
        ("وقال المتحدث باسم الشرطة المحلية إن اشتباكات عنيفة اندلعت قرب السوق.", ["attack.clash"]),
        ("وذكرت مصادر طبية أن غارة جوية استهدفت سيارة قرب المعبر.", ["attack.airstrike"]),
        ("ووافق الطرفان على أن يخرج المسلحون من البلدة الجبلية.", ["agreement.reached"]),
        # a denial, its subject and "أن" scope over the clause after them
        ("ونفى المتحدث باسم الفصيل أن يكون مقاتلوه قد قصفوا السوق يوم الأحد.", []),
        # everyday senses of words the grammar also reads as events
        ("وأجلت اللجنة الانتخابات إلى الشهر المقبل.", []),
        ("وأجلت فرق الدفاع المدني مئتي شخص من الحي.", ["evacuation"]),
        ("ونقلت الصحيفة عن شهود عيان أن الشارع مزدحم.", []),
        ("وخرج مئات الطلاب في مظاهرة وسط المدينة.", []),
        ("وأطلقت الجماعة سراح خمسة رهائن يوم الخميس.", ["detainees.released"]),
        ("ونجح رجال الإطفاء في السيطرة على النيران قبل الفجر.", []),
        ("واستعادت الأسواق حيويتها بعد العيد.", []),
        ("وطردت الوزارة الموظف من عمله.", []),
        ("وطردت القوات المسلحين من القرية الجبلية.", ["territory.control"]),
        ("وكان الدعم طوق نجاة للمزارعين.", []),
        ("ووصلت نسبة البطالة إلى ثلاثين في المئة.", []),
        ("وخرجت مسيرات شعبية في المدن دعما للأسرى.", []),
        ("وتوقف القتال على الطريق الساحلي منذ الصباح.", []),
        ("ووزع المتطوعون عبوات ماء على العائلات.", []),
        # the way aid comes is blocked close to the verb; a verb far before it keeps out something else
        ("ورفض الوزير الخطة قبل يومين من وصول البعثة إلى العاصمة.", []),
        ("وأغلقت القوات المعبر الحدودي يوم السبت.", ["aid.blocked"]),
        # verb first, its subject of several words between it and its object
        ("أطلق مسلحون مجهولون النار على حافلة ركاب قرب الجسر.", ["attack.clash"]),
        ("بسطت الفصائل المسلحة سيطرتها على البلدة الجبلية.", ["territory.control"]),
        ("أعلنت الفصائل المسلحة والقبائل المتحالفة معها هدنة في البلدة الجبلية.", ["ceasefire.start"]),
        ("وقع ممثلو الحكومة وزعماء العشائر اتفاقا في البلدة الجبلية.", ["agreement.reached"]),
        # planes named bare are the aircraft that struck; planes of aid strike nothing
        ("قصفت الطائرات سوق البلدة الجبلية صباح اليوم.", ["attack.airstrike"]),
        ("هبطت طائرات الإغاثة في المطار صباح اليوم.", []),
        # a ceasefire told with its adjectives ("an immediate halt to the firing") is no firing
        ("وأعلنت الفصائل وقفا فوريا لإطلاق النار في البلدة الجبلية.", ["ceasefire.start"]),
        ("وتعرض الرعاة لإطلاق النار قرب البئر يوم الأحد.", ["attack.clash"]),
        # "under ten", "non-governmental", a camp named Hope negate nothing
        ("وقتل ثلاثة أطفال دون سن العاشرة في غارة على السوق.", ["attack.airstrike"]),
        ("وقصفت الطائرات مقر منظمة غير حكومية في البلدة الجبلية.", ["attack.aid"]),
        ("وقتل شخصان في قصف استهدف مخيم الأمل للنازحين.", ["attack.shelling"]),
        # armed men who entered a town; a town "fallen into the hands of" a side
        ("دخلت قوات المتمردين بلدة الوادي الأخضر يوم الجمعة.", ["territory.control"]),
        ("دخلت قوات حفظ السلام بلدة الوادي الأخضر يوم الجمعة.", []),
        ("دخلت قوات الأمن الحي الشرقي لتفريق المحتجين.", []),
        ("دخلت قوات الاحتلال بلدة الوادي الأخضر فجر اليوم واعتقلت شابين.", []),
        # money released, a security cordon, a press conference, an airborne raid, one man meeting
        # others: everyday or military senses of words for releases, sieges, talks and aid
        ("أفرج البنك المركزي عن الأرصدة المجمدة للشركات.", []),
        ("ضربت الشرطة طوقا أمنيا حول الملعب.", []),
        ("عقد الوزير مؤتمرا صحفيا في العاصمة.", []),
        ("نفذت قوات التحالف عملية إنزال جوي قرب الحدود.", []),
        ("ونفذت الطائرات إنزالا جويا للمساعدات فوق البلدة الجبلية.", ["aid.delivered"]),
        ("التقى المدرب بلاعبي الفريق قبل المباراة.", []),
        ("التقى الوفدان في العاصمة يوم الأحد.", ["negotiation.meeting"]),
        ("واستأنف الطرفان المفاوضات في العاصمة يوم الأحد.", ["negotiation.meeting"]),
        ("وعبرت عشرون شاحنة إغاثة المعبر الحدودي صباح اليوم.", ["aid.delivered"]),
        ("وحذر من سقوط الأسلحة بيد المهربين.", []),
        ("وأعلن المتمردون سقوط البلدة الجبلية بيد مقاتليهم.", ["territory.control"]),
        # what a deal laid down (قضت، نصت: the past of يقضي، ينص) is its terms, not what happened
        ("وقضت التسوية بخروج مئتي مسلح من البلدة الجبلية بالحافلات.", []),
    ],
)
def test_arabic_attack_siege_and_aid_words_by_what_they_tell(sentence: str, kinds: list[str]) -> None:
    claims = extract_document("d", sentence, dt.date(2024, 5, 1), language="ar").claims
    assert sorted(c.type.value for c in claims) == kinds


def test_the_crossing_people_reach_is_not_where_they_left() -> None:
    text = "خرجت الحافلات التي تقل المقاتلين وعائلاتهم من داريا صباح اليوم إلى معبر تل شعير."
    analysis = extract_document("ar-9", text, dt.date(2016, 8, 26), language="ar")
    assert [(c.type.value, c.place) for c in analysis.claims] == [("evacuation", "Dārayyā")]


def test_islands_and_quarters_the_gazetteer_lacks_are_places() -> None:
    from trucewatch.extract.gazetteer import Gazetteer
    from trucewatch.extract.places import find_places

    text = "وتقدمت القوات نحو جزيرة الصخور وسيطرت على حي القناطر، بعد قصف حي سكني قريب."
    found = {text[m.start : m.end]: m.place for m in find_places(text, Gazetteer.default())}
    assert found["الصخور"].kind == "area" and found["الصخور"].id is None
    assert found["القناطر"].kind == "neighbourhood"
    assert "سكني" not in found  # an adjective names no quarter


def test_airports_and_prisons_the_gazetteer_lacks_are_places_but_the_city_s_airport_names_none() -> None:
    from trucewatch.extract.gazetteer import Gazetteer
    from trucewatch.extract.places import find_places

    text = "نقل الأسرى من سجن الطيور إلى مطار الكواكب العسكري، ثم عادت الطائرة إلى مطار المدينة."
    found = {text[m.start : m.end]: m.place for m in find_places(text, Gazetteer.default())}
    assert {name: (p.kind, p.id) for name, p in found.items()} == {
        "الطيور": ("facility", None),
        "الكواكب": ("facility", None),
    }


def test_every_name_of_a_list_after_a_plural_cue_is_a_place_and_an_event_s_own() -> None:
    # synthetic; "وادي" opens a name, the و of "والتفاحة" and "وعين" joins the list
    text = "قصفت المدفعية اليوم قرى الزيتونة، وادي الذهب، والتفاحة وعين الماء، ثم بلدات تقع قرب الحدود."
    claims = extract_document("ar-l", text, dt.date(2024, 5, 1), language="ar").claims
    assert [(c.type.value, c.place) for c in claims] == [
        ("attack.shelling", "Zituna"),
        ("attack.shelling", "Wadi al-Dhahab"),
        ("attack.shelling", "Tafaha"),
        ("attack.shelling", "Ain al-Ma"),
    ]


def test_a_verb_after_a_listed_name_ends_the_list() -> None:
    # synthetic: "وأسفرت" (and it resulted) follows the last village of the list
    text = "قصفت المدفعية اليوم قرى الزيتونة والتفاحة وأسفرت عن مقتل مدنيين."
    claims = extract_document("ar-v", text, dt.date(2024, 5, 1), language="ar").claims
    assert [c.place for c in claims] == ["Zituna", "Tafaha"]


def test_a_count_of_people_vacated_is_an_evacuation_but_buildings_vacated_are_not() -> None:
    # synthetic: إخلاء is evacuating people before a count, vacating a place before a noun
    people = "تم إخلاء 150 شخصا من البلدة القديمة يوم الخميس."
    buildings = "بدأت عملية إخلاء المباني الحكومية في البلدة يوم الخميس."
    assert [
        c.type.value for c in extract_document("e1", people, dt.date(2024, 5, 3), language="ar").claims
    ] == ["evacuation"]
    assert extract_document("e2", buildings, dt.date(2024, 5, 3), language="ar").claims == ()


def test_a_direction_after_a_plural_cue_is_no_town_name() -> None:
    # synthetic: "the towns of the south" names no town called "the south"
    text = "قصفت المدفعية بلدات الجنوب يوم الخميس."
    claims = extract_document("d", text, dt.date(2024, 5, 3), language="ar").claims
    assert [c.place for c in claims] == [None]


def test_a_figure_written_on_the_word_before_it_is_still_a_figure() -> None:
    # synthetic: the space before 100 dropped, as copy sometimes has it
    text = "أفرجت الجماعة عن100 معتقل في البلدة يوم الخميس."
    claims = extract_document("f", text, dt.date(2024, 5, 3), language="ar").claims
    assert [[(q.kind.value, q.value) for q in c.quantities] for c in claims] == [[("detainees", 100)]]


def test_who_attacks_aid_is_its_perpetrator_though_named_after_the_verb() -> None:
    # synthetic: verb, subject, object; and an attack on a camp of the displaced
    kidnapped = "اختطف مسلحون مجهولون 5 من موظفي الإغاثة في البلدة يوم الخميس."
    claims = extract_document("k", kidnapped, dt.date(2024, 5, 3), language="ar").claims
    assert [(c.type.value, [(a.actor, a.role.value) for a in c.actors]) for c in claims] == [
        ("attack.aid", [("gunmen", "perpetrator")])
    ]
    camp = "شنت قوات الدعم السريع هجوما على مخيم النازحين قرب البلدة يوم الخميس."
    assert [c.type.value for c in extract_document("c", camp, dt.date(2024, 5, 3), language="ar").claims] == [
        "attack.civilians"
    ]


def test_where_talks_are_held_is_found_by_its_arabic_name() -> None:
    # synthetic: Geneva and Sochi are outside the Arabic-speaking countries
    text = "اجتمع ممثلو الطرفين في جنيف يوم الخميس، ثم في سوتشي يوم الجمعة."
    claims = extract_document("g", text, dt.date(2024, 5, 3), language="ar").claims
    assert {c.place for c in claims} >= {"Geneva"}
    shelled = "قصفت القوات مدينة خاركيف يوم الخميس."  # and the towns of a war outside them
    assert [c.place for c in extract_document("k", shelled, dt.date(2024, 5, 3), language="ar").claims] == [
        "Kharkiv"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "أعلن الجيش استعادة أربعة جنود احتجزتهم الميليشيا في البلدة يوم الثلاثاء.",  # synthetic
        "وتسلم الجيش من الصليب الأحمر جنديا احتجزته الميليشيا قرب الحدود.",
        "بادلت الحكومة عشرين أسيرا بعشرة من جنودها يوم الأحد.",  # exchanged: released
    ],
)
def test_people_recovered_or_received_who_had_been_held_were_released(text: str) -> None:
    claims = extract_document("r", text, dt.date(2024, 5, 3), language="ar").claims
    assert [c.type.value for c in claims] == ["detainees.released"]


def test_the_side_captives_are_swapped_with_is_not_the_place() -> None:
    text = "أفرجت السلطات عن 40 أسيرا يوم السبت في صفقة تبادل مع موسكو."
    claims = extract_document("d", text, dt.date(2024, 5, 1), language="ar").claims
    assert [(c.type.value, c.place) for c in claims] == [("detainees.released", None)]


@pytest.mark.parametrize(
    ("text", "place"),
    [  # synthetic
        # the country only says where the group is based: the story's town
        (
            "هاجم مسلحون مدينة غاو يوم الاثنين. "
            "وأفرجت جماعة مسلحة متمركزة في النيجر عن ثلاثة جنود يوم الأربعاء.",
            "Gao",
        ),
        # the release told "in" the country stays there
        (
            "هاجم مسلحون مدينة غاو يوم الاثنين. وأفرجت جماعة مسلحة في النيجر عن ثلاثة جنود يوم الأربعاء.",
            "Niger",
        ),
    ],
)
def test_a_place_that_says_where_a_party_is_based_is_not_where_it_acted(text: str, place: str) -> None:
    released = [c.place for c in _claims(text) if c.type.value == "detainees.released"]
    assert released == [place]


def test_a_convoy_of_buses_is_an_evacuation_not_aid() -> None:
    # synthetic: a convoy of buses carrying fighters, then a convoy of aid
    buses = "وصلت قافلة حافلات تقل مسلحين إلى البلدة يوم الخميس."
    aid = "وصلت قافلة مساعدات إلى البلدة يوم الخميس."
    assert [
        c.type.value for c in extract_document("b", buses, dt.date(2024, 5, 3), language="ar").claims
    ] == ["evacuation"]
    assert [c.type.value for c in extract_document("a", aid, dt.date(2024, 5, 3), language="ar").claims] == [
        "aid.delivered"
    ]


def test_aid_kept_out_is_blocked_though_the_verb_stands_far_from_it() -> None:
    # synthetic: eight words between the verb and the convoy it kept out
    text = "منع الجيش والميليشيات المتحالفة معه منذ بداية الأسبوع الماضي كله دخول قافلة مساعدات إلى البلدة."
    assert [c.type.value for c in extract_document("k", text, dt.date(2024, 5, 3), language="ar").claims] == [
        "aid.blocked"
    ]


def test_a_diphthong_is_spelled_ai_and_ay() -> None:
    from trucewatch.extract.lang.ar.cue_places import romanisations

    assert romanisations("العيس")[:2] == ["Ais", "Ays"]
    assert "Ayn Tala" in romanisations("عين طلعة")


def test_unwritten_vowels_and_a_written_i_have_their_usual_english_spellings() -> None:
    from trucewatch.extract.lang.ar.cue_places import romanisations, transliterate

    # the unwritten vowel after the first consonant or before the last as e or i, a written i as
    # ee or the diphthong ei, one or two at once
    assert "Deir al-Asafir" in romanisations("دير العصافير")
    assert "Jisreen" in romanisations("جسرين")
    assert "Qemhaneh" in romanisations("قمحانة")
    assert "Nasib" in romanisations("نصيب") and "Naseeb" in romanisations("نصيب")
    assert romanisations("مروة")[0] == "Marwa"  # a waw before the final taa marbuta is a consonant
    assert "Bahr" in romanisations("بحر")  # or no vowel before the last consonant
    # near miss: the plain spelling stays first, and the spellings stay few for a long name
    assert transliterate("حمرين") == "Hamrin" and romanisations("حمرين")[0] == "Hamrin"
    assert len(romanisations("دير العصافير الشرقية الكبرى")) <= 12


def test_arabic_clauses_that_tell_shelling_at_two_places_are_two_happenings() -> None:
    text = "قصفت القوات منازل في مدينة حلب صباح الاثنين، كما تسبب القصف بإصابة خمسة مدنيين في مدينة حماة."
    claims = extract_document("d", text, dt.date(2024, 5, 1), language="ar").claims
    assert [(c.place, [(q.kind.value, q.value) for q in c.quantities]) for c in claims] == [
        ("Aleppo", []),
        ("Ḩamāh", [("injured", 5)]),
    ]


def test_shots_fired_at_captives_free_none_of_them() -> None:
    text = "وأطلق الجنود الرصاص على الموقوفين داخل المعسكر."
    claims = extract_document("d", text, dt.date(2024, 5, 1), language="ar").claims
    assert claims and "detainees.released" not in {c.type.value for c in claims}


@pytest.mark.parametrize(
    "text", ["قصفت المدفعية قرية جديدة قرب الحدود.", "قصفت المدفعية مخيم النازحين قرب الحدود."]
)
def test_an_ordinary_word_after_a_place_word_names_no_place(text: str) -> None:
    claims = extract_document("d", text, dt.date(2024, 5, 1), language="ar").claims
    assert [(c.type.value, c.place) for c in claims] == [("attack.shelling", None)]


def test_a_quoted_name_after_a_place_word_is_the_whole_quoted_name() -> None:
    text = "قصفت المدفعية قرية “كفر الوادي الأخضر” يوم الأحد."
    claims = extract_document("d", text, dt.date(2024, 5, 1), language="ar").claims
    assert [c.place for c in claims] == ["Kafar al-Wadi al-Akhdar"]


def test_a_city_that_backs_a_side_is_no_place() -> None:
    text = "وقصفت الفصائل المدعومة من أنقرة مواقع الجيش قرب البلدة الجبلية."
    claims = extract_document("d", text, dt.date(2024, 5, 1), language="ar").claims
    assert claims and all(c.place != "Ankara" for c in claims)


def test_a_city_a_process_is_named_after_is_no_place_of_other_events() -> None:
    text = "وأفرج الطرفان عن عشرين أسيرا في إطار مسار أستانا للسلام."
    claims = extract_document("d", text, dt.date(2024, 5, 1), language="ar").claims
    assert [c.type.value for c in claims] == ["detainees.released"]
    assert all(c.place != "Astana" for c in claims)


def test_a_city_whose_time_a_clock_time_is_told_in_is_no_place() -> None:
    text = "دخلت الهدنة حيز التنفيذ عند الساعة الثامنة مساء بتوقيت بيروت في البلدة الجبلية."
    claims = extract_document("d", text, dt.date(2024, 5, 1), language="ar").claims
    assert [c.type.value for c in claims] == ["ceasefire.start"]
    assert all(c.place != "Beirut" for c in claims)


def _claims(text: str) -> list[Any]:
    return list(extract_document("d", text, dt.date(2024, 5, 3), language="ar").claims)


def _types(text: str) -> list[str]:
    return [c.type.value for c in _claims(text)]


@pytest.mark.parametrize(
    "text",
    [
        "نقل المسعفون المصابين إلى المستشفى الميداني في البلدة.",
        "غادرت عشرات العائلات قرية الزارة هربا من المعارك الدائرة.",
        "رحلت السلطات الليبية 200 مهاجر أفريقي عبر مطار طرابلس.",
        "رحلت السلطات 80 عاملا أجنبيا مخالفا.",
    ],
)
def test_wounded_to_hospital_flight_from_fighting_and_deported_migrants_are_no_evacuation(text: str) -> None:
    assert "evacuation" not in _types(text)


@pytest.mark.parametrize(
    "text",
    [
        "تبادل الجيش والمتمردون جثث 18 قتيلا في منطقة الحدود.",
        "سلم الطرفان جثامين 12 مقاتلا عبر وسطاء.",
        "أفرج البنك المركزي اليمني عن 300 مليون دولار من الأرصدة المجمدة.",
    ],
)
def test_bodies_handed_over_and_money_unfrozen_are_no_detainees_released(text: str) -> None:
    assert "detainees.released" not in _types(text)


@pytest.mark.parametrize(
    "text",
    [
        "ويشمل الاتفاق انسحاب القوات من البلدة ودخول المساعدات إليها.",
        "وتشمل الصفقة إطلاق سراح 40 رهينة مقابل 120 أسيرا فلسطينيا.",
        "اقترحت قطر هدنة لمدة أسبوع يتم خلالها إدخال المساعدات.",
    ],
)
def test_what_a_deal_includes_or_a_proposal_offers_did_not_happen(text: str) -> None:
    assert _types(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "قتل مسلحون مجهولون خمسة مزارعين في ريف درعا.",
        "هاجم مسلحون قرية في ولاية زمفرا وقتلوا 20 قرويا.",
        "أطلق جنود الاحتلال النار على صيادين قبالة سواحل غزة.",
        "أطلقت الشرطة النار على المتظاهرين في الخرطوم.",
    ],
)
def test_civilians_shot_or_killed_by_a_named_subject_are_an_attack_on_civilians(text: str) -> None:
    assert _types(text) == ["attack.civilians"]


def test_fire_opened_on_a_count_of_hostages_is_on_civilians_but_on_a_passenger_bus_a_clash() -> None:
    assert _types("أطلق المسلحون النار على أربعة رهائن داخل المبنى.") == ["attack.civilians"]
    assert _types("أطلق مسلحون النار على حافلة ركاب في الطريق الدولي.") == ["attack.clash"]


def test_a_breakdown_after_bainahum_is_not_the_toll() -> None:
    (claim,) = _claims("قتل 15 مدنيا بينهم ستة أطفال في قصف على حلب.")
    assert [(q.kind.value, q.value) for q in claim.quantities] == [("killed", 15), ("civilians", 6)]


def test_istashhada_counts_the_dead() -> None:
    (claim,) = _claims("استشهد 20 فلسطينيا في غارات إسرائيلية على رفح.")
    assert [(q.kind.value, q.value) for q in claim.quantities] == [("killed", 20)]


def test_buses_that_carry_the_wounded_are_counted_as_buses() -> None:
    claims = _claims("وصلت قافلة من 30 حافلة تقل جرحى إلى إدلب.")
    evacuation = next(c for c in claims if c.type.value == "evacuation")
    assert [(q.kind.value, q.value) for q in evacuation.quantities] == [("buses", 30)]


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("وزع الهلال الأحمر الليبي مساعدات على النازحين في درنة.", "Libyan Red Crescent"),
        ("أدخل الهلال الأحمر المصري 100 شاحنة مساعدات إلى غزة عبر معبر رفح.", "Egyptian Red Crescent"),
        ("أجلى الصليب الأحمر اللبناني 30 جريحا من بلدة الخيام.", "Lebanese Red Cross"),
        ("أفرجت السلطات العراقية عن 50 معتقلا في الموصل.", "Iraqi government"),
        ("قصف التحالف مواقع حوثية في صعدة.", "Houthis"),
    ],
)
def test_national_red_crescents_authorities_and_houthi_adjective_are_actors(text: str, actor: str) -> None:
    (claim,) = _claims(text)
    names = [a.actor for a in claim.actors]
    assert actor in names
    assert "Syrian Arab Red Crescent" not in names and "ICRC" not in names


def test_food_baskets_in_the_accusative_are_aid_and_inmates_are_detainees() -> None:
    assert _types("وزع متطوعون سلالا غذائية على العائلات في حي الشيخ مقصود.") == ["aid.delivered"]
    (claim,) = _claims("أفرجت إدارة السجن المركزي عن 1200 نزيل بموجب العفو.")
    assert [(q.kind.value, q.value) for q in claim.quantities] == [("detainees", 1200)]


@pytest.mark.parametrize(
    "text",
    [
        "أخرجت الطواقم الطبية المرضى المحاصرين في مستشفى الشفاء بعد تنسيق مع الجيش.",
        "تم نقل العائلات التي كانت محاصرة في مدرسة الأونروا إلى جنوب القطاع.",
        "خرج 300 مدني عبر الممر الإنساني وفر آخرون خوفا من القصف.",
        "غادر المقاتلون حي الوعر وسط استنفار أمني تحسبا لأي خرق للاتفاق.",
        "بدأت السعودية ترحيل الرعايا الأجانب من بورتسودان عبر البحر.",
    ],
)
def test_people_moved_out_of_a_hospital_or_school_or_past_others_fear_are_still_evacuated(text: str) -> None:
    assert "evacuation" in _types(text)


@pytest.mark.parametrize(
    "text",
    [
        "أفرجت السلطات عن آلاف المحتجين الذين اعتقلوا خلال الاحتجاجات.",
        "أفرج الجيش عن ألف من عناصر المعارضة بموجب اتفاق المصالحة.",
    ],
)
def test_thousands_freed_are_people_unless_a_currency_follows(text: str) -> None:
    assert _types(text) == ["detainees.released"]
    assert _types("أفرجت الحكومة عن 500 ألف دولار من أموال المساعدات.") == []


def test_a_toll_word_before_minhum_makes_the_part_a_toll() -> None:
    claims = _claims("كانت الحافلة تقل 40 راكبا قتل منهم 9 أشخاص في الانفجار.")
    explosion = next(c for c in claims if c.type.value == "attack.explosion")
    assert [(q.kind.value, q.value) for q in explosion.quantities] == [("killed", 9)]


@pytest.mark.parametrize(
    ("second", "place"),
    [
        ("وشن الجيش غارات جوية في جنوب البلاد يوم الأربعاء.", "Syria"),
        ("وشن الجيش غارات جوية في الشمال يوم الأربعاء.", "Syria"),
        # the Middle East is no part of the country
        ("وشن الجيش غارات جوية في الشرق الأوسط يوم الأربعاء.", "Idlib"),
    ],
)
def test_a_part_of_the_country_named_by_its_bearing_is_the_country(second: str, place: str) -> None:
    text = f"دارت معارك ضارية داخل مدينة إدلب يوم الاثنين. {second} وقال سكان إن إدلب هادئة."
    assert [c.place for c in _claims(text) if c.type.value == "attack.airstrike"] == [place]


@pytest.mark.parametrize(
    ("first", "place"),
    [
        ("أفرجت السلطات اليوم عن 20 معتقلا على خلفية النزاع في سوريا.", "Dar‘ā"),
        ("أفرجت السلطات اليوم عن 20 معتقلا في سوريا.", "Syria"),
    ],
)
def test_a_place_that_names_the_war_is_not_where_its_events_happened(first: str, place: str) -> None:
    text = f"درعا - {first} ورحب أهالي درعا بالخطوة."
    assert [c.place for c in _claims(text)] == [place]


def test_a_bare_red_crescent_is_the_society_of_the_report_s_country() -> None:
    (libya,) = _claims("أوصل الهلال الأحمر مساعدات غذائية إلى الأسر في سرت.")
    (syria,) = _claims("أوصل الهلال الأحمر مساعدات غذائية إلى الأسر في حماة.")
    assert "Libyan Red Crescent" in [a.actor for a in libya.actors]
    assert "Syrian Arab Red Crescent" in [a.actor for a in syria.actors]


def test_a_part_of_a_whole_counts_the_part() -> None:
    (claim,) = _claims("أفرجت السلطات عن 50 من أصل 300 معتقل في سجن حماة يوم الأحد.")
    assert [(q.kind.value, q.value) for q in claim.quantities] == [("detainees", 50)]
    (claim,) = _claims("وأطلق سراح 20 معتقلا من أصل 150 محتجزا لدى الفصائل.")
    assert [(q.kind.value, q.value) for q in claim.quantities] == [("detainees", 20)]


def test_a_date_or_place_in_an_aside_about_the_captors_is_not_the_release_s() -> None:
    # synthetic: when the captives were taken, and where their captors' parent group is
    text = (
        "أخلت العصابة سبيل سبعة رعاة في بلدة القصير يوم الثلاثاء. "
        "وأفرجت العصابة، التابعة لتحالف قبلي في لبنان، عن سبعة رعاة، كانت قد خطفتهم في آذار 2019، "
        "مقابل فدية."
    )
    second = text.index("وأفرجت")
    released = [
        c for c in _claims(text) if c.type.value == "detainees.released" and c.evidence[0].start >= second
    ]
    assert released
    assert all(c.place != "Lebanon" and (c.when is None or c.when.start.year == 2024) for c in released)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # a massacre or an attack on a hotel told with the weapon that made it: that attack
        ("نفذت القوات مجزرة في السوق الشعبي بقصف من طائرة مسيرة.", ["attack.airstrike"]),
        ("سقط سبعة ضحايا في اعتداء استهدف مسجدا بالريف نفذ بشاحنة مفخخة.", ["attack.explosion"]),
        ("سقط سبعة ضحايا في اعتداء استهدف مسجدا بالريف.", ["attack.civilians"]),
        ("تعرض معسكر الإيواء شرق البلدة لاعتداءات متكررة.", ["attack.civilians"]),
        ("أصيب ثلاثة مزارعين بالرصاص قرب الوادي.", ["attack.civilians"]),
        # fighters shot, by a sniper or by gunmen, are no civilians
        ("أصيب شرطي برصاص قناص قرب المعبر.", ["attack.clash"]),
        ("ولقي عسكريان حتفهما برصاص مجهولين عند الحاجز.", ["attack.clash"]),
    ],
)
def test_attacks_on_civilians_by_whom_they_hit_and_how(text: str, kinds: list[str]) -> None:
    assert _types(text) == kinds


def test_an_attack_told_again_by_its_toll_is_the_attack_just_told() -> None:
    text = "اشتبكت العشائر في قرية الغوير صباح الأحد. وقال المسعفون إن الاعتداء خلف 15 قتيلا."
    events = claims_to_events(_claims(text), text=text, language="ar")
    assert [(e["type"], e["quantities"]) for e in events] == [("attack.clash", {"killed": 15})]


def test_the_other_half_of_a_swap_after_fima_or_bilmuqabil_is_a_release_of_its_own() -> None:
    # synthetic: two sides free captives in one sentence
    for text in (
        "أخلت السلطات يوم الأحد سبيل 40 موقوفا في مدينة حماة، بينما حررت الميليشيا 12 رهينة.",
        "وأطلقت القبيلة سراح 40 رهينة في مدينة حماة، وبالمقابل أفرجت الشرطة عن 12 موقوفا.",
    ):
        analysis = extract_document("s", text, dt.date(2024, 5, 3), language="ar")
        released = [c for c in analysis.claims if c.type.value == "detainees.released"]
        assert [[(q.kind.value, q.value) for q in c.quantities] for c in released] == [
            [("detainees", 40)],
            [("detainees", 12)],
        ]
        events = claims_to_events(analysis.claims, text=text, language="ar")
        assert sorted(e["quantities"]["detainees"] for e in events) == [12, 40]


def test_fil_muqabil_opens_a_clause_and_is_no_condition() -> None:
    claims = _claims(
        "أجلت الطواقم ليلة الجمعة 800 جريح من بلدة الفوعة، وفي المقابل أخلت 350 مريضا من مدينة الزبداني."
    )
    assert [(c.type.value, c.place, [q.value for q in c.quantities]) for c in claims] == [
        ("evacuation", "Al-Fu'ah", [800]),
        ("evacuation", "Az Zabadānī", [350]),
    ]


def test_captives_who_arrived_home_were_released() -> None:
    (claim,) = _claims("وصل 45 محتجزا إلى مطار عدن مساء الأحد.")
    assert claim.type.value == "detainees.released"
    assert [(q.kind.value, q.value) for q in claim.quantities] == [("detainees", 45)]


def test_where_people_left_is_found_near_a_later_word_of_the_evacuation() -> None:
    # synthetic: the town they left is named far from the buses that open the sentence
    text = (
        "انطلقت القافلة الثالثة المؤلفة من 30 باصا، وفيها ما يزيد على ألف راكب من نساء وشيوخ وأطفال "
        "ومسلحين ومصابين وذويهم، الذين أرغموا على مغادرة مدينة الرستن فجر الأحد."
    )
    assert [(c.type.value, c.place) for c in _claims(text)] == [("evacuation", "Ar Rastan")]


@pytest.mark.parametrize(
    "text",
    [
        "ويتواصل دخول وخروج الطلاب من الحي كل صباح.",
        "وحظرت السلطات الدخول أو الخروج على القرويين.",
        "قتل تسعة أشخاص حين استهدفت عبوة ناسفة حافلات تنقل المهجرين.",
    ],
)
def test_coming_and_going_and_buses_hit_by_a_bomb_are_no_evacuation(text: str) -> None:
    assert "evacuation" not in _types(text)


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("جرى إخلاء سبعة وأربعين جريحا من القرية.", ("injured", 47)),
        ("وأخرجت اللجنة خمسة آلاف مدني من المخيم المحاصر.", ("civilians", 5000)),
        ("وغادر قرابة 250 مسلح الوادي مع ذويهم.", ("fighters", 250)),
    ],
)
def test_people_counted_in_words_or_singular_after_a_number_are_evacuated(
    text: str, figure: tuple[str, int]
) -> None:
    (claim,) = _claims(text)
    assert claim.type.value == "evacuation"
    assert [(q.kind.value, q.value) for q in claim.quantities] == [figure]


def test_shelters_in_a_list_of_towns_are_where_people_went() -> None:
    text = "ونقل الهلال الأحمر العائلات إلى ملاجئ مؤقتة في مدينتي الباب وجرابلس بعد خروجهم من حي الوعر."
    assert [(c.type.value, c.place) for c in _claims(text)] == [("evacuation", "Waer")]


@pytest.mark.parametrize(
    "text",
    [
        "سعت القوات إلى فك الحصار عن البلدة.",
        "ونصحت البلدية الأهالي بالبقاء لحين خروج المسلحين من السوق.",
        "وتستثمر الجماعة سيطرتها على الموانئ لجباية الرسوم.",
        "وعاد ملف الأسرى إلى الواجهة من جديد.",
        "وقال المتحدث الصادق علي إن المدينة هادئة.",
    ],
)
def test_what_was_tried_awaited_or_held_and_a_name_like_a_verb_tell_nothing(text: str) -> None:
    assert _types(text) == []


def test_a_takeover_told_by_its_noun_after_baad_is_news() -> None:
    assert _types("وعقب سيطرتهم على مدينة كسلا نصب المقاتلون حواجز.") == ["territory.control"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("وذكرت مصادر أن قوات الجيش دخلت إلى بلدة السوكي صباح اليوم.", "Suki"),
        ("وأعلن الجيش دخول قواته إلى مدينة سنجة.", "Singa"),
    ],
)
def test_forces_that_went_into_a_town_told_subject_first_or_by_noun_took_it(text: str, place: str) -> None:
    assert [(c.type.value, c.place) for c in _claims(text)] == [("territory.control", place)]
    assert _types("وقالت مصادر إن قوات الاحتلال دخلت بلدة بيت أمر واعتقلت شابين.") == []


def test_captives_aboard_a_plane_that_arrived_were_released() -> None:
    (claim,) = _claims("وهبطت في عدن طائرة على متنها 15 محتجزا.")
    assert claim.type.value == "detainees.released"
    assert [(q.kind.value, q.value) for q in claim.quantities] == [("detainees", 15)]


def test_what_happened_earlier_is_still_the_report_s_news() -> None:
    # synthetic: "earlier" in wire copy is earlier the same day; "had" is background
    day = dt.date(2024, 5, 3)
    for text, date in (
        ("وفي وقت سابق، أطلقت القبيلة سراح 15 رهينة في مأرب.", "2024-05-03"),
        ("وكانت القبيلة قد أطلقت سابقا سراح 15 رهينة في مأرب.", None),
    ):
        analysis = extract_document("e", text, day, language="ar")
        events = claims_to_events(analysis.claims, text=text, published=day, language="ar")
        assert [e["date"] for e in events] == [date]


def test_areas_bases_mountains_dams_and_municipalities_name_places_after_their_cue() -> None:
    from trucewatch.extract.gazetteer import Gazetteer
    from trucewatch.extract.places import find_places

    text = "قصفت الطائرات منطقة وادي الضيف ومحيط سد الباسل، ثم سقطت قذائف على قاعدة “الوطية” قرب جبل “شحشبو”."
    found = {text[m.start : m.end]: m.place for m in find_places(text, Gazetteer.default())}
    assert {"وادي الضيف", "الباسل", "الوطية", "شحشبو"} <= set(found)
    assert found["وادي الضيف"].kind == "area" and found["الباسل"].kind == "facility"
    aid = "وزعت الجمعية سلالا غذائية على الأسر في بلدية سيدي السايح."
    assert [aid[m.start : m.end] for m in find_places(aid, Gazetteer.default())] == ["سيدي السايح"]
    # near misses: an adjective, a word with a pronoun, the preposition with the article and a
    # comparative after the cue name no place (or are no part of one)
    common = (
        "أعلن الجيش منطقة عازلة على الحدود، وانسحبت القوات من منطقة تمركزها"
        " إلى قاعدة للتحالف في منطقة اللجاة الأوسع."
    )
    names = [common[m.start : m.end] for m in find_places(common, Gazetteer.default())]
    assert not {"عازلة", "تمركزها", "للتحالف", "اللجاة الأوسع"} & set(names)


def test_a_country_an_attack_is_fired_at_is_where_it_struck() -> None:
    # "fired rockets at Turkey": the country it struck, not the story's town named before
    lede = "وفي مدينة الرقة شهدت المنطقة توترا. "
    fired = _claims(lede + "أطلقت الفصائل قذائف صاروخية على تركيا يوم الاثنين.")
    assert [(c.type.value, c.place) for c in fired] == [("attack.shelling", "Turkey")]
    # near miss: a country that backs the side that fired is no place of the attack
    backed = _claims(lede + "أطلقت الفصائل المدعومة من تركيا قذائف صاروخية يوم الاثنين.")
    assert [(c.type.value, c.place) for c in backed] == [("attack.shelling", "Ar Raqqah")]


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("بلدة الرستن بريف حمص الشمالي تعرضت لقصف مدفعي يوم الاثنين.", ["Ar Rastan"]),
        ("قرية الزيتونة بالغوطة الشرقية تعرضت لقصف مدفعي يوم الاثنين.", ["Zituna"]),
        # near miss: two places joined by "and" are a list, each its own shelling
        ("بلدة الرستن وقرية الزيتونة تعرضتا لقصف مدفعي يوم الاثنين.", ["Ar Rastan", "Zituna"]),
    ],
)
def test_a_place_whose_holder_is_written_with_a_clitic_is_the_finer_one(text: str, places: list[str]) -> None:
    # "X بريف Y": X lies in Y's countryside; the event is X's, however near the trigger Y is
    assert [c.place for c in _claims(text) if c.type.value == "attack.shelling"] == places


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("قصفت المدفعية مدينة خان يونس جنوب قطاع غزة صباح الاثنين.", "Khān Yūnis"),
        # near miss: "the Strip's north" places it there
        ("سقطت قذائف مدفعية في شمال قطاع غزة صباح الاثنين.", "Gaza"),
    ],
)
def test_a_strip_a_town_lies_south_of_is_only_a_reference_point(text: str, place: str) -> None:
    assert [c.place for c in _claims(text)] == [place]


@pytest.mark.parametrize(
    ("attack", "place"),
    [
        # "in the northern region of Iraq" is "northern Iraq", not the story's southern town
        ("تعرضت قافلة إغاثة لإطلاق نار في المنطقة الشمالية من العراق يوم الجمعة.", "Iraq"),
        # near miss: where the convoy came from is no place of the attack
        ("تعرضت قافلة إغاثة قادمة من العراق لإطلاق نار يوم الجمعة.", "Basrah"),
    ],
)
def test_the_region_of_a_country_locates_the_event_as_its_bearing_does(attack: str, place: str) -> None:
    claims = _claims("وفي مدينة البصرة تواصلت المعاناة. " + attack)
    assert [(c.type.value, c.place) for c in claims] == [("attack.aid", place)]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # "the fragile truce in Yemen": the truce's own place, not the town told before it
        ("سقط عشرات القتلى في بلدة المخا بعد انهيار الهدنة الهشة في اليمن الأسبوع الماضي.", "Yemen"),
        # near miss: a country told several words past the truce stays behind the finer town
        (
            "سقط عشرات القتلى في بلدة المخا بعد انهيار الهدنة التي أعلنتها الأمم المتحدة قبل شهر في اليمن.",
            "Mocha",
        ),
    ],
)
def test_the_place_right_after_a_truce_s_words_is_the_truce_s(text: str, place: str) -> None:
    assert [(c.type.value, c.place) for c in _claims(text)] == [("ceasefire.end", place)]


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        # synthetic: the speaker's name or seat set off by commas before "إن"
        (
            "وقال مدير المستشفى، الطبيب سامر خليل، إن غارة جوية استهدفت سوق بلدة سرمين.",
            ("attack.airstrike", "Sarmin"),
        ),
        (
            "وقال المرصد، الذي يتخذ من بريطانيا مقرا له، إن غارات جوية استهدفت حي جوبر.",
            ("attack.airstrike", "Jubar"),
        ),
    ],
)
def test_a_speaker_with_an_aside_before_inna_still_reports_it(text: str, claim: tuple[str, str]) -> None:
    assert [(c.type.value, c.place) for c in _claims(text)] == [claim]
    # near miss: "أن" after a comma with no speaker right before it is still an aim
    assert _types("وقال المسؤول إن هناك فرصة أخيرة، أن تدخل القافلة إلى البلدة.") == []


def test_an_aside_that_tells_the_scene_on_the_report_s_days_dates_the_strike() -> None:
    # synthetic: the market's state on the day of the strike, with no other date told
    (claim,) = _claims(
        "استهدفت غارة جوية سوق بلدة سرمين، الذي كان مكتظا بالمتسوقين صباح الأحد، ما أدى إلى مقتل 9."
    )
    assert claim.when is not None and claim.when.start.date() == dt.date(2024, 4, 28)
    # near miss: a deed told as past ("كانت ... قد") dates nothing around it
    claims = _claims("أفرجت العصابة عن سبعة رعاة، كانت قد خطفتهم يوم الأحد، بعد مفاوضات مع الوجهاء.")
    assert [c.when for c in claims if c.type.value == "detainees.released"] == [None]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # synthetic: a massacre told with the shelling that made it is that shelling
        ("ارتكبت القوات مجزرة بقصف مدفعي على بلدة الهبيط راح ضحيتها 9 مدنيين.", ["attack.shelling"]),
        # ... but not a massacre beside an air strike told in another clause
        (
            "ارتكب مسلحون مجزرة بحق 20 قرويا في قرية نائية، في حين قصفت الطائرات مواقعهم قرب المدينة.",
            ["attack.airstrike", "attack.civilians"],
        ),
        (
            "شن مسلحون هجوما على مخيم للنازحين قرب البلدة، فيما قصف الطيران الحربي مواقعهم.",
            ["attack.airstrike", "attack.civilians"],
        ),
        # ... nor one told as before or after it
        (
            "وقصف الطيران الحربي بلدة السوكي، بعد ساعات من مجزرة ارتكبها مسلحون في قرية مجاورة.",
            ["attack.airstrike", "attack.civilians"],
        ),
        # ... while one whose strike is told after a comma is that strike
        ("وارتكبت القوات مجزرة في البلدة، باستهدافها السوق بالقصف المدفعي.", ["attack.shelling"]),
    ],
)
def test_a_massacre_is_the_strike_that_made_it_only_in_its_clause(text: str, kinds: list[str]) -> None:
    assert sorted(_types(text)) == kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # synthetic: a stray or mistaken shot hits no one on purpose: the clash, or nothing
        ("أصيب طفلان برصاص طائش خلال اشتباكات بين عائلتين في السوق.", ["attack.clash"]),
        ("أصيب مواطن بطلق ناري عن طريق الخطأ خلال حفل في القرية.", []),
        # rescuers a sniper hit are no fighters
        ("أصيب عنصران من الدفاع المدني برصاص قناص أثناء عملهما في الحي.", ["attack.civilians"]),
        # an attack on a post near a mosque is no attack on the mosque
        ("شن مسلحون هجوما على مقر للشرطة قرب مسجد البلدة.", ["attack.clash"]),
        # near misses: civilians shot, a soldier sniped, an attack on a mosque
        ("أصيب ثلاثة رعاة بالرصاص قرب الوادي.", ["attack.civilians"]),
        ("أصيب جندي برصاص قناص عند الحاجز.", ["attack.clash"]),
        ("شن مسلحون هجوما على مسجد البلدة.", ["attack.civilians"]),
    ],
)
def test_stray_shots_rescuers_and_posts_near_a_mosque(text: str, kinds: list[str]) -> None:
    assert _types(text) == kinds


@pytest.mark.parametrize(
    "text",
    [
        # synthetic: the captives' number, families, visitors, a body of their affairs, or held again
        "وصل عدد المعتقلين في سجون الجماعة إلى 400 معتقل.",
        "عادت عائلات المختطفين إلى الاعتصام أمام مبنى المحافظة.",
        "وصل رئيس هيئة شؤون الأسرى إلى مدينة جنين.",
        "وصل وفد من الصليب الأحمر لزيارة المعتقلين في السجن المركزي.",
        "شنت القوات حملة إعادة اعتقال طالت 12 أسيرا محررا.",
    ],
)
def test_who_comes_for_captives_or_their_count_frees_no_one(text: str) -> None:
    assert _types(text) == []


@pytest.mark.parametrize(
    "text", ["عاد 12 مختطفا إلى ذويهم في البلدة بعد دفع فدية.", "وصل 30 أسيرا إلى مطار سيئون مساء أمس."]
)
def test_captives_who_came_home_were_released(text: str) -> None:
    assert _types(text) == ["detainees.released"]


def test_a_deal_of_evacuation_being_carried_out_is_an_evacuation() -> None:
    # synthetic: the deal's kind alone is none, its carrying out is people leaving
    text = "وبدأ صباح اليوم تنفيذ اتفاق إجلاء المسلحين وعائلاتهم من حي القابون."
    assert [(c.type.value, c.place) for c in _claims(text)] == [("evacuation", "Qabun")]
    assert "evacuation" not in _types("ووقعت الأطراف اتفاق إجلاء برعاية أممية.")


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # synthetic: posts or checkpoints emptied are a withdrawal, not people evacuated
        ("وأعلن الجيش إخلاء ثلاثة مواقع عسكرية في ريف البلدة.", []),
        ("وأعلن الجيش إخلاء 4 نقاط عسكرية في محيط البلدة.", []),
        ("وتمكنت الفرق من إخلاء ثلاثين جريحا من البلدة.", ["evacuation"]),
    ],
)
def test_posts_emptied_are_no_people_evacuated(text: str, kinds: list[str]) -> None:
    assert _types(text) == kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # synthetic: control announced or imposed by its holder is the takeover
        (
            "وأعلنت الفصائل سيطرتها الكاملة على بلدة كفرنبودة بعد معارك.",
            ["attack.clash", "territory.control"],
        ),
        ("واستطاعت القوات أن تفرض سيطرتها على حي الشيخ مقصود.", ["territory.control"]),
        # near misses: control held, tried, or under it
        ("وتستثمر الجماعة سيطرتها على الموانئ لجباية الرسوم.", []),
        ("ويحاول الجيش فرض سيطرته على الطريق الدولي.", []),
        ("وأكدت القوات أن الوضع في المدينة تحت سيطرتها.", []),
        ("وأعلن الجيش سيطرته على الوضع الأمني في المدينة.", []),
        # forces that went into a fight or a state took no town
        ("وقالت المصادر إن فصائل المعارضة دخلت في اشتباكات داخل حي جوبر.", ["attack.clash"]),
    ],
)
def test_control_announced_or_imposed_is_a_takeover(text: str, kinds: list[str]) -> None:
    assert sorted(_types(text)) == kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # synthetic: "وسعت" (widened) is no "سعت" (tried)
        ("ووسعت الطائرات الحربية غاراتها على ريف البلدة.", ["attack.airstrike"]),
        ("وسعت الطائرات الحربية غاراتها على ريف البلدة.", ["attack.airstrike"]),
        ("وسعت القوات سيطرتها في الريف لتشمل بلدة السوكي.", ["territory.control"]),
        ("وسعت القوات إلى فك الحصار عن البلدة.", []),
        # what goes on until it stops is going on; what waits for a departure is not done
        ("وبقيت العائلات في الملاجئ لحين توقف القصف على البلدة.", ["attack.shelling"]),
        ("وستبقى القوات في مواقعها لحين انتهاء عملية إجلاء المدنيين من البلدة.", ["evacuation"]),
        ("وستبقى الحافلات في البلدة لحين خروج آخر دفعة من المسلحين.", []),
    ],
)
def test_widened_is_no_tried_and_until_it_stops_is_going_on(text: str, kinds: list[str]) -> None:
    assert _types(text) == kinds


def test_the_other_half_of_a_swap_is_placed_where_it_says() -> None:
    # synthetic: the second release names its own town; without one it is the first's
    text = "أطلقت القبيلة سراح 12 رهينة في بلدة القصير، فيما أفرجت السلطات عن 25 معتقلا في مدينة حماة."
    assert [c.place for c in _claims(text)] == ["Al Quşayr", "Ḩamāh"]
    text = "أطلقت القبيلة سراح 12 رهينة في بلدة القصير، فيما أفرجت السلطات عن 25 معتقلا."
    assert [c.place for c in _claims(text)] == ["Al Quşayr", "Al Quşayr"]


def test_an_incident_that_killed_people_is_no_attack_by_itself() -> None:
    # synthetic: a road accident told again as "the incident"
    text = "وقع حادث سير على الطريق الدولي قرب البلدة. وقالت مصادر طبية إن الحادث أسفر عن مقتل أربعة أشخاص."
    assert _types(text) == []
    # near miss: "the attack" told again is the attack just told
    text = "انفجرت سيارة مفخخة في سوق البلدة يوم السبت. وقال مسعفون إن الهجوم أسفر عن مقتل 9 أشخاص."
    events = claims_to_events(_claims(text), text=text, language="ar")
    assert [(e["type"], e["quantities"]) for e in events] == [("attack.explosion", {"killed": 9})]
