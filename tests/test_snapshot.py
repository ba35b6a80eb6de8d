"""`trucewatch snapshot`: the ledger as of a day stored in ledger_snapshots for SQL tools, on SQLite
and PostgreSQL, with the seeded synthetic world (a confidential source among its reports)."""

from __future__ import annotations

import json

from sqlalchemy import text
from typer.testing import CliRunner

import trucewatch.cli.commands  # noqa: F401  registers the verbs
from trucewatch.cli import app


def test_the_ledger_is_stored_as_of_its_day_for_sql_and_its_confidential_reads_audited(world, store_url):
    store, seeded, _ = world
    runner = CliRunner()
    first = runner.invoke(app, ["--db", store_url, "snapshot", "--as-of", "2017-03-10"])
    assert first.exit_code == 0, first.output
    assert "stored the ledger as of 2017-03-10" in first.output
    again = runner.invoke(app, ["--db", store_url, "snapshot", "--as-of", "2017-03-10"])
    assert again.exit_code == 0  # a re-run replaces, never doubles
    with store.engine.connect() as con:
        rows = con.execute(text("SELECT kind, record_id, as_of, data FROM ledger_snapshots")).all()
    kinds = sorted({r.kind for r in rows})
    ids = {r.record_id for r in rows}
    assert kinds == ["agreement", "ceasefire", "siege"]
    assert {seeded.agreement, seeded.ceasefire, seeded.siege} <= ids
    assert len(ids) == len(rows)
    assert {str(r.as_of)[:10] for r in rows} == {"2017-03-10"}
    with store.engine.connect() as con:
        vias = (
            con.execute(text("SELECT after FROM audit_log WHERE action = 'confidential.read'"))
            .scalars()
            .all()
        )
    assert any("trucewatch snapshot" in str(v) for v in vias)  # the confidential report behind it, read
    # an analyst's SQL over the stored JSON reads the same figures the CLI prints
    shown = runner.invoke(
        app, ["--db", store_url, "ceasefire", seeded.ceasefire, "--as-of", "2017-03-10", "--json"]
    )
    (cf,) = [r for r in rows if r.record_id == seeded.ceasefire]
    data = cf.data if isinstance(cf.data, dict) else json.loads(cf.data)
    printed = json.loads(shown.stdout)
    assert printed["violations"] == data["violations"] and printed["violations"]["verdict"]
