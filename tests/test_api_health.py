"""The probes an operator points a load balancer at, over real HTTP through the app."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from api_helpers import client
from trucewatch.store import open_store


def test_the_probes_answer_without_a_token_and_say_nothing_stored(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'tw.db'}")
    with client(store) as c:
        alive, ready = c.get("/api/health"), c.get("/api/health/ready")
    store.close()
    assert (alive.status_code, alive.json()) == (200, {"status": "ok"})
    assert (ready.status_code, ready.json()) == (200, {"status": "ok"})


def test_readiness_fails_with_a_problem_when_the_database_is_gone(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    store = open_store(f"sqlite:///{folder / 'tw.db'}")
    with client(store) as c:
        assert c.get("/api/health/ready").status_code == 200
        shutil.rmtree(folder)
        store.engine.dispose()  # the pooled connections kept the deleted file open
        ready, alive = c.get("/api/health/ready"), c.get("/api/health")
    store.close()
    assert ready.status_code == 503
    assert ready.headers["content-type"].startswith("application/problem+json")
    assert ready.json()["detail"] == "the database is not available; try again later"
    assert "TRUCEWATCH_DATABASE_URL" in caplog.text  # what to check is in the operator's log
    assert alive.status_code == 200  # the process itself still answers
