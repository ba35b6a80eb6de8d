"""Batch extraction on Dask, and extractions running at once on one database.

Specs:
- a real LocalCluster of two worker processes over a generated corpus, one worker
  killed (SIGKILL) in the middle of the run: the run reports what it lost, running
  it again finishes it, and every claim a one-process extraction finds is stored
  exactly once;
- two processes extracting disjoint halves of a fresh database at once (they share
  places): no UNIQUE failure, every claim stored once; and two processes storing the
  same new places in many small transactions at once (the race the check-then-insert
  of places lost every time);
on SQLite and on PostgreSQL (store_url, tests/conftest.py).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from generated_corpus import add_synthetic_reports
from trucewatch.batch import BatchSummary, run_batch
from trucewatch.store import Store, open_store
from trucewatch.store.tables import ClaimActorRow, ClaimQuantityRow, ClaimRow, EvidenceRow, PlaceRow

pytestmark = pytest.mark.timeout(120)

DOCS = 120
PARTITION = 8


def _snapshot(url: str) -> dict[str, Any]:
    """What extraction stored: every claim with its evidence, actors and quantities, and the counts."""
    store = open_store(url)
    try:
        with store.session() as s:
            claims = sorted(
                s.execute(
                    select(ClaimRow.id, ClaimRow.document_id, ClaimRow.type, ClaimRow.place_id, ClaimRow.rule)
                ).all()
            )
            children = {
                table.__tablename__: sorted(
                    s.execute(select(*(c for c in table.__table__.columns if c.name != "claim_id"))).all()
                )
                for table in (EvidenceRow, ClaimActorRow, ClaimQuantityRow)
            }
            places = s.scalar(select(func.count()).select_from(PlaceRow))
    finally:
        store.close()
    return {"claims": claims, "children": children, "places": places}


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """Two worker processes, one thread each; a task on a worker that dies is not retried
    elsewhere (allowed-failures 0), so a killed worker loses its partition for this run."""
    import dask
    import distributed

    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        local = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        )
    client = distributed.Client(local)
    try:
        yield client
    finally:
        client.close()
        local.close()


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The same corpus extracted in one process, without Dask: what every run must end with."""
    url = f"sqlite:///{tmp_path_factory.mktemp('batch') / 'reference.db'}"
    store = open_store(url)
    add_synthetic_reports(store, DOCS, seed=7)
    store.close()
    summary = run_batch(url, workers=0, partition_size=PARTITION)
    assert summary.complete and summary.documents == DOCS
    return _snapshot(url)


def _kill_a_busy_worker(client: Any) -> None:
    """SIGKILL a worker process while it runs a partition (its nanny starts a new one)."""
    for address, tasks in client.processing().items():
        if tasks:
            pid = client.run(os.getpid, workers=[address])[address]
            os.kill(pid, signal.SIGKILL)
            return
    raise AssertionError("no worker was busy")


def test_a_killed_worker_loses_nothing_and_a_second_run_stores_each_claim_once(
    store_url: str, cluster: Any, reference: dict[str, Any]
) -> None:
    store = open_store(store_url)
    add_synthetic_reports(store, DOCS, seed=7)
    store.close()
    cluster.wait_for_workers(2, timeout=60)
    killed = threading.Event()

    def progress(done: int, total: int) -> None:
        if done > 0 and not killed.is_set():  # a partition is in: the workers are warm and busy
            killed.set()
            _kill_a_busy_worker(cluster)

    first = run_batch(store_url, client=cluster, partition_size=PARTITION, progress=progress)
    assert killed.is_set()
    assert first.lost, "the killed worker's partition should have been lost in this run"
    assert "KilledWorker" in first.lost[0]
    assert first.documents < DOCS

    cluster.wait_for_workers(1, timeout=60)
    second = run_batch(store_url, client=cluster, partition_size=PARTITION)
    assert second.complete, second.lost
    # What the first run did not commit: not what it reported (a killed worker may have
    # committed its partition before dying, unreported), at most that, and at least that
    # less the lost partitions.
    assert DOCS - first.documents - PARTITION * len(first.lost) <= second.listed <= DOCS - first.documents

    stored = _snapshot(store_url)
    assert stored["claims"] == reference["claims"]  # each claim exactly once, none missing
    assert stored["children"] == reference["children"]
    assert stored["places"] == reference["places"]

    # A third run finds nothing left but the documents that yield no claim.
    third = run_batch(store_url, client=cluster, partition_size=PARTITION)
    documents_with_claims = len({c.document_id for c in reference["claims"]})
    assert (third.listed, third.skipped) == (DOCS - documents_with_claims, documents_with_claims)
    assert _snapshot(store_url) == stored


