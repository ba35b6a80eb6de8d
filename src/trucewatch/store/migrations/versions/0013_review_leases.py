"""Who is reviewing which claim (trucewatch.store.leases, the web review queue).

Revision ID: 0013_review_leases
Revises: 0012_ledger_snapshots
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_review_leases"
down_revision = "0012_ledger_snapshots"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_leases",
        sa.Column("claim_id", sa.String(length=40), nullable=False),
        sa.Column("user_name", sa.String(length=120), nullable=False),
        sa.Column("until", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("claim_id", name=op.f("pk_review_leases")),
    )


def downgrade() -> None:
    op.drop_table("review_leases")
