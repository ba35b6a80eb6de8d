"""Imported ACLED events by event_id_cnty, every column kept (trucewatch.store.acled).

Revision ID: 0007_acled_events
Revises: 0006_login_failures
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_acled_events"
down_revision = "0006_login_failures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "acled_events",
        sa.Column("event_id", sa.String(length=80), nullable=False),
        sa.Column("document_id", sa.String(length=40), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("derived", sa.JSON(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_acled_events_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_acled_events")),
    )
    op.create_index(op.f("ix_acled_events_document_id"), "acled_events", ["document_id"], unique=True)


def downgrade() -> None:
    op.drop_index(op.f("ix_acled_events_document_id"), table_name="acled_events")
    op.drop_table("acled_events")
