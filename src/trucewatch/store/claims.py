"""Claims: written per (document, extractor), read by type, date, place, actor."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import operator
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, String, Table, and_, any_, bindparam, delete, func, or_, select
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by
from sqlalchemy.orm import Session

from trucewatch.model import (
    ActorRole,
    Claim,
    EventType,
    Precision,
    Qualifier,
    Quantity,
    QuantityKind,
    Role,
    Span,
    Status,
    When,
)
from trucewatch.store import convert, ids
from trucewatch.store.errors import NotFound, UnknownReference
from trucewatch.store.places import upsert_statement
from trucewatch.store.tables import (
    ClaimActorRow,
    ClaimQuantityRow,
    ClaimRow,
    DocumentRow,
    EvidenceRow,
    PlaceRow,
)


def _stable_ids(document_id: str, extractor: str, claims: Sequence[Claim]) -> list[str]:
    """Deterministic ids; two claims with the same type and evidence get #2, #3 suffixes."""
    seen: Counter[str] = Counter()
    result = []
    for claim in claims:
        offsets = [(s.start, s.end) for s in claim.evidence]
        base = ids.claim_id(document_id, extractor, claim.type.value, offsets)
        seen[base] += 1
        result.append(base if seen[base] == 1 else f"{base}_{seen[base]}")
    return result


def _check_references(session: Session, document_id: str, claims: Sequence[Claim]) -> None:
    if session.get(DocumentRow, document_id) is None:
        raise UnknownReference(f"no document {document_id}")
    for claim in claims:
        if claim.document_id != document_id:
            raise ValueError(f"claim of {claim.document_id} passed for {document_id}")
    wanted_docs = {s.document_id for c in claims for s in c.evidence} - {document_id}
    if wanted_docs:
        found = set(session.scalars(select(DocumentRow.id).where(DocumentRow.id.in_(wanted_docs))))
        if wanted_docs - found:
            raise UnknownReference(f"evidence cites unknown documents: {sorted(wanted_docs - found)}")
    wanted_places = {c.place_id for c in claims if c.place_id is not None}
    if wanted_places:
        found = set(session.scalars(select(PlaceRow.id).where(PlaceRow.id.in_(wanted_places))))
        if wanted_places - found:
            raise UnknownReference(
                f"claims refer to places not stored (upsert_places first): {sorted(wanted_places - found)}"
            )


def replace_claims(
    session: Session,
    document_id: str,
    extractor: str,
    extractor_version: str,
    claims: Iterable[Claim],
) -> list[str]:
    """Replace what `extractor` has claimed about one document; returns the claims' ids.

    Idempotent: running the same extraction twice leaves the same rows. Earlier
    proposed claims of this extractor on this document are removed, whatever
    their version, so a new version never double-counts next to an old one.
    Claims an analyst has reviewed (confirmed, corrected, rejected, merged) are the
    analyst's record: they are kept as they are, even when the extractor no
    longer finds them, and an extracted claim with the same id does not
    overwrite them.
    """
    written = replace_claims_of_documents(session, extractor, extractor_version, {document_id: list(claims)})
    return written[document_id]


_CLAIMS: Table = ClaimRow.__table__  # type: ignore[assignment]
_CHILDREN: tuple[Table, ...] = (
    EvidenceRow.__table__,
    ClaimActorRow.__table__,
    ClaimQuantityRow.__table__,
)  # type: ignore[assignment]


