"""The stored ledger (trucewatch.store.stored_ledger): entries, their state, and the change log
that triggers on the tables the ledger reads write to.

Triggers rather than calls in each writer: extraction, batch (bulk INSERT ... SELECT), review,
incidents, ACLED import, record edits and deletes by cascade all reach these tables, and a
writer that forgot to say what it changed would leave a stale ledger with nothing to show it.

Revision ID: 0014_stored_ledger
Revises: 0013_review_leases
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_stored_ledger"
down_revision = "0013_review_leases"
branch_labels = None
depends_on = None

_CLAIM = (
    "INSERT INTO ledger_changes (type, place_id, when_start, when_last, document_id) "
    "VALUES ({r}.type, {r}.place_id, {r}.when_start, {r}.when_last, {r}.document_id)"
)
_EVENT = (
    "INSERT INTO ledger_changes (type, place_id, when_start, when_last) "
    "VALUES ({r}.type, {r}.place_id, {r}.when_start, {r}.when_last)"
)
_CHILD = (  # an actor, figure or evidence span of a claim: the claim's own scope and period
    "INSERT INTO ledger_changes (type, place_id, when_start, when_last, document_id) "
    "SELECT type, place_id, when_start, when_last, document_id FROM claims WHERE id = {r}.claim_id"
)
_EVERYTHING = "INSERT INTO ledger_changes (type) VALUES (NULL)"


def _record(kind: str) -> str:
    return f"INSERT INTO ledger_changes (record_kind) VALUES ('{kind}')"


# table, the statement per changed row, and (for UPDATE) the columns whose change matters
# (None: any); INSERT and DELETE log the new and the old row, UPDATE both.
TRIGGERS: list[tuple[str, str, tuple[str, ...] | None, tuple[str, ...]]] = [
    ("claims", _CLAIM, None, ("INSERT", "UPDATE", "DELETE")),
    ("events", _EVENT, None, ("INSERT", "UPDATE", "DELETE")),
    ("claim_actors", _CHILD, None, ("INSERT", "UPDATE", "DELETE")),
    ("claim_quantities", _CHILD, None, ("INSERT", "UPDATE", "DELETE")),
    ("claim_evidence", _CHILD, None, ("INSERT", "UPDATE", "DELETE")),
    ("agreements", _record("agreement"), None, ("INSERT", "UPDATE", "DELETE")),
    ("commitments", _record("agreement"), None, ("INSERT", "UPDATE", "DELETE")),
    ("ceasefires", _record("ceasefire"), None, ("INSERT", "UPDATE", "DELETE")),
    ("sieges", _record("siege"), None, ("INSERT", "UPDATE", "DELETE")),
    # proposals read the parties' sides; known days and withholding read documents and sources
    ("actors", _record("agreement"), ("side",), ("UPDATE",)),
    ("documents", _EVERYTHING, ("published", "ingested_at", "confidential", "source_id"), ("UPDATE",)),
    ("documents", _EVERYTHING, None, ("DELETE",)),
    ("sources", _EVERYTHING, ("confidential",), ("UPDATE",)),
    ("places", _EVERYTHING, ("parent_id", "kind"), ("UPDATE",)),
]


def _rows(op_: str) -> tuple[str, ...]:
    return {"INSERT": ("NEW",), "DELETE": ("OLD",), "UPDATE": ("OLD", "NEW")}[op_]


def _statements(dialect: str) -> list[tuple[list[str], list[str]]]:
    """(create, drop) statements of every trigger, in the dialect's own syntax."""
    out = []
    for table, template, columns, ops in TRIGGERS:
        for op_ in ops:
            name = f"ledger_log_{table}_{op_.lower()}"
            rows = _rows(op_) if "{r}" in template else ("NEW",)
            body = "; ".join(template.format(r=r) for r in rows)
            is_not = "IS DISTINCT FROM" if dialect == "postgresql" else "IS NOT"
            when = " OR ".join(f"OLD.{c} {is_not} NEW.{c}" for c in columns or ())
            if dialect == "postgresql":
                create = [
                    f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                    f"BEGIN {body}; RETURN NULL; END $$",
                    f"CREATE TRIGGER {name} AFTER {op_} ON {table} FOR EACH ROW "
                    f"{f'WHEN ({when}) ' if when else ''}EXECUTE FUNCTION {name}()",
                ]
                drop = [f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {name}()"]
            else:
                create = [
                    f"CREATE TRIGGER {name} AFTER {op_} ON {table} FOR EACH ROW "
                    f"{f'WHEN {when} ' if when else ''}BEGIN {body}; END"
                ]
                drop = [f"DROP TRIGGER IF EXISTS {name}"]
            out.append((create, drop))
    return out


def upgrade() -> None:
    op.create_table(
        "ledger_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("type", sa.String(length=40), nullable=True),
        sa.Column("place_id", sa.String(length=40), nullable=True),
        sa.Column("when_start", sa.DateTime(), nullable=True),
        sa.Column("when_last", sa.DateTime(), nullable=True),
        sa.Column("document_id", sa.String(length=40), nullable=True),
        sa.Column("record_kind", sa.String(length=12), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_changes")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "ledger_entries",
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("audience", sa.String(length=12), nullable=False),
        sa.Column("record_id", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.String(length=40), nullable=True),
        sa.Column("since", sa.DateTime(), nullable=True),
        sa.Column("until", sa.DateTime(), nullable=True),
        sa.Column("last_report", sa.Date(), nullable=True),
        sa.Column("dirty", sa.Boolean(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("record", sa.LargeBinary(), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("kind", "audience", "record_id", name=op.f("pk_ledger_entries")),
    )
    op.create_table(
        "ledger_state",
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("audience", sa.String(length=12), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("stale", sa.Boolean(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "audience", name=op.f("pk_ledger_state")),
    )
    for create, _ in _statements(op.get_bind().dialect.name):
        for statement in create:
            op.execute(statement)


def downgrade() -> None:
    for _, drop in _statements(op.get_bind().dialect.name):
        for statement in drop:
            op.execute(statement)
    op.drop_table("ledger_state")
    op.drop_table("ledger_entries")
    op.drop_table("ledger_changes")
