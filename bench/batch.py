#!/usr/bin/env python3
"""Batch extraction throughput: one process next to Dask with 1 and 2 workers, same corpus.

    .venv/bin/python bench/batch.py [--docs 2000] [--partition-size 1000] [--postgres URL]
    .venv/bin/python bench/batch.py --docs 100000
    .venv/bin/python bench/batch.py --docs 100000 --postgres URL --bulk-load-only

Generates --docs invented reports (tests/generated_corpus.py, no evaluation text) into one
SQLite file, then extracts the whole corpus from a fresh copy of that file each time:

    extract --all        today's one-process path (extract_store.extract_and_store:
                         one transaction per document)
    batch, no Dask       run_batch(workers=0): the partitions in this process, bulk writes
    Dask, 1 worker       run_batch on a LocalCluster of 1 worker process
    Dask, 2 workers      ... of 2 worker processes

Each is given in documents per second of wall-clock time and as a ratio to `extract --all`.
The pipeline is loaded before the clock starts everywhere (in this process, and on every
Dask worker by a warm-up call), and the cluster is started before it too (its start-up
time is printed on its own line). With --postgres URL (a server the user may create
databases on) the 2-worker run is repeated on PostgreSQL, and first the store's bulk
write of the claims (rows/s) is timed next to psql's `\\copy` of the same rows
(--bulk-load-only: that alone). Prints the machine's core count and load average: the
machine may be shared, and wall-clock ratios then say less.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from scratch_database import postgres_database

from trucewatch.batch import PARTITION_SIZE

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the generated corpus lives there


def _fresh_copy(template: Path, folder: Path, name: str) -> str:
    """A copy of the corpus, migrated to the newest schema this checkout has (a tree being
    edited may gain a migration during a long run)."""
    from trucewatch.store import upgrade
    from trucewatch.store.db import create_store_engine

    path = folder / f"{name}.db"
    shutil.copyfile(template, path)
    engine = create_store_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return f"sqlite:///{path}"


def _claims(url: str) -> int:
    from sqlalchemy import func, select

    from trucewatch.store import open_store
    from trucewatch.store.tables import ClaimRow

    store = open_store(url)
    try:
        with store.session() as s:
            return int(s.scalar(select(func.count()).select_from(ClaimRow)) or 0)
    finally:
        store.close()


def _warm(client: Any) -> None:
    from trucewatch.batch import warm_up

    client.run(warm_up)


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _dask_run(url: str, workers: int, partition_size: int) -> tuple[float, float, float, int]:
    """(cluster start-up seconds, run seconds, CPU seconds of this process and the workers,
    claims stored) on a LocalCluster of `workers`."""
    from distributed import Client, LocalCluster

    from trucewatch.batch import run_batch

    started = time.perf_counter()
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    _warm(client)
    startup = time.perf_counter() - started
    try:
        cpu0 = _cpu_seconds() + sum(client.run(_cpu_seconds).values())
        t0 = time.perf_counter()
        summary = run_batch(url, client=client, partition_size=partition_size)
        seconds = time.perf_counter() - t0
        cpu = _cpu_seconds() + sum(client.run(_cpu_seconds).values()) - cpu0
    finally:
        client.close()
        cluster.close()
    assert summary.complete, summary.lost
    _split(summary)
    return startup, seconds, cpu, summary.claims


def _split(summary: Any) -> None:
    total = summary.read_seconds + summary.extract_seconds + summary.write_seconds
    print(
        f"  (partitions' time on the workers: read {summary.read_seconds / total:.0%},"
        f" extract {summary.extract_seconds / total:.0%}, write {summary.write_seconds / total:.0%}"
        f" of {total:.1f} s)"
    )


def _copy_corpus(template: Path, url: str) -> None:
    """The corpus of the SQLite template (sources and documents) into the database at `url`."""
    from sqlalchemy import insert, select

    from trucewatch.store import open_store
    from trucewatch.store.tables import DocumentRow, SourceRow

    source = open_store(f"sqlite:///{template}")
    target = open_store(url)
    with source.session() as s, target.session() as t:
        for table in (SourceRow, DocumentRow):
            rows = [dict(r._mapping) for r in s.execute(select(*table.__table__.columns))]
            for i in range(0, len(rows), 5000):
                t.execute(insert(table), rows[i : i + 5000])
    source.close()
    target.close()


def _psql(url: str, command: str) -> None:
    """Run one psql meta-command (\\copy) against the database at `url` (a SQLAlchemy URL)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url).set(drivername="postgresql")
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)  # not on the command line
    plain = parsed.set(password=None).render_as_string()
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", plain, "-c", command], check=True, env=env)


