#!/usr/bin/env python3
"""Extraction throughput next to bare spaCy blank-English tokenisation of the same texts.

    .venv/bin/python bench/extract_speed.py [--docs 300] [--gold ../shared/eval/dev]

The evaluation texts are repeated to --docs documents; both measurements run
in this process over the same list, after one warm-up document each (the
lexicons, gazetteer and spaCy pipeline load outside the timing).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

import spacy

from trucewatch.extract.pipeline import default_pipeline, extract_document

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--gold", type=Path, default=SHARED / "dev")
    args = parser.parse_args()
    articles = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(args.gold.glob("*.json"))]
    if not articles:
        print(f"no articles in {args.gold}", file=sys.stderr)
        return 2
    docs = [articles[i % len(articles)] for i in range(args.docs)]
    texts = [a["text"] for a in docs]
    words = sum(len(t.split()) for t in texts)

    nlp = spacy.blank("en")
    nlp(texts[0])
    started = time.perf_counter()
    for doc in nlp.pipe(texts):
        len(doc)
    tok = time.perf_counter() - started

    pipeline = default_pipeline()
    extract_document("warm-up", texts[0], dt.date(2017, 3, 8), pipeline=pipeline)
    started = time.perf_counter()
    claims = 0
    for i, a in enumerate(docs):
        published = dt.date.fromisoformat(a["published"]) if a.get("published") else None
        claims += len(extract_document(f"d{i}", a["text"], published, pipeline=pipeline).claims)
    ext = time.perf_counter() - started

    print(f"{len(texts)} documents, {words} words; pipeline: {pipeline!r}")
    print(f"spacy.blank('en') tokenisation: {words / tok:12,.0f} words/s {len(texts) / tok:10,.1f} docs/s")
    print(
        f"trucewatch extraction:          {words / ext:12,.0f} words/s {len(texts) / ext:10,.1f} docs/s"
        f"  ({claims} claims)"
    )
    print(f"ratio extraction/tokenisation: {tok / ext:.2f} (target >= 0.33)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
