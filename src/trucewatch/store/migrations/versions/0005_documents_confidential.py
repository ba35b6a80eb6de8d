"""An index on documents (source_id, confidential).

A viewer's source list counts only the documents a viewer may see (not
confidential): with the mark in the index, that count reads the index alone
instead of every document row (the text included). It has the old
source_id index as its prefix, so that one is dropped.

Revision ID: 0005_documents_confidential
Revises: 0004_public_sources
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0005_documents_confidential"
down_revision = "0004_public_sources"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_documents_source_id_confidential", "documents", ["source_id", "confidential"])
    op.drop_index("ix_documents_source_id", table_name="documents")


def downgrade() -> None:
    op.create_index("ix_documents_source_id", "documents", ["source_id"])
    op.drop_index("ix_documents_source_id_confidential", table_name="documents")
