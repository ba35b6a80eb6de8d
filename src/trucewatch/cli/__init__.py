"""The `trucewatch` command: a thin layer over the Python API.

Each verb group lives in its own module and registers itself on `app`
(imported by cli/commands.py). Helpers every verb uses live here:

    store = open_cli_store()          # the store named by --db / TRUCEWATCH_DATABASE_URL
    fail("no document doc_123")       # one line on stderr, exit code 1, no traceback
    with cli_errors(): ...            # turns any TrucewatchError into fail()
    audit_cli_reads(session, ids, "documents")   # confidential documents a listing showed
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn

import typer
from rich.console import Console

from trucewatch.config import settings_from_env

if TYPE_CHECKING:
    from trucewatch.store import Session, Store

app = typer.Typer(
    name="trucewatch",
    help="Turn conflict reports into a sourced ledger of ceasefires, agreements, sieges and access.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Results go to stdout (so --json output can be piped); progress and errors to stderr.
console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


class _State:
    database_url: str | None = None


state = _State()


@app.callback()
def _global_options(
    db: str | None = typer.Option(
        None,
        "--db",
        envvar="TRUCEWATCH_DATABASE_URL",
        metavar="URL",
        help="Database URL (sqlite:///file.db, postgresql+psycopg://user@host/db) or an SQLite file path."
        " Default: ./trucewatch.db",
    ),
) -> None:
    state.database_url = db


def database_url() -> str:
    """The URL given by --db, else TRUCEWATCH_DATABASE_URL, else ./trucewatch.db."""
    return state.database_url or settings_from_env().database_url


def fail(message: str, code: int = 1) -> NoReturn:
    err_console.print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
    raise typer.Exit(code)


@contextmanager
def cli_errors() -> Iterator[None]:
    """The errors trucewatch raises on purpose (trucewatch.errors: unknown ids, ambiguous names, bad
    input, the database) become their message on one line and exit code 1: the one place the CLI
    maps them."""
    from rich.markup import escape

    from trucewatch.errors import TrucewatchError

    try:
        yield
    except TrucewatchError as exc:
        fail(escape(str(exc)))  # a name in the message is shown as typed, never as markup


def open_cli_store(*, migrate: bool = True) -> Store:
    """Open the store for a command, or exit with one line saying why it cannot be opened."""
    from trucewatch.store import open_store

    with cli_errors():
        return open_store(database_url(), migrate=migrate)


def audit_cli_reads(
    session: Session, document_ids: Iterable[str], verb: str, via_id: str | None = None
) -> None:
    """Confidential documents among these, shown by `trucewatch <verb>`: audited (trucewatch.disclosure)
    under the login that ran it, which reads as an analyst does."""
    from trucewatch.disclosure import audit_documents, cli_reader

    audit_documents(session, cli_reader(), document_ids, verb, via_id)


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A Rich progress bar on stderr; yields the `progress(done, total)` callback long work takes."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield progress


def parse_date(value: str | None, option: str) -> dt.date | None:
    """A YYYY-MM-DD option value (trucewatch.days); else one line naming the option, exit code 2."""
    from rich.markup import escape

    from trucewatch.days import BadDay, parse_day

    if value is None:
        return None
    try:
        return parse_day(value)
    except BadDay as exc:
        fail(escape(f"{option}: {exc}"), code=2)  # the value is shown as typed, never as markup


def main() -> None:
    # Imported here so each module can register its commands on `app`.
    from trucewatch.cli import commands  # noqa: F401

    app()
