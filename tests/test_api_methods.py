"""405 answers name every method the path accepts, across all the routes registered at it."""

from __future__ import annotations

from pathlib import Path

import pytest

from api_helpers import client
from databases import migrated_sqlite
from trucewatch.store import open_store


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("DELETE", "/api/documents", {"GET", "HEAD", "POST"}),
        ("PUT", "/api/agreements", {"GET", "HEAD", "POST"}),
        ("POST", "/api/claims/clm_none", {"GET", "HEAD", "PATCH"}),
        ("DELETE", "/api/events", {"GET", "HEAD", "POST"}),
        ("DELETE", "/login", {"GET", "HEAD", "POST"}),
        ("POST", "/api/audit", {"GET", "HEAD"}),
    ],
)
def test_405_lists_the_methods_of_that_path(
    tmp_path: Path, method: str, path: str, allowed: set[str]
) -> None:
    with open_store(migrated_sqlite(tmp_path / "m.db")) as store, client(store) as c:
        r = c.request(method, path)
    assert r.status_code == 405
    assert {m.strip() for m in r.headers["allow"].split(",")} == allowed
    assert r.headers["content-type"].startswith("application/problem+json")
    assert method not in r.json()["detail"] and "GET" in r.json()["detail"]
