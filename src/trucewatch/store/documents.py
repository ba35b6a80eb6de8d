"""Sources and documents: stored once each, found again by content."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.orm import Session

from trucewatch.model import Document, Source
from trucewatch.store import convert, ids
from trucewatch.store.sources import tighten_document
from trucewatch.store.tables import DocumentRow, SourceRow

# Built once: ingest calls these for every document, and building the expression costs more
# than running it.
_documents, _sources = DocumentRow.__table__, SourceRow.__table__
_FIND_SOURCE = select(_sources.c.id, _sources.c.confidential).where(_sources.c.name == bindparam("name"))
_FIND_DOCUMENT = select(_documents.c.id).where(_documents.c.content_hash == bindparam("content_hash"))
_INSERT_SOURCE = insert(SourceRow)
_INSERT_DOCUMENT = insert(DocumentRow)


def get_or_create_source(session: Session, source: Source) -> str:
    """The id of the source named `source.name`, created from `source` if new.

    An existing source keeps its stored kind, reliability and confidentiality:
    those are an analyst's judgement, not something a reader may overwrite.
    """
    return _source(session, source)[0]


def _source(session: Session, source: Source) -> tuple[str, bool]:
    """(id, whether the stored source is confidential), creating it from `source` if new."""
    conn = session.connection()
    found = conn.execute(_FIND_SOURCE, {"name": source.name}).first()
    if found is not None:
        return str(found[0]), bool(found[1])
    id_ = source.id or ids.source_id(source.name)
    conn.execute(_INSERT_SOURCE, [convert.source_values(source, id_)])
    return id_, source.confidential


class Added(tuple[str, bool]):
    """(id, created) from add_document; `tightened`: a duplicate arrived confidential and the
    stored document, open until then, is now marked confidential too; `open_source`: the name of
    the existing source, not confidential, that a confidential document is in (its name stays
    visible to viewers until an analyst marks it)."""

    tightened: bool
    open_source: str | None

    def __new__(
        cls, id_: str, created: bool, tightened: bool = False, open_source: str | None = None
    ) -> Added:
        self = super().__new__(cls, (id_, created))
        self.tightened = tightened
        self.open_source = open_source
        return self


def add_document(session: Session, doc: Document) -> Added:
    """Store `doc` unless a document with the same content hash exists.

    Returns (id, created). The id is derived from the content hash, so the
    same text gets the same id in every database and on every re-ingest.
    A duplicate marked confidential tightens the stored one (audited); an
    open duplicate never loosens it.
    """
    if not doc.content_hash:
        raise ValueError("document has no content_hash")
    # Core statements on the session's connection (same transaction): ingest writes many
    # documents, and the ORM's machinery would cost more than the database work.
    conn = session.connection()
    existing = conn.execute(_FIND_DOCUMENT, {"content_hash": doc.content_hash}).scalar()
    if existing is not None:
        tightened = doc.confidential and tighten_document(session, str(existing))
        return Added(str(existing), False, tightened, _open_source_of(session, str(existing), doc))
    source_id, source_secret = _source(session, doc.source) if doc.source is not None else (None, False)
    id_ = ids.document_id(doc.content_hash)
    conn.execute(_INSERT_DOCUMENT, [convert.document_values(doc, id_, source_id, convert.utcnow())])
    open_source = doc.source.name if doc.confidential and doc.source and not source_secret else None
    return Added(id_, True, open_source=open_source)


def _open_source_of(session: Session, document_id: str, doc: Document) -> str | None:
    """For a confidential duplicate: the stored document's source, if it is not confidential."""
    if not doc.confidential:
        return None
    row = session.execute(
        select(SourceRow.name, SourceRow.confidential)
        .join(DocumentRow, DocumentRow.source_id == SourceRow.id)
        .where(DocumentRow.id == document_id)
    ).first()
    return str(row[0]) if row is not None and not row[1] else None


def get_document(session: Session, document_id: str) -> Document | None:
    row = session.get(DocumentRow, document_id)
    return convert.document_from_row(row) if row is not None else None


def list_documents(
    session: Session,
    source: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[Document]:
    """Documents, oldest publication first; `since`/`until` are inclusive publication dates.

    A document with no publication date is left out when a date bound is given.
    """
    query = select(DocumentRow)
    if source is not None:
        query = query.join(SourceRow, DocumentRow.source_id == SourceRow.id).where(SourceRow.name == source)
    if since is not None:
        query = query.where(DocumentRow.published >= since)
    if until is not None:
        query = query.where(DocumentRow.published <= until)
    query = query.order_by(DocumentRow.published.is_(None), DocumentRow.published, DocumentRow.id)
    return [convert.document_from_row(r) for r in session.scalars(query).unique()]


def count_documents(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(DocumentRow)) or 0


def documents_by_id(session: Session, ids: Iterable[str]) -> dict[str, Document]:
    """These documents by id (those stored)."""
    wanted = sorted(set(ids))
    out: dict[str, Document] = {}
    for i in range(0, len(wanted), 500):  # stay under SQLite's bound-parameter limit
        rows = session.scalars(select(DocumentRow).where(DocumentRow.id.in_(wanted[i : i + 500])))
        out.update({r.id: convert.document_from_row(r) for r in rows.unique()})
    return out
