"""The database tables, as SQLAlchemy 2 typed ORM classes.

Only store/ sees these rows; the rest of trucewatch sees the dataclasses of
trucewatch.model (store/convert.py maps between the two). A `When` is stored
as four columns (start, end, precision, open_ended) plus `last`, the first
instant after everything the date allows, so date-range queries are plain
comparisons. Datetimes are stored as naive UTC.

Any change here needs a new migration in store/migrations/versions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Stable constraint names, so later migrations can refer to them on both backends.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = String(40)  # "doc_" + 16 hex, "clm_" + 24 hex, ULIDs with a prefix


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: dict[Any, Any] = {  # noqa: RUF012 (SQLAlchemy reads it from the class)
        dt.datetime: DateTime(timezone=False),
        str: Text,
    }


class SourceRow(Base):
    __tablename__ = "sources"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    reliability: Mapped[str] = mapped_column(String(1))
    confidential: Mapped[bool] = mapped_column(Boolean)
    # Anonymous public read shows only public sources' documents (migration 0004).
    public: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class DocumentRow(Base):
    __tablename__ = "documents"
    # Per-source counts of the documents a viewer may see read this index alone (migration 0005).
    __table_args__ = (Index("ix_documents_source_id_confidential", "source_id", "confidential"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(128), unique=True)
    text: Mapped[str]
    title: Mapped[str | None]
    url: Mapped[str | None]
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    language: Mapped[str] = mapped_column(String(16))
    source_id: Mapped[str | None] = mapped_column(ID, ForeignKey("sources.id"))
    confidential: Mapped[bool] = mapped_column(Boolean)
    origin: Mapped[str | None]
    ingested_at: Mapped[dt.datetime]

    source: Mapped[SourceRow | None] = relationship(lazy="joined")


class PlaceRow(Base):
    __tablename__ = "places"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    country_code: Mapped[str | None] = mapped_column(String(2))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    kind: Mapped[str] = mapped_column(String(40))
    admin1: Mapped[str | None] = mapped_column(String(300))
    parent_id: Mapped[str | None] = mapped_column(ID, ForeignKey("places.id"), index=True)
    geonames_id: Mapped[int | None] = mapped_column(Integer, index=True)
    alternate_names: Mapped[list[str]] = mapped_column(JSON)


class ActorRow(Base):
    __tablename__ = "actors"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    side: Mapped[str | None] = mapped_column(String(80))
    aliases: Mapped[list[str]] = mapped_column(JSON)


class EventRow(Base):
    __tablename__ = "events"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    type: Mapped[str] = mapped_column(String(40))
    when_start: Mapped[dt.datetime | None]
    when_end: Mapped[dt.datetime | None]
    when_precision: Mapped[str | None] = mapped_column(String(10))
    when_open_ended: Mapped[bool] = mapped_column(Boolean)
    when_last: Mapped[dt.datetime | None]
    place_id: Mapped[str | None] = mapped_column(ID, ForeignKey("places.id"))
    actors: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[dt.datetime]

    # Keyset pages: an index per filter that hands rows over in page order (migration 0003).
    __table_args__ = (
        Index("ix_events_type_id", "type", "id"),
        Index("ix_events_place_id_id", "place_id", "id"),
        Index("ix_events_place_id_when_start_id", "place_id", "when_start", "id"),
        Index("ix_events_when_start_id", "when_start", "id"),
    )


class ClaimRow(Base):
    __tablename__ = "claims"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    document_id: Mapped[str] = mapped_column(ID, ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(40))
    when_start: Mapped[dt.datetime | None]
    when_end: Mapped[dt.datetime | None]
    when_precision: Mapped[str | None] = mapped_column(String(10))
    when_open_ended: Mapped[bool] = mapped_column(Boolean)
    when_last: Mapped[dt.datetime | None]
    place: Mapped[str | None] = mapped_column(String(300))
    place_id: Mapped[str | None] = mapped_column(ID, ForeignKey("places.id"))
    extractor: Mapped[str] = mapped_column(String(80))
    extractor_version: Mapped[str] = mapped_column(String(40))
    rule: Mapped[str | None]
    status: Mapped[str] = mapped_column(String(12))
    event_id: Mapped[str | None] = mapped_column(ID, ForeignKey("events.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[dt.datetime]

    evidence: Mapped[list[EvidenceRow]] = relationship(
        order_by="EvidenceRow.position", cascade="all, delete-orphan", passive_deletes=True, lazy="selectin"
    )
    actors: Mapped[list[ClaimActorRow]] = relationship(
        order_by="ClaimActorRow.position", cascade="all, delete-orphan", passive_deletes=True, lazy="selectin"
    )
    quantities: Mapped[list[ClaimQuantityRow]] = relationship(
        order_by="ClaimQuantityRow.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )

    __table_args__ = (
        Index("ix_claims_document_id_extractor", "document_id", "extractor"),
        # Keyset pages (migration 0003), as for events.
        Index("ix_claims_type_id", "type", "id"),
        Index("ix_claims_place_id_id", "place_id", "id"),
        Index("ix_claims_place_id_when_start_id", "place_id", "when_start", "id"),
        Index("ix_claims_when_start_id", "when_start", "id"),
        Index("ix_claims_status_id", "status", "id"),
    )


class EvidenceRow(Base):
    """One evidence span of a claim: characters [start, end) of a document."""

    __tablename__ = "claim_evidence"

    claim_id: Mapped[str] = mapped_column(ID, ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(ID, ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class ClaimActorRow(Base):
    __tablename__ = "claim_actors"

    claim_id: Mapped[str] = mapped_column(ID, ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor: Mapped[str] = mapped_column(String(300), index=True)  # canonical name
    role: Mapped[str] = mapped_column(String(20))
    span_document_id: Mapped[str | None] = mapped_column(ID)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)


class ClaimQuantityRow(Base):
    __tablename__ = "claim_quantities"

    claim_id: Mapped[str] = mapped_column(ID, ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    value: Mapped[int | None] = mapped_column(Integer)
    qualifier: Mapped[str] = mapped_column(String(20))
    span_document_id: Mapped[str | None] = mapped_column(ID)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)


class AgreementRow(Base):
    __tablename__ = "agreements"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str]
    reached_start: Mapped[dt.datetime | None]
    reached_end: Mapped[dt.datetime | None]
    reached_precision: Mapped[str | None] = mapped_column(String(10))
    reached_open_ended: Mapped[bool] = mapped_column(Boolean)
    effective_from_start: Mapped[dt.datetime | None]
    effective_from_end: Mapped[dt.datetime | None]
    effective_from_precision: Mapped[str | None] = mapped_column(String(10))
    effective_from_open_ended: Mapped[bool] = mapped_column(Boolean)
    effective_until_start: Mapped[dt.datetime | None]
    effective_until_end: Mapped[dt.datetime | None]
    effective_until_precision: Mapped[str | None] = mapped_column(String(10))
    effective_until_open_ended: Mapped[bool] = mapped_column(Boolean)
    place_id: Mapped[str | None] = mapped_column(ID, ForeignKey("places.id"), index=True)
    parties: Mapped[list[str]] = mapped_column(JSON)
    mediators: Mapped[list[str]] = mapped_column(JSON)
    guarantors: Mapped[list[str]] = mapped_column(JSON)
    monitor: Mapped[str | None] = mapped_column(String(300))
    evidence: Mapped[list[list[Any]]] = mapped_column(JSON)  # [[document_id, start, end], ...]
    claim_ids: Mapped[list[str]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[dt.datetime]

    commitments: Mapped[list[CommitmentRow]] = relationship(
        order_by="CommitmentRow.position", cascade="all, delete-orphan", passive_deletes=True, lazy="selectin"
    )


class CommitmentRow(Base):
    __tablename__ = "commitments"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    agreement_id: Mapped[str] = mapped_column(ID, ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    obligated: Mapped[str] = mapped_column(String(300))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[int | None] = mapped_column(Integer)
    unit: Mapped[str | None] = mapped_column(String(20))
    qualifier: Mapped[str] = mapped_column(String(20))
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    description: Mapped[str | None]
    evidence: Mapped[list[list[Any]]] = mapped_column(JSON)


class CeasefireRow(Base):
    __tablename__ = "ceasefires"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    start_start: Mapped[dt.datetime] = mapped_column(index=True)
    start_end: Mapped[dt.datetime | None]
    start_precision: Mapped[str] = mapped_column(String(10))
    start_open_ended: Mapped[bool] = mapped_column(Boolean)
    end_start: Mapped[dt.datetime | None]
    end_end: Mapped[dt.datetime | None]
    end_precision: Mapped[str | None] = mapped_column(String(10))
    end_open_ended: Mapped[bool] = mapped_column(Boolean)
    place_id: Mapped[str | None] = mapped_column(ID, ForeignKey("places.id"), index=True)
    parties: Mapped[list[str]] = mapped_column(JSON)
    mediators: Mapped[list[str]] = mapped_column(JSON)
    monitor: Mapped[str | None] = mapped_column(String(300))
    cf_class: Mapped[str | None] = mapped_column(String(20))
    written: Mapped[bool | None] = mapped_column(Boolean)
    purpose: Mapped[str | None] = mapped_column(String(20))
    coverage: Mapped[str | None] = mapped_column(String(40))
    ended_how: Mapped[str | None] = mapped_column(String(40))
    agreement_id: Mapped[str | None] = mapped_column(
        ID, ForeignKey("agreements.id", ondelete="SET NULL"), index=True
    )
    evidence: Mapped[list[list[Any]]] = mapped_column(JSON)
    claim_ids: Mapped[list[str]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[dt.datetime]


class SiegeRow(Base):
    __tablename__ = "sieges"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    place_id: Mapped[str] = mapped_column(ID, ForeignKey("places.id"), index=True)
    besieger: Mapped[str | None] = mapped_column(String(300))
    since_start: Mapped[dt.datetime | None]
    since_end: Mapped[dt.datetime | None]
    since_precision: Mapped[str | None] = mapped_column(String(10))
    since_open_ended: Mapped[bool] = mapped_column(Boolean)
    until_start: Mapped[dt.datetime | None]
    until_end: Mapped[dt.datetime | None]
    until_precision: Mapped[str | None] = mapped_column(String(10))
    until_open_ended: Mapped[bool] = mapped_column(Boolean)
    evidence: Mapped[list[list[Any]]] = mapped_column(JSON)
    claim_ids: Mapped[list[str]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[dt.datetime]


class AcledEventRow(Base):
    """An imported ACLED event, by ACLED's id (stable across ACLED's updates; migration 0007).

    `fields` is the row as last imported, every column kept (assoc_actor_*, region,
    admin2/3, source_scale, tags, timestamp, and any column we do not know); `derived`
    is what the export wrote for its claim just after that import, so an export can
    tell which fields an analyst has since changed (those are written from the claim)
    from those still as ACLED gave them (written exactly as ACLED wrote them).
    """

    __tablename__ = "acled_events"

    event_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    document_id: Mapped[str] = mapped_column(
        ID, ForeignKey("documents.id", ondelete="CASCADE"), index=True, unique=True
    )
    fields: Mapped[dict[str, str]] = mapped_column(JSON)
    derived: Mapped[dict[str, str]] = mapped_column(JSON)
    imported_at: Mapped[dt.datetime]


# --- the stored ledger (migration 0014; trucewatch.store.stored_ledger) -------------------


class LedgerChangeRow(Base):
    """What a write changed that a ledger reads, logged by triggers on the tables it reads (so no
    writer can forget it) and folded into dirty flags on the next read of the stored ledger.

    A claim's (or an Event's) type, place, period and document; `record_kind` alone for a stored
    agreement, ceasefire or siege; nothing at all (every column NULL) for a change that may touch
    any record (a document's date or confidentiality, a place's parent).
    """

    __tablename__ = "ledger_changes"
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012 (ids never reused)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    type: Mapped[str | None] = mapped_column(String(40))
    place_id: Mapped[str | None] = mapped_column(ID)
    when_start: Mapped[dt.datetime | None]
    when_last: Mapped[dt.datetime | None]
    document_id: Mapped[str | None] = mapped_column(ID)
    record_kind: Mapped[str | None] = mapped_column(String(12))


class LedgerEntryRow(Base):
    """One record's ledger as of `ledger_state.as_of`, for one audience: `full` (may see
    confidential documents' dates) or `withheld`. The body holds the ledger value itself, with
    its claims and document ids: redaction is applied when it is read, as for a computed one."""

    __tablename__ = "ledger_entries"

    kind: Mapped[str] = mapped_column(String(12), primary_key=True)
    audience: Mapped[str] = mapped_column(String(12), primary_key=True)
    record_id: Mapped[str] = mapped_column(ID, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    place_id: Mapped[str | None] = mapped_column(ID)
    since: Mapped[dt.datetime | None]  # the earliest instant a claim it reads may end after
    until: Mapped[dt.datetime | None]  # ... and start before (None: open)
    last_report: Mapped[dt.date | None] = mapped_column(Date)
    dirty: Mapped[bool] = mapped_column(Boolean)
    body: Mapped[bytes] = mapped_column(LargeBinary)
    record: Mapped[bytes] = mapped_column(LargeBinary)  # the record alone: what lists read
    version: Mapped[str] = mapped_column(String(32))  # random per write: a reader's cache key


class LedgerStateRow(Base):
    """Per kind and audience: the day the stored entries are as of, and whether the list of
    records itself must be recomputed (`stale`: a proposal may have appeared or gone)."""

    __tablename__ = "ledger_state"

    kind: Mapped[str] = mapped_column(String(12), primary_key=True)
    audience: Mapped[str] = mapped_column(String(12), primary_key=True)
    as_of: Mapped[dt.date] = mapped_column(Date)
    stale: Mapped[bool] = mapped_column(Boolean)
    computed_at: Mapped[dt.datetime]
