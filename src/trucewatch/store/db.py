"""Opening a database: engine set-up, migrations, transactions.

SQLite gets WAL mode and foreign keys on every connection; a fresh database
is migrated to the newest schema the first time it is opened. An existing
database at an older schema is left alone until `trucewatch db upgrade`.

Several processes share one SQLite file (`serve --workers 2`, a CLI ingest
beside a server): readers never wait in WAL mode, writers take turns. A
statement that opens a write transaction and finds the file locked waits
(busy timeout), then is retried with backoff for up to BUSY_BUDGET seconds,
so a short read that records an audit entry does not fail because another
process is writing.
"""

from __future__ import annotations

import functools
import json
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from trucewatch.config import settings_from_env
from trucewatch.store.errors import DatabaseUnavailable, SchemaMismatch


def normalise_url(url: str) -> str:
    """A URL as given, or a bare file path taken as an SQLite file."""
    if "://" in url:
        return url
    return f"sqlite:///{url}"


def absolute_url(url: str) -> str:
    """The URL with an SQLite file named from the working directory named from the root instead
    (a worker process may start elsewhere); other URLs as given."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        return parsed.set(database=os.path.abspath(parsed.database)).render_as_string(hide_password=False)
    return url


def safe_url(url: str) -> str:
    """The URL with any password masked, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid database URL>"


T = TypeVar("T")
BUSY_TIMEOUT_MS = 5000  # SQLite's own wait for a lock, per attempt
BUSY_BUDGET = 30.0  # seconds: beyond this a statement gives up (503 to an HTTP client)
_SQLITE_BUSY = 5


def _busy(exc: sqlite3.OperationalError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF == _SQLITE_BUSY
    return "database is locked" in str(exc)


def _retry_busy(conn: sqlite3.Connection, run: Callable[[], T]) -> T:
    """Run one statement; if it opens a transaction and hits a lock, roll back and try again.

    Only a statement run outside a transaction is retried: then nothing was
    written before it, and rolling back the (empty) transaction it opened
    loses nothing. Inside a transaction the writer already holds the lock.
    """
    if conn.in_transaction:
        return run()
    deadline = time.monotonic() + BUSY_BUDGET
    pause = 0.02
    while True:
        try:
            return run()
        except sqlite3.OperationalError as exc:
            if not _busy(exc) or time.monotonic() + pause > deadline:
                raise
            if conn.in_transaction:
                conn.rollback()
            time.sleep(random.uniform(pause / 2, pause))  # jitter: waiting writers do not wake together
            pause = min(pause * 2, 1.0)


def is_locked(exc: OperationalError) -> bool:
    """A database error that is only SQLite's lock still held by another writer after the retries."""
    return isinstance(exc.orig, sqlite3.OperationalError) and _busy(exc.orig)


class _RetryingCursor(sqlite3.Cursor):
    def execute(self, sql: str, parameters: Any = (), /) -> _RetryingCursor:
        _retry_busy(self.connection, lambda: super(_RetryingCursor, self).execute(sql, parameters))
        return self

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> _RetryingCursor:
        rows = list(seq_of_parameters)  # an iterator could not be replayed on a retry
        _retry_busy(self.connection, lambda: super(_RetryingCursor, self).executemany(sql, rows))
        return self


class RetryingConnection(sqlite3.Connection):
    """An sqlite3 connection whose cursors retry a statement that finds the database locked."""

    def cursor(self, factory: Any = _RetryingCursor) -> Any:
        return super().cursor(factory)


def _on_sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # First, so the PRAGMAs below wait for a lock too instead of failing at once.
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        cursor.execute("PRAGMA journal_mode=WAL")  # stored in the file: once per database
    # In WAL mode NORMAL cannot corrupt the database; a power cut may lose the last commits only.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def json_text(value: Any) -> str:
    """JSON columns as UTF-8 text, not \\u escapes: `LIKE '%حمص%'` finds Arabic names (SQLite, PostgreSQL)."""
    return json.dumps(value, ensure_ascii=False)


CONNECT_TIMEOUT = 10  # seconds a PostgreSQL connection may take to open


def create_store_engine(url: str, *, sqlite_cache_mb: int | None = None) -> Engine:
    """An engine for `url`. `sqlite_cache_mb`: each SQLite connection's page cache (default
    SQLite's 2 MB), for bulk writers whose transactions touch more pages than that."""
    url = normalise_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseUnavailable(f"not a database URL: {url!r}") from exc
    sqlite = parsed.get_backend_name() == "sqlite"
    # SQLite: keep enough connections for a server's thread pool, so none is opened (and its
    # PRAGMAs run) per request; the default 5 made busy servers reconnect for most requests.
    options: dict[str, Any] = (
        {"pool_size": 20, "max_overflow": 20}
        if sqlite and parsed.database not in (None, "", ":memory:")
        else {}
    )
    if sqlite:
        options["connect_args"] = {"factory": RetryingConnection}
    else:
        # psycopg prepares a statement on the server once it has run 5 times, and PostgreSQL then
        # may keep a generic plan: for the lists of ids most statements here bind, one planned
        # without the values (and with the statistics of a table still filling) scans a whole
        # index. A bulk load's delete of a partition's earlier claims took 60-90 ms prepared
        # against 6 ms planned for its values. Planning each execution costs well under that.
        # (A URL's own ?prepare_threshold= wins, as its connect_timeout does.)
        options["connect_args"] = {} if "prepare_threshold" in parsed.query else {"prepare_threshold": None}
        if "connect_timeout" not in parsed.query:
            # A server that accepts the connection and never answers would hang every caller (and a
            # load balancer's readiness probe) for as long as TCP allows; the URL's own value wins.
            options["connect_args"]["connect_timeout"] = CONNECT_TIMEOUT
    try:
        engine = create_engine(parsed, pool_pre_ping=not sqlite, json_serializer=json_text, **options)
    except (ArgumentError, ImportError) as exc:
        raise DatabaseUnavailable(f"cannot use database {safe_url(url)}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
        if sqlite_cache_mb:
            pragma = f"PRAGMA cache_size=-{int(sqlite_cache_mb) * 1024}"  # negative: KiB
            event.listen(
                engine, "connect", lambda dbapi_connection, _record: dbapi_connection.execute(pragma)
            )
    return engine


# --- migrations --------------------------------------------------------------


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("trucewatch.store") / "migrations"))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision(engine: Engine) -> str:
    """The newest schema revision this trucewatch ships (the same for every engine)."""
    return _shipped_head(alembic_config(engine).get_main_option("script_location") or "")


