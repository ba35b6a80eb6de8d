"""Alembic environment: run migrations on the engine trucewatch passes in.

`trucewatch db upgrade` (store.db.upgrade) puts its engine in
config.attributes; the `alembic` command, run with store/alembic.ini, builds
one from sqlalchemy.url instead.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from trucewatch.store import accounts, alerts, feeds, leases, logins, snapshots  # noqa: F401  their tables join Base.metadata (autogenerate sees them)
from trucewatch.store.db import create_store_engine
from trucewatch.store.tables import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine: Engine | None = config.attributes.get("engine")
    own_engine = engine is None
    if engine is None:
        engine = create_store_engine(config.get_main_option("sqlalchemy.url") or "")
    try:
        with engine.connect() as connection:
            # render_as_batch: SQLite cannot ALTER most things; batch mode copies the table.
            context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
            with context.begin_transaction():
                context.run_migrations()
            connection.commit()
    finally:
        if own_engine:
            engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
