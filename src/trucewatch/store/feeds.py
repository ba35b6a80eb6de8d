"""Watched feeds and folders, and what the watcher knows of each item (tables feeds, feed_items).

A feed (an RSS/Atom URL, or a folder) carries its own marks (source name,
confidential) and its fetch state: the validators of its last response
(ETag, Last-Modified) for a conditional GET, and its failures in a row with
the time of the next attempt. Each item the watcher has met is one row keyed
by (feed, item key): `stored` (its document id kept), `retry` (failed; tried
again from next_attempt_at) or `gave_up`. Registering or re-marking a feed is
audited; the watcher's own bookkeeping is not (it is not a person's write).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from trucewatch.store.accounts import record
from trucewatch.store.errors import NotFound
from trucewatch.store.tables import ID, Base

FEED, FOLDER = "feed", "folder"
STORED, RETRY, GAVE_UP = "stored", "retry", "gave_up"


class FeedRow(Base):
    __tablename__ = "feeds"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    address: Mapped[str] = mapped_column(String(2048), unique=True)  # the URL, or the folder's full path
    kind: Mapped[str] = mapped_column(String(8))  # feed or folder
    source: Mapped[str | None] = mapped_column(String(300))
    confidential: Mapped[bool] = mapped_column(Boolean)
    title: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    checked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime)


class FeedItemRow(Base):
    __tablename__ = "feed_items"

    feed_id: Mapped[str] = mapped_column(ID, ForeignKey("feeds.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    link: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8))
    document_id: Mapped[str | None] = mapped_column(ID)
    failures: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    first_seen_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


@dataclass(frozen=True, slots=True)
class Feed:
    id: str
    address: str
    kind: str
    source: str | None
    confidential: bool
    title: str | None
    etag: str | None
    last_modified: str | None
    failures: int
    next_attempt_at: dt.datetime | None
    last_error: str | None
    checked_at: dt.datetime | None
    items: int = 0  # items stored
    waiting: int = 0  # items to retry
    given_up: int = 0


@dataclass(frozen=True, slots=True)
class ItemState:
    status: str
    failures: int
    next_attempt_at: dt.datetime | None
    link: str | None = None


def feed_id(address: str) -> str:
    return "feed_" + hashlib.sha256(address.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _feed(row: FeedRow, counts: dict[str, int] | None = None) -> Feed:
    counts = counts or {}
    return Feed(
        id=row.id,
        address=row.address,
        kind=row.kind,
        source=row.source,
        confidential=row.confidential,
        title=row.title,
        etag=row.etag,
        last_modified=row.last_modified,
        failures=row.failures,
        next_attempt_at=row.next_attempt_at,
        last_error=row.last_error,
        checked_at=row.checked_at,
        items=counts.get(STORED, 0),
        waiting=counts.get(RETRY, 0),
        given_up=counts.get(GAVE_UP, 0),
    )


def _marks(row: FeedRow) -> dict[str, object]:
    return {"address": row.address, "kind": row.kind, "source": row.source, "confidential": row.confidential}


def add_feed(
    session: Session,
    address: str,
    kind: str,
    *,
    source: str | None = None,
    confidential: bool | None = None,
    actor: str | None = None,
    now: dt.datetime,
) -> Feed:
    """Register a feed or folder, or change the marks of a registered one (None keeps a mark as it is).

    A new feed is confidential only when asked. Creating it and each change of its marks are audited.
    """
    row = session.get(FeedRow, feed_id(address))
    if row is None:
        row = FeedRow(
            id=feed_id(address),
            address=address,
            kind=kind,
            source=source,
            confidential=bool(confidential),
            failures=0,
            added_at=now,
        )
        session.add(row)
        session.flush()
        record(
            session,
            user=None,
            actor=actor,
            action="feed.create",
            resource="feeds",
            resource_id=row.id,
            after=_marks(row),
        )
        return _feed(row)
    before = _marks(row)
    if source is not None:
        row.source = source
    if confidential is not None:
        row.confidential = confidential
    if _marks(row) != before:
        session.flush()
        record(
            session,
            user=None,
            actor=actor,
            action="feed.update",
            resource="feeds",
            resource_id=row.id,
            before=before,
            after=_marks(row),
        )
    return _feed(row)


def list_feeds(session: Session) -> list[Feed]:
    counts: dict[str, dict[str, int]] = {}
    query = select(FeedItemRow.feed_id, FeedItemRow.status, func.count()).group_by(
        FeedItemRow.feed_id, FeedItemRow.status
    )
    for fid, status, n in session.execute(query):
        counts.setdefault(fid, {})[status] = int(n)
    rows = session.scalars(select(FeedRow).order_by(FeedRow.added_at, FeedRow.address))
    return [_feed(row, counts.get(row.id)) for row in rows]


def get_feed(session: Session, address: str) -> Feed | None:
    row = session.get(FeedRow, feed_id(address))
    return _feed(row) if row is not None else None


def remove_feed(session: Session, address: str, *, actor: str | None = None) -> None:
    """Stop watching a feed (its item states go with it; its documents stay). Audited. NotFound."""
    row = session.get(FeedRow, feed_id(address))
    if row is None:
        raise NotFound(f"no watched feed or folder {address!r}; `trucewatch watch --list` shows them")
    before = _marks(row)
    session.execute(delete(FeedItemRow).where(FeedItemRow.feed_id == row.id))
    session.delete(row)
    session.flush()
    record(
        session,
        user=None,
        actor=actor,
        action="feed.delete",
        resource="feeds",
        resource_id=row.id,
        before=before,
    )


def feed_checked(
    session: Session,
    feed: str,
    *,
    now: dt.datetime,
    title: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    keep_validators: bool = False,
) -> None:
    """A successful check: failures cleared, validators kept for the next conditional GET."""
    row = session.get(FeedRow, feed)
    if row is None:
        return
    row.failures, row.next_attempt_at, row.last_error, row.checked_at = 0, None, None, now
    if title:
        row.title = title[:1000]
    if not keep_validators:
        row.etag, row.last_modified = etag, last_modified


def feed_failed(session: Session, feed: str, *, now: dt.datetime, error: str, delay: float) -> int:
    """A failed check: one more failure, next attempt after `delay` seconds; returns the count."""
    row = session.get(FeedRow, feed)
    if row is None:
        return 0
    row.failures += 1
    row.next_attempt_at = now + dt.timedelta(seconds=delay)
    row.last_error = error[:2000]
    row.checked_at = now
    return row.failures


def item_states(session: Session, feed: str) -> dict[str, ItemState]:
    columns = (FeedItemRow.key, FeedItemRow.status, FeedItemRow.failures, FeedItemRow.next_attempt_at)
    rows = session.execute(select(*columns, FeedItemRow.link).where(FeedItemRow.feed_id == feed))
    return {key: ItemState(status, failures, at, link) for key, status, failures, at, link in rows}


def _item(session: Session, feed: str, key: str, link: str | None, now: dt.datetime) -> FeedItemRow:
    row = session.get(FeedItemRow, (feed, key))
    if row is None:
        row = FeedItemRow(
            feed_id=feed, key=key, link=link, status=RETRY, failures=0, first_seen_at=now, updated_at=now
        )
        session.add(row)
    return row


def item_stored(
    session: Session, feed: str, key: str, *, link: str | None, document_id: str | None, now: dt.datetime
) -> None:
    row = _item(session, feed, key, link, now)
    row.link = link
    row.status, row.document_id, row.next_attempt_at, row.last_error, row.updated_at = (
        STORED,
        document_id,
        None,
        None,
        now,
    )


def item_failed(
    session: Session,
    feed: str,
    key: str,
    *,
    link: str | None,
    now: dt.datetime,
    error: str,
    delay: float | None,
) -> int:
    """One more failure of an item: retried after `delay` seconds, or given up when `delay` is None.
    Returns its failures in a row."""
    row = _item(session, feed, key, link, now)
    row.link = link
    row.failures += 1
    row.last_error = error[:2000]
    row.updated_at = now
    if delay is None:
        row.status, row.next_attempt_at = GAVE_UP, None
    else:
        row.status, row.next_attempt_at = RETRY, now + dt.timedelta(seconds=delay)
    return row.failures
