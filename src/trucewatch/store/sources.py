"""Sources and documents as analysts manage them: reliability, confidentiality, public marking.

Each change is written with its audit entry in the caller's transaction
(`with store.session() as s:`), so a change and its record commit together.

Confidentiality only tightens by default: a source marked confidential stops
being public, and a confidential source cannot be made public until it is
explicitly unmarked. Who may see which sources and documents is decided in
trucewatch.disclosure, which passes its conditions to `list_sources`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from trucewatch import errors
from trucewatch.model import Reliability, Source
from trucewatch.store import convert
from trucewatch.store.accounts import User, record
from trucewatch.store.errors import InvalidValue, NotFound, StoreError
from trucewatch.store.tables import DocumentRow, SourceRow


class SourceConflict(StoreError, errors.Conflict):
    """A change that would publish confidential material."""


@dataclass(frozen=True, slots=True)
class SourceSummary:
    source: Source
    documents: int


def _source_dict(src: Source) -> dict[str, Any]:
    return {
        "name": src.name,
        "kind": src.kind,
        "reliability": src.reliability.value,
        "confidential": src.confidential,
        "public": src.public,
    }


@dataclass(frozen=True, slots=True)
class SourceMarks:
    """What disclosure needs of a document's source: its name, grade and marks."""

    document_confidential: bool
    source: str | None
    source_confidential: bool | None
    reliability: str | None
    source_public: bool | None


def source_marks(session: Session, document_ids: Iterable[str]) -> dict[str, SourceMarks]:
    """Each stored document's confidential mark and its source's name, marks and grade."""
    wanted = sorted(set(document_ids))
    out: dict[str, SourceMarks] = {}
    for i in range(0, len(wanted), 500):
        rows = session.execute(
            select(
                DocumentRow.id,
                DocumentRow.confidential,
                SourceRow.name,
                SourceRow.confidential,
                SourceRow.reliability,
                SourceRow.public,
            )
            .outerjoin(SourceRow, SourceRow.id == DocumentRow.source_id)
            .where(DocumentRow.id.in_(wanted[i : i + 500]))
        )
        for doc_id, doc_conf, name, src_conf, grade, src_public in rows:
            out[doc_id] = SourceMarks(doc_conf, name, src_conf, grade, src_public)
    return out


def list_sources(
    session: Session,
    *,
    documents: ColumnElement[bool] | None = None,
    sources: ColumnElement[bool] | None = None,
) -> list[SourceSummary]:
    """Sources by name, each with how many documents it has.

    `sources` (a condition on SourceRow) keeps only some sources; `documents` (on
    DocumentRow) counts only some documents: trucewatch.disclosure says which a reader may see.
    """
    docs = select(DocumentRow.source_id, func.count().label("n"))
    if documents is not None:
        docs = docs.where(documents)
    counts = docs.group_by(DocumentRow.source_id).subquery()
    query = (
        select(SourceRow, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.source_id == SourceRow.id)
        .order_by(SourceRow.name)
    )
    if sources is not None:
        query = query.where(sources)
    return [SourceSummary(convert.source_from_row(row), int(n)) for row, n in session.execute(query)]


def find_source(session: Session, name_or_id: str) -> Source | None:
    """The source with this id, else with this exact name."""
    row = session.get(SourceRow, name_or_id)
    if row is None:
        row = session.scalars(select(SourceRow).where(SourceRow.name == name_or_id)).first()
    return convert.source_from_row(row) if row is not None else None


def update_source(
    session: Session,
    name_or_id: str,
    *,
    reliability: Reliability | None = None,
    kind: str | None = None,
    confidential: bool | None = None,
    public: bool | None = None,
    user: User | None = None,
    actor: str | None = None,
) -> tuple[Source, Source]:
    """Change a source's grade, kind or marks; returns (before, after) and audits any change.

    None leaves a field as it is. Marking a source confidential also withdraws
    it from public read; making a confidential source public is refused
    (SourceConflict) unless the same call unmarks it. Raises NotFound.
    """
    row = (
        session.get(SourceRow, name_or_id)
        or session.scalars(select(SourceRow).where(SourceRow.name == name_or_id)).first()
    )
    if row is None:
        raise NotFound(f"no source {name_or_id!r}; list sources with `trucewatch sources`")
    before = convert.source_from_row(row)
    new_conf = before.confidential if confidential is None else confidential
    new_public = before.public if public is None else public
    if new_conf and public:
        raise SourceConflict(
            f"source {before.name!r} is confidential and cannot be made public; "
            "unmark it (--no-confidential) in the same change if that is really meant"
        )
    if new_conf and not before.confidential:
        new_public = False  # tightening wins over an earlier publication
    if kind is not None and not kind.strip():
        raise InvalidValue("a source kind cannot be empty")
    row.reliability = (reliability or before.reliability).value
    row.kind = kind.strip() if kind is not None else before.kind
    row.confidential = new_conf
    row.public = new_public
    session.flush()
    after = convert.source_from_row(row)
    if after != before:
        record(
            session,
            user=user,
            actor=actor,
            action="source.update",
            resource="sources",
            resource_id=after.id,
            before=_source_dict(before),
            after=_source_dict(after),
        )
    return before, after


def mark_document(
    session: Session,
    document_id: str,
    *,
    confidential: bool,
    user: User | None = None,
    actor: str | None = None,
) -> tuple[bool, bool]:
    """Set one stored document's own confidential flag; returns (before, after), audits a change.

    Raises NotFound. Its source's mark is untouched: a document of a
    confidential source stays confidential whatever its own flag says.
    """
    row = session.get(DocumentRow, document_id)
    if row is None:
        raise NotFound(f"no document {document_id!r}; list documents with `trucewatch documents`")
    before = bool(row.confidential)
    if before != confidential:
        row.confidential = confidential
        session.flush()
        record(
            session,
            user=user,
            actor=actor,
            action="document.update",
            resource="documents",
            resource_id=document_id,
            before={"confidential": before},
            after={"confidential": confidential},
        )
    return before, confidential


def tighten_document(session: Session, document_id: str, *, actor: str = "ingest") -> bool:
    """Mark a stored document confidential if it is not (a re-ingest said so); never loosens.

    Returns True when the flag changed (audited under `actor`).
    """
    row = session.get(DocumentRow, document_id)
    if row is None or row.confidential:
        return False
    row.confidential = True
    session.flush()
    record(
        session,
        user=None,
        actor=actor,
        action="document.update",
        resource="documents",
        resource_id=document_id,
        before={"confidential": False},
        after={"confidential": True, "via": "re-ingest"},
    )
    return True
