"""`trucewatch serve --workers 2` over real HTTP: a browser login made on one worker holds on the others.

Each request goes on a new connection, so the kernel spreads them over both
worker processes; without one session key shared by the workers about half
of them would be sent back to the login page.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from trucewatch.store import open_store
from trucewatch.store.accounts import add_user

PASSWORD = "a long synthetic password"
REQUESTS = 40


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    store = open_store(url)
    with store.session() as session:
        add_user(session, "vic", "viewer", PASSWORD)
    store.close()
    port = _free_port()
    unset = ("TRUCEWATCH_SECRET_KEY", "TRUCEWATCH_DATABASE_URL")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    cli = "from trucewatch.cli import main; main()"
    command = [sys.executable, "-c", cli, "--db", url, "serve", "--workers", "2", "--port", str(port)]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                if httpx.get(base + "/login", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "serve exited"
            assert time.time() < deadline, "trucewatch serve did not start"
            time.sleep(0.2)
        time.sleep(1.0)  # let the second worker finish starting too
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def test_a_login_holds_on_every_worker_without_a_configured_key(served: str) -> None:
    with httpx.Client(base_url=served) as c:
        r = c.post("/login", data={"name": "vic", "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 303, r.text
    cookie = r.cookies.get("tw_session")
    assert cookie
    answers = []
    for _ in range(REQUESTS):
        # A new client each time: a new connection, which either worker may accept.
        with httpx.Client(base_url=served, cookies={"tw_session": cookie}) as c:
            answers.append(c.get("/", follow_redirects=False).status_code)
    assert answers == [200] * REQUESTS
