"""The stored ledger (trucewatch.stored_ledger): what it reads equals what the Python ledger
computes, after any sequence of writes, and only what a write touches is recomputed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api_helpers import auth, client
from databases import migrated_sqlite
from disclosure_world import SECRET_SOURCE
from trucewatch import ledger_service as service
from trucewatch import store as db
from trucewatch import stored_ledger as sl
from trucewatch.ledger.compliance import agreement_ledger
from trucewatch.ledger.dirty import ClaimChange, Stored, ancestors, stale_kinds, touches
from trucewatch.model import (
    ActionKind,
    Actor,
    ActorKind,
    ActorRole,
    Agreement,
    AgreementKind,
    Ceasefire,
    Claim,
    Commitment,
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
from trucewatch.store import stored_ledger as rows

TODAY = dt.date(2017, 6, 1)  # "today" for the stored ledger: what it is as of
GOV, REBELS = "Syrian government", "Waer rebels"
PLACES = [
    Place("Syria", kind="country", id="sy"),
    Place("Homs", kind="city", parent_id="sy", id="homs"),
    Place("Waer", kind="neighbourhood", parent_id="homs", id="waer"),
    Place("Madaya", kind="town", parent_id="sy", id="madaya"),
    Place("Aleppo", kind="city", parent_id="sy", id="aleppo"),
]
LEAVES = ["waer", "homs", "madaya", "aleppo"]
TYPES = [
    EventType.ATTACK_SHELLING,
    EventType.ATTACK_AIRSTRIKE,
    EventType.DETAINEES_RELEASED,
    EventType.EVACUATION,
    EventType.AID_DELIVERED,
    EventType.AID_BLOCKED,
    EventType.SIEGE_IMPOSED,
    EventType.AGREEMENT_REACHED,
    EventType.CEASEFIRE_START,
]
TEXT = "SYNTHETIC TEST REPORT {n}. " + "Words of a report about shelling, releases and convoys. " * 4
LEDGERS: list[tuple[str, Callable[..., list[Any]], Callable[..., list[Any]]]] = [
    ("agreement", sl.agreement_ledgers, service.agreement_ledgers),
    ("ceasefire", sl.ceasefire_ledgers, service.ceasefire_ledgers),
    ("siege", sl.siege_ledgers, service.siege_ledgers),
]


def _seed(s: db.Store) -> None:
    """The places, two parties, and analysts' records: deals in Waer and Madaya, a truce in Homs."""
    with s.session() as session:
        db.upsert_places(session, PLACES)
        db.upsert_actors(
            session,
            [
                Actor(GOV, ActorKind.STATE, side="government"),
                Actor(REBELS, ActorKind.REBEL, side="opposition"),
            ],
        )
        for i, place in enumerate(("waer", "madaya")):
            db.save_agreement(
                session,
                Agreement(
                    kind=AgreementKind.LOCAL_TRUCE,
                    title=f"Deal {place}",
                    reached=When(dt.datetime(2016, 8 + i, 1), Precision.MONTH),
                    place_id=place,
                    parties=(GOV, REBELS),
                    commitments=(
                        Commitment(
                            GOV, ActionKind.RELEASE_DETAINEES, 700, QuantityKind.DETAINEES, id=f"c{i}a"
                        ),
                        Commitment(REBELS, ActionKind.EVACUATE, 300, QuantityKind.PEOPLE, id=f"c{i}b"),
                        Commitment(GOV, ActionKind.ALLOW_AID, id=f"c{i}c"),
                        Commitment(GOV, ActionKind.CEASE_FIRE, id=f"c{i}d"),
                    ),
                    status=Status.CONFIRMED,
                    id=f"agr_{place}",
                ),
            )
        db.save_ceasefire(
            session,
            Ceasefire(
                start=When(dt.datetime(2017, 3, 8), Precision.DAY),
                end=When(dt.datetime(2017, 4, 8), Precision.DAY),
                place_id="homs",
                status=Status.CONFIRMED,
                id="cf_homs",
            ),
        )


