#!/usr/bin/env python3
"""Score the extractor on the evaluation set.

    .venv/bin/python bench/eval.py [--gold ../shared/eval/dev] [--keep PRED.jsonl] [--pipeline a,b,c]

Runs the same function as `trucewatch extract FILE --format eval` over every
article in the gold folder, writes the predictions to a temporary JSON Lines
file and runs the evaluation's own score.py on it. The last lines printed are
the scores: quantity and actor agreement, then event P/R/F1.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "eval"


def _ensure_trucewatch() -> None:
    """Run under the project's venv when started by another python (e.g. the system python3)."""
    try:
        import trucewatch  # noqa: F401
    except ImportError:
        venv = REPO / ".venv" / "bin" / "python"
        # compare prefixes: the venv's python is often a symlink to this very interpreter
        if venv.is_file() and Path(sys.prefix).resolve() != venv.parents[1].resolve():
            os.execv(str(venv), [str(venv), *sys.argv])
        src = REPO / "src"  # no venv: the sources, if their dependencies are importable
        sys.path.insert(0, str(src))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--gold", type=Path, default=SHARED / "dev", help="folder of article *.json files")
    parser.add_argument("--score", type=Path, default=SHARED / "score.py", help="the evaluation's score.py")
    parser.add_argument("--keep", type=Path, help="also write the predictions here")
    parser.add_argument("--pipeline", help="comma-separated component names (default: the rules)")
    parser.add_argument("--json", action="store_true", help="score.py's JSON output")
    args = parser.parse_args()
    if not args.gold.is_dir() or not args.score.is_file():
        print(f"eval: missing {args.gold} or {args.score}", file=sys.stderr)
        return 2
    try:
        from trucewatch.extract.eval_format import predict_file
        from trucewatch.extract.pipeline import build_pipeline, default_pipeline
    except ImportError as exc:
        print(f"eval: trucewatch is not importable ({exc}); create .venv first", file=sys.stderr)
        return 2
    pipeline = build_pipeline(args.pipeline.split(",")) if args.pipeline else default_pipeline()
    started = time.perf_counter()
    lines: list[str] = []
    articles = sorted(args.gold.glob("*.json"))
    for path in articles:
        lines.extend(predict_file(path, pipeline=pipeline))
    elapsed = time.perf_counter() - started
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
        pred = Path(out.name)
    if args.keep:
        args.keep.write_text(pred.read_text(encoding="utf-8"), encoding="utf-8")
    print(f"extracted {len(lines)} events from {len(articles)} articles in {elapsed:.2f}s ({pipeline!r})")
    command = [sys.executable, str(args.score), "--gold", str(args.gold), "--pred", str(pred)]
    if args.json:
        command.append("--json")
    result = subprocess.run(command, check=False)
    pred.unlink(missing_ok=True)
    return result.returncode


if __name__ == "__main__":
    _ensure_trucewatch()
    sys.exit(main())
