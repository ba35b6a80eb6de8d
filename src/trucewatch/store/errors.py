"""Named store errors, with messages a user can act on (each a kind of trucewatch.errors)."""

from __future__ import annotations

from sqlalchemy.exc import DataError, IntegrityError, OperationalError

from trucewatch import errors

# The database driver's errors that callers handle, under the store's name so that no module
# outside the store imports sqlalchemy: a value refused (DataError, IntegrityError) and a
# database that fails to answer or is locked (OperationalError; see store.db.is_locked).
__all__ = [
    "DataError",
    "DatabaseUnavailable",
    "IntegrityError",
    "InvalidValue",
    "NotFound",
    "OperationalError",
    "SchemaMismatch",
    "StoreError",
    "UnknownReference",
]


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
