"""The store, on SQLite and PostgreSQL: schema, documents, places, claims, records."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib
import pkgutil
import socket
import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import delete, inspect, text

import trucewatch.store
import trucewatch.store.db as store_db
from databases import migrated_sqlite
from trucewatch.model import (
    ActionKind,
    Actor,
    ActorKind,
    ActorRole,
    Agreement,
    AgreementKind,
    Ceasefire,
    CeasefireClass,
    Claim,
    Commitment,
    Document,
    Event,
    EventType,
    Place,
    Precision,
    Qualifier,
    Quantity,
    QuantityKind,
    Role,
    Siege,
    Source,
    Span,
    Status,
    When,
)
from trucewatch.store import (
    DatabaseUnavailable,
    NotFound,
    SchemaMismatch,
    Store,
    UnknownReference,
    add_document,
    current_revision,
    get_agreement,
    get_ceasefire,
    get_claim,
    get_document,
    get_event,
    get_siege,
    head_revision,
    list_actors,
    list_agreements,
    list_ceasefires,
    list_claims,
    list_documents,
    list_sieges,
    open_store,
    place_descendants,
    replace_claims,
    save_agreement,
    save_ceasefire,
    save_event,
    save_siege,
    set_claim_status,
    upgrade,
    upsert_actors,
    upsert_places,
)
from trucewatch.store.tables import Base, ClaimRow


def make_doc(
    text_: str, source: str | None = "Test Wire", published: dt.date | None = None, title: str | None = None
) -> Document:
    digest = hashlib.sha256(text_.encode()).hexdigest()
    src = Source(name=source) if source else None
    return Document(text=text_, content_hash=digest, source=src, published=published, title=title)


PLACES = [
    # Listed child-first on purpose: the store must write parents first.
    Place("Waer", "SY", kind="neighbourhood", parent_id="p_homs_city", id="p_waer"),
    Place("Homs", "SY", kind="city", parent_id="p_homs_gov", id="p_homs_city"),
    Place("Homs Governorate", "SY", kind="governorate", parent_id="p_syria", id="p_homs_gov"),
    Place("Syria", "SY", kind="country", id="p_syria"),
    Place("Madaya", "SY", kind="town", parent_id="p_syria", id="p_madaya"),
]


# --- schema -------------------------------------------------------------------


def _all_table_modules() -> None:
    # Other store modules may declare tables on the same Base; load them all.
    for info in pkgutil.iter_modules(trucewatch.store.__path__):
        importlib.import_module(f"trucewatch.store.{info.name}")


def test_migrations_create_exactly_the_schema_the_tables_describe(store: Store):
    _all_table_modules()
    assert current_revision(store.engine) == head_revision(store.engine)
    from trucewatch.store.search import FTS_TABLES, PG_INDEX

    # The full-text index (migration 0009) is SQL, not ORM: on SQLite a virtual table and its shadow
    # tables, on PostgreSQL an expression index.
    def described(name: str | None, kind: str, _parent: object) -> bool:
        return not ((kind == "table" and name in FTS_TABLES) or (kind == "index" and name == PG_INDEX))

    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": described})
        diffs = compare_metadata(context, Base.metadata)
    assert diffs == []


def test_open_store_migrates_a_fresh_database_once(empty_store_url: str):
    store_url = empty_store_url
    first = open_store(store_url)
    tables = set(inspect(first.engine).get_table_names())
    first.close()
    assert {"documents", "claims", "claim_evidence", "places", "agreements", "sieges"} <= tables
    again = open_store(store_url)  # already at head: opens without migrating
    assert current_revision(again.engine) == head_revision(again.engine)
    again.close()


def test_an_older_schema_is_refused_until_db_upgrade(empty_store_url: str):
    from trucewatch.store.db import create_store_engine

    store_url = empty_store_url
    engine = create_store_engine(store_url)
    if head_revision(engine) == "0001":
        pytest.skip("only one migration so far")
    upgrade(engine, "0001")
    engine.dispose()
    with pytest.raises(SchemaMismatch, match="db upgrade"):
        open_store(store_url)
    upgraded = open_store(store_url, migrate=False)
    assert upgrade(upgraded.engine) == ("0001", head_revision(upgraded.engine))
    upgraded.close()
    open_store(store_url).close()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path):
    store = open_store(f"sqlite:///{tmp_path / 'x.db'}")
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    store.close()


def test_a_bulk_writer_s_sqlite_connections_hold_a_larger_page_cache(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    default, writer = open_store(url), open_store(url, sqlite_cache_mb=64)
    with default.engine.connect() as plain, writer.engine.connect() as bulk:
        assert bulk.execute(text("PRAGMA cache_size")).scalar() == -64 * 1024  # KiB
        assert plain.execute(text("PRAGMA cache_size")).scalar() == -2000  # SQLite's default
    default.close()
    writer.close()


def test_a_database_with_foreign_tables_is_refused(tmp_path: Path):
    import sqlite3

    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(SchemaMismatch):
        open_store(f"sqlite:///{path}")


def test_an_unreachable_database_is_a_named_error(tmp_path: Path):
    with pytest.raises(DatabaseUnavailable):
        open_store(f"sqlite:///{tmp_path / 'no' / 'such' / 'dir' / 'x.db'}")
    with pytest.raises(DatabaseUnavailable):
        open_store("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")


def test_postgresql_plans_each_statement_for_its_values(postgres_store_url: str) -> None:
    """No statement is prepared on the server, however often it runs: a generic plan for a list
    of ids (made once, without the values) can scan a whole index for each call."""
    store = open_store(postgres_store_url)
    try:
        with store.session() as session:
            for n in range(8):
                ids = [f"doc-{n}-{i}" for i in range(50)]
                session.execute(delete(ClaimRow).where(ClaimRow.document_id.in_(ids)))
            prepared = session.scalar(text("SELECT count(*) FROM pg_prepared_statements"))
    finally:
        store.close()
    assert prepared == 0


def test_claims_another_writer_stores_meanwhile_are_skipped_not_an_error(postgres_store_url: str) -> None:
    """Two transactions write the same new claims at once (a partition run twice): the second
    waits for the first, finds its rows stored, and goes on without them (PostgreSQL's direct
    COPY fails on them; its savepoint is undone and the rows skip through a staging table)."""
    from trucewatch.store.claims import replace_claims_of_documents

    text_ = "Shelling hit the market on Monday. A truce began on Tuesday."
    doc = Document(text_, hashlib.sha256(text_.encode()).hexdigest(), source=Source("Wire"))
    store = open_store(postgres_store_url)
    try:
        with store.session() as s:
            doc_id, _ = add_document(s, doc)
        figures = (Quantity(QuantityKind.KILLED, 3),)
        claims = [
            Claim(EventType.ATTACK_SHELLING, doc_id, (Span(doc_id, 0, 33),), quantities=figures),
            Claim(EventType.CEASEFIRE_START, doc_id, (Span(doc_id, 34, 61),)),
        ]
        outcome: list[BaseException | dict[str, list[str]]] = []

        def second() -> None:
            try:
                with store.session() as s:
                    outcome.append(replace_claims_of_documents(s, "rules", "1", {doc_id: claims}))
            except BaseException as exc:  # reported below
                outcome.append(exc)

        writer = threading.Thread(target=second, daemon=True)
        first = store.new_session()
        try:
            replace_claims_of_documents(first, "rules", "1", {doc_id: claims})  # not committed yet
            writer.start()
            writer.join(1.0)
            assert writer.is_alive()  # waiting on the first writer's rows
            first.commit()
        finally:
            first.close()
        writer.join(30)
        assert len(outcome) == 1 and isinstance(outcome[0], dict), outcome
        with store.session() as s:
            stored = list_claims(s, document_id=doc_id)
    finally:
        store.close()
    assert sorted(c.type for c in stored) == [EventType.ATTACK_SHELLING, EventType.CEASEFIRE_START]
    assert [q.value for c in stored for q in c.quantities] == [3]


def test_a_postgresql_server_that_never_answers_is_an_error_not_a_hang(monkeypatch: pytest.MonkeyPatch):
    """A socket that takes connections and says nothing (a stuck server, a black-holing proxy):
    opening the store fails after the connect timeout instead of waiting for ever."""
    monkeypatch.setattr(store_db, "CONNECT_TIMEOUT", 1)
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    outcome: list[BaseException | None] = []

    def connect() -> None:
        try:
            open_store(f"postgresql+psycopg://nobody@127.0.0.1:{silent.getsockname()[1]}/none")
            outcome.append(None)
        except BaseException as exc:  # any outcome is reported below
            outcome.append(exc)

    worker = threading.Thread(target=connect, daemon=True)
    worker.start()
    worker.join(timeout=60)
    silent.close()
    assert not worker.is_alive(), "opening the store hung on a server that never answers"
    assert isinstance(outcome[0], DatabaseUnavailable), outcome


# --- documents ------------------------------------------------------------------


def test_seed_report_round_trips_byte_for_byte(store: Store, seed_report: Path):
    raw = seed_report.read_text(encoding="utf-8")
    assert "\u00a0" in raw  # the point of the test: non-breaking spaces survive
    doc = make_doc(raw, source="Syria Direct", published=dt.date(2017, 3, 8), title="Waer talks")
    with store.session() as s:
        doc_id, created = add_document(s, doc)
    assert created
    with store.session() as s:
        back = get_document(s, doc_id)
    assert back is not None
    assert back.text.encode("utf-8") == raw.encode("utf-8")
    assert back.published == dt.date(2017, 3, 8)
    assert back.source is not None and back.source.name == "Syria Direct"
    assert dataclasses.replace(back, id=None, source=None) == dataclasses.replace(doc, source=None)


def test_the_same_text_is_stored_once(store: Store):
    with store.session() as s:
        first = add_document(s, make_doc("Shelling hit the market."))
    with store.session() as s:
        second = add_document(s, make_doc("Shelling hit the market.", source="Another Wire"))
        assert len(list_documents(s)) == 1
    assert first == (first[0], True)
    assert second == (first[0], False)


def test_document_ids_are_stable_across_databases(tmp_path: Path, store: Store):
    doc = make_doc("A convoy of 12 trucks arrived.")
    with store.session() as s:
        doc_id, _ = add_document(s, doc)
    other = open_store(migrated_sqlite(tmp_path / "other.db"))
    with other.session() as s:
        assert add_document(s, doc) == (doc_id, True)
    other.close()
    assert doc_id == "doc_" + doc.content_hash[:16]


def test_sources_are_shared_by_name(store: Store):
    with store.session() as s:
        add_document(s, make_doc("one", source="Wire"))
        add_document(s, make_doc("two", source="Wire"))
        add_document(s, make_doc("three", source=None))
        docs = list_documents(s)
    ids = {d.source.id for d in docs if d.source is not None}
    assert len(ids) == 1 and len(docs) == 3


def test_list_documents_filters_by_source_and_publication_dates(store: Store):
    with store.session() as s:
        add_document(s, make_doc("a", source="A", published=dt.date(2017, 3, 1)))
        add_document(s, make_doc("b", source="B", published=dt.date(2017, 3, 8)))
        add_document(s, make_doc("c", source="A", published=dt.date(2017, 3, 20)))
        add_document(s, make_doc("d", source="A"))
    with store.session() as s:
        assert [d.text for d in list_documents(s, source="A")] == ["a", "c", "d"]
        assert [d.text for d in list_documents(s, since=dt.date(2017, 3, 8))] == ["b", "c"]
        assert [d.text for d in list_documents(s, until=dt.date(2017, 3, 8))] == ["a", "b"]
        assert list_documents(s, source="nobody") == []


def test_a_failing_transaction_leaves_nothing(store: Store):
    with pytest.raises(RuntimeError), store.session() as s:
        add_document(s, make_doc("written, then rolled back"))
        raise RuntimeError("boom")
    with pytest.raises(UnknownReference), store.session() as s:
        upsert_places(s, PLACES)
        add_document(s, make_doc("also rolled back"))
        replace_claims(s, "doc_missing", "rules", "1", [])
    with store.session() as s:
        assert list_documents(s) == []
        assert place_descendants(s, "p_syria") == set()


# --- places and actors --------------------------------------------------------------


def test_place_descendants_follow_parent_links(store: Store):
    with store.session() as s:
        upsert_places(s, PLACES)
    with store.session() as s:
        assert place_descendants(s, "p_homs_city") == {"p_homs_city", "p_waer"}
        assert place_descendants(s, "p_syria") == {p.id for p in PLACES}
        assert place_descendants(s, "p_waer") == {"p_waer"}
        assert place_descendants(s, "p_nowhere") == set()


def test_upserting_places_and_actors_twice_updates_them(store: Store):
    with store.session() as s:
        upsert_places(s, PLACES)
        upsert_actors(s, [Actor("Syrian government", ActorKind.STATE, aliases=("the regime",))])
    with store.session() as s:
        upsert_places(s, [dataclasses.replace(PLACES[0], latitude=34.74, alternate_names=("al-Waer",))])
        upsert_actors(s, [Actor("Syrian government", ActorKind.STATE, aliases=("the regime", "Damascus"))])
    with store.session() as s:
        assert place_descendants(s, "p_syria") == {p.id for p in PLACES}
        actors = list_actors(s)
    assert [a.aliases for a in actors] == [("the regime", "Damascus")]


# --- claims -------------------------------------------------------------------------


def _claims(doc_id: str) -> list[Claim]:
    return [
        Claim(
            EventType.CEASEFIRE_START,
            doc_id,
            (Span(doc_id, 0, 20),),
            when=When(dt.datetime(2017, 3, 8, 0, 1), Precision.MINUTE),
            place="Waer",
            place_id="p_waer",
            actors=(ActorRole("Russia", Role.MEDIATOR, Span(doc_id, 5, 11)),),
        ),
        Claim(
            EventType.DETAINEES_RELEASED,
            doc_id,
            (Span(doc_id, 30, 60), Span(doc_id, 70, 80)),
            when=When(dt.datetime(2017, 2, 1), Precision.MONTH),
            place_id="p_homs_city",
            quantities=(Quantity(QuantityKind.DETAINEES, 194, Qualifier.EXACT, Span(doc_id, 40, 43)),),
            rule="released_n",
        ),
        Claim(
            EventType.ATTACK_SHELLING,
            doc_id,
            (Span(doc_id, 90, 120),),
            when=When(dt.datetime(2017, 3, 9), Precision.DAY),
            place_id="p_madaya",
            actors=(ActorRole("Syrian government", Role.PERPETRATOR),),
        ),
    ]


@pytest.fixture
def doc_with_places(store: Store) -> str:
    with store.session() as s:
        upsert_places(s, PLACES)
        doc_id, _ = add_document(s, make_doc("x" * 200))
    return doc_id


def test_claims_round_trip(store: Store, doc_with_places: str):
    claims = _claims(doc_with_places)
    with store.session() as s:
        ids = replace_claims(s, doc_with_places, "rules", "1", claims)
    with store.session() as s:
        back = [get_claim(s, i) for i in ids]
    assert [dataclasses.replace(c, id=None, extractor_version="1") for c in back if c] == [
        dataclasses.replace(c, extractor_version="1") for c in claims
    ]


def test_replacing_claims_twice_leaves_the_same_claims(store: Store, doc_with_places: str):
    with store.session() as s:
        first = replace_claims(s, doc_with_places, "rules", "1", _claims(doc_with_places))
    with store.session() as s:
        set_claim_status(s, first[0], Status.CONFIRMED)
    with store.session() as s:
        second = replace_claims(s, doc_with_places, "rules", "1", _claims(doc_with_places))
        stored = list_claims(s, document_id=doc_with_places)
    assert first == second
    assert len(set(first)) == 3
    assert sorted(c.id or "" for c in stored) == sorted(first)
    # The analyst's decision survives re-extraction of the same claim.
    assert {c.id: c.status for c in stored}[first[0]] is Status.CONFIRMED


def test_reviewed_claims_are_the_analysts_record_and_survive_re_extraction(
    store: Store, doc_with_places: str
):
    claims = _claims(doc_with_places)
    with store.session() as s:
        ids = replace_claims(s, doc_with_places, "rules", "1", claims)
        set_claim_status(s, ids[1], Status.CONFIRMED)  # the 194 released
        set_claim_status(s, ids[2], Status.REJECTED)
    # A new run reads the release differently (same words, another figure) and misses the shelling.
    misread = dataclasses.replace(
        claims[1],
        quantities=(Quantity(QuantityKind.DETAINEES, 1940, Qualifier.EXACT, Span(doc_with_places, 40, 43)),),
    )
    with store.session() as s:
        replace_claims(s, doc_with_places, "rules", "2", [claims[0], misread])
        stored = {c.id: c for c in list_claims(s, document_id=doc_with_places)}
    assert set(stored) == set(ids)
    assert stored[ids[1]].status is Status.CONFIRMED
    assert stored[ids[1]].quantities[0].value == 194
    assert stored[ids[2]].status is Status.REJECTED
    assert stored[ids[0]].extractor_version == "2"


def test_a_new_extraction_replaces_the_old_one_but_not_other_extractors(store: Store, doc_with_places: str):
    with store.session() as s:
        replace_claims(s, doc_with_places, "rules", "1", _claims(doc_with_places))
        replace_claims(s, doc_with_places, "manual", "1", _claims(doc_with_places)[:1])
    with store.session() as s:
        replace_claims(s, doc_with_places, "rules", "2", _claims(doc_with_places)[1:2])
        stored = list_claims(s, document_id=doc_with_places)
    assert sorted((c.extractor, c.extractor_version, c.type) for c in stored) == [
        ("manual", "1", EventType.CEASEFIRE_START),
        ("rules", "2", EventType.DETAINEES_RELEASED),
    ]


def test_claims_need_their_places_stored(store: Store):
    with store.session() as s:
        doc_id, _ = add_document(s, make_doc("y" * 200))
    with pytest.raises(UnknownReference, match="p_waer"), store.session() as s:
        replace_claims(s, doc_id, "rules", "1", _claims(doc_id))


def test_list_claims_filters(store: Store, doc_with_places: str):
    with store.session() as s:
        replace_claims(s, doc_with_places, "rules", "1", _claims(doc_with_places))
    with store.session() as s:

        def types(**kw: object) -> list[str]:
            return [c.type.value for c in list_claims(s, **kw)]  # type: ignore[arg-type]

        assert types() == ["detainees.released", "ceasefire.start", "attack.shelling"]
        assert types(types=[EventType.ATTACK_SHELLING]) == ["attack.shelling"]
        homs = place_descendants(s, "p_homs_city")
        assert types(place_ids=homs) == ["detainees.released", "ceasefire.start"]
        # A month-precision claim overlaps any day of its month.
        assert types(since=dt.date(2017, 2, 20), until=dt.date(2017, 3, 8)) == [
            "detainees.released",
            "ceasefire.start",
        ]
        assert types(since=dt.date(2017, 3, 9)) == ["attack.shelling"]
        assert types(until=dt.datetime(2017, 3, 8, 0, 0)) == ["detainees.released"]
        assert types(actor="Syrian government") == ["attack.shelling"]
        assert types(actor="Russia", types=["ceasefire.start"]) == ["ceasefire.start"]
        assert types(status=Status.CONFIRMED) == []


def test_set_status_of_unknown_claim_is_not_found(store: Store):
    with pytest.raises(NotFound), store.session() as s:
        set_claim_status(s, "clm_nope", Status.REJECTED)


# --- events, agreements, ceasefires, sieges -------------------------------------------------


def test_events_link_their_claims(store: Store, doc_with_places: str):
    with store.session() as s:
        claim_ids = replace_claims(s, doc_with_places, "rules", "1", _claims(doc_with_places))
        event_id = save_event(s, Event(EventType.CEASEFIRE_START, (claim_ids[0],), place_id="p_waer"))
    with store.session() as s:
        event = get_event(s, event_id)
        assert event is not None and event.claim_ids == (claim_ids[0],)
        assert get_claim(s, claim_ids[0]).event_id == event_id  # type: ignore[union-attr]
        save_event(s, dataclasses.replace(event, claim_ids=(claim_ids[1],)))
    with store.session() as s:
        assert get_claim(s, claim_ids[0]).event_id is None  # type: ignore[union-attr]
        assert get_event(s, event_id).claim_ids == (claim_ids[1],)  # type: ignore[union-attr]


def test_agreements_round_trip_with_commitments(store: Store, doc_with_places: str):
    d = doc_with_places
    agreement = Agreement(
        AgreementKind.LOCAL_TRUCE,
        "Waer agreement",
        reached=When(dt.datetime(2016, 8, 1), Precision.MONTH),
        effective_from=When(dt.datetime(2016, 8, 1), Precision.MONTH, open_ended=True),
        place_id="p_waer",
        parties=("Syrian government", "Waer negotiating committee"),
        mediators=("Russia",),
        guarantors=("Russia",),
        commitments=(
            Commitment(
                "Syrian government",
                ActionKind.RELEASE_DETAINEES,
                target=7300,
                unit=QuantityKind.DETAINEES,
                qualifier=Qualifier.AT_LEAST,
                deadline=dt.date(2016, 12, 1),
                evidence=(Span(d, 1, 9),),
                id="cmt_1",
            ),
            Commitment("Waer rebels", ActionKind.EVACUATE, id="cmt_2"),
        ),
        evidence=(Span(d, 0, 50),),
    )
    with store.session() as s:
        agreement_id = save_agreement(s, agreement)
    with store.session() as s:
        back = get_agreement(s, agreement_id)
        assert back == dataclasses.replace(agreement, id=agreement_id)
        shorter = dataclasses.replace(back, commitments=back.commitments[:1], status=Status.CONFIRMED)
        assert save_agreement(s, shorter) == agreement_id
    with store.session() as s:
        assert list_agreements(s, place_ids=["p_waer"]) == [shorter]
        assert list_agreements(s, status=Status.PROPOSED) == []


def test_ceasefires_and_sieges_round_trip(store: Store, doc_with_places: str):
    ceasefire = Ceasefire(
        start=When(dt.datetime(2017, 3, 8, 0, 1), Precision.MINUTE),
        place_id="p_waer",
        parties=("Syrian government", "Waer rebels"),
        mediators=("Russia",),
        cf_class=CeasefireClass.BILATERAL,
        written=False,
        evidence=(Span(doc_with_places, 3, 30),),
    )
    siege = Siege(
        "p_waer",
        besieger="Syrian government",
        since=When(dt.datetime(2016, 11, 1), Precision.MONTH, open_ended=True),
    )
    with store.session() as s:
        cf_id = save_ceasefire(s, ceasefire)
        siege_id = save_siege(s, siege)
    with store.session() as s:
        assert get_ceasefire(s, cf_id) == dataclasses.replace(ceasefire, id=cf_id)
        assert get_siege(s, siege_id) == dataclasses.replace(siege, id=siege_id)
        assert list_ceasefires(s, place_ids=place_descendants(s, "p_homs_city")) == [get_ceasefire(s, cf_id)]
        assert list_sieges(s, place_ids=["p_madaya"]) == []


def test_timezone_aware_dates_are_stored_as_utc(store: Store, doc_with_places: str):
    damascus = dt.timezone(dt.timedelta(hours=3))
    start = When(dt.datetime(2017, 3, 8, 0, 1, tzinfo=damascus), Precision.MINUTE)
    with store.session() as s:
        cf_id = save_ceasefire(s, Ceasefire(start=start, place_id="p_waer"))
    with store.session() as s:
        back = get_ceasefire(s, cf_id)
    assert back is not None and back.start.start == dt.datetime(2017, 3, 7, 21, 1)


def test_records_refuse_unknown_places(store: Store):
    with pytest.raises(UnknownReference), store.session() as s:
        save_siege(s, Siege("p_atlantis"))
