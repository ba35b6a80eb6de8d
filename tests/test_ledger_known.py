"""What was known when: every ledger as of a day sees only the reports known by then.

Synthetic reports in our own words, stored in a real SQLite file; each claim
is built by hand on a span of its report.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import update

from databases import migrated_sqlite
from trucewatch import ledger_service as service
from trucewatch import store
from trucewatch.ledger import DocInfo, siege_ledger
from trucewatch.ledger.ceasefires import ceasefire_ledger
from trucewatch.model import (
    ActorRole,
    Ceasefire,
    Claim,
    Document,
    EventType,
    Place,
    Precision,
    Quantity,
    QuantityKind,
    Role,
    Siege,
    Source,
    Span,
    Status,
    When,
)
from trucewatch.store.tables import DocumentRow

GOV = "Syrian government"
PLACES = [
    Place("Syria", kind="country", id="sy"),
    Place("Homs", kind="city", parent_id="sy", id="homs"),
    Place("Waer", kind="neighbourhood", parent_id="homs", id="waer"),
]


def day(text: str) -> When:
    return When(dt.datetime.fromisoformat(text), Precision.DAY)


def add_report(
    s: store.Store,
    text: str,
    published: dt.date | None,
    source: str,
    claims: list[tuple[str, EventType, When | None, dict[str, object]]],
    confidential: bool = False,
) -> str:
    """Store one synthetic report and claims on words of it: (words, type, date, other fields)."""
    with s.session() as session:
        store.upsert_places(session, PLACES)
        doc = Document(
            text=text,
            content_hash=hashlib.sha256(text.encode()).hexdigest(),
            published=published,
            source=Source(source, confidential=confidential),
        )
        doc_id, _ = store.add_document(session, doc)
        built = []
        for words, type_, when, fields in claims:
            at = text.index(words)
            span = Span(doc_id, at, at + len(words))
            built.append(Claim(type_, doc_id, (span,), when, place="Waer", place_id="waer", **fields))  # type: ignore[arg-type]
        store.replace_claims(session, doc_id, "test", "1", built)
    return doc_id


@pytest.fixture
def db(tmp_path) -> store.Store:
    s = store.open_store(migrated_sqlite(tmp_path / "known.db"))
    yield s
    s.close()


def test_agreements_as_of_a_day_leave_out_deals_first_reported_later(db):
    add_report(
        db,
        "SYNTHETIC. Back in August the district's fighters agreed to a deal with the government.",
        dt.date(2017, 3, 8),
        "Early outlet",
        [
            (
                "agreed to a deal",
                EventType.AGREEMENT_REACHED,
                When(dt.datetime(2016, 8, 1), Precision.MONTH),
                {},
            )
        ],
    )
    add_report(
        db,
        "SYNTHETIC. A new settlement for the district was signed on Monday the thirteenth.",
        dt.date(2017, 3, 18),
        "Late outlet",
        [("settlement for the district was signed", EventType.AGREEMENT_REACHED, day("2017-03-13"), {})],
    )
    with db.session() as session:
        early = service.agreement_ledgers(session, as_of=dt.date(2017, 3, 8))
        late = service.agreement_ledgers(session, as_of=dt.date(2017, 3, 20))
        ids = {lg.agreement.reached.iso(): lg.agreement.id for lg in late if lg.agreement.reached}
        with pytest.raises(service.LedgerError, match="not known as of 2017-03-08"):
            service.agreement_ledger_for(session, ids["2017-03-13"], as_of=dt.date(2017, 3, 8))
    assert [lg.agreement.reached.iso() for lg in early if lg.agreement.reached] == ["2016-08"]
    assert sorted(ids) == ["2016-08", "2017-03-13"]


def test_a_siege_is_read_only_from_reports_known_by_the_day(db):
    add_report(
        db,
        "SYNTHETIC. The district has been encircled by the army since late 2013, residents say.",
        dt.date(2017, 3, 20),
        "Late outlet",
        [
            (
                "encircled by the army",
                EventType.SIEGE_IMPOSED,
                When(dt.datetime(2013, 1, 1), Precision.YEAR, open_ended=True),
                {"actors": (ActorRole(GOV, Role.PERPETRATOR),)},
            )
        ],
    )
    with db.session() as session:
        before = service.siege_ledger_for(session, "Waer", as_of=dt.date(2017, 3, 8))
        after = service.siege_ledger_for(session, "Waer", as_of=dt.date(2017, 3, 20))
        listed = service.siege_ledgers(session, as_of=dt.date(2017, 3, 8))
    assert (before.siege.since, before.days_besieged, listed) == (None, None, [])
    # Since "2013": at least from 31 December 2013, at most from 1 January.
    assert (after.days_besieged, after.days_besieged_max) == (1175, 1539)
    assert after.days_besieged_text() == "at least 1,175 days (1,175–1,539)"


def test_a_report_without_a_date_is_known_from_the_day_it_was_ingested(db):
    doc_id = add_report(
        db,
        "SYNTHETIC. Mortars hit the district on Friday, a medic said.",
        None,
        "Undated wire",
        [("Mortars hit the district", EventType.ATTACK_SHELLING, day("2017-03-10"), {})],
    )
    with db.session() as session:
        session.execute(
            update(DocumentRow)
            .where(DocumentRow.id == doc_id)
            .values(ingested_at=dt.datetime(2017, 3, 11, 9))
        )
        store.save_ceasefire(
            session,
            Ceasefire(start=day("2017-03-08"), place_id="waer", status=Status.CONFIRMED, id="cf_waer"),
        )
    with db.session() as session:
        unknown = service.ceasefire_ledger_for(session, "cf_waer", as_of=dt.date(2017, 3, 10))
        known = service.ceasefire_ledger_for(session, "cf_waer", as_of=dt.date(2017, 3, 11))
    assert (unknown.period.count, known.period.count) == (0, 1)


def test_later_reports_of_a_known_release_are_not_its_sources_yet(db):
    words = "forty detainees walked free on Thursday"
    fields = {"quantities": (Quantity(QuantityKind.DETAINEES, 40),)}
    for published, source in ((dt.date(2017, 3, 9), "First outlet"), (dt.date(2017, 3, 20), "Second outlet")):
        add_report(
            db,
            f"SYNTHETIC report by {source}: {words}.",
            published,
            source,
            [(words, EventType.DETAINEES_RELEASED, day("2017-03-09"), fields)],
        )
    add_report(
        db,
        "SYNTHETIC. Last year the sides agreed that 400 detainees would be freed.",
        dt.date(2017, 3, 1),
        "First outlet",
        [
            (
                "sides agreed",
                EventType.AGREEMENT_REACHED,
                When(dt.datetime(2016, 1, 1), Precision.YEAR),
                {"quantities": (Quantity(QuantityKind.DETAINEES, 400),)},
            )
        ],
    )
    with db.session() as session:
        [early] = service.agreement_ledgers(session, as_of=dt.date(2017, 3, 10))
        [late] = service.agreement_ledgers(session, as_of=dt.date(2017, 3, 21))
    assert [f.source for f in early.compliance[0].by_source] == ["First outlet"]
    assert [f.source for f in late.compliance[0].by_source] == ["First outlet", "Second outlet"]
    assert early.compliance[0].delivered == late.compliance[0].delivered == 40


def test_a_siege_held_over_a_period_counts_from_the_latest_day_its_start_allows():
    # "Over the past three months" in a report of 8 March: the siege held from December 2016 on,
    # so it began on 31 December at the latest, on 1 December at the earliest.
    past_months = When(dt.datetime(2016, 12, 1), Precision.MONTH, end=dt.datetime(2017, 3, 8))
    led = siege_ledger(
        Siege(place_id="waer", since=past_months), [], scope=frozenset({"waer"}), as_of=dt.date(2017, 3, 8)
    )
    assert (led.days_besieged, led.days_besieged_max) == (67, 97)
    assert led.days_besieged_text() == "at least 67 days (67–97)"


def test_a_withheld_publication_date_leaves_the_claim_counted_by_its_own_date():
    """A reader who may not see a confidential report learns nothing from moving the as-of day."""
    cf = Ceasefire(start=day("2017-03-08"), place_id="waer")
    claim = Claim(
        EventType.ATTACK_SHELLING, "secret", (Span("secret", 0, 5),), day("2017-03-10"), place_id="waer"
    )
    withheld = {"secret": DocInfo(published=None, source="confidential source", ingested=None)}
    shown = {
        "secret": DocInfo(published=dt.date(2017, 3, 20), source="Insider", ingested=dt.date(2017, 3, 21))
    }
    scope = frozenset({"waer"})
    as_of = dt.date(2017, 3, 12)
    assert ceasefire_ledger(cf, [claim], scope=scope, as_of=as_of, docs=withheld).period.count == 1
    assert ceasefire_ledger(cf, [claim], scope=scope, as_of=as_of, docs=shown).period.count == 0


def test_api_lists_are_as_of_a_day_and_name_no_confidential_source(db):
    from api_helpers import auth, client, tokens

    add_report(
        db,
        "SYNTHETIC. Back in August the district's fighters agreed to a deal with the government.",
        dt.date(2017, 3, 8),
        "Early outlet",
        [
            (
                "agreed to a deal",
                EventType.AGREEMENT_REACHED,
                When(dt.datetime(2016, 8, 1), Precision.MONTH),
                {},
            )
        ],
    )
    add_report(
        db,
        "SYNTHETIC. A truce for the district started at midnight on Friday the seventeenth.",
        dt.date(2017, 3, 18),
        "Late outlet",
        [("truce for the district started", EventType.CEASEFIRE_START, day("2017-03-17"), {})],
    )
    add_report(
        db,
        "SYNTHETIC INTERVIEW. The district has been besieged by the army since the spring.",
        dt.date(2017, 3, 1),
        "Anonymous commander (synthetic)",
        [
            (
                "besieged by the army",
                EventType.SIEGE_IMPOSED,
                When(dt.datetime(2016, 4, 1), Precision.MONTH),
                {},
            )
        ],
        confidential=True,
    )
    toks = tokens(db)
    viewer, analyst = auth(toks["viewer"]), auth(toks["analyst"])
    with client(db) as c:
        before = c.get("/api/ceasefires?as_of=2017-03-10", headers=analyst).json()["items"]
        after = c.get("/api/ceasefires?as_of=2017-03-20", headers=analyst).json()["items"]
        early = c.get("/api/agreements?as_of=2017-03-01", headers=analyst).json()["items"]
        known = c.get("/api/agreements?as_of=2017-03-08", headers=analyst).json()["items"]
        sieges = c.get("/api/sieges?as_of=2017-03-20", headers=viewer)
    assert (len(before), len(after)) == (0, 1)
    assert (len(early), len(known)) == (0, 1)
    assert len(sieges.json()["items"]) == 1 and "Anonymous commander" not in sieges.text
