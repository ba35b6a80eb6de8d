"""Batch extraction: the pure extraction function over a stored corpus, in partitions, on Dask.

    summary = run_batch("sqlite:///trucewatch.db")                 # a LocalCluster, one worker per core
    summary = run_batch(url, scheduler="tcp://10.0.0.5:8786")       # a cluster of machines
    summary = run_batch(url, workers=0)                             # this process, no Dask

The client lists the ids of the documents not yet extracted by this extractor version
(ids only, never the texts) and cuts them into partitions. A worker reads one
partition's texts, runs `extract_document` on each, and writes the partition's places and
claims in one transaction: all of them or none. Claim ids are derived from the document
and the evidence, and every write is an upsert, so a partition run twice (a worker killed
after it committed, a task Dask retried elsewhere) writes the same rows, never a second
copy. A killed worker or a killed run is finished by running the command again: the
partitions that committed are skipped, the others are done.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trucewatch.extract.pipeline import Pipeline
    from trucewatch.store import Store

__all__ = ["BatchSummary", "PartitionResult", "extract_partition", "plan_partitions", "run_batch", "warm_up"]

# Documents per partition: a few seconds of work, one transaction. A transaction inserts into a
# dozen indexes at random places, so a larger one dirties fewer pages per row: at 30,000 documents
# on SQLite, 1,000 (with the cache below) wrote in 62 % of the time 250 took, and one worker
# extracted 14 % more documents a second.
PARTITION_SIZE = 1000
# SQLite's default 2 MB page cache spills such a transaction's dirty pages to the log before
# the commit and reads them back; 64 MB holds them.
WRITER_CACHE_MB = 64
SCHEDULER_TIMEOUT = "20s"  # how long to try to reach a --scheduler before saying it is not there


@dataclass
class PartitionResult:
    """What one partition wrote (returned by the worker to the client)."""

    number: int
    documents: int = 0
    claims: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    failed: list[str] = field(default_factory=list)  # "<document id>: <why>", nothing stored for it
    worker: str = ""
    read_seconds: float = 0.0  # reading the texts
    extract_seconds: float = 0.0  # the pure pipeline
    write_seconds: float = 0.0  # the one transaction, waiting for the database's lock included


@dataclass
class BatchSummary:
    listed: int = 0  # documents not yet extracted by this extractor version when the run began
    skipped: int = 0  # stored documents left alone: already extracted by this version
    partitions: int = 0
    documents: int = 0
    claims: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    failed: list[str] = field(default_factory=list)  # documents over their time budget
    lost: list[str] = field(default_factory=list)  # partitions that did not commit ("#n: why")
    dashboard: str | None = None
    workers: int = 0
    read_seconds: float = 0.0  # summed over partitions (wall-clock time on the workers)
    extract_seconds: float = 0.0
    write_seconds: float = 0.0

    @property
    def complete(self) -> bool:
        """Every partition committed (run again when not: the rest is done then)."""
        return not self.lost


def plan_partitions(
    store: Store, size: int = PARTITION_SIZE, *, redo: bool = False
) -> tuple[list[list[str]], int]:
    """(partitions of document ids still to extract, how many stored documents are skipped).

    Reads ids only. `redo`: every document, extracted already or not.
    """
    from trucewatch.extract.assemble import EXTRACTOR, EXTRACTOR_VERSION
    from trucewatch.store import count_documents
    from trucewatch.store.corpus import document_ids

    if size < 1:
        raise ValueError("a partition holds at least one document")
    with store.session() as session:
        todo = document_ids(session, not_extracted_by=None if redo else (EXTRACTOR, EXTRACTOR_VERSION))
        skipped = count_documents(session) - len(todo)
    return [todo[i : i + size] for i in range(0, len(todo), size)], skipped


# --- on a worker ---------------------------------------------------------------------

_stores: dict[str, Store] = {}


def _store(url: str) -> Store:
    """One store (engine and connection pool) per worker process and database."""
    from trucewatch.store import open_store

    if url not in _stores:
        _stores[url] = open_store(url, sqlite_cache_mb=WRITER_CACHE_MB)
    return _stores[url]


@cache
def _pipeline(names: tuple[str, ...] | None) -> Pipeline:
    """Built once per worker process: the lexicons and gazetteer load here."""
    from trucewatch.extract.pipeline import build_pipeline, default_pipeline

    return default_pipeline() if names is None else build_pipeline(names)


def warm_up(pipeline: tuple[str, ...] | None = None) -> int:
    """Load the pipeline in this worker now, and what it loads at its first document
    (`client.run(warm_up)`); returns the worker's pid."""
    from trucewatch.extract.pipeline import extract_document

    text = "Airstrikes hit Homs on Monday, killing 3 people. A ceasefire took effect in Aleppo."
    extract_document("warm-up", text, dt.date(2017, 3, 8), "en", _pipeline(pipeline))
    return os.getpid()


