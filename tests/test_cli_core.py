"""The core verbs through Typer's CliRunner, and once through the real entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import trucewatch.cli.commands  # noqa: F401  registers the verbs
from trucewatch.cli import app
from trucewatch.samples import sample_paths
from trucewatch.store import current_revision, head_revision, list_documents, open_store

runner = CliRunner()


def tw(*args: str, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, list(args), env=env or {"TRUCEWATCH_DATABASE_URL": ""})


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_ingest_twice_stores_once_and_says_so(db: str, shared_corpus: Path):
    first = tw("--db", db, "ingest", str(shared_corpus), "--source", "Syria Direct")
    assert first.exit_code == 0, first.output
    assert "added" in first.stdout
    second = tw("--db", db, "ingest", str(shared_corpus), "--source", "Syria Direct")
    assert second.exit_code == 0
    n = len(list(shared_corpus.glob("*.txt")))
    assert f"nothing new: {n} duplicates" in second.stdout


def test_documents_json_and_show_json(db: str, seed_report: Path):
    assert tw("--db", db, "ingest", str(seed_report), "--published", "2017-03-08").exit_code == 0
    listed = tw("--db", db, "documents", "--json")
    assert listed.exit_code == 0
    docs = json.loads(listed.stdout)
    assert len(docs) == 1 and docs[0]["id"].startswith("doc_") and docs[0]["published"] == "2017-03-08"
    assert "text" not in docs[0]
    shown = tw("--db", db, "show", docs[0]["id"], "--json")
    assert shown.exit_code == 0
    doc = json.loads(shown.stdout)
    assert doc["id"] == docs[0]["id"]
    assert doc["text"] == seed_report.read_text(encoding="utf-8")


def test_ingest_with_extract_stores_claims_once(db: str, seed_report: Path):
    from trucewatch.store import list_claims

    for _ in range(2):  # the second run re-extracts the duplicate: claims are replaced, not added
        result = tw("--db", db, "ingest", str(seed_report), "--published", "2017-03-08", "--extract")
        assert result.exit_code == 0, result.output
        assert "extracted" in result.stdout
    store = open_store(db)
    with store.session() as session:
        claims = list_claims(session)
    store.close()
    assert claims, "the seed report yields claims"
    assert len({c.id for c in claims}) == len(claims)
    assert {c.type.value for c in claims} >= {"ceasefire.start", "detainees.released"}


def test_documents_filters_by_dates(db: str, tmp_path: Path):
    for day in ("01", "15"):
        path = tmp_path / f"r{day}.txt"
        path.write_text(f"[synthetic] report of the {day}th\n", encoding="utf-8")
        assert tw("--db", db, "ingest", str(path), "--published", f"2019-05-{day}").exit_code == 0
    listed = tw("--db", db, "documents", "--json", "--since", "2019-05-10")
    assert [d["published"] for d in json.loads(listed.stdout)] == ["2019-05-15"]
    table = tw("--db", db, "documents", "--until", "2019-05-10")
    assert "2019-05-01" in table.stdout and "2019-05-15" not in table.stdout


def test_hostile_titles_and_text_are_shown_literally(db: str, tmp_path: Path):
    # Short enough to fit a table cell unwrapped at 80 columns.
    record = {
        "title": "[b]T[/b]",
        "text": "[synthetic] report\x1b[2J with a terminal escape and [red]markup[/red]",
        "source": "[i]W[/i]",
    }
    path = tmp_path / "hostile.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert tw("--db", db, "ingest", str(path)).exit_code == 0
    listed = tw("--db", db, "documents")
    assert "[b]T[/b]" in listed.stdout and "[i]W[/i]" in listed.stdout
    doc_id = json.loads(tw("--db", db, "documents", "--json").stdout)[0]["id"]
    shown = tw("--db", db, "show", doc_id)
    assert "\x1b" not in shown.stdout
    assert "\\u001b[2J" in shown.stdout and "[red]markup[/red]" in shown.stdout
    assert "title: [b]T[/b]" in shown.stdout


def test_failed_files_are_one_line_each_and_exit_1(db: str, tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("[synthetic] a report\n", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    result = tw("--db", db, "ingest", str(folder))
    assert result.exit_code == 1
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert sorted(ln.split(": ", 1)[0] for ln in lines) == [
        str(folder / "empty.txt"),
        str(folder / "sheet.xlsx"),
    ]
    assert "failed: empty" in result.stdout and "failed: unsupported" in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["ingest", ".", "--published", "8 March 2017"], 2, "YYYY-MM-DD"),
        (["documents", "--since", "2017-02-30"], 2, "YYYY-MM-DD"),
        (["show", "doc_0000000000000000"], 1, "no document"),
    ],
)
def test_expected_errors_are_one_clear_message_without_traceback(db: str, args, code, says):
    result = tw("--db", db, *args)
    assert result.exit_code == code
    assert says in result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


def test_an_unreachable_database_is_one_line(tmp_path: Path):
    result = tw("--db", "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2", "documents")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot open database")
    assert len(result.stderr.strip().splitlines()) == 1
    missing_dir = tw("--db", str(tmp_path / "no" / "dir" / "x.db"), "documents")
    assert missing_dir.exit_code == 1 and "cannot open database" in missing_dir.stderr


def test_the_database_url_can_come_from_the_environment(tmp_path: Path, seed_report: Path):
    env = {"TRUCEWATCH_DATABASE_URL": f"sqlite:///{tmp_path / 'env.db'}"}
    assert runner.invoke(app, ["ingest", str(seed_report)], env=env).exit_code == 0
    assert (tmp_path / "env.db").exists()


def test_db_upgrade_creates_the_schema(tmp_path: Path):
    path = tmp_path / "fresh.db"
    first = tw("--db", str(path), "db", "upgrade")
    assert first.exit_code == 0 and "(empty) ->" in first.stdout
    assert "already at schema" in tw("--db", str(path), "db", "upgrade").stdout
    store = open_store(str(path))
    assert current_revision(store.engine) == head_revision(store.engine)
    store.close()


def test_demo_builds_a_fresh_database_from_the_samples(tmp_path: Path):
    path = tmp_path / "demo.db"
    for _ in range(2):  # the second run replaces the first database
        result = tw("demo", "--db", str(path))
        assert result.exit_code == 0, result.output
    store = open_store(str(path))
    with store.session() as s:
        docs = list_documents(s)
    store.close()
    n_records = sum(
        p.read_text(encoding="utf-8").count("\n") if p.suffix == ".jsonl" else 1 for p in sample_paths()
    )
    assert len(docs) == n_records
    assert all(d.text.lstrip().startswith("[Synthetic") or "[Synthetic" in d.text[:200] for d in docs)
    assert sum(d.is_confidential for d in docs) == 1
    assert f"{len(docs)} documents" in result.stdout


def test_the_installed_command_ingests_twice(tmp_path: Path, shared_corpus: Path):
    exe = str(Path(sys.executable).with_name("trucewatch"))
    db = str(tmp_path / "real.db")
    runs = [
        subprocess.run(
            [exe, "--db", db, "ingest", str(shared_corpus)], capture_output=True, text=True, timeout=120
        )
        for _ in range(2)
    ]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr
    assert "nothing new" not in runs[0].stdout
    assert "nothing new" in runs[1].stdout
    listed = subprocess.run(
        [exe, "--db", db, "documents", "--json"], capture_output=True, text=True, timeout=60
    )
    assert len(json.loads(listed.stdout)) == len(list(shared_corpus.glob("*.txt")))


def test_showing_a_confidential_document_is_audited(db: str, tmp_path: Path):
    path = tmp_path / "source.txt"
    path.write_text("[synthetic] A council member, speaking in confidence, describes the talks.\n", "utf-8")
    assert tw("--db", db, "ingest", str(path), "--confidential").exit_code == 0
    assert "confidential.read" not in tw("--db", db, "audit", "--json").stdout
    doc_id = json.loads(tw("--db", db, "documents", "--json").stdout)[0]["id"]  # a read too
    assert tw("--db", db, "show", doc_id).exit_code == 0
    entries = [json.loads(line) for line in tw("--db", db, "audit", "--json").stdout.splitlines() if line]
    reads = [e for e in entries if e["action"] == "confidential.read"]
    assert sorted(e["after"]["via"] for e in reads) == ["trucewatch documents", "trucewatch show"]
    assert {e["resource_id"] for e in reads} == {doc_id}
    assert all(e["user"].startswith("cli:") for e in reads)


def test_quoting_a_confidential_document_in_claims_is_audited(db: str, tmp_path: Path):
    path = tmp_path / "interview.txt"
    path.write_text(
        "[synthetic] Speaking in confidence, a council member said regime artillery shelled Waer "
        "on 10 March 2017, killing three civilians.\n",
        "utf-8",
    )
    result = tw("--db", db, "ingest", str(path), "--confidential", "--published", "2017-03-11", "--extract")
    assert result.exit_code == 0, result.output
    listed = tw("--db", db, "claims", "--json")
    assert listed.exit_code == 0 and listed.stdout.strip()
    entries = [json.loads(line) for line in tw("--db", db, "audit", "--json").stdout.splitlines() if line]
    assert any(
        e["action"] == "confidential.read" and e["after"]["via"] == "trucewatch claims" for e in entries
    )
    unknown = tw("--db", db, "claims", "--place", "Atlantis")
    assert unknown.exit_code == 1 and "Atlantis" in unknown.output
