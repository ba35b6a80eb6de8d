"""A `public` mark on sources: what anonymous public read may show.

Off for every existing source: publishing is an analyst's decision, never a
side effect of upgrading.

Revision ID: 0004_public_sources
Revises: 0003_paging_indexes
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_public_sources"
down_revision = "0003_paging_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sources", sa.Column("public", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("sources") as batch:  # SQLite drops a column by copying the table
        batch.drop_column("public")
