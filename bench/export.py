"""Export speed and memory: `trucewatch export` (csv, acled, geojson) against a sqlite3 CSV dump.

    .venv/bin/python bench/export.py [--claims 1000000] [--claims 100000 --claims 1000000]

For each size, generates N claims (tests/generated_claims.py: invented documents,
one source in four confidential) in a temporary SQLite file with the store's bulk
writer, then runs, each in a child process of its own so that its peak RSS is its
own (its VmHWM, read from /proc as it runs):

- the ceilings: the sqlite3 program's `.mode csv` dump of `SELECT * FROM claims`,
  and the same SELECT written by Python's sqlite3 and csv modules;
- `trucewatch export --format F -o FILE` for csv, acled and geojson, the real CLI,
  which streams: claims read a page at a time, the file written as chunks come.

Prints seconds, rows/s, the ratio to the sqlite3 program's dump and peak RSS for
each; with several sizes, the peak RSS of each export at each size (flat: memory
does not grow with the export).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the generator lives there

FORMATS = ("csv", "acled", "geojson")
# The rows in the order the export reads them (list_claims's), so both sort the same.
SELECT = "SELECT * FROM claims ORDER BY when_start IS NULL, when_start, document_id, id"
PYTHON_DUMP = """
import csv, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
with open(sys.argv[2], "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out)
    cursor = db.execute(sys.argv[3])
    writer.writerow(d[0] for d in cursor.description)
    writer.writerows(cursor)
"""


def run_child(argv: list[str], stdin: str | None = None) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one child process.

    The peak is the child's VmHWM, read from /proc while it runs: its rusage ru_maxrss would
    count the memory of this (large) process it was forked from, which Linux keeps across exec.
    """
    start = time.perf_counter()
    child = subprocess.Popen(
        argv,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    if stdin is not None:
        assert child.stdin is not None
        child.stdin.write(stdin)
        child.stdin.close()
    peak_kb = 0
    status = Path(f"/proc/{child.pid}/status")
    while child.poll() is None:
        try:
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak_kb = max(peak_kb, int(line.split()[1]))
        except (OSError, ValueError):
            pass
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    if child.returncode != 0:
        assert child.stderr is not None
        raise SystemExit(f"{argv[:3]} failed: {child.stderr.read()[-2000:]}")
    return seconds, peak_kb / 1024


def bench(n: int, root: Path) -> dict[str, float]:
    from generated_claims import add_generated_claims
    from trucewatch.store import open_store

    db = root / f"claims-{n}.db"
    started = time.perf_counter()
    with open_store(f"sqlite:///{db}") as store:
        add_generated_claims(store, n)
    print(
        f"\n{n:,} claims generated in {time.perf_counter() - started:.0f} s",
        f"({db.stat().st_size / 1e6:.0f} MB)",
    )

    results: list[tuple[str, float, float]] = []
    sqlite3_cli = shutil.which("sqlite3")
    if sqlite3_cli:
        dump = ".headers on\n.mode csv\n.output {}\n" + SELECT + ";\n"
        results.append(
            ("sqlite3 program dump", *run_child([sqlite3_cli, str(db)], dump.format(root / "dump.csv")))
        )
    results.append(
        (
            "python sqlite3+csv dump",
            *run_child([sys.executable, "-c", PYTHON_DUMP, str(db), str(root / "py.csv"), SELECT]),
        )
    )
    cli = [str(Path(sys.executable).parent / "trucewatch"), "--db", f"sqlite:///{db}", "export"]
    for fmt in FORMATS:
        results.append(
            (f"trucewatch {fmt}", *run_child([*cli, "--format", fmt, "-o", str(root / f"out.{fmt}")]))
        )
    baseline = results[0][1]
    print(f"{'':26} {'seconds':>8} {'rows/s':>10} {'x dump':>7} {'peak RSS MB':>12}")
    for name, seconds, rss in results:
        print(f"{name:26} {seconds:8.1f} {n / seconds:10,.0f} {seconds / baseline:7.1f} {rss:12.0f}")
    db.unlink()
    return {name: rss for name, _, rss in results}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--claims", type=int, action="append", help="claims to generate (repeat for several sizes)"
    )
    args = parser.parse_args()
    sizes = args.claims or [1_000_000]
    peaks: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="trucewatch-bench-") as tmp:
        for n in sizes:
            peaks[n] = bench(n, Path(tmp))
    if len(sizes) > 1:
        print("\npeak RSS (MB) by size")
        names = list(peaks[sizes[0]])
        print(f"{'':26} " + " ".join(f"{n:>12,}" for n in sizes))
        for name in names:
            print(f"{name:26} " + " ".join(f"{peaks[n][name]:12.0f}" for n in sizes))


if __name__ == "__main__":
    main()
