"""How fast pages for a place with many events render, against plain SQL over the same rows.

    .venv/bin/python bench/web.py [N]      # N attack claims in Waer (default 100,000)

Builds a synthetic SQLite database in a temporary folder (bulk inserts), then
times, in the same run: five plain SQL queries that read every claim row of
the place (sqlite3, fetchall), and the server-side rendering of the place's
timeline, the overview, a claim page, the review queue, the map page, the
map's data (one point per place and event type, with counts) and the list
of claims behind the place's point, through the ASGI app (an analyst
session). Prints both; the target is pages < five queries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import insert

from trucewatch.api.app import create_app
from trucewatch.store import open_store
from trucewatch.store.accounts import add_user
from trucewatch.store.tables import ClaimRow, DocumentRow, EvidenceRow

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the synthetic seed lives there
from synthetic import seed_synthetic


def build(path: Path, n: int) -> str:
    url = f"sqlite:///{path}"
    store = open_store(url)
    with store.session() as s:
        seed_synthetic(s)
        add_user(s, "bench", "analyst", "bench-password")
    now = dt.datetime(2024, 1, 1)
    text = "SYNTHETIC BENCH NOTE. Shelling was reported in the district."
    with store.engine.begin() as conn:
        doc_id = "doc_bench000000000"
        conn.execute(
            insert(DocumentRow),
            [
                dict(
                    id=doc_id,
                    content_hash=hashlib.sha256(b"bench").hexdigest(),
                    text=text,
                    title="bench",
                    url=None,
                    published=dt.date(2017, 3, 8),
                    language="en",
                    source_id=None,
                    confidential=False,
                    origin=None,
                    ingested_at=now,
                )
            ],
        )
        claims, evidence = [], []
        start = dt.datetime(2016, 1, 1)
        for i in range(n):
            cid = f"clm_bench{i:015d}"
            when = start + dt.timedelta(minutes=7 * i)
            claims.append(
                dict(
                    id=cid,
                    document_id=doc_id,
                    type="attack.shelling",
                    when_start=when,
                    when_end=None,
                    when_precision="day",
                    when_open_ended=False,
                    when_last=when + dt.timedelta(days=1),
                    place="Waer",
                    place_id="plc_waer",
                    extractor="bench",
                    extractor_version="1",
                    rule=None,
                    status="proposed",
                    event_id=None,
                    created_at=now,
                )
            )
            evidence.append(dict(claim_id=cid, position=0, document_id=doc_id, start=22, end=len(text)))
        conn.execute(insert(ClaimRow), claims)
        conn.execute(insert(EvidenceRow), evidence)
    store.close()
    return url


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        url = build(path, n)
        print(f"built {n:,} claims in {time.perf_counter() - t0:.1f} s")

        conn = sqlite3.connect(path)
        t0 = time.perf_counter()
        for _ in range(5):
            rows = conn.execute("SELECT * FROM claims WHERE place_id = ?", ("plc_waer",)).fetchall()
        sql = time.perf_counter() - t0
        conn.close()
        print(f"five plain SQL queries ({len(rows):,} rows each): {sql:.3f} s")

        store = open_store(url)
        client = TestClient(create_app(store))
        client.post("/login", data={"name": "bench", "password": "bench-password"})
        pages = {
            "timeline": "/places/Waer/timeline?days=400",
            "overview": "/?as_of=2017-03-10",
            "claim": "/claims/clm_bench000000000000001",
            "review": "/review",
            "map": "/map?place=Waer",
            "map data": "/map/events.geojson?place=Waer",
            "map point's claims": "/places/Waer/claims?type=attack.shelling",
        }
        total = 0.0
        for name, path_ in pages.items():
            t0 = time.perf_counter()
            response = client.get(path_)
            took = time.perf_counter() - t0
            total += took
            print(f"page {name}: {took:.3f} s (HTTP {response.status_code}, {len(response.content):,} bytes)")
        verdict = "under" if total < sql else "OVER"
        print(f"all pages, map data included: {total:.3f} s — {verdict} the five SQL queries ({sql:.3f} s)")
        store.close()


if __name__ == "__main__":
    main()
