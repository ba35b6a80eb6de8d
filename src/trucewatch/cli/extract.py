"""Extraction verbs: `extract` (documents -> claims) and `claims` (list them with their evidence)."""

from __future__ import annotations

import json
import math
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

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
from trucewatch.model import Document, EventType
from trucewatch.wording import counted


class OutputFormat(StrEnum):
    db = "db"
    eval = "eval"


# The options `extract` and `batch` share (what extracts, and for how long a document).
PIPELINE = typer.Option(
    None, "--pipeline", metavar="A,B,...", help="Component names in order (default: the rules)."
)
BUDGET = typer.Option(
    None,
    "--budget",
    metavar="SECONDS",
    help="Time one document may take; one over it fails alone (default 20 or TRUCEWATCH_EXTRACT_BUDGET).",
)


def pipeline_names(option: str | None) -> list[str] | None:
    """The component names a --pipeline option gives, in order; None without the option (the default)."""
    return [n.strip() for n in option.split(",") if n.strip()] if option else None


def _pipeline(option: str | None) -> Any:
    from trucewatch.extract.pipeline import PipelineError, build_pipeline, default_pipeline

    names = pipeline_names(option)
    if names is None:
        return default_pipeline()
    try:
        return build_pipeline(names)
    except PipelineError as exc:
        raise typer.BadParameter(str(exc), param_hint="--pipeline") from None


@app.command()
def extract(
    targets: list[str] = typer.Argument(
        None,
        help="Document ids; with --format eval, article files (.txt or eval .json) or folders of them.",
        show_default=False,
    ),
    all_documents: bool = typer.Option(False, "--all", help="Extract from every stored document."),
    output: OutputFormat = typer.Option(
        OutputFormat.db, "--format", help="db: store claims; eval: print evaluation JSON Lines for FILEs."
    ),
    doc_id: str | None = typer.Option(None, "--doc-id", help="Document id for --format eval output."),
    published: str | None = typer.Option(
        None, "--published", metavar="YYYY-MM-DD", help="Publication date for --format eval."
    ),
    pipeline: str | None = PIPELINE,
    budget: float | None = BUDGET,
) -> None:
    """Extract sourced claims from stored documents (or print evaluation lines for one file)."""
    if output is OutputFormat.eval:
        _extract_file(targets or [], doc_id, parse_date(published, "--published"), pipeline)
        return
    if not targets and not all_documents:
        raise typer.BadParameter("give document ids or --all", param_hint="DOC_ID")
    from trucewatch.disclosure import cli_reader
    from trucewatch.extract_store import extract_and_store

    pipe = _pipeline(pipeline)
    seconds = extract_budget(budget, "--budget")
    store = open_cli_store()
    with Progress(
        TextColumn("extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task("documents", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        with cli_errors():
            targets_ = None if all_documents else targets
            summary = extract_and_store(store, targets_, pipe, progress, seconds, actor=cli_reader().actor)
    store.close()
    print_claims_by_type(summary.by_type)
    console.print(f"{counted(summary.claims, 'claim')} from {counted(summary.documents, 'document')}")
    report_failures(summary.failed)
    if summary.missing:
        fail(f"no such document: {', '.join(summary.missing)}")
    if summary.failed:
        raise typer.Exit(1)


def extract_budget(seconds: float | None, option: str) -> float:
    """Seconds one document may take: the option, else TRUCEWATCH_EXTRACT_BUDGET, else 20."""
    from trucewatch.config import extract_budget_from_env

    if seconds is not None:
        if not 0 < seconds < math.inf:
            raise typer.BadParameter("must be a number of seconds above 0", param_hint=option)
        return seconds
    try:
        return extract_budget_from_env()
    except ValueError as exc:
        fail(str(exc))


def print_claims_by_type(by_type: dict[str, int]) -> None:
    """The claims an extraction stored, counted by type, as a table."""
    table = Table(show_header=True, header_style="bold")
    table.add_column("type")
    table.add_column("claims", justify="right")
    for kind, count in sorted(by_type.items()):
        table.add_row(kind, str(count))
    console.print(table)


def report_failures(lines: list[str]) -> None:
    """One line on stderr per document that could not be extracted."""
    from trucewatch.cli.core import printable

    for line in lines:
        err_console.print(f"extract: {printable(line)}; its claims were left as they were", markup=False)


_ARTICLE_SUFFIXES = (".json", ".txt", ".md")


def _article_paths(targets: list[str]) -> list[Path]:
    """The files named, and the articles (.json, .txt, .md) in the folders named, sorted per folder."""
    paths: list[Path] = []
    for target in targets:
        path = Path(target)
        if path.is_dir():
            paths.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _ARTICLE_SUFFIXES)
            )
        elif path.is_file():
            paths.append(path)
        else:
            fail(f"{path}: no such file or folder")
    return paths


