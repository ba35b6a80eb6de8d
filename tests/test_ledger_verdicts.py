"""Ceasefire verdicts by interval logic, ends from stated durations, status, and fair comparisons.

Hand-built claims about invented reports; dates and words are our own.
"""

from __future__ import annotations

import datetime as dt

from trucewatch.ledger import DocInfo, ceasefire_ledger, propose_ceasefires
from trucewatch.model import ActorRole, Ceasefire, Claim, EventType, Precision, Role, Span, When

WAER = frozenset({"waer"})
GOV = "Syrian government"
MIDNIGHT = When(dt.datetime(2017, 3, 8, 0, 1), Precision.MINUTE)


def month(year: int, m: int) -> When:
    return When(dt.datetime(year, m, 1), Precision.MONTH)


def day(text: str) -> When:
    return When(dt.datetime.fromisoformat(text), Precision.DAY)


def attack(cid: str, when: When, doc: str = "d1", type_: EventType = EventType.ATTACK_AIRSTRIKE) -> Claim:
    return Claim(
        type_,
        doc,
        (Span(doc, 0, 10),),
        when,
        place_id="waer",
        actors=(ActorRole(GOV, Role.PERPETRATOR),),
        id=cid,
    )


def docs(**published: str) -> dict[str, DocInfo]:
    return {doc: DocInfo(dt.date.fromisoformat(day_), "Outlet") for doc, day_ in published.items()}


def test_an_attack_dated_to_a_month_wholly_inside_the_ceasefire_is_a_violation():
    cf = Ceasefire(start=day("2017-01-31"), place_id="waer")
    claims = [attack("feb", month(2017, 2), doc="march-report")]
    led = ceasefire_ledger(
        cf, claims, scope=WAER, as_of=dt.date(2017, 3, 10), docs=docs(**{"march-report": "2017-03-02"})
    )
    assert [h.claim_ids for h in led.violations] == [("feb",)]
    assert led.status == "violated"
    assert led.not_dated_to_a_day == 1 and led.per_day == ()  # never placed on a day it may not be
    assert led.by_perpetrator == ((GOV, 1),)


def test_an_attack_dated_to_the_month_before_is_no_violation_and_one_straddling_the_start_is_possible():
    cf = Ceasefire(start=MIDNIGHT, place_id="waer")
    claims = [
        attack("february", month(2017, 2), doc="first"),
        attack("march", month(2017, 3), doc="later"),  # "this month", in a report of 20 March
    ]
    led = ceasefire_ledger(
        cf, claims, scope=WAER, as_of=dt.date(2017, 3, 20), docs=docs(first="2017-03-08", later="2017-03-20")
    )
    assert led.violations == ()
    assert [h.claim_ids for h in led.possible] == [("march",)]
    assert led.status == "holding"
    assert led.verdict_text() == "holding: no violation reported in 13 days, 1 possible"


def test_an_attack_in_the_start_month_reported_on_the_first_day_is_possible_not_set_aside():
    # "Shelling in March", reported on 8 March, lies in 1-8 March: it may predate the 00:01 start.
    cf = Ceasefire(start=MIDNIGHT, place_id="waer")
    led = ceasefire_ledger(
        cf,
        [attack("march", month(2017, 3))],
        scope=WAER,
        as_of=dt.date(2017, 3, 9),
        docs=docs(d1="2017-03-08"),
    )
    assert [h.claim_ids for h in led.possible] == [("march",)] and led.violations == ()


def test_a_stated_duration_ends_the_ceasefire_and_its_verdict_says_ended():
    two_days = When(dt.datetime(2017, 3, 8, 0, 1), Precision.MINUTE, end=dt.datetime(2017, 3, 10, 0, 1))
    start = Claim(EventType.CEASEFIRE_START, "d1", (Span("d1", 0, 10),), two_days, place_id="waer", id="cf")
    [cf] = propose_ceasefires([start])
    assert cf.end is not None and cf.end.iso() == "2017-03-10T00:01"
    assert cf.start.end is None  # the start is its first instant, not the whole truce
    claims = [attack("after", day("2017-03-15"), doc="d2"), attack("during", day("2017-03-09"), doc="d2")]
    led = ceasefire_ledger(cf, claims, scope=WAER, as_of=dt.date(2026, 1, 1), docs=docs(d2="2017-03-16"))
    assert led.status == "ended" and not led.in_force
    assert [h.claim_ids for h in led.violations] == [("during",)]
    assert led.days == 3 and led.verdict_text() == "ended 2017-03-10T00:01; 1 violation"


