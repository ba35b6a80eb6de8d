"""The ledger over a real database: hand-built claims stored, then read back by the service."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from trucewatch import ledger_service as service
from trucewatch import store
from trucewatch.ledger.agreements_file import AgreementFileError
from trucewatch.model import (
    ActionKind,
    Actor,
    ActorKind,
    ActorRole,
    Claim,
    Document,
    EventType,
    Place,
    Precision,
    Quantity,
    QuantityKind,
    Role,
    Source,
    Span,
    Status,
    When,
)

GOV = "Syrian government"
REBELS = "Waer rebels"
PLACES = [
    Place("Syria", kind="country", id="sy"),
    Place("Homs", kind="city", parent_id="sy", id="homs"),
    Place("Waer", kind="neighbourhood", parent_id="homs", alternate_names=("al-Waer",), id="waer"),
    Place("Madaya", kind="town", parent_id="sy", id="madaya"),
]
SAMPLE = Path(__file__).resolve().parents[1] / "src" / "trucewatch" / "samples" / "agreements-demo.yaml"


def _doc(text: str, published: dt.date, source: str) -> Document:
    return Document(
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        published=published,
        source=Source(source),
    )


def _claim(doc_id: str, text: str, word: str, type_: EventType, when: When | None, **kw: object) -> Claim:
    start = text.index(word)
    return Claim(
        type=type_, document_id=doc_id, evidence=(Span(doc_id, start, start + len(word)),), when=when, **kw
    )  # type: ignore[arg-type]


# Synthetic report text (our own words), with the figures of the seed example.
REPORT = (
    "SYNTHETIC TEST REPORT. In August the two sides agreed a deal; detainees were to be freed. "
    "Fighters have left since then. Prisoners freed so far: few. A bilateral truce began at 00:01. "
    "The last convoy arrived in October. About fifty thousand people live there."
)


def seed_waer(s: store.Store) -> None:
    """Places, actors, and one synthetic report's hand-built claims (the seed figures)."""
    with s.session() as session:
        store.upsert_places(session, PLACES)
        store.upsert_actors(
            session,
            [
                Actor(GOV, ActorKind.STATE, side="government"),
                Actor(REBELS, ActorKind.REBEL, side="opposition"),
            ],
        )
        doc_id, _ = store.add_document(session, _doc(REPORT, dt.date(2017, 3, 8), "Test outlet"))
        since_aug = When(dt.datetime(2016, 8, 1), Precision.MONTH, open_ended=True)
        claims = [
            _claim(
                doc_id,
                REPORT,
                "agreed a deal",
                EventType.AGREEMENT_REACHED,
                When(dt.datetime(2016, 8, 1), Precision.MONTH),
                place="Waer",
                place_id="waer",
                actors=(ActorRole(REBELS, Role.PARTY), ActorRole(GOV, Role.PARTY)),
                quantities=(Quantity(QuantityKind.DETAINEES, 7300),),
            ),
            _claim(
                doc_id,
                REPORT,
                "Fighters have left",
                EventType.EVACUATION,
                since_aug,
                place="Waer",
                place_id="waer",
                quantities=(Quantity(QuantityKind.FIGHTERS, 600),),
            ),
            _claim(
                doc_id,
                REPORT,
                "Prisoners freed",
                EventType.DETAINEES_RELEASED,
                since_aug,
                place="Waer",
                place_id="waer",
                quantities=(Quantity(QuantityKind.DETAINEES, 194),),
            ),
            _claim(
                doc_id,
                REPORT,
                "bilateral truce",
                EventType.CEASEFIRE_START,
                When(dt.datetime(2017, 3, 8, 0, 1), Precision.MINUTE),
                place="Waer",
                place_id="waer",
                actors=(ActorRole(GOV, Role.PARTY), ActorRole(REBELS, Role.PARTY)),
            ),
            _claim(
                doc_id,
                REPORT,
                "last convoy",
                EventType.AID_DELIVERED,
                When(dt.datetime(2016, 10, 26), Precision.DAY),
                place="Waer",
                place_id="waer",
            ),
            _claim(
                doc_id,
                REPORT,
                "people live there",
                EventType.SIEGE_IMPOSED,
                None,
                place="Waer",
                place_id="waer",
                actors=(ActorRole(GOV, Role.PERPETRATOR),),
                quantities=(Quantity(QuantityKind.RESIDENTS, 50000),),
            ),
        ]
        store.replace_claims(session, doc_id, "test", "1", claims)


