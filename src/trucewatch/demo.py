"""`trucewatch demo`: a fresh SQLite database built from the bundled synthetic reports.

The demo is a list of steps run in order on one DemoRun. Later stages add
theirs to STEPS (extract the claims, compute the ledger, ...); each step
reads what earlier ones left in `run.results` and prints its own part.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from trucewatch.ingest.readers import ReadOptions
from trucewatch.ingest.run import IngestReport, ingest_paths
from trucewatch.samples import sample_paths
from trucewatch.store import Store, list_documents, open_store
from trucewatch.wording import counted

# What the person ingesting would say about each plain-text file (HTML and JSON Lines carry their own).
_WIRE = "Homs Monitor (synthetic)"
SAMPLE_OPTIONS: dict[str, ReadOptions] = {
    "01-truce-takes-effect.txt": ReadOptions(source=_WIRE, published=dt.date(2019, 5, 3)),
    "03-shelling-violation.txt": ReadOptions(source=_WIRE, published=dt.date(2019, 5, 8)),
    "04-council-interview.txt": ReadOptions(
        source="Waer council member (synthetic)", published=dt.date(2019, 5, 9), confidential=True
    ),
}


@dataclass
class DemoRun:
    store: Store
    console: Console
    db_path: Path
    results: dict[str, Any] = field(default_factory=dict)  # what steps hand to later steps
    ok: bool = True  # a step sets False when something went wrong; the command exits 1


DemoStep = Callable[[DemoRun], None]


def ingest_samples(run: DemoRun) -> None:
    total = IngestReport()
    for path in sample_paths():
        report = ingest_paths(run.store, [path], SAMPLE_OPTIONS.get(path.name, ReadOptions()))
        total.added += report.added
        total.duplicates += report.duplicates
        total.failed.update(report.failed)
        total.failures += report.failures
        total.added_ids += report.added_ids
        total.files += report.files
    run.results["ingest"] = total
    for line in total.failure_lines:
        run.console.print(f"[red]failed:[/] {escape(line)}")
    if total.failures or not total.added:
        run.ok = False
    run.console.print(
        f"Ingested {counted(total.files, 'sample file')}: {counted(total.added, 'document')} added."
    )


def show_documents(run: DemoRun) -> None:
    from trucewatch.cli.core import documents_table  # the same table as `trucewatch documents`

    with run.store.session() as session:
        docs = list_documents(session)
    run.console.print(documents_table(docs))
    sources = sorted({d.source.name for d in docs if d.source})
    dates = sorted(d.published for d in docs if d.published)
    confidential = sum(d.is_confidential for d in docs)
    span = f"published {dates[0]} to {dates[-1]}" if dates else "no publication dates"
    run.console.print(
        f"{len(docs)} documents from {len(sources)} sources ({escape(', '.join(sources))}), {span}; "
        f"{confidential} confidential."
    )


def extract_claims(run: DemoRun) -> None:
    from trucewatch.extract_store import extract_and_store

    summary = extract_and_store(run.store)
    run.results["extract"] = summary
    kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(summary.by_type.items()))
    found = f"{counted(summary.claims, 'claim')} from {counted(summary.documents, 'document')}"
    run.console.print(f"Extracted {found}: {kinds}.")


def show_ledger(run: DemoRun) -> None:
    from trucewatch.cli.ledger import ledger_demo_step  # agreements, ceasefires, sieges

    ledger_demo_step(run)


STEPS: list[tuple[str, DemoStep]] = [
    ("Ingest the synthetic sample reports", ingest_samples),
    ("Documents", show_documents),
    ("Extract sourced claims", extract_claims),
    ("Ledger: agreements, ceasefires, sieges", show_ledger),
]


def remove_sqlite_files(db_path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


def run_demo(db_path: Path, console: Console, steps: list[tuple[str, DemoStep]] | None = None) -> bool:
    """Replace `db_path` with a fresh demo database and run each step; False if a step failed."""
    remove_sqlite_files(db_path)
    store = open_store(f"sqlite:///{db_path}")
    run = DemoRun(store=store, console=console, db_path=db_path)
    try:
        for title, step in STEPS if steps is None else steps:
            console.rule(f"[bold]{title}")
            step(run)
    finally:
        store.close()
    console.print(f"\nDemo database: {db_path}  (try: trucewatch --db {db_path} documents)")
    return run.ok
