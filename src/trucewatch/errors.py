"""One error hierarchy: what trucewatch raises on purpose, with a message a user can act on.

    TrucewatchError             base of every error raised on purpose
    ├── NotFound                no such document, claim, place, agreement, user ...
    ├── Ambiguous               a name that matches several things (the message lists them)
    ├── InvalidInput            a value, file or request that cannot be used as given
    ├── Forbidden               the caller's role may not do this
    ├── Conflict                the request contradicts what is stored
    └── Unavailable             the database cannot be opened, reached or used at this schema

The layers raise these (or their own subclasses of them, such as
`store.errors.SchemaMismatch` or `ledger_service.LedgerError`); the interfaces
map them once each: `cli.cli_errors()` to one line on stderr and exit code 1,
`api.problems` to an RFC 9457 problem with an HTTP status. The message is the
whole of what a user sees, so it says what to do, and never holds a password or
a confidential name. This module imports nothing from trucewatch.
"""

from __future__ import annotations

__all__ = [
    "Ambiguous",
    "Conflict",
    "Forbidden",
    "InvalidInput",
    "NotFound",
    "TrucewatchError",
    "Unavailable",
]


class TrucewatchError(Exception):
    """Base of every error trucewatch raises on purpose; str(error) is the message for the user."""


class NotFound(TrucewatchError, LookupError):
    """Nothing stored has that id or name (HTTP 404)."""


class Ambiguous(TrucewatchError, LookupError):
    """A name that matches several things; `candidates` lists them (HTTP 422)."""

    def __init__(self, message: str, candidates: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.candidates = candidates


class InvalidInput(TrucewatchError, ValueError):
    """A value, file or request that cannot be used as given (HTTP 422)."""


class Forbidden(TrucewatchError):
    """The caller may not do this with their role (HTTP 403)."""


class Conflict(TrucewatchError):
    """The request contradicts what is stored, such as publishing a confidential source (HTTP 409)."""


class Unavailable(TrucewatchError):
    """The database cannot be opened, reached or used at its schema (HTTP 503)."""
