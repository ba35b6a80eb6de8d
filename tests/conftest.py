"""Shared fixtures, in one place: databases on each backend, the seeded worlds, the shared corpus.

`store_url` runs a test on SQLite (a file in tmp_path) and on PostgreSQL when
TRUCEWATCH_TEST_POSTGRES_URL names a server (each test gets its own database,
created and dropped through that server). Both are copies of a database
migrated once per session (tests/databases.py); `empty_store_url` is a
database never migrated, for the migration tests. Without a PostgreSQL server
the PostgreSQL run skips in a plain `pytest`, and fails under `make test` or
CI (tests/tools.py says what to install and how to opt out, loudly).

Worlds (the seeded data of tests/api_helpers.py and tests/disclosure_world.py):

    world             (store, Seeded, tokens by role): the API and web world
    disclosure_world  (store, World): confidential material of every kind

Passwords are hashed at argon2's minimal cost in tests (TRUCEWATCH_PASSWORD_HASHING,
set below before anything hashes, and inherited by the CLI and servers tests start).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before trucewatch hashes anything, and for every subprocess the tests start.
os.environ["TRUCEWATCH_PASSWORD_HASHING"] = "argon2-minimal"
# Before the CLI's consoles exist: Rich fixes a console's width to COLUMNS when it is made,
# and pytest-xdist's workers start with COLUMNS=80, which would override the width each CLI
# test gives its run.
os.environ.pop("COLUMNS", None)

import tools
from api_helpers import Seeded, seed, tokens
from databases import drop_templates, migrated_postgres, migrated_sqlite
from disclosure_world import World, build
from trucewatch.store import Store, open_store

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
SEED_REPORT = CORPUS / "syriadirect-2017-03-08-waer-surrender-talks.txt"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Strict runs (make test, CI) stop at once, in one line, when a tool the suite needs is missing."""
    lacking = tools.all_missing() if tools.strict() else []
    if os.environ.get("CI"):
        lacking += [str(SEED_REPORT)] if not SEED_REPORT.is_file() else []
    if lacking:
        pytest.exit(
            f"install first: {'; '.join(lacking)} (or run with TRUCEWATCH_TEST_SKIP=browser,postgres)",
            returncode=1,
        )


def pytest_report_header(config: pytest.Config) -> str | None:
    return _opt_out_banner()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    banner = _opt_out_banner()
    if banner:
        terminalreporter.write_sep("!", banner, red=True, bold=True)


def _opt_out_banner() -> str | None:
    skipped = sorted(tools.opted_out())
    if not skipped:
        return None
    return f"TRUCEWATCH_TEST_SKIP: EVERY {' AND '.join(s.upper() for s in skipped)} TEST WAS SKIPPED"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    drop_templates()


# --- the shared corpus -----------------------------------------------------------


@pytest.fixture
def shared_corpus() -> Path:
    if not SEED_REPORT.is_file():
        pytest.skip(f"the shared corpus is not beside the repo ({CORPUS})")
    return CORPUS


@pytest.fixture
def seed_report(shared_corpus: Path) -> Path:
    return SEED_REPORT


# --- databases -------------------------------------------------------------------


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database at the newest schema, on each backend."""
    if request.param == "sqlite":
        yield migrated_sqlite(tmp_path / "trucewatch.db")
        return
    tools.require("postgres")
    yield from migrated_postgres(os.environ["TRUCEWATCH_TEST_POSTGRES_URL"])


@pytest.fixture(params=[pytest.param("postgresql", marks=pytest.mark.postgres)])
def postgres_store_url() -> Iterator[str]:
    """A fresh PostgreSQL database at the newest schema, for what only a server does (two
    writers storing at once: SQLite's take turns)."""
    tools.require("postgres")
    yield from migrated_postgres(os.environ["TRUCEWATCH_TEST_POSTGRES_URL"])


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database never migrated, on each backend (for the migration tests)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    tools.require("postgres")
    from databases import empty_postgres

    yield from empty_postgres(os.environ["TRUCEWATCH_TEST_POSTGRES_URL"])


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = open_store(store_url)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    """A fresh, migrated SQLite store only (tests of pages and the CLI that need not run twice)."""
    opened = open_store(migrated_sqlite(tmp_path / "sqlite.db"))
    try:
        yield opened
    finally:
        opened.close()


# --- worlds ----------------------------------------------------------------------


@pytest.fixture
def world(store: Store) -> tuple[Store, Seeded, dict[str, str]]:
    """The API and web world (tests/api_helpers.py): the store, its seeded ids, a token per role."""
    return store, seed(store), tokens(store)


@pytest.fixture
def sqlite_world(sqlite_store: Store) -> tuple[Store, Seeded, dict[str, str]]:
    """`world` on SQLite only."""
    return sqlite_store, seed(sqlite_store), tokens(sqlite_store)


@pytest.fixture
def disclosure_world(store: Store) -> tuple[Store, World]:
    """Confidential material of every kind (tests/disclosure_world.py)."""
    return store, build(store)
