"""Every write is audited and committed before anything reports it, from the command line too.

Real SQLite files, the real `trucewatch` command in a subprocess where a closed
pipe matters, synthetic report text written here.
"""

from __future__ import annotations

import getpass
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from databases import migrated_sqlite
from test_ledger_store import SAMPLE, seed_waer
from trucewatch import ledger_service as service
from trucewatch import store
from trucewatch.cli import app
from trucewatch.cli import commands as _commands  # noqa: F401  registers every verb
from trucewatch.model import Status
from trucewatch.store.accounts import audit_entries

runner = CliRunner()
ME = f"cli:{getpass.getuser()}"
TRUCEWATCH = [str(Path(sys.executable).parent / "trucewatch")]  # the installed command


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "writes.db"
    s = store.open_store(migrated_sqlite(path))
    seed_waer(s)
    s.close()
    return path


def entries(path: Path, action: str) -> list:
    s = store.open_store(f"sqlite:///{path}")
    try:
        with s.session() as session:
            return audit_entries(session, action=action)
    finally:
        s.close()


def cli(path: Path, *args: str) -> str:
    result = runner.invoke(app, ["--db", f"sqlite:///{path}", *args], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def _proposal(path: Path) -> str:
    [agreement] = json.loads(cli(path, "agreements", "--json"))
    return str(agreement["id"])


def test_confirming_through_a_closed_pipe_commits_and_audits_before_saying_confirmed(db):
    """`agreement ID --confirm | head -3`: the reader goes away before the ledger is printed."""
    agreement_id = _proposal(db)
    proc = subprocess.Popen(
        [
            *TRUCEWATCH,
            "--db",
            f"sqlite:///{db}",
            "agreement",
            agreement_id,
            "--confirm",
            "--as-of",
            "2017-03-08",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # as `head` does once it has its lines
    said = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert f"confirmed {agreement_id}" in said
    [after] = json.loads(cli(db, "agreements", "--json"))
    assert after["status"] == "confirmed"  # what it said is what the database holds
    [entry] = entries(db, "agreement.confirm")
    assert (entry.user_name, entry.resource_id) == (ME, agreement_id)
    assert (entry.before, entry.after["status"]) == (None, "confirmed")


def test_a_confirmation_that_fails_says_nothing_and_writes_nothing(db):
    result = runner.invoke(app, ["--db", f"sqlite:///{db}", "agreement", "agr_nope", "--confirm"])
    assert result.exit_code == 1 and "confirmed" not in result.output
    assert entries(db, "agreement.confirm") == []


def test_agreements_loaded_or_added_are_audited(db):
    cli(db, "agreements", "load", str(SAMPLE))
    cli(db, "agreements", "add", "--title", "Typed in", "--kind", "other", "--place", "Waer")
    created = entries(db, "agreement.create")
    assert {e.user_name for e in created} == {ME} and len(created) == 2
    assert {e.after["origin"] for e in created} == {str(SAMPLE), "command line"}


def test_ceasefire_and_siege_confirmations_are_audited_in_their_transaction(db):
    s = store.open_store(f"sqlite:///{db}")
    try:
        with s.session() as session:
            [cf] = service.all_ceasefires(session)
            [siege] = service.all_sieges(session)
            service.confirm_ceasefire(session, cf.id or "", actor="cli:analyst")
            service.confirm_siege(session, siege.id or "", actor="cli:analyst")
        with s.session() as session:
            service.confirm_ceasefire(session, cf.id or "", actor="cli:analyst")
            session.rollback()  # a write rolled back leaves no audit entry behind
    finally:
        s.close()
    [cf_entry] = entries(db, "ceasefire.confirm")
    [siege_entry] = entries(db, "siege.confirm")
    assert (cf_entry.resource_id, cf_entry.after["status"]) == (cf.id, Status.CONFIRMED.value)
    assert (siege_entry.user_name, siege_entry.resource_id) == ("cli:analyst", siege.id)


def test_ingest_and_extract_from_the_command_line_are_audited(tmp_path):
    path = tmp_path / "empty.db"
    report = tmp_path / "report.txt"
    report.write_text(
        "SYNTHETIC TEST REPORT\n\nMarch 10, 2017\n\n"
        "Regime forces shelled the Waer district of Homs on Friday.\n",
        encoding="utf-8",
    )
    cli(path, "ingest", str(report), "--source", "Synthetic wire", "--published", "2017-03-10")
    [created] = entries(path, "document.create")
    assert created.user_name == ME and created.after["source"] == "Synthetic wire"
    cli(path, "ingest", str(report), "--source", "Synthetic wire")  # a duplicate writes nothing
    assert len(entries(path, "document.create")) == 1
    cli(path, "extract", "--all")
    [extracted] = entries(path, "document.extract")
    assert (extracted.user_name, extracted.resource_id) == (ME, created.resource_id)
    assert extracted.before == {"claim_ids": []} and extracted.after["claim_ids"]


def test_an_acled_import_is_audited(tmp_path):
    path = tmp_path / "import.db"
    s = store.open_store(migrated_sqlite(path))
    s.close()
    csv = tmp_path / "rows.csv"
    csv.write_text(
        "event_id_cnty,event_date,year,event_type,sub_event_type,actor1,actor2,country,admin1,location,"
        "latitude,longitude,geo_precision,source,notes,fatalities\n"
        "SYN1,2017-03-10,2017,Explosions/Remote violence,Shelling/artillery/missile attack,Synthetic army,,"
        "Syria,Homs,Waer,34.74,36.66,1,Synthetic wire,Shelling of the district (synthetic),0\n",
        encoding="utf-8",
    )
    cli(path, "import-acled", str(csv))
    [entry] = entries(path, "document.import")
    assert entry.user_name == ME and entry.after["imported"] == 1
