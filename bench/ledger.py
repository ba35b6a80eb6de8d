"""Benchmark: every ledger over 100,000 generated events, against one plain SQL aggregate.

    .venv/bin/python bench/ledger.py [--events 100000] [--agreements 1000] [--ceasefires 500]
                                     [--postgres postgresql+psycopg://USER@HOST/DB]

Builds a SQLite file (or, with --postgres, a new database on that server) of
synthetic events (each one claim, every tenth also reported by a second
document, so duplicates are exercised), 1,000 stored
agreements and 500 stored ceasefires over a gazetteer of ~850 places
(country > governorates > cities > neighbourhoods), plus siege claims from
which sieges are proposed. Then times, in the same run:

- the ledger: compliance of every agreement, violations of every ceasefire
  and access of every siege, as of one date (service.*_ledgers);
- one plain SQL aggregate over the same rows: claims joined to their
  quantities, grouped by place and type (count and sum);
- the same ceasefires' violations counted by the database
  (service.ceasefire_violations), and how many of its counts equal the ledger's.

It prints the times and their ratios to the aggregate. Then the stored ledger (trucewatch.stored_ledger) as of
the same day: its first read (folding the build's change log, computing everything and storing
it), a read of what is stored, and a read after `--add` (100) new claims at random places and
days (the dirty records recomputed, the others read), each next to the SQL aggregate. Reads are
timed as a fresh process finds the stored ledger (every entry decoded) and as a running server
does (entries decoded once per change, kept by the process).
No assertions: figures, not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from scratch_database import postgres_database
from sqlalchemy import func, insert, select

from trucewatch import ledger_service as service
from trucewatch import store, stored_ledger
from trucewatch.ledger.ceasefires import ViolationCounts
from trucewatch.model import (
    ActionKind,
    Agreement,
    AgreementKind,
    Ceasefire,
    Commitment,
    EventType,
    Place,
    Precision,
    QuantityKind,
    Status,
    When,
)
from trucewatch.store import stored_ledger as ledger_rows
from trucewatch.store.tables import (
    ClaimActorRow,
    ClaimQuantityRow,
    ClaimRow,
    DocumentRow,
    EventRow,
    EvidenceRow,
)

ACTORS = ["Syrian government", "Opposition group A", "Opposition group B", "Militia C", "Foreign forces D"]
TYPES = [
    (EventType.ATTACK_SHELLING, 30),
    (EventType.ATTACK_AIRSTRIKE, 20),
    (EventType.ATTACK_CLASH, 10),
    (EventType.ATTACK_AID, 3),
    (EventType.AID_DELIVERED, 12),
    (EventType.AID_BLOCKED, 5),
    (EventType.DETAINEES_RELEASED, 8),
    (EventType.EVACUATION, 7),
    (EventType.SIEGE_IMPOSED, 2),
    (EventType.AGREEMENT_REACHED, 1),
    (EventType.CEASEFIRE_START, 2),
]
START = dt.datetime(2016, 1, 1)
DAYS = 3 * 365


def gazetteer(rng: random.Random) -> tuple[list[Place], list[str]]:
    places = [Place("Country", kind="country", id="p_country")]
    leaves: list[str] = []
    for g in range(14):
        gid = f"p_g{g}"
        places.append(Place(f"Governorate {g}", kind="governorate", parent_id="p_country", id=gid))
        for c in range(10):
            cid = f"{gid}_c{c}"
            places.append(Place(f"City {g}.{c}", kind="city", parent_id=gid, id=cid))
            leaves.append(cid)
            for n in range(5):
                nid = f"{cid}_n{n}"
                places.append(Place(f"District {g}.{c}.{n}", kind="neighbourhood", parent_id=cid, id=nid))
                leaves.append(nid)
    return places, leaves


def build(url: str, n_events: int, n_agreements: int, n_ceasefires: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    places, leaves = gazetteer(rng)
    cities = [p.id for p in places if p.kind == "city" and p.id]
    s = store.open_store(url)
    now = dt.datetime(2026, 1, 1)
    with s.session() as session:
        store.upsert_places(session, places)
        docs = []
        for i in range(1000):
            text = f"Synthetic benchmark report {i}. " + "word " * 200
            docs.append(
                {
                    "id": f"doc_{i:016d}",
                    "content_hash": hashlib.sha256(text.encode()).hexdigest(),
                    "text": text,
                    "title": None,
                    "url": None,
                    "published": (START + dt.timedelta(days=rng.randrange(DAYS))).date(),
                    "language": "en",
                    "source_id": None,
                    "confidential": False,
                    "origin": None,
                    "ingested_at": now,
                }
            )
        session.execute(insert(DocumentRow), docs)
        kinds = [t for t, _ in TYPES]
        weights = [w for _, w in TYPES]
        events: list[dict[str, Any]] = []
        claims: list[dict[str, Any]] = []
        evidence: list[dict[str, Any]] = []
        actors: list[dict[str, Any]] = []
        quantities: list[dict[str, Any]] = []
        for i in range(n_events):
            type_ = rng.choices(kinds, weights)[0]
            day = START + dt.timedelta(days=rng.randrange(DAYS))
            place = rng.choice(leaves)
            when = {
                "when_start": day,
                "when_end": None,
                "when_precision": Precision.DAY.value,
                "when_open_ended": False,
                "when_last": day + dt.timedelta(days=1),
            }
            event_id = f"evt_{i:020d}"
            events.append(
                {
                    "id": event_id,
                    "type": type_.value,
                    "place_id": place,
                    "actors": [],
                    "status": "proposed",
                    "created_at": now,
                    **when,
                }
            )
            perpetrator = rng.choice(ACTORS) if rng.random() < 0.8 else None
            value = None
            if type_ in (EventType.DETAINEES_RELEASED, EventType.EVACUATION):
                value = rng.randrange(5, 500)
            for k in range(2 if i % 10 == 0 else 1):  # every tenth event is reported twice
                doc = docs[(i * 7 + k * 13) % len(docs)]["id"]
                cid = f"clm_{i:020d}_{k}"
                claims.append(
                    {
                        "id": cid,
                        "document_id": doc,
                        "type": type_.value,
                        "place": None,
                        "place_id": place,
                        "extractor": "bench",
                        "extractor_version": "1",
                        "rule": None,
                        "status": "proposed",
                        "event_id": event_id,
                        "created_at": now,
                        **when,
                    }
                )
                evidence.append({"claim_id": cid, "position": 0, "document_id": doc, "start": 0, "end": 20})
                if perpetrator:
                    role = "party" if type_ == EventType.AGREEMENT_REACHED else "perpetrator"
                    actors.append({"claim_id": cid, "position": 0, "actor": perpetrator, "role": role})
                if value is not None:
                    kind = (
                        QuantityKind.DETAINEES
                        if type_ == EventType.DETAINEES_RELEASED
                        else QuantityKind.PEOPLE
                    )
                    quantities.append(
                        {
                            "claim_id": cid,
                            "position": 0,
                            "kind": kind.value,
                            "value": value,
                            "qualifier": "exact",
                        }
                    )
        for table, rows in (
            (EventRow, events),
            (ClaimRow, claims),
            (EvidenceRow, evidence),
            (ClaimActorRow, actors),
            (ClaimQuantityRow, quantities),
        ):
            for j in range(0, len(rows), 20_000):
                session.execute(insert(table), rows[j : j + 20_000])
    with s.session() as session:
        for i in range(n_agreements):
            reached = START + dt.timedelta(days=rng.randrange(DAYS // 2))
            store.save_agreement(
                session,
                Agreement(
                    kind=AgreementKind.LOCAL_TRUCE,
                    title=f"Benchmark agreement {i}",
                    reached=When(reached, Precision.DAY),
                    place_id=rng.choice(cities + leaves),
                    parties=("Syrian government", rng.choice(ACTORS[1:])),
                    commitments=(
                        Commitment(
                            "Syrian government",
                            ActionKind.RELEASE_DETAINEES,
                            rng.randrange(100, 5000),
                            QuantityKind.DETAINEES,
                            id=f"cmt_{i}_0",
                        ),
                        Commitment(
                            ACTORS[1],
                            ActionKind.EVACUATE,
                            rng.randrange(100, 5000),
                            QuantityKind.PEOPLE,
                            id=f"cmt_{i}_1",
                        ),
                        Commitment("Syrian government", ActionKind.ALLOW_AID, id=f"cmt_{i}_2"),
                    ),
                    status=Status.CONFIRMED,
                    id=f"agr_{i:06d}",
                ),
            )
        for i in range(n_ceasefires):
            start = START + dt.timedelta(days=rng.randrange(DAYS))
            store.save_ceasefire(
                session,
                Ceasefire(
                    start=When(start, Precision.DAY),
                    end=When(start + dt.timedelta(days=rng.randrange(3, 60)), Precision.DAY),
                    place_id=rng.choice(cities),
                    status=Status.CONFIRMED,
                    id=f"cf_{i:06d}",
                ),
            )
    s.close()


def add_claims(url: str, n: int, seed: int = 11) -> None:
    """`n` more claims, each its own event, at random places and days (as an extraction adds them)."""
    rng = random.Random(seed)
    _, leaves = gazetteer(rng)
    s = store.open_store(url)
    now = dt.datetime(2026, 1, 2)
    # attacks, aid, releases, evacuations: no new deal, truce or siege (those recompute a whole list)
    listed = (EventType.AGREEMENT_REACHED, EventType.CEASEFIRE_START, EventType.SIEGE_IMPOSED)
    kinds = [t for t, _ in TYPES if t not in listed]
    weights = [w for t, w in TYPES if t not in listed]
    with s.session() as session:
        for i in range(n):
            type_ = rng.choices(kinds, weights)[0]
            day = START + dt.timedelta(days=rng.randrange(DAYS))
            cid = f"clm_added_{seed}_{i:012d}"
            doc = f"doc_{rng.randrange(1000):016d}"
            session.execute(
                insert(ClaimRow).values(
                    id=cid,
                    document_id=doc,
                    type=type_.value,
                    place=None,
                    place_id=rng.choice(leaves),
                    extractor="bench",
                    extractor_version="1",
                    rule=None,
                    status="proposed",
                    event_id=None,
                    created_at=now,
                    when_start=day,
                    when_end=None,
                    when_precision=Precision.DAY.value,
                    when_open_ended=False,
                    when_last=day + dt.timedelta(days=1),
                )
            )
            session.execute(
                insert(EvidenceRow).values(claim_id=cid, position=0, document_id=doc, start=0, end=20)
            )
            session.execute(
                insert(ClaimActorRow).values(
                    claim_id=cid, position=0, actor=rng.choice(ACTORS), role="perpetrator"
                )
            )
    s.close()


def stored_read(url: str, as_of: dt.date) -> tuple[float, int]:
    """Seconds to read every stored ledger as of `as_of` (refreshing what is dirty), and how many."""
    s = store.open_store(url)
    with s.session() as session:
        t0 = time.perf_counter()
        n = sum(
            len(f(session, as_of=as_of))
            for f in (
                stored_ledger.agreement_ledgers,
                stored_ledger.ceasefire_ledgers,
                stored_ledger.siege_ledgers,
            )
        )
        took = time.perf_counter() - t0
    s.close()
    return took, n


def stored_records(url: str, as_of: dt.date) -> tuple[float, int]:
    """Seconds to read every stored record (what the API's lists read), and how many."""
    s = store.open_store(url)
    with s.session() as session:
        t0 = time.perf_counter()
        n = sum(
            len(stored_ledger.records(session, k, as_of=as_of)) for k in ("agreement", "ceasefire", "siege")
        )
        took = time.perf_counter() - t0
    s.close()
    return took, n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--agreements", type=int, default=1_000)
    parser.add_argument("--ceasefires", type=int, default=500)
    parser.add_argument("--add", type=int, default=100, help="claims added before the incremental read")
    parser.add_argument("--db", type=Path, help="SQLite file to build (default: a temporary file)")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="a PostgreSQL server to run on instead (a new database, dropped after)",
    )
    args = parser.parse_args()
    if args.postgres:
        with postgres_database(args.postgres) as url:
            run(url, args)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.db"
        path.unlink(missing_ok=True)
        run(f"sqlite:///{path}", args)


