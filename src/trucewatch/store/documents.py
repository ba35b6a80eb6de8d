"""Sources and documents: stored once each, found again by content."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from trucewatch.model import Document, Source
from trucewatch.store import convert, ids
from trucewatch.store.accounts import AccessRole, AuditRow
from trucewatch.store.errors import StoreError
from trucewatch.store.places import upsert_statement
from trucewatch.store.sources import tighten_document
from trucewatch.store.tables import DocumentRow, SourceRow

# Built once: ingest calls these for every document, and building the expression costs more
# than running it.
_documents: Table = DocumentRow.__table__  # type: ignore[assignment]
_sources: Table = SourceRow.__table__  # type: ignore[assignment]
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


def add_documents(
    session: Session,
    docs: Sequence[Document],
    *,
    actor: str | None = None,
    describe: Callable[[Document], Any] | None = None,
) -> list[Added]:
    """`add_document` of each of `docs` in order, in a handful of statements: what is stored is
    read in one query per 500 hashes and names, then sources, documents, the tightened marks and
    the audit entries are written with one executemany each (not one round of statements per
    document: that was ~85 % of ingest's time). The results, rows and audit entries (their
    content and order) are those `add_document` gives for the same documents one by one.

    `actor` ("cli:alice"): each new document gets a `document.create` entry whose `after` is
    `describe(doc)`, as the ingest writes it. Sources and documents are inserted with ON
    CONFLICT DO NOTHING RETURNING: if another writer stored one of them since it was looked up,
    StoredMeanwhile is raised and the caller rolls the batch back and runs it again (it is then
    a duplicate). A value the database refuses raises IntegrityError/DataError: the caller rolls
    back the whole batch, never a part of it.
    """
    for doc in docs:
        if not doc.content_hash:
            raise ValueError("document has no content_hash")
    conn = session.connection()
    # content hash -> [id, own confidential mark, source name, source confidential]
    stored: dict[str, list[Any]] = {}
    for chunk in _chunks(sorted({d.content_hash for d in docs})):
        rows = conn.execute(
            select(_documents.c.content_hash, _documents.c.id, _documents.c.confidential)
            .add_columns(_sources.c.name, _sources.c.confidential)
            .outerjoin(_sources, _sources.c.id == _documents.c.source_id)
            .where(_documents.c.content_hash.in_(chunk))
        )
        for hash_, id_, confidential, name, source_secret in rows:
            stored[hash_] = [str(id_), bool(confidential), name, bool(source_secret)]
    sources: dict[str, tuple[str, bool]] = {}
    for chunk in _chunks(sorted({d.source.name for d in docs if d.source is not None})):
        query = select(_sources.c.name, _sources.c.id, _sources.c.confidential)
        for name, id_, confidential in conn.execute(query.where(_sources.c.name.in_(chunk))):
            sources[name] = (str(id_), bool(confidential))

    now = convert.utcnow()
    new_sources: list[dict[str, Any]] = []
    new_documents: list[dict[str, Any]] = []
    tightened_ids: list[str] = []
    audit: list[dict[str, Any]] = []
    out: list[Added] = []
    for doc in docs:
        known = stored.get(doc.content_hash)
        if known is not None:  # a duplicate: as add_document, it may only tighten
            id_, confidential, source_name, source_secret = known
            tightened = doc.confidential and not confidential
            if tightened:
                known[1] = True
                tightened_ids.append(id_)
                audit.append(_audit_values("ingest", "document.update", id_, *_TIGHTENED, now))
            open_source = source_name if doc.confidential and source_name and not source_secret else None
            out.append(Added(id_, False, tightened, open_source))
            continue
        source_id, source_secret = None, False
        if doc.source is not None:
            found = sources.get(doc.source.name)
            if found is None:
                found = (doc.source.id or ids.source_id(doc.source.name), doc.source.confidential)
                sources[doc.source.name] = found
                new_sources.append(convert.source_values(doc.source, found[0]))
            source_id, source_secret = found
        id_ = ids.document_id(doc.content_hash)
        new_documents.append(convert.document_values(doc, id_, source_id, now))
        source_name = doc.source.name if doc.source is not None else None
        stored[doc.content_hash] = [id_, doc.confidential, source_name, source_secret]
        if actor is not None and describe is not None:
            audit.append(_audit_values(actor, "document.create", id_, None, describe(doc), now))
        open_source = source_name if doc.confidential and source_name and not source_secret else None
        out.append(Added(id_, True, open_source=open_source))

    _insert_all(session, _sources, "name", new_sources)
    _insert_all(session, _documents, "content_hash", new_documents)
    if tightened_ids:
        conn.execute(update(_documents).where(_documents.c.id.in_(tightened_ids)).values(confidential=True))
    if audit:
        conn.execute(insert(AuditRow), audit)
    return out


class StoredMeanwhile(StoreError):
    """Another writer stored a source or document of the batch after it was looked up."""


def _insert_all(session: Session, table: Table, key: str, rows: list[dict[str, Any]]) -> None:
    """INSERT ... ON CONFLICT (key) DO NOTHING of all rows (multi-row VALUES statements), checking
    each went in: two ingests at once never fail on the key, and never both count a row. Any other
    conflict (an id taken by another row) is an IntegrityError, as a plain INSERT's."""
    if not rows:
        return
    statement = (
        upsert_statement(session, table).on_conflict_do_nothing(index_elements=[key]).returning(table.c.id)
    )
    inserted = set(session.connection().execute(statement, rows).scalars())
    if len(inserted) != len(rows):
        raise StoredMeanwhile(f"{len(rows) - len(inserted)} rows of {table.name} were stored meanwhile")


# tighten_document's entry: before, after
_TIGHTENED = ({"confidential": False}, {"confidential": True, "via": "re-ingest"})


def _audit_values(
    actor: str, action: str, document_id: str, before: Any, after: Any, at: dt.datetime
) -> dict[str, Any]:
    """The row `accounts.record` writes for a command-line actor (no user: role admin)."""
    return {
        "at": at,
        "user_id": None,
        "user_name": actor,
        "role": AccessRole.ADMIN.value,
        "action": action,
        "resource": "documents",
        "resource_id": document_id,
        "before": before,
        "after": after,
    }


def _chunks(values: list[str], size: int = 500) -> Iterable[list[str]]:
    # Under SQLite's bound-parameter limit.
    return (values[i : i + size] for i in range(0, len(values), size))


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
