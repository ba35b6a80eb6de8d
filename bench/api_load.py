"""Load test of the HTTP API over 1,000,000 generated events in SQLite.

    .venv/bin/python bench/api_load.py [--events 1000000] [--seconds 20] [--clients 50] [--workers 2]

Builds a throw-away SQLite database (bulk inserts), starts `uvicorn` on
127.0.0.1 only, runs concurrent httpx clients against list/filter endpoints
for a bounded time, and prints requests/s, p50/p95/p99 latency, the error
count, and the same queries' time in plain SQL for the ratio. The events are
synthetic: random types, days, places.
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
from pathlib import Path

import httpx

from trucewatch.model import EventType, Place
from trucewatch.store import open_store, upsert_places
from trucewatch.store.accounts import add_user, issue_token

TYPES = [t.value for t in EventType]
CITIES = 20
DISTRICTS_PER_CITY = 10


def _stored(value: dt.datetime) -> str:
    """A naive UTC time as SQLAlchemy stores it in SQLite (so comparisons with bound values agree)."""
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def build(path: Path, n_events: int) -> tuple[str, str]:
    """The database with places, one admin token and `n_events` events; returns (url, token)."""
    url = f"sqlite:///{path}"
    store = open_store(url)
    places = [Place("Benchland", kind="country", id="bl")]
    for c in range(CITIES):
        places.append(Place(f"City {c}", kind="city", parent_id="bl", id=f"c{c}"))
        places += [
            Place(f"District {c}.{d}", kind="neighbourhood", parent_id=f"c{c}", id=f"c{c}d{d}")
            for d in range(DISTRICTS_PER_CITY)
        ]
    with store.session() as session:
        upsert_places(session, places)
        add_user(session, "bench", "admin", None)
        _, token = issue_token(session, "bench")
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
    return url, token


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
    from trucewatch.api import queries
    from trucewatch.api.routers.common import place_scope
    from trucewatch.store.tables import EventRow

    store = open_store(f"sqlite:///{path}")
    out = []
    with store.session() as session:
        for q in QUERIES:
            params = dict(httpx.QueryParams(q.split("?", 1)[1]))
            f = queries.Filters(
                since=dt.date.fromisoformat(params["since"]) if "since" in params else None,
                until=dt.date.fromisoformat(params["until"]) if "until" in params else None,
                place_ids=place_scope(session, params.get("place"), params.get("exact_place") == "true"),
                types=(EventType(params["type"]),) if "type" in params else (),
            )
            statement = queries.page_select(EventRow, f, queries.filter_conditions(EventRow, f, None), 51)
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


async def load(
    base: str, token: str, clients: int, seconds: float
) -> tuple[dict[str, list[float]], int, int]:
    latencies: dict[str, list[float]] = {q: [] for q in QUERIES}
    errors = 0
    followed = 0
    deadline = time.perf_counter() + seconds

    async def one_client(n: int) -> None:
        nonlocal errors, followed
        rng = random.Random(n)
        async with httpx.AsyncClient(
            base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30
        ) as c:
            while time.perf_counter() < deadline:
                q = rng.choice(QUERIES)
                t0 = time.perf_counter()
                try:
                    r = await c.get(q)
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies[q].append((time.perf_counter() - t0) * 1000)
                if not ok:
                    errors += 1
                elif rng.random() < 0.2 and r.json().get("next_cursor"):  # follow a page now and then
                    t0 = time.perf_counter()
                    r2 = await c.get(q + f"&cursor={r.json()['next_cursor']}")
                    latencies[q].append((time.perf_counter() - t0) * 1000)
                    followed += 1
                    errors += r2.status_code != 200

    await asyncio.gather(*(one_client(i) for i in range(clients)))
    return latencies, errors, followed


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="trucewatch-bench-") as tmp:
        db = Path(tmp) / "bench.db"
        url, token = build(db, args.events)
        port = free_port()
        env = {**os.environ, "TRUCEWATCH_DATABASE_URL": url, "TRUCEWATCH_PUBLIC_READ": "0"}
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "trucewatch.api.app:app_from_env",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    if httpx.get(f"{base}/openapi.json", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            else:
                raise SystemExit("the server did not start")
            started = time.perf_counter()
            latencies, errors, followed = asyncio.run(load(base, token, args.clients, args.seconds))
            elapsed = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
        sql_ms = plain_sql_ms(db)
    every = [x for v in latencies.values() for x in v]
    print(
        f"\n{args.clients} clients, {args.workers} uvicorn workers, {elapsed:.1f} s,"
        f" {args.events:,} events (SQLite)"
    )
    print(
        f"requests: {len(every):,}  ({len(every) / elapsed:.0f} req/s), errors: {errors},"
        f" cursor follows: {followed}"
    )
    print(f"latency ms: p50 {pct(every, 50):.1f}  p95 {pct(every, 95):.1f}  p99 {pct(every, 99):.1f}")
    print(f"\n{'query':<86} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'SQL ms':>8} {'p50/SQL':>8}")
    for q, ms in zip(QUERIES, sql_ms, strict=True):
        v = latencies[q]
        print(f"{q:<86} {len(v):>6} {pct(v, 50):>8.1f} {pct(v, 95):>8.1f} {ms:>8.2f} {pct(v, 50) / ms:>8.0f}")
    print(json.dumps({"req_per_s": round(len(every) / elapsed, 1), "errors": errors}))


if __name__ == "__main__":
    main()
