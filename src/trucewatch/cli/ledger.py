"""Ledger verbs: agreements, ceasefires, sieges — each with --as-of and --json.

Thin: each verb opens the store, calls trucewatch.ledger_service, and prints.
Records derived from claims and not yet confirmed are listed too, marked
"proposed".
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from pydantic import BaseModel
from rich.table import Table

from trucewatch import days, serialize
from trucewatch.cli import (
    app,
    audit_cli_reads,
    cli_errors,
    console,
    err_console,
    open_cli_store,
    parse_date,
)
from trucewatch.ledger.compliance import Compliance
from trucewatch.ledger.figures import figure_text
from trucewatch.model import Span
from trucewatch.wording import counted

agreements_app = typer.Typer(
    help="Agreements and their compliance (`agreements load FILE` records them from YAML/JSON).",
    invoke_without_command=True,
)
app.add_typer(agreements_app, name="agreements")

AS_OF = typer.Option(None, "--as-of", metavar="YYYY-MM-DD", help="Compute as of this day (default: today).")
JSON = typer.Option(False, "--json", help="Print JSON instead of tables.")
STALE = typer.Option(
    14,
    "--stale-days",
    min=1,
    max=3650,
    help="A ceasefire with no report about its place for longer than this is 'unknown', not 'holding'.",
)

# Hostile text must not drive the terminal: control and bidi-override characters are escaped.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _safe(text: object) -> str:
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", str(text)).replace("[", r"\[")


def _as_of(value: str | None) -> dt.date:
    return parse_date(value, "--as-of") or days.today()


@contextmanager
def _session() -> Iterator[Any]:
    store = open_cli_store()
    try:
        with cli_errors(), store.session() as session:  # LedgerError, AgreementFileError: one line
            yield session
    finally:
        store.close()


def _names(session: Any, value: object) -> dict[str, str]:
    """The names of the places a value (ledgers, records) refers to."""
    from trucewatch.store import place_names

    return place_names(session, serialize.place_ids(value))


def _audit(session: Any, ledgers: object, verb: str, via_id: str | None = None) -> None:
    """The confidential documents behind what a verb prints (sources, figures, quotes, ids): audited."""
    from trucewatch.disclosure import referenced_documents

    audit_cli_reads(session, referenced_documents(ledgers), verb, via_id)


def _actor() -> str:
    """Who writes, for the audit log: the login that runs the command line ("cli:alice")."""
    from trucewatch.disclosure import cli_reader

    return cli_reader().actor or "cli"


def _print_json(data: object) -> None:
    console.out(json.dumps(data, ensure_ascii=False, indent=2))


def _list_ledgers(
    verb: str,
    as_of: str | None,
    as_json: bool,
    ledgers_of: Callable[..., list[Any]],
    out: Callable[[Any, dict[str, str]], BaseModel],
    table: Callable[[list[Any], dict[str, str], dt.date], Table],
) -> None:
    """A list verb: every ledger (`ledgers_of`) as known by --as-of, audited, printed."""
    day = _as_of(as_of)
    with _session() as session:
        ledgers = ledgers_of(session, as_of=day)
        names = _names(session, ledgers)
        _audit(session, ledgers, verb)
    _print_ledgers(ledgers, names, day, as_json, out, table)


def _print_ledgers(
    ledgers: list[Any],
    names: dict[str, str],
    day: dt.date,
    as_json: bool,
    out: Callable[[Any, dict[str, str]], BaseModel],
    table: Callable[[list[Any], dict[str, str], dt.date], Table],
) -> None:
    """Ledgers as JSON (each in its one shape, `out`) or as a table."""
    if as_json:
        _print_json([serialize.as_json(out(lg, names)) for lg in ledgers])
        return
    console.print(table(ledgers, names, day))


def _bar(share: float | None, width: int = 20) -> str:
    if share is None:
        return "·" * width
    filled = round(min(share, 1.0) * width)
    return "█" * filled + "░" * (width - filled)


_STATUS_STYLE = {
    "met": "green",
    "partial": "yellow",
    "pending": "dim",
    "overdue": "red",
    "breached": "bold red",
    "holding": "green",
    "violated": "bold red",
    "ended": "dim",
    "unknown": "yellow",
    "not started": "dim",
}


def _status(value: str) -> str:
    return f"[{_STATUS_STYLE.get(value, '')}]{value}[/]"


def _figure(c: Compliance) -> str:
    """'194 of > 7,300 detainees (≤ 2.7%)': every figure with the qualifier its source gives."""
    sources = sorted({f.text() for f in c.by_source})
    disputed = f" [red]sources differ: {' / '.join(sources)}[/]" if c.disputed else ""
    return _safe(c.text()) + disputed


def _quotes(session: Any, spans: Iterable[Span], limit: int = 3) -> list[str]:
    from trucewatch.store import get_document

    out = []
    texts: dict[str, str | None] = {}
    for span in list(dict.fromkeys(spans))[:limit]:
        if span.document_id not in texts:
            doc = get_document(session, span.document_id)
            texts[span.document_id] = doc.text if doc else None
        text = texts[span.document_id]
        if text is not None:
            quote = " ".join(span.quote(text).split())
            out.append(f"“{_safe(quote[:200])}” [dim]({span.document_id} {span.start}–{span.end})[/]")
    return out


# --- agreements ----------------------------------------------------------------------


@agreements_app.callback()
def agreements(ctx: typer.Context, as_of: str | None = AS_OF, as_json: bool = JSON) -> None:
    """List agreements (stored and proposed) with the compliance of each commitment."""
    if ctx.invoked_subcommand is not None:
        return
    from trucewatch.ledger_service import agreement_ledgers

    _list_ledgers(
        "agreements", as_of, as_json, agreement_ledgers, serialize.agreement_ledger_out, agreements_table
    )


# At 80 columns a table keeps what a monitor scans for (ids whole, to copy; statuses; dates) on one
# line, folds names and figures, and leaves out the columns that say least.
_MIN_WIDTH = {"status": 9, "reached": 10, "start": 10, "end": 10, "since": 10, "last aid": 10, "place": 8}
_UNBROKEN = frozenset({"id", "status", "reached", "start", "end", "since", "last aid"})
_NARROW = 110  # characters: below this, the _OPTIONAL columns are left out
_OPTIONAL = frozenset({"record", "class", "end", "reports", "besieger"})


def _columns(table: Table, names: Sequence[str]) -> list[str]:
    """Add the columns the terminal has room for; their names, for the rows to match."""
    shown = [n for n in names if console.width >= _NARROW or n not in _OPTIONAL]
    for name in shown:
        table.add_column(name, min_width=_MIN_WIDTH.get(name, 4), no_wrap=name in _UNBROKEN, overflow="fold")
    return shown


def _row(table: Table, shown: Sequence[str], cells: dict[str, str]) -> None:
    table.add_row(*(cells[name] for name in shown))


def agreements_table(ledgers: list[Any], names: dict[str, str], day: dt.date) -> Table:
    table = Table(
        header_style="bold", caption=f"{counted(len(ledgers), 'agreement')}, as of {day.isoformat()}"
    )
    shown = _columns(table, ("id", "status", "reached", "place", "title", "reports", "compliance"))
    for lg in ledgers:
        a = lg.agreement
        terms = "\n".join(
            f"{c.commitment.action.value}: {_figure(c)} {_status(c.status.value)}"
            + (f" [dim]({len(c.expected)} expected)[/]" if c.expected else "")
            for c in lg.compliance
        )
        cells = {
            "id": a.id or "",
            "status": "[yellow]proposed[/]" if a.status.value == "proposed" else a.status.value,
            "reached": a.reached.iso() if a.reached else "",
            "place": _safe(names.get(a.place_id or "", a.place_id or "everywhere")),
            "title": _safe(a.title),
            "reports": str(len({s.document_id for s in a.evidence})),
            "compliance": terms or "[dim]no terms[/]",
        }
        _row(table, shown, cells)
    return table


@agreements_app.command("load")
def agreements_load(
    path: Path = typer.Argument(..., help="A .yaml/.yml/.json file (schema: docs/agreements.md)."),
) -> None:
    """Validate a file of agreements and store them (confirmed unless the file says otherwise)."""
    from trucewatch.ledger_service import load_agreements

    with _session() as session:
        ids = load_agreements(session, path, actor=_actor())
    console.print(f"loaded {counted(len(ids), 'agreement')}: {', '.join(ids)}")


def _commitment(text: str) -> dict[str, object]:
    """OBLIGATED:ACTION[:TARGET[:UNIT[:DEADLINE]]] -> one commitment of the agreements file schema."""
    parts = [p.strip() for p in text.split(":")]
    if len(parts) < 2 or len(parts) > 5 or not all(parts[:2]):
        raise typer.BadParameter(
            "write OBLIGATED:ACTION[:TARGET[:UNIT[:DEADLINE]]], "
            "e.g. 'Syrian government:release_detainees:7300:detainees'",
            param_hint="--commitment",
        )
    keys = ("obligated", "action", "target", "unit", "deadline")
    return {key: value for key, value in zip(keys, parts, strict=False) if value}


@agreements_app.command("add")
def agreements_add(
    title: str = typer.Option(..., "--title", help="What the agreement is called."),
    kind: str = typer.Option(
        ..., "--kind", help="ceasefire, local_truce, evacuation, aid_access, prisoner_exchange or other."
    ),
    place: str | None = typer.Option(
        None, "--place", help="Place name or id; its scope includes places inside it."
    ),
    reached: str | None = typer.Option(None, "--reached", metavar="DATE", help="2016-08 or 2016-08-20."),
    effective_from: str | None = typer.Option(None, "--from", metavar="DATE", help="In force from."),
    effective_until: str | None = typer.Option(None, "--until", metavar="DATE", help="In force until."),
    parties: list[str] = typer.Option([], "--party", help="A party (repeatable)."),
    mediators: list[str] = typer.Option([], "--mediator", help="A mediator (repeatable)."),
    guarantors: list[str] = typer.Option([], "--guarantor", help="A guarantor (repeatable)."),
    monitor: str | None = typer.Option(None, "--monitor", help="Who monitors it."),
    commitments: list[str] = typer.Option(
        [], "--commitment", help="OBLIGATED:ACTION[:TARGET[:UNIT[:DEADLINE]]] (repeatable)."
    ),
) -> None:
    """Record one agreement from the command line (validated like `agreements load`)."""
    from trucewatch.ledger.agreements_file import parse_agreements
    from trucewatch.ledger_service import record_agreements

    fields = {
        "title": title,
        "kind": kind,
        "place": place,
        "reached": reached,
        "effective_from": effective_from,
        "effective_until": effective_until,
        "parties": parties,
        "mediators": mediators,
        "guarantors": guarantors,
        "monitor": monitor,
        "commitments": [_commitment(c) for c in commitments],
    }
    item = {key: value for key, value in fields.items() if value not in (None, [])}
    with _session() as session:
        loaded = parse_agreements({"agreements": [item]}, origin="command line")
        ids = record_agreements(session, loaded, origin="command line", actor=_actor())
    console.print(f"recorded agreement {ids[0]}")


@app.command()
def agreement(
    agreement_id: str = typer.Argument(
        ..., metavar="ID", help="An agreement id (see `trucewatch agreements`)."
    ),
    as_of: str | None = AS_OF,
    as_json: bool = JSON,
    confirm: bool = typer.Option(False, "--confirm", help="Accept a proposed agreement as confirmed."),
) -> None:
    """One agreement: its terms and a compliance table with progress bars."""
    from trucewatch.ledger_service import agreement_ledger_for, confirm_agreement

    day = _as_of(as_of)
    if confirm:  # its own transaction, committed (and audited) before anything says so
        with _session() as session:
            confirm_agreement(session, agreement_id, actor=_actor())
        err_console.print(f"confirmed {agreement_id}")
    shown: list[Any] = []  # printed once the session, and its audit of what is shown, is committed
    show = shown.append
    with _session() as session:
        lg = agreement_ledger_for(session, agreement_id, as_of=day)
        names = _names(session, lg)
        _audit(session, lg, "agreement", agreement_id)
        a = lg.agreement
        show(f"[bold]{_safe(a.title)}[/]  ({a.id}, {a.kind.value}, [yellow]{a.status.value}[/])")
        for label, value in (
            ("reached", a.reached.iso() if a.reached else None),
            (
                "effective",
                f"{a.effective_from.iso() if a.effective_from else '?'} → "
                f"{a.effective_until.iso() if a.effective_until else 'open'}"
                if a.effective_from or a.effective_until
                else None,
            ),
            ("place", names.get(a.place_id or "", a.place_id) if a.place_id else "everywhere"),
            ("parties", ", ".join(a.parties)),
            ("mediators", ", ".join(a.mediators)),
            ("guarantors", ", ".join(a.guarantors)),
            ("monitor", a.monitor),
        ):
            if value:
                show(f"  {label}: {_safe(value)}")
        for quote in _quotes(session, a.evidence, limit=2):
            show(f"  {quote}")
        table = Table(header_style="bold", caption=f"as of {day.isoformat()}")
        for col in ("term", "obligated", "progress", "delivered", "status", "by source"):
            table.add_column(col)
        for c in lg.compliance:
            target = f" {c.target_text()}" if c.commitment.target is not None else ""
            deadline = f" by {c.commitment.deadline}" if c.commitment.deadline else ""
            sources = "\n".join(f"{_safe(f.source)}: {f.text()}" for f in c.by_source)
            breaches = f"\n[red]{len(c.breaches)} against[/]" if c.breaches else ""
            table.add_row(
                f"{c.commitment.action.value}{target}{deadline}",
                _safe(c.commitment.obligated),
                _bar(c.share),
                _figure(c),
                _status(c.status.value) + breaches,
                sources,
            )
        show(table)
        logged: set[tuple[str, int, str]] = set()  # terms of one action share their deliveries
        for c in lg.compliance:
            for d in (*c.deliveries, *c.expected):
                key = (c.commitment.action.value, id(d.happening), d.text())
                if key in logged:
                    continue
                logged.add(key)
                when = d.happening.when.iso() if d.happening.when else "undated"
                how = {"done": "delivered", "total": "so far", "forecast": "expected, not delivered"}[
                    d.mood.value
                ]
                reported = f", reported {d.reported.isoformat()}" if d.reported else ""
                show(f"  {c.commitment.action.value}: {when} {_safe(d.text())} ({how}{reported})")
        for c in lg.compliance:
            for quote in _quotes(session, c.evidence):
                show(f"  {c.commitment.action.value}: {quote}")
    if as_json:
        _print_json(serialize.as_json(serialize.agreement_ledger_out(lg, names)))
        return
    for item in shown:
        console.print(item)


# --- ceasefires ----------------------------------------------------------------------


ETHPRIO = typer.Option(
    None,
    "--ethprio",
    metavar="FILE",
    help="Also write the ceasefires as an ETH/PRIO CFD CSV (one row per ceasefire and actor).",
)


def _countries(session: Any, place_ids: Iterable[str | None]) -> dict[str, str]:
    """Place id -> its country's name (the ETH/PRIO dataset's `location`)."""
    from trucewatch.report.records import country_name
    from trucewatch.store import get_place

    def country(pid: str | None, depth: int = 0) -> str | None:
        place = get_place(session, pid) if pid and depth < 16 else None
        if place is None:
            return None
        if place.country_code:
            return country_name(place.country_code)
        return place.name if place.kind == "country" else country(place.parent_id, depth + 1)

    found = {pid: country(pid) for pid in {p for p in place_ids if p}}
    return {pid: name for pid, name in found.items() if name}


@app.command()
def ceasefires(
    as_of: str | None = AS_OF, as_json: bool = JSON, stale_days: int = STALE, ethprio: Path | None = ETHPRIO
) -> None:
    """List ceasefires (stored and proposed): holding, violated, ended or unknown, with violations so far."""
    from trucewatch.ledger.ethprio import ethprio_csv
    from trucewatch.ledger_service import ceasefire_ledgers

    day = _as_of(as_of)
    with _session() as session:
        ledgers = ceasefire_ledgers(session, as_of=day, stale_days=stale_days)
        names = _names(session, ledgers)
        countries = _countries(session, (lg.ceasefire.place_id for lg in ledgers)) if ethprio else {}
        _audit(session, ledgers, "ceasefires")
    if ethprio is not None:
        ethprio.write_text(ethprio_csv([lg.ceasefire for lg in ledgers], countries), encoding="utf-8")
        err_console.print(
            f"wrote {counted(len(ledgers), 'ceasefire')} to {ethprio} (ETH/PRIO CFD columns)", markup=False
        )
    _print_ledgers(ledgers, names, day, as_json, serialize.ceasefire_ledger_out, ceasefires_table)


def ceasefires_table(ledgers: list[Any], names: dict[str, str], day: dt.date) -> Table:
    table = Table(
        header_style="bold", caption=f"{counted(len(ledgers), 'ceasefire')}, as of {day.isoformat()}"
    )
    shown = _columns(
        table, ("id", "status", "record", "start", "end", "place", "class", "violations", "days without")
    )
    for lg in ledgers:
        cf = lg.ceasefire
        who = ", ".join(f"{_safe(n)} {k}" for n, k in lg.by_perpetrator)
        possible = f" [yellow]+{lg.period.possible} possible[/]" if lg.period.possible else ""
        status = _status(lg.status.value)
        if lg.status.value == "unknown" and lg.last_report:
            status += f"\n[dim]no reports since {lg.last_report.isoformat()}[/]"
        cells = {
            "id": cf.id or "",
            "status": status,
            "record": "[yellow]proposed[/]" if cf.status.value == "proposed" else cf.status.value,
            "start": cf.start.iso(),
            "end": cf.end.iso() if cf.end else "open",
            "place": _safe(names.get(cf.place_id or "", cf.place_id or "everywhere")),
            "class": cf.cf_class.value if cf.cf_class else "",
            "violations": f"{lg.period.count}" + (f" ({who})" if who else "") + possible,
            "days without": f"{'≥ ' if lg.not_dated_to_a_day else ''}{lg.days_without_violation} / {lg.days}",
        }
        _row(table, shown, cells)
    return table


@app.command()
def ceasefire(
    ceasefire_id: str = typer.Argument(
        ..., metavar="ID", help="A ceasefire id (see `trucewatch ceasefires`)."
    ),
    as_of: str | None = AS_OF,
    as_json: bool = JSON,
    stale_days: int = STALE,
) -> None:
    """One ceasefire: its verdict, violations per day (a small chart), by perpetrator, before and after."""
    from trucewatch.ledger_service import ceasefire_ledger_for

    day = _as_of(as_of)
    shown: list[Any] = []  # printed once the session, and its audit of what is shown, is committed
    show = shown.append
    with _session() as session:
        lg = ceasefire_ledger_for(session, ceasefire_id, as_of=day, stale_days=stale_days)
        names = _names(session, lg)
        _audit(session, lg, "ceasefire", ceasefire_id)
        cf = lg.ceasefire
        place = names.get(cf.place_id or "", cf.place_id or "everywhere")
        show(f"[bold]Ceasefire {cf.id}[/] in {_safe(place)}, [yellow]{cf.status.value}[/]")
        show(f"  from {cf.start.iso()} to {cf.end.iso() if cf.end else 'open-ended'}")
        show(f"  [{_STATUS_STYLE.get(lg.status.value, '')}]{_safe(lg.verdict_text())}[/]")
        for label, value in (
            ("parties", ", ".join(cf.parties)),
            ("mediators", ", ".join(cf.mediators)),
            ("monitor", cf.monitor),
            ("class", cf.cf_class.value if cf.cf_class else None),
            (
                "written",
                {True: "yes", False: "no (verbal)"}.get(cf.written) if cf.written is not None else None,
            ),
            ("purpose", cf.purpose.value if cf.purpose else None),
            ("coverage", cf.coverage),
            ("ended", cf.ended_how),
        ):
            if value:
                show(f"  {label}: {_safe(value)}")
        for quote in _quotes(session, cf.evidence, limit=2):
            show(f"  {quote}")
        if lg.started:
            _violations_report(session, lg, show)
        else:
            show(f"not started as of {day.isoformat()}")
    if as_json:
        _print_json(serialize.as_json(serialize.ceasefire_ledger_out(lg, names)))
        return
    for item in shown:
        console.print(item)


def _violations_report(session: Any, lg: Any, show: Any) -> None:
    """Counts, the comparison before and after, a chart per day, perpetrators and quotes."""
    quiet = f"{'at least ' if lg.not_dated_to_a_day else ''}{lg.days_without_violation}"
    show(
        f"\n{lg.period.count} violations in {lg.days} days ({quiet} without a reported violation)"
        + (f"; {lg.period.possible} possible (dates straddling the period)" if lg.period.possible else "")
    )
    window = f"{lg.compare_days:g} days"
    known = (lg.after.end - lg.after.start).total_seconds() / 86400
    show(
        f"  before the start ({window}): {lg.before.text()} attacks; "
        f"after ({window}, {known:.0f} known so far): {lg.after.text()}"
    )
    show(_chart(lg))
    for who, n in lg.by_perpetrator:
        show(f"  {_safe(who)}: {n}")
    for label, happenings in (("", lg.violations), ("possible ", lg.possible)):
        for h in happenings[:10]:
            for quote in _quotes(session, h.evidence, limit=1):
                show(f"  {label}{h.when.iso() if h.when else ''} {h.type.value}: {quote}")


def _chart(lg: Any, max_days: int = 31) -> str:
    """One line per day of the period (the last `max_days`), a block per violation."""
    counts = {d.day: d.total for d in lg.per_day}
    first = lg.period.start.date()
    last = (lg.period.end - dt.timedelta(microseconds=1)).date()
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)][-max_days:]
    peak = max(counts.values(), default=0)
    scale = max(peak / 40, 1)
    lines = []
    for d in days:
        n = counts.get(d, 0)
        bar = "█" * max(round(n / scale), 1 if n else 0)
        lines.append(f"  {d.isoformat()} {bar or '·'} {n or ''}")
    return "\n".join(lines)


# --- sieges --------------------------------------------------------------------------


@app.command()
def sieges(as_of: str | None = AS_OF, as_json: bool = JSON) -> None:
    """List sieges (stored and proposed) with population figures and days since aid last got in."""
    from trucewatch.ledger_service import siege_ledgers

    _list_ledgers("sieges", as_of, as_json, siege_ledgers, serialize.siege_ledger_out, sieges_table)


def sieges_table(ledgers: list[Any], names: dict[str, str], day: dt.date) -> Table:
    table = Table(header_style="bold", caption=f"{counted(len(ledgers), 'siege')}, as of {day.isoformat()}")
    shown = _columns(
        table, ("id", "status", "place", "besieger", "since", "population", "last aid", "days since")
    )
    for lg in ledgers:
        s = lg.siege
        last = lg.last_delivery
        days = lg.days_since_last_delivery
        cells = {
            "id": s.id or "",
            "status": "[yellow]proposed[/]" if s.status.value == "proposed" else s.status.value,
            "place": _safe(names.get(s.place_id, s.place_id)),
            "besieger": _safe(s.besieger or ""),
            "since": s.since.iso() if s.since else "",
            "population": ", ".join(figure_text(p.value, p.qualifier) for p in lg.population) or "",
            "last aid": last.when.iso() if last and last.when else "none recorded",
            "days since": "" if days is None else f"{'' if lg.days_since_exact else '≥'}{days}",
        }
        _row(table, shown, cells)
    return table


@app.command()
def siege(
    place: str = typer.Argument(..., metavar="PLACE", help="A place name, place id or siege id."),
    as_of: str | None = AS_OF,
    as_json: bool = JSON,
) -> None:
    """One besieged place: besieger, population claims with sources, and the aid log."""
    from trucewatch.ledger_service import siege_ledger_for

    day = _as_of(as_of)
    shown: list[Any] = []  # printed once the session, and its audit of what is shown, is committed
    show = shown.append
    with _session() as session:
        lg = siege_ledger_for(session, place, as_of=day)
        names = _names(session, lg)
        _audit(session, lg, "siege", lg.siege.id or lg.siege.place_id)
        s = lg.siege
        label = f"{s.id}, [yellow]{s.status.value}[/]" if s.id else "no siege recorded"
        show(f"[bold]{_safe(names.get(s.place_id, s.place_id))}[/]  ({label})")
        if s.besieger:
            show(
                f"  besieged by {_safe(s.besieger)} since {s.since.iso() if s.since else '?'}"
                + (f" until {s.until.iso()}" if s.until else "")
            )
        if lg.days_besieged is not None:
            show(f"  {lg.days_besieged_text()} besieged as of {day.isoformat()}")
        for p in lg.population:
            show(f"  population {figure_text(p.value, p.qualifier)} according to {_safe(p.source)}")
        if lg.last_delivery and lg.last_delivery.when:
            approx = "" if lg.days_since_exact else "at least "
            show(
                f"  last aid delivery {lg.last_delivery.when.iso()}: "
                f"{approx}{lg.days_since_last_delivery} days before {day.isoformat()}"
            )
        else:
            show("  no aid delivery recorded")
        table = Table(header_style="bold", caption="aid log")
        for col in ("date", "what", "by", "evidence"):
            table.add_column(col)
        for h in lg.aid_log:
            by = ", ".join(h.perpetrators) if h.type.value != "aid.delivered" else ""
            table.add_row(
                h.when.iso() if h.when else "undated",
                h.type.value,
                _safe(by),
                "\n".join(_quotes(session, h.evidence, limit=1)),
            )
        show(table)
    if as_json:
        _print_json(serialize.as_json(serialize.siege_ledger_out(lg, names)))
        return
    for item in shown:
        console.print(item)


# --- demo ----------------------------------------------------------------------------


def ledger_demo_step(run: Any) -> None:
    """The demo's ledger: the sample agreement file loaded, then every ledger as of the last report.

    Extracts claims first when no earlier step has (extraction is idempotent).
    """
    from trucewatch.extract_store import extract_and_store
    from trucewatch.ledger_service import (
        agreement_ledgers,
        ceasefire_ledgers,
        has_claims,
        load_agreements,
        siege_ledgers,
    )
    from trucewatch.samples import samples_dir
    from trucewatch.store import list_documents

    with run.store.session() as session:
        extracted = has_claims(session)
    if not extracted:
        summary = extract_and_store(run.store)
        run.console.print(
            f"Extracted {counted(summary.claims, 'claim')} from {counted(summary.documents, 'document')}."
        )
    with run.store.session() as session:
        ids = load_agreements(session, samples_dir() / "agreements-demo.yaml", actor="demo")
        dates = sorted(d.published for d in list_documents(session) if d.published)
    run.console.print(f"Recorded {len(ids)} agreement from agreements-demo.yaml: {', '.join(ids)}")
    day = dates[-1] if dates else days.today()
    with run.store.session() as session:
        agreements = agreement_ledgers(session, as_of=day)
        cfs = ceasefire_ledgers(session, as_of=day)
        sgs = siege_ledgers(session, as_of=day)
        names = _names(session, (agreements, cfs, sgs))
    run.console.print(agreements_table(agreements, names, day))
    run.console.print(ceasefires_table(cfs, names, day))
    run.console.print(sieges_table(sgs, names, day))
    run.results["ledger"] = {"agreements": agreements, "ceasefires": cfs, "sieges": sgs}
    if not agreements:
        run.ok = False
    run.console.print(
        f"Try: trucewatch --db {run.db_path} agreement {ids[0]} --as-of {day} "
        f"· ceasefires --as-of {day} · siege Waer --as-of {day}"
    )


@app.command()
def snapshot(as_of: str | None = AS_OF) -> None:
    """Store the ledger as of a day (agreements, ceasefires, sieges with their figures, as --json
    prints them) in the ledger_snapshots table, for SQL tools such as Datasette; each run replaces
    the last. The table is as confidential as the documents beside it."""
    from trucewatch.disclosure import cli_reader
    from trucewatch.snapshot import refresh_snapshot

    day = _as_of(as_of)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with _session() as session:
        counts = refresh_snapshot(session, as_of=day, now=now, reader=cli_reader())
    stored = ", ".join(counted(n, kind) for kind, n in counts.items())
    err_console.print(f"stored the ledger as of {day.isoformat()}: {stored}", markup=False)
