"""`sources`, `source NAME` and `document DOC_ID`: grade sources, mark what is confidential or public.

Every change is one transaction with its audit entry, attributed to the
login that ran the command (`cli:<user>`).
"""

from __future__ import annotations

import json

import typer
from rich.table import Table

from trucewatch.cli import app, cli_errors, console, fail, open_cli_store
from trucewatch.cli.core import plain
from trucewatch.model import Reliability


def _actor() -> str:
    from trucewatch.disclosure import cli_reader

    return cli_reader().actor or "cli"


def _yes(flag: bool) -> str:
    return "yes" if flag else "–"


@app.command("sources")
def sources_list(
    as_json: bool = typer.Option(False, "--json", help="JSON lines instead of a table."),
) -> None:
    """List sources: kind, reliability grade (A-F), confidential, public, document count."""
    from trucewatch import serialize
    from trucewatch.disclosure import cli_reader, sources_for

    store = open_cli_store()
    with cli_errors(), store.session() as session:
        found = sources_for(session, cli_reader())  # confidential ones named: audited
    store.close()
    if as_json:
        for item in found:
            typer.echo(json.dumps(serialize.as_json(serialize.source_out(item.source, item.documents))))
        return
    table = Table(show_header=True, header_style="bold")
    for name in ("name", "kind", "reliability", "confidential", "public"):
        table.add_column(name)
    table.add_column("documents", justify="right")
    for item in found:
        src = item.source
        table.add_row(
            plain(src.name),
            plain(src.kind),
            src.reliability.value,
            _yes(src.confidential),
            _yes(src.public),
            str(item.documents),
        )
    console.print(table)


@app.command("source")
def source_update(
    name: str = typer.Argument(..., help="The source's name (as `trucewatch sources` lists it) or id."),
    reliability: Reliability | None = typer.Option(
        None, "--reliability", case_sensitive=False, help="Grade A (reliable) to F (cannot be judged)."
    ),
    kind: str | None = typer.Option(None, "--kind", help="outlet, ngo, monitor, government, person, ..."),
    confidential: bool | None = typer.Option(
        None,
        "--confidential/--no-confidential",
        help="Mark the source confidential (its documents are redacted for viewers); "
        "--no-confidential unmarks it.",
        show_default=False,
    ),
    public: bool | None = typer.Option(
        None,
        "--public/--no-public",
        help="Let anonymous public read show this source's documents (never while confidential).",
        show_default=False,
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the source as JSON."),
) -> None:
    """Show one source, or change its grade, kind, confidential or public mark (audited)."""
    from trucewatch import serialize
    from trucewatch.store.sources import find_source, update_source

    store = open_cli_store()
    changing = any(v is not None for v in (reliability, kind, confidential, public))
    with cli_errors(), store.session() as session:
        if changing:
            before, after = update_source(
                session,
                name,
                reliability=reliability,
                kind=kind,
                confidential=confidential,
                public=public,
                actor=_actor(),
            )
        else:
            found = find_source(session, name)
            if found is None:
                fail(f"no source {name!r}; list sources with `trucewatch sources`")
            before = after = found
    store.close()
    if as_json:
        typer.echo(json.dumps(serialize.as_json(serialize.source_out(after))))
        return
    if changing and before == after:
        console.print(plain(f"{after.name}: unchanged"))
    console.print(
        plain(
            f"{after.name}: kind {after.kind}, reliability {after.reliability.value}, "
            f"confidential {_yes(after.confidential)}, public {_yes(after.public)}"
        )
    )
    if changing and before.public and not after.public and after.confidential:
        console.print("marked confidential, so no longer public")


@app.command("document")
def document_update(
    document_id: str = typer.Argument(..., help="A stored document's id (see `trucewatch documents`)."),
    confidential: bool | None = typer.Option(
        None,
        "--confidential/--no-confidential",
        help="Mark this document confidential; --no-confidential unmarks it "
        "(its source's mark still applies).",
        show_default=False,
    ),
) -> None:
    """Mark one stored document confidential (or, explicitly, no longer confidential); audited."""
    from trucewatch.store.sources import mark_document

    if confidential is None:
        fail("say what to change: --confidential (or --no-confidential to unmark)")
    store = open_cli_store()
    with cli_errors(), store.session() as session:
        before, after = mark_document(session, document_id, confidential=confidential, actor=_actor())
    store.close()
    state = "confidential" if after else "not confidential"
    console.print(plain(f"{document_id}: {'unchanged, ' if before == after else ''}{state}"))
