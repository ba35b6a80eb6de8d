"""`trucewatch batch`: extract every stored document not yet extracted, in partitions, on Dask."""

from __future__ import annotations

import typer

from trucewatch.batch import PARTITION_SIZE
from trucewatch.cli import app, cli_errors, console, database_url, err_console, fail, progress_bar
from trucewatch.cli.extract import (
    BUDGET,
    PIPELINE,
    extract_budget,
    pipeline_names,
    print_claims_by_type,
    report_failures,
)


@app.command()
def batch(
    workers: int | None = typer.Option(
        None,
        "--workers",
        min=0,
        help="Worker processes of the local Dask cluster (default: one per core; 0: this process, no Dask).",
    ),
    scheduler: str | None = typer.Option(
        None,
        "--scheduler",
        metavar="ADDRESS",
        help="A running Dask scheduler (tcp://host:8786): its workers extract; each must reach the database.",
    ),
    partition_size: int = typer.Option(
        PARTITION_SIZE, "--partition-size", min=1, help="Documents per partition (one transaction each)."
    ),
    redo: bool = typer.Option(
        False, "--redo", help="Extract every document again, even those this extractor version has done."
    ),
    pipeline: str | None = PIPELINE,
    budget: float | None = BUDGET,
    dashboard: str = typer.Option(
        ":8787", "--dashboard", metavar="[HOST]:PORT", help="Where the local cluster serves Dask's dashboard."
    ),
) -> None:
    """Extract claims from every stored document on Dask, partition by partition.

    Each partition's claims are written in one transaction, or not at all; documents this
    extractor version has already done are skipped. A run that was stopped, or lost a worker,
    is finished by running it again: nothing is lost or written twice.
    """
    from trucewatch.batch import BatchSummary, run_batch
    from trucewatch.disclosure import cli_reader

    if scheduler is not None and workers is not None:
        raise typer.BadParameter(
            "--workers sizes a local cluster; a --scheduler has its own", param_hint="--workers"
        )
    names = pipeline_names(pipeline)
    if names:
        from trucewatch.extract.pipeline import available_components

        unknown = [n for n in names if n not in available_components()]
        if unknown:
            raise typer.BadParameter(f"unknown component(s): {', '.join(unknown)}", param_hint="--pipeline")
    seconds = extract_budget(budget, "--budget")

    def started(summary: BatchSummary) -> None:
        where = "this process" if summary.workers == 0 else f"{summary.workers} Dask workers"
        err_console.print(
            f"{summary.listed} documents to extract in {summary.partitions} partitions on {where}"
            f" ({summary.skipped} already extracted)",
            markup=False,
        )
        if summary.dashboard:
            err_console.print(f"Dask dashboard: {summary.dashboard}", markup=False)

    with cli_errors(), progress_bar("extracting") as progress:
        summary = run_batch(
            database_url(),
            scheduler=scheduler,
            workers=workers,
            partition_size=partition_size,
            redo=redo,
            pipeline=names,
            budget=seconds,
            actor=cli_reader().actor,
            progress=progress,
            on_start=started,
            dashboard_address=dashboard,
        )
    print_claims_by_type(summary.by_type)
    console.print(f"{summary.claims} claims from {summary.documents} documents")
    report_failures(summary.failed)
    reasons: dict[str, list[str]] = {}  # one line per reason: a schema mismatch fails every partition
    for line in summary.lost:
        number, _, why = line.partition(": ")
        reasons.setdefault(why, []).append(number)
    for why, numbers in reasons.items():
        which = ", ".join(numbers[:5]) + (f" and {len(numbers) - 5} more" if len(numbers) > 5 else "")
        err_console.print(f"batch: partition {which}: nothing stored ({why})", markup=False)
    if summary.lost:
        fail(
            f"{len(summary.lost)} of {summary.partitions} partitions not stored: run `trucewatch batch` again"
        )
    if summary.failed:
        raise typer.Exit(1)
