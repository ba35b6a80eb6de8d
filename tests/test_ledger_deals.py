"""One agreement per deal; forecasts are terms, not deliveries; deliveries are dated batches or totals.

Synthetic reports in our own words. Pure proposals over hand-built claims, and
the service over a real SQLite file where the words of the evidence matter.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from databases import migrated_sqlite
from trucewatch import ledger_service as service
from trucewatch import store
from trucewatch.ledger import DocInfo, propose_agreements
from trucewatch.model import (
    ActionKind,
    Claim,
    Document,
    EventType,
    Place,
    Precision,
    Qualifier,
    Quantity,
    QuantityKind,
    Source,
    Span,
    When,
)

PARENTS = {"sy": None, "homs": "sy", "waer": "homs", "madaya": "sy"}
PLACES = [
    Place("Syria", kind="country", id="sy"),
    Place("Homs", kind="city", parent_id="sy", id="homs"),
    Place("Waer", kind="neighbourhood", parent_id="homs", id="waer"),
]


def day(text: str) -> When:
    return When(dt.datetime.fromisoformat(text), Precision.DAY)


def deal(cid: str, when: When | None, place: str, doc: str, **kw: object) -> Claim:
    return Claim(
        EventType.AGREEMENT_REACHED,
        doc,
        (Span(doc, 0, 10),),
        when,
        place=place.title(),
        place_id=place,
        id=cid,
        **kw,  # type: ignore[arg-type]
    )


DOCS = {
    "early": DocInfo(dt.date(2017, 3, 8), "Early outlet"),
    "wire": DocInfo(dt.date(2017, 3, 18), "Wire"),
    "daily": DocInfo(dt.date(2017, 3, 19), "Daily"),
    "weekly": DocInfo(dt.date(2017, 3, 20), "Weekly"),
    "before": DocInfo(dt.date(2017, 3, 10), "Before outlet"),
}


def test_reports_naming_a_district_or_its_city_on_close_dates_make_one_agreement():
    claims = [
        deal("august", When(dt.datetime(2016, 8, 1), Precision.MONTH), "waer", "early"),
        deal("on-13", day("2017-03-13"), "waer", "wire", quantities=(Quantity(QuantityKind.PEOPLE, 1500),)),
        deal("monday", day("2017-03-13"), "homs", "daily"),  # "on Monday", naming the city
        deal("week", day("2017-03-14"), "waer", "weekly"),  # another report's dating, a day off
        deal("undated", None, "waer", "daily"),  # "the agreement", no date of its own
    ]
    found = propose_agreements(claims, parents=PARENTS, docs=DOCS)
    by_date = {a.reached.iso() if a.reached else None: a for a in found}
    assert sorted(by_date, key=str) == ["2016-08", "2017-03-13"]
    march = by_date["2017-03-13"]
    assert march.place_id == "waer" and march.title == "Agreement in Waer, 2017-03-13"
    assert set(march.claim_ids) == {"on-13", "monday", "week", "undated"}
    assert by_date["2016-08"].claim_ids == ("august",)


def test_an_undated_report_of_a_deal_joins_the_latest_deal_it_could_have_known():
    claims = [
        deal("august", When(dt.datetime(2016, 8, 1), Precision.MONTH), "waer", "early"),
        deal("march", day("2017-03-13"), "waer", "wire"),
        deal("undated", None, "waer", "before"),  # published 10 March: before the 13 March deal
    ]
    found = {
        a.reached.iso(): a.claim_ids
        for a in propose_agreements(claims, parents=PARENTS, docs=DOCS)
        if a.reached
    }
    assert found == {"2016-08": ("august", "undated"), "2017-03-13": ("march",)}


def test_deals_far_apart_or_in_unrelated_places_stay_apart():
    claims = [
        deal("one", day("2017-03-13"), "waer", "wire"),
        deal("two", day("2017-04-20"), "waer", "wire"),
        deal("three", day("2017-03-13"), "madaya", "wire"),
    ]
    assert len(propose_agreements(claims, parents=PARENTS, docs=DOCS)) == 3


# --- over a store: the evidence's words say what was done and what is only expected ------------


def add_report(
    s: store.Store, text: str, published: dt.date, claims: list[tuple[str, EventType, When | None, dict]]
) -> None:
    with s.session() as session:
        store.upsert_places(session, PLACES)
        doc = Document(
            text, hashlib.sha256(text.encode()).hexdigest(), published=published, source=Source("Wire")
        )
        doc_id, _ = store.add_document(session, doc)
        built = []
        for words, type_, when, fields in claims:
            at = text.index(words)
            quantities = tuple(
                Quantity(kind, value, qualifier, Span(doc_id, at, at + len(words)))
                for kind, value, qualifier in fields.pop("figures", ())
            )
            built.append(
                Claim(
                    type_,
                    doc_id,
                    (Span(doc_id, at, at + len(words)),),
                    when,
                    place="Waer",
                    place_id="waer",
                    quantities=quantities,
                    **fields,
                )
            )
        store.replace_claims(session, doc_id, "test", "1", built)


@pytest.fixture
def db(tmp_path) -> store.Store:
    s = store.open_store(migrated_sqlite(tmp_path / "deals.db"))
    yield s
    s.close()


def test_forecast_departures_are_terms_and_expectations_not_deliveries(db):
    deal_words = "The two sides signed a deal on Monday for 1,500 people to leave the district."
    expected = "The governor said he expected 1,500 people to depart on Saturday."
    would = "Up to 15,000 residents would evacuate over the coming weeks, activists said."
    done = "On Saturday buses carried 300 people out of the district."
    add_report(
        db,
        f"SYNTHETIC. {deal_words} {expected} {would} {done}",
        dt.date(2017, 3, 19),
        [
            (
                deal_words,
                EventType.AGREEMENT_REACHED,
                day("2017-03-13"),
                {"figures": [(QuantityKind.PEOPLE, 1500, Qualifier.EXACT)]},
            ),
            (
                expected,
                EventType.EVACUATION,
                day("2017-03-18"),
                {"figures": [(QuantityKind.PEOPLE, 1500, Qualifier.EXACT)]},
            ),
            (
                would,
                EventType.EVACUATION,
                None,
                {"figures": [(QuantityKind.PEOPLE, 15000, Qualifier.LESS_THAN)]},
            ),
            (
                done,
                EventType.EVACUATION,
                day("2017-03-18"),
                {"figures": [(QuantityKind.PEOPLE, 300, Qualifier.EXACT)]},
            ),
        ],
    )
    with db.session() as session:
        [ledger] = service.agreement_ledgers(session, as_of=dt.date(2017, 3, 20))
    [evacuate] = ledger.compliance
    assert (evacuate.commitment.action, evacuate.target) == (ActionKind.EVACUATE, 1500)
    assert (evacuate.delivered, evacuate.disputed) == (300, False)  # not "disputed: up to 15,000"
    assert sorted(d.text() for d in evacuate.expected) == ["1,500", "≤ 15,000"]
    assert [
        (d.happening.when.iso() if d.happening.when else None, d.text(), d.mood.value)
        for d in evacuate.deliveries
    ] == [("2017-03-18", "300", "done")]


def test_a_total_so_far_is_not_a_batch_and_every_batch_keeps_its_date(db):
    batch = "Thirty detainees were freed on Monday."
    total = "The regime has only released 194 of the detainees since the August deal."
    add_report(
        db,
        "SYNTHETIC. In August the sides agreed that 7,300 detainees would go free.",
        dt.date(2017, 2, 1),
        [
            (
                "the sides agreed",
                EventType.AGREEMENT_REACHED,
                When(dt.datetime(2016, 8, 1), Precision.MONTH),
                {"figures": [(QuantityKind.DETAINEES, 7300, Qualifier.MORE_THAN)]},
            )
        ],
    )
    add_report(
        db,
        f"SYNTHETIC. {batch}",
        dt.date(2017, 2, 28),
        [
            (
                batch,
                EventType.DETAINEES_RELEASED,
                day("2017-02-27"),
                {"figures": [(QuantityKind.DETAINEES, 30, Qualifier.EXACT)]},
            )
        ],
    )
    add_report(
        db,
        f"SYNTHETIC. {total}",
        dt.date(2017, 3, 8),
        # dated to the report's day, as an extractor reading "has released" may do
        [
            (
                total,
                EventType.DETAINEES_RELEASED,
                day("2017-03-08"),
                {"figures": [(QuantityKind.DETAINEES, 194, Qualifier.EXACT)]},
            )
        ],
    )
    with db.session() as session:
        [ledger] = service.agreement_ledgers(session, as_of=dt.date(2017, 3, 8))
    [release] = ledger.compliance
    assert release.delivered == 194  # the total so far includes the thirty: not 224
    assert [
        (d.happening.when.iso() if d.happening.when else None, d.text(), d.mood.value)
        for d in release.deliveries
    ] == [
        ("2017-02-27", "30", "done"),
        ("2017-03-08", "194", "total"),
    ]