def _extract_file(targets: list[str], doc_id: str | None, published: Any, pipeline: str | None) -> None:
    """Evaluation lines for every article, in one process; a file that cannot be read is named
    on stderr, the others still print, and the exit code is 1."""
    from trucewatch.extract.eval_format import predict_file

    if not targets:
        raise typer.BadParameter("--format eval needs article files or folders", param_hint="FILE")
    paths = _article_paths(targets)
    if doc_id is not None and len(paths) != 1:
        raise typer.BadParameter("--doc-id names one article; give exactly one FILE", param_hint="--doc-id")
    pipe = _pipeline(pipeline)
    failed = 0
    for path in paths:
        try:
            lines = predict_file(path, doc_id, published, pipe)
        except (ValueError, UnicodeError, json.JSONDecodeError, KeyError) as exc:
            err_console.print(f"{path}: {exc}", markup=False, highlight=False)
            failed += 1
            continue
        for line in lines:
            typer.echo(line)
    if failed:
        raise typer.Exit(1)


@app.command()
def train(
    gold: list[Path] = typer.Argument(..., help="Folders of evaluation articles (*.json with facts)."),
    output: Path = typer.Option(
        ..., "-o", "--output", help="Where to write the model (JSON), e.g. extract/data/model-en.json."
    ),
    language: str = typer.Option("en", "--language", help="Train on the articles in this language."),
) -> None:
    """Train the learnt sentence classifier from hand-coded articles (needs scikit-learn)."""
    from trucewatch.extract.training import read_articles
    from trucewatch.extract.training import train as train_model

    articles: list[dict[str, Any]] = []
    for folder in gold:
        if not folder.is_dir():
            fail(f"{folder}: no such folder")
        articles.extend(a for a in read_articles(folder) if str(a.get("language") or "en") == language)
    if not articles:
        fail(f"no articles in language {language!r} in {', '.join(map(str, gold))}")
    try:
        model = train_model(articles)
    except ImportError as exc:
        fail(f"training needs scikit-learn ({exc}): pip install 'scikit-learn>=1.4'")
    output.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    kinds = len(model["weights"])
    console.print(f"trained on {len(articles)} articles ({kinds} event types): wrote {output}")


@app.command()
def claims(
    event_type: list[str] = typer.Option(None, "--type", help="Only this event type (repeatable)."),
    place: str | None = typer.Option(
        None, "--place", help="Only this place (name or id) and places inside it."
    ),
    doc: str | None = typer.Option(None, "--doc", help="Only claims from this document id."),
    as_json: bool = typer.Option(False, "--json", help="JSON Lines, one claim per line."),
    limit: int = typer.Option(200, "--limit", min=1, help="At most this many claims."),
) -> None:
    """List extracted claims with the words that support them."""
    from trucewatch import serialize
    from trucewatch.cli.core import printable
    from trucewatch.store import get_document, list_claims, list_places, place_descendants, place_names

    types = None
    if event_type:
        try:
            types = [EventType(t) for t in event_type]
        except ValueError:
            raise typer.BadParameter(
                f"use one of: {', '.join(t.value for t in EventType)}", param_hint="--type"
            ) from None
    store = open_cli_store()
    with cli_errors(), store.session() as session:
        place_ids: set[str] | None = None
        if place:
            wanted = place.casefold()
            roots = [p.id for p in list_places(session) if p.id == place or p.name.casefold() == wanted]
            place_ids = set()
            if not roots:
                fail(f"no place named {place!r}; places are stored as claims cite them")
            for root in roots:
                if root:
                    place_ids |= place_descendants(session, root)
        found = list_claims(session, types=types, place_ids=place_ids, document_id=doc, limit=limit)
        docs: dict[str, Document | None] = {}
        for c in found:
            if c.document_id not in docs:
                docs[c.document_id] = get_document(session, c.document_id)
        names = place_names(session, {c.place_id for c in found if c.place_id})
        audit_cli_reads(session, docs, "claims")  # the confidential ones, about to be quoted
    store.close()
    if as_json:
        for c in found:
            d = docs.get(c.document_id)
            shown = (
                serialize.claim_out(  # whoever runs the command line reads as an analyst: nothing redacted
                    c,
                    names,
                    source=d.source.name if d and d.source else None,
                    reliability=d.source.reliability.value if d and d.source else None,
                    confidential=bool(d and d.is_confidential),
                    quotes=serialize.evidence_quotes(c, d.text if d else None),
                    event_id=c.event_id,
                )
            )
            typer.echo(json.dumps(serialize.as_json(shown), ensure_ascii=False))
        return
    table = Table(show_header=True, header_style="bold", show_lines=True)
    for column in ("type", "date", "place", "actors", "figures", "evidence"):
        table.add_column(column)
    for c in found:
        d = docs.get(c.document_id)
        span = c.evidence[0] if c.evidence else None
        quote = span.quote(d.text) if span and d else ""
        table.add_row(
            c.type.value,
            c.when.iso() if c.when else "",
            c.place or "",
            ", ".join(f"{a.actor} ({a.role.value})" for a in c.actors),
            ", ".join(f"{q.kind.value} {q.value if q.value is not None else '?'}" for q in c.quantities),
            printable(quote),
        )
    console.print(table)
    console.print(counted(len(found), "claim"))