def _add_report(
    s: db.Store,
    n: int,
    published: dt.date,
    claims: list[tuple[EventType, str, dt.date | None, int | None]],
    *,
    confidential: bool = False,
) -> list[str]:
    """A stored report (confidential source or not) with claims (type, place, day, figure)."""
    text = TEXT.format(n=n)
    source = Source("Confidential contact" if confidential else "Open outlet", confidential=confidential)
    doc = Document(
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        published=published,
        source=source,
        confidential=confidential,
    )
    with s.session() as session:
        doc_id, _ = db.add_document(session, doc)
        made = []
        for k, (type_, place, day, figure) in enumerate(claims):
            unit = QuantityKind.DETAINEES if type_ == EventType.DETAINEES_RELEASED else QuantityKind.PEOPLE
            made.append(
                Claim(
                    type=type_,
                    document_id=doc_id,
                    evidence=(Span(doc_id, 30 + k, 40 + k),),
                    when=When(dt.datetime.combine(day, dt.time()), Precision.DAY) if day else None,
                    place_id=place,
                    actors=(ActorRole(GOV if k % 2 else REBELS, Role.PERPETRATOR),),
                    quantities=(Quantity(unit, figure),) if figure is not None else (),
                )
            )
        return db.replace_claims(session, doc_id, "test", "1", made)


def _assert_stored_equals_computed(s: db.Store) -> None:
    for withhold in (False, True):
        for kind, stored_of, computed_of in LEDGERS:
            with s.session() as session:
                stored = stored_of(session, as_of=TODAY, withhold_confidential=withhold)
            with s.session() as session:
                computed = computed_of(session, as_of=TODAY, withhold_confidential=withhold)
            assert stored == computed, f"{kind} ledgers differ (withhold_confidential={withhold})"


def _dirty(s: db.Store) -> set[tuple[str, str, str]]:
    with s.session() as session:
        sl.fold_changes(session)
        return {(e.kind, e.audience, e.record_id) for e in rows.read_entries(session) if e.dirty}


def _stale(s: db.Store) -> set[str]:
    with s.session() as session:
        sl.fold_changes(session)
        return {
            k
            for k in ("agreement", "ceasefire", "siege")
            for a in ("full", "withheld")
            if (state := rows.read_state(session, k, a)) is not None and state.stale
        }


# --- stored == computed after a sequence of writes ------------------------------------------


def test_stored_ledger_equals_computed_after_claims_reviews_and_confirmations(store: db.Store) -> None:
    _seed(store)
    day = dt.date
    _add_report(
        store,
        1,
        day(2017, 3, 20),
        [
            (EventType.DETAINEES_RELEASED, "waer", day(2016, 9, 3), 120),
            (EventType.ATTACK_SHELLING, "waer", day(2017, 3, 10), None),
            (EventType.SIEGE_IMPOSED, "madaya", day(2016, 5, 1), None),
            (EventType.AID_DELIVERED, "madaya", day(2016, 12, 1), None),
        ],
    )
    _assert_stored_equals_computed(store)  # first read: computed whole and stored
    ids = _add_report(
        store,
        2,
        day(2017, 3, 25),
        [
            (EventType.DETAINEES_RELEASED, "waer", day(2017, 1, 5), 80),
            (EventType.ATTACK_AIRSTRIKE, "homs", day(2017, 3, 12), None),
            (EventType.EVACUATION, "madaya", day(2016, 10, 2), 150),
        ],
        confidential=True,
    )
    assert _dirty(store), "new claims in stored records' scopes mark them dirty"
    _assert_stored_equals_computed(store)  # the dirty ones recomputed
    with store.session() as session:  # an analyst rejects a release
        db.set_claim_status(session, ids[0], Status.REJECTED)
    _assert_stored_equals_computed(store)
    _add_report(  # a deal read off a report: a new proposal, the list is recomputed
        store, 3, day(2017, 4, 1), [(EventType.AGREEMENT_REACHED, "aleppo", day(2017, 3, 30), 40)]
    )
    assert "agreement" in _stale(store)
    _assert_stored_equals_computed(store)
    with store.session() as session:
        proposed = [a for a in service.all_agreements(session) if a.status == Status.PROPOSED]
        assert proposed, "the deal read off report 3 is proposed"
        service.confirm_agreement(session, proposed[0].id or "", actor="test")
        siege = next(g for g in service.all_sieges(session) if g.status == Status.PROPOSED)
        service.confirm_siege(session, siege.id or "", actor="test")
    _assert_stored_equals_computed(store)


