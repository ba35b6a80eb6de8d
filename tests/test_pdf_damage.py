"""Damaged and crafted PDFs: one clear line each, a damaged page left out and named, no endless reads.

The damaged files are made here: sound PDFs (pypdf, WeasyPrint) cut or corrupted,
and crafted ones written byte by byte (tests/pdf_samples.py). A hard timeout
guards each test: a reader that loops fails the test instead of hanging the suite.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import pdf_samples as pdfs
from trucewatch.ingest import ReadFailure, ReadOptions, read_file
from trucewatch.model import Document

pytestmark = pytest.mark.timeout(120)

# The reasons a reader may give for a bad PDF; "unexpected" (a reader bug) is not one of them.
PDF_REASONS = {"not_pdf", "bad_pdf", "bad_page", "encrypted", "no_text", "too_slow"}


def read(tmp_path: Path, name: str, data: bytes, **options: object) -> list[Document | ReadFailure]:
    path = tmp_path / name
    path.write_bytes(data)
    return list(read_file(path, ReadOptions(**options)))  # type: ignore[arg-type]


def failure_of(results: list[Document | ReadFailure]) -> ReadFailure:
    failures = [r for r in results if isinstance(r, ReadFailure)]
    assert len(failures) == 1, results
    return failures[0]


def assert_one_clear_line(failure: ReadFailure) -> None:
    assert failure.reason in PDF_REASONS, str(failure)
    assert "please report" not in failure.message
    assert failure.message and "\n" not in failure.message and len(failure.message) < 400


@pytest.fixture(scope="module")
def sound_pdfs() -> dict[str, bytes]:
    lines = [
        [f"Synthetic bulletin page {n}, line {i}: nothing happened here." for i in range(8)]
        for n in (1, 2, 3)
    ]
    paragraphs = [
        f"Synthetic paragraph {i} of a made-up bulletin about a fictional truce." for i in range(40)
    ]
    return {"pypdf": pdfs.text_pdf(lines, title="Synthetic"), "weasyprint": pdfs.weasy_pdf(paragraphs)}


@pytest.mark.parametrize("maker", ["pypdf", "weasyprint"])
def test_a_cut_pdf_is_read_whole_or_refused_in_one_line(tmp_path: Path, sound_pdfs, maker: str) -> None:
    data = sound_pdfs[maker]
    cuts = sorted({*range(9, len(data), max(1, len(data) // 40)), len(data) - 7, len(data) - 30})
    refused = 0
    for cut in cuts:
        results = read(tmp_path, f"cut{cut}.pdf", data[:cut])
        for result in results:
            if isinstance(result, ReadFailure):
                assert_one_clear_line(result)
                assert result.origin == str(tmp_path / f"cut{cut}.pdf")
                refused += 1
    assert refused > len(cuts) // 2  # most cuts lose the page list: each said so


def test_a_corrupt_xref_table_is_recovered_or_refused_in_one_line(tmp_path: Path, sound_pdfs) -> None:
    data = sound_pdfs["pypdf"]
    xref = data.rindex(b"xref")
    variants = {
        "zeroed-offsets": re.sub(rb"\d{10} 00000 n", b"0000000000 00000 n", data),
        "shifted-offsets": re.sub(rb"(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m[1]) + 7), data),
        "garbage-table": data[:xref] + bytes(range(256)) * 2 + data[data.rindex(b"trailer") :],
        "startxref-past-end": data[: data.rindex(b"startxref")] + b"startxref\n99999999\n%%EOF\n",
        "no-xref-no-trailer": data[:xref],
    }
    for name, variant in variants.items():
        for result in read(tmp_path, f"{name}.pdf", variant):
            if isinstance(result, ReadFailure):
                assert_one_clear_line(result)


def test_a_page_tree_that_loops_is_refused(tmp_path: Path) -> None:
    failure = failure_of(read(tmp_path, "loop.pdf", pdfs.looping_page_tree()))
    assert_one_clear_line(failure)
    assert failure.reason == "bad_pdf" and "list of pages" in failure.message


def test_a_page_tree_repeating_one_page_thousands_of_times_is_refused(tmp_path: Path) -> None:
    data = pdfs.repeated_pages(depth=12)  # 4,096 pages from a 2 KB file
    assert len(data) < 2500
    results = read(tmp_path, "repeat.pdf", data)
    failure = failure_of(results)
    assert not [r for r in results if isinstance(r, Document)]
    assert failure.reason == "bad_pdf" and "same page" in failure.message


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("length", pdfs.huge_declared_length),
        ("bomb", pdfs.flate_bomb),
        ("tiny", pdfs.tiny_dense_content),
        ("dense", pdfs.dense_content_bomb),
        ("shared", lambda: pdfs.shared_heavy_content(pages=60, instructions=30_000)),
        ("forms", pdfs.form_heavy),
    ],
)
def test_crafted_pdfs_are_refused_not_read_for_ever(tmp_path: Path, name: str, make) -> None:
    results = read(tmp_path, f"{name}.pdf", make())
    failure = failure_of(results)
    assert not [r for r in results if isinstance(r, Document)]
    assert_one_clear_line(failure)
    assert failure.reason == "bad_pdf"


def test_a_damaged_page_is_left_out_and_named(tmp_path: Path) -> None:
    broken = pdfs.stream(b"BT /F1 12 Tf <zz> Tj ET")  # a hex string that is not hex
    data = pdfs.pages_pdf(
        [
            pdfs.stream(pdfs.shown("First synthetic page.")),
            broken,
            pdfs.stream(pdfs.shown("Third synthetic page.")),
        ]
    )
    results = read(tmp_path, "middle.pdf", data)
    docs = [r for r in results if isinstance(r, Document)]
    assert (
        len(docs) == 1 and "First synthetic page." in docs[0].text and "Third synthetic page." in docs[0].text
    )
    failure = failure_of(results)
    assert failure.reason == "bad_page" and failure.origin == str(tmp_path / "middle.pdf")
    assert "page 2 of 3" in failure.message and "left out" in failure.message
    assert_one_clear_line(failure)


def test_a_pdf_whose_every_page_is_damaged_is_refused(tmp_path: Path) -> None:
    broken = pdfs.stream(b"BT /F1 12 Tf (a) Tj ET", b"/Filter /NoSuchFilter ")
    failure = failure_of(read(tmp_path, "all.pdf", pdfs.pages_pdf([broken, broken])))
    assert failure.reason == "bad_pdf" and "none of its 2 pages" in failure.message
    assert_one_clear_line(failure)


def test_the_time_limit_stops_a_long_read(tmp_path: Path) -> None:
    many = [[f"Synthetic page {n} line {i} of a long made-up report." for i in range(40)] for n in range(400)]
    data = pdfs.text_pdf(many)
    failure = failure_of(read(tmp_path, "long.pdf", data, time_limit=0.2))
    assert failure.reason == "too_slow"
    assert "0.2 s" in failure.message and "TRUCEWATCH_READ_TIMEOUT" in failure.message
    assert_one_clear_line(failure)
    (doc,) = read(tmp_path, "long.pdf", data, time_limit=300)  # the same file, given the time it needs
    assert isinstance(doc, Document) and "page 399 line 39" in doc.text


def test_ingest_reports_each_bad_pdf_in_one_line_exits_1_and_stores_the_rest(
    tmp_path: Path, sound_pdfs
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("A synthetic report that reads fine.\n", encoding="utf-8")
    (folder / "good.pdf").write_bytes(sound_pdfs["weasyprint"])
    bad = {
        "cut.pdf": sound_pdfs["pypdf"][:400],
        "loop.pdf": pdfs.looping_page_tree(),
        "repeat.pdf": pdfs.repeated_pages(),
        "length.pdf": pdfs.huge_declared_length(),
        "bomb.pdf": pdfs.flate_bomb(),
        "forms.pdf": pdfs.form_heavy(),
    }
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    half = pdfs.pages_pdf([pdfs.stream(pdfs.shown("Readable synthetic page.")), pdfs.stream(b"<zz> Tj")])
    (folder / "half.pdf").write_bytes(half)
    exe = str(Path(sys.executable).with_name("trucewatch"))
    db = str(tmp_path / "run.db")
    run = subprocess.run(
        [exe, "--db", db, "ingest", str(folder)], capture_output=True, text=True, timeout=110
    )
    assert run.returncode == 1, run.stderr
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert sorted(line.split(": ", 1)[0] for line in lines) == sorted(
        str(folder / n) for n in [*bad, "half.pdf"]
    )
    assert "Traceback" not in run.stderr and "please report" not in run.stderr
    listed = subprocess.run(
        [exe, "--db", db, "documents", "--json"], capture_output=True, text=True, timeout=60
    )
    origins = []
    for d in json.loads(listed.stdout):  # a list item has no origin; `show` gives it
        shown = subprocess.run(
            [exe, "--db", db, "show", d["id"], "--json"], capture_output=True, text=True, timeout=60
        )
        origins.append(Path(json.loads(shown.stdout)["origin"]).name)
    assert sorted(origins) == ["good.pdf", "good.txt", "half.pdf"]
