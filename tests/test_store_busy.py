"""A confidential read while another process holds SQLite's write lock.

The read's audit entry waits (SQLite's busy timeout, then retries with
backoff); held past the store's budget, the answer is a 503 problem with
Retry-After, never a 500 and never the confidential text unaudited.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from api_helpers import auth, client, seed, tokens
from databases import migrated_sqlite
from trucewatch.store import Store, db, open_store
from trucewatch.store.accounts import audit_entries


@pytest.fixture
def short_waits(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[tuple[Store, Path]]:
    """A store whose lock waits are short: 0.2 s per attempt, 1.5 s in all."""
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
    monkeypatch.setattr(db, "BUSY_BUDGET", 1.5)
    path = tmp_path / "busy.db"
    with open_store(migrated_sqlite(path)) as store:
        yield store, path


def _lock(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN IMMEDIATE")
    return conn


def test_a_read_whose_audit_cannot_be_written_is_a_503_without_the_text(
    short_waits: tuple[Store, Path],
) -> None:
    store, path = short_waits
    seeded, keys = seed(store), tokens(store)
    with client(store) as c:
        holder = _lock(path)
        try:
            r = c.get(f"/api/documents/{seeded.secret_doc}", headers=auth(keys["analyst"]))
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert r.status_code == 503, r.text
        assert r.headers["retry-after"].isdigit()
        assert r.headers["content-type"].startswith("application/problem+json")
        assert "busy" in r.json()["detail"] and "CONFIDENTIAL" not in r.text
        # Once the lock is gone the same read succeeds and is audited.
        r = c.get(f"/api/documents/{seeded.secret_doc}", headers=auth(keys["analyst"]))
        assert r.status_code == 200
    with store.session() as s:
        entries = audit_entries(s, user_name="analyst1", action="confidential.read")
    assert [e.resource_id for e in entries] == [seeded.secret_doc]


def test_a_read_retries_its_audit_until_a_short_lock_is_released(short_waits: tuple[Store, Path]) -> None:
    store, path = short_waits
    seeded, keys = seed(store), tokens(store)
    holder = _lock(path)

    def release() -> None:
        time.sleep(0.6)  # three times SQLite's own wait in this store: only the retries can outlast it
        holder.execute("ROLLBACK")
        holder.close()

    releaser = threading.Thread(target=release)
    with client(store) as c:
        releaser.start()
        r = c.get(f"/api/documents/{seeded.secret_doc}", headers=auth(keys["analyst"]))
        releaser.join()
    assert r.status_code == 200, r.text
    with store.session() as s:
        assert len(audit_entries(s, user_name="analyst1", action="confidential.read")) == 1