@pytest.fixture
def db(store_url: str) -> store.Store:
    s = store.open_store(store_url)
    seed_waer(s)
    yield s
    s.close()


AS_OF = dt.date(2017, 3, 8)


def test_proposed_agreement_from_stored_claims_shows_compliance(db):
    with db.session() as session:
        [ledger] = service.agreement_ledgers(session, as_of=AS_OF)
    assert ledger.agreement.status == Status.PROPOSED and ledger.agreement.place_id == "waer"
    rows = {c.commitment.action: c for c in ledger.compliance}
    release = rows[ActionKind.RELEASE_DETAINEES]
    assert (release.delivered, release.target, release.status.value) == (194, 7300, "partial")
    assert f"{release.share:.1%}" == "2.7%"
    assert release.commitment.obligated == GOV
    assert [f.source for f in release.by_source] == ["Test outlet"]
    assert (
        rows[ActionKind.EVACUATE].delivered == 600
        and rows[ActionKind.EVACUATE].commitment.obligated == REBELS
    )


def test_confirming_a_proposal_stores_it_and_keeps_its_id(db):
    with db.session() as session:
        [proposal] = service.all_agreements(session)
        service.confirm_agreement(session, proposal.id)
    with db.session() as session:
        [agreement] = service.all_agreements(session)
        assert agreement.id == proposal.id and agreement.status == Status.CONFIRMED
        assert store.get_agreement(session, proposal.id) is not None
        ledger = service.agreement_ledger_for(session, proposal.id, as_of=AS_OF)
    assert {c.commitment.id for c in ledger.compliance} == {c.id for c in proposal.commitments}


AUGUST_DEAL_YAML = """
agreements:
  - id: waer-2016-08
    kind: local_truce
    title: Waer deal of August 2016
    reached: 2016-08
    place: al-Waer
    parties: [Syrian government, Waer rebels]
    commitments:
      - {obligated: Syrian government, action: release_detainees, target: 7300, unit: detainees}
      - {obligated: Syrian government, action: release_detainees, target: 7300, deadline: 2016-12-31}
"""


def test_loading_a_file_resolves_the_place_and_computes_compliance(db, tmp_path):
    path = tmp_path / "deal.yaml"
    path.write_text(AUGUST_DEAL_YAML)
    with db.session() as session:
        assert service.load_agreements(session, path) == ["waer-2016-08"]
    with db.session() as session:
        ledger = service.agreement_ledger_for(session, "waer-2016-08", as_of=AS_OF)
        # The analyst's record for Waer, August 2016 settles the proposal read off the report.
        assert [a.id for a in service.all_agreements(session)] == ["waer-2016-08"]
    assert ledger.agreement.place_id == "waer" and ledger.agreement.status == Status.CONFIRMED
    assert [(c.delivered, c.status.value) for c in ledger.compliance] == [(194, "partial"), (194, "overdue")]


def test_the_demo_agreements_file_loads_into_a_store(db):
    with db.session() as session:
        [agreement_id] = service.load_agreements(session, SAMPLE)
        assert store.get_agreement(session, agreement_id) is not None


