"""The `trucewatch` command: a thin layer over the Python API.

Each verb group lives in its own module and registers itself on `app`.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="trucewatch",
    help="Turn conflict reports into a sourced ledger of ceasefires, agreements, sieges and access.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def main() -> None:
    # Imported here so each module can register its commands on `app`.
    from trucewatch.cli import commands  # noqa: F401

    app()
