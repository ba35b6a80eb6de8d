"""Report and exchange verbs: report, export, import-acled.

Thin: each opens the store, calls trucewatch.report, and writes a file or stdout.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import typer

from trucewatch.cli import (
    app,
    audit_cli_reads,
    cli_errors,
    console,
    err_console,
    fail,
    open_cli_store,
    parse_date,
)

if TYPE_CHECKING:
    from trucewatch.report import Record

SHOW_CONFIDENTIAL = typer.Option(
    False,
    "--show-confidential",
    help="Name confidential sources and quote them (the file must then be handled as confidential).",
)


@app.command()
def report(
    place: str = typer.Option(..., "--place", help="Place name or id, e.g. Waer."),
    since: str | None = typer.Option(None, "--from", metavar="YYYY-MM-DD", help="First day of the period."),
    until: str | None = typer.Option(None, "--to", metavar="YYYY-MM-DD", help="Last day (default: today)."),
    output: Path = typer.Option(..., "--output", "-o", help="Output file: .html or .pdf."),
    show_confidential: bool = SHOW_CONFIDENTIAL,
) -> None:
    """Write a situation report on a place (HTML or PDF by the file's extension)."""
    from trucewatch.report import PlaceNotFound, build_situation, html_to_pdf, render_report_html

    suffix = output.suffix.lower()
    if suffix not in (".html", ".htm", ".pdf"):
        raise typer.BadParameter("the output file must end in .html or .pdf", param_hint="--output")
    start, end = parse_date(since, "--from"), parse_date(until, "--to")
    store = open_cli_store()
    try:
        with cli_errors(), store.session() as session:
            situation = build_situation(
                session, place, since=start, until=end, show_confidential=show_confidential
            )
            if show_confidential:
                audit_cli_reads(session, situation.confidential_doc_ids, "report", situation.place.id)
    except PlaceNotFound as exc:
        fail(str(exc))
    finally:
        store.close()
    html = render_report_html(situation)
    if suffix == ".pdf":
        output.write_bytes(html_to_pdf(html))
    else:
        output.write_text(html, encoding="utf-8")
    err_console.print(f"wrote {output}")


@app.command()
def export(
    fmt: str = typer.Option("csv", "--format", "-f", help="csv, acled, geojson, json, hxl or a plug-in's."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Output file (default: stdout)."),
    place: str | None = typer.Option(None, "--place", help="Only this place and the places inside it."),
    since: str | None = typer.Option(None, "--from", metavar="YYYY-MM-DD", help="First day."),
    until: str | None = typer.Option(None, "--to", metavar="YYYY-MM-DD", help="Last day."),
    as_of: str | None = typer.Option(
        None,
        "--as-of",
        metavar="YYYY-MM-DD",
        help="Only what was known that day (reports published by then).",
    ),
    show_confidential: bool = SHOW_CONFIDENTIAL,
) -> None:
    """Export claims as CSV, ACLED-style CSV, GeoJSON, JSON or HXL-tagged CSV."""
    from trucewatch.report import exports
    from trucewatch.report.load import actor_kinds, iter_records, place_scope

    chosen = exports.export_formats().get(fmt)
    if chosen is None:
        raise typer.BadParameter(f"use one of {', '.join(exports.export_formats())}", param_hint="--format")
    start, end = parse_date(since, "--from"), parse_date(until, "--to")
    known_by = parse_date(as_of, "--as-of")
    tally = exports.ExportTally()
    records: list[Record] = []  # kept only for a format that cannot count as it streams (a plug-in's)
    store = open_cli_store()
    try:
        with _unscanned(), cli_errors(), store.session() as session:
            where = place_scope(session, place)  # an unknown place fails before the file is opened
            read = tally.watch(
                iter_records(
                    session,
                    place=where,
                    since=start,
                    until=end,
                    show_confidential=show_confidential,
                    as_of=known_by,
                )
            )
            if not chosen.streams:
                read = iter(records := list(read))
            with _opened(output) as out:
                for chunk in exports.stream_export(chosen, read, actor_kinds(session)):
                    out.write(chunk)
            if show_confidential:
                audit_cli_reads(session, tally.confidential_documents, "export", fmt)
    finally:
        store.close()
    if chosen.streams:
        written, skipped = exports.export_counts_by_precision(fmt, tally.precisions)
    else:
        written, skipped = exports.export_counts(fmt, records)
    target = "" if output is None else f" to {output}"
    message = f"wrote {written} of {tally.records} records{target}"
    if skipped:
        reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(skipped.items()))
        message += f"; left out {sum(skipped.values())} ({reasons}): ACLED rows need a day or a month"
    err_console.print(message, markup=False)


@contextmanager
def _unscanned() -> Iterator[None]:
    """What the process holds when an export starts (modules, settings, the catalogue) left out of
    the garbage collector's scans while it runs: the records it makes set off a full collection
    again and again, each scanning all of it (a third of an export's time). Not if something
    froze objects already (gc.freeze is the process's; its unfreeze would undo theirs)."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def _opened(output: Path | None) -> Iterator[TextIO]:
    """The output file, written as the export comes (stdout when none is given)."""
    if output is None:
        yield sys.stdout
        return
    with output.open("w", encoding="utf-8", newline="") as out:
        yield out


@app.command("import-acled")
def import_acled(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="An ACLED-style CSV file."),
) -> None:
    """Import an ACLED-style CSV (ours or ACLED's, old or new columns): one document and one claim per event.

    A row whose event_id_cnty is already stored updates that event in place (audited);
    the same row again, or an older one by ACLED's timestamp, is skipped and counted.
    """
    from trucewatch.disclosure import cli_reader
    from trucewatch.report import import_acled_csv
    from trucewatch.store.accounts import record

    text = path.read_text(encoding="utf-8-sig")
    store = open_cli_store()
    try:
        with cli_errors(), store.session() as session:
            result = import_acled_csv(session, text, actor=cli_reader().actor)
            record(  # in the import's transaction: audited with what it wrote, or not written
                session,
                user=None,
                actor=cli_reader().actor,
                action="document.import",
                resource="documents",
                after={
                    "file": str(path),
                    "format": "acled",
                    "imported": result.imported,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "older": result.older,
                    "errors": len(result.errors),
                },
            )
    finally:
        store.close()
    for message in result.errors:
        err_console.print(f"skipped {message}", markup=False)
    console.print(
        f"imported {result.imported} new events, updated {result.updated} in place; "
        f"skipped {result.unchanged + result.older + len(result.errors)} rows "
        f"({result.unchanged} unchanged, {result.older} older than the stored event, "
        f"{len(result.errors)} unreadable)",
        markup=False,
    )
    if result.errors and not result.written:
        raise typer.Exit(1)
