"""Cursor pagination: opaque cursors over a stable sort key.

A cursor is the sort key of the last item of the previous page (its id, and
for date-ordered pages its start time), base64url-encoded JSON, so clients
cannot build one by hand and the sort key can change without breaking the
API's shape. Keyset paging stays fast at any depth, unlike
OFFSET, and never skips or repeats rows when new ones are added.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from typing import Annotated, Any

from fastapi import Query

from trucewatch.api.problems import Problem
from trucewatch.store.paging import Key  # a cursor's sort key, as the store pages by it

MAX_LIMIT = 500
DEFAULT_LIMIT = 50

Limit = Annotated[
    int,
    Query(ge=1, le=MAX_LIMIT, description=f"Items per page, 1 to {MAX_LIMIT}."),
]
Cursor = Annotated[
    str | None,
    Query(max_length=400, description="The `next_cursor` of the previous page, unchanged."),
]


def encode_cursor(key: str, when: dt.datetime | None = None) -> str:
    value = {"after": key} if when is None else {"after": key, "when": when.isoformat()}
    raw = json.dumps(value, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_key(cursor: str | None) -> Key | None:
    """The key to continue after, or None for the first page; a 400 problem for a forged cursor."""
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value: Any = json.loads(raw)
        key = value["after"]
        when = value.get("when")
        if isinstance(key, str) and isinstance(when, str):
            return Key(key, dt.datetime.fromisoformat(when).replace(tzinfo=None))
    except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError, AttributeError):
        key = when = None
    if not isinstance(key, str) or when is not None:
        raise Problem(400, "the cursor is not valid; pass the next_cursor of the previous page unchanged")
    return Key(key)


def decode_cursor(cursor: str | None) -> str | None:
    """The id to continue after (pages ordered by id), or None for the first page."""
    key = decode_key(cursor)
    return key.id if key is not None else None


def page_of(items: list[Any], ids: list[str], limit: int) -> tuple[list[Any], str | None]:
    """Items fetched with limit + 1 rows -> (page, next cursor or None)."""
    if len(items) > limit:
        return items[:limit], encode_cursor(ids[limit - 1])
    return items, None


def page_by_key(items: list[Any], keys: list[Key], limit: int) -> tuple[list[Any], str | None]:
    """As page_of, for pages whose sort key may include a time."""
    if len(items) > limit:
        last = keys[limit - 1]
        return items[:limit], encode_cursor(last.id, last.when)
    return items, None
