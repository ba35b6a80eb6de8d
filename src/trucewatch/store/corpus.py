"""A corpus read in partitions: document ids first (no text), then one partition's texts.

Listing 300,000 documents to split them into partitions reads ids only; the text of
a document is read once, by the worker that extracts it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from trucewatch.store.tables import ClaimRow, DocumentRow

_IN_BATCH = 500  # ids per IN (...): under SQLite's bound-parameter limit


class Text(NamedTuple):
    """What extraction needs of a stored document."""

    id: str
    text: str
    published: dt.date | None
    language: str


def document_ids(session: Session, *, not_extracted_by: tuple[str, str] | None = None) -> list[str]:
    """Every stored document's id, in id order; with (extractor, version), only those with
    no claim by that extractor at that version (a document that yielded no claims is
    listed again: nothing records that it was read)."""
    query = select(DocumentRow.id).order_by(DocumentRow.id)
    if not_extracted_by is not None:
        extractor, version = not_extracted_by
        done = exists().where(
            ClaimRow.document_id == DocumentRow.id,
            ClaimRow.extractor == extractor,
            ClaimRow.extractor_version == version,
        )
        query = query.where(~done)
    return list(session.scalars(query))


def document_texts(session: Session, ids: Sequence[str]) -> list[Text]:
    """The stored documents among `ids`, in the order given (ids not stored are left out)."""
    found: dict[str, Text] = {}
    columns = (DocumentRow.id, DocumentRow.text, DocumentRow.published, DocumentRow.language)
    for i in range(0, len(ids), _IN_BATCH):
        for row in session.execute(select(*columns).where(DocumentRow.id.in_(ids[i : i + _IN_BATCH]))):
            found[row.id] = Text(row.id, row.text, row.published, row.language)
    return [found[i] for i in ids if i in found]
