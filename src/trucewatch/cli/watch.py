"""`watch`: follow RSS/Atom feeds and folders on a schedule, storing each new item once.

A thin layer over trucewatch.ingest.watch (the rounds) and trucewatch.store.feeds
(the registered feeds, their marks and state).
"""

from __future__ import annotations

import re
import shlex
import time
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from trucewatch.cli import app, cli_errors, console, err_console, fail, open_cli_store
from trucewatch.cli.core import plain, printable
from trucewatch.config import settings_from_env

if TYPE_CHECKING:
    from trucewatch.ingest.watch import WatchOptions
    from trucewatch.store import Store

_EVERY = re.compile(r"(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d)?", re.I)
_UNITS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}


def parse_every(value: str) -> float:
    """'90', '90s', '15m', '2h', '1d' -> seconds; BadParameter otherwise."""
    match = _EVERY.fullmatch(value.strip())
    if match is None:
        raise typer.BadParameter("say how often: 90s, 15m, 2h or 1d", param_hint="--every")
    seconds = float(match.group(1)) * _UNITS[(match.group(2) or "s").lower()]
    if seconds < 1:
        raise typer.BadParameter("at least 1 second", param_hint="--every")
    return seconds


def _address(target: str) -> tuple[str, str]:
    """(address, kind) of a target on the command line: an http(s) URL, or an existing folder."""
    from trucewatch.ingest.feeds import is_http_url
    from trucewatch.store.feeds import FEED, FOLDER

    if "://" in target:
        if not is_http_url(target):
            fail(printable(f"{target}: only http:// and https:// feeds can be watched"), code=2)
        return target, FEED
    path = Path(target).expanduser()
    if not path.is_dir():
        what = "a file: watch the folder it is in, or read it with `trucewatch ingest`"
        fail(printable(f"{target}: {what if path.exists() else 'no such folder, and not a URL'}"), code=2)
    return str(path.resolve()), FOLDER


@app.command()
def watch(
    targets: list[str] = typer.Argument(
        None,
        help="Feed URLs (RSS or Atom, http/https) or folders to watch; they are remembered. "
        "None: every feed and folder watched before.",
        show_default=False,
    ),
    every: str = typer.Option(
        "15m", "--every", metavar="INTERVAL", help="Time between rounds: 90s, 15m, 2h."
    ),
    once: bool = typer.Option(False, "--once", help="One round, then exit (for cron or a systemd timer)."),
    source: str | None = typer.Option(
        None, "--source", help="Who the given feeds come from; their documents go under this source."
    ),
    confidential: bool | None = typer.Option(
        None,
        "--confidential/--no-confidential",
        help="Mark the given feeds confidential: their documents (and a source they create) are "
        "confidential; --no-confidential unmarks them.",
        show_default=False,
    ),
    max_file_mb: float | None = typer.Option(
        None, "--max-file-mb", metavar="N", help="Refuse a feed, page or file larger than N MB (default 50)."
    ),
    backoff: float = typer.Option(
        300.0,
        "--backoff",
        metavar="SECONDS",
        help="Wait before retrying a failed feed or item; doubles with each failure (at most a day).",
    ),
    list_: bool = typer.Option(False, "--list", help="Show the watched feeds and folders and their state."),
    remove: bool = typer.Option(False, "--remove", help="Stop watching the given feeds and folders."),
) -> None:
    """Follow RSS/Atom feeds and folders: each new item's page (or file) is read as `ingest` reads it
    and stored once; failures are one line each and retried later with backoff."""
    from trucewatch.disclosure import cli_reader
    from trucewatch.ingest.watch import WatchOptions, utcnow
    from trucewatch.store.feeds import add_feed, remove_feed

    targets = targets or []
    seconds = parse_every(every)
    if max_file_mb is not None and max_file_mb <= 0:
        raise typer.BadParameter("must be more than 0", param_hint="--max-file-mb")
    if backoff <= 0:
        raise typer.BadParameter("must be more than 0", param_hint="--backoff")
    if (source is not None or confidential is not None or remove) and not targets:
        fail("name the feeds or folders that --source, --confidential or --remove apply to", code=2)
    addresses = [_address(t) for t in targets]
    actor = cli_reader().actor
    store = open_cli_store()
    with cli_errors(), store.session() as session:
        for address, kind in addresses:
            if remove:
                remove_feed(session, address, actor=actor)
            else:
                add_feed(
                    session,
                    address,
                    kind,
                    source=source,
                    confidential=confidential,
                    actor=actor,
                    now=utcnow(),
                )
    if remove:
        console.print(f"no longer watching {len(addresses)} feeds or folders")
        return
    if list_:
        _list(store)
        return
    options = WatchOptions(
        max_bytes=int(max_file_mb * 1024 * 1024) if max_file_mb else settings_from_env().max_file_bytes,
        backoff=backoff,
    )
    _run(store, [a for a, _ in addresses] or None, options, seconds, once, actor)


