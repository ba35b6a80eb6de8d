"""Initial schema: every table of trucewatch.store.tables.

Written out in full (drafted by autogenerate, then reviewed); later
revisions change it step by step, never by editing this file.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("side", sa.String(length=80), nullable=True),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actors")),
        sa.UniqueConstraint("name", name=op.f("uq_actors_name")),
    )
    op.create_table(
        "places",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("admin1", sa.String(length=300), nullable=True),
        sa.Column("parent_id", sa.String(length=40), nullable=True),
        sa.Column("geonames_id", sa.Integer(), nullable=True),
        sa.Column("alternate_names", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["parent_id"], ["places.id"], name=op.f("fk_places_parent_id_places")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_places")),
    )
    op.create_index(op.f("ix_places_geonames_id"), "places", ["geonames_id"], unique=False)
    op.create_index(op.f("ix_places_name"), "places", ["name"], unique=False)
    op.create_index(op.f("ix_places_parent_id"), "places", ["parent_id"], unique=False)
    op.create_table(
        "sources",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("reliability", sa.String(length=1), nullable=False),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("name", name=op.f("uq_sources_name")),
    )
    op.create_table(
        "agreements",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("reached_start", sa.DateTime(), nullable=True),
        sa.Column("reached_end", sa.DateTime(), nullable=True),
        sa.Column("reached_precision", sa.String(length=10), nullable=True),
        sa.Column("reached_open_ended", sa.Boolean(), nullable=False),
        sa.Column("effective_from_start", sa.DateTime(), nullable=True),
        sa.Column("effective_from_end", sa.DateTime(), nullable=True),
        sa.Column("effective_from_precision", sa.String(length=10), nullable=True),
        sa.Column("effective_from_open_ended", sa.Boolean(), nullable=False),
        sa.Column("effective_until_start", sa.DateTime(), nullable=True),
        sa.Column("effective_until_end", sa.DateTime(), nullable=True),
        sa.Column("effective_until_precision", sa.String(length=10), nullable=True),
        sa.Column("effective_until_open_ended", sa.Boolean(), nullable=False),
        sa.Column("place_id", sa.String(length=40), nullable=True),
        sa.Column("parties", sa.JSON(), nullable=False),
        sa.Column("mediators", sa.JSON(), nullable=False),
        sa.Column("guarantors", sa.JSON(), nullable=False),
        sa.Column("monitor", sa.String(length=300), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("claim_ids", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["place_id"], ["places.id"], name=op.f("fk_agreements_place_id_places")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreements")),
    )
    op.create_index(op.f("ix_agreements_place_id"), "agreements", ["place_id"], unique=False)
    op.create_table(
        "documents",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("content_hash", sa.String(length=128), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("source_id", sa.String(length=40), nullable=True),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        sa.Column("origin", sa.Text(), nullable=True),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_documents_source_id_sources")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_documents_content_hash")),
    )
    op.create_index(op.f("ix_documents_published"), "documents", ["published"], unique=False)
    op.create_index(op.f("ix_documents_source_id"), "documents", ["source_id"], unique=False)
    op.create_table(
        "events",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("when_start", sa.DateTime(), nullable=True),
        sa.Column("when_end", sa.DateTime(), nullable=True),
        sa.Column("when_precision", sa.String(length=10), nullable=True),
        sa.Column("when_open_ended", sa.Boolean(), nullable=False),
        sa.Column("when_last", sa.DateTime(), nullable=True),
        sa.Column("place_id", sa.String(length=40), nullable=True),
        sa.Column("actors", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["place_id"], ["places.id"], name=op.f("fk_events_place_id_places")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_index(op.f("ix_events_place_id"), "events", ["place_id"], unique=False)
    op.create_index(op.f("ix_events_type"), "events", ["type"], unique=False)
    op.create_index(op.f("ix_events_when_start"), "events", ["when_start"], unique=False)
    op.create_table(
        "sieges",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("place_id", sa.String(length=40), nullable=False),
        sa.Column("besieger", sa.String(length=300), nullable=True),
        sa.Column("since_start", sa.DateTime(), nullable=True),
        sa.Column("since_end", sa.DateTime(), nullable=True),
        sa.Column("since_precision", sa.String(length=10), nullable=True),
        sa.Column("since_open_ended", sa.Boolean(), nullable=False),
        sa.Column("until_start", sa.DateTime(), nullable=True),
        sa.Column("until_end", sa.DateTime(), nullable=True),
        sa.Column("until_precision", sa.String(length=10), nullable=True),
        sa.Column("until_open_ended", sa.Boolean(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("claim_ids", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["place_id"], ["places.id"], name=op.f("fk_sieges_place_id_places")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sieges")),
    )
    op.create_index(op.f("ix_sieges_place_id"), "sieges", ["place_id"], unique=False)
    op.create_table(
        "ceasefires",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("start_start", sa.DateTime(), nullable=False),
        sa.Column("start_end", sa.DateTime(), nullable=True),
        sa.Column("start_precision", sa.String(length=10), nullable=False),
        sa.Column("start_open_ended", sa.Boolean(), nullable=False),
        sa.Column("end_start", sa.DateTime(), nullable=True),
        sa.Column("end_end", sa.DateTime(), nullable=True),
        sa.Column("end_precision", sa.String(length=10), nullable=True),
        sa.Column("end_open_ended", sa.Boolean(), nullable=False),
        sa.Column("place_id", sa.String(length=40), nullable=True),
        sa.Column("parties", sa.JSON(), nullable=False),
        sa.Column("mediators", sa.JSON(), nullable=False),
        sa.Column("monitor", sa.String(length=300), nullable=True),
        sa.Column("cf_class", sa.String(length=20), nullable=True),
        sa.Column("written", sa.Boolean(), nullable=True),
        sa.Column("purpose", sa.String(length=20), nullable=True),
        sa.Column("coverage", sa.String(length=40), nullable=True),
        sa.Column("ended_how", sa.String(length=40), nullable=True),
        sa.Column("agreement_id", sa.String(length=40), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("claim_ids", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_ceasefires_agreement_id_agreements"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["place_id"], ["places.id"], name=op.f("fk_ceasefires_place_id_places")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ceasefires")),
    )
    op.create_index(op.f("ix_ceasefires_agreement_id"), "ceasefires", ["agreement_id"], unique=False)
    op.create_index(op.f("ix_ceasefires_place_id"), "ceasefires", ["place_id"], unique=False)
    op.create_index(op.f("ix_ceasefires_start_start"), "ceasefires", ["start_start"], unique=False)
    op.create_table(
        "claims",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("document_id", sa.String(length=40), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("when_start", sa.DateTime(), nullable=True),
        sa.Column("when_end", sa.DateTime(), nullable=True),
        sa.Column("when_precision", sa.String(length=10), nullable=True),
        sa.Column("when_open_ended", sa.Boolean(), nullable=False),
        sa.Column("when_last", sa.DateTime(), nullable=True),
        sa.Column("place", sa.String(length=300), nullable=True),
        sa.Column("place_id", sa.String(length=40), nullable=True),
        sa.Column("extractor", sa.String(length=80), nullable=False),
        sa.Column("extractor_version", sa.String(length=40), nullable=False),
        sa.Column("rule", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("event_id", sa.String(length=40), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_claims_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_claims_event_id_events"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["place_id"], ["places.id"], name=op.f("fk_claims_place_id_places")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
    )
    op.create_index(op.f("ix_claims_document_id"), "claims", ["document_id"], unique=False)
    op.create_index(
        op.f("ix_claims_document_id_extractor"), "claims", ["document_id", "extractor"], unique=False
    )
    op.create_index(op.f("ix_claims_event_id"), "claims", ["event_id"], unique=False)
    op.create_index(op.f("ix_claims_place_id"), "claims", ["place_id"], unique=False)
    op.create_index(op.f("ix_claims_status"), "claims", ["status"], unique=False)
    op.create_index(op.f("ix_claims_type"), "claims", ["type"], unique=False)
    op.create_index(op.f("ix_claims_when_start"), "claims", ["when_start"], unique=False)
    op.create_table(
        "commitments",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("agreement_id", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("obligated", sa.String(length=300), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("target", sa.Integer(), nullable=True),
        sa.Column("unit", sa.String(length=20), nullable=True),
        sa.Column("qualifier", sa.String(length=20), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_commitments_agreement_id_agreements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitments")),
    )
    op.create_index(op.f("ix_commitments_agreement_id"), "commitments", ["agreement_id"], unique=False)
    op.create_table(
        "claim_actors",
        sa.Column("claim_id", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("span_document_id", sa.String(length=40), nullable=True),
        sa.Column("span_start", sa.Integer(), nullable=True),
        sa.Column("span_end", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_actors_claim_id_claims"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("claim_id", "position", name=op.f("pk_claim_actors")),
    )
    op.create_index(op.f("ix_claim_actors_actor"), "claim_actors", ["actor"], unique=False)
    op.create_table(
        "claim_evidence",
        sa.Column("claim_id", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.String(length=40), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_evidence_claim_id_claims"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_claim_evidence_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("claim_id", "position", name=op.f("pk_claim_evidence")),
    )
    op.create_index(op.f("ix_claim_evidence_document_id"), "claim_evidence", ["document_id"], unique=False)
    op.create_table(
        "claim_quantities",
        sa.Column("claim_id", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.Column("qualifier", sa.String(length=20), nullable=False),
        sa.Column("span_document_id", sa.String(length=40), nullable=True),
        sa.Column("span_start", sa.Integer(), nullable=True),
        sa.Column("span_end", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_quantities_claim_id_claims"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("claim_id", "position", name=op.f("pk_claim_quantities")),
    )
    op.create_index(op.f("ix_claim_quantities_kind"), "claim_quantities", ["kind"], unique=False)


def downgrade() -> None:
    op.drop_table("claim_quantities")
    op.drop_table("claim_evidence")
    op.drop_table("claim_actors")
    op.drop_table("commitments")
    op.drop_table("claims")
    op.drop_table("ceasefires")
    op.drop_table("sieges")
    op.drop_table("events")
    op.drop_table("documents")
    op.drop_table("agreements")
    op.drop_table("sources")
    op.drop_table("places")
    op.drop_table("actors")
