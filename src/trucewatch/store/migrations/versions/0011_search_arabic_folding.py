"""Full-text search folds Arabic (trucewatch.store.search.fold): vowel marks, shadda, sukun,
tanween, the dagger alef and tatweel dropped, hamza and madda alef forms made plain alef, so a
search finds a word however it was voweled or spelt with hamza. The stored text is unchanged;
only the index's copy (SQLite) or the indexed expression (PostgreSQL) is folded.

Revision ID: 0011_search_arabic_folding
Revises: 0010_alerts
Create Date: 2026-11-27
"""

from __future__ import annotations

from alembic import op

revision = "0011_search_arabic_folding"
down_revision = "0010_alerts"
branch_labels = None
depends_on = None

# The same characters as trucewatch.store.search (a test checks they agree); written out here so
# the migration stays what it was whatever that module becomes.
MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640"
ALEF_FORMS = "\u0623\u0625\u0622\u0671"
ALEF = "\u0627"


def _sqlite_fold(expr: str) -> str:
    for c in MARKS:
        expr = f"replace({expr}, '{c}', '')"
    for c in ALEF_FORMS:
        expr = f"replace({expr}, '{c}', '{ALEF}')"
    return expr


def _sqlite_triggers(fold: bool) -> list[str]:
    def f(expr: str) -> str:
        return _sqlite_fold(expr) if fold else expr

    values = f"(new.id, {f('coalesce(new.title, ' + chr(39) * 2 + ')')}, {f('new.text')})"
    insert = f"INSERT INTO documents_fts (document_id, title, text) VALUES {values}; "
    return [
        "DROP TRIGGER IF EXISTS documents_fts_insert",
        "DROP TRIGGER IF EXISTS documents_fts_update",
        f"CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN {insert}END",
        "CREATE TRIGGER documents_fts_update AFTER UPDATE OF id, title, text ON documents BEGIN "
        f"DELETE FROM documents_fts WHERE document_id = old.id; {insert}END",
        "DELETE FROM documents_fts",
        "INSERT INTO documents_fts (document_id, title, text) "
        f"SELECT id, {f('coalesce(title, ' + chr(39) * 2 + ')')}, {f('text')} FROM documents",
    ]


def _pg_index(fold: bool) -> list[str]:
    body = "coalesce(title, '') || ' ' || text"
    if fold:
        body = f"translate({body}, '{ALEF_FORMS}{MARKS}', '{ALEF * len(ALEF_FORMS)}')"
    return [
        "DROP INDEX IF EXISTS ix_documents_fulltext",
        "CREATE INDEX ix_documents_fulltext ON documents "
        f"USING gin (to_tsvector('simple'::regconfig, {body}))",
    ]


def _run(fold: bool) -> None:
    name = op.get_bind().dialect.name
    statements = {"sqlite": _sqlite_triggers, "postgresql": _pg_index}.get(name)
    for statement in statements(fold) if statements else ():
        op.execute(statement)


def upgrade() -> None:
    _run(fold=True)


def downgrade() -> None:
    _run(fold=False)
