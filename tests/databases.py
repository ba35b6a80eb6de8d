"""Databases for tests: one migrated template per session, copied for each test.

Migrating a fresh database runs every Alembic script (about 0.2 s, more on a busy
machine); copying a migrated SQLite file takes a few milliseconds, and PostgreSQL
copies a template database itself (CREATE DATABASE ... TEMPLATE). The templates
are built the first time a test asks and removed by `drop_templates()` at the
end of the session (tests/conftest.py).

    url = migrated_sqlite(tmp_path / "x.db")       # a fresh, migrated SQLite file
    url = next(migrated_postgres(server_url))      # a fresh, migrated PostgreSQL database
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from trucewatch.store import open_store

_sqlite_template: Path | None = None
_postgres_templates: dict[str, str] = {}  # server URL -> template database name


def _build_sqlite_template() -> Path:
    global _sqlite_template
    if _sqlite_template is None or not _sqlite_template.is_file():
        path = Path(tempfile.mkdtemp(prefix="trucewatch-template-")) / "template.db"
        open_store(f"sqlite:///{path}").close()  # migrated to head; closing folds the WAL into the file
        for suffix in ("-wal", "-shm"):
            assert not Path(f"{path}{suffix}").exists(), f"the template left {path}{suffix} behind"
        _sqlite_template = path
    return _sqlite_template


def migrated_sqlite(path: Path) -> str:
    """The URL of a new SQLite file at `path`, already at the newest schema (a copy of the template)."""
    if path.exists():
        raise FileExistsError(f"{path} exists; a test database starts from the template")
    shutil.copyfile(_build_sqlite_template(), path)
    return f"sqlite:///{path}"


def _admin(server_url: str) -> Engine:
    return create_engine(server_url, isolation_level="AUTOCOMMIT")


def _postgres_template(server_url: str) -> str:
    name = _postgres_templates.get(server_url)
    if name is None:
        name = f"tw_template_{uuid.uuid4().hex[:12]}"
        admin = _admin(server_url)
        try:
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        finally:
            admin.dispose()
        url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
        open_store(url).close()  # migrated; no connection may stay open on a template
        _postgres_templates[server_url] = name
    return name


def migrated_postgres(server_url: str) -> Iterator[str]:
    """A new PostgreSQL database on that server, copied from the migrated template; dropped afterwards."""
    template = _postgres_template(server_url)
    name = f"tw_test_{uuid.uuid4().hex[:12]}"
    admin = _admin(server_url)
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def empty_postgres(server_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database on that server (never migrated); dropped afterwards."""
    name = f"tw_test_{uuid.uuid4().hex[:12]}"
    admin = _admin(server_url)
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def drop_templates() -> None:
    global _sqlite_template
    if _sqlite_template is not None:
        shutil.rmtree(_sqlite_template.parent, ignore_errors=True)
        _sqlite_template = None
    for server_url, name in list(_postgres_templates.items()):
        admin = _admin(server_url)
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        finally:
            admin.dispose()
        del _postgres_templates[server_url]
