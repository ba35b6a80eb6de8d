"""RSS and Atom feeds read with feedparser, and the rules a watcher follows. Pure: no I/O here.

`parse_feed(data, url)` turns the bytes of a feed into plain values (it runs in
the reading worker, under the same time limit as any reader). The rest says
what a watcher does with them:

- an item is known by its id (RSS guid, Atom id), else its link, else its
  title and text (`FeedEntry.key`): the same item is fetched once per feed,
  whatever the feed does to its order or its other fields;
- a failure (a feed, or one item's page) is tried again after a delay that
  doubles each time (`backoff`), honouring a server's Retry-After; an item is
  given up after MAX_ITEM_ATTEMPTS, and says so;
- a page is read by the reader its Content-Type names, else its URL's
  extension, else its first bytes (`page_suffix`).

feedparser never fetches here: it is given bytes, never a URL or a path
(given a string it would open either). It refuses external entities, and an
ill-formed feed it can still read (`bozo`) is read; one with no items and no
title is a failure.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import feedparser

from trucewatch.ingest.failures import ReadProblem

# Seconds before the first retry of a failed feed or item; each further failure doubles it.
DEFAULT_BACKOFF = 300.0
MAX_BACKOFF = 24 * 3600.0
MAX_ITEM_ATTEMPTS = 8  # an item's page that fails this often is given up (about 10 hours of tries)
MAX_NEW_ITEMS = 100  # items fetched per feed per round; the others wait for the next round
MAX_ENTRIES = 2000  # entries read from one feed document; a real feed has tens

_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed: what identifies it, where its page is, what the feed itself says."""

    key: str  # sha256 hex of the item's identity (see module docstring)
    link: str | None  # absolute http(s) link to the item's page, if the feed gives one
    title: str | None
    published: dt.date | None
    content: str | None  # the item's text or HTML as the feed carries it (used when there is no link)
    raw_link: str | None = None  # the link as written, when it is not http(s) (reported, never fetched)


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    entries: tuple[FeedEntry, ...]
    problem: str | None = None  # what feedparser found wrong in a feed it could still read


def parse_feed(data: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """The items of one RSS or Atom document, in feed order; ReadProblem("bad_feed") if it is not one.

    Relative links are resolved against `url` (the address the feed was fetched from).
    """
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed: Any = feedparser.parse(data, response_headers=headers, sanitize_html=True)
    entries = [_entry(e) for e in list(parsed.get("entries") or [])[:MAX_ENTRIES]]
    title = _text(parsed.get("feed", {}).get("title"))
    version = parsed.get("version") or ""
    problem = None
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        problem = f"{type(exc).__name__}: {_text(str(exc), 200)}" if exc is not None else "ill-formed"
    if not entries and not version:
        why = f" ({problem})" if problem else ""
        raise ReadProblem("bad_feed", f"not an RSS or Atom feed{why}; check the address")
    return ParsedFeed(title=title, entries=tuple(entries), problem=problem)


def _entry(entry: Any) -> FeedEntry:
    link = _text(entry.get("link"), 2048)
    if link is None:  # Atom: a link rel="alternate" feedparser did not promote
        for item in entry.get("links") or []:
            if item.get("rel", "alternate") == "alternate" and item.get("href"):
                link = _text(item.get("href"), 2048)
                break
    content = None
    for item in entry.get("content") or []:
        if _text(item.get("value")):
            content = str(item.get("value"))
            break
    if content is None and _text(entry.get("summary")):
        content = str(entry.get("summary"))
    title = _text(entry.get("title"), 1000)
    identity = _text(entry.get("id"), 2048)
    if identity is not None:
        key = _key("id", identity)
    elif link is not None:
        key = _key("link", link)
    else:
        key = _key("text", title or "", content or "")
    http_link = link if link is not None and is_http_url(link) else None
    return FeedEntry(
        key=key,
        link=http_link,
        title=title,
        published=_date(entry.get("published_parsed") or entry.get("updated_parsed")),
        content=content,
        raw_link=link if http_link is None else None,
    )


def _key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _text(value: object, limit: int = 100_000) -> str | None:
    if not isinstance(value, str):
        return None
    value = _WHITESPACE.sub(" ", value).strip()
    return value[:limit] or None


def _date(value: object) -> dt.date | None:
    """feedparser's struct_time (UTC) to a date; None if absent or impossible."""
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(value), dt.UTC).date()  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def is_http_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(parts.hostname)


def folder_key(relative: str, size: int, mtime_ns: int) -> str:
    """A file in a watched folder, as it is now: a file changed in place is read again."""
    return _key("file", relative, str(size), str(mtime_ns))


# --- retries ------------------------------------------------------------------------------------


def backoff(failures: int, base: float = DEFAULT_BACKOFF, retry_after: float | None = None) -> float:
    """Seconds to wait after the `failures`-th failure in a row: base, 2 x base, 4 x base ... at most
    a day; never less than the server's Retry-After (itself capped at a day)."""
    delay = min(base * 2 ** max(failures - 1, 0), MAX_BACKOFF)
    if retry_after is not None and retry_after > delay:
        delay = min(retry_after, MAX_BACKOFF)
    return delay


def retry_after_seconds(value: str | None, now: dt.datetime) -> float | None:
    """A Retry-After header (seconds, or an HTTP date) as seconds from `now` (naive UTC)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        from email.utils import parsedate_to_datetime

        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    return max((when - now).total_seconds(), 0.0)


def say_delay(seconds: float) -> str:
    """'45 s', '5 min', '2 h 30 min'."""
    seconds = round(seconds)
    if seconds < 120:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 120:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


# --- pages ----------------------------------------------------------------------------------------

_TYPES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "text/plain": ".txt",
    "text/markdown": ".md",
}
_SUFFIXES = {".html", ".htm", ".pdf", ".txt", ".md", ".jsonl"}


def page_suffix(content_type: str | None, url: str, data: bytes) -> str:
    """Which reader reads a fetched page, as the file extension the readers are chosen by."""
    kind = (content_type or "").split(";", 1)[0].strip().lower()
    if kind in _TYPES:
        return _TYPES[kind]
    suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
    if suffix in _SUFFIXES:
        return suffix
    head = data[:1024].lstrip().lower()
    if head.startswith(b"%pdf"):
        return ".pdf"
    if head.startswith(b"<"):
        return ".html"
    return ".txt" if kind.startswith("text/") else (suffix or ".bin")
