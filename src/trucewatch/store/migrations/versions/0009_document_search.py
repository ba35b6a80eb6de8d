"""Full-text search over documents (trucewatch.store.search, the /documents page).

SQLite: an FTS5 table `documents_fts` (document_id, title, text) filled from the documents
already stored and kept in step by triggers on `documents`, so every writer (ingest, imports,
batch loads) indexes what it writes without knowing about it. The table keeps its own copy of
the words: an external-content table would key on documents' implicit rowid, which VACUUM may
renumber. Tokenizer unicode61 with diacritics removed; no stemming (the library is multilingual).

PostgreSQL: a GIN index on to_tsvector('simple', coalesce(title, '') || ' ' || text), the
expression trucewatch.store.search queries with.

Revision ID: 0009_document_search
Revises: 0008_feeds
Create Date: 2026-11-27
"""

from __future__ import annotations

from alembic import op

revision = "0009_document_search"
down_revision = "0008_feeds"
branch_labels = None
depends_on = None

_SQLITE_UP = (
    "CREATE VIRTUAL TABLE documents_fts USING fts5("
    "document_id UNINDEXED, title, text, tokenize = 'unicode61 remove_diacritics 2')",
    "INSERT INTO documents_fts (document_id, title, text) "
    "SELECT id, coalesce(title, ''), text FROM documents",
    "CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN "
    "INSERT INTO documents_fts (document_id, title, text) "
    "VALUES (new.id, coalesce(new.title, ''), new.text); "
    "END",
    "CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN "
    "DELETE FROM documents_fts WHERE document_id = old.id; "
    "END",
    "CREATE TRIGGER documents_fts_update AFTER UPDATE OF id, title, text ON documents BEGIN "
    "DELETE FROM documents_fts WHERE document_id = old.id; "
    "INSERT INTO documents_fts (document_id, title, text) "
    "VALUES (new.id, coalesce(new.title, ''), new.text); "
    "END",
)
_SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS documents_fts_update",
    "DROP TRIGGER IF EXISTS documents_fts_delete",
    "DROP TRIGGER IF EXISTS documents_fts_insert",
    "DROP TABLE IF EXISTS documents_fts",
)
_PG_UP = (
    "CREATE INDEX ix_documents_fulltext ON documents USING gin "
    "(to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || text))",
)
_PG_DOWN = ("DROP INDEX IF EXISTS ix_documents_fulltext",)


def _run(sqlite: tuple[str, ...], postgresql: tuple[str, ...]) -> None:
    name = op.get_bind().dialect.name
    for statement in {"sqlite": sqlite, "postgresql": postgresql}.get(name, ()):
        op.execute(statement)


def upgrade() -> None:
    _run(_SQLITE_UP, _PG_UP)


def downgrade() -> None:
    _run(_SQLITE_DOWN, _PG_DOWN)