@functools.cache
def _shipped_head(script_location: str) -> str:
    # Parsing every migration script costs ~0.05-0.2 s, once per open_store before: the scripts
    # are part of the installed package and do not change while a process runs.
    config = Config()
    config.set_main_option("script_location", script_location)
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str]:
    """Apply migrations up to `revision`; returns (before, after)."""
    try:
        before = current_revision(engine)
        command.upgrade(alembic_config(engine), revision)
        after = current_revision(engine)
    except OperationalError as exc:
        raise DatabaseUnavailable(_unavailable(engine, exc)) from exc
    assert after is not None
    return before, after


def _unavailable(engine: Engine, exc: OperationalError) -> str:
    detail = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
    return f"cannot open database {safe_url(engine.url.render_as_string(hide_password=False))}: {detail}"


def ensure_schema(engine: Engine) -> None:
    """Migrate an empty database to head; refuse one at another revision."""
    try:
        rev = current_revision(engine)
        tables = set(inspect(engine).get_table_names())
    except OperationalError as exc:
        raise DatabaseUnavailable(_unavailable(engine, exc)) from exc
    head = head_revision(engine)
    if rev == head:
        return
    if rev is None:
        if tables - {"alembic_version"}:
            raise SchemaMismatch(
                "the database has tables but no trucewatch schema version; use an empty database"
            )
        upgrade(engine)
        return
    scripts = ScriptDirectory.from_config(alembic_config(engine))
    if scripts.get_revision(rev) is None:
        raise SchemaMismatch(f"the database schema ({rev}) is newer than this trucewatch; upgrade trucewatch")
    raise SchemaMismatch(f"the database schema ({rev}) is older than {head}; run `trucewatch db upgrade`")


# --- the store ---------------------------------------------------------------


class Store:
    """An open database: `with store.session() as s:` is one transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def url(self) -> str:
        return safe_url(self.engine.url.render_as_string(hide_password=False))

    @contextmanager
    def session(self) -> Iterator[Session]:
        """Commits when the block ends normally, rolls back on any exception."""
        with self._sessions() as session, session.begin():
            yield session

    def answers(self) -> bool:
        """Whether the database answers a trivial query now (a readiness probe's question)."""
        try:
            with self.engine.connect() as connection:
                connection.exec_driver_sql("SELECT 1")
        except OperationalError:
            return False
        return True

    def new_session(self) -> Session:
        """A session the caller manages (begin, commit, close): for long batched work."""
        return self._sessions()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_store(url: str | None = None, *, migrate: bool = True, sqlite_cache_mb: int | None = None) -> Store:
    """Open (and on first use create) the database at `url` or TRUCEWATCH_DATABASE_URL.

    `migrate=False` opens without checking the schema (for `db upgrade`); `sqlite_cache_mb`:
    see create_store_engine.
    """
    engine = create_store_engine(url or settings_from_env().database_url, sqlite_cache_mb=sqlite_cache_mb)
    if migrate:
        try:
            ensure_schema(engine)
        except Exception:
            engine.dispose()
            raise
    return Store(engine)
