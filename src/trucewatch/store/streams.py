"""Claims read page by page: exports of any size in memory that does not grow with them.

    for page in claim_pages(session, place_ids=scope):   # lists of PAGE_SIZE claims
        ...

One SELECT, read as it goes (a server-side cursor on PostgreSQL, a stepped statement
on SQLite), in list_claims's order, each claim's evidence, actors and figures with it
(claims.children_json).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import ColumnElement, bindparam, func, select
from sqlalchemy.orm import Session

from trucewatch.model import Claim, Document, EventType, Precision, Source, Status
from trucewatch.store import convert
from trucewatch.store.claims import (
    _IN_BATCH,
    CLAIM_COLUMNS,
    ClaimParts,
    children_json,
    claim_from_parts,
    dated_within,
)
from trucewatch.store.tables import ClaimRow, DocumentRow, SourceRow

PAGE_SIZE = 5000


def _conditions(
    types: Iterable[EventType | str] | None,
    place_ids: Iterable[str] | None,
    since: dt.date | dt.datetime | None,
    until: dt.date | dt.datetime | None,
) -> list[ColumnElement[bool]]:
    """list_claims's filters, rejected claims left out (no record, page or export shows them)."""
    out: list[ColumnElement[bool]] = [ClaimRow.status != Status.REJECTED.value]
    if types is not None:
        out.append(ClaimRow.type.in_([EventType(t).value for t in types]))
    if place_ids is not None:
        out.append(ClaimRow.place_id.in_(list(place_ids)))
    out.extend(dated_within(ClaimRow.when_start, ClaimRow.when_last, since, until))
    return out


def claim_pages(
    session: Session,
    *,
    types: Iterable[EventType | str] | None = None,
    place_ids: Iterable[str] | None = None,
    since: dt.date | dt.datetime | None = None,
    until: dt.date | dt.datetime | None = None,
    page_size: int = PAGE_SIZE,
) -> Iterator[list[Claim]]:
    """The claims list_claims would give (rejected ones left out), `page_size` at a time."""
    for page in claim_part_pages(
        session, types=types, place_ids=place_ids, since=since, until=until, page_size=page_size
    ):
        yield [claim_from_parts(*parts) for parts in page]


def claim_part_pages(
    session: Session,
    *,
    types: Iterable[EventType | str] | None = None,
    place_ids: Iterable[str] | None = None,
    since: dt.date | dt.datetime | None = None,
    until: dt.date | dt.datetime | None = None,
    page_size: int = PAGE_SIZE,
    words: bool = False,
) -> Iterator[list[ClaimParts]]:
    """claim_pages's claims as their values (claims.ClaimParts, with the evidence's `words`): what
    an export reads."""
    postgresql = session.get_bind().dialect.name == "postgresql"
    query = (
        select(
            *(ClaimRow.__table__.c[c] for c in CLAIM_COLUMNS),
            children_json(words=words, postgresql=postgresql),
        )
        .where(*_conditions(types, place_ids, since, until))
        .order_by(ClaimRow.when_start.is_(None), ClaimRow.when_start, ClaimRow.document_id, ClaimRow.id)
        .execution_options(yield_per=page_size)
    )
    # Core rows (the ORM's per-row loading step was a tenth of an export), from the session's
    # connection so that the pages read in its transaction. PostgreSQL's driver decodes the JSON.
    loads = _as_is if postgresql else json.loads
    empty: list[Any] = []
    n = len(CLAIM_COLUMNS)
    for rows in session.connection().execute(query).partitions():
        page: list[ClaimParts] = []
        for row in rows:
            evidence, actors, quantities = loads(row[n])
            page.append((tuple(row[:n]), evidence or empty, actors or empty, quantities or empty))
        yield page


def _as_is(value: Any) -> Any:
    return value


def claim_precisions(
    session: Session,
    *,
    types: Iterable[EventType | str] | None = None,
    place_ids: Iterable[str] | None = None,
    since: dt.date | dt.datetime | None = None,
    until: dt.date | dt.datetime | None = None,
) -> Counter[Precision | None]:
    """How many of those claims are dated to each precision (None: undated), counted in the database."""
    query = (
        select(ClaimRow.when_precision, ClaimRow.when_start.is_(None), func.count())
        .where(*_conditions(types, place_ids, since, until))
        .group_by(ClaimRow.when_precision, ClaimRow.when_start.is_(None))
    )
    out: Counter[Precision | None] = Counter()
    for precision, undated, n in session.execute(query):
        out[None if undated or precision is None else Precision(precision)] += n
    return out


def documents_unread(session: Session, ids: Iterable[str]) -> dict[str, Document]:
    """documents_by_id's documents without their texts (text ""): whether each is confidential and
    its source, what a record needs besides the words it quotes (claim_part_pages's `words`)."""
    wanted = sorted(set(ids))
    query = select(
        DocumentRow.id, DocumentRow.content_hash, DocumentRow.confidential, DocumentRow.source_id
    ).where(DocumentRow.id.in_(bindparam("ids", expanding=True)))
    out: dict[str, Document] = {}
    sources: dict[str, Source] = {}
    connection = session.connection()
    for i in range(0, len(wanted), _IN_BATCH):
        for id_, content_hash, confidential, source_id in connection.execute(
            query, {"ids": wanted[i : i + _IN_BATCH]}
        ).all():  # at once, not a fetch per row
            source = None
            if source_id is not None:
                if source_id not in sources:
                    sources[source_id] = convert.source_from_row(session.get_one(SourceRow, source_id))
                source = sources[source_id]
            out[id_] = Document("", content_hash, source=source, confidential=bool(confidential), id=id_)
    return out
