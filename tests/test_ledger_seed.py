"""Done-when: the ledger of the seed report, read and extracted by the real pipeline into a SQLite file.

The seed report is read from the shared corpus at test time (never copied).
The follow-up report is synthetic: written here, in our own words.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from databases import migrated_sqlite
from trucewatch import ledger_service as service
from trucewatch import store
from trucewatch.extract_store import extract_and_store
from trucewatch.ingest.readers import ReadOptions
from trucewatch.ingest.run import ingest_paths
from trucewatch.model import ActionKind, Ceasefire, EventType, Precision, Status, When

REPORT_DAY = dt.date(2017, 3, 8)
FOLLOW_UP = (
    "SYNTHETIC TEST REPORT (written for trucewatch tests, not a real article)\n\n"
    "March 10, 2017\n\n"
    "Regime forces shelled the Waer district of Homs on Friday, local activists said.\n"
)


def _ingest(s: store.Store, path: Path, source: str, published: dt.date) -> tuple[int, int]:
    report = ingest_paths(s, [path], ReadOptions(source=source, published=published))
    extract_and_store(s)
    return report.added, report.duplicates


@pytest.fixture
def seeded(seed_report: Path, tmp_path: Path) -> store.Store:
    s = store.open_store(migrated_sqlite(tmp_path / "seed.db"))
    assert _ingest(s, seed_report, "Syria Direct", REPORT_DAY) == (1, 0)
    yield s
    s.close()


def _waer(session) -> str:
    return service.resolve_place(session, "Waer")


def _seed_ceasefire(session, as_of: dt.date):
    ledgers = service.ceasefire_ledgers(session, as_of=as_of)
    waer = _waer(session)
    [cf] = [lg for lg in ledgers if lg.ceasefire.place_id == waer]
    return cf


def test_seed_agreement_commitments_and_compliance(seeded):
    with seeded.session() as session:
        ledgers = service.agreement_ledgers(session, as_of=REPORT_DAY)
        waer = _waer(session)
    [ledger] = [lg for lg in ledgers if lg.agreement.place_id == waer]
    agreement = ledger.agreement
    assert agreement.status == Status.PROPOSED
    assert agreement.reached is not None and agreement.reached.iso() == "2016-08"
    rows = {c.commitment.action: c for c in ledger.compliance}
    release = rows[ActionKind.RELEASE_DETAINEES]
    assert (release.target, release.delivered) == (7300, 194)
    assert f"{release.share:.1%}" == "2.7%"
    assert release.status.value == "partial"  # no deadline was reported
    assert release.claim_ids and release.evidence
    evacuation = rows[ActionKind.EVACUATE]
    assert (evacuation.delivered, evacuation.unit.value if evacuation.unit else None) == (600, "fighters")


def test_seed_ceasefire_holds_on_its_first_day(seeded):
    with seeded.session() as session:
        cf = _seed_ceasefire(session, REPORT_DAY)
    assert cf.ceasefire.start.iso() == "2017-03-08T00:01"
    assert cf.ceasefire.start.precision == Precision.MINUTE and cf.ceasefire.end is None
    assert cf.ceasefire.cf_class is not None and cf.ceasefire.cf_class.value == "bilateral"
    assert cf.started and cf.in_force
    assert (cf.period.count, cf.days, cf.days_without_violation) == (0, 1, 1)


def test_seed_access_last_delivery_and_population(seeded):
    with seeded.session() as session:
        siege = service.siege_ledger_for(session, "Waer", as_of=REPORT_DAY)
    assert siege.last_delivery is not None and siege.last_delivery.when is not None
    assert siege.last_delivery.when.iso() == "2016-10-26"
    assert (siege.days_since_last_delivery, siege.days_since_exact) == (133, True)
    assert 50000 in [p.value for p in siege.population]
    assert all(p.source == "Syria Direct" and p.evidence for p in siege.population)


def test_follow_up_shelling_is_one_violation_however_often_it_is_ingested(seeded, tmp_path):
    path = tmp_path / "follow-up.txt"
    path.write_text(FOLLOW_UP, encoding="utf-8")
    assert _ingest(seeded, path, "Synthetic wire", dt.date(2017, 3, 10)) == (1, 0)
    with seeded.session() as session:
        shelling = service.load_claims(session, [EventType.ATTACK_SHELLING])
        first = _seed_ceasefire(session, dt.date(2017, 3, 12))
    assert len(shelling) == 1
    assert [(d.day.isoformat(), d.by_perpetrator) for d in first.per_day] == [
        ("2017-03-10", (("Syrian government", 1),))
    ]
    assert (first.days, first.days_without_violation) == (5, 4)

    # The same file again is the same document; a copy under another header is another
    # document saying the same thing: both still count once.
    assert _ingest(seeded, path, "Synthetic wire", dt.date(2017, 3, 10)) == (0, 1)
    copy = tmp_path / "follow-up-copy.txt"
    copy.write_text("Republished by a second synthetic wire.\n\n" + FOLLOW_UP, encoding="utf-8")
    assert _ingest(seeded, copy, "Second synthetic wire", dt.date(2017, 3, 10)) == (1, 0)
    with seeded.session() as session:
        again = _seed_ceasefire(session, dt.date(2017, 3, 12))
        assert len(service.load_claims(session, [EventType.ATTACK_SHELLING])) == 2
    assert again.period.count == 1 and again.by_perpetrator == (("Syrian government", 1),)
    assert len({s.document_id for s in again.evidence}) == 2  # both reports are its sources
    # Before the report was published, the ledger did not know of it.
    with seeded.session() as session:
        assert _seed_ceasefire(session, dt.date(2017, 3, 9)).period.count == 0


def test_violation_in_waer_counts_for_a_ceasefire_over_homs_city(seeded, tmp_path):
    path = tmp_path / "follow-up.txt"
    path.write_text(FOLLOW_UP, encoding="utf-8")
    _ingest(seeded, path, "Synthetic wire", dt.date(2017, 3, 10))
    with seeded.session() as session:
        waer = store.get_place(session, _waer(session))
        assert waer is not None and waer.parent_id is not None
        city = store.get_place(session, waer.parent_id)
        assert city is not None and city.kind == "city"
        store.save_ceasefire(
            session,
            Ceasefire(
                start=When(dt.datetime(2017, 3, 8), Precision.DAY),
                place_id=city.id,
                status=Status.CONFIRMED,
                id="cf_homs_city",
            ),
        )
    with seeded.session() as session:
        ledger = service.ceasefire_ledger_for(session, "cf_homs_city", as_of=dt.date(2017, 3, 12))
    assert ledger.period.count == 1 and ledger.by_perpetrator == (("Syrian government", 1),)


LATER = (
    "SYNTHETIC TEST REPORT (written for trucewatch tests, not a real article)\n\n"
    "March 18, 2017\n\n"
    "On Monday, March 13, 2017, the government and the Waer rebels reached an agreement "
    "in Waer under which 1,500 people would leave the district.\n"
    "Regime forces shelled the Waer district of Homs on Thursday, residents said.\n"
)


def test_seed_ledger_as_of_the_report_day_shows_nothing_published_later(seeded, tmp_path):
    path = tmp_path / "later.txt"
    path.write_text(LATER, encoding="utf-8")
    _ingest(seeded, path, "Synthetic wire", dt.date(2017, 3, 18))
    with seeded.session() as session:
        then = service.agreement_ledgers(session, as_of=REPORT_DAY)
        cf = _seed_ceasefire(session, REPORT_DAY)
        siege = service.siege_ledger_for(session, "Waer", as_of=REPORT_DAY)
        later = service.agreement_ledgers(session, as_of=dt.date(2017, 3, 20))
        cf_later = _seed_ceasefire(session, dt.date(2017, 3, 20))
    day_after = dt.datetime(2017, 3, 9)
    assert all(lg.agreement.reached is None or lg.agreement.reached.start < day_after for lg in then)
    # Nothing from the later report is a source as of the report day.
    later_docs = {s.document_id for lg in later for s in lg.agreement.evidence} - {
        s.document_id for lg in then for s in lg.agreement.evidence
    }
    assert later_docs and not later_docs & {s.document_id for lg in then for s in lg.agreement.evidence}
    assert not later_docs & {s.document_id for h in (*cf.violations, *cf.possible) for s in h.evidence}
    assert not later_docs & {s.document_id for h in siege.aid_log for s in h.evidence}
    # The bombing of "last month" (February) lies wholly before the ceasefire: no violation, and in
    # the 30 days before it only in part, so it is counted as a range there.
    assert cf.status.value == "holding" and cf.violations == () and cf.possible == ()
    assert cf.before.count == 0 and cf.before.possible >= 1 and 0 < cf.before.apportioned < cf.before.possible
    # The Thursday shelling (16 March) is a violation once its report is known.
    assert cf_later.status.value == "violated" and cf_later.period.count == 1