def extract_partition(
    number: int,
    document_ids: Sequence[str],
    url: str,
    pipeline: tuple[str, ...] | None = None,
    budget: float | None = None,
    actor: str | None = None,
) -> PartitionResult:
    """Extract one partition and store its places and claims in one transaction.

    Runs on a Dask worker (or in this process); everything it needs comes in its
    arguments, so any worker that can reach the database can run it.
    """
    from trucewatch.extract.assemble import EXTRACTOR, EXTRACTOR_VERSION
    from trucewatch.extract.budget import BudgetExceeded, Deadline
    from trucewatch.extract.pipeline import extract_document
    from trucewatch.extract_store import places_with_ancestors
    from trucewatch.model import Claim, Place
    from trucewatch.store import place_key, upsert_places
    from trucewatch.store.accounts import record
    from trucewatch.store.claims import replace_claims_of_documents
    from trucewatch.store.corpus import document_texts

    store = _store(url)
    pipe = _pipeline(pipeline)
    result = PartitionResult(number, worker=f"{os.uname().nodename}:{os.getpid()}")
    started = time.perf_counter()
    with store.session() as session:  # a read: no write lock taken
        texts = document_texts(session, list(document_ids))
    read = time.perf_counter()
    claims: dict[str, list[Claim]] = {}
    places: dict[str, Place] = {}
    for doc in texts:
        deadline = Deadline(budget, doc.id) if budget is not None else None
        try:
            analysis = extract_document(
                doc.id, doc.text, doc.published, doc.language, pipe, deadline=deadline
            )
        except BudgetExceeded as exc:
            result.failed.append(f"{doc.id}: {exc}")
            continue
        claims[doc.id] = list(analysis.claims)
        for place in places_with_ancestors(analysis):
            places.setdefault(place_key(place), place)
        result.by_type.update(c.type.value for c in analysis.claims)
    extracted = time.perf_counter()
    with store.session() as session:  # the partition's one transaction
        if places:
            upsert_places(session, places.values())
        written = replace_claims_of_documents(session, EXTRACTOR, EXTRACTOR_VERSION, claims)
        result.documents = len(written)
        result.claims = sum(len(v) for v in written.values())
        if actor is not None:
            record(
                session,
                user=None,
                actor=actor,
                action="documents.extract",
                resource="documents",
                after={
                    "documents": sorted(written),
                    "claims": result.claims,
                    "extractor": EXTRACTOR,
                    "version": EXTRACTOR_VERSION,
                    "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                },
            )
    result.read_seconds = read - started
    result.extract_seconds = extracted - read
    result.write_seconds = time.perf_counter() - extracted
    return result


# --- on the client -------------------------------------------------------------------


def run_batch(
    url: str,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    client: Any = None,
    partition_size: int = PARTITION_SIZE,
    redo: bool = False,
    pipeline: Sequence[str] | None = None,
    budget: float | None = None,
    actor: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_start: Callable[[BatchSummary], None] | None = None,
    dashboard_address: str | None = ":8787",
) -> BatchSummary:
    """Extract every stored document not yet extracted by this extractor version.

    Where it runs: `client` (a distributed.Client the caller made), else `scheduler`
    (the address of a running Dask scheduler), else a LocalCluster of `workers` processes
    (default: one per core), and with `workers=0` in this process without Dask.
    `progress(done, total)` counts documents; `on_start(summary)` is called once the
    work is planned and the cluster is up (summary.dashboard is Dask's dashboard).
    A partition that did not commit (its worker was killed, its database write failed)
    is listed in summary.lost and the others go on: run again to finish.
    """
    from trucewatch.store import open_store
    from trucewatch.store.db import absolute_url

    url = absolute_url(url)  # a worker may start in another directory
    store = open_store(url)
    try:
        partitions, skipped = plan_partitions(store, partition_size, redo=redo)
    finally:
        store.close()
    summary = BatchSummary(listed=sum(map(len, partitions)), skipped=skipped, partitions=len(partitions))
    names = tuple(pipeline) if pipeline else None
    args = (url, names, budget, actor)
    if client is None and scheduler is None and workers == 0:
        summary.workers = 0
        if on_start:
            on_start(summary)
        if progress:
            progress(0, summary.listed)
        for number, ids in enumerate(partitions):
            try:
                _add(summary, extract_partition(number, ids, *args))
            except Exception as exc:  # one partition's failure is reported; the others go on
                summary.lost.append(f"#{number}: {type(exc).__name__}: {exc}")
            if progress:
                progress(summary.documents + len(summary.failed), summary.listed)
        return summary
    with _dask_client(client, scheduler, workers, dashboard_address) as dask:
        summary.dashboard = dask.dashboard_link
        summary.workers = len(dask.nthreads())
        if on_start:
            on_start(summary)
        if progress:
            progress(0, summary.listed)
        _run_on_dask(dask, partitions, args, summary, progress)
    return summary


def _add(summary: BatchSummary, result: PartitionResult) -> None:
    summary.documents += result.documents
    summary.claims += result.claims
    summary.by_type.update(result.by_type)
    summary.failed.extend(result.failed)
    summary.read_seconds += result.read_seconds
    summary.extract_seconds += result.extract_seconds
    summary.write_seconds += result.write_seconds


def _run_on_dask(
    dask: Any,
    partitions: list[list[str]],
    args: tuple[Any, ...],
    summary: BatchSummary,
    progress: Callable[[int, int], None] | None,
) -> None:
    from distributed import as_completed

    run = uuid.uuid4().hex[:8]  # keys of their own: a second run never meets the first's results
    futures = {
        dask.submit(extract_partition, number, ids, *args, key=f"trucewatch-extract-{run}-{number}"): (
            number,
            len(ids),
        )
        for number, ids in enumerate(partitions)
    }
    done = 0
    for future in as_completed(futures):
        number, size = futures[future]
        try:
            _add(summary, future.result())
        except Exception as exc:  # a killed worker (KilledWorker) or a failed write: run again
            summary.lost.append(f"#{number}: {type(exc).__name__}: {exc}")
        done += size
        if progress:
            progress(done, summary.listed)
        future.release()


class _dask_client:
    """The caller's client as it is, or a client to a scheduler, or a LocalCluster of our own."""

    def __init__(self, client: Any, scheduler: str | None, workers: int | None, dashboard: str | None):
        self.given = client
        self.scheduler = scheduler
        self.workers = workers
        self.dashboard = dashboard
        self.cluster: Any = None
        self.client: Any = None

    def __enter__(self) -> Any:
        if self.given is not None:
            return self.given
        from distributed import Client, LocalCluster

        if self.scheduler is not None:
            from trucewatch.errors import Unavailable

            try:
                self.client = Client(self.scheduler, timeout=SCHEDULER_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as exc:
                raise Unavailable(f"no Dask scheduler at {self.scheduler}: {exc}") from exc
            return self.client
        # Processes, one thread each: extraction is pure Python and holds the GIL.
        self.cluster = LocalCluster(
            n_workers=self.workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=self.dashboard,
        )
        self.client = Client(self.cluster)
        return self.client

    def __exit__(self, *_exc: object) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