def _run(
    store: Store,
    addresses: list[str] | None,
    options: WatchOptions,
    every: float,
    once: bool,
    actor: str | None,
) -> None:
    from trucewatch.cli.core import _interrupt_on_sigterm
    from trucewatch.ingest.watch import watch_round
    from trucewatch.store.feeds import list_feeds

    with cli_errors(), store.session() as session:
        watched = [f for f in list_feeds(session) if addresses is None or f.address in addresses]
    if not watched:
        fail("nothing to watch: give a feed URL or a folder (they are remembered for later runs)")
    _interrupt_on_sigterm()

    def log(line: str) -> None:
        err_console.print(printable(line), markup=False, highlight=False)

    failed = False
    try:
        while True:
            started = time.monotonic()
            with cli_errors():
                report = watch_round(store, addresses, options, log=log, actor=actor)
            failed = failed or not report.ok
            summary = (
                f"{report.checked} checked: {report.added} added, {report.duplicates} duplicates, "
                f"{len(report.failures)} failed"
            )
            extras = [
                f"{report.not_modified} not modified" if report.not_modified else "",
                f"{report.waiting} items waiting to retry" if report.waiting else "",
                f"{report.not_due} feeds waiting to retry" if report.not_due else "",
            ]
            summary += "".join(f", {e}" for e in extras if e)
            console.print(summary if once else f"{time.strftime('%H:%M:%S')} {summary}", markup=False)
            for name in sorted(report.open_sources):
                console.print(
                    plain(
                        f"source {name!r} is not confidential: viewers see its name, not its confidential"
                        " documents; to hide the source too: "
                        f"trucewatch source {shlex.quote(name)} --confidential"
                    )
                )
            if report.interrupted:
                raise KeyboardInterrupt
            if once:
                break
            time.sleep(max(every - (time.monotonic() - started), 0.0))
    except KeyboardInterrupt:
        err_console.print("stopped; what was stored stays stored, and the next run goes on from there")
        raise typer.Exit(130) from None
    finally:
        store.close()
    if failed:
        raise typer.Exit(1)


def _list(store: Store) -> None:
    """One line per feed or folder (addresses are long: a table would cut them)."""
    from trucewatch.store.feeds import list_feeds

    with cli_errors(), store.session() as session:
        feeds = list_feeds(session)
    store.close()
    for f in feeds:
        if f.failures:
            when = f.next_attempt_at.strftime("%Y-%m-%d %H:%M") if f.next_attempt_at else "?"
            status = f"{f.failures} failures in a row, next try {when} UTC: {f.last_error or ''}"
        else:
            status = f"ok, checked {f.checked_at:%Y-%m-%d %H:%M} UTC" if f.checked_at else "not checked yet"
        marks = [f.kind]
        if f.source:
            marks.append(f"source {f.source!r}")
        if f.confidential:
            marks.append("confidential")
        marks.append(f"{f.items} stored, {f.waiting} to retry, {f.given_up} given up")
        console.print(plain(f"{f.address}  ({', '.join(marks)}); {status}"))
    console.print(f"{len(feeds)} watched")
