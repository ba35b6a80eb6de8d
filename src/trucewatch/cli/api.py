"""`serve`, `users add|list|token|revoke` and `audit`: the API server and its accounts."""

from __future__ import annotations

import getpass
import json
import os
import secrets
import sys
from typing import Any

import typer
from rich.table import Table

from trucewatch.cli import app, cli_errors, console, database_url, err_console, fail, open_cli_store

users_app = typer.Typer(help="Manage API accounts and tokens.", no_args_is_help=True)
app.add_typer(users_app, name="users")


def _cli_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _record(session: Any, action: str, resource: str, resource_id: str | None, *, after: object) -> None:
    """One audit entry, in the command's transaction, for what the command line did (as `cli:<user>`)."""
    from trucewatch.store.accounts import record

    record(
        session,
        user=None,
        actor=_cli_actor(),
        action=action,
        resource=resource,
        resource_id=resource_id,
        after=after,
    )


@app.command()
def serve(
    host: str = typer.Option(
        "127.0.0.1", help="Address to listen on; 0.0.0.0 exposes the API to the network."
    ),
    port: int = typer.Option(8000, min=1, max=65535, help="TCP port."),
    workers: int = typer.Option(
        1, min=1, max=64, help="Worker processes (PostgreSQL for more than one writer)."
    ),
    public_read: bool = typer.Option(
        False, "--public-read", help="Let anonymous callers read (confidential sources redacted)."
    ),
) -> None:
    """Run the HTTP API (docs at /docs, schema at /openapi.json) and the web pages.

    Browser sessions are signed with TRUCEWATCH_SECRET_KEY; without it each run
    picks a random key, shared by its workers, so logins end when it stops. Set
    a fixed key to keep browser sessions across restarts.
    """
    import uvicorn

    store = open_cli_store()  # create or check the schema once, before the workers start
    store.close()
    os.environ["TRUCEWATCH_DATABASE_URL"] = database_url()
    if public_read:
        os.environ["TRUCEWATCH_PUBLIC_READ"] = "1"
    if not os.environ.get("TRUCEWATCH_SECRET_KEY"):
        # One key for every worker of this run: else a cookie signed by one is refused by the others.
        os.environ["TRUCEWATCH_SECRET_KEY"] = secrets.token_urlsafe(32)
    err_console.print(f"trucewatch API on http://{host}:{port}/docs ({workers} worker(s))")
    uvicorn.run(
        "trucewatch.api.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        proxy_headers=False,
    )


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():  # a script or a pipe: a prompt would wait for nobody, or abort
        fail(
            "no terminal to ask for the password: pipe it in with --password-stdin "
            '(echo "$PASSWORD" | trucewatch users add NAME --role ROLE --password-stdin), '
            "or make a token-only account with --no-password"
        )
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@users_app.command("add")
def users_add(
    name: str = typer.Argument(..., help="Login name: letters, digits, . _ @ -"),
    role: str = typer.Option(..., "--role", "-r", help="admin, analyst or viewer."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin."),
    no_password: bool = typer.Option(False, "--no-password", help="Token only: no password login."),
    label: str | None = typer.Option(None, help="A note on the token, e.g. the tool that uses it."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Create an account and print its first API token (shown this once).

    Asks for the web login's password on the terminal (twice); from a script, pipe it in
    with --password-stdin, or make a token-only account with --no-password."""
    from trucewatch.store.accounts import AccountError, add_user, issue_token

    password = None if no_password else _read_password(password_stdin)
    store = open_cli_store()
    with cli_errors():
        try:
            with store.session() as session:
                user = add_user(session, name, role, password)
                info, secret = issue_token(session, name, label)
                _record(
                    session,
                    "user.create",
                    "users",
                    user.id,
                    after={"name": user.name, "role": user.role.value, "token_id": info.id},
                )
        except AccountError as exc:
            fail(str(exc))
    if as_json:
        console.print_json(
            json.dumps({"user": name, "role": user.role.value, "token_id": info.id, "token": secret})
        )
        return
    console.print(f"created {user.role.value} {name}; API token (shown once, store it now):")
    console.print(secret, markup=False)
    err_console.print(f"token id {info.id} (revoke with `trucewatch users revoke {info.id}`)")


@users_app.command("token")
def users_token(
    name: str = typer.Argument(..., help="The account."),
    label: str | None = typer.Option(None, help="A note on the token."),
) -> None:
    """Issue another API token for an account (shown this once)."""
    from trucewatch.store.accounts import AccountError, issue_token

    store = open_cli_store()
    with cli_errors():
        try:
            with store.session() as session:
                info, secret = issue_token(session, name, label)
                _record(session, "token.create", "api_tokens", info.id, after={"user": name, "label": label})
        except AccountError as exc:
            fail(str(exc))
    console.print(secret, markup=False)
    err_console.print(f"token id {info.id}")


@users_app.command("list")
def users_list(
    tokens: bool = typer.Option(False, "--tokens", help="List API tokens (ids, not secrets) too."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Accounts with their roles, and optionally their tokens."""
    from trucewatch.store.accounts import list_tokens, list_users
    from trucewatch.store.logins import locked_names

    store = open_cli_store()
    with cli_errors(), store.session() as session:
        users = list_users(session)
        locked = locked_names(session)
        toks = list_tokens(session) if tokens else []
    if as_json:
        data: dict[str, Any] = {
            "users": [
                {
                    "name": u.name,
                    "role": u.role.value,
                    "disabled": u.disabled,
                    "locked": u.name in locked,
                    "created_at": u.created_at.isoformat(),
                }
                for u in users
            ]
        }
        if tokens:
            data["tokens"] = [
                {
                    "id": t.id,
                    "user": t.user_name,
                    "label": t.label,
                    "created_at": t.created_at.isoformat(),
                    "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
                }
                for t in toks
            ]
        console.print_json(json.dumps(data))
        return
    table = Table("name", "role", "state", "created (UTC)")
    for u in users:
        table.add_row(
            u.name, u.role.value, _state(u.disabled, u.name in locked), f"{u.created_at:%Y-%m-%d %H:%M}"
        )
    console.print(table)
    if tokens:
        ttable = Table("token id", "user", "label", "created (UTC)", "revoked (UTC)")
        for t in toks:
            revoked = f"{t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else ""
            ttable.add_row(t.id, t.user_name, t.label or "", f"{t.created_at:%Y-%m-%d %H:%M}", revoked)
        console.print(ttable)


def _state(disabled: bool, locked: bool) -> str:
    if disabled:
        return "disabled"
    return "locked (failed logins)" if locked else "active"


@users_app.command("revoke")
def users_revoke(
    target: str = typer.Argument(
        ..., help="A token id (tok_...) to revoke it, or a user name to disable the account."
    ),
) -> None:
    """Revoke one token, or disable an account and revoke all its tokens."""
    from trucewatch.store.accounts import AccountError, disable_user, revoke_token

    store = open_cli_store()
    with cli_errors():
        try:
            with store.session() as session:
                if target.startswith("tok_"):
                    info = revoke_token(session, target)
                    _record(session, "token.revoke", "api_tokens", info.id, after={"user": info.user_name})
                    message = f"revoked token {info.id} of {info.user_name}"
                else:
                    user, count = disable_user(session, target)
                    _record(
                        session,
                        "user.disable",
                        "users",
                        user.id,
                        after={"name": user.name, "tokens_revoked": count},
                    )
                    message = f"disabled {user.name} and revoked {count} token(s)"
        except AccountError as exc:
            fail(str(exc))
    console.print(message)


@users_app.command("unlock")
def users_unlock(name: str = typer.Argument(..., help="The account locked by failed logins.")) -> None:
    """Lift an account's lockout (and slow-down) after repeated failed logins."""
    from trucewatch.store import logins
    from trucewatch.store.accounts import get_user

    store = open_cli_store()
    with cli_errors(), store.session() as session:
        was = logins.unlock(session, name)
        if not was and get_user(session, name) is None:
            fail(f"no user named {name!r} and no failed logins under that name; see `trucewatch users list`")
        _record(session, "user.unlock", "users", name, after={"was_locked": was})
    console.print(f"unlocked {name}" if was else f"{name} was not locked")


@app.command()
def audit(
    limit: int = typer.Option(50, min=1, max=100_000, help="How many entries, newest first."),
    user: str | None = typer.Option(None, help="Only this user's entries."),
    action: str | None = typer.Option(None, help="Only this action (e.g. confidential.read)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON lines."),
) -> None:
    """The audit log: who did what, when (UTC), before and after. Read-only."""
    from trucewatch.cli.core import printable
    from trucewatch.store.accounts import audit_entries

    store = open_cli_store()
    with cli_errors(), store.session() as session:
        entries = audit_entries(session, limit=limit, user_name=user, action=action)
    if as_json:
        for e in entries:
            row = {
                "id": e.id,
                "at": e.at.isoformat() + "Z",
                "user": e.user_name,
                "role": e.role,
                "action": e.action,
                "resource": e.resource,
                "resource_id": e.resource_id,
                "before": e.before,
                "after": e.after,
            }
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    table = Table("id", "at (UTC)", "user", "role", "action", "resource")
    for column in table.columns:
        column.overflow = "fold"
    for e in entries:
        table.add_row(
            str(e.id),
            f"{e.at:%Y-%m-%d %H:%M:%S}",
            printable(e.user_name),
            e.role,
            e.action,
            printable(f"{e.resource}/{e.resource_id or ''}"),
        )
    console.print(table)
