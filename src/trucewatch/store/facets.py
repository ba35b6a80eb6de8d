"""More facets of the document library (store.search): what the documents' claims are about.

A facet here counts documents, as search's own facets do, under the same filters and the same
visibility condition (`shown`, from trucewatch.disclosure.shown_documents): a document a reader
may not see is never counted. A facet does not apply its own filter, so choosing one event type
still lists the others with their counts for the same words, source, language and dates.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from trucewatch.model import Status
from trucewatch.store.search import Facet, Filters, _conditions
from trucewatch.store.tables import ClaimRow, DocumentRow

__all__ = ["claim_types", "claim_types_of"]


def claim_types(session: Session, f: Filters, shown: ColumnElement[bool] | None) -> tuple[Facet, ...]:
    """Per event type, how many of the matching documents make a claim of that type (claims
    rejected in review aside); most documents first, then by type."""
    documents = func.count(func.distinct(ClaimRow.document_id))
    rows = session.execute(
        select(ClaimRow.type, documents)
        .join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
        .where(ClaimRow.status != Status.REJECTED.value, *_conditions(session, f, shown, skip="event_type"))
        .group_by(ClaimRow.type)
    ).all()
    return tuple(sorted((Facet(str(t), int(n)) for t, n in rows), key=lambda x: (-x.count, x.value)))


def claim_types_of(session: Session, document_ids: Iterable[str]) -> dict[str, tuple[tuple[str, str], ...]]:
    """The claims of these documents (rejected ones aside) as (claim id, event type), by document,
    in the order they were stored: what a search result lists under a document."""
    ids = sorted(set(document_ids))
    if not ids:
        return {}
    out: dict[str, list[tuple[str, str]]] = {}
    for doc_id, claim_id, type_ in session.execute(
        select(ClaimRow.document_id, ClaimRow.id, ClaimRow.type)
        .where(ClaimRow.document_id.in_(ids), ClaimRow.status != Status.REJECTED.value)
        .order_by(ClaimRow.document_id, ClaimRow.created_at, ClaimRow.id)
    ):
        out.setdefault(str(doc_id), []).append((str(claim_id), str(type_)))
    return {k: tuple(v) for k, v in out.items()}
