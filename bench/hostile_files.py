"""How fast crafted and damaged files are refused: seconds per file through read_file.

    .venv/bin/python bench/hostile_files.py [--time-limit 60]

Builds the crafted PDFs of tests/pdf_samples.py and a few hostile HTML pages,
reads each once as ingest does (in the reading worker, under the time limit) and
prints its size, the seconds it took and the one line the user sees. A sound PDF
and a sound page are timed first for comparison.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import pdf_samples as pdfs
from trucewatch.ingest import ReadFailure, ReadOptions, read_file

_P = "<p>Synthetic words about a made-up ceasefire in a fictional valley.</p>"

CASES: dict[str, Callable[[], bytes]] = {
    "sound.pdf": lambda: pdfs.text_pdf([[f"Synthetic line {i} of a sound page." for i in range(30)]] * 10),
    "looping-page-tree.pdf": pdfs.looping_page_tree,
    "repeated-pages-2^12.pdf": lambda: pdfs.repeated_pages(12),
    "repeated-pages-2^14.pdf": lambda: pdfs.repeated_pages(14),
    "huge-declared-length.pdf": pdfs.huge_declared_length,
    "flate-bomb-200MB.pdf": pdfs.flate_bomb,
    "tiny-dense-content.pdf": pdfs.tiny_dense_content,
    "dense-content-bomb.pdf": pdfs.dense_content_bomb,
    "shared-heavy-content.pdf": pdfs.shared_heavy_content,
    "form-drawn-5000-times.pdf": pdfs.form_heavy,
    "sound.html": lambda: f"<html><body><article>{_P * 300}</article></body></html>".encode(),
    "200k-attributes.html": lambda: (
        "<html><body><div " + " ".join(f"a{i}='{i}'" for i in range(200_000)) + ">" + _P + "</div>"
    ).encode(),
    "wide-then-long-table.html": lambda: (
        "<html><body><table><tr>" + "<td>x</td>" * 1000 + "</tr>" + "<tr><td>y" * 20_000 + "</table>"
    ).encode(),
    "200k-nested-divs.html": lambda: ("<html><body>" + "<div>" * 200_000 + _P + "</div>" * 200_000).encode(),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    options = ReadOptions(time_limit=args.time_limit)
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm.pdf"
        warm.write_bytes(pdfs.text_pdf([["Warm-up line."]]))
        list(read_file(warm, options))  # the reading worker starts once, before the timings
        print(f"{'file':28} {'bytes':>10} {'seconds':>8}  result")
        for name, make in CASES.items():
            path = Path(tmp) / name
            path.write_bytes(make())
            start = time.perf_counter()
            results = list(read_file(path, options))
            seconds = time.perf_counter() - start
            failures = [r for r in results if isinstance(r, ReadFailure)]
            said = f"{failures[0].reason}: {failures[0].message}" if failures else "read"
            print(f"{name:28} {path.stat().st_size:>10,} {seconds:>8.2f}  {said[:110]}", flush=True)


if __name__ == "__main__":
    main()
