"""The ledger as computed on a day, for SQL tools (trucewatch.store.snapshots, `trucewatch snapshot`).

Revision ID: 0012_ledger_snapshots
Revises: 0011_search_arabic_folding
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_ledger_snapshots"
down_revision = "0011_search_arabic_folding"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ledger_snapshots",
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("record_id", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("place_id", sa.String(length=40), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "record_id", name=op.f("pk_ledger_snapshots")),
    )
    op.create_index(op.f("ix_ledger_snapshots_place_id"), "ledger_snapshots", ["place_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_ledger_snapshots_place_id"), table_name="ledger_snapshots")
    op.drop_table("ledger_snapshots")
