"""Core verbs: `db upgrade`, `ingest`, `documents`, `show`, `demo`.

Each verb parses options, calls the Python API, and prints; nothing else.
"""

from __future__ import annotations

import json
import re
import shlex
import signal
from pathlib import Path
from types import FrameType

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from trucewatch.cli import (
    app,
    audit_cli_reads,
    cli_errors,
    console,
    err_console,
    fail,
    open_cli_store,
    parse_date,
    progress_bar,
)
from trucewatch.config import settings_from_env
from trucewatch.model import Document
from trucewatch.wording import counted

db_app = typer.Typer(help="Manage the database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")

# Terminal control characters in hostile text could rewrite the screen; shown escaped instead.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text safe to print on a terminal: control and bidi-override characters escaped."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def plain(text: str) -> Text:
    """Hostile text for a Rich table cell: printable, and never read as Rich markup."""
    return Text(printable(text))


# --- db ----------------------------------------------------------------------------


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the database or migrate it to the newest schema."""
    from trucewatch.store import upgrade

    store = open_cli_store(migrate=False)
    with cli_errors():
        before, after = upgrade(store.engine)
    store.close()
    if before == after:
        console.print(f"{store.url}: already at schema {after}")
    else:
        console.print(f"{store.url}: schema {before or '(empty)'} -> {after}")


# --- ingest ----------------------------------------------------------------------


def _interrupt_on_sigterm() -> None:
    # `kill` (SIGTERM) stops like Ctrl-C: the open document is rolled back, the rest is kept.
    def handler(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders (read recursively).", show_default=False),
    source: str | None = typer.Option(None, "--source", help="Who the files come from, e.g. 'Syria Direct'."),
    published: str | None = typer.Option(
        None, "--published", metavar="YYYY-MM-DD", help="Publication date for files that do not say."
    ),
    language: str | None = typer.Option(None, "--language", metavar="xx", help="ISO 639-1 language code."),
    confidential: bool = typer.Option(False, "--confidential", help="Mark the documents confidential."),
    max_file_mb: float | None = typer.Option(
        None, "--max-file-mb", metavar="N", help="Refuse files larger than N MB (default 50)."
    ),
    extract: bool = typer.Option(False, "--extract", help="Also extract claims from the documents read."),
    extract_budget: float | None = typer.Option(
        None,
        "--extract-budget",
        metavar="SECONDS",
        help="With --extract: time one document may take (default 20, or TRUCEWATCH_EXTRACT_BUDGET).",
    ),
    batch_size: int = typer.Option(
        500,
        "--batch-size",
        metavar="N",
        min=1,
        help="Documents written per transaction, in bulk; 1: each in its own (slower).",
    ),
) -> None:
    """Read report files (txt, html, pdf, jsonl) and store each document once."""
    from trucewatch.disclosure import cli_reader
    from trucewatch.ingest.readers import ReadOptions
    from trucewatch.ingest.run import ingest_paths

    if max_file_mb is not None and max_file_mb <= 0:
        raise typer.BadParameter("must be more than 0", param_hint="--max-file-mb")
    options = ReadOptions(
        source=source,
        published=parse_date(published, "--published"),
        language=language,
        confidential=confidential,
        max_bytes=int(max_file_mb * 1024 * 1024) if max_file_mb else settings_from_env().max_file_bytes,
    )
    store = open_cli_store()
    _interrupt_on_sigterm()
    with progress_bar("ingesting") as progress, cli_errors():
        report = ingest_paths(
            store, paths, options, progress, batch_size=batch_size, actor=cli_reader().actor
        )
    store.close()

    for line in report.failure_lines:
        err_console.print(printable(line), markup=False)
    table = Table(title=None, show_header=True, header_style="bold")
    table.add_column("result")
    table.add_column("documents", justify="right")
    table.add_row("added", str(report.added))
    table.add_row("duplicate", str(report.duplicates))
    if report.tightened:
        table.add_row("duplicate, now confidential", str(report.tightened))
    for reason, count in sorted(report.failed.items()):
        table.add_row(f"failed: {reason}", str(count))
    console.print(table)
    for name in sorted(report.open_sources):
        console.print(
            plain(
                f"source {name!r} is not confidential: viewers see its name, not its confidential documents;"
                f" to hide the source too: trucewatch source {shlex.quote(name)} --confidential"
            )
        )
    if report.interrupted:
        err_console.print(
            f"interrupted: {report.added} added before stopping; run the same command again to finish"
        )
        raise typer.Exit(130)
    unextracted = _extract_ingested(report.added_ids + report.duplicate_ids, extract_budget) if extract else 0
    if report.added == 0 and report.duplicates and not report.failures:
        console.print(f"nothing new: {report.duplicates} duplicates")
    if report.failures or unextracted:
        raise typer.Exit(1)


def _extract_ingested(document_ids: list[str], budget: float | None) -> int:
    """`ingest --extract`: the documents just read (new or already stored), extracted idempotently.
    A document over its time budget is named; returns how many were."""
    from trucewatch.cli.extract import extract_budget, report_failures
    from trucewatch.disclosure import cli_reader
    from trucewatch.extract_store import extract_and_store

    if not document_ids:
        return 0
    seconds = extract_budget(budget, "--extract-budget")
    store = open_cli_store()
    with progress_bar("extracting") as progress, cli_errors():
        summary = extract_and_store(
            store, document_ids, progress=progress, budget=seconds, actor=cli_reader().actor
        )
    store.close()
    console.print(
        f"extracted {counted(summary.claims, 'claim')} from {counted(summary.documents, 'document')}"
    )
    report_failures(summary.failed)
    return len(summary.failed)


# --- documents and show --------------------------------------------------------------


@app.command()
def documents(
    source: str | None = typer.Option(None, "--source", help="Only documents from this source."),
    since: str | None = typer.Option(None, "--since", metavar="YYYY-MM-DD", help="Published on or after."),
    until: str | None = typer.Option(None, "--until", metavar="YYYY-MM-DD", help="Published on or before."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array."),
) -> None:
    """List stored documents."""
    from trucewatch import serialize
    from trucewatch.store import list_documents

    since_d, until_d = parse_date(since, "--since"), parse_date(until, "--until")
    store = open_cli_store()
    with cli_errors(), store.session() as session:
        docs = list_documents(session, source=source, since=since_d, until=until_d)
        audit_cli_reads(session, [d.id for d in docs if d.id and d.is_confidential], "documents")
    store.close()
    if as_json:
        shown = [serialize.as_json(serialize.document_out(d)) for d in docs]
        console.out(json.dumps(shown, ensure_ascii=False, indent=2))
        return
    console.print(documents_table(docs))


def documents_table(docs: list[Document]) -> Table:
    table = Table(show_header=True, header_style="bold", caption=counted(len(docs), "document"))
    table.add_column("id", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("source")
    table.add_column("title")
    table.add_column("chars", justify="right")
    table.add_column("conf.")
    for d in docs:
        table.add_row(
            d.id or "",
            d.published.isoformat() if d.published else "",
            plain(d.source.name) if d.source else "",
            plain((d.title or "")[:80]),
            f"{len(d.text):,}",
            "yes" if d.is_confidential else "",
        )
    return table


@app.command()
def show(
    doc_id: str = typer.Argument(..., metavar="DOC_ID", help="A document id (doc_...)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object including the full text."),
) -> None:
    """Show one document and its text."""
    from trucewatch import serialize
    from trucewatch.store import get_document

    store = open_cli_store()
    with cli_errors(), store.session() as session:
        doc = get_document(session, doc_id)
        if doc is not None:
            audit_cli_reads(session, [doc_id], "show", doc_id)
    store.close()
    if doc is None:
        fail(f"no document {doc_id!r}; `trucewatch documents` lists the ids")
    if as_json:
        # Not print_json: that re-indents, and the text must come out exactly as stored.
        console.out(
            json.dumps(
                serialize.as_json(serialize.document_out(doc, detail=True)), ensure_ascii=False, indent=2
            )
        )
        return
    for key, value in serialize.as_json(serialize.document_out(doc)).items():
        if isinstance(value, dict):  # the source: its name
            value = value.get("name")
        console.print(f"[bold]{key}:[/] {escape(printable(str(value)))}", markup=True, highlight=False)
    console.rule()
    console.out(printable(doc.text))


# --- demo ----------------------------------------------------------------------------


@app.command()
def demo(
    db: Path = typer.Option(
        Path("trucewatch-demo.db"), "--db", help="SQLite file to build (replaced on each run)."
    ),
) -> None:
    """Build a fresh demo database from the bundled synthetic reports and show what is in it."""
    from trucewatch.demo import run_demo

    with cli_errors():
        ok = run_demo(db, console)
    if not ok:
        raise typer.Exit(1)
