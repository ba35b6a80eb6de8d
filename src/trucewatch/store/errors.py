"""Named store errors, with messages a user can act on (each a kind of trucewatch.errors)."""

from __future__ import annotations

from trucewatch import errors


class StoreError(errors.TrucewatchError):
    """Base of every error the store raises on purpose."""


class DatabaseUnavailable(StoreError, errors.Unavailable):
    """The database cannot be opened or reached."""


class SchemaMismatch(StoreError, errors.Unavailable):
    """The database schema is not the one this version of trucewatch expects."""


class NotFound(StoreError, errors.NotFound):
    """No row with that id."""


class UnknownReference(StoreError, errors.InvalidInput):
    """A row refers to a place, document or claim that is not stored."""


class InvalidValue(StoreError, errors.InvalidInput):
    """A value the store will not keep (an empty source kind, say)."""
