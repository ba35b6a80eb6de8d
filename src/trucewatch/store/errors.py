"""Named store errors, with messages a user can act on."""

from __future__ import annotations


class StoreError(Exception):
    """Base of every error the store raises on purpose."""


class DatabaseUnavailable(StoreError):
    """The database cannot be opened or reached."""


class SchemaMismatch(StoreError):
    """The database schema is not the one this version of trucewatch expects."""


class NotFound(StoreError):
    """No row with that id."""


class UnknownReference(StoreError):
    """A row refers to a place, document or claim that is not stored."""
