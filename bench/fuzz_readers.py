"""A long fuzz campaign over every reader, outside the test suite.

    .venv/bin/python bench/fuzz_readers.py [--per-kind 12500] [--kinds txt,html,jsonl,pdf] [--out DIR]

Draws --per-kind inputs for each reader from the strategies the fuzz test uses
(tests/reader_inputs.py), reads each through read_file as ingest does, and
counts: crashes (an exception out of read_file, a failure reason that is not
declared, or "unexpected"), reads stopped by the time limit, and the slowest
inputs, also as a ratio to the time a sound file of that kind takes in the same
run (scaled by size above the reference). An input over REPLAY_RATIO times the
baseline is read twice more and its least time kept, so that a loaded machine's
pauses are not counted as slow inputs (both times are reported). Crashing,
stopped and slowest inputs are written to --out to be replayed. Unlike the test
it never stops at the first finding.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import reader_inputs as inputs
from trucewatch.ingest import ReadFailure, ReadOptions, read_file
from trucewatch.model import Document

DECLARED = {
    "empty",
    "binary",
    "not_pdf",
    "bad_pdf",
    "bad_page",
    "encrypted",
    "no_text",
    "bad_html",
    "bad_json",
    "bad_record",
    "bad_text",
    "bad_date",
}
TIME_LIMIT = 30.0
KEEP_SLOWEST = 5
REPLAY_RATIO = 10  # an input this much slower than the baseline is read twice more, the least time kept


def read(path: Path, limit: float = TIME_LIMIT) -> tuple[float, list[Document | ReadFailure] | BaseException]:
    start = time.perf_counter()
    try:
        results: list[Document | ReadFailure] | BaseException = list(
            read_file(path, ReadOptions(time_limit=limit))
        )
    except Exception as exc:  # a crash: read_file promises never to raise
        results = exc
    return time.perf_counter() - start, results


def baseline(kind: str, folder: Path) -> tuple[float, int]:
    data = inputs.sound_reference(kind)
    path = folder / f"reference{inputs.SUFFIX[kind]}"
    path.write_bytes(data)
    read(path)
    return statistics.median(read(path)[0] for _ in range(5)), len(data)


def campaign(kind: str, count: int, folder: Path, out: Path) -> dict[str, object]:
    base, ref_size = baseline(kind, folder)
    path = folder / f"input{inputs.SUFFIX[kind]}"
    times: list[float] = []
    slowest: list[tuple[float, float, bytes]] = []  # (ratio to baseline, seconds, input), worst first
    findings: dict[str, list[str]] = {"crash": [], "too_slow": []}
    replayed: list[tuple[float, float]] = []  # (first time, least of three) of slow-looking inputs
    outcomes: collections.Counter[str] = collections.Counter()  # document or failure reason, per result

    def keep(data: bytes, label: str) -> str:
        name = f"{kind}-{label}-{hashlib.sha256(data).hexdigest()[:12]}{inputs.SUFFIX[kind]}"
        (out / name).write_bytes(data)
        return name

    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(data=inputs.FILES[kind])
    def one(data: bytes) -> None:
        path.write_bytes(data)
        seconds, results = read(path)
        bound = REPLAY_RATIO * base * max(1.0, len(data) / ref_size)
        if seconds > bound:  # a pause of a loaded machine, or a slow input: read it again, twice
            again = [read(path, 4 * TIME_LIMIT) for _ in range(2)]
            replayed.append((seconds, min(seconds, *(t for t, _ in again))))
            seconds, results = min([(seconds, results), *again], key=lambda pair: pair[0])
        times.append(seconds)
        if isinstance(results, BaseException):
            findings["crash"].append(f"{keep(data, 'crash')}: {type(results).__name__}: {results}")
        else:
            outcomes.update("document" if isinstance(r, Document) else r.reason for r in results)
            for r in results:
                if isinstance(r, ReadFailure) and r.reason == "too_slow":
                    findings["too_slow"].append(keep(data, "slow"))
                elif isinstance(r, ReadFailure) and r.reason not in DECLARED:
                    findings["crash"].append(f"{keep(data, 'crash')}: {r}")
        slowest.append((seconds / (base * max(1.0, len(data) / ref_size)), seconds, data))
        slowest.sort(key=lambda row: -row[0])
        del slowest[KEEP_SLOWEST:]

    start = time.perf_counter()
    one()
    return {
        "kind": kind,
        "inputs": len(times),
        "crashes": len(findings["crash"]),
        "stopped_by_time_limit": len(findings["too_slow"]),
        "baseline_s": round(base, 4),
        "median_s": round(statistics.median(times), 4),
        "p99_s": round(sorted(times)[int(0.99 * (len(times) - 1))], 4),
        "slowest_s": round(max(times), 3),
        "replayed_first_and_least_s": [
            (round(a, 3), round(b, 3)) for a, b in sorted(replayed)[-KEEP_SLOWEST:]
        ],
        "worst_ratio_to_baseline": [
            (round(ratio, 1), round(seconds, 3), len(data), keep(data, "slowest"))
            for ratio, seconds, data in slowest
        ],
        "outcomes": dict(outcomes.most_common()),
        "findings": findings,
        "wall_s": round(time.perf_counter() - start, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-kind", type=int, default=12_500)
    parser.add_argument("--kinds", default="txt,html,jsonl,pdf")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "trucewatch-fuzz")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    reports = []
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.kinds.split(","):
            report = campaign(kind, args.per_kind, Path(tmp), args.out)
            reports.append(report)
            print(json.dumps(report), flush=True)
    total = sum(int(str(r["inputs"])) for r in reports)
    crashes = sum(int(str(r["crashes"])) for r in reports)
    print(
        f"{total} inputs, {crashes} crashes, slowest {max(float(str(r['slowest_s'])) for r in reports):.3f} s"
    )
    (args.out / "summary.json").write_text(json.dumps(reports, indent=1))


if __name__ == "__main__":
    main()