def test_a_new_day_recomputes_the_stored_ledger(sqlite_store: db.Store) -> None:
    _seed(sqlite_store)
    _add_report(
        sqlite_store,
        1,
        dt.date(2017, 3, 20),
        [(EventType.ATTACK_SHELLING, "waer", dt.date(2017, 3, 10), None)],
    )
    with sqlite_store.session() as session:
        first = sl.ceasefire_ledgers(session, as_of=TODAY)
    later = TODAY + dt.timedelta(days=40)  # the truce has ended by then: the verdict changes
    with sqlite_store.session() as session:
        stored = sl.ceasefire_ledgers(session, as_of=later)
        assert stored == service.ceasefire_ledgers(session, as_of=later)
    assert stored != first


# --- only what a change touches is recomputed -------------------------------------------------


def test_a_claim_outside_a_records_scope_or_period_marks_nothing_dirty(store: db.Store) -> None:
    _seed(store)
    _add_report(
        store, 1, dt.date(2017, 3, 20), [(EventType.ATTACK_SHELLING, "waer", dt.date(2017, 3, 10), None)]
    )
    _assert_stored_equals_computed(store)
    assert _dirty(store) == set()
    # Aleppo is in no record's scope; a shelling in Homs in 2015 is before every window, reported
    # before the truce's last report
    _add_report(
        store, 2, dt.date(2017, 1, 2), [(EventType.ATTACK_SHELLING, "aleppo", dt.date(2017, 3, 10), None)]
    )
    _add_report(
        store, 3, dt.date(2016, 1, 2), [(EventType.ATTACK_SHELLING, "homs", dt.date(2015, 6, 1), None)]
    )
    assert _dirty(store) == set()
    assert _stale(store) == set()
    # the same shelling in Waer during the truce: the truce (Homs holds Waer) and Waer's deal
    _add_report(
        store, 4, dt.date(2017, 3, 21), [(EventType.ATTACK_SHELLING, "waer", dt.date(2017, 3, 12), None)]
    )
    dirty = _dirty(store)
    assert {r for _, _, r in dirty} == {"cf_homs", "agr_waer"}
    assert {a for _, a, _ in dirty} == {"full", "withheld"}
    _assert_stored_equals_computed(store)
    assert _dirty(store) == set()


def _never(*_args: object, **_kw: object) -> Any:
    raise AssertionError("every record computed to read one")


