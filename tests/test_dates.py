"""The date resolver: expressions resolved against a publication date, with precision.

All sample sentences here are synthetic (written for these tests), except the
seed-report test, which reads the real report from the shared folder at test time.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trucewatch.extract.base import Analysis
from trucewatch.extract.dates import (
    DateComponent,
    apply_duration,
    find_dates,
    find_durations,
    normalise,
    resolve,
)
from trucewatch.model import Precision, When

WED = dt.date(2017, 3, 8)  # a Wednesday
JAN = dt.date(2017, 1, 10)  # a Tuesday, early in the year
AUG = dt.date(2016, 8, 25)  # a Thursday, late in August
LEAP = dt.date(2016, 3, 2)  # a Wednesday just after 29 February 2016

P = Precision

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "corpus" / "syriadirect-2017-03-08-waer-surrender-talks.txt"
EVAL_DEV = SHARED / "eval" / "dev"

# (expression, published, expected iso, precision, expected end (isoformat, minutes) or None, open_ended)
CASES = [
    # absolute days
    ("October 26, 2016", WED, "2016-10-26", P.DAY, None, False),
    ("26 October 2016", WED, "2016-10-26", P.DAY, None, False),
    ("the 26th of October, 2016", None, "2016-10-26", P.DAY, None, False),
    ("Oct. 26", WED, "2016-10-26", P.DAY, None, False),
    ("on 26/10/2016", WED, "2016-10-26", P.DAY, None, False),
    ("10/26/2016", None, "2016-10-26", P.DAY, None, False),
    ("2017-03-18", None, "2017-03-18", P.DAY, None, False),
    ("Monday, March 13, 2017", None, "2017-03-13", P.DAY, None, False),
    ("MARCH 8, 2017", None, "2017-03-08", P.DAY, None, False),
    ("on 26\u00a0October\u00a02016", None, "2016-10-26", P.DAY, None, False),
    # a day of the month alone: the latest by publication (WED is 2017-03-08)
    ("on the 5th.", WED, "2017-03-05", P.DAY, None, False),
    ("on the 25th,", WED, "2017-02-25", P.DAY, None, False),
    # the weekend: its Saturday, the last one by publication
    ("over the weekend", WED, "2017-03-04", P.DAY, None, False),
    ("last weekend", WED, "2017-03-04", P.DAY, None, False),
    # a day and month with no year: at or before publication, unless "next"
    ("March 8", WED, "2017-03-08", P.DAY, None, False),
    ("March 9", WED, "2016-03-09", P.DAY, None, False),
    ("next March 9", WED, "2017-03-09", P.DAY, None, False),
    ("December 31", JAN, "2016-12-31", P.DAY, None, False),
    ("January 5", JAN, "2017-01-05", P.DAY, None, False),
    ("January 15", JAN, "2016-01-15", P.DAY, None, False),
    # leap years
    ("February 29", WED, "2016-02-29", P.DAY, None, False),
    ("29 February 2016", None, "2016-02-29", P.DAY, None, False),
    ("on Monday", LEAP, "2016-02-29", P.DAY, None, False),
    # months
    ("last November", WED, "2016-11", P.MONTH, None, False),
    ("in August", WED, "2016-08", P.MONTH, None, False),
    ("in August", AUG, "2016-08", P.MONTH, None, False),
    ("in September", AUG, "2015-09", P.MONTH, None, False),
    ("last March", WED, "2016-03", P.MONTH, None, False),
    ("in March", WED, "2017-03", P.MONTH, None, False),
    ("in May", WED, "2016-05", P.MONTH, None, False),
    ("last December", JAN, "2016-12", P.MONTH, None, False),
    ("in November", JAN, "2016-11", P.MONTH, None, False),
    ("in December", JAN, "2016-12", P.MONTH, None, False),
    ("November of last year", WED, "2016-11", P.MONTH, None, False),
    ("November 2016", None, "2016-11", P.MONTH, None, False),
    ("mid-February", WED, "2017-02", P.MONTH, None, False),
    ("early March", WED, "2017-03", P.MONTH, None, False),
    ("last month", WED, "2017-02", P.MONTH, None, False),
    ("last month", JAN, "2016-12", P.MONTH, None, False),
    ("this month", WED, "2017-03", P.MONTH, None, False),
    ("earlier this month", WED, "2017-03", P.MONTH, None, False),
    # years
    ("late 2015", WED, "2015", P.YEAR, None, False),
    ("in 2014", None, "2014", P.YEAR, None, False),
    ("the end of 2015", None, "2015", P.YEAR, None, False),
    ("in the summer of 2016", None, "2016", P.YEAR, None, False),
    ("last year", JAN, "2016", P.YEAR, None, False),
    ("this year", JAN, "2017", P.YEAR, None, False),
    ("late last year", WED, "2016", P.YEAR, None, False),
    ("two years ago", WED, "2015", P.YEAR, None, False),
    # weekdays: the report's own day counts
    ("Wednesday", WED, "2017-03-08", P.DAY, None, False),
    ("Wednesday", LEAP, "2016-03-02", P.DAY, None, False),
    ("on Saturday", WED, "2017-03-04", P.DAY, None, False),
    ("last Saturday", WED, "2017-03-04", P.DAY, None, False),
    ("last Wednesday", LEAP, "2016-02-24", P.DAY, None, False),
    ("next Monday", WED, "2017-03-13", P.DAY, None, False),
    ("on Tuesday night", WED, "2017-03-07", P.DAY, None, False),
    ("Tuesday", JAN, "2017-01-10", P.DAY, None, False),
    ("Friday", JAN, "2017-01-06", P.DAY, None, False),
    # relative days and weeks
    ("yesterday", WED, "2017-03-07", P.DAY, None, False),
    ("today", WED, "2017-03-08", P.DAY, None, False),
    ("overnight", WED, "2017-03-08", P.DAY, None, False),  # the night that ended the report's day
    ("overnight into Sunday", WED, "2017-03-05", P.DAY, None, False),  # the day it names
    ("the day before yesterday", WED, "2017-03-06", P.DAY, None, False),
    ("yesterday", dt.date(2017, 1, 1), "2016-12-31", P.DAY, None, False),
    ("three days ago", WED, "2017-03-05", P.DAY, None, False),
    ("this week", WED, "2017-03-06", P.WEEK, None, False),
    ("last week", WED, "2017-02-27", P.WEEK, None, False),
    ("a week ago", WED, "2017-03-01", P.DAY, None, False),  # the Wednesday before, not that week
    # clock times
    ("12:01 am on Wednesday", WED, "2017-03-08T00:01", P.MINUTE, None, False),
    ("just after midnight on Wednesday morning", WED, "2017-03-08", P.DAY, None, False),
    ("at midnight on March 1", WED, "2017-03-01T00:00", P.MINUTE, None, False),
    ("at noon on Tuesday", WED, "2017-03-07T12:00", P.MINUTE, None, False),
    ("12 noon on 1 March 2016", None, "2016-03-01T12:00", P.MINUTE, None, False),
    ("3 p.m. yesterday", WED, "2017-03-07T15", P.HOUR, None, False),
    ("4 pm on Wednesday", WED, "2017-03-08T16", P.HOUR, None, False),
    ("March 1 at 3:30 p.m.", WED, "2017-03-01T15:30", P.MINUTE, None, False),
    ("Sunday at 17:45", WED, "2017-03-05T17:45", P.MINUTE, None, False),
    ("around 3 p.m. on Friday", WED, "2017-03-03", P.DAY, None, False),
    # ranges
    ("since the August agreement", WED, "2016-08", P.MONTH, None, True),
    ("since August", WED, "2016-08", P.MONTH, None, True),
    ("since mid-February", WED, "2017-02", P.MONTH, None, True),
    ("since 2012", None, "2012", P.YEAR, None, True),
    ("since 12:01 am on Wednesday", WED, "2017-03-08T00:01", P.MINUTE, None, True),
    ("from 1 to 3 March", WED, "2017-03-01", P.DAY, "2017-03-03T00:00", False),
    ("from 1 to 3 March 2016", None, "2016-03-01", P.DAY, "2016-03-03T00:00", False),
    ("March 1-3, 2016", None, "2016-03-01", P.DAY, "2016-03-03T00:00", False),
    ("between 28 February and 2 March 2016", None, "2016-02-28", P.DAY, "2016-03-02T00:00", False),
    ("from 30 December to 2 January 2017", None, "2016-12-30", P.DAY, "2017-01-02T00:00", False),
    ("from August to October 2016", None, "2016-08", P.MONTH, "2016-10-01T00:00", False),
    ("from 2012 to 2014", None, "2012", P.YEAR, "2014-01-01T00:00", False),
    ("from Saturday to Monday", WED, "2017-03-04", P.DAY, "2017-03-06T00:00", False),
    # durations attached to a start, and periods ending at publication
    ("from Wednesday for 48 hours", WED, "2017-03-08", P.DAY, "2017-03-10T00:00", False),
    (
        "for 48 hours from 00:01 am on June 1, 2016",
        None,
        "2016-06-01T00:01",
        P.MINUTE,
        "2016-06-03T00:01",
        False,
    ),
    ("over the past three months", WED, "2016-12", P.MONTH, "2017-03-08T00:00", False),
    ("over the past three months", JAN, "2016-10", P.MONTH, "2017-01-10T00:00", False),
    ("in the past 48 hours", WED, "2017-03-06", P.DAY, "2017-03-08T00:00", False),
    ("these past three years", WED, "2014", P.YEAR, "2017-03-08T00:00", False),
    # Arabic (synthetic phrases): Gregorian and Levantine month names, hamza folded, Arabic-Indic digits
    ("١٤ يناير ٢٠١٦", None, "2016-01-14", P.DAY, None, False),
    ("26 تشرين الأول 2016", None, "2016-10-26", P.DAY, None, False),
    ("في آب", WED, "2016-08", P.MONTH, None, False),  # في آب
    ("حزيران/ يونيو الماضي", WED, "2016-06", P.MONTH, None, False),
    ("الخميس الماضي", WED, "2017-03-02", P.DAY, None, False),  # الخميس الماضي
    ("صباح الأربعاء", WED, "2017-03-08", P.DAY, None, False),  # صباح الأربعاء
    ("أمس", WED, "2017-03-07", P.DAY, None, False),  # أمس
    ("الشهر الماضي", JAN, "2016-12", P.MONTH, None, False),  # الشهر الماضي
    ("منذ العام 2012", None, "2012", P.YEAR, None, True),  # منذ العام 2012
    ("السبت 5 آذار 2016 8:30 م", None, "2016-03-05T20:30", P.MINUTE, None, False),
    ("the devastating 2009 truck bombing", None, "2009", P.YEAR, None, False),  # a year naming an event
]


@pytest.mark.parametrize(("expression", "published", "iso", "precision", "end", "open_ended"), CASES)
def test_resolves_expression_at_its_precision(expression, published, iso, precision, end, open_ended):
    when = resolve(expression, published)
    assert when is not None, expression
    assert when.iso() == iso
    assert when.precision is precision
    assert (when.end.isoformat(timespec="minutes") if when.end else None) == end
    assert when.open_ended is open_ended


@pytest.mark.parametrize(
    ("expression", "published"),
    [
        ("03/04/2017", WED),  # day-first or month-first: the text does not say
        ("February 29, 2017", None),  # no such day
        ("last November", None),  # relative: needs a publication date
        ("on Saturday", None),
        ("noon", WED),  # a time with no day
        ("for six months", WED),  # a duration is not a date
        ("over the past few weeks", WED),  # how many weeks the text does not say
        ("Theresa May said the march would go ahead", WED),
        ("more than 2,000 people in 7,300 homes", WED),
        ("a month-long campaign", WED),
        ("a shepherd counted 2017 sheep", WED),
        ("the 5th Brigade crossed the river", WED),  # an ordinal of a unit, not a day
        ("on the 31st.", WED),  # February had no 31st
        ("it took effect on March 2 and collapsed on the 9th.", None),  # the 9th of the month named
        ("at the weekend market", WED),
    ],
)
def test_gives_no_date_the_text_does_not_support(expression, published):
    assert resolve(expression, published) is None


def _check_spans(text: str, published: dt.date | None) -> None:
    mentions = find_dates(text, published)
    previous_end = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert m.start >= previous_end, "mentions overlap or are out of order"
        assert text[m.start : m.end].strip() == text[m.start : m.end]
        previous_end = m.end


SYNTHETIC = [
    "Synthetic: fighting resumed on Saturday, ten days after a truce began on 26\u00a0February.",
    "Synthetic: the convoy \u2014 the first since last November \u2014 arrived at 3 p.m. on Friday.",
    "Synthetic: \u201cWe waited from 1 to 3 March,\u201d she said; the deal dated from mid-February.",
    "Synthetic: over the past three months, 12 trucks came; 7,300 detainees remain since 2014.",
]


@pytest.mark.parametrize("text", SYNTHETIC)
def test_mentions_slice_the_text_without_overlap(text):
    _check_spans(text, WED)
    _check_spans(text, None)
    assert find_dates(text, WED), "each sample names at least one date"


def test_longest_expression_wins_and_offsets_point_into_original_text():
    text = "Synthetic: talks opened at 12:01\u00a0am on Wednesday, and this week\u2019s round went on."
    mentions = find_dates(text, WED)
    quoted = [text[m.start : m.end] for m in mentions]
    assert quoted == ["12:01\u00a0am on Wednesday", "this week"]
    assert mentions[0].when.iso() == "2017-03-08T00:01"
    assert mentions[1].when.precision is Precision.WEEK


def test_without_publication_date_only_absolute_dates_resolve():
    text = "Synthetic: last November, on Saturday and on 4 March 2016 there was shelling."
    mentions = find_dates(text, None)
    assert [text[m.start : m.end] for m in mentions] == ["4 March 2016"]


def test_a_publication_datetime_counts_as_its_day():
    when = resolve("last Saturday", dt.datetime(2017, 3, 8, 23, 59))
    assert when is not None and when.iso() == "2017-03-04"


def test_ambiguous_month_names_need_a_temporal_cue():
    text = "Synthetic: May said they would march. In May, fighters began a march on the town."
    mentions = find_dates(text, WED)
    assert [text[m.start : m.end] for m in mentions] == ["May"]
    assert mentions[0].start == text.index("In May") + 3


def test_for_duration_a_few_words_after_a_day_sets_its_end():
    text = "Synthetic: a truce took effect on Saturday and will last for three days."
    (mention,) = find_dates(text, WED)
    assert text[mention.start : mention.end] == "Saturday"
    assert mention.when.end == dt.datetime(2017, 3, 7)


def test_a_past_duration_adjective_does_not_give_an_end():
    text = "Synthetic: on Saturday, families left after a 10-day siege of the village."
    (mention,) = find_dates(text, WED)
    assert mention.when.end is None


def _end_after(when: When, expression: str) -> dt.datetime | None:
    extended = apply_duration(when, expression)
    assert extended is not None, expression
    assert (extended.start, extended.precision) == (when.start, when.precision)
    return extended.end


def test_apply_duration_adds_hours_days_and_calendar_months():
    start = When(dt.datetime(2016, 8, 31), Precision.DAY)
    assert _end_after(start, "for 48 hours") == dt.datetime(2016, 9, 2)
    assert _end_after(start, "three days") == dt.datetime(2016, 9, 3)
    assert _end_after(start, "a fortnight") == dt.datetime(2016, 9, 14)
    assert _end_after(start, "72-hour") == dt.datetime(2016, 9, 3)
    # 31 August + 6 months: the last day of February, 28th or 29th as the year has it
    assert _end_after(start, "for six months") == dt.datetime(2017, 2, 28)
    assert _end_after(When(dt.datetime(2015, 8, 31), Precision.DAY), "6 months") == dt.datetime(2016, 2, 29)
    minute = When(dt.datetime(2016, 6, 1, 0, 1), Precision.MINUTE)
    assert _end_after(minute, "for 48 hours") == dt.datetime(2016, 6, 3, 0, 1)
    assert apply_duration(start, "for the time being") is None


def test_find_durations_reads_numbers_in_words_and_digits():
    text = "Synthetic: they met for two straight days and agreed a 72-hour pause within seven days."
    found = [(text[d.start : d.end], d.amount, d.unit) for d in find_durations(text)]
    assert found == [
        ("for two straight days", 2, "day"),
        ("72-hour", 72, "hour"),
        ("within seven days", 7, "day"),
    ]


def test_normalise_keeps_length_and_folds_typography():
    text = "12:01\u00a0am \u2018x\u2019 \u201cy\u201d 1\u20133 \u0662\u0660\u0661\u0667"
    folded = normalise(text)
    assert len(folded) == len(text)
    assert folded == "12:01 am 'x' \"y\" 1-3 2017"


def test_component_fills_dates_using_the_normalised_layer_with_original_offsets():
    text = "Synthetic: aid arrived on October\u00a026, 2016 and again yesterday."
    analysis = Analysis(document_id="d1", text=text, published=WED, normalised=normalise(text))
    component = DateComponent()
    assert component.name == "dates"
    out = component(analysis)
    assert [text[m.start : m.end] for m in out.dates] == ["October\u00a026, 2016", "yesterday"]
    assert [m.when.iso() for m in out.dates] == ["2016-10-26", "2017-03-07"]
    assert out.text == text and out.places == analysis.places


@settings(max_examples=300, deadline=None)
@given(text=st.text(), published=st.none() | st.dates())
def test_arbitrary_text_never_raises_and_spans_stay_in_bounds(text, published):
    mentions = find_dates(text, published)
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)


DATEISH = [
    "since", "the", "from", "to", "between", "and", "on", "at", "for", "last", "next", "in", "of",
    "early", "mid-", "late", "March", "May", "August", "Oct.", "Wednesday", "Saturday", "yesterday",
    "today", "12:01", "am", "3 p.m.", "midnight", "noon", "just after", "1", "3", "26", "29",
    "February", "2016", "2017", ",", "-", "48", "hours", "three", "days", "months", "ago", "past",
    "over", "week", "month", "year", "agreement", "\u00a0", "\n", "/", "10/26/2016", "2017-03-08",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    words=st.lists(st.sampled_from(DATEISH), max_size=14),
    published=st.none() | st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
)
def test_date_like_word_salad_gives_well_formed_mentions(words, published):
    text = " ".join(words)
    _check_spans(text, published)
    for m in find_dates(text, published):
        assert m.when.end is None or m.when.end >= m.when.start


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"seed report not found at {SEED} (the shared folder sits beside the repo)")
    return SEED.read_text(encoding="utf-8")


def _resolved(text: str, published: dt.date) -> dict[str, When]:
    return {text[m.start : m.end]: m.when for m in find_dates(text, published)}


def test_seed_report_dates_resolve_against_its_publication(seed_text):
    found = _resolved(seed_text, WED)
    assert found["last November"].iso() == "2016-11"
    assert found["last November"].precision is Precision.MONTH
    assert found["12:01 am on Wednesday"].iso() == "2017-03-08T00:01"
    assert found["12:01 am on Wednesday"].precision is Precision.MINUTE
    assert found["October\u00a026, 2016"].iso() == "2016-10-26"
    assert found["Last month"].iso() == "2017-02"
    since = found["since the August agreement"]
    assert (since.iso(), since.precision, since.open_ended) == ("2016-08", Precision.MONTH, True)
    # "In August" at the start of the editor's note: the mention is the month name itself
    start = seed_text.index("In August") + len("In ")
    in_august = [m for m in find_dates(seed_text, WED) if m.start == start]
    assert [m.when.iso() for m in in_august] == ["2016-08"]
    morning = found["just after midnight on Wednesday morning"]
    assert (morning.iso(), morning.precision) == ("2017-03-08", Precision.DAY)
    _check_spans(seed_text, WED)


def test_eval_texts_give_well_formed_mentions():
    import json

    files = sorted(EVAL_DEV.glob("*.json")) if EVAL_DEV.exists() else []
    if not files:
        pytest.skip(f"evaluation set not found at {EVAL_DEV}")
    for path in files:
        doc = json.loads(path.read_text(encoding="utf-8"))
        _check_spans(doc["text"], dt.date.fromisoformat(doc["published"]))


def test_a_time_or_range_never_joins_a_date_across_a_blank_line() -> None:
    text = "May 3, 2021 - 09:40\n\nOn Monday the envoy arrived."
    mentions = find_dates(text, dt.date(2021, 5, 3))
    assert all("\n\n" not in text[m.start : m.end] for m in mentions)
    assert any(text[m.start : m.end] == "Monday" and m.when.iso() == "2021-05-03" for m in mentions)


@pytest.mark.parametrize(
    ("opening", "day"),
    [
        ("Daily report, 3 March 2022. The monitors recorded shelling.", dt.date(2022, 3, 3)),
        ("North Kivu: Flash Update No. 4 (as of 14 May 2024)\n\nFighting went on.", dt.date(2024, 5, 14)),
        ("Situation report\n\nFighting in the town since 2019 has displaced thousands.", None),
        ("Weekly update, 1-7 May 2024. Clashes went on.", None),  # a range names no one day
    ],
)
def test_a_report_s_own_day_is_its_opening_s_first_single_date(opening: str, day: dt.date | None) -> None:
    from trucewatch.extract.dates import opening_date

    assert opening_date(opening) == day


def test_a_report_with_no_publication_date_reads_relative_dates_from_its_opening() -> None:
    from trucewatch.extract.pipeline import extract_document

    text = "Flash update (as of 14 May 2024)\n\nOn 11 May, artillery shelling hit Kuzu camp, injuring 12."
    (claim,) = extract_document("u", text, None).claims
    assert claim.when is not None and claim.when.start.date() == dt.date(2024, 5, 11)
    # a publication date, when there is one, is what the report is read from
    (dated,) = extract_document("u", text, dt.date(2025, 6, 1)).claims
    assert dated.when is not None and dated.when.start.date() == dt.date(2025, 5, 11)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("On 11 May, shelling hit the camp. On the same day, a drone struck the clinic.", ["05-11", "05-11"]),
        (
            "Talks opened on 3 May. Two days later, the sides agreed. The next day, fighting resumed.",
            ["05-03", "05-05", "05-06"],
        ),
        (
            "The convoy reached the town on 9 May; a day earlier, guards had turned it back.",
            ["05-09", "05-08"],
        ),
        ("في 11 أيار قصفت المدفعية المخيم، وفي اليوم التالي استهدفت طائرة المشفى.", ["05-11", "05-12"]),
        ("The truce began on 2 May. Since that day, no shell has fallen.", ["05-02"]),  # a period, not a day
        ("On the same day, a drone struck the clinic.", []),  # nothing to count from
    ],
)
def test_a_day_told_from_the_date_before_it_counts_from_that_date(text: str, days: list[str]) -> None:
    found = find_dates(text, dt.date(2024, 5, 14))
    assert [m.when.iso()[5:] for m in found if m.when.precision is Precision.DAY] == days


@pytest.mark.parametrize(
    ("text", "expected"),
    [  # synthetic
        # a state the report says has gone on that long began then, and goes on
        ("The town has been under siege for 18 months.", ("for 18 months", "2015-09", True)),
        ("The army has blockaded the town for six weeks.", ("for six weeks", "2017-01-25", True)),
        # a length to come, or one denied, dates nothing
        ("The truce will last for six months.", None),
        ("The crossing has not been closed for a single day.", None),
        ("The army has extended the truce for two months.", None),
        ("The army has announced a daily pause for four hours.", None),
    ],
)
def test_a_state_that_has_lasted_a_while_began_that_long_before_the_report(
    text: str, expected: tuple[str, str, bool] | None
) -> None:
    found = [(text[d.start : d.end], d.when.iso(), d.when.open_ended) for d in find_dates(text, WED)]
    assert found == ([expected] if expected else [])
