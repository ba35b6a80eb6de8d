"""Ingest throughput: trucewatch's ingest_paths against sqlite3's own CSV .import.

    .venv/bin/python bench/ingest.py [--docs 10000] [--batch-size 500] [--no-one-by-one] [--postgres URL]

Generates N synthetic text reports in a temporary folder and ingests them into a
fresh SQLite database through the real ingest_paths (read, decode, hash, dedup,
an audit entry per document, as `trucewatch ingest` does): in bulk with
`--batch-size` documents per transaction (500, the CLI's default), then, for
comparison, one document per transaction (`--batch-size 1`, the path before bulk
writes). Prints documents/s and MB/s for each. Then imports the same texts with
the sqlite3 command-line program's `.import` (one bulk load, no files to read,
no dedup), once into a plain two-column table (the ceiling for this disk) and
once into trucewatch's own `documents` table, with its indexes and the
full-text index its trigger fills, and prints the ratios. With --postgres URL (a
server the user may create databases on) both ingests are repeated there, each
into a new database, dropped afterwards.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import shutil
import sqlite3 as sqlite3_module
import subprocess
import tempfile
import time
from pathlib import Path

from scratch_database import postgres_database

from trucewatch.ingest.readers import ReadOptions, content_hash
from trucewatch.ingest.run import ingest_paths
from trucewatch.store import ids, open_store

_WORDS = [
    "ceasefire",
    "convoy",
    "shelling",
    "detainees",
    "released",
    "residents",
    "besieged",
    "checkpoint",
    "negotiators",
    "committee",
    "trucks",
    "buses",
    "evacuation",
    "mediators",
    "agreement",
    "violation",
    "district",
    "governorate",
    "council",
    "medical",
    "flour",
]


def make_texts(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for i in range(n):
        body = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(150, 450)))
        texts.append(f"[Synthetic benchmark report {i}.] {body}\n")
    return texts


def _ingest(texts_folder: Path, url: str, batch_size: int, megabytes: float, backend: str = "") -> float:
    store = open_store(url)  # migrated here, before the clock starts
    start = time.perf_counter()
    report = ingest_paths(
        store, [texts_folder], ReadOptions(source="bench"), batch_size=batch_size, actor="cli:bench"
    )
    elapsed = time.perf_counter() - start
    store.close()
    assert not report.failures and report.duplicates == 0, report.failed
    rate = report.added / elapsed
    label = f"ingest_paths{backend}, batch {batch_size}:"
    print(f"{label:34} {elapsed:6.2f} s  {rate:8.0f} documents/s  {megabytes / elapsed:6.2f} MB/s")
    return rate


def _import(
    sqlite3: str, db: Path, csv_path: Path, table: str, n: int, megabytes: float, label: str
) -> float:
    start = time.perf_counter()
    subprocess.run([sqlite3, str(db), f".import --csv --skip 1 {csv_path} {table}"], check=True)
    elapsed = time.perf_counter() - start
    rate = n / elapsed
    print(f"{label:34} {elapsed:6.2f} s  {rate:8.0f} rows/s       {megabytes / elapsed:6.2f} MB/s")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=500, help="documents per transaction")
    parser.add_argument(
        "--no-one-by-one", action="store_true", help="skip the one-document-per-transaction run"
    )
    parser.add_argument("--postgres", help="a PostgreSQL server URL: repeat the ingests there")
    args = parser.parse_args()

    texts = make_texts(args.docs)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    with tempfile.TemporaryDirectory(prefix="trucewatch-bench-") as tmp:
        root = Path(tmp)
        folder = root / "reports"
        folder.mkdir()
        for i, text in enumerate(texts):
            (folder / f"report-{i:06d}.txt").write_text(text, encoding="utf-8")
        print(f"{args.docs} documents, {megabytes:.1f} MB of text")

        rate = _ingest(folder, f"sqlite:///{root / 'bulk.db'}", args.batch_size, megabytes)
        if not args.no_one_by_one and args.batch_size != 1:
            one = _ingest(folder, f"sqlite:///{root / 'one.db'}", 1, megabytes)
            print(f"bulk (batch {args.batch_size}) is {rate / one:.1f}x one document per transaction")
        if args.postgres:
            sizes = [args.batch_size] + ([1] if not args.no_one_by_one and args.batch_size != 1 else [])
            pg_rates = []
            for size in sizes:
                with postgres_database(args.postgres) as url:
                    pg_rates.append(_ingest(folder, url, size, megabytes, " (PostgreSQL)"))
            if len(pg_rates) == 2:
                print(f"PostgreSQL: bulk is {pg_rates[0] / pg_rates[1]:.1f}x one document per transaction")

        sqlite3 = shutil.which("sqlite3")
        if sqlite3 is None:
            print("sqlite3 command-line program not found; skipping the .import comparison")
            return
        # The same texts as trucewatch stores them: id, hash, text and the other columns.
        store = open_store(f"sqlite:///{root / 'schema.db'}")
        store.close()
        with sqlite3_module.connect(root / "schema.db") as conn:
            columns = [row[1] for row in conn.execute("PRAGMA table_info(documents)")]
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
        plain_csv, full_csv = root / "texts.csv", root / "documents.csv"
        with (
            plain_csv.open("w", encoding="utf-8", newline="") as plain,
            full_csv.open("w", encoding="utf-8", newline="") as full,
        ):
            plain_writer, full_writer = csv.writer(plain), csv.writer(full)
            plain_writer.writerow(["id", "text"])
            full_writer.writerow(columns)
            for i, text in enumerate(texts):
                plain_writer.writerow((i, text))
                digest = content_hash(text)
                values = {
                    "id": ids.document_id(digest),
                    "content_hash": digest,
                    "text": text,
                    "language": "en",
                    "confidential": 0,
                    "origin": str(folder / f"report-{i:06d}.txt"),
                    "ingested_at": now,
                }
                full_writer.writerow([values.get(c, "") for c in columns])
        with sqlite3_module.connect(root / "plain.db") as conn:
            conn.execute("CREATE TABLE documents (id, text)")
        plain_rate = _import(
            sqlite3,
            root / "plain.db",
            plain_csv,
            "documents",
            args.docs,
            megabytes,
            "sqlite3 .import, plain table:",
        )
        full_rate = _import(
            sqlite3,
            root / "schema.db",
            full_csv,
            "documents",
            args.docs,
            megabytes,
            "sqlite3 .import, documents:",
        )
        print(f"ratio ingest / .import into a plain table: {rate / plain_rate:.2f} (target >= 0.5)")
        print(f"ratio ingest / .import into trucewatch's documents table: {rate / full_rate:.2f}")


if __name__ == "__main__":
    main()