def test_reading_one_agreement_recomputes_only_that_one(
    sqlite_store: db.Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(sqlite_store)
    _assert_stored_equals_computed(sqlite_store)
    _add_report(
        sqlite_store,
        1,
        dt.date(2017, 3, 20),
        [
            (EventType.DETAINEES_RELEASED, "waer", dt.date(2016, 9, 3), 120),
            (EventType.DETAINEES_RELEASED, "madaya", dt.date(2016, 10, 3), 50),
        ],
    )
    with monkeypatch.context() as m, sqlite_store.session() as session:
        for name in ("agreement_ledgers", "all_agreements", "agreement_ledger_for"):
            m.setattr(service, name, _never)
        one = sl.agreement_ledger_for(session, "agr_waer", as_of=TODAY, today=TODAY)
    with sqlite_store.session() as session:
        assert one == service.agreement_ledger_for(session, "agr_waer", as_of=TODAY)
    assert {r for k, a, r in _dirty(sqlite_store) if k == "agreement" and a == "full"} == {"agr_madaya"}
    _assert_stored_equals_computed(sqlite_store)


def test_dirty_rules() -> None:
    parents = {p.id or "": p.parent_id for p in PLACES}
    shelling = ClaimChange("attack.shelling", "waer", dt.datetime(2017, 3, 10), dt.datetime(2017, 3, 11), "d")
    holders = ancestors("waer", parents)
    assert holders == {"waer", "homs", "sy"}
    truce = Stored(
        "ceasefire", "homs", dt.datetime(2017, 2, 1), dt.datetime(2017, 4, 9), dt.date(2017, 3, 20)
    )
    assert touches(truce, shelling, holders, (dt.date(2017, 3, 1), False))
    elsewhere = ClaimChange("attack.shelling", "madaya", shelling.when_start, shelling.when_last, "d")
    assert not touches(truce, elsewhere, ancestors("madaya", parents), (dt.date(2017, 3, 1), False))
    before = ClaimChange("attack.shelling", "waer", dt.datetime(2016, 1, 1), dt.datetime(2016, 1, 2), "d")
    assert not touches(truce, before, holders, (dt.date(2017, 3, 1), False))
    assert touches(truce, before, holders, (dt.date(2017, 3, 21), False)), "a later report: last report moves"
    assert touches(truce, before, holders, (dt.date(2017, 3, 1), True)), (
        "confidential: its day may be withheld"
    )
    deal = Stored("agreement", "waer", dt.datetime(2016, 8, 1))
    assert not touches(deal, before, holders)
    undated = ClaimChange("detainees.released", "waer", None, None, "d")
    assert touches(deal, undated, holders)
    assert touches(Stored("siege", "homs"), before, holders)
    assert touches(Stored("agreement", None), before, holders), "a deal everywhere reads every place"
    assert stale_kinds(undated, {"d": {"homs"}}, parents) == {"agreement"}, "a release in a report of a deal"
    assert stale_kinds(undated, {"d": {"waer"}}, parents) == {"agreement"}, "the deal may be Homs's too"
    in_madaya = ClaimChange("detainees.released", "madaya", None, None, "d")
    assert stale_kinds(in_madaya, {"d": {"waer"}}, parents) == set(), "outside the deal's place"
    assert stale_kinds(undated, {"d": {"madaya"}}, parents) == {"agreement"}, (
        "a deal for all Syria may hold it"
    )
    assert stale_kinds(undated, {}, parents) == set()
    assert stale_kinds(ClaimChange("ceasefire.start", "waer", None, None), {}, parents) == {"ceasefire"}


def test_a_stored_body_builds_only_ledger_values() -> None:
    class Evil:
        def __reduce__(self) -> tuple[Any, ...]:
            return (print, ("never",))

    with pytest.raises(pickle.UnpicklingError):
        sl.decode(pickle.dumps(Evil()))


def test_bodies_read_together_build_each_happening_once() -> None:
    """A body holds its happenings apart, by digest: bodies decoded together share each one, and
    decode to the values stored."""
    deal = _progressing_deal()
    one, again = sl.decode_all([sl.encode(deal), sl.encode(deal)])
    assert one == again == deal
    assert one is not again
    progress = [
        (a, b)
        for x, y in zip(one.compliance, again.compliance, strict=True)
        for a, b in zip(x.progress, y.progress, strict=True)
    ]
    assert progress
    assert all(a is b for a, b in progress), "one happening, built once"
    assert sl.decode(sl.encode(deal.agreement)) == deal.agreement


def test_a_body_naming_a_happening_it_does_not_hold_is_unreadable() -> None:
    shape, parts, ledger = pickle.loads(sl.encode(_progressing_deal()))
    assert parts
    with pytest.raises(pickle.UnpicklingError):
        sl.decode(sl._pickled((shape, {}, ledger), None))


def _progressing_deal() -> Any:
    """An agreement ledger with progress: the Waer deal and the releases reported under it."""
    span = Span("d1", 0, 10)
    deal = Agreement(
        AgreementKind.LOCAL_TRUCE,
        "Waer",
        reached=When(dt.datetime(2017, 3, 13), Precision.DAY),
        place_id="waer",
        parties=(GOV, REBELS),
        commitments=(Commitment(GOV, ActionKind.RELEASE_DETAINEES, 7300, QuantityKind.DETAINEES, id="c1"),),
        id="agr_waer",
    )
    released = [
        Claim(
            EventType.DETAINEES_RELEASED,
            "d1",
            (span,),
            When(dt.datetime(2017, 3, day), Precision.DAY),
            place_id="waer",
            actors=(ActorRole(GOV, Role.PERPETRATOR, span),),
            quantities=(Quantity(QuantityKind.DETAINEES, 100 + day, span=span),),
            id=f"clm_{day}",
        )
        for day in (20, 27)
    ]
    return agreement_ledger(deal, released, scope=frozenset({"waer"}), as_of=TODAY)


# --- what the stored ledger holds is redacted when it is read ------------------------------------


def test_viewers_reading_the_stored_ledger_never_see_confidential_sources(
    disclosure_world: tuple[db.Store, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, w = disclosure_world
    lists = ("/api/agreements", "/api/ceasefires", "/api/sieges")
    ones = ("/api/agreements/agr_orchard", "/api/ceasefires/cf_lowmill", "/api/sieges/sg_lowmill")
    with client(store) as c:
        for role in ("analyst", "viewer"):  # the first reads compute and store each audience's ledger
            for path in lists:
                assert c.get(path, headers=auth(w.tokens[role])).status_code == 200
        with monkeypatch.context() as m:  # from here on, only the stored ledger can answer
            for name in (
                "agreement_ledger_for",
                "ceasefire_ledger_for",
                "siege_ledger_for",
                "agreement_ledgers",
            ):
                m.setattr(service, name, _never)
            viewer = [c.get(p, headers=auth(w.tokens["viewer"])) for p in (*lists, *ones)]
            analyst = [c.get(p, headers=auth(w.tokens["analyst"])) for p in ones]
    secrets = (w.secret_doc, w.hidden_doc, SECRET_SOURCE)
    for r in viewer:
        assert r.status_code == 200, r.text
        assert not [x for x in secrets if x in r.text], r.url
    assert all(r.status_code == 200 for r in analyst)
    assert any(w.secret_doc in r.text for r in analyst), "analysts see the evidence"
    with store.session() as session:  # the viewers' entries hold the ids: redaction is at read time
        bodies = rows.read_bodies_of(session, "agreement", "withheld", ["agr_orchard"])
    assert w.secret_doc.encode() in bodies["agr_orchard"]


# --- generated worlds ---------------------------------------------------------------------------

_days = st.dates(min_value=dt.date(2016, 6, 1), max_value=dt.date(2017, 5, 30))
_claims = st.lists(
    st.tuples(
        st.sampled_from(TYPES),
        st.sampled_from(LEAVES),
        st.one_of(st.none(), _days),
        st.one_of(st.none(), st.integers(1, 500)),
    ),
    min_size=1,
    max_size=4,
)
_ops = st.lists(
    st.one_of(
        st.tuples(st.just("add"), _days, _claims, st.booleans()),
        st.tuples(st.just("reject"), st.integers(0, 50)),
        st.tuples(st.just("confirm"), st.sampled_from(["agreement", "ceasefire", "siege"])),
        st.tuples(st.just("read")),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(ops=_ops)
def test_stored_equals_computed_on_generated_worlds(
    tmp_path_factory: pytest.TempPathFactory, ops: list
) -> None:
    s = db.open_store(migrated_sqlite(tmp_path_factory.mktemp("world") / "w.db"))
    try:
        _seed(s)
        claim_ids: list[str] = []
        for n, op in enumerate(ops):
            if op[0] == "add":
                claim_ids += _add_report(s, n, op[1], op[2], confidential=op[3])
            elif op[0] == "reject" and claim_ids:
                with s.session() as session:
                    db.set_claim_status(session, claim_ids[op[1] % len(claim_ids)], Status.REJECTED)
            elif op[0] == "confirm":
                with s.session() as session:
                    listed = {
                        "agreement": service.all_agreements,
                        "ceasefire": service.all_ceasefires,
                        "siege": service.all_sieges,
                    }[op[1]](session)
                    proposed = [r for r in listed if r.status == Status.PROPOSED and r.id]
                    if proposed:
                        confirm = {
                            "agreement": service.confirm_agreement,
                            "ceasefire": service.confirm_ceasefire,
                            "siege": service.confirm_siege,
                        }[op[1]]
                        confirm(session, proposed[0].id, actor="test")
            else:
                _assert_stored_equals_computed(s)
        _assert_stored_equals_computed(s)
    finally:
        s.close()


def test_two_readers_storing_a_new_days_ledger_at_once_both_succeed(postgres_store_url: str) -> None:
    """On PostgreSQL the second reader's rows collide with the first's: it keeps its answer and
    leaves the stored rows to the first (SQLite writers take turns, so this needs a server)."""
    import threading

    s = db.open_store(postgres_store_url)
    entry = rows.Entry("agr_x", None, None, None, None, b"body", b"record", "v1")
    try:
        first = s.new_session()
        assert rows.replace_entries(
            first, "agreement", "full", [entry], as_of=TODAY, now=dt.datetime(2017, 6, 1)
        )
        results: list[bool] = []

        def second() -> None:
            with s.session() as session:
                results.append(
                    rows.replace_entries(
                        session, "agreement", "full", [entry], as_of=TODAY, now=dt.datetime(2017, 6, 1)
                    )
                )

        other = threading.Thread(target=second)
        other.start()
        other.join(timeout=2)
        assert other.is_alive(), "the second reader waits for the first"
        first.commit()
        first.close()
        other.join(timeout=30)
        assert results == [False]
        with s.session() as session:
            assert [r for r, _, _ in rows.read_index(session, "agreement", "full")] == ["agr_x"]
    finally:
        s.close()


def test_a_process_never_serves_a_decoded_ledger_the_database_no_longer_holds(sqlite_store: db.Store) -> None:
    _seed(sqlite_store)
    with sqlite_store.session() as session:
        first = sl.agreement_ledgers(session, as_of=TODAY)
    other = next(lg for lg in first if lg.agreement.id == "agr_madaya")
    with sqlite_store.session() as session:  # another process rewrites Waer's row (a new version)
        entry = sl._entry("agreement", other, 0, TODAY)
        rows.update_entries(session, "agreement", "full", [dataclasses.replace(entry, record_id="agr_waer")])
    with sqlite_store.session() as session:
        again = sl.agreement_ledgers(session, as_of=TODAY)
    assert [lg.agreement.id for lg in again] == ["agr_madaya", "agr_madaya"]  # what the rows now hold


def test_reading_the_stored_ledger_with_nothing_changed_never_waits_for_a_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every stored read looks at the change log first; on SQLite an empty look must not take the
    write lock, or every page would queue behind every write."""
    import sqlite3

    from trucewatch.store import db as store_db

    monkeypatch.setattr(store_db, "BUSY_BUDGET", 0.5)
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "w.db"
    s = db.open_store(migrated_sqlite(path))
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        _seed(s)
        with s.session() as session:
            first = sl.agreement_ledgers(session, as_of=TODAY)
        writer.execute("BEGIN IMMEDIATE")  # another process is writing
        with s.session() as session:
            assert sl.agreement_ledgers(session, as_of=TODAY) == first
    finally:
        if writer.in_transaction:
            writer.execute("ROLLBACK")
        writer.close()
        s.close()


def test_a_body_written_by_another_version_is_recomputed_never_misread(sqlite_store: db.Store) -> None:
    """Bodies are rebuilt by field position: one written when the values had other fields must
    not be read as today's values."""
    _seed(sqlite_store)
    with sqlite_store.session() as session:
        first = sl.agreement_ledgers(session, as_of=TODAY)
    waer = next(lg for lg in first if lg.agreement.id == "agr_waer")
    older = sl._pickled(("an older shape", {}, sl._pickled(waer, None)), None)
    with pytest.raises(pickle.UnpicklingError):
        sl.decode(older)
    with pytest.raises(pickle.UnpicklingError):  # the form before happenings were pickled apart
        sl.decode(pickle.dumps((sl.SHAPE, waer)))
    with sqlite_store.session() as session:  # an older trucewatch wrote Waer's row
        entry = dataclasses.replace(sl._entry("agreement", waer, 0, TODAY), body=older)
        rows.update_entries(session, "agreement", "full", [entry])
    with sqlite_store.session() as session:
        assert sl.agreement_ledgers(session, as_of=TODAY) == first
        body = rows.read_bodies_of(session, "agreement", "full", ["agr_waer"])["agr_waer"]
    assert sl.decode(body) == waer, "the list was recomputed and stored again"
