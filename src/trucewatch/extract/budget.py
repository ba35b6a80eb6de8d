"""A time budget per document: extraction that runs over it stops with a clear error.

The caller gives the budget (in seconds); a `Deadline` rides on the Analysis.
The pipeline checks it before each component and the long loops of the
components check it as they go, so a document that would take too long fails
about when its budget runs out, in any thread. A step that never hands control
back to those checks (one long regular-expression call) is stopped by
`interrupt_at`, which the caller at the edge may arm around a document: a
SIGALRM raising the same error inside it (main thread only).
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["BudgetExceeded", "Deadline", "interrupt_at"]


class BudgetExceeded(RuntimeError):
    """A document's extraction ran over its time budget."""

    def __init__(self, seconds: float, where: str, document_id: str = "") -> None:
        self.seconds = seconds
        self.where = where
        self.document_id = document_id
        super().__init__(f"extraction ran over its {seconds:g} s time budget (stopped in {where})")


class Deadline:
    """The moment a document's budget of `seconds` runs out, counted from creation."""

    __slots__ = ("_at", "_clock", "document_id", "seconds", "stage")

    def __init__(
        self, seconds: float, document_id: str = "", clock: Callable[[], float] = time.monotonic
    ) -> None:
        if not seconds > 0:
            raise ValueError(f"a time budget must be more than 0 seconds, not {seconds!r}")
        self.seconds = seconds
        self.document_id = document_id
        self.stage = "extraction"  # the component running, set by the pipeline (for messages)
        self._clock = clock
        self._at = clock() + seconds

    def remaining(self) -> float:
        return self._at - self._clock()

    def check(self, where: str) -> None:
        """Raise BudgetExceeded (naming `where`) once the budget is spent."""
        if self._clock() >= self._at:
            raise BudgetExceeded(self.seconds, where, self.document_id)


@contextmanager
def interrupt_at(deadline: Deadline | None) -> Iterator[None]:
    """Raise BudgetExceeded inside the code run in this block when `deadline` passes, even
    in the middle of a long C call that checks for signals (the regular-expression engine
    does). Only where signals can be used (the main thread, with SIGALRM); elsewhere, and
    with no deadline, it does nothing and the cooperative checks remain."""
    usable = (
        deadline is not None
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable or deadline is None:
        yield
        return

    def ring(_signum: int, _frame: FrameType | None) -> None:
        raise BudgetExceeded(deadline.seconds, deadline.stage, deadline.document_id)

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, max(deadline.remaining(), 1e-6))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
