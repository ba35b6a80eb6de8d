"""Ingest throughput: trucewatch's ingest_paths against sqlite3's own CSV .import.

    .venv/bin/python bench/ingest.py [--docs 10000] [--batch-size 1]

Generates N synthetic text reports in a temporary folder, ingests them into a
fresh SQLite database through the real ingest_paths (read, decode, hash,
dedup, one transaction per document by default), and prints documents/s and
MB/s. Then imports the same texts as one CSV with the sqlite3 command-line
program's `.import` (a single bulk load, no reading of separate files, no
dedup) as the ceiling for this disk, and prints the ratio.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from trucewatch.ingest.readers import ReadOptions
from trucewatch.ingest.run import ingest_paths
from trucewatch.store import open_store

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


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=1, help="documents per transaction")
    args = parser.parse_args()

    texts = make_texts(args.docs)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    with tempfile.TemporaryDirectory(prefix="trucewatch-bench-") as tmp:
        root = Path(tmp)
        folder = root / "reports"
        folder.mkdir()
        for i, text in enumerate(texts):
            (folder / f"report-{i:06d}.txt").write_text(text, encoding="utf-8")
        print(f"{args.docs} documents, {megabytes:.1f} MB of text, batch size {args.batch_size}")

        store = open_store(f"sqlite:///{root / 'trucewatch.db'}")
        start = time.perf_counter()
        report = ingest_paths(store, [folder], ReadOptions(source="bench"), batch_size=args.batch_size)
        elapsed = time.perf_counter() - start
        store.close()
        assert report.added == args.docs and not report.failures, report.failed
        ingest_rate = report.added / elapsed
        print(
            f"trucewatch ingest_paths: {elapsed:6.2f} s  {ingest_rate:8.0f} documents/s  "
            f"{megabytes / elapsed:6.2f} MB/s"
        )

        sqlite3 = shutil.which("sqlite3")
        if sqlite3 is None:
            print("sqlite3 command-line program not found; skipping the .import comparison")
            return
        csv_path = root / "texts.csv"
        with csv_path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "text"])
            writer.writerows((i, t) for i, t in enumerate(texts))
        start = time.perf_counter()
        subprocess.run(
            [sqlite3, str(root / "import.db"), f".import --csv {csv_path} documents"],
            check=True,
        )
        elapsed = time.perf_counter() - start
        import_rate = args.docs / elapsed
        print(
            f"sqlite3 .import (CSV):   {elapsed:6.2f} s  {import_rate:8.0f} rows/s       "
            f"{megabytes / elapsed:6.2f} MB/s"
        )
        print(f"ratio: sqlite3 .import is {import_rate / ingest_rate:.1f}x faster than ingest_paths")


if __name__ == "__main__":
    main()
