"""Who may see which stored rows: trucewatch.disclosure's rule as SQL conditions.

disclosure.py holds the rule itself (who reads, what they may see, the audit); this module is
its SQL half, so that the rule's conditions are built where the tables are. A Condition is
passed through callers (a list filter, a search) and applied here in the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import Session

from trucewatch.store.tables import ClaimRow, DocumentRow, SourceRow

Condition = ColumnElement[bool]  # a WHERE condition on one table, built in the store
IN_BATCH = 500  # ids per IN (...): under SQLite's bound-parameter limit


# --- the rule on loaded values that the store's queries need too (disclosure re-exports them) ---


def is_confidential(document_mark: bool, source_mark: bool | None) -> bool:
    return bool(document_mark) or bool(source_mark)


def published_as_seen(published: dt.date | None, confidential: bool, *, withhold: bool) -> dt.date | None:
    """A document's publication date as a reader may learn it, even indirectly: an "as of" view
    that counted a confidential document's claims only from its publication would tell the day.
    Withheld (`withhold`: a reader who may not see it), it is unknown, as for a document that gives
    none: the ledger then counts its claims by their own dates alone."""
    return None if withhold and confidential else published


# --- the rule as SQL conditions ---


def confidential_document() -> Condition:
    """A condition on DocumentRow: the document is confidential, itself or through its source.
    (Sources are few: the confidential ones are one small subquery, not a join per document.)"""
    secret_sources = select(SourceRow.id).where(SourceRow.confidential.is_(True))
    return or_(
        DocumentRow.confidential.is_(True),
        and_(DocumentRow.source_id.is_not(None), DocumentRow.source_id.in_(secret_sources)),
    )


def confidential_documents() -> Select[Any]:
    """The ids of confidential documents: a subquery."""
    return select(DocumentRow.id).where(confidential_document())


def public_documents() -> Select[Any]:
    """The ids of documents anonymous public read may show: a public, non-confidential source, and
    not confidential themselves. A subquery for `column.in_(...)`."""
    return (
        select(DocumentRow.id)
        .join(SourceRow, SourceRow.id == DocumentRow.source_id)
        .where(
            SourceRow.public.is_(True),
            SourceRow.confidential.is_(False),
            DocumentRow.confidential.is_(False),
        )
    )


def public_claim() -> Condition:
    """A condition on ClaimRow: its document is one public read may show."""
    return ClaimRow.document_id.in_(public_documents())


def shown_documents(*, public_only: bool, redacts: bool) -> Condition | None:
    """A condition on DocumentRow: the documents such a reader may see as documents (None: all)."""
    if public_only:
        return DocumentRow.id.in_(public_documents())
    if redacts:
        return ~confidential_document()
    return None


def shown_sources(*, public_only: bool, redacts: bool) -> Condition | None:
    """A condition on SourceRow: the sources such a reader may see by name (None: all)."""
    if public_only:
        return SourceRow.public.is_(True) & SourceRow.confidential.is_(False)
    if redacts:
        return SourceRow.confidential.is_(False)
    return None


def shown_claims(*, public_only: bool) -> Condition | None:
    """A condition on ClaimRow: the claims such a reader may see (viewers see every claim, redacted)."""
    return public_claim() if public_only else None


def confidential_among(session: Session, document_ids: Iterable[str]) -> set[str]:
    """Which of these documents are confidential."""
    wanted = sorted(set(document_ids))
    out: set[str] = set()
    for i in range(0, len(wanted), IN_BATCH):
        batch = wanted[i : i + IN_BATCH]
        out.update(session.scalars(confidential_documents().where(DocumentRow.id.in_(batch))))
    return out


def all_public(session: Session, document_ids: Iterable[str]) -> bool:
    """Whether every one of these documents is public (and there is at least one)."""
    wanted = sorted(set(document_ids))
    if not wanted:
        return False
    shown: set[str] = set()
    for i in range(0, len(wanted), IN_BATCH):
        batch = wanted[i : i + IN_BATCH]
        shown.update(
            session.scalars(
                select(DocumentRow.id).where(
                    DocumentRow.id.in_(batch), DocumentRow.id.in_(public_documents())
                )
            )
        )
    return shown == set(wanted)


def claim_documents(session: Session, claim_ids: Iterable[str | None]) -> set[str]:
    """The documents these claims come from."""
    wanted = sorted({c for c in claim_ids if c})
    out: set[str] = set()
    for i in range(0, len(wanted), IN_BATCH):
        batch = wanted[i : i + IN_BATCH]
        out.update(session.scalars(select(ClaimRow.document_id).where(ClaimRow.id.in_(batch))))
    return out


def events_not_public(session: Session, event_ids: Iterable[str | None]) -> set[str]:
    """The events among these with a claim from a document public read may not show."""
    wanted = sorted({e for e in event_ids if e})
    out: set[str] = set()
    for i in range(0, len(wanted), IN_BATCH):
        batch = wanted[i : i + IN_BATCH]
        out.update(
            e
            for e in session.scalars(
                select(ClaimRow.event_id)
                .where(ClaimRow.event_id.in_(batch), ClaimRow.document_id.not_in(public_documents()))
                .distinct()
            )
            if e is not None
        )
    return out
