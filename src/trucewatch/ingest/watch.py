"""Watch feeds and folders: each round fetches what is new and stores it as `ingest` would.

    round = watch_round(store, options=WatchOptions(), actor="cli:alice")

A round checks every registered feed and folder that is due (store.feeds):

- a feed is fetched with a conditional GET (ETag, Last-Modified); each item
  not met before has its page fetched (redirects followed, http/https only,
  size and time bounded: ingest/fetch.py) and read by the same readers as
  `ingest` (the Content-Type, else the URL, says which), then stored with the
  same content-hash dedup: an item met again, in this feed or another, is
  stored once. An item with no link is read from the text the feed carries;
- a folder is listed as `ingest` lists one; a file is read once, and again
  only if it changes (its size or modification time); a file modified in the
  last `settle` seconds is left for the next round (it may still be copying);
- each failure is one line, `feed-address: [item LINK:] problem; next try in
  ...`, given to `log` as it happens, and the round goes on. A failed feed or
  item is tried again after a delay that doubles (ingest/feeds.py: backoff);
  an item is given up after MAX_ITEM_ATTEMPTS, or at once when it leads
  somewhere the watcher may not go (not http(s); an address on a network the
  feed is not on: ingest/fetch.py). A feed's validators are kept
  only once every item it listed has been handled, so a 304 never hides an
  item a round had no time for.

A feed marked confidential makes its documents confidential (and the source
it names, if new), as `ingest --confidential` does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from trucewatch.config import DEFAULT_MAX_FILE_BYTES, read_timeout_from_env
from trucewatch.ingest.failures import ReadFailure, ReadProblem
from trucewatch.ingest.feeds import (
    DEFAULT_BACKOFF,
    MAX_ITEM_ATTEMPTS,
    MAX_NEW_ITEMS,
    FeedEntry,
    backoff,
    folder_key,
    page_suffix,
    parse_feed,
    retry_after_seconds,
    say_delay,
)
from trucewatch.ingest.fetch import PUBLIC, FetchProblem, fetch, new_client, reach_of
from trucewatch.ingest.readers import ReadOptions, iter_files, read_data, read_file
from trucewatch.ingest.run import audit_created
from trucewatch.ingest.worker import run_limited
from trucewatch.model import Document
from trucewatch.store import DatabaseUnavailable, Store, add_document
from trucewatch.store import feeds as state
from trucewatch.store.errors import DataError, IntegrityError, OperationalError
from trucewatch.store.feeds import FOLDER, GAVE_UP, RETRY, STORED, Feed, ItemState

Log = Callable[[str], None]
# Fetch problems that trying again cannot mend: the item is given up at once.
_NEVER_RETRIED = frozenset({"refused_address", "bad_url"})
# A folder's file is known by its size and modification time: reading the same bytes again fails the
# same way (unsupported, empty, damaged), and a file that changes is a new item. Only these may mend.
_FILE_MAY_MEND = frozenset({"unreadable", "not_found", "too_slow", "unexpected", "db_rejected"})


def _settled(reason: str) -> bool:
    return reason not in _FILE_MAY_MEND


@dataclass(frozen=True, slots=True)
class WatchOptions:
    max_bytes: int = DEFAULT_MAX_FILE_BYTES  # one feed, page or file
    time_limit: float = field(default_factory=read_timeout_from_env)  # seconds to parse one
    backoff: float = DEFAULT_BACKOFF  # seconds before the first retry; doubles each failure
    settle: float = 5.0  # seconds a folder's file must be left untouched before it is read
    max_new_items: int = MAX_NEW_ITEMS  # pages fetched per feed per round


@dataclass
class WatchReport:
    checked: int = 0  # feeds and folders looked at
    not_modified: int = 0  # feeds that answered 304
    not_due: int = 0  # feeds and folders waiting for their next attempt after failures
    added: int = 0
    duplicates: int = 0
    waiting: int = 0  # items met that wait for their next attempt
    added_ids: list[str] = field(default_factory=list)
    duplicate_ids: list[str] = field(default_factory=list)
    failed: Counter[str] = field(default_factory=Counter)  # reason -> count
    failures: list[str] = field(default_factory=list)  # one line each
    open_sources: set[str] = field(default_factory=set)
    interrupted: bool = False

    @property
    def ok(self) -> bool:
        return not self.failures and not self.interrupted


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def watch_round(
    store: Store,
    addresses: Iterable[str] | None = None,
    options: WatchOptions | None = None,
    *,
    now: dt.datetime | None = None,
    log: Log | None = None,
    actor: str | None = None,
    client: httpx.Client | None = None,
) -> WatchReport:
    """One round over the registered feeds and folders (only `addresses`, if given).

    Never raises for a bad feed, page or file; raises DatabaseUnavailable for a broken database.
    `now` (naive UTC) is when the round is taken to run: tests pass it to step past a backoff.
    """
    round_ = _Round(store, options or WatchOptions(), now or utcnow(), log, actor)
    wanted = set(addresses) if addresses is not None else None
    own_client = client is None
    try:
        with store.session() as session:
            feeds = [f for f in state.list_feeds(session) if wanted is None or f.address in wanted]
        round_.client = client or new_client()
        for feed in feeds:
            if feed.next_attempt_at is not None and feed.next_attempt_at > round_.now:
                round_.report.not_due += 1
                continue
            round_.report.checked += 1
            if feed.kind == FOLDER:
                round_.folder(feed)
            else:
                round_.feed(feed)
    except KeyboardInterrupt:  # each item is its own transaction: what was stored stays stored
        round_.report.interrupted = True
    except OperationalError as exc:
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
        raise DatabaseUnavailable(f"database error while watching: {detail}") from exc
    finally:
        if own_client and round_.client is not None:
            round_.client.close()
    return round_.report


class _Round:
    def __init__(
        self, store: Store, options: WatchOptions, now: dt.datetime, log: Log | None, actor: str | None
    ):
        self.store, self.options, self.now, self.log, self.actor = store, options, now, log, actor
        self.report = WatchReport()
        self.client: httpx.Client | None = None
        self.reach = frozenset({PUBLIC})  # where the feed being read may send the watcher (ingest/fetch.py)

    # --- a feed -----------------------------------------------------------------------------------

    def feed(self, feed: Feed) -> None:
        assert self.client is not None
        self.reach = reach_of(feed.address)
        try:
            fetched = fetch(
                self.client,
                feed.address,
                max_bytes=self.options.max_bytes,
                etag=feed.etag,
                last_modified=feed.last_modified,
                reach=self.reach,
            )
        except FetchProblem as problem:
            self._feed_failed(feed, problem.reason, problem.message, problem.retry_after)
            return
        with self.store.session() as session:
            states = state.item_states(session, feed.id)
        handled: set[str] = set()
        complete = True
        title = None
        if fetched.status == 304:
            self.report.not_modified += 1
        else:
            try:
                parsed = run_limited(
                    parse_feed,
                    (fetched.content, fetched.url, fetched.content_type),
                    self.options.time_limit,
                    "bad_feed",
                )
            except ReadProblem as problem:
                self._feed_failed(feed, problem.reason, problem.message, None)
                return
            title = parsed.title
            fetched_pages = 0
            for entry in parsed.entries:
                if entry.key in handled:
                    continue
                handled.add(entry.key)
                if not self._due(states.get(entry.key)):
                    continue
                if entry.link is not None:
                    if fetched_pages >= self.options.max_new_items:
                        complete = False  # the rest next round: keep the old validators
                        continue
                    fetched_pages += 1
                self._entry(feed, entry, states.get(entry.key))
        # Items that failed before and are due again, even if the feed no longer lists them.
        for key, item in states.items():
            if key not in handled and item.status == RETRY and self._due(item) and item.link:
                self._entry(feed, FeedEntry(key, item.link, None, None, None), item)
        with self.store.session() as session:
            state.feed_checked(
                session,
                feed.id,
                now=self.now,
                title=title,
                etag=fetched.etag,
                last_modified=fetched.last_modified,
                keep_validators=fetched.status == 304 or not complete,
            )

    def _due(self, item: ItemState | None) -> bool:
        if item is None:
            return True
        if item.status != RETRY:
            return False
        if item.next_attempt_at is not None and item.next_attempt_at > self.now:
            self.report.waiting += 1
            return False
        return True

    def _entry(self, feed: Feed, entry: FeedEntry, before: ItemState | None) -> None:
        options = ReadOptions(
            source=feed.source,
            published=entry.published,
            confidential=feed.confidential,
            max_bytes=self.options.max_bytes,
            time_limit=self.options.time_limit,
        )
        if entry.link is None:
            # No page to fetch: the feed's own text is the item. Reading it again would give the same.
            where = entry.raw_link or f"{feed.address}#item-{entry.key[:12]}"
            if not entry.content:
                why = "its link is not http(s)" if entry.raw_link else "it has no link and no text"
                self._item_failed(feed, entry, where, "no_link", f"nothing to read: {why}", final=True)
                return
            results = list(read_data(entry.content.encode("utf-8"), ".html", where, options))
            self._store(feed, entry, where, results, final=True)
            return
        assert self.client is not None
        try:
            page = fetch(self.client, entry.link, max_bytes=self.options.max_bytes, reach=self.reach)
        except FetchProblem as problem:
            retry_after = retry_after_seconds(problem.retry_after, self.now)
            final = problem.reason in _NEVER_RETRIED
            self._item_failed(
                feed, entry, entry.link, problem.reason, problem.message, final=final, retry_after=retry_after
            )
            return
        options = dataclasses.replace(options, url=page.url)
        suffix = page_suffix(page.content_type, page.url, page.content)
        results = list(read_data(page.content, suffix, entry.link, options))
        self._store(feed, entry, entry.link, results)

    # --- a folder ---------------------------------------------------------------------------------

    def folder(self, feed: Feed) -> None:
        root = Path(feed.address)
        if not root.is_dir():
            self._feed_failed(feed, "not_found", "no such folder (moved, deleted or unmounted?)", None)
            return
        with self.store.session() as session:
            states = state.item_states(session, feed.id)
        options = ReadOptions(
            source=feed.source,
            confidential=feed.confidential,
            max_bytes=self.options.max_bytes,
            time_limit=self.options.time_limit,
        )
        latest = self.now.replace(tzinfo=dt.UTC).timestamp() - self.options.settle
        for path in iter_files([root]):
            if isinstance(path, ReadFailure):
                self._line(path.reason, f"{feed.address}: {path.origin}: {path.message}")
                continue
            try:
                info = os.stat(path)
            except OSError as exc:
                self._line("unreadable", f"{feed.address}: {path}: cannot read this file ({exc.strerror})")
                continue
            if info.st_mtime > latest:
                continue  # still being written, perhaps: next round
            relative = str(path.relative_to(root))
            key = folder_key(relative, info.st_size, info.st_mtime_ns)
            if not self._due(states.get(key)):
                continue
            entry = FeedEntry(key, None, None, None, None, raw_link=str(path))
            self._store(feed, entry, str(path), list(read_file(path, options)), final=_settled)
        with self.store.session() as session:
            state.feed_checked(session, feed.id, now=self.now)

    # --- storing and failing ----------------------------------------------------------------------

    def _store(
        self,
        feed: Feed,
        entry: FeedEntry,
        where: str,
        results: list[Document | ReadFailure],
        *,
        final: bool | Callable[[str], bool] = False,
    ) -> None:
        """Store what was read; if nothing was, the item failed (`final`: given up at once, or a test
        of the failure's reason saying so)."""
        documents = [r for r in results if isinstance(r, Document)]
        failures = [r for r in results if isinstance(r, ReadFailure)]
        if not documents:
            first = failures[0] if failures else ReadFailure(where, "no_text", "nothing readable")
            give_up = final(first.reason) if callable(final) else final
            self._item_failed(feed, entry, where, first.reason, first.message, final=give_up)
            return
        link = entry.link or entry.raw_link
        try:
            with self.store.session() as session:
                ids: list[tuple[str, bool]] = []
                for doc in documents:
                    added = add_document(session, doc)
                    if added[1] and self.actor is not None:
                        audit_created(session, doc, added[0], self.actor)
                    if added.open_source is not None:
                        self.report.open_sources.add(added.open_source)
                    ids.append((added[0], added[1]))
                state.item_stored(session, feed.id, entry.key, link=link, document_id=ids[0][0], now=self.now)
        except (DataError, IntegrityError) as exc:
            detail = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else type(exc).__name__
            self._item_failed(feed, entry, where, "db_rejected", f"the database refused it ({detail})")
            return
        for doc_id, created in ids:
            if created:
                self.report.added += 1
                self.report.added_ids.append(doc_id)
            else:
                self.report.duplicates += 1
                self.report.duplicate_ids.append(doc_id)
        for failure in failures:  # pages of a PDF that could not be read: the rest is stored
            self._line(failure.reason, f"{feed.address}: item {where}: {failure.message}")

    def _item_failed(
        self,
        feed: Feed,
        entry: FeedEntry,
        where: str,
        reason: str,
        message: str,
        *,
        final: bool = False,
        retry_after: float | None = None,
    ) -> None:
        with self.store.session() as session:
            previous = session.get(state.FeedItemRow, (feed.id, entry.key))
            failures = (previous.failures if previous is not None else 0) + 1
            give_up = final or failures >= MAX_ITEM_ATTEMPTS
            delay = None if give_up else backoff(failures, self.options.backoff, retry_after)
            state.item_failed(
                session,
                feed.id,
                entry.key,
                link=entry.link or entry.raw_link,
                now=self.now,
                error=f"{reason}: {message}",
                delay=delay,
            )
        if delay is None:
            after = "given up" if final else f"given up after {failures} attempts"
        else:
            after = f"next try in {say_delay(delay)} (attempt {failures} of {MAX_ITEM_ATTEMPTS})"
        self._line(reason, f"{feed.address}: item {where}: {message}; {after}")

    def _feed_failed(self, feed: Feed, reason: str, message: str, retry_after: str | None) -> None:
        failures = feed.failures + 1
        delay = backoff(failures, self.options.backoff, retry_after_seconds(retry_after, self.now))
        with self.store.session() as session:
            state.feed_failed(session, feed.id, now=self.now, error=f"{reason}: {message}", delay=delay)
        self._line(reason, f"{feed.address}: {message}; next try in {say_delay(delay)} (failure {failures})")

    def _line(self, reason: str, line: str) -> None:
        line = " ".join(line.split())  # one line, whatever a server or a file put in the message
        self.report.failed[reason] += 1
        self.report.failures.append(line)
        if self.log is not None:
            self.log(line)


__all__ = ["GAVE_UP", "STORED", "WatchOptions", "WatchReport", "utcnow", "watch_round"]
