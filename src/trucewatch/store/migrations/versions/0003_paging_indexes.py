"""Composite indexes for keyset paging of events and claims.

Ids are TEXT, so an index on `type` alone makes SQLite (and PostgreSQL) sort
every match by id before a LIMIT; (type, id) hands the rows over in id order
and the page stops after `limit` rows. (when_start, id) and (place_id,
when_start, id) serve the date-ordered pages. Each composite index has the
old single-column index as its prefix, so that one is dropped.

Revision ID: 0003_paging_indexes
Revises: 0002_accounts
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0003_paging_indexes"
down_revision = "0002_accounts"
branch_labels = None
depends_on = None

# (table, old single-column index, new composite indexes)
_CHANGES: list[tuple[str, str | None, list[tuple[str, list[str]]]]] = [
    ("events", "ix_events_type", [("ix_events_type_id", ["type", "id"])]),
    (
        "events",
        "ix_events_place_id",
        [
            ("ix_events_place_id_id", ["place_id", "id"]),
            ("ix_events_place_id_when_start_id", ["place_id", "when_start", "id"]),
        ],
    ),
    ("events", "ix_events_when_start", [("ix_events_when_start_id", ["when_start", "id"])]),
    ("claims", "ix_claims_type", [("ix_claims_type_id", ["type", "id"])]),
    (
        "claims",
        "ix_claims_place_id",
        [
            ("ix_claims_place_id_id", ["place_id", "id"]),
            ("ix_claims_place_id_when_start_id", ["place_id", "when_start", "id"]),
        ],
    ),
    ("claims", "ix_claims_when_start", [("ix_claims_when_start_id", ["when_start", "id"])]),
    ("claims", "ix_claims_status", [("ix_claims_status_id", ["status", "id"])]),
]


def upgrade() -> None:
    for table, old, new in _CHANGES:
        for name, columns in new:
            op.create_index(name, table, columns, unique=False)
        if old is not None:
            op.drop_index(old, table_name=table)


def downgrade() -> None:
    for table, old, new in reversed(_CHANGES):
        if old is not None:
            op.create_index(old, table, [old.removeprefix(f"ix_{table}_")], unique=False)
        for name, _columns in reversed(new):
            op.drop_index(name, table_name=table)
