"""Load test of the HTTP API: 2 workers on one SQLite file, mixed reads and writes.

    .venv/bin/python bench/api_load.py [--events 1000000] [--seconds 60] [--clients 50] [--workers 2]

Builds a throw-away SQLite database (bulk inserts: places, synthetic events,
documents half of which come from a confidential source), starts
`trucewatch serve --workers N` on 127.0.0.1 only, and runs concurrent httpx
clients for a bounded time, each request one of:

- an event list or filter (admin token), as before;
- a confidential document read by an analyst (writes one audit row);
- a list of confidential documents read by an analyst (one audit row per document);
- a document upload by an analyst (a write; its id is kept);
- the empty endpoint `/api/health` (no token, no database): what HTTP, the
  server and the event loop cost a request in this same run.

It prints requests/s, p50/p95/p99 latency overall and per kind, the error
count (any answer other than 200/201, or no answer), lost writes (uploads
acknowledged with 201 but not in the database afterwards), unaudited
confidential reads, and for each list query its p95 next to its plain SQL
time plus the empty endpoint's p95 (issue 15 asks for at most 10x that).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

from trucewatch.ingest import content_hash
from trucewatch.model import Document, EventType, Place, Source
from trucewatch.store import add_document, open_store, upsert_places
from trucewatch.store.accounts import add_user, issue_token

TYPES = [t.value for t in EventType]
CITIES = 20
DISTRICTS_PER_CITY = 10
DOCUMENTS = 200  # half of them confidential
SECRET_SOURCE = "Bench confidential informant"
# Share of each kind of request; the rest are event lists.
MIX = {"secret-read": 0.25, "secret-list": 0.10, "upload": 0.15, "empty": 0.10}


def _stored(value: dt.datetime) -> str:
    """A naive UTC time as SQLAlchemy stores it in SQLite (so comparisons with bound values agree)."""
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def _document(n: int, confidential: bool) -> Document:
    text = f"Bench report number {n}. Synthetic words only, written for the load test."
    source = Source(SECRET_SOURCE, kind="person", confidential=True) if confidential else Source("Bench wire")
    return Document(text=text, content_hash=content_hash(text), published=dt.date(2017, 3, 1), source=source)


def build(path: Path, n_events: int) -> tuple[str, dict[str, str], list[str]]:
    """The database; returns (url, {role: token}, ids of the confidential documents)."""
    url = f"sqlite:///{path}"
    store = open_store(url)
    places = [Place("Benchland", kind="country", id="bl")]
    for c in range(CITIES):
        places.append(Place(f"City {c}", kind="city", parent_id="bl", id=f"c{c}"))
        places += [
            Place(f"District {c}.{d}", kind="neighbourhood", parent_id=f"c{c}", id=f"c{c}d{d}")
            for d in range(DISTRICTS_PER_CITY)
        ]
    tokens = {}
    secret_ids = []
    with store.session() as session:
        upsert_places(session, places)
        for name, role in (("bench", "admin"), ("ana", "analyst")):
            add_user(session, name, role, None)
            tokens[role] = issue_token(session, name)[1]
        for n in range(DOCUMENTS):
            doc_id, _ = add_document(session, _document(n, confidential=n % 2 == 0))
            if n % 2 == 0:
                secret_ids.append(doc_id)
    store.close()
    leaves = [p.id for p in places if p.kind == "neighbourhood"]
    rng = random.Random(7)
    base = dt.datetime(2015, 1, 1)
    now = _stored(dt.datetime(2026, 1, 1))
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    started = time.perf_counter()
    batch = 100_000
    for lo in range(0, n_events, batch):
        rows = []
        for i in range(lo, min(lo + batch, n_events)):
            start = base + dt.timedelta(days=rng.randrange(0, 3650))
            rows.append(
                (
                    f"evt_{i:012d}",
                    rng.choice(TYPES),
                    _stored(start),
                    None,
                    "day",
                    0,
                    _stored(start + dt.timedelta(days=1)),
                    rng.choice(leaves),
                    "[]",
                    "proposed",
                    now,
                )
            )
        conn.executemany(
            "INSERT INTO events (id, type, when_start, when_end, when_precision, when_open_ended, when_last,"
            " place_id, actors, status, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        conn.commit()
    conn.execute("ANALYZE")
    conn.close()
    print(f"generated {n_events:,} events in {time.perf_counter() - started:.1f} s", flush=True)
    return url, tokens, secret_ids


QUERIES = [
    "/api/events?limit=50",
    "/api/events?limit=50&type=attack.shelling",
    "/api/events?limit=50&place=c3",
    "/api/events?limit=50&place=c5d2&exact_place=true",
    "/api/events?limit=50&since=2018-03-01&until=2018-03-31",
    "/api/events?limit=50&type=aid.delivered&place=c7&since=2016-01-01&until=2017-12-31",
]


def plain_sql(path: Path) -> list[str]:
    """Each query's SQL exactly as the API's query builder sends it (one page + 1), values inlined."""
    from trucewatch.api.routers.common import place_scope
    from trucewatch.store import paging
    from trucewatch.store.tables import EventRow

    store = open_store(f"sqlite:///{path}")
    out = []
    with store.session() as session:
        for q in QUERIES:
            params = dict(httpx.QueryParams(q.split("?", 1)[1]))
            f = paging.Filters(
                since=dt.date.fromisoformat(params["since"]) if "since" in params else None,
                until=dt.date.fromisoformat(params["until"]) if "until" in params else None,
                place_ids=place_scope(session, params.get("place"), params.get("exact_place") == "true"),
                types=(EventType(params["type"]),) if "type" in params else (),
            )
            statement = paging.page_select(EventRow, f, paging.filter_conditions(EventRow, f, None), 51)
            out.append(str(statement.compile(store.engine, compile_kwargs={"literal_binds": True})))
    store.close()
    return out


def plain_sql_ms(path: Path, repeat: int = 20) -> list[float]:
    statements = plain_sql(path)
    conn = sqlite3.connect(path)
    out = []
    params: dict[str, str] = {}
    for sql in statements:
        conn.execute(sql, params).fetchall()  # warm the cache
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            conn.execute(sql, params).fetchall()
            times.append((time.perf_counter() - t0) * 1000)
        out.append(statistics.median(times))
    conn.close()
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Results:
    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = {}
        self.statuses: Counter[str] = Counter()
        self.errors = 0
        self.written: list[str] = []  # ids of acknowledged uploads
        self.secret_reads = 0  # confidential reads answered 200: each must be audited

    def add(self, kind: str, ms: float, status: int | str, ok: bool) -> None:
        self.latencies.setdefault(kind, []).append(ms)
        if not ok:
            self.errors += 1
            self.statuses[f"{kind} {status}"] += 1


async def load(
    base: str, tokens: dict[str, str], secret_ids: list[str], clients: int, seconds: float
) -> Results:
    out = Results()
    deadline = time.perf_counter() + seconds
    auth = {role: {"Authorization": f"Bearer {t}"} for role, t in tokens.items()}

    async def request(
        c: httpx.AsyncClient, kind: str, method: str, url: str, **kw: object
    ) -> httpx.Response | None:
        t0 = time.perf_counter()
        try:
            r = await c.request(method, url, **kw)  # type: ignore[arg-type]
        except httpx.HTTPError as exc:
            out.add(kind, (time.perf_counter() - t0) * 1000, type(exc).__name__, False)
            return None
        out.add(kind, (time.perf_counter() - t0) * 1000, r.status_code, r.status_code in (200, 201))
        return r if r.status_code in (200, 201) else None

    async def one_client(n: int) -> None:
        rng = random.Random(n)
        serial = 0
        async with httpx.AsyncClient(base_url=base, timeout=60) as c:
            while time.perf_counter() < deadline:
                pick = rng.random()
                if pick < MIX["secret-read"]:
                    r = await request(
                        c,
                        "secret-read",
                        "GET",
                        f"/api/documents/{rng.choice(secret_ids)}",
                        headers=auth["analyst"],
                    )
                    out.secret_reads += r is not None
                elif pick < MIX["secret-read"] + MIX["secret-list"]:
                    r = await request(
                        c,
                        "secret-list",
                        "GET",
                        "/api/documents?confidential=true&limit=10",
                        headers=auth["analyst"],
                    )
                    out.secret_reads += r is not None
                elif pick < MIX["secret-read"] + MIX["secret-list"] + MIX["empty"]:
                    await request(c, "empty", "GET", "/api/health")
                elif pick < sum(MIX.values()):
                    serial += 1
                    text = f"Upload {n}-{serial} at {time.time_ns()}: synthetic words for the load test."
                    r = await request(
                        c,
                        "upload",
                        "POST",
                        "/api/documents",
                        headers=auth["analyst"],
                        files={"file": (f"u{n}-{serial}.txt", text.encode(), "text/plain")},
                    )
                    if r is not None:
                        out.written.append(r.json()["documents"][0]["id"])
                else:
                    q = rng.choice(QUERIES)
                    r = await request(c, q, "GET", q, headers=auth["admin"])
                    if r is not None and rng.random() < 0.2 and r.json().get("next_cursor"):
                        await request(
                            c, q, "GET", q + f"&cursor={r.json()['next_cursor']}", headers=auth["admin"]
                        )

    await asyncio.gather(*(one_client(i) for i in range(clients)))
    return out


def check_writes(path: Path, written: list[str]) -> tuple[int, int]:
    """(lost writes, confidential.read audit rows) read straight from the file after the run."""
    conn = sqlite3.connect(path)
    stored = {row[0] for row in conn.execute("SELECT id FROM documents")}
    audited = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'confidential.read'").fetchone()[0]
    conn.close()
    return sum(1 for doc_id in written if doc_id not in stored), int(audited)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else float("nan")


def serve(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    """`trucewatch serve` as an operator runs it, on 127.0.0.1."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("TRUCEWATCH_DATABASE_URL", "TRUCEWATCH_PUBLIC_READ")
    }
    cli = "from trucewatch.cli import main; main()"
    command = [
        sys.executable,
        "-c",
        cli,
        "--db",
        url,
        "serve",
        "--workers",
        str(workers),
        "--port",
        str(port),
    ]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="trucewatch-bench-") as tmp:
        db = Path(tmp) / "bench.db"
        url, tokens, secret_ids = build(db, args.events)
        port = free_port()
        server = serve(url, port, args.workers)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(600):
                try:
                    if httpx.get(f"{base}/openapi.json", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            else:
                raise SystemExit("the server did not start")
            time.sleep(2)  # the other workers finish starting too
            started = time.perf_counter()
            results = asyncio.run(load(base, tokens, secret_ids, args.clients, args.seconds))
            elapsed = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
        lost, audited = check_writes(db, results.written)
        sql_ms = plain_sql_ms(db)
    every = [x for v in results.latencies.values() for x in v]
    print(
        f"\n{args.clients} clients, {args.workers} workers (trucewatch serve), {elapsed:.1f} s,"
        f" {args.events:,} events (SQLite, one file)"
    )
    print(f"requests: {len(every):,}  ({len(every) / elapsed:.0f} req/s), errors: {results.errors}")
    print(f"latency ms: p50 {pct(every, 50):.1f}  p95 {pct(every, 95):.1f}  p99 {pct(every, 99):.1f}")
    print(
        f"writes acknowledged: {len(results.written):,}, lost: {lost};"
        f" confidential reads answered: {results.secret_reads:,}, audit rows: {audited:,}"
        f"{' (FEWER THAN READS)' if audited < results.secret_reads else ''}"
    )
    for what, n in results.statuses.most_common(10):
        print(f"  error: {what} x{n}")
    empty_p95 = pct(results.latencies.get("empty", []), 95)
    print(f"\n{'request':<86} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'SQL ms':>8} {'p95/(SQL+empty p95)':>20}")
    for kind in ("empty", "secret-read", "secret-list", "upload"):
        v = results.latencies.get(kind, [])
        print(f"{kind:<86} {len(v):>6} {pct(v, 50):>8.1f} {pct(v, 95):>8.1f}")
    ratios = []
    for q, ms in zip(QUERIES, sql_ms, strict=True):
        v = results.latencies.get(q, [])
        ratios.append(pct(v, 95) / (ms + empty_p95))
        print(f"{q:<86} {len(v):>6} {pct(v, 50):>8.1f} {pct(v, 95):>8.1f} {ms:>8.2f} {ratios[-1]:>20.2f}")
    summary = {
        "req_per_s": round(len(every) / elapsed, 1),
        "p50_ms": round(pct(every, 50), 1),
        "p95_ms": round(pct(every, 95), 1),
        "empty_p95_ms": round(empty_p95, 1),
        "worst_list_p95_over_sql_plus_empty": round(max(ratios), 2),
        "errors": results.errors,
        "lost_writes": lost,
        "unaudited_reads": max(0, results.secret_reads - audited),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
