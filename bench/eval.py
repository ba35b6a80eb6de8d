#!/usr/bin/env python3
"""Score the extractor on the evaluation set: in-sample, then grouped cross-validation.

    .venv/bin/python bench/eval.py [--gold ../shared/eval/dev] [--folds 5] [--keep PRED.jsonl]
                                   [--pipeline a,b,c] [--no-cv] [--cv-only]

In-sample: the shipped system (rules plus the shipped learnt model) over every
article of the gold folder, scored by the evaluation's own score.py.

Cross-validated: the articles are split into folds by their `conflict` field
(every article of one conflict in the same fold; folds balanced by number of
facts, deterministic). Each fold is predicted by a system whose learnt parts
were trained on the other folds only; the pooled predictions are scored once.
That figure estimates what the extractor does on reports from conflicts it was
never tuned on, and is the one to steer by. Rules are written by hand, not
learnt, so they are the same in every fold.

The last lines printed are the cross-validated scores: quantity and actor
agreement, then event P/R/F1.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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


def _predict(articles: Sequence[dict[str, Any]], pipeline: Any) -> list[str]:
    from trucewatch.extract.eval_format import predict_article

    lines: list[str] = []
    for article in articles:
        lines.extend(predict_article(article, pipeline=pipeline))
    return lines


def _score(score_py: Path, gold: Path, lines: list[str], as_json: bool, keep: Path | None) -> int:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
        pred = Path(out.name)
    if keep:
        keep.write_text(pred.read_text(encoding="utf-8"), encoding="utf-8")
    command = [sys.executable, str(score_py), "--gold", str(gold), "--pred", str(pred)]
    if as_json:
        command.append("--json")
    sys.stdout.flush()
    result = subprocess.run(command, check=False)
    pred.unlink(missing_ok=True)
    return result.returncode


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--gold", type=Path, default=SHARED / "dev", help="folder of article *.json files")
    parser.add_argument("--score", type=Path, default=SHARED / "score.py", help="the evaluation's score.py")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (by conflict)")
    parser.add_argument("--keep", type=Path, help="also write the in-sample predictions here")
    parser.add_argument("--keep-cv", type=Path, help="also write the cross-validated predictions here")
    parser.add_argument("--pipeline", help="comma-separated component names (default: the shipped system)")
    parser.add_argument("--no-cv", action="store_true", help="in-sample score only")
    parser.add_argument("--cv-only", action="store_true", help="cross-validated score only")
    parser.add_argument("--json", action="store_true", help="score.py's JSON output")
    args = parser.parse_args()
    if not args.gold.is_dir() or not args.score.is_file():
        print(f"eval: missing {args.gold} or {args.score}", file=sys.stderr)
        return 2
    try:
        from trucewatch.extract.pipeline import build_pipeline, default_pipeline
        from trucewatch.extract.training import conflict_folds, pipeline_trained_on
    except ImportError as exc:
        print(f"eval: trucewatch is not importable ({exc}); create .venv first", file=sys.stderr)
        return 2
    articles = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(args.gold.glob("*.json"))]
    names = args.pipeline.split(",") if args.pipeline else None
    status = 0
    if not args.cv_only:
        pipeline = build_pipeline(names) if names else default_pipeline()
        started = time.perf_counter()
        lines = _predict(articles, pipeline)
        elapsed = time.perf_counter() - started
        print(f"== in-sample: {len(lines)} events, {len(articles)} articles, {elapsed:.2f}s ({pipeline!r})")
        status |= _score(args.score, args.gold, lines, args.json, args.keep)
    if not args.no_cv:
        folds = conflict_folds(articles, args.folds)
        lines = []
        started = time.perf_counter()
        for k, held_out in enumerate(folds):
            held = set(held_out)
            train = [a for i, a in enumerate(articles) if i not in held]
            pipeline = pipeline_trained_on(train, names)
            test = [articles[i] for i in held_out]
            conflicts = sorted({str(a.get("conflict")) for a in test})
            print(f"fold {k + 1}: {len(test)} articles, {len(conflicts)} conflicts ({', '.join(conflicts)})")
            lines.extend(_predict(test, pipeline))
        elapsed = time.perf_counter() - started
        print(f"== cross-validated ({len(folds)} folds by conflict): {len(lines)} events in {elapsed:.2f}s")
        status |= _score(args.score, args.gold, lines, args.json, args.keep_cv)
    return status


if __name__ == "__main__":
    _ensure_trucewatch()
    sys.exit(main())
