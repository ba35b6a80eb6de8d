"""The pure ledger: compliance, violations and access over hand-built claims."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from trucewatch.ledger import (
    ComplianceStatus,
    DocInfo,
    PlaceTree,
    agreement_ledger,
    ceasefire_ledger,
    group_happenings,
    propose_agreements,
    propose_ceasefires,
    propose_sieges,
    siege_ledger,
)
from trucewatch.ledger.agreements_file import AgreementFileError, load_agreements_file, parse_when
from trucewatch.ledger.compliance import agreement_ledger_of, attribute
from trucewatch.model import (
    ActionKind,
    ActorRole,
    Agreement,
    AgreementKind,
    Ceasefire,
    CeasefireClass,
    Claim,
    Commitment,
    EventType,
    Precision,
    Qualifier,
    Quantity,
    QuantityKind,
    Role,
    Siege,
    Span,
    Status,
    When,
)

TREE = PlaceTree({"syria": None, "homs": "syria", "waer": "homs", "madaya": "syria"})
WAER = TREE.scope("waer")
HOMS = TREE.scope("homs")
GOV = "Syrian government"
REBELS = "Waer rebels"


def when(text: str) -> When:
    parts = [int(p) for p in text.replace("T", "-").replace(":", "-").split("-")]
    precision = [Precision.YEAR, Precision.MONTH, Precision.DAY, Precision.HOUR, Precision.MINUTE][
        len(parts) - 1
    ]
    parts += [1] * (3 - len(parts)) if len(parts) < 3 else []
    return When(dt.datetime(*parts), precision)  # type: ignore[arg-type]


def claim(
    cid: str,
    type_: EventType,
    at: str | When | None,
    *,
    place: str | None = "waer",
    doc: str = "d1",
    actors: tuple[tuple[str, Role], ...] = (),
    qty: tuple[tuple[QuantityKind, int], ...] = (),
    qualifier: Qualifier = Qualifier.EXACT,
    event_id: str | None = None,
    status: Status = Status.PROPOSED,
) -> Claim:
    return Claim(
        type=type_,
        document_id=doc,
        evidence=(Span(doc, len(cid), len(cid) + 10),),
        when=when(at) if isinstance(at, str) else at,
        place=place,
        place_id=place,
        actors=tuple(ActorRole(a, r) for a, r in actors),
        quantities=tuple(Quantity(k, v, qualifier) for k, v in qty),
        event_id=event_id,
        status=status,
        id=cid,
    )


AUGUST_DEAL = Agreement(
    kind=AgreementKind.LOCAL_TRUCE,
    title="Waer, August 2016",
    reached=when("2016-08"),
    place_id="waer",
    parties=(GOV, REBELS),
    commitments=(
        Commitment(GOV, ActionKind.RELEASE_DETAINEES, target=7300, unit=QuantityKind.DETAINEES, id="c1"),
        Commitment(REBELS, ActionKind.EVACUATE, id="c2"),
        Commitment(GOV, ActionKind.ALLOW_AID, id="c3"),
    ),
    id="a1",
)
SINCE_AUGUST = When(dt.datetime(2016, 8, 1), Precision.MONTH, open_ended=True)


def by_id(ledger, cid):
    return next(c for c in ledger.compliance if c.commitment.id == cid)


def test_running_total_gives_share_of_target_and_partial_status():
    claims = [
        claim("r1", EventType.DETAINEES_RELEASED, SINCE_AUGUST, qty=((QuantityKind.DETAINEES, 194),)),
        claim("e1", EventType.EVACUATION, SINCE_AUGUST, qty=((QuantityKind.FIGHTERS, 600),)),
    ]
    ledger = agreement_ledger(AUGUST_DEAL, claims, scope=WAER, as_of=dt.date(2017, 3, 8))
    release = by_id(ledger, "c1")
    assert (release.delivered, release.target) == (194, 7300)
    assert round(release.share * 100, 1) == 2.7
    assert release.status == ComplianceStatus.PARTIAL
    assert release.claim_ids == ("r1",)
    assert release.evidence == claims[0].evidence
    evacuation = by_id(ledger, "c2")
    assert (evacuation.delivered, evacuation.unit) == (600, QuantityKind.FIGHTERS)
    assert evacuation.status == ComplianceStatus.PARTIAL  # no target: progress, never "met"


def test_deadline_passed_makes_commitment_overdue_and_before_it_partial():
    deal = Agreement(
        kind=AgreementKind.PRISONER_EXCHANGE,
        title="t",
        reached=when("2016-08"),
        place_id="waer",
        commitments=(
            Commitment(
                GOV,
                ActionKind.RELEASE_DETAINEES,
                7300,
                QuantityKind.DETAINEES,
                deadline=dt.date(2016, 12, 31),
            ),
        ),
    )
    claims = [claim("r1", EventType.DETAINEES_RELEASED, "2016-10-01", qty=((QuantityKind.DETAINEES, 194),))]
    assert (
        agreement_ledger(deal, claims, scope=WAER, as_of=dt.date(2017, 3, 8)).compliance[0].status
        == "overdue"
    )
    assert (
        agreement_ledger(deal, claims, scope=WAER, as_of=dt.date(2016, 11, 1)).compliance[0].status
        == "partial"
    )
    assert (
        agreement_ledger(deal, claims, scope=WAER, as_of=dt.date(2016, 9, 1)).compliance[0].status
        == "pending"
    )


def test_batches_add_up_and_target_reached_is_met():
    deal = Agreement(
        kind=AgreementKind.PRISONER_EXCHANGE,
        title="t",
        reached=when("2016-08-01"),
        place_id="waer",
        commitments=(Commitment(GOV, ActionKind.RELEASE_DETAINEES, 300, QuantityKind.DETAINEES),),
    )
    claims = [
        claim("r1", EventType.DETAINEES_RELEASED, "2016-09-01", qty=((QuantityKind.DETAINEES, 100),)),
        claim("r2", EventType.DETAINEES_RELEASED, "2016-10-01", qty=((QuantityKind.DETAINEES, 200),)),
        # Before the agreement and outside its place: neither counts.
        claim("r3", EventType.DETAINEES_RELEASED, "2016-07-01", qty=((QuantityKind.DETAINEES, 999),)),
        claim(
            "r4",
            EventType.DETAINEES_RELEASED,
            "2016-09-01",
            place="madaya",
            qty=((QuantityKind.DETAINEES, 999),),
        ),
    ]
    row = agreement_ledger(deal, claims, scope=WAER, as_of=dt.date(2017, 1, 1)).compliance[0]
    assert row.delivered == 300
    assert row.status == ComplianceStatus.MET
    assert set(row.claim_ids) == {"r1", "r2"}


def test_one_release_reported_by_two_outlets_counts_once():
    docs = {"d1": DocInfo(dt.date(2016, 9, 2), "Outlet A"), "d2": DocInfo(dt.date(2016, 9, 3), "Outlet B")}
    claims = [
        claim(
            "r1", EventType.DETAINEES_RELEASED, "2016-09-01", doc="d1", qty=((QuantityKind.DETAINEES, 100),)
        ),
        claim(
            "r2", EventType.DETAINEES_RELEASED, "2016-09-01", doc="d2", qty=((QuantityKind.DETAINEES, 100),)
        ),
    ]
    row = agreement_ledger(AUGUST_DEAL, claims, scope=WAER, as_of=dt.date(2017, 1, 1), docs=docs).compliance[
        0
    ]
    assert row.delivered == 100
    assert len(row.progress) == 1 and set(row.claim_ids) == {"r1", "r2"}
    assert [(f.source, f.delivered) for f in row.by_source] == [("Outlet A", 100), ("Outlet B", 100)]
    assert not row.disputed


def test_claims_grouped_into_one_event_count_once_even_when_figures_differ():
    claims = [
        claim(
            "r1",
            EventType.DETAINEES_RELEASED,
            "2016-09-01",
            doc="d1",
            qty=((QuantityKind.DETAINEES, 100),),
            event_id="ev1",
        ),
        claim(
            "r2",
            EventType.DETAINEES_RELEASED,
            "2016-09-02",
            doc="d2",
            qty=((QuantityKind.DETAINEES, 120),),
            event_id="ev1",
        ),
    ]
    assert len(group_happenings(claims)) == 1
    row = agreement_ledger(AUGUST_DEAL, claims, scope=WAER, as_of=dt.date(2017, 1, 1)).compliance[0]
    assert len(row.progress) == 1


def test_sources_that_disagree_are_shown_apart_and_the_lowest_sets_the_status():
    docs = {
        "gov": DocInfo(dt.date(2017, 3, 1), "State news agency"),
        "opp": DocInfo(dt.date(2017, 3, 8), "Opposition outlet"),
    }
    claims = [
        claim(
            "g", EventType.DETAINEES_RELEASED, SINCE_AUGUST, doc="gov", qty=((QuantityKind.DETAINEES, 1000),)
        ),
        claim(
            "o", EventType.DETAINEES_RELEASED, SINCE_AUGUST, doc="opp", qty=((QuantityKind.DETAINEES, 194),)
        ),
    ]
    row = agreement_ledger(AUGUST_DEAL, claims, scope=WAER, as_of=dt.date(2017, 3, 8), docs=docs).compliance[
        0
    ]
    assert {f.source: f.delivered for f in row.by_source} == {
        "State news agency": 1000,
        "Opposition outlet": 194,
    }
    assert row.disputed and (row.delivered, row.delivered_max) == (194, 1000)
    # As of a date before the opposition report, only the government figure is known.
    early = agreement_ledger(
        AUGUST_DEAL, claims, scope=WAER, as_of=dt.date(2017, 3, 2), docs=docs
    ).compliance[0]
    assert (early.delivered, early.disputed) == (1000, False)


def test_a_later_running_total_replaces_an_earlier_one_from_the_same_source():
    docs = {"d1": DocInfo(dt.date(2016, 12, 1), "S"), "d2": DocInfo(dt.date(2017, 3, 1), "S")}
    claims = [
        claim(
            "a", EventType.DETAINEES_RELEASED, SINCE_AUGUST, doc="d1", qty=((QuantityKind.DETAINEES, 100),)
        ),
        claim(
            "b", EventType.DETAINEES_RELEASED, SINCE_AUGUST, doc="d2", qty=((QuantityKind.DETAINEES, 194),)
        ),
    ]
    row = agreement_ledger(AUGUST_DEAL, claims, scope=WAER, as_of=dt.date(2017, 3, 8), docs=docs).compliance[
        0
    ]
    assert row.delivered == 194 and not row.disputed


def test_blocked_aid_by_the_obligated_party_is_a_breach():
    claims = [
        claim("d", EventType.AID_DELIVERED, "2016-10-26"),
        claim("x", EventType.ATTACK_AID, "2017-02", actors=((GOV, Role.PERPETRATOR),)),
        claim("y", EventType.AID_BLOCKED, "2017-02-03", actors=(("Someone else", Role.PERPETRATOR),)),
    ]
    row = by_id(agreement_ledger(AUGUST_DEAL, claims, scope=WAER, as_of=dt.date(2017, 3, 8)), "c3")
    assert row.status == ComplianceStatus.BREACHED
    assert [h.claim_ids for h in row.breaches] == [("x",)]
    assert row.delivered == 1  # no unit: deliveries are counted
    before = by_id(agreement_ledger(AUGUST_DEAL, claims, scope=WAER, as_of=dt.date(2017, 1, 1)), "c3")
    assert before.status == ComplianceStatus.PARTIAL


CEASEFIRE = Ceasefire(start=when("2017-03-08T00:01"), place_id="waer", parties=(GOV, REBELS), id="cf1")


def test_ceasefire_counts_violations_after_start_by_perpetrator_and_day():
    claims = [
        claim("before", EventType.ATTACK_AIRSTRIKE, "2017-03-07", actors=((GOV, Role.PERPETRATOR),)),
        claim("v1", EventType.ATTACK_SHELLING, "2017-03-10", actors=((GOV, Role.PERPETRATOR),)),
        claim("v2", EventType.ATTACK_CLASH, "2017-03-10"),
        claim("v3", EventType.ATTACK_SHELLING, "2017-03-12", actors=((GOV, Role.PERPETRATOR),)),
        claim("coarse", EventType.ATTACK_SHELLING, "2017-03"),
        claim("elsewhere", EventType.ATTACK_SHELLING, "2017-03-10", place="madaya"),
        claim("aid", EventType.AID_DELIVERED, "2017-03-10"),
    ]
    led = ceasefire_ledger(CEASEFIRE, claims, scope=WAER, as_of=dt.date(2017, 3, 12))
    assert [(d.day.isoformat(), d.by_perpetrator) for d in led.per_day] == [
        ("2017-03-10", ((GOV, 1), ("unattributed", 1))),
        ("2017-03-12", ((GOV, 1),)),
    ]
    assert led.by_perpetrator == ((GOV, 2), ("unattributed", 1))
    assert (led.days, led.days_without_violation) == (5, 3)
    assert [h.claim_ids for h in led.period.uncertain] == [("coarse",)]
    assert led.before.count == 1  # 2017-03-07 falls in the 5-day window before the start
    assert set(led.claim_ids) == {"v1", "v2", "v3"}


def test_ceasefire_without_violations_as_of_its_first_day():
    claims = [claim("feb", EventType.ATTACK_AIRSTRIKE, "2017-02", actors=((GOV, Role.PERPETRATOR),))]
    led = ceasefire_ledger(CEASEFIRE, claims, scope=WAER, as_of=dt.date(2017, 3, 8))
    assert led.started and led.in_force
    assert (led.period.count, led.days, led.days_without_violation) == (0, 1, 1)
    assert ceasefire_ledger(CEASEFIRE, claims, scope=WAER, as_of=dt.date(2017, 3, 7)).started is False


def test_violation_in_a_neighbourhood_counts_for_a_ceasefire_over_its_city():
    city = Ceasefire(start=when("2017-03-08"), place_id="homs", id="cf2")
    claims = [claim("v", EventType.ATTACK_SHELLING, "2017-03-10", place="waer")]
    assert ceasefire_ledger(city, claims, scope=HOMS, as_of=dt.date(2017, 3, 12)).period.count == 1
    # ...but not the other way round.
    assert (
        ceasefire_ledger(
            CEASEFIRE,
            [claim("v", EventType.ATTACK_SHELLING, "2017-03-10", place="homs")],
            scope=WAER,
            as_of=dt.date(2017, 3, 12),
        ).period.count
        == 0
    )


def test_ended_ceasefire_stops_counting_at_its_end():
    ended = Ceasefire(start=when("2017-03-08"), end=when("2017-03-10"), place_id="waer")
    claims = [claim("v", EventType.ATTACK_SHELLING, "2017-03-11")]
    led = ceasefire_ledger(ended, claims, scope=WAER, as_of=dt.date(2017, 3, 20))
    assert led.period.count == 0 and not led.in_force and led.days == 3


def test_siege_last_delivery_days_since_and_population_per_source():
    docs = {"d1": DocInfo(dt.date(2017, 3, 8), "Outlet A"), "d2": DocInfo(dt.date(2017, 3, 1), "Outlet B")}
    claims = [
        claim("old", EventType.AID_DELIVERED, "2016-05-01"),
        claim("last", EventType.AID_DELIVERED, "2016-10-26"),
        claim("hit", EventType.ATTACK_AID, "2017-02", actors=((GOV, Role.PERPETRATOR),)),
        claim("later", EventType.AID_DELIVERED, "2017-04-01"),
        claim(
            "pop1", EventType.ATTACK_AIRSTRIKE, "2017-02", doc="d1", qty=((QuantityKind.RESIDENTS, 50000),)
        ),
        claim("pop2", EventType.SIEGE_IMPOSED, None, doc="d2", qty=((QuantityKind.RESIDENTS, 75000),)),
    ]
    siege = Siege(place_id="waer", besieger=GOV, since=when("2016-12"))
    led = siege_ledger(siege, claims, scope=WAER, as_of=dt.date(2017, 3, 8), docs=docs)
    assert led.last_delivery is not None and led.last_delivery.claim_ids == ("last",)
    assert (led.days_since_last_delivery, led.days_since_exact) == (133, True)
    assert [h.claim_ids[0] for h in led.aid_log] == ["old", "last", "hit"]
    assert [(p.value, p.source) for p in led.population] == [(75000, "Outlet B"), (50000, "Outlet A")]
    # "Since December 2016": at least from its last day, at most from its first.
    assert led.in_force and (led.days_besieged, led.days_besieged_max) == (67, 97)


def test_coarse_last_delivery_counts_from_its_last_possible_day():
    led = siege_ledger(
        Siege(place_id="waer"),
        [claim("oct", EventType.AID_DELIVERED, "2016-10")],
        scope=WAER,
        as_of=dt.date(2017, 3, 8),
    )
    assert (led.days_since_last_delivery, led.days_since_exact) == (128, False)


def test_proposed_agreement_turns_figures_into_commitments_for_the_right_side():
    claims = [
        claim(
            "agr",
            EventType.AGREEMENT_REACHED,
            "2016-08",
            actors=((REBELS, Role.PARTY), (GOV, Role.PARTY)),
            qty=((QuantityKind.DETAINEES, 7300),),
            qualifier=Qualifier.MORE_THAN,
        ),
        claim("ev", EventType.EVACUATION, SINCE_AUGUST, qty=((QuantityKind.FIGHTERS, 600),)),
        claim("other-doc", EventType.AID_DELIVERED, "2016-10-26", doc="d9"),
    ]
    sides = {GOV: "government", REBELS: "opposition"}
    [agreement] = propose_agreements(claims, sides=sides)
    assert agreement.status == Status.PROPOSED and agreement.claim_ids == ("agr",)
    terms = {c.action: c for c in agreement.commitments}
    assert set(terms) == {ActionKind.RELEASE_DETAINEES, ActionKind.EVACUATE}
    release = terms[ActionKind.RELEASE_DETAINEES]
    assert (release.obligated, release.target, release.qualifier) == (GOV, 7300, Qualifier.MORE_THAN)
    assert terms[ActionKind.EVACUATE].obligated == REBELS and terms[ActionKind.EVACUATE].target is None
    # Stable ids: proposing again gives the same agreement and commitment ids.
    again = propose_agreements(list(reversed(claims)), sides=sides)[0]
    assert again.id == agreement.id
    assert {c.id for c in again.commitments} == {c.id for c in agreement.commitments}


def test_proposed_ceasefire_reads_its_class_from_the_evidence_sentence():
    text = "Synthetic note. A two-sided, bilateral truce began on Wednesday in the district. Later text."
    start = text.index("truce")
    c = Claim(
        EventType.CEASEFIRE_START,
        "d1",
        (Span("d1", start, start + 5),),
        when("2017-03-08T00:01"),
        "Waer",
        "waer",
        id="cs",
    )
    [cf] = propose_ceasefires([c], texts={"d1": text}, place_kinds={"waer": "neighbourhood"})
    assert (cf.cf_class, cf.coverage, cf.start.iso()) == (
        CeasefireClass.BILATERAL,
        "local",
        "2017-03-08T00:01",
    )
    [plain] = propose_ceasefires([c], texts={"d1": "A truce began."})
    assert plain.cf_class is None and plain.id == cf.id


def test_two_reports_of_one_ceasefire_start_make_one_ceasefire_at_the_finest_date():
    claims = [
        claim("day", EventType.CEASEFIRE_START, "2017-03-08", actors=((GOV, Role.PARTY),)),
        claim("minute", EventType.CEASEFIRE_START, "2017-03-08T00:01", doc="d2"),
        claim("later", EventType.CEASEFIRE_START, "2017-04-02", doc="d3"),
        claim("elsewhere", EventType.CEASEFIRE_START, "2017-03-08", place="madaya"),
    ]
    found = sorted((cf.place_id, cf.start.iso(), set(cf.claim_ids)) for cf in propose_ceasefires(claims))
    assert found == [
        ("madaya", "2017-03-08", {"elsewhere"}),
        ("waer", "2017-03-08T00:01", {"day", "minute"}),
        ("waer", "2017-04-02", {"later"}),
    ]


def test_proposed_siege_takes_the_earliest_imposition_and_the_besieger():
    claims = [
        claim("s1", EventType.SIEGE_IMPOSED, "2016-12", actors=((GOV, Role.PERPETRATOR),)),
        claim("s2", EventType.SIEGE_IMPOSED, "2016-11-15", doc="d2"),
        claim("l", EventType.SIEGE_LIFTED, "2017-05-01"),
    ]
    [siege] = propose_sieges(claims)
    assert (siege.besieger, siege.since.iso(), siege.until.iso()) == (GOV, "2016-11-15", "2017-05-01")
    assert set(siege.claim_ids) == {"s1", "s2", "l"}


@pytest.mark.parametrize("status", [Status.REJECTED])
def test_rejected_claims_never_count(status):
    claims = [
        claim(
            "r",
            EventType.DETAINEES_RELEASED,
            "2016-09-01",
            qty=((QuantityKind.DETAINEES, 10),),
            status=status,
        )
    ]
    assert (
        agreement_ledger(AUGUST_DEAL, claims, scope=WAER, as_of=dt.date(2017, 1, 1)).compliance[0].delivered
        == 0
    )


# --- the agreements file ------------------------------------------------------

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "trucewatch" / "samples" / "agreements-demo.yaml"


def test_sample_agreements_file_loads_with_dates_at_their_precision():
    [loaded] = load_agreements_file(SAMPLE)
    a = loaded.agreement
    assert loaded.place == "Waer" and a.place_id is None
    assert a.status == Status.CONFIRMED
    assert a.reached is not None and (a.reached.iso(), a.reached.precision) == ("2019-05-02", Precision.DAY)
    assert a.effective_from is not None and a.effective_from.iso() == "2019-05-03T06:00"
    release = a.commitments[0]
    assert (release.action, release.target, release.deadline) == (
        ActionKind.RELEASE_DETAINEES,
        1200,
        dt.date(2019, 6, 1),
    )
    assert release.unit == QuantityKind.DETAINEES
    assert load_agreements_file(SAMPLE)[0].agreement.commitments[0].id == release.id  # stable on reload


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        ({"kind": "truce", "title": "x"}, "agreements.0.kind"),
        ({"kind": "other"}, "agreements.0.title"),
        ({"kind": "other", "title": "x", "reached": "2016-13"}, "agreements.0.reached"),
        (
            {"kind": "other", "title": "x", "commitments": [{"obligated": "A", "action": "pay"}]},
            "agreements.0.commitments.0.action",
        ),
        ({"kind": "other", "title": "x", "comitments": []}, "agreements.0.comitments"),
        (
            {
                "kind": "other",
                "title": "x",
                "commitments": [{"obligated": "A", "action": "evacuate", "target": -1}],
            },
            "agreements.0.commitments.0.target",
        ),
    ],
)
def test_bad_agreement_files_are_refused_naming_file_and_field(tmp_path, entry, field):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump({"agreements": [entry]}))
    with pytest.raises(AgreementFileError) as err:
        load_agreements_file(path)
    assert str(path) in str(err.value) and field in str(err.value)


def test_unparsable_agreement_file_is_refused(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json")
    with pytest.raises(AgreementFileError, match=r"bad\.json"):
        load_agreements_file(path)


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("2016", "2016", Precision.YEAR),
        ("2016-08", "2016-08", Precision.MONTH),
        ("2016-08-20", "2016-08-20", Precision.DAY),
        ("2017-03-08T00:01", "2017-03-08T00:01", Precision.MINUTE),
    ],
)
def test_file_dates_keep_their_precision(text, iso, precision):
    w = parse_when(text)
    assert (w.iso(), w.precision) == (iso, precision)


def test_ethprio_rows_code_missing_date_parts_and_unknowns_as_minus_one():
    from trucewatch.ledger.ethprio import ETHPRIO_COLUMNS, ethprio_rows
    from trucewatch.model import CeasefirePurpose

    cf = Ceasefire(
        start=when("2017-03-08T00:01"),
        end=when("2017-04"),
        place_id="waer",
        parties=(GOV, REBELS),
        mediators=("Russia",),
        cf_class=CeasefireClass.BILATERAL,
        purpose=CeasefirePurpose.HUMANITARIAN,
        coverage="local",
        id="cf1",
    )
    rows = ethprio_rows(cf, {"waer": "Syria"})
    assert [r["actor_name"] for r in rows] == [GOV, REBELS]  # one row per ceasefire and actor
    row = rows[0]
    assert tuple(row) == ETHPRIO_COLUMNS
    assert (row["cf_effect_yr"], row["cf_effect_month"], row["cf_effect_day"]) == (2017, 3, 8)
    assert (row["end_yr"], row["end_month"], row["end_day"]) == (2017, 4, -1)
    assert (row["written"], row["p_humanitarian"], row["p_unclear"], row["location"]) == (-1, 1, 0, "Syria")
    assert (row["partial"], row["ceasefire_class"], row["ended"], row["side"]) == (1, 1, -1, -1)
    assert "declared bilateral" in row["comment"]


def test_a_release_after_a_second_deal_counts_for_that_deal_only():
    march = Agreement(
        kind=AgreementKind.LOCAL_TRUCE,
        title="Waer, March 2017",
        reached=when("2017-03-13"),
        place_id="waer",
        commitments=(Commitment(GOV, ActionKind.RELEASE_DETAINEES, 1500, QuantityKind.DETAINEES, id="m1"),),
        id="a2",
    )
    claims = [
        claim("r1", EventType.DETAINEES_RELEASED, "2016-11-02", qty=((QuantityKind.DETAINEES, 120),)),
        claim("r2", EventType.DETAINEES_RELEASED, "2017-03-20", qty=((QuantityKind.DETAINEES, 80),)),
    ]
    happenings = group_happenings(claims)
    august_share, march_share = attribute([AUGUST_DEAL, march], happenings, [WAER, WAER])
    august = agreement_ledger_of(AUGUST_DEAL, august_share, scope=WAER, as_of=dt.date(2017, 4, 1))
    later = agreement_ledger_of(march, march_share, scope=WAER, as_of=dt.date(2017, 4, 1))
    assert by_id(august, "c1").claim_ids == ("r1",)  # not r2: the March release is the March deal's
    assert by_id(later, "m1").claim_ids == ("r2",)
    assert (by_id(august, "c1").delivered, by_id(later, "m1").delivered) == (120, 80)


def test_a_truce_with_one_named_side_takes_the_sides_its_report_names_at_the_talks():
    claims = [
        claim("s1", EventType.CEASEFIRE_START, "2017-03-08", actors=((GOV, Role.PARTY),)),
        claim(
            "m1",
            EventType.NEGOTIATION_MEETING,
            "2017-03-07",
            actors=((REBELS, Role.PARTY), ("Russia", Role.MEDIATOR)),
        ),
        # another report's talks, and talks about another place, name no side of this truce
        claim(
            "m2", EventType.NEGOTIATION_MEETING, "2017-03-07", doc="d2", actors=(("Far militia", Role.PARTY),)
        ),
        claim(
            "m3",
            EventType.NEGOTIATION_MEETING,
            "2017-03-07",
            place="madaya",
            actors=(("Hill militia", Role.PARTY),),
        ),
    ]
    [cf] = propose_ceasefires(claims)
    assert cf.parties == (GOV, REBELS)


def test_a_commitment_lists_its_happenings_in_one_order_whatever_order_its_claims_come_in():
    # a stored ledger refreshed from a few claims and one computed from all read them in
    # different orders: both must list the same breaches, in the same order
    claims = [
        claim("b1", EventType.AID_BLOCKED, "2016-09-02", actors=((GOV, Role.PERPETRATOR),)),
        claim("b2", EventType.AID_BLOCKED, None, place="homs", doc="d2", actors=((GOV, Role.PERPETRATOR),)),
        claim("b3", EventType.AID_BLOCKED, "2016-10-05", doc="d3", actors=((GOV, Role.PERPETRATOR),)),
    ]
    lists = {
        tuple(
            h.claim_ids
            for h in by_id(
                agreement_ledger(AUGUST_DEAL, order, scope=HOMS, as_of=dt.date(2017, 3, 8)), "c3"
            ).breaches
        )
        for order in (claims, claims[::-1], claims[1:] + claims[:1])
    }
    assert lists == {(("b2",), ("b1",), ("b3",))}  # undated first, then by date


def test_a_siege_lists_its_aid_and_population_in_one_order_whatever_order_its_claims_come_in():
    residents = ((QuantityKind.RESIDENTS, 40000),)
    claims = [
        claim("in-waer", EventType.AID_DELIVERED, "2017-03-01"),
        claim("in-homs", EventType.AID_DELIVERED, "2017-03-01", place="homs"),  # the same day: a tie
        claim("stopped", EventType.AID_BLOCKED, None),
        claim("stopped-too", EventType.AID_BLOCKED, None, place="homs"),  # undated, both
        claim("pop", EventType.SIEGE_IMPOSED, None, qty=residents),
        claim("pop-about", EventType.SIEGE_IMPOSED, None, doc="d2", qty=residents, qualifier=Qualifier.ABOUT),
        claim("pop-retold", EventType.SIEGE_IMPOSED, "2017-02", qty=residents),  # one source, twice
    ]
    first, *others = (
        siege_ledger(Siege(place_id="homs"), order, scope=HOMS, as_of=dt.date(2017, 3, 8))
        for order in (claims, claims[::-1], claims[3:] + claims[:3])
    )
    assert others == [first, first]
    log = [h.claim_ids for h in first.aid_log]
    assert log == [("in-homs",), ("in-waer",), ("stopped-too",), ("stopped",)]  # by date, place; undated last
    assert first.last_delivery is not None and first.last_delivery.claim_ids == ("in-homs",)
    assert [(p.qualifier, p.claim_ids) for p in first.population] == [
        (Qualifier.ABOUT, ("pop-about",)),
        (Qualifier.EXACT, ("pop", "pop-retold")),
    ]
