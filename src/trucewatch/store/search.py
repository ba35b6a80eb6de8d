"""The document library: full-text search with facets, and the latest report received.

SQLite searches an FTS5 table (`documents_fts`, migration 0009: its own copy of each document's
title and text, kept in step by triggers on `documents`); PostgreSQL searches an expression
index (GIN over to_tsvector('simple', title || text), same migration) with the same expression.
Words are matched whole, every word required; what a visitor types is reduced to its words, so no
query syntax (quotes, NEAR, column filters) reaches the engine.

Arabic is folded on both sides (migration 0011): short vowels, shadda, sukun, tanween, the
dagger alef and tatweel are dropped, and hamza/madda alef forms (أ إ آ ٱ) become ا, so الوَعر and
الأسد find الوعر and الاسد and back. The stored text itself is never changed.

Who may see which documents is not decided here: callers pass `shown`, a condition on
DocumentRow from trucewatch.disclosure.shown_documents, and it applies to the hits, the total and
every facet count alike, so a document a reader may not see is never counted either.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, String, and_, cast, column, func, literal_column, select, table
from sqlalchemy.orm import Session

from trucewatch.model import Status
from trucewatch.store.tables import ClaimRow, DocumentRow, SourceRow

FTS_TABLE = "documents_fts"
# SQLite's FTS5 keeps its index in these tables beside the virtual one (schema comparisons skip them).
FTS_TABLES = frozenset(
    {FTS_TABLE, *(f"{FTS_TABLE}_{s}" for s in ("data", "idx", "content", "docsize", "config"))}
)
PG_INDEX = "ix_documents_fulltext"  # PostgreSQL's expression index (not described by the ORM)
PG_CONFIG = "simple"  # no stemming: the library holds Arabic, English and more, in one index
# Arabic folding; migration 0011 writes the same characters into its SQL (kept in step by a test).
ARABIC_MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640"
ALEF_FORMS = "\u0623\u0625\u0622\u0671"
_FOLD = str.maketrans({**{c: None for c in ARABIC_MARKS}, **{c: "\u0627" for c in ALEF_FORMS}})
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 12


def fold(text: str) -> str:
    """Arabic folded as the index folds it (module docstring); other scripts unchanged."""
    return text.translate(_FOLD)


def pg_document_vector() -> Any:
    """The indexed expression on PostgreSQL (migration 0011's index is on exactly this)."""
    # Constants inline, not bound: the planner matches the index's expression text.
    body = (
        func.coalesce(DocumentRow.title, literal_column("''"))
        .op("||")(literal_column("' '"))
        .op("||")(DocumentRow.text)
    )
    folded = func.translate(
        body, literal_column(f"'{ALEF_FORMS}{ARABIC_MARKS}'"), literal_column("'" + "\u0627" * 4 + "'")
    )
    return func.to_tsvector(literal_column(f"'{PG_CONFIG}'::regconfig"), folded)


def words(query: str | None) -> list[str]:
    """The words of what a visitor typed (letters and digits of any script), folded, at most MAX_WORDS."""
    return _WORD.findall(fold(query or ""))[:MAX_WORDS]  # folded first: marks are not \w


@dataclass(frozen=True, slots=True)
class Hit:
    document_id: str
    title: str | None
    published: dt.date | None
    language: str
    source: str | None
    snippet: tuple[tuple[str, bool], ...]  # (text, matched) pieces, to be shown escaped


@dataclass(frozen=True, slots=True)
class Facet:
    value: str
    count: int


@dataclass(frozen=True, slots=True)
class Results:
    total: int
    hits: tuple[Hit, ...]
    sources: tuple[Facet, ...] = ()
    languages: tuple[Facet, ...] = ()
    months: tuple[Facet, ...] = ()  # "2017-03", newest first
    words: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Filters:
    query: str | None = None
    source: str | None = None
    language: str | None = None
    since: dt.date | None = None  # publication dates, inclusive
    until: dt.date | None = None
    event_type: str | None = None  # documents with a claim of this type (rejected claims aside)


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _matching(session: Session, wanted: Sequence[str]) -> ColumnElement[bool] | None:
    """The full-text condition on DocumentRow for these words (None: no words, every document)."""
    if not wanted:
        return None
    if _dialect(session) == "postgresql":
        query = func.plainto_tsquery(literal_column(f"'{PG_CONFIG}'::regconfig"), " ".join(wanted))
        return pg_document_vector().op("@@")(query)
    match = " ".join('"' + w.replace('"', "") + '"' for w in wanted)
    fts = table(FTS_TABLE, column("document_id"))
    return DocumentRow.id.in_(select(fts.c.document_id).where(literal_column(FTS_TABLE).op("MATCH")(match)))


def _conditions(
    session: Session, f: Filters, shown: ColumnElement[bool] | None, *, skip: str = ""
) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    if shown is not None:
        out.append(shown)
    matching = _matching(session, words(f.query))
    if matching is not None:
        out.append(matching)
    if f.source and skip != "source":
        out.append(DocumentRow.source_id.in_(select(SourceRow.id).where(SourceRow.name == f.source)))
    if f.language and skip != "language":
        out.append(DocumentRow.language == f.language)
    if f.since is not None:
        out.append(DocumentRow.published >= f.since)
    if f.until is not None:
        out.append(DocumentRow.published <= f.until)
    if f.event_type and skip != "event_type":
        out.append(DocumentRow.id.in_(documents_with_claim_type(f.event_type)))
    return out


def documents_with_claim_type(event_type: str) -> Select[Any]:
    """The ids of the documents with a claim of this type that review has not rejected."""
    return select(ClaimRow.document_id).where(
        ClaimRow.type == event_type, ClaimRow.status != Status.REJECTED.value
    )


def search(
    session: Session, f: Filters, shown: ColumnElement[bool] | None, *, limit: int = 20, offset: int = 0
) -> Results:
    """Documents matching `f` that `shown` lets the reader see, newest first, with facet counts.

    A facet counts the documents the other filters keep (choosing a source still lists the
    other sources, with their counts for the same words and dates)."""
    where = _conditions(session, f, shown)
    total = session.scalar(select(func.count()).select_from(DocumentRow).where(*where)) or 0
    rows = session.execute(
        select(
            DocumentRow.id,
            DocumentRow.title,
            DocumentRow.published,
            DocumentRow.language,
            SourceRow.name,
            DocumentRow.text,
        )
        .outerjoin(SourceRow, SourceRow.id == DocumentRow.source_id)
        .where(*where)
        .order_by(DocumentRow.published.is_(None), DocumentRow.published.desc(), DocumentRow.id)
        .limit(limit)
        .offset(offset)
    ).all()
    wanted = words(f.query)
    hits = tuple(
        Hit(str(id_), title, published, language, source, snippet(body or "", wanted))
        for id_, title, published, language, source, body in rows
    )
    by_source = _facet(
        session,
        select(SourceRow.name, func.count())
        .select_from(DocumentRow)
        .join(SourceRow, SourceRow.id == DocumentRow.source_id)
        .where(*_conditions(session, f, shown, skip="source"))
        .group_by(SourceRow.name),
    )
    by_language = _facet(
        session,
        select(DocumentRow.language, func.count())
        .where(*_conditions(session, f, shown, skip="language"))
        .group_by(DocumentRow.language),
    )
    month = func.substr(cast(DocumentRow.published, String), 1, 7)
    by_month = session.execute(
        select(month, func.count())
        .where(*where, DocumentRow.published.is_not(None))
        .group_by(month)
        .order_by(month.desc())
        .limit(36)
    ).all()
    return Results(
        total,
        hits,
        by_source,
        by_language,
        tuple(Facet(str(m), int(n)) for m, n in by_month),
        tuple(wanted),
    )


def _facet(session: Session, query: Select[Any] | Any) -> tuple[Facet, ...]:
    found = [Facet(str(v), int(n)) for v, n in session.execute(query) if v is not None]
    return tuple(sorted(found, key=lambda x: (-x.count, x.value)))


def snippet(body: str, wanted: Sequence[str], width: int = 220) -> tuple[tuple[str, bool], ...]:
    """A window of the text around the first matched word, cut into (text, matched) pieces.

    Done here rather than by the engine (FTS5 snippet(), ts_headline) so both backends give the
    same pieces and nothing the engine adds is ever taken as markup."""
    if not body:
        return ()
    spots: list[tuple[int, int]] = []
    for w in wanted:
        spots.extend((m.start(), m.end()) for m in _word_pattern(w).finditer(body))
    spots.sort()
    first = spots[0][0] if spots else 0
    start = max(0, first - width // 3)
    end = min(len(body), start + width)
    pieces: list[tuple[str, bool]] = []
    if start > 0:
        pieces.append(("…", False))
    pos = start
    for a, b in spots:
        if a < pos or b > end:
            continue
        if a > pos:
            pieces.append((body[pos:a], False))
        pieces.append((body[a:b], True))
        pos = b
    if pos < end:
        pieces.append((body[pos:end], False))
    if end < len(body):
        pieces.append(("…", False))
    return tuple(pieces)


def _word_pattern(word: str) -> re.Pattern[str]:
    """A folded word as it may be written in the text: any alef form, marks between letters."""
    marks = f"[{ARABIC_MARKS}]*"
    letters = [f"[\u0627{ALEF_FORMS}]" if c == "\u0627" else re.escape(c) for c in word]
    return re.compile(r"(?<!\w)" + marks.join(letters) + marks + r"(?!\w)", re.IGNORECASE)


# --- the latest report -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LatestReport:
    document_id: str
    published: dt.date
    title: str | None


def last_report(
    session: Session, shown: ColumnElement[bool] | None, *, as_of: dt.date
) -> LatestReport | None:
    """The newest document published by `as_of` that `shown` lets the reader see."""
    conditions = [DocumentRow.published.is_not(None), DocumentRow.published <= as_of]
    if shown is not None:
        conditions.append(shown)
    row = session.execute(
        select(DocumentRow.id, DocumentRow.published, DocumentRow.title)
        .where(and_(*conditions))
        .order_by(DocumentRow.published.desc(), DocumentRow.id)
        .limit(1)
    ).first()
    if row is None or row[1] is None:
        return None
    return LatestReport(str(row[0]), row[1], row[2])


# --- what came in since a moment ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Arrivals:
    """Documents stored and claims made after a moment (rejected claims aside), as a reader may count them."""

    documents: int
    claims_by_type: dict[str, int]

    @property
    def claims(self) -> int:
        return sum(self.claims_by_type.values())


def arrivals_since(
    session: Session,
    since: dt.datetime,
    *,
    shown_documents: ColumnElement[bool] | None,
    shown_claims: ColumnElement[bool] | None,
) -> Arrivals:
    """What was stored after `since` that the conditions let the reader see: two aggregates."""
    doc_conditions = [DocumentRow.ingested_at > since]
    if shown_documents is not None:
        doc_conditions.append(shown_documents)
    documents = session.execute(select(func.count(DocumentRow.id)).where(and_(*doc_conditions))).scalar_one()
    claim_conditions = [ClaimRow.created_at > since, ClaimRow.status != Status.REJECTED.value]
    if shown_claims is not None:
        claim_conditions.append(shown_claims)
    rows = session.execute(
        select(ClaimRow.type, func.count(ClaimRow.id)).where(and_(*claim_conditions)).group_by(ClaimRow.type)
    ).all()
    return Arrivals(int(documents), {str(t): int(n) for t, n in sorted(rows)})
