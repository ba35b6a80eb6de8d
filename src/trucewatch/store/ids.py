"""Identifiers: deterministic where the thing has a natural key, ULIDs otherwise.

Deterministic ids survive re-ingest and re-extraction, so analysts' links to
documents and claims stay valid when a corpus is loaded again.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from ulid import ULID

_HEX = re.compile(r"[0-9a-f]{16,}")


def _digest(*parts: object) -> str:
    # \x1f (unit separator) cannot appear in names, so ("a|b", "c") and ("a", "b|c") differ.
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()


def document_id(content_hash: str) -> str:
    """`doc_` + the first 16 hex digits of the content hash (hashed again if it is not hex)."""
    h = content_hash.lower()
    if not _HEX.fullmatch(h):
        h = _digest(content_hash)
    return "doc_" + h[:16]


def source_id(name: str) -> str:
    return "src_" + _digest(name)[:16]


def actor_id(name: str) -> str:
    return "act_" + _digest(name.casefold())[:16]


def place_id(
    name: str, country_code: str | None, admin1: str | None, kind: str, geonames_id: int | None
) -> str:
    if geonames_id is not None:
        return f"gn_{geonames_id}"
    return "plc_" + _digest(name.casefold(), country_code, admin1, kind)[:16]


def claim_id(document_id: str, extractor: str, type_: str, offsets: Iterable[tuple[int, int]]) -> str:
    spans = ",".join(f"{s}-{e}" for s, e in offsets)
    return "clm_" + _digest(document_id, extractor, type_, spans)[:24]


def new_id(prefix: str) -> str:
    """A fresh, time-ordered id: `agr_01J...`."""
    return f"{prefix}_{ULID()}"