def test_batch_in_this_process_is_idempotent(store_url: str, reference: dict[str, Any]) -> None:
    store = open_store(store_url)
    add_synthetic_reports(store, DOCS, seed=7)
    store.close()
    first = run_batch(store_url, workers=0, partition_size=PARTITION)
    again = run_batch(store_url, workers=0, partition_size=PARTITION, redo=True)
    assert first.complete and again.complete
    assert (first.claims, again.claims) == (len(reference["claims"]),) * 2
    assert _snapshot(store_url) == reference


# --- two writers at once -------------------------------------------------------------


def _extract_half(url: str, ids: list[str], ready: Any, errors: Any) -> None:
    """In its own process: load the pipeline, wait for the other, extract (extract --all's path)."""
    try:
        from trucewatch.extract.pipeline import default_pipeline
        from trucewatch.extract_store import extract_and_store

        pipeline = default_pipeline()
        store = open_store(url)
        ready.wait(60)
        summary = extract_and_store(store, ids, pipeline)
        store.close()
        if summary.failed or summary.missing:
            errors.put(f"{summary.failed} {summary.missing}")
    except BaseException as exc:  # reported to the test, whatever it is
        errors.put(f"{type(exc).__name__}: {exc}")


def test_two_extractions_at_once_on_a_fresh_database_store_each_claim_once(
    store_url: str, reference: dict[str, Any]
) -> None:
    """Two processes on disjoint halves share every place: no `UNIQUE constraint failed: places.id`."""
    store: Store = open_store(store_url)
    ids = add_synthetic_reports(store, DOCS, seed=7)
    store.close()
    spawn = multiprocessing.get_context("spawn")
    ready, errors = spawn.Barrier(2), spawn.Queue()
    halves = [ids[0::2], ids[1::2]]
    workers = [spawn.Process(target=_extract_half, args=(store_url, h, ready, errors)) for h in halves]
    for w in workers:
        w.start()
    for w in workers:
        w.join(90)
    failures = [errors.get() for _ in range(errors.qsize())] if not errors.empty() else []
    assert not failures
    assert [w.exitcode for w in workers] == [0, 0]
    assert _snapshot(store_url) == reference


def test_batch_summary_is_complete_only_without_lost_partitions() -> None:
    assert BatchSummary().complete
    assert not BatchSummary(lost=["#3: KilledWorker"]).complete


def _upsert_the_same_places(url: str, ready: Any, errors: Any) -> None:
    """In its own process: 100 transactions, each storing a new town and its new country."""
    try:
        from trucewatch.model import Place
        from trucewatch.store import upsert_places

        store = open_store(url)
        ready.wait(60)
        for i in range(100):
            country = Place(name=f"Country {i}", country_code="SY", kind="country", id=f"c{i}")
            town = Place(name=f"Town {i}", country_code="SY", kind="town", parent_id=f"c{i}", id=f"t{i}")
            with store.session() as session:
                upsert_places(session, [town, country])
        store.close()
    except BaseException as exc:
        errors.put(f"{type(exc).__name__}: {exc}")


def test_two_processes_storing_the_same_new_places_at_once_both_succeed(store_url: str) -> None:
    spawn = multiprocessing.get_context("spawn")
    ready, errors = spawn.Barrier(2), spawn.Queue()
    workers = [spawn.Process(target=_upsert_the_same_places, args=(store_url, ready, errors)) for _ in "ab"]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    failures = [errors.get() for _ in range(errors.qsize())] if not errors.empty() else []
    assert not failures
    assert [w.exitcode for w in workers] == [0, 0]
    store = open_store(store_url)
    with store.session() as s:
        parents = {row.id: row.parent_id for row in s.execute(select(PlaceRow.id, PlaceRow.parent_id))}
    store.close()
    assert parents == {**{f"c{i}": None for i in range(100)}, **{f"t{i}": f"c{i}" for i in range(100)}}


# --- the command line ----------------------------------------------------------------------


def test_batch_command_extracts_once_and_a_second_run_finds_nothing_new(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    import trucewatch.cli.commands  # noqa: F401  registers the verbs
    from trucewatch.cli import app

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    store = open_store(url)
    add_synthetic_reports(store, 30, seed=3)
    store.close()
    runner = CliRunner()
    env = {"TRUCEWATCH_DATABASE_URL": ""}
    first = runner.invoke(app, ["--db", url, "batch", "--workers", "0", "--partition-size", "10"], env=env)
    assert first.exit_code == 0, first.output
    assert "30 documents to extract in 3 partitions on this process (0 already extracted)" in first.output
    claims = _snapshot(url)["claims"]
    assert f"{len(claims)} claims from 30 documents" in first.output
    second = runner.invoke(app, ["--db", url, "batch", "--workers", "0"], env=env)
    assert second.exit_code == 0, second.output
    done = len({c.document_id for c in claims})
    assert f"({done} already extracted)" in second.output
    assert _snapshot(url)["claims"] == claims
    both = runner.invoke(app, ["--db", url, "batch", "--workers", "2", "--scheduler", "tcp://x:1"], env=env)
    assert both.exit_code == 2
