"""A time budget per document: over it, extraction stops with a clear error, the batch goes on.

Slow documents are made on purpose: a budget far below what the text needs
(measured in the same test), or a component that runs a regular expression
which backtracks for ever. Sample texts are synthetic."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import trucewatch.cli.commands  # noqa: F401  registers the verbs
from trucewatch.cli import app
from trucewatch.extract.base import Analysis
from trucewatch.extract.budget import BudgetExceeded, Deadline, interrupt_at
from trucewatch.extract.pipeline import Pipeline, build_pipeline, extract_document
from trucewatch.extract_store import extract_and_store
from trucewatch.ingest import content_hash
from trucewatch.model import Document
from trucewatch.store import add_document, list_claims, open_store

_PUBLISHED = dt.date(2017, 3, 8)
_REPORT = (
    "The ceasefire took effect in Aleppo on 3 March 2017. A convoy of 40 trucks reached Madaya. "
    "Negotiators met in Geneva for a third round of talks."
)


class _Stall:
    """A component that never hands control back: an exponential regular-expression search,
    on documents whose text asks for it."""

    name = "stall"

    def __call__(self, analysis: Analysis) -> Analysis:
        if "STALL" in analysis.text:
            re.match(r"(?:a|aa)*c", "a" * 64)  # some 10^13 paths: never finishes by itself
        return analysis


def test_a_deadline_runs_out_and_says_where_and_for_whom() -> None:
    now = [100.0]
    deadline = Deadline(5, "doc-1", clock=lambda: now[0])
    deadline.check("triggers")
    now[0] = 105.0
    with pytest.raises(BudgetExceeded) as caught:
        deadline.check("triggers")
    assert caught.value.document_id == "doc-1" and caught.value.where == "triggers"
    assert str(caught.value) == "extraction ran over its 5 s time budget (stopped in triggers)"
    with pytest.raises(ValueError, match="more than 0"):
        Deadline(0)


def test_a_document_over_its_budget_stops_inside_a_long_component() -> None:
    text = "The ceasefire took effect and aid reached the town, " * 8000  # triggers do most of the work
    started = time.monotonic()
    extract_document("whole", text, _PUBLISHED)
    whole = time.monotonic() - started
    took = []
    for _ in range(3):  # the fastest of three: a loaded machine's pause is not the budget failing
        started = time.monotonic()
        with pytest.raises(BudgetExceeded) as caught:
            extract_document("cut", text, _PUBLISHED, budget=whole / 10)
        took.append(time.monotonic() - started)
        assert caught.value.where == "triggers" and caught.value.document_id == "cut"
    assert min(took) < whole / 2, (took, whole)  # stopped soon after its budget, not at the end


@pytest.mark.timeout(60)
def test_the_alarm_stops_a_step_that_never_returns() -> None:
    pipeline = Pipeline([*build_pipeline(["normalise", "sentences"]).components, _Stall()])
    deadline = Deadline(0.3, "doc-stalled")
    with pytest.raises(BudgetExceeded) as caught, interrupt_at(deadline):
        extract_document("doc-stalled", "STALL " + _REPORT, _PUBLISHED, pipeline=pipeline, deadline=deadline)
    assert caught.value.where == "stall" and caught.value.document_id == "doc-stalled"


def _store_documents(url: str, texts: list[str]) -> list[str]:
    with open_store(url) as store, store.session() as session:
        return [
            add_document(session, Document(text=t, content_hash=content_hash(t), published=_PUBLISHED))[0]
            for t in texts
        ]


@pytest.mark.timeout(120)
def test_a_batch_goes_on_past_a_document_over_budget_and_keeps_its_claims(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'budget.db'}"
    first, stalled, last = _store_documents(url, [_REPORT, "STALL " + _REPORT, _REPORT.replace("40", "12")])
    with open_store(url) as store:
        extract_and_store(store)  # every document extracted once, without the stall
        with store.session() as session:
            before = list_claims(session, document_id=stalled)
        assert before
        stalling = Pipeline([*build_pipeline().components, _Stall()])
        summary = extract_and_store(store, pipeline=stalling, budget=1.0)
        with store.session() as session:
            after = list_claims(session, document_id=stalled)
            others = [list_claims(session, document_id=d) for d in (first, last)]
    assert summary.failed == [
        f"{stalled}: extraction ran over its 1 s time budget (stopped in stall)",
    ]
    assert summary.documents == 2 and all(others)
    assert [c.id for c in after] == [c.id for c in before]  # nothing stored for it, nothing lost


runner = CliRunner()


def _tw(*args: str, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, list(args), env={"TRUCEWATCH_DATABASE_URL": "", **(env or {})})


def test_extract_all_names_each_document_over_budget_and_exits_1(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    ids = _store_documents(url, [_REPORT, _REPORT.replace("Aleppo", "Homs")])
    # a budget no document can meet: each fails alone, named on a line of its own
    result = _tw("--db", url, "extract", "--all", "--budget", "0.000001")
    assert result.exit_code == 1
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert sorted(ln.split(": ")[1] for ln in lines) == sorted(ids)
    assert all("time budget" in ln for ln in lines)
    with open_store(url) as store, store.session() as session:
        assert list_claims(session) == []
    result = _tw("--db", url, "extract", "--all")  # the default budget is ample
    assert result.exit_code == 0, result.output
    with open_store(url) as store, store.session() as session:
        assert list_claims(session)


def test_ingest_extract_with_a_budget_stores_the_document_and_names_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    report = tmp_path / "report.txt"
    report.write_text(_REPORT, encoding="utf-8")
    result = _tw("--db", url, "ingest", str(report), "--extract", "--extract-budget", "0.000001")
    assert result.exit_code == 1
    assert "time budget" in result.stderr and "added" in result.stdout


@pytest.mark.parametrize(
    ("args", "env", "code", "says"),
    [
        (["extract", "--all", "--budget", "0"], {}, 2, "above 0"),
        (["extract", "--all"], {"TRUCEWATCH_EXTRACT_BUDGET": "soon"}, 1, "TRUCEWATCH_EXTRACT_BUDGET"),
    ],
)
def test_a_bad_budget_is_one_clear_message(
    tmp_path: Path, args: list[str], env: dict[str, str], code: int, says: str
) -> None:
    result = _tw("--db", f"sqlite:///{tmp_path / 'cli.db'}", *args, env=env)
    assert result.exit_code == code
    assert says in result.output and "Traceback" not in result.output
