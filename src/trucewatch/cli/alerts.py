"""`alerts add|list|remove|check`: rules that notify a webhook or an e-mail address (trucewatch.alerts)."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urlsplit

import typer
from rich.markup import escape
from rich.table import Table

from trucewatch.cli import app, cli_errors, console, err_console, fail, open_cli_store
from trucewatch.model import EventType

alerts_app = typer.Typer(
    help="Rules that notify a webhook or an e-mail address when matching claims are stored.",
    no_args_is_help=True,
)
app.add_typer(alerts_app, name="alerts")

# A violation or an aid block: what a monitor most wants to hear of first.
DEFAULT_TYPES = [t for t in EventType if t.is_attack] + [EventType.AID_BLOCKED]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _types(value: str | None) -> list[EventType]:
    if not value:
        return list(DEFAULT_TYPES)
    out = []
    for word in value.split(","):
        try:
            out.append(EventType(word.strip()))
        except ValueError:
            known = ", ".join(t.value for t in EventType)
            raise typer.BadParameter(
                f"unknown type {word.strip()!r}; use {known}", param_hint="--types"
            ) from None
    return out


@alerts_app.command("add")
def alerts_add(
    place: str | None = typer.Option(None, "--place", help="Place name or id (its places inside count too)."),
    types: str | None = typer.Option(
        None, "--types", help="Comma-separated event types (default: every attack type and aid.blocked)."
    ),
    threshold: int = typer.Option(1, min=1, max=10_000, help="Notify once this many new claims are stored."),
    webhook: str | None = typer.Option(None, "--webhook", help="http(s) URL that gets a JSON POST."),
    email: str | None = typer.Option(None, "--email", help="Address to e-mail (TRUCEWATCH_SMTP_URL)."),
    include_confidential: bool = typer.Option(
        False, "--include-confidential", help="Also tell claims only a confidential source states."
    ),
) -> None:
    """Add a rule. Claims already stored count as told: the rule tells what comes next."""
    from trucewatch.disclosure import cli_reader
    from trucewatch.report.load import place_scope
    from trucewatch.store.alerts import add_rule

    if (webhook is None) == (email is None):
        raise typer.BadParameter("give one of --webhook URL or --email ADDRESS")
    if webhook is not None and (
        urlsplit(webhook).scheme not in ("http", "https") or not urlsplit(webhook).hostname
    ):
        raise typer.BadParameter("the webhook must be an http:// or https:// URL", param_hint="--webhook")
    if email is not None and ("@" not in email or any(c.isspace() or c in "<>,;" for c in email)):
        raise typer.BadParameter("not an e-mail address", param_hint="--email")
    kinds = _types(types)
    store = open_cli_store()
    try:
        with cli_errors(), store.session() as session:
            where = place_scope(session, place)
            rule = add_rule(
                session,
                place_id=where.id if where else None,
                types=kinds,
                threshold=threshold,
                webhook=webhook,
                email=email,
                include_confidential=include_confidential,
                actor=cli_reader().actor,
                now=_now(),
            )
    finally:
        store.close()
    err_console.print(f"added alert {rule.id}", markup=False)


@alerts_app.command("list")
def alerts_list(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """The rules, where each notifies, and when it last did (or why it could not)."""
    from trucewatch.store.alerts import list_rules

    store = open_cli_store()
    try:
        with cli_errors(), store.session() as session:
            rules = list_rules(session)
    finally:
        store.close()
    if as_json:
        console.print_json(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "place_id": r.place_id,
                        "types": [t.value for t in r.types],
                        "threshold": r.threshold,
                        "to": r.target,
                        "include_confidential": r.include_confidential,
                        "last_sent_at": r.last_sent_at.isoformat() if r.last_sent_at else None,
                        "last_error": r.last_error,
                    }
                    for r in rules
                ]
            )
        )
        return
    table = Table("id", "place", "types", "at least", "to", "last sent (UTC)", "last error")
    for r in rules:
        kinds = (
            "attacks, aid.blocked" if list(r.types) == DEFAULT_TYPES else ", ".join(t.value for t in r.types)
        )
        sent = f"{r.last_sent_at:%Y-%m-%d %H:%M}" if r.last_sent_at else ""
        table.add_row(
            r.id,
            escape(r.place_id or "everywhere"),
            kinds,
            str(r.threshold),
            escape(r.target),
            sent,
            escape(r.last_error or ""),
        )
    console.print(table)
    if not rules:
        err_console.print("no alert rules; add one with `trucewatch alerts add --place NAME --webhook URL`")


@alerts_app.command("remove")
def alerts_remove(
    rule_id: str = typer.Argument(..., help="A rule id (see `trucewatch alerts list`)."),
) -> None:
    """Remove a rule (audited)."""
    from trucewatch.disclosure import cli_reader
    from trucewatch.store.alerts import remove_rule

    store = open_cli_store()
    try:
        with cli_errors(), store.session() as session:
            remove_rule(session, rule_id, actor=cli_reader().actor)
    finally:
        store.close()
    err_console.print(f"removed alert {rule_id}", markup=False)


@alerts_app.command("check")
def alerts_check() -> None:
    """Run every rule once: send what is new, keep what could not be sent for the next check.

    Exit 1 when a notice could not be delivered (each failure on one line)."""
    from trucewatch.alerts import check_alerts, smtp_from_env

    try:
        smtp = smtp_from_env()
    except ValueError as exc:
        fail(str(exc))
    store = open_cli_store()
    try:
        with cli_errors():
            report = check_alerts(store, smtp=smtp)
    finally:
        store.close()
    for rule_id, n in report.sent:
        err_console.print(f"alert {rule_id}: sent {n} claim{'s' if n != 1 else ''}", markup=False)
    for rule_id, n in report.waiting:
        err_console.print(f"alert {rule_id}: {n} new, under its threshold", markup=False)
    for rule_id, problem in report.failed:
        err_console.print(f"alert {rule_id}: not sent ({problem}); will try again", markup=False)
    if report.failed:
        raise typer.Exit(1)
