"""Opening a database: engine set-up, migrations, transactions.

SQLite gets WAL mode and foreign keys on every connection; a fresh database
is migrated to the newest schema the first time it is opened. An existing
database at an older schema is left alone until `trucewatch db upgrade`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Any

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


def safe_url(url: str) -> str:
    """The URL with any password masked, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid database URL>"


def _on_sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL cannot corrupt the database; a power cut may lose the last commits only.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def create_store_engine(url: str) -> Engine:
    url = normalise_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseUnavailable(f"not a database URL: {url!r}") from exc
    sqlite = parsed.get_backend_name() == "sqlite"
    # SQLite: keep enough connections for a server's thread pool, so none is opened (and its
    # PRAGMAs run) per request; the default 5 made busy servers reconnect for most requests.
    pool = (
        {"pool_size": 20, "max_overflow": 20}
        if sqlite and parsed.database not in (None, "", ":memory:")
        else {}
    )
    try:
        engine = create_engine(parsed, pool_pre_ping=not sqlite, **pool)
    except (ArgumentError, ImportError) as exc:
        raise DatabaseUnavailable(f"cannot use database {safe_url(url)}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
    return engine


# --- migrations --------------------------------------------------------------


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("trucewatch.store") / "migrations"))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision(engine: Engine) -> str:
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
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

    def new_session(self) -> Session:
        """A session the caller manages (begin, commit, close): for long batched work."""
        return self._sessions()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_store(url: str | None = None, *, migrate: bool = True) -> Store:
    """Open (and on first use create) the database at `url` or TRUCEWATCH_DATABASE_URL.

    `migrate=False` opens without checking the schema (for `db upgrade`).
    """
    engine = create_store_engine(url or settings_from_env().database_url)
    if migrate:
        try:
            ensure_schema(engine)
        except Exception:
            engine.dispose()
            raise
    return Store(engine)
