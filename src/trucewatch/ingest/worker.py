"""Run one parse in a worker process that is killed at the time limit.

pypdf and trafilatura are pure Python over formats that crafted files can make
them loop on; no check inside them can promise to stop. A process can be killed:
each thread that reads files has a worker, forked on first use (it inherits the
loaded parsers), that parses one file at a time. The caller waits at most the
time limit, then kills the worker, reports the file as too slow, and the next
file gets a new worker. A worker is reused, since forking one per file costs
more than parsing a typical web page; it is replaced after _FILES_PER_WORKER
files or a large input, so its memory does not keep growing. Its memory is
capped, so a decompression bomb fails with MemoryError there instead of
exhausting the machine.
"""

from __future__ import annotations

import contextlib
import faulthandler
import multiprocessing
import os
import signal
import threading
import weakref
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from trucewatch.ingest.failures import ReadProblem

T = TypeVar("T")

# Memory a worker may allocate beyond what it inherits: far more than a 50 MB PDF needs.
MEMORY_HEADROOM = 2 * 1024**3
_FILES_PER_WORKER = 200
_LARGE_INPUT = 8 * 1024 * 1024  # bytes; the worker is replaced after reading one this big

_FORK = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
_local = threading.local()


def run_limited(parse: Callable[..., T], args: tuple[Any, ...], seconds: float, reason: str) -> T:
    """parse(*args) run in this thread's worker, killed after `seconds`; its ReadProblem is raised here.

    `parse` must be a module-level function (it is sent to the worker by name).
    `reason` is the failure key used if the worker dies without an answer (a crash
    inside a parser). Where fork is missing the parse runs here, without a limit.
    """
    if _FORK is None or multiprocessing.current_process().daemon:  # a daemon may not have children
        return parse(*args)
    worker = _worker()
    try:
        worker.conn.send((parse, args, reason))
        answered = worker.conn.poll(seconds)
        outcome = worker.conn.recv() if answered else None
    except (EOFError, OSError):  # the worker died: a crash in a parser, or killed from outside
        worker.process.join(5)
        exitcode = worker.process.exitcode
        _retire()
        raise ReadProblem(reason, _crashed(exitcode)) from None
    except BaseException:  # Ctrl-C while waiting: the worker may be mid-parse, never reuse it
        _retire()
        raise
    if outcome is None:
        _retire()
        raise ReadProblem("too_slow", _too_slow(seconds))
    worker.served += 1
    if worker.served >= _FILES_PER_WORKER or _size(args) > _LARGE_INPUT:
        _retire()
    if outcome[0] == "ok":
        return outcome[1]
    raise ReadProblem(outcome[1], outcome[2])


def _size(args: tuple[Any, ...]) -> int:
    return sum(len(a) for a in args if isinstance(a, bytes | str))


class _Worker:
    def __init__(self) -> None:
        assert _FORK is not None
        self.conn, theirs = _FORK.Pipe()
        self.process: BaseProcess = _FORK.Process(
            target=_serve, args=(theirs, self.conn, os.getpid()), daemon=True
        )
        self.process.start()
        theirs.close()
        self.served = 0
        weakref.finalize(self, _stop, self.process, self.conn)  # a thread that ends takes its worker along


def _worker() -> _Worker:
    worker: _Worker | None = getattr(_local, "worker", None)
    if worker is None or not worker.process.is_alive():
        if worker is not None:
            _retire()
        worker = _local.worker = _Worker()
    return worker


def _retire() -> None:
    worker: _Worker | None = getattr(_local, "worker", None)
    _local.worker = None
    if worker is not None:
        _stop(worker.process, worker.conn)


def _stop(process: BaseProcess, conn: Connection) -> None:
    if process.is_alive():
        process.kill()
    process.join()
    conn.close()


# --- in the worker ----------------------------------------------------------------------------


def _serve(conn: Connection, parents_end: Connection, parent: int) -> None:
    parents_end.close()  # or the worker would never see the parent's end close
    # The parent ends the worker; Ctrl-C or a SIGTERM handler inherited from the CLI would only
    # print a second traceback from here, and a crash is reported by the parent in one line.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    faulthandler.disable()
    _cap_memory()
    while True:
        while not conn.poll(1.0):
            if os.getppid() != parent:  # the parent was killed outright: do not outlive it
                return
        try:
            parse, args, reason = conn.recv()
        except (EOFError, OSError):
            return
        try:
            outcome: tuple[object, ...] = ("ok", parse(*args))
        except ReadProblem as problem:
            outcome = ("problem", problem.reason, problem.message)
        except MemoryError:
            outcome = ("problem", reason, _out_of_memory())
        except BaseException as exc:  # a reader bug: said as read_file says it, never a traceback
            outcome = ("problem", "unexpected", unexpected(exc))
        try:
            conn.send(outcome)
        except BaseException as exc:  # an answer that cannot be sent (MemoryError while pickling it)
            with contextlib.suppress(BaseException):
                conn.send(("problem", "unexpected", unexpected(exc)))


def _cap_memory() -> None:
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            inherited = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = inherited + MEMORY_HEADROOM
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        if soft == resource.RLIM_INFINITY or soft > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError):  # not Linux: the time limit still holds
        pass


# --- messages -----------------------------------------------------------------------------------


def unexpected(exc: BaseException) -> str:
    return f"unexpected error while reading ({type(exc).__name__}); please report it"


def _out_of_memory() -> str:
    return (
        f"reading needed more than the {MEMORY_HEADROOM / 1024**3:g} GB of memory one file may use: "
        "the file is damaged, crafted or too big; split it or export it again"
    )


def _too_slow(seconds: float) -> str:
    return (
        f"reading stopped after {seconds:g} s, the time limit for one file: the file is damaged, crafted "
        "or very long; if it is sound, raise the limit with the TRUCEWATCH_READ_TIMEOUT setting (seconds)"
    )


def _crashed(exitcode: int | None) -> str:
    how = f"exit code {exitcode}"
    if exitcode is not None and exitcode < 0:
        try:
            how = signal.Signals(-exitcode).name
        except ValueError:
            how = f"signal {-exitcode}"
    return f"the reader crashed on this file ({how}): it is damaged or crafted; export or download it again"
