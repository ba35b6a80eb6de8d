"""Run one parse in a child process that is killed at the time limit.

pypdf and trafilatura are pure Python over formats that crafted files can make
them loop on; no check inside them can promise to stop. A forked child can be
killed: the parse runs there, and the parent waits at most `seconds`, then kills
it and reports the file as too slow. Fork shares the input without copying it
and costs about 15 ms. The child's memory is capped too, so a decompression
bomb fails with MemoryError there instead of exhausting the machine.
"""

from __future__ import annotations

import contextlib
import faulthandler
import multiprocessing
import os
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import TypeVar

from trucewatch.ingest.failures import ReadProblem

T = TypeVar("T")

# Memory the child may allocate beyond what it inherits: far more than a 50 MB PDF needs.
MEMORY_HEADROOM = 2 * 1024**3

_FORK = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


def run_limited(parse: Callable[[], T], seconds: float, reason: str) -> T:
    """parse() run in a child killed after `seconds`; its ReadProblem is raised here.

    `reason` is the failure key used if the child dies without an answer (a crash
    inside a parser). Where fork is missing the parse runs here, without a limit.
    """
    if _FORK is None or multiprocessing.current_process().daemon:  # a daemon may not have children
        return parse()
    receiver, sender = _FORK.Pipe(duplex=False)
    child = _FORK.Process(target=_child, args=(parse, sender, reason), daemon=True)
    child.start()
    sender.close()  # the child holds the only writer: its death reads as end of file
    try:
        if not receiver.poll(seconds):
            raise ReadProblem("too_slow", _too_slow(seconds))
        try:
            outcome = receiver.recv()
        except EOFError:
            child.join(5)
            raise ReadProblem(reason, _crashed(child.exitcode)) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if outcome[0] == "ok":
        return outcome[1]
    raise ReadProblem(outcome[1], outcome[2])


def _child(parse: Callable[[], object], sender: Connection, reason: str) -> None:
    # The parent ends the child; Ctrl-C or a SIGTERM handler inherited from the CLI would only
    # print a second traceback from here.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    faulthandler.disable()  # a crash is reported by the parent in one line, not as a stack dump
    _cap_memory()
    try:
        outcome: tuple[object, ...] = ("ok", parse())
    except ReadProblem as problem:
        outcome = ("problem", problem.reason, problem.message)
    except MemoryError:
        outcome = ("problem", reason, _out_of_memory())
    except BaseException as exc:  # a reader bug: said as read_file says it, never a traceback
        outcome = ("problem", "unexpected", unexpected(exc))
    try:
        sender.send(outcome)
    except BaseException as exc:  # an answer that cannot be sent (MemoryError while pickling it)
        with contextlib.suppress(BaseException):
            sender.send(("problem", "unexpected", unexpected(exc)))
    finally:
        sender.close()


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