def run(url: str, args: argparse.Namespace) -> None:
    """Build the database at `url` and time every read of it (see the module's docstring)."""
    t0 = time.perf_counter()
    build(url, args.events, args.agreements, args.ceasefires)
    s = store.open_store(url)
    print(
        f"built {s.url}: {args.events:,} events, {args.agreements:,} agreements, "
        f"{args.ceasefires:,} ceasefires in {time.perf_counter() - t0:.1f} s"
    )
    as_of = dt.date(2019, 1, 1)
    with s.session() as session:
        n_claims = session.scalar(select(func.count()).select_from(ClaimRow))
        aggregate = (
            select(ClaimRow.place_id, ClaimRow.type, func.count(), func.sum(ClaimQuantityRow.value))
            .outerjoin(ClaimQuantityRow, ClaimQuantityRow.claim_id == ClaimRow.id)
            .group_by(ClaimRow.place_id, ClaimRow.type)
        )
        sql_s = float("inf")
        for _ in range(3):  # the best of three: on a shared machine one run can take 5x another
            t0 = time.perf_counter()
            rows = session.execute(aggregate).all()
            sql_s = min(sql_s, time.perf_counter() - t0)
        timings = {}
        t_all = time.perf_counter()
        t0 = time.perf_counter()
        agreements = service.agreement_ledgers(session, as_of=as_of)
        timings["agreements"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        ceasefires = service.ceasefire_ledgers(session, as_of=as_of)
        timings["ceasefires"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        sieges = service.siege_ledgers(session, as_of=as_of)
        timings["sieges"] = time.perf_counter() - t0
        ledger_s = time.perf_counter() - t_all
        # The same ceasefires' violation counts by one SQL statement (store.violations), and
        # whether they are the Python ledger's.
        listed = service.all_ceasefires(session, as_of=as_of)
        t0 = time.perf_counter()
        counted = service.ceasefire_violations(session, listed, as_of=as_of)
        counts_s = time.perf_counter() - t0
        python_counts = {cl.ceasefire.id: ViolationCounts.of(cl) for cl in ceasefires}
        same = sum(c == python_counts.get(c.ceasefire_id) for c in counted)
        n_violations = sum(c.violations for c in counted)
    s.close()
    print(f"claims stored: {n_claims:,}")
    print(
        "plain SQL aggregate (claims x quantities, group by place, type; best of 3): "
        f"{sql_s:.3f} s, {len(rows):,} groups"
    )
    print(
        f"all ledgers: {ledger_s:.3f} s — "
        f"{len(agreements):,} agreements ({timings['agreements']:.2f} s), "
        f"{len(ceasefires):,} ceasefires ({timings['ceasefires']:.2f} s), "
        f"{len(sieges):,} sieges ({timings['sieges']:.2f} s)"
    )
    print(f"ratio ledger / SQL aggregate: {ledger_s / sql_s:.1f}x")
    print(
        f"violations per ceasefire, party and day in SQL: {counts_s:.3f} s for {len(counted):,} "
        f"ceasefires ({n_violations:,} violations), {counts_s / sql_s:.1f}x the SQL aggregate "
        f"(against the Python ledger's {timings['ceasefires'] / sql_s:.1f}x); "
        f"the Python ledger's counts for {same:,} of {len(counted):,}"
    )
    print(f"peak RSS so far (the computed ledgers held): {_peak_rss_mb():,.0f} MB")
    # the stored reads below are timed and sized as a server finds them, not beside these
    del agreements, ceasefires, sieges
    first, n = stored_read(url, as_of)
    print(
        f"stored ledger, first read (fold the build's log, compute all, store): {first:.3f} s, "
        f"{n:,} records — {first / sql_s:.1f}x the SQL aggregate"
    )
    stored_ledger._DECODED.clear()  # as a new process finds it: every entry to decode
    cold, n = stored_read(url, as_of)
    print(
        f"stored ledger, read by a fresh process: {cold:.3f} s, {n:,} records — "
        f"{cold / sql_s:.1f}x the SQL aggregate"
    )
    warm, n = stored_read(url, as_of)
    print(
        f"stored ledger, read again by the same process (decoded entries kept): {warm:.3f} s — "
        f"{warm / sql_s:.1f}x the SQL aggregate"
    )
    listed, n = stored_records(url, as_of)
    print(
        f"stored ledger, the records alone (the API's lists): {listed:.3f} s, {n:,} records — "
        f"{listed / sql_s:.1f}x the SQL aggregate"
    )
    add_claims(url, args.add)
    s = store.open_store(url)
    session = s.new_session()  # a look at what the new claims make dirty, rolled back: the timed
    try:  # read below folds the log itself
        stored_ledger.fold_changes(session)
        dirty = [e for e in ledger_rows.read_entries(session) if e.dirty and e.audience == "full"]
        states = [ledger_rows.read_state(session, k, "full") for k in ("agreement", "ceasefire", "siege")]
    finally:
        session.rollback()
        session.close()
    s.close()
    stale = [k for k, st in zip(("agreement", "ceasefire", "siege"), states, strict=True) if st and st.stale]
    inc, n = stored_read(url, as_of)
    print(
        f"stored ledger after {args.add} new attack, aid, release and evacuation claims "
        f"({len(dirty):,} records dirty, lists recomputed: "
        f"{', '.join(stale) or 'none'}): {inc:.3f} s — {inc / sql_s:.1f}x the SQL aggregate, "
        f"{inc / ledger_s:.2f}x the full recompute"
    )
    print(f"peak RSS of this process: {_peak_rss_mb():,.0f} MB")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
