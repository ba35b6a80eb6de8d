"""Report and exchange verbs: report, export, import-acled.

Thin: each opens the store, calls trucewatch.report, and writes a file or stdout.
"""

from __future__ import annotations

import sys
from pathlib import Path

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
    from trucewatch.report import export_counts, export_formats, load_records, render_export
    from trucewatch.report.load import actor_kinds, place_scope

    if fmt not in export_formats():
        raise typer.BadParameter(f"use one of {', '.join(export_formats())}", param_hint="--format")
    start, end = parse_date(since, "--from"), parse_date(until, "--to")
    store = open_cli_store()
    try:
        with cli_errors(), store.session() as session:
            where = place_scope(session, place)
            records = load_records(
                session,
                place=where,
                since=start,
                until=end,
                show_confidential=show_confidential,
                as_of=parse_date(as_of, "--as-of"),
            )
            text = render_export(fmt, records, actor_kinds(session))
            if show_confidential:
                from trucewatch.disclosure import claim_documents

                shown = claim_documents(session, [r.claim_id for r in records if r.confidential])
                audit_cli_reads(session, shown, "export", fmt)
    finally:
        store.close()
    written, skipped = export_counts(fmt, records)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
    target = "" if output is None else f" to {output}"
    message = f"wrote {written} of {len(records)} records{target}"
    if skipped:
        reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(skipped.items()))
        message += f"; left out {sum(skipped.values())} ({reasons}): ACLED rows need a day or a month"
    err_console.print(message, markup=False)


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
