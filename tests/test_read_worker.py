"""The worker process a PDF or HTML file is read in: killed at the time limit, its crash one clear line.

The parses given to it are module-level functions, as the readers' are: a worker is
sent each one by name.
"""

from __future__ import annotations

import multiprocessing
import os
import signal

import pytest

from trucewatch.config import DEFAULT_READ_TIMEOUT, read_timeout_from_env
from trucewatch.ingest import ReadOptions
from trucewatch.ingest.failures import ReadProblem
from trucewatch.ingest.worker import MEMORY_HEADROOM, run_limited

pytestmark = pytest.mark.timeout(60)


def spin() -> None:
    while True:  # pure Python that never returns, as a parser looping on crafted input
        pass


def echo(text: str) -> str:
    return text


def pid() -> int:
    return os.getpid()


def refuse() -> None:
    raise ReadProblem("no_text", "nothing readable in this synthetic file")


def crash() -> None:
    os.kill(os.getpid(), signal.SIGSEGV)  # as a parser's C code would die


def hog() -> bytearray:
    return bytearray(3 * MEMORY_HEADROOM)


def divide(a: int, b: int) -> int:
    return a // b


def test_a_parse_that_never_ends_is_killed_at_the_limit() -> None:
    worker = run_limited(pid, (), 30, "bad_pdf")
    with pytest.raises(ReadProblem) as caught:
        run_limited(spin, (), 0.5, "bad_pdf")
    assert caught.value.reason == "too_slow"
    assert "0.5 s" in caught.value.message and "TRUCEWATCH_READ_TIMEOUT" in caught.value.message
    with pytest.raises(ProcessLookupError):  # killed and reaped, not left running
        os.kill(worker, 0)
    assert worker not in {p.pid for p in multiprocessing.active_children()}
    assert run_limited(pid, (), 30, "bad_pdf") != worker  # a new worker reads the next file


def test_the_answer_comes_back_whole_from_a_worker_that_is_reused() -> None:
    text = "Synthetic line of a long made-up report.\n" * 200_000  # 8 MB through the pipe and back
    assert run_limited(echo, (text,), 30, "bad_pdf") == text
    first, second = run_limited(pid, (), 30, "bad_pdf"), run_limited(pid, (), 30, "bad_pdf")
    assert first == second != os.getpid()


def test_a_read_problem_in_the_worker_keeps_its_reason_and_words() -> None:
    with pytest.raises(ReadProblem) as caught:
        run_limited(refuse, (), 30, "bad_pdf")
    assert caught.value.reason == "no_text"
    assert caught.value.message == "nothing readable in this synthetic file"


def test_a_crash_in_the_worker_is_one_clear_line_and_the_next_file_is_read() -> None:
    with pytest.raises(ReadProblem) as caught:
        run_limited(crash, (), 30, "bad_html")
    assert caught.value.reason == "bad_html" and "SIGSEGV" in caught.value.message
    assert "\n" not in caught.value.message
    assert run_limited(echo, ("after the crash",), 30, "bad_html") == "after the crash"


def test_memory_is_capped_in_the_worker() -> None:
    with pytest.raises(ReadProblem) as caught:
        run_limited(hog, (), 30, "bad_pdf")
    assert caught.value.reason == "bad_pdf" and "memory" in caught.value.message


def test_a_bug_in_the_worker_is_reported_as_unexpected() -> None:
    with pytest.raises(ReadProblem) as caught:
        run_limited(divide, (1, 0), 30, "bad_pdf")
    assert caught.value.reason == "unexpected" and "ZeroDivisionError" in caught.value.message


def test_the_time_limit_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert read_timeout_from_env({}) == DEFAULT_READ_TIMEOUT
    assert read_timeout_from_env({"TRUCEWATCH_READ_TIMEOUT": " 2.5 "}) == 2.5
    for bad in ("0", "-3", "soon", "inf", "nan"):
        with pytest.raises(ValueError, match="TRUCEWATCH_READ_TIMEOUT must be a number of seconds above 0"):
            read_timeout_from_env({"TRUCEWATCH_READ_TIMEOUT": bad})
    monkeypatch.setenv("TRUCEWATCH_READ_TIMEOUT", "7")
    assert ReadOptions().time_limit == 7.0