def test_unknown_place_in_a_file_names_the_field(db, tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("agreements:\n  - kind: other\n    title: x\n    place: Atlantis\n")
    with db.session() as session, pytest.raises(AgreementFileError, match=r"agreements\.0\.place"):
        service.load_agreements(session, path)


def test_ceasefire_and_siege_are_proposed_from_stored_claims(db):
    with db.session() as session:
        [cf] = service.ceasefire_ledgers(session, as_of=AS_OF)
        [siege] = service.siege_ledgers(session, as_of=AS_OF)
        by_name = service.siege_ledger_for(session, "al-Waer", as_of=AS_OF)
    assert cf.ceasefire.cf_class is not None and cf.ceasefire.cf_class.value == "bilateral"
    assert cf.ceasefire.coverage == "local"
    assert (cf.period.count, cf.days_without_violation) == (0, 1)
    assert siege.siege.besieger == GOV
    assert (siege.days_since_last_delivery, [p.value for p in siege.population]) == (133, [50000])
    assert by_name.siege.id == siege.siege.id


def _attack_report(db: store.Store, text: str, place_id: str, day: dt.date) -> None:
    with db.session() as session:
        doc_id, _ = store.add_document(session, _doc(text, day, "Follow-up outlet"))
        claim = _claim(
            doc_id,
            text,
            "shelled",
            EventType.ATTACK_SHELLING,
            When(dt.datetime.combine(day, dt.time()), Precision.DAY),
            place_id=place_id,
            actors=(ActorRole(GOV, Role.PERPETRATOR),),
        )
        store.replace_claims(session, doc_id, "test", "1", [claim])


def test_violation_in_a_neighbourhood_counts_for_a_city_ceasefire(db):
    from trucewatch.model import Ceasefire

    with db.session() as session:
        store.save_ceasefire(
            session,
            Ceasefire(
                start=When(dt.datetime(2017, 3, 8), Precision.DAY),
                place_id="homs",
                status=Status.CONFIRMED,
                id="cf_city",
            ),
        )
    _attack_report(db, "SYNTHETIC: the district was shelled today.", "waer", dt.date(2017, 3, 10))
    with db.session() as session:
        city = service.ceasefire_ledger_for(session, "cf_city", as_of=dt.date(2017, 3, 12))
        ledgers = {c.ceasefire.id: c for c in service.ceasefire_ledgers(session, as_of=dt.date(2017, 3, 12))}
    assert city.period.count == 1 and city.by_perpetrator == ((GOV, 1),)
    assert ledgers["cf_city"].period.count == 1


def test_rejected_proposal_is_no_longer_listed(db):
    import dataclasses

    with db.session() as session:
        [proposal] = service.all_agreements(session)
        store.save_agreement(session, dataclasses.replace(proposal, status=Status.REJECTED))
    with db.session() as session:
        assert service.all_agreements(session) == []


def test_an_analysts_event_dates_an_undated_attack_and_merges_its_reports(db):
    from trucewatch.model import Event

    texts = ["SYNTHETIC: shelled, say residents.", "SYNTHETIC: the area was shelled, a medic said."]
    ids = []
    with db.session() as session:
        for i, text in enumerate(texts):
            doc_id, _ = store.add_document(session, _doc(text, dt.date(2017, 3, 11), f"Outlet {i}"))
            claim = _claim(doc_id, text, "shelled", EventType.ATTACK_SHELLING, None, place_id="waer")
            ids += store.replace_claims(session, doc_id, "test", "1", [claim])
    day = When(dt.datetime(2017, 3, 10), Precision.DAY)
    with db.session() as session:
        assert service.ceasefire_ledgers(session, as_of=dt.date(2017, 3, 12))[0].period.count == 0  # undated
        store.save_event(session, Event(EventType.ATTACK_SHELLING, tuple(ids), day, "waer", id="evt_1"))
    with db.session() as session:
        [cf] = service.ceasefire_ledgers(session, as_of=dt.date(2017, 3, 12))
    assert cf.period.count == 1 and set(cf.claim_ids) == set(ids)
    assert [d.day.isoformat() for d in cf.per_day] == ["2017-03-10"]
    with db.session() as session:
        store.save_event(
            session,
            Event(EventType.ATTACK_SHELLING, tuple(ids), day, "waer", status=Status.REJECTED, id="evt_1"),
        )
    with db.session() as session:
        assert service.ceasefire_ledgers(session, as_of=dt.date(2017, 3, 12))[0].period.count == 0


def test_confirmed_ceasefire_and_siege_replace_their_proposals(db):
    with db.session() as session:
        [cf] = service.all_ceasefires(session)
        [siege] = service.all_sieges(session)
        service.confirm_ceasefire(session, cf.id)
        service.confirm_siege(session, siege.id)
    with db.session() as session:
        assert [(c.id, c.status) for c in service.all_ceasefires(session)] == [(cf.id, Status.CONFIRMED)]
        assert [(s.id, s.status) for s in service.all_sieges(session)] == [(siege.id, Status.CONFIRMED)]
        assert store.get_ceasefire(session, cf.id) is not None
