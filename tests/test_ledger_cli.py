"""The ledger verbs, run as a user runs them, on a real SQLite file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from databases import migrated_sqlite
from test_ledger_store import SAMPLE, seed_waer
from trucewatch import store
from trucewatch.cli import app
from trucewatch.cli import ledger as _ledger_verbs  # noqa: F401  registers the verbs
from trucewatch.model import ActionKind

runner = CliRunner()


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    path = tmp_path / "ledger.db"
    s = store.open_store(migrated_sqlite(path))
    seed_waer(s)
    s.close()
    return str(path)


def run(db_path: str, *args: str) -> str:
    result = runner.invoke(app, ["--db", f"sqlite:///{db_path}", *args], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def test_agreements_json_lists_the_proposal_with_compliance(db_path):
    [agreement] = json.loads(run(db_path, "agreements", "--as-of", "2017-03-08", "--json"))
    release = next(c for c in agreement["compliance"] if c["action"] == "release_detainees")
    assert agreement["status"] == "proposed" and release["as_of"] == "2017-03-08"
    assert (release["delivered"], release["target"], release["status"]) == (194, 7300, "partial")
    assert release["claim_ids"] and release["by_source"][0]["evidence"]


def test_agreement_confirm_then_shows_terms_and_progress_bar(db_path):
    [agreement] = json.loads(run(db_path, "agreements", "--json"))
    out = run(db_path, "agreement", agreement["id"], "--as-of", "2017-03-08", "--confirm")
    assert "confirmed" in out and "release_detainees" in out and "2.7%" in out and "█" in out
    [after] = json.loads(run(db_path, "agreements", "--json"))
    assert after["status"] == "confirmed"


def test_agreements_load_stores_the_file(db_path):
    out = run(db_path, "agreements", "load", str(SAMPLE))
    assert "loaded 1" in out
    ids = {a["id"] for a in json.loads(run(db_path, "agreements", "--json"))}
    assert "demo-waer-2019-05" in ids


def test_bad_agreements_file_fails_with_one_line_naming_the_field(db_path, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("agreements:\n  - kind: nonsense\n    title: x\n")
    result = runner.invoke(app, ["--db", f"sqlite:///{db_path}", "agreements", "load", str(bad)])
    assert result.exit_code == 1 and "agreements.0.kind" in result.output
    assert "Traceback" not in result.output


def test_ceasefire_and_siege_verbs(db_path):
    [cf] = json.loads(run(db_path, "ceasefires", "--as-of", "2017-03-08", "--json"))
    assert (cf["status"], cf["cf_class"], cf["violations"]["count"], cf["start"]["iso"]) == (
        "proposed",
        "bilateral",
        0,
        "2017-03-08T00:01",
    )
    out = run(db_path, "ceasefire", cf["id"], "--as-of", "2017-03-10")
    assert "0 violations in 3 days" in out
    siege = json.loads(run(db_path, "siege", "Waer", "--as-of", "2017-03-08", "--json"))
    access = siege["access"]
    assert access["days_since_last_delivery"] == 133 and access["population"][0]["value"] == 50000
    assert "133" in run(db_path, "sieges", "--as-of", "2017-03-08")


def test_unknown_ids_fail_cleanly(db_path):
    for args in (["agreement", "agr_nope"], ["ceasefire", "cf_nope"], ["siege", "Atlantis"]):
        result = runner.invoke(app, ["--db", f"sqlite:///{db_path}", *args])
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output


def test_bad_as_of_is_a_usage_error(db_path):
    result = runner.invoke(app, ["--db", f"sqlite:///{db_path}", "ceasefires", "--as-of", "March"])
    assert result.exit_code == 2


def test_demo_shows_the_ledger_of_its_sample_corpus(tmp_path):
    from rich.console import Console

    from trucewatch.demo import DemoRun, ingest_samples, show_ledger

    s = store.open_store(migrated_sqlite(tmp_path / "demo.db"))
    with open(tmp_path / "out.txt", "w", encoding="utf-8") as out:
        run = DemoRun(store=s, console=Console(file=out, width=200), db_path=tmp_path)
        try:
            ingest_samples(run)
            show_ledger(run)
        finally:
            s.close()
    assert run.ok
    agreements = {lg.agreement.id: lg for lg in run.results["ledger"]["agreements"]}
    demo = agreements["demo-waer-2019-05"]  # recorded from the sample agreements file
    release = next(c for c in demo.compliance if c.commitment.action == ActionKind.RELEASE_DETAINEES)
    # The samples report 310 of 1,200 released on 27 May; the deadline (1 June) has not passed on 28 May.
    assert (demo.as_of.isoformat(), release.delivered, release.status.value) == ("2019-05-28", 310, "partial")
    assert "demo-waer-2019-05" in (tmp_path / "out.txt").read_text()


def test_agreements_add_records_terms_that_compliance_counts_against(db_path):
    out = run(
        db_path,
        "agreements",
        "add",
        "--title",
        "Detainee term, typed in by an analyst",
        "--kind",
        "local_truce",
        "--place",
        "Waer",
        "--reached",
        "2016-08",
        "--party",
        "Syrian government",
        "--commitment",
        "Syrian government:release_detainees:7300:detainees",
    )
    agreement_id = out.split("recorded agreement ")[1].split()[0]
    ledger = json.loads(run(db_path, "agreement", agreement_id, "--as-of", "2017-03-08", "--json"))
    assert ledger["status"] == "confirmed"
    [term] = ledger["compliance"]
    assert (term["action"], term["target"], term["delivered"]) == ("release_detainees", 7300, 194)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--kind", "local_truce", "--commitment", "just-one-part"], "OBLIGATED:ACTION"),
        (["--kind", "armistice"], "kind"),
        (["--kind", "local_truce", "--place", "Atlantis"], "Atlantis"),
    ],
)
def test_agreements_add_refuses_bad_terms_with_one_clear_line(db_path, args, says):
    result = runner.invoke(
        app,
        ["--db", f"sqlite:///{db_path}", "agreements", "add", "--title", "t", *args],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code != 0
    assert says in result.output
    assert "Traceback" not in result.output


def _status_column(table: str) -> dict[str, str]:
    """Ceasefire id -> what the table's status column says."""
    rows = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.split("│")]
        if len(cells) > 3 and cells[1].startswith("cf"):
            rows[cells[1]] = cells[2]
    return rows


