"""Imported ACLED events (table acled_events): each ACLED row kept whole, by its event_id_cnty.

ACLED keeps `event_id_cnty` stable across its revisions and overwrites an
event's details when it revises it; an import of a revised row updates the
same document and claim in place (trucewatch.report.importer), never adds a second.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from trucewatch.model import Document
from trucewatch.store import convert
from trucewatch.store.documents import get_or_create_source
from trucewatch.store.tables import AcledEventRow, DocumentRow

LEGACY_TITLE = "ACLED-style event "  # documents imported before migration 0007 carry the id here


@dataclass(frozen=True, slots=True)
class StoredAcled:
    event_id: str
    document_id: str
    fields: dict[str, str]  # the row as last imported
    derived: dict[str, str]  # what the export wrote for its claim right after that import


def _stored(row: AcledEventRow) -> StoredAcled:
    return StoredAcled(row.event_id, row.document_id, dict(row.fields), dict(row.derived))


def get_acled_event(session: Session, event_id: str) -> StoredAcled | None:
    row = session.get(AcledEventRow, event_id)
    return _stored(row) if row is not None else None


def legacy_acled_documents(session: Session) -> dict[str, str]:
    """Event id -> document, for events an older trucewatch imported (no acled_events row yet).

    One query per import, not one per row: the documents' titles are not indexed.
    """
    kept = select(AcledEventRow.document_id)
    rows = session.execute(
        select(DocumentRow.title, DocumentRow.id)
        .where(DocumentRow.origin == "acled-import", DocumentRow.id.not_in(kept))
        .order_by(DocumentRow.id.desc())
    )
    return {
        str(title)[len(LEGACY_TITLE) :]: str(doc_id)
        for title, doc_id in rows
        if title and str(title).startswith(LEGACY_TITLE)
    }


def save_acled_event(
    session: Session, event_id: str, document_id: str, fields: Mapping[str, str], derived: Mapping[str, str]
) -> None:
    """Insert or overwrite the stored row of one ACLED event."""
    session.merge(
        AcledEventRow(
            event_id=event_id,
            document_id=document_id,
            fields=dict(fields),
            derived=dict(derived),
            imported_at=convert.utcnow(),
        )
    )
    session.flush()


def acled_events_by_document(session: Session, document_ids: Iterable[str]) -> dict[str, StoredAcled]:
    """Stored ACLED rows of these documents, by document id."""
    wanted = sorted(set(document_ids))
    out: dict[str, StoredAcled] = {}
    for i in range(0, len(wanted), 500):  # stay under SQLite's bound-parameter limit
        rows = session.scalars(
            select(AcledEventRow).where(AcledEventRow.document_id.in_(wanted[i : i + 500]))
        )
        out.update({r.document_id: _stored(r) for r in rows})
    return out


def rewrite_document(session: Session, document_id: str, doc: Document) -> None:
    """Overwrite a stored document's text, title and source in place (a revised ACLED event).

    Its id and content hash stay: for an ACLED event they name the event, not its wording.
    Confidentiality is never loosened here.
    """
    row = session.get(DocumentRow, document_id)
    if row is None:
        raise LookupError(document_id)
    row.text = doc.text
    row.title = doc.title
    if doc.source is not None:
        row.source_id = get_or_create_source(session, doc.source)
        session.expire(row, ["source"])
    row.confidential = row.confidential or doc.confidential
    session.flush()
