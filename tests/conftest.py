"""Shared fixtures: a fresh database on each backend, and the shared corpus.

`store_url` runs a test on SQLite (a file in tmp_path) and on PostgreSQL when
TRUCEWATCH_TEST_POSTGRES_URL names a server (each test gets its own database,
created and dropped through that server). Without the variable the
PostgreSQL run skips, except under CI (env CI set), where it fails: CI must
test both backends.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from trucewatch.store import Store, open_store

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
SEED_REPORT = CORPUS / "syriadirect-2017-03-08-waer-surrender-talks.txt"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Under CI nothing may skip for want of a tool or of ../shared: CI installs and provides them."""
    if not os.environ.get("CI"):
        return
    missing = [str(SEED_REPORT)] if not SEED_REPORT.is_file() else []
    missing += [tool for tool in ("pdftoppm", "sqlite3") if shutil.which(tool) is None]
    if missing:
        pytest.exit(f"CI is set but these are missing: {', '.join(missing)}", returncode=1)


@pytest.fixture
def shared_corpus() -> Path:
    if not SEED_REPORT.is_file():
        pytest.skip(f"the shared corpus is not beside the repo ({CORPUS})")
    return CORPUS


@pytest.fixture
def seed_report(shared_corpus: Path) -> Path:
    return SEED_REPORT


def _postgres_database(server_url: str) -> Iterator[str]:
    name = f"tw_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'trucewatch.db'}"
        return
    server = os.environ.get("TRUCEWATCH_TEST_POSTGRES_URL")
    if not server:
        reason = "TRUCEWATCH_TEST_POSTGRES_URL is not set (run through scripts/with-postgres.sh)"
        if os.environ.get("CI"):
            pytest.fail(f"CI must test PostgreSQL: {reason}")
        pytest.skip(reason)
    yield from _postgres_database(server)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = open_store(store_url)
    try:
        yield opened
    finally:
        opened.close()