def _claim_rows(
    claim: Claim, claim_id: str, now: dt.datetime
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The claims row and its evidence, actor and quantity rows, as plain values (as
    convert.claim_to_row builds them, without the ORM objects)."""
    row = {
        "id": claim_id,
        "document_id": claim.document_id,
        "type": claim.type.value,
        "place": claim.place,
        "place_id": claim.place_id,
        "extractor": claim.extractor,
        "extractor_version": claim.extractor_version,
        "rule": claim.rule,
        "status": claim.status.value,
        "event_id": claim.event_id,
        "created_at": now,
        **convert.when_columns("when", claim.when, with_last=True),
    }
    evidence = [
        {"claim_id": claim_id, "position": i, "document_id": s.document_id, "start": s.start, "end": s.end}
        for i, s in enumerate(claim.evidence)
    ]
    actors = [
        {
            "claim_id": claim_id,
            "position": i,
            "actor": a.actor,
            "role": a.role.value,
            **convert._span_cols(a.span),
        }
        for i, a in enumerate(claim.actors)
    ]
    quantities = [
        {
            "claim_id": claim_id,
            "position": i,
            "kind": q.kind.value,
            "value": q.value,
            "qualifier": q.qualifier.value,
            **convert._span_cols(q.span),
        }
        for i, q in enumerate(claim.quantities)
    ]
    return row, evidence, actors, quantities


def replace_claims_of_documents(
    session: Session,
    extractor: str,
    extractor_version: str,
    claims_by_document: Mapping[str, Iterable[Claim]],
) -> dict[str, list[str]]:
    """replace_claims for many documents at once, in the caller's transaction; the claims'
    ids by document.

    A handful of statements for the whole batch, whatever its size: one check of the
    references, one DELETE of the extractor's earlier proposed claims, then one
    multi-row INSERT per table (executemany). Inserts skip a row that exists
    (ON CONFLICT DO NOTHING): ids are derived from the document and the evidence, so a
    claim another worker has just written for the same document is that same claim,
    never a second copy.
    """
    batches = {
        doc_id: [
            dataclasses.replace(c, extractor=extractor, extractor_version=extractor_version) for c in claims
        ]
        for doc_id, claims in claims_by_document.items()
    }
    if not batches:
        return {}
    _check_references_many(session, batches)
    new_ids = {doc_id: _stable_ids(doc_id, extractor, batch) for doc_id, batch in batches.items()}
    session.flush()  # ORM objects the caller added go first
    doc_ids = sorted(batches)
    reviewed: set[str] = set()
    for i in range(0, len(doc_ids), _IN_BATCH):
        mine = and_(_CLAIMS.c.document_id.in_(doc_ids[i : i + _IN_BATCH]), _CLAIMS.c.extractor == extractor)
        # Confirming, correcting, rejecting or merging into an event are an analyst's acts.
        analysts = or_(_CLAIMS.c.status != Status.PROPOSED.value, _CLAIMS.c.event_id.is_not(None))
        reviewed.update(session.scalars(select(_CLAIMS.c.id).where(mine, analysts)))
        # evidence, actors and quantities go with their claim (ON DELETE CASCADE)
        session.execute(delete(_CLAIMS).where(mine, ~analysts))
    now = convert.utcnow()
    tables: list[list[dict[str, Any]]] = [[], [], [], []]
    for doc_id in doc_ids:
        for claim, claim_id in zip(batches[doc_id], new_ids[doc_id], strict=True):
            if claim_id in reviewed:
                continue
            row, evidence, actors, quantities = _claim_rows(claim, claim_id, now)
            tables[0].append(row)
            tables[1].extend(evidence)
            tables[2].extend(actors)
            tables[3].extend(quantities)
    for table, rows in zip((_CLAIMS, *_CHILDREN), tables, strict=True):
        _insert_new(session, table, rows)
    return new_ids


def _insert_new(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT ... ON CONFLICT DO NOTHING of every row. SQLite: one executemany (a prepared
    statement run per row, in process). PostgreSQL: COPY straight into the table, after a
    savepoint; when a row is stored already (another writer's same claim: the COPY waits for
    that writer, then fails on it), the savepoint is rolled back to and the rows go through a
    temporary table instead: COPY into it, then one INSERT ... SELECT ... ON CONFLICT DO
    NOTHING (COPY alone cannot skip a row that exists; the driver's executemany is a statement
    per row). Any other error leaves the transaction aborted, as before."""
    if not rows:
        return
    if session.get_bind().dialect.name != "postgresql":
        session.execute(upsert_statement(session, table).on_conflict_do_nothing(), rows)
        return
    from psycopg.errors import UniqueViolation

    columns = list(rows[0])
    names = ", ".join(f'"{c}"' for c in columns)
    staging = f"staging_{table.name}"
    raw: Any = session.connection().connection.driver_connection  # psycopg, in the same transaction

    def copy_into(cursor: Any, target: str) -> None:
        with cursor.copy(f'COPY "{target}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])

    with raw.cursor() as cursor:
        # plain SQL, not psycopg's transaction(): that would begin and commit a transaction of
        # its own on a connection SQLAlchemy has not sent a statement through yet
        cursor.execute("SAVEPOINT tw_copy")
        try:
            copy_into(cursor, table.name)
        except UniqueViolation:
            cursor.execute("ROLLBACK TO SAVEPOINT tw_copy")  # some rows are stored: the detour skips them
        else:
            cursor.execute("RELEASE SAVEPOINT tw_copy")
            return
        cursor.execute(
            f'CREATE TEMPORARY TABLE IF NOT EXISTS "{staging}" (LIKE "{table.name}") ON COMMIT DELETE ROWS'
        )
        copy_into(cursor, staging)
        cursor.execute(
            f'INSERT INTO "{table.name}" ({names}) SELECT {names} FROM "{staging}" ON CONFLICT DO NOTHING'
        )
        cursor.execute(f'DELETE FROM "{staging}"')


def _check_references_many(session: Session, batches: Mapping[str, Sequence[Claim]]) -> None:
    if len(batches) == 1:
        [(doc_id, batch)] = batches.items()
        _check_references(session, doc_id, batch)
        return
    for doc_id, batch in batches.items():
        for claim in batch:
            if claim.document_id != doc_id:
                raise ValueError(f"claim of {claim.document_id} passed for {doc_id}")
    docs = set(batches) | {s.document_id for b in batches.values() for c in b for s in c.evidence}
    missing = docs - _found(session, DocumentRow.id, docs)
    if missing:
        raise UnknownReference(f"no document {', '.join(sorted(missing))}")
    places = {c.place_id for b in batches.values() for c in b if c.place_id is not None}
    missing = places - _found(session, PlaceRow.id, places)
    if missing:
        raise UnknownReference(f"claims refer to places not stored (upsert_places first): {sorted(missing)}")


def _found(session: Session, column: Any, wanted: set[str]) -> set[str]:
    found: set[str] = set()
    listed = sorted(wanted)
    for i in range(0, len(listed), _IN_BATCH):
        found.update(session.scalars(select(column).where(column.in_(listed[i : i + _IN_BATCH]))))
    return found


def _as_datetime(value: dt.date | dt.datetime, *, end_of_day: bool) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return convert.utc(value)
    start = dt.datetime.combine(value, dt.time())
    return start + dt.timedelta(days=1) if end_of_day else start


def dated_within(
    start: Any,
    last: Any,
    since: dt.date | dt.datetime | None,
    until: dt.date | dt.datetime | None,
) -> list[ColumnElement[bool]]:
    """The one date-range rule of every claim and event list, the map and the API's pages: rows
    whose date could fall in [since, until], on their `start` and `last` columns (when_start,
    when_last). A date `until` includes that whole day; an open-ended date (no last moment: "since
    August 2016") could fall on any day after its start; undated rows are left out when a bound is
    given. A month-precision claim for March matches since=March 8."""
    out: list[ColumnElement[bool]] = []
    if since is not None:
        lower = _as_datetime(since, end_of_day=False)
        out.append(and_(start.is_not(None), or_(last.is_(None), last > lower)))
    if until is not None:
        if isinstance(until, dt.datetime):
            out.append(start <= _as_datetime(until, end_of_day=False))
        else:
            out.append(start < _as_datetime(until, end_of_day=True))
    return out


def list_claims(
    session: Session,
    *,
    types: Iterable[EventType | str] | None = None,
    place_ids: Iterable[str] | None = None,
    since: dt.date | dt.datetime | None = None,
    until: dt.date | dt.datetime | None = None,
    status: Status | Iterable[Status] | None = None,
    document_id: str | None = None,
    actor: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Claim]:
    """Claims matching every filter given, in date order (undated last); the first `limit` if given
    (after skipping `offset`: pages of a queue).

    Dates select claims whose date could fall in [since, until] (dated_within).
    `place_ids` is an exact set; widen it with place_descendants() first.
    `actor` is a canonical actor name in any role.
    """
    conditions: list[ColumnElement[bool]] = []
    if types is not None:
        conditions.append(ClaimRow.type.in_([EventType(t).value for t in types]))
    if place_ids is not None:
        conditions.append(ClaimRow.place_id.in_(list(place_ids)))
    conditions.extend(dated_within(ClaimRow.when_start, ClaimRow.when_last, since, until))
    if status is not None:
        wanted = [status] if isinstance(status, Status) else list(status)
        conditions.append(ClaimRow.status.in_([Status(s).value for s in wanted]))
    if document_id is not None:
        conditions.append(ClaimRow.document_id == document_id)
    if actor is not None:
        conditions.append(
            select(ClaimActorRow.claim_id)
            .where(ClaimActorRow.claim_id == ClaimRow.id, ClaimActorRow.actor == actor)
            .exists()
        )
    query = (
        select(*ClaimRow.__table__.columns)
        .where(*conditions)
        .order_by(ClaimRow.when_start.is_(None), ClaimRow.when_start, ClaimRow.document_id, ClaimRow.id)
        .limit(limit)
        .offset(offset)
    )
    return claims_from_rows(session, session.execute(query).all())


_IN_BATCH = 500  # ids per IN (...): under SQLite's bound-parameter limit


def claims_from_rows(session: Session, rows: Sequence[Any]) -> list[Claim]:
    """Claims from plain claims rows, their child rows read with one IN query per table per batch.

    Plain rows, not ORM objects: for a place with 100,000 claims, building and tracking
    ORM instances (four per claim) cost seconds; this is the same data in a fraction.
    """
    return [claim_from_parts(*parts) for parts in claim_parts(session, [_head(r) for r in rows])]


# A claims row as claim_parts reads it: these columns, in this order, as a plain tuple.
CLAIM_COLUMNS = (
    "id",
    "document_id",
    "type",
    "when_start",
    "when_end",
    "when_precision",
    "when_open_ended",
    "place",
    "place_id",
    "extractor",
    "extractor_version",
    "rule",
    "status",
    "event_id",
)
_head = operator.attrgetter(*CLAIM_COLUMNS)
# A claim's values without the model objects (an export writes every claim; building each one's
# Claim was a third of its time): its claims row (CLAIM_COLUMNS), then its evidence, actor and
# quantity rows, each a sequence of _CHILD_COLUMNS's values in position order (the evidence's
# followed, with `words`, by the words it spans: None when no such document).
ClaimParts = tuple[tuple[Any, ...], Sequence[Sequence[Any]], Sequence[Sequence[Any]], Sequence[Sequence[Any]]]


def claim_parts(session: Session, heads: Sequence[tuple[Any, ...]]) -> list[ClaimParts]:
    """The ClaimParts of these claims rows (CLAIM_COLUMNS), their child rows read with one IN query
    per table: for a list of claims already read (a page of a queue); a whole export reads them
    in its own statement (children_json)."""
    ids_ = [h[0] for h in heads]
    evidence = _children(session, EvidenceRow, ids_)
    actors = _children(session, ClaimActorRow, ids_)
    quantities = _children(session, ClaimQuantityRow, ids_)
    empty: list[Any] = []
    return [
        (h, evidence.get(h[0], empty), actors.get(h[0], empty), quantities.get(h[0], empty)) for h in heads
    ]


_CHILD_COLUMNS: dict[type[Any], tuple[str, ...]] = {
    EvidenceRow: ("document_id", "start", "end"),
    ClaimActorRow: ("actor", "role", "span_document_id", "span_start", "span_end"),
    ClaimQuantityRow: ("kind", "value", "qualifier", "span_document_id", "span_start", "span_end"),
}


def _children(session: Session, table: type[Any], ids_: list[str]) -> dict[str, list[Any]]:
    """A table's child rows of these claims by claim id, in position order, as tuples
    (_CHILD_COLUMNS[table])."""
    found: dict[str, list[Any]] = defaultdict(list)
    if not ids_:
        return found
    postgresql = session.get_bind().dialect.name == "postgresql"
    query = _CHILD_QUERIES.get((table, postgresql))
    if query is None:
        query = _CHILD_QUERIES[table, postgresql] = _child_query(table, postgresql)
    connection = session.connection()  # Core rows: no ORM loading step per row
    for i in range(0, len(ids_), _CHILD_BATCH):
        some = ids_[i : i + _CHILD_BATCH]
        for child in connection.execute(query, {"ids": some if postgresql else json.dumps(some)}).all():
            found[child[0]].append(child[1:])
    return found


_CHILD_BATCH = 5000  # ids bound as one value (an array, a JSON list): no limit but the statement's size
_CHILD_QUERIES: dict[tuple[Any, bool], Any] = {}


def _child_columns(table: Any, words: bool) -> list[Any]:
    """_CHILD_COLUMNS[table]'s columns, then with `words` (evidence) the words each span cuts from its
    document (joined by _with_words), cut in the database: a page's claims quote thousands of
    reports, whose texts need not travel. SQL's substr counts characters from 1, as Python's code
    points from 0."""
    columns: list[Any] = [getattr(table, c) for c in _CHILD_COLUMNS[table]]
    if words:
        start, end = EvidenceRow.start, EvidenceRow.end
        columns.append(func.substr(DocumentRow.text, start + 1, end - start))
    return columns


def _with_words(query: Any, words: bool) -> Any:
    return query.outerjoin(DocumentRow, DocumentRow.id == EvidenceRow.document_id) if words else query


def _child_query(table: Any, postgresql: bool) -> Any:
    """The statement of _children, built once: the claims' ids bound as one value (so that it is
    compiled once, not once per list of ids): an array on PostgreSQL, a JSON list read by
    json_each on SQLite."""
    query = select(table.claim_id, *_child_columns(table, False))
    if postgresql:
        among = table.claim_id == any_(bindparam("ids", type_=ARRAY(String)))
    else:
        among = table.claim_id.in_(select(func.json_each(bindparam("ids")).table_valued("value").c.value))
    return query.where(among).order_by(table.claim_id, table.position)


def children_json(*, words: bool, postgresql: bool) -> Any:
    """A column of the claims' own statement: each claim's evidence, actor and quantity rows as one
    JSON value, [evidence, actors, quantities], each a list of rows as claim_parts gives them (a
    missing list is null on PostgreSQL). One statement for a whole export, where claim_parts would
    add three per page: each child table is read by its key (claim_id, position) as the claim is."""
    tables = (EvidenceRow, ClaimActorRow, ClaimQuantityRow)
    lists = [_children_list(t, words and t is EvidenceRow, postgresql) for t in tables]
    if postgresql:
        return func.json_build_array(*lists)
    return func.json_array(*(func.json(x) for x in lists))  # a subquery's JSON comes back as text


def _children_list(table: Any, words: bool, postgresql: bool) -> Any:
    columns = _child_columns(table, words)
    mine = table.claim_id == ClaimRow.id
    if postgresql:
        rows = func.json_agg(aggregate_order_by(func.json_build_array(*columns), table.position))
        return _with_words(select(rows).select_from(table), words).where(mine).scalar_subquery()
    # SQLite (3.40 has no ORDER BY within an aggregate): the rows put in order by a subquery, whose
    # order an aggregate over it keeps (SQLite does not flatten an ordered subquery into one)
    ordered = (
        _with_words(select(func.json_array(*columns).label("row")).select_from(table), words)
        .where(mine)
        .order_by(table.position)
        .correlate(ClaimRow)
        .subquery()
    )
    return select(func.json_group_array(func.json(ordered.c.row))).scalar_subquery()


_E = TypeVar("_E", bound=Enum)


def _lookup(enum: type[_E]) -> Callable[[Any], _E]:
    """enum(value), through a dict: a stored value is one of a few, read once per claim."""
    members: dict[Any, _E] = {m.value: m for m in enum}

    def member(value: Any) -> _E:
        found = members.get(value)
        return found if found is not None else enum(value)  # an unknown value fails as enum() does

    return member


_TYPE, _STATUS, _PRECISION = _lookup(EventType), _lookup(Status), _lookup(Precision)
_ROLE, _KIND, _QUALIFIER = _lookup(Role), _lookup(QuantityKind), _lookup(Qualifier)


def _span(document_id: str | None, start: int | None, end: int | None) -> Span | None:
    if document_id is None or start is None or end is None:
        return None
    return Span(document_id, start, end)


def claim_from_parts(
    head: tuple[Any, ...],
    evidence: Sequence[Sequence[Any]],
    actors: Sequence[Sequence[Any]],
    quantities: Sequence[Sequence[Any]],
) -> Claim:
    """convert.claim_from_parts over claim_parts's tuples (the claims equal: tests/test_export_fast.py)."""
    (id_, document_id, type_, start, end, precision, open_ended, place, place_id) = head[:9]
    extractor, version, rule, status, event_id = head[9:]
    return Claim(
        type=_TYPE(type_),
        document_id=document_id,
        evidence=tuple([Span(e[0], e[1], e[2]) for e in evidence]),
        when=None if start is None else When(start, _PRECISION(precision), end, bool(open_ended)),
        place=place,
        place_id=place_id,
        actors=tuple([ActorRole(a[0], _ROLE(a[1]), _span(a[2], a[3], a[4])) for a in actors]),
        quantities=tuple(
            [Quantity(_KIND(q[0]), q[1], _QUALIFIER(q[2]), _span(q[3], q[4], q[5])) for q in quantities]
        ),
        extractor=extractor,
        extractor_version=version,
        rule=rule,
        status=_STATUS(status),
        event_id=event_id,
        id=id_,
    )


def get_claim(session: Session, claim_id: str) -> Claim | None:
    row = session.get(ClaimRow, claim_id)
    return convert.claim_from_row(row) if row is not None else None


def set_claim_status(session: Session, claim_id: str, status: Status) -> None:
    row = session.get(ClaimRow, claim_id)
    if row is None:
        raise NotFound(f"no claim {claim_id}")
    row.status = Status(status).value


def claims_by_ids(session: Session, ids: list[str]) -> list[Claim]:
    """Full claims (evidence, actors, figures: one IN query each per batch), in the order of `ids`."""
    out: dict[str, Claim] = {}
    for i in range(0, len(ids), _IN_BATCH):
        rows = session.scalars(select(ClaimRow).where(ClaimRow.id.in_(ids[i : i + _IN_BATCH])))
        out.update({r.id: convert.claim_from_row(r) for r in rows})
    return [out[i] for i in ids if i in out]


def claims_of_document(session: Session, document_id: str) -> list[Claim]:
    """Every claim drawn from one document."""
    return claims_by_ids(
        session, list(session.scalars(select(ClaimRow.id).where(ClaimRow.document_id == document_id)))
    )


def rewrite_claim(session: Session, claim: Claim) -> bool:
    """Rewrite one stored claim in place (same id, same creation time, its event link as given);
    False when there is no claim with its id."""
    assert claim.id is not None
    row = session.get(ClaimRow, claim.id)
    if row is None:
        return False
    created_at = row.created_at
    session.delete(row)
    session.flush()
    session.add(convert.claim_to_row(claim, claim.id, created_at, event_id=claim.event_id))
    session.flush()
    return True