def test_ceasefires_table_says_holding_violated_ended_or_unknown(db_path):
    from test_ledger_store import _attack_report
    from trucewatch.model import Ceasefire, Precision, Status, When

    s = store.open_store(f"sqlite:///{db_path}")
    try:
        with s.session() as session:
            store.save_ceasefire(
                session,
                Ceasefire(
                    start=When(dt.datetime(2017, 3, 1, 6), Precision.HOUR, end=dt.datetime(2017, 3, 3, 6)),
                    place_id="madaya",
                    status=Status.CONFIRMED,
                    id="cf_two_days",
                ),
            )
        _attack_report(s, "SYNTHETIC: the district was shelled at dawn.", "waer", dt.date(2017, 3, 10))
    finally:
        s.close()
    [proposed] = [
        c["id"] for c in json.loads(run(db_path, "ceasefires", "--json")) if c["id"] != "cf_two_days"
    ]
    assert _status_column(run(db_path, "ceasefires", "--as-of", "2017-03-08")) == {
        proposed: "holding",
        "cf_two_days": "ended",
    }
    assert _status_column(run(db_path, "ceasefires", "--as-of", "2017-03-11"))[proposed] == "violated"
    later = run(db_path, "ceasefires", "--as-of", "2017-03-09", "--stale-days", "1")
    assert _status_column(later)[proposed] == "holding"
    assert "no reports since" not in later  # only an unknown verdict needs saying so
    stale = run(db_path, "ceasefires", "--as-of", "2017-04-09")
    assert _status_column(stale)[proposed] == "violated"  # a violation stays a violation
    detail = run(db_path, "ceasefire", "cf_two_days", "--as-of", "2017-03-20")
    assert "from 2017-03-01T06 to 2017-03-03T06" in detail and "ended 2017-03-03T06" in detail


def test_a_quiet_ceasefire_with_no_news_for_weeks_is_unknown(db_path):
    [cf] = json.loads(run(db_path, "ceasefires", "--as-of", "2017-04-01", "--json"))
    assert (cf["violations"]["verdict"], cf["violations"]["last_report"]) == ("unknown", "2017-03-08")
    table = run(db_path, "ceasefires", "--as-of", "2017-04-01")
    assert _status_column(table)[cf["id"]] == "unknown" and "no reports since 2017-03-08" in table