def _bulk_load_against_copy(template: Path, server: str, partition_size: int, folder: Path) -> None:
    """PostgreSQL: the store's bulk write of claims (replace_claims_of_documents, a transaction
    per partition as `batch` writes: the references checked, earlier claims deleted, each
    table's rows COPYed in) in rows per second, next to psql's `\\copy` of the same rows, read
    back as CSV, into the same tables emptied (the same indexes and triggers; no checks, one
    transaction per table). The claims are extracted first, off the clock."""
    from sqlalchemy import func, select, text

    from trucewatch.extract.assemble import EXTRACTOR, EXTRACTOR_VERSION
    from trucewatch.extract.pipeline import extract_document
    from trucewatch.extract_store import places_with_ancestors
    from trucewatch.model import Claim, Place
    from trucewatch.store import open_store, place_key, upsert_places
    from trucewatch.store.claims import replace_claims_of_documents
    from trucewatch.store.corpus import document_ids, document_texts
    from trucewatch.store.tables import ClaimActorRow, ClaimQuantityRow, ClaimRow, EvidenceRow

    tables = [t.__table__.name for t in (ClaimRow, EvidenceRow, ClaimActorRow, ClaimQuantityRow)]
    with postgres_database(server) as url:
        _copy_corpus(template, url)
        store = open_store(url)
        claims: dict[str, list[Claim]] = {}
        places: dict[str, Place] = {}
        with store.session() as s:
            ids = document_ids(s)
            texts = document_texts(s, ids)
        for doc in texts:
            analysis = extract_document(doc.id, doc.text, doc.published, doc.language)
            claims[doc.id] = list(analysis.claims)
            for place in places_with_ancestors(analysis):
                places.setdefault(place_key(place), place)
        with store.session() as s:
            upsert_places(s, places.values())
        t0 = time.perf_counter()
        for i in range(0, len(ids), partition_size):
            with store.session() as s:
                part = ids[i : i + partition_size]
                replace_claims_of_documents(s, EXTRACTOR, EXTRACTOR_VERSION, {d: claims[d] for d in part})
        bulk = time.perf_counter() - t0
        with store.session() as s:
            rows = sum(int(s.scalar(select(func.count()).select_from(text(f'"{t}"'))) or 0) for t in tables)
        files = {t: folder / f"{t}.csv" for t in tables}
        for t in tables:
            _psql(url, f"\\copy \"{t}\" TO '{files[t]}' CSV")
        with store.session() as s:
            s.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables)))
        store.close()
        t0 = time.perf_counter()
        for t in tables:  # claims first: the others refer to them
            _psql(url, f"\\copy \"{t}\" FROM '{files[t]}' CSV")
        copy = time.perf_counter() - t0
    print(
        f"\nPostgreSQL bulk load of {rows:,} rows (claims, evidence, actors, figures):"
        f" the store's writer {rows / bulk:,.0f} rows/s ({bulk:.1f} s),"
        f" psql \\copy {rows / copy:,.0f} rows/s ({copy:.1f} s): {copy / bulk:.2f}x \\copy (target >= 0.5)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=2000, help="generated reports (e.g. 100000)")
    parser.add_argument("--partition-size", type=int, default=PARTITION_SIZE)
    parser.add_argument("--postgres", help="a PostgreSQL server URL: repeat the 2-worker run there")
    parser.add_argument(
        "--keep", type=Path, help="a folder to keep the databases in (default: a temp folder)"
    )
    parser.add_argument(
        "--bulk-load-only",
        action="store_true",
        help="with --postgres: only the bulk load next to psql's \\copy, not the extraction runs",
    )
    args = parser.parse_args()

    from generated_corpus import add_synthetic_reports
    from trucewatch.batch import run_batch, warm_up
    from trucewatch.extract.pipeline import default_pipeline
    from trucewatch.extract_store import extract_and_store
    from trucewatch.store import open_store

    folder = args.keep or Path(tempfile.mkdtemp(prefix="trucewatch-bench-batch-"))
    folder.mkdir(parents=True, exist_ok=True)
    cores = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    print(f"machine: {cores} cores ({usable} usable by this process), load average {os.getloadavg()}")
    template = folder / "corpus.db"
    if template.exists():
        template.unlink()
    store = open_store(f"sqlite:///{template}")
    t0 = time.perf_counter()
    add_synthetic_reports(store, args.docs)
    store.close()
    print(f"corpus: {args.docs} generated reports stored in {time.perf_counter() - t0:.1f} s")
    warm_up()  # the pipeline, and what it loads at its first document, before any clock starts

    if args.postgres:
        _bulk_load_against_copy(template, args.postgres, args.partition_size, folder)
        if args.bulk_load_only:
            if args.keep is None:
                shutil.rmtree(folder, ignore_errors=True)
            return 0
    results: list[tuple[str, float, float, int]] = []

    url = _fresh_copy(template, folder, "one-process")
    store = open_store(url)
    cpu0, t0 = _cpu_seconds(), time.perf_counter()
    summary = extract_and_store(store, None, default_pipeline())
    wall, cpu = time.perf_counter() - t0, _cpu_seconds() - cpu0
    results.append(("extract --all (one process)", wall, cpu, summary.claims))
    store.close()

    url = _fresh_copy(template, folder, "batch-in-process")
    cpu0, t0 = _cpu_seconds(), time.perf_counter()
    batch = run_batch(url, workers=0, partition_size=args.partition_size)
    wall, cpu = time.perf_counter() - t0, _cpu_seconds() - cpu0
    results.append(("batch, no Dask (one process)", wall, cpu, batch.claims))
    _split(batch)

    for workers in (1, 2):
        url = _fresh_copy(template, folder, f"dask-{workers}")
        startup, wall, cpu, claims = _dask_run(url, workers, args.partition_size)
        results.append((f"Dask, {workers} worker{'s' * (workers > 1)} (SQLite)", wall, cpu, claims))
        print(f"  (LocalCluster of {workers} started and warmed in {startup:.1f} s, not counted)")

    if args.postgres:
        with postgres_database(args.postgres) as url:
            _copy_corpus(template, url)
            startup, wall, cpu, claims = _dask_run(url, 2, args.partition_size)
            results.append(("Dask, 2 workers (PostgreSQL)", wall, cpu, claims))

    base = args.docs / results[0][1]
    columns = ("seconds", 8), ("docs/s", 7), ("ratio", 6), ("CPU s", 7), ("docs/CPU s", 10), ("claims", 7)
    print(f"\n{'run':32} " + " ".join(f"{name:>{width}}" for name, width in columns))
    for name, wall, cpu, claims in results:
        rate = args.docs / wall
        per_cpu = args.docs / cpu
        print(f"{name:32} {wall:8.1f} {rate:7.0f} {rate / base:6.2f} {cpu:7.1f} {per_cpu:10.0f} {claims:7}")
    print("(ratio: docs/s over extract --all's; CPU s: this process's and the Dask workers' CPU time)")
    counts = {claims for *_, claims in results}
    if len(counts) != 1:
        print(f"claims differ between runs: {sorted(counts)}", file=sys.stderr)
        return 1
    print(f"\nload average after: {os.getloadavg()}")
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":  # a LocalCluster's workers import this script again
    sys.exit(main())
