"""Cursor pagination: opaque cursors over a stable sort key (the id).

A cursor is the last id of the previous page, base64url-encoded JSON, so
clients cannot build one by hand and the sort key can change later without
breaking the API's shape. Keyset paging stays fast at any depth, unlike
OFFSET, and never skips or repeats rows when new ones are added.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Annotated, Any

from fastapi import Query

from trucewatch.api.problems import Problem

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


def encode_cursor(key: str) -> str:
    raw = json.dumps({"after": key}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> str | None:
    """The id to continue after, or None for the first page; a 400 problem for a forged cursor."""
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value: Any = json.loads(raw)
        key = value["after"]
    except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError):
        key = None
    if not isinstance(key, str):
        raise Problem(400, "the cursor is not valid; pass the next_cursor of the previous page unchanged")
    return key


def page_of(items: list[Any], ids: list[str], limit: int) -> tuple[list[Any], str | None]:
    """Items fetched with limit + 1 rows -> (page, next cursor or None)."""
    if len(items) > limit:
        return items[:limit], encode_cursor(ids[limit - 1])
    return items, None
