"""Every reader under hostile input: no crash, and no input much slower than a sound file of its size.

250 Hypothesis examples per reader (txt, html, jsonl, pdf: 1,000 in all) from the
strategies in tests/reader_inputs.py. "No crash" means that only ReadFailures with
a declared reason come back: a reader bug shows as reason "unexpected", a read
stopped by the time limit as "too_slow", and both fail the test. Time is bounded
relative to a baseline measured in this run: reading a sound file of the same
kind (at the top of the drawn size range), scaled up for larger inputs. A
slow-looking input is timed again, so a pause of the machine is not taken for a
slow reader. pytest-timeout stops a test that hangs all the same.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings

import reader_inputs as inputs
from trucewatch.ingest import ReadFailure, ReadOptions, content_hash, read_file
from trucewatch.model import Document

EXAMPLES = 250
# An input may take this many times the baseline (per byte above the reference size). Blowups
# found so far were 100x to 1000x; trafilatura on odd but bounded markup (66 nested tables around
# 3,000 cells) reaches 25x at its ordinary speed.
RATIO = 50
REASONS = {
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

_FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # time is bounded below, relative to the baseline
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)


def timed_read(path: Path, limit: float) -> tuple[float, list[Document | ReadFailure]]:
    start = time.perf_counter()
    results = list(read_file(path, ReadOptions(time_limit=limit)))
    return time.perf_counter() - start, results


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module")
def baselines(workdir: Path) -> dict[str, tuple[float, int]]:
    """(median seconds, size) of reading the sound reference file of each kind."""
    out = {}
    for kind, suffix in inputs.SUFFIX.items():
        data = inputs.sound_reference(kind)
        path = workdir / f"reference{suffix}"
        path.write_bytes(data)
        timed_read(path, 600)  # the first read loads what the reader loads once
        times = []
        for _ in range(5):
            seconds, results = timed_read(path, 600)
            assert all(isinstance(r, Document) for r in results), results
            times.append(seconds)
        out[kind] = (statistics.median(times), len(data))
    return out


def check(kind: str, data: bytes, workdir: Path, baselines: dict[str, tuple[float, int]]) -> None:
    path = workdir / f"input{inputs.SUFFIX[kind]}"
    path.write_bytes(data)
    base, size = baselines[kind]
    bound = RATIO * base * max(1.0, len(data) / size)
    seconds, results = timed_read(path, limit=4 * bound + 1)  # a hang becomes "too_slow", then fails
    assert results, "a reader must say something about every file"
    for result in results:
        if isinstance(result, ReadFailure):
            assert result.reason in REASONS, str(result)
            assert result.origin == str(path) or result.origin.startswith(f"{path}:")
            assert result.message and "\n" not in result.message
        else:
            assert isinstance(result, Document)
            assert result.text.strip() and "\x00" not in result.text
            assert result.content_hash == content_hash(result.text)
    for _ in range(2):  # slow twice more before it counts: the machine may have paused
        if seconds <= bound:
            break
        seconds = min(seconds, timed_read(path, limit=4 * bound + 1)[0])
    assert seconds <= bound, f"{kind} input of {len(data)} bytes took {seconds:.3f} s, over {bound:.3f} s"


@pytest.mark.timeout(900)
@_FUZZ
@given(data=inputs.text_files())
def test_text_files(workdir: Path, baselines: dict[str, tuple[float, int]], data: bytes) -> None:
    check("txt", data, workdir, baselines)


# Found by the long campaign (bench/fuzz_readers.py): links nested in links under hundreds of
# open <div>s took 7 s for 15 KB before deep markup was flattened (ingest/deep_markup.py).
_INSIDE = "<p>Synthetic words about a made-up truce.</p>"
_NESTED_LINKS = ("<html><body>" + "<div>" * 240 + "<a>" * 2000 + _INSIDE + "</a>" * 2000).encode()


@pytest.mark.timeout(900)
@_FUZZ
@example(data=_NESTED_LINKS)
@given(data=inputs.html_files())
def test_html_files(workdir: Path, baselines: dict[str, tuple[float, int]], data: bytes) -> None:
    check("html", data, workdir, baselines)


@pytest.mark.timeout(900)
@_FUZZ
@given(data=inputs.jsonl_files())
def test_jsonl_files(workdir: Path, baselines: dict[str, tuple[float, int]], data: bytes) -> None:
    check("jsonl", data, workdir, baselines)


@pytest.mark.timeout(900)
@_FUZZ
@given(data=inputs.pdf_files())
def test_pdf_files(workdir: Path, baselines: dict[str, tuple[float, int]], data: bytes) -> None:
    check("pdf", data, workdir, baselines)