def test_a_truce_whose_words_give_its_length_ends_after_it():
    text = "SYNTHETIC. A 48-hour truce took effect in the district at noon on Wednesday."
    start = Claim(
        EventType.CEASEFIRE_START,
        "d1",
        (Span("d1", 0, len(text)),),
        When(dt.datetime(2017, 3, 8, 12, 0), Precision.MINUTE),
        place_id="waer",
    )
    [cf] = propose_ceasefires([start], texts={"d1": text})
    assert cf.end is not None and cf.end.iso() == "2017-03-10T12:00"


def test_a_reported_end_ends_the_ceasefire():
    claims = [
        Claim(EventType.CEASEFIRE_START, "d1", (Span("d1", 0, 5),), MIDNIGHT, place_id="waer", id="s"),
        Claim(EventType.CEASEFIRE_END, "d2", (Span("d2", 0, 5),), day("2017-03-12"), place_id="waer", id="e"),
    ]
    [cf] = propose_ceasefires(claims)
    led = ceasefire_ledger(cf, [], scope=WAER, as_of=dt.date(2017, 3, 13))
    assert led.status == "ended" and led.ceasefire.end == day("2017-03-12")


def test_with_no_report_for_longer_than_the_staleness_window_the_status_is_unknown():
    cf = Ceasefire(start=MIDNIGHT, place_id="waer")
    quiet = [attack("before", day("2017-03-01"), doc="d1")]
    known = docs(d1="2017-03-08")
    led = ceasefire_ledger(cf, quiet, scope=WAER, as_of=dt.date(2027, 3, 8), docs=known)
    assert led.status == "unknown" and led.stale and led.last_report == dt.date(2017, 3, 8)
    assert led.verdict_text() == "unknown: no reports since 2017-03-08"
    fresh = ceasefire_ledger(cf, quiet, scope=WAER, as_of=dt.date(2017, 3, 22), docs=known)
    assert fresh.status == "holding"  # 14 days: still within the window
    wide = ceasefire_ledger(cf, quiet, scope=WAER, as_of=dt.date(2017, 4, 1), docs=known, stale_days=30)
    assert wide.status == "holding"


def test_before_and_after_are_compared_over_equal_windows_with_month_attacks_apportioned():
    # On its first day the ceasefire is compared with the 30 days before it: bombing "last month"
    # (February) falls partly in that window (6 February on), so it counts as 0-1, about 0.8.
    cf = Ceasefire(start=MIDNIGHT, place_id="waer")
    claims = [attack("last-month", month(2017, 2)), attack("last-week", day("2017-03-01"))]
    led = ceasefire_ledger(cf, claims, scope=WAER, as_of=dt.date(2017, 3, 8), docs=docs(d1="2017-03-08"))
    assert led.compare_days == 30
    assert (led.before.count, led.before.possible) == (1, 1)
    assert round(led.before.apportioned, 2) == round(1 + (23 * 24 * 60 - 1) / (28 * 24 * 60), 2)
    assert led.before.text() == "1–2 (≈1.8)"
    assert (led.after.count, led.after.possible, led.after.text()) == (0, 0, "0")
    assert led.after.end == dt.datetime(2017, 3, 9)  # known up to the end of the as-of day only


def test_a_ceasefire_lists_its_attacks_in_one_order_whatever_order_its_claims_come_in():
    # a stored ledger refreshed from a few claims and one computed from all read them in
    # different orders: both must list the same attacks, each with its reports, alike
    cf = Ceasefire(start=MIDNIGHT, place_id="waer")
    shelling = EventType.ATTACK_SHELLING
    claims = [
        attack("strike", day("2017-03-10")),
        attack("shells", day("2017-03-10"), type_=shelling),  # the same day and place: a tie
        attack("shells-again", day("2017-03-10"), doc="d2", type_=shelling),  # that shelling, retold
        attack("early", day("2017-03-01")),
        attack("early-shells", day("2017-03-01"), type_=shelling),  # a tie before the start
    ]
    first, *others = (
        ceasefire_ledger(cf, order, scope=WAER, as_of=dt.date(2017, 3, 12))
        for order in (claims, claims[::-1], claims[2:] + claims[:2])
    )
    assert others == [first, first]
    assert [h.claim_ids for h in first.violations] == [("shells", "shells-again"), ("strike",)]
    assert [h.claim_ids for h in first.before.violations] == [("early",), ("early-shells",)]
