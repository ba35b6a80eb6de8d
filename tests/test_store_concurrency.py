"""Two `trucewatch serve` workers on one SQLite file, many clients at once: no errors, no lost writes.

Analysts read confidential documents (each read writes an audit entry) and
upload reports while another process holds the database's write lock for
longer than SQLite's own busy timeout, as a long import or an operator's
`sqlite3` session does. Every request must still succeed, every
acknowledged upload must be stored, and every confidential read audited.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import random
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from trucewatch.ingest import content_hash
from trucewatch.model import Document, Source
from trucewatch.store import add_document, open_store
from trucewatch.store.accounts import add_user, issue_token

CLIENTS = 20
REQUESTS_EACH = 15
HOLD_SECONDS = 20  # well beyond the 10 s SQLite busy timeout the store used to rely on alone


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _doc(n: int, secret: bool) -> Document:
    text = f"Field note {n}: a made-up line for the two-worker test."
    source = Source("Unnamed local contact", kind="person", confidential=True) if secret else Source("Wire")
    return Document(text=text, content_hash=content_hash(text), published=dt.date(2017, 3, 1), source=source)


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[tuple[str, Path, str, list[str], list[str]]]:
    db = tmp_path / "workers.db"
    url = f"sqlite:///{db}"
    store = open_store(url)
    secret, open_ = [], []
    with store.session() as session:
        add_user(session, "ana", "analyst", None)
        _, token = issue_token(session, "ana")
        for n in range(20):
            doc_id, _ = add_document(session, _doc(n, secret=n % 2 == 0))
            (secret if n % 2 == 0 else open_).append(doc_id)
    store.close()
    port = _free_port()
    env = {
        k: v for k, v in os.environ.items() if k not in ("TRUCEWATCH_DATABASE_URL", "TRUCEWATCH_PUBLIC_READ")
    }
    cli = "from trucewatch.cli import main; main()"
    command = [sys.executable, "-c", cli, "--db", url, "serve", "--workers", "2", "--port", str(port)]
    log = (tmp_path / "serve.log").open("wb")  # a file, not a pipe: the access log must never block a worker
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                if httpx.get(base + "/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.time() < deadline, "trucewatch serve did not start"
            time.sleep(0.2)
        time.sleep(1.0)  # the second worker finishes starting too
        yield base, db, token, secret, open_
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        log.close()


def _hold_write_lock(db: Path, ready: threading.Event, released: list[float]) -> None:
    """Another process's long write: the write lock taken and kept, then nothing written."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    ready.set()
    time.sleep(HOLD_SECONDS)
    released.append(time.monotonic())
    conn.execute("ROLLBACK")
    conn.close()


async def _clients(base: str, token: str, secret: list[str], open_: list[str]) -> dict[str, object]:
    failures: list[str] = []
    written: list[str] = []
    secret_reads = 0
    open_reads_done: list[float] = []

    async def client(n: int) -> None:
        nonlocal secret_reads
        rng = random.Random(n)
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=120) as c:
            for i in range(REQUESTS_EACH):
                # Client 0 only reads open documents: those never need the write lock.
                kind = "open" if n == 0 else rng.choice(["secret", "secret", "list", "upload", "open"])
                try:
                    if kind == "secret":
                        r = await c.get(f"/api/documents/{rng.choice(secret)}")
                    elif kind == "list":
                        r = await c.get("/api/documents?confidential=true&limit=5")
                    elif kind == "upload":
                        text = f"Upload {n}.{i}: another invented line for the two-worker test."
                        r = await c.post("/api/documents", files={"file": (f"u{n}-{i}.txt", text.encode())})
                    else:
                        r = await c.get(f"/api/documents/{rng.choice(open_)}")
                except httpx.HTTPError as exc:
                    failures.append(f"{kind}: {type(exc).__name__}")
                    continue
                if r.status_code not in (200, 201):
                    failures.append(f"{kind}: {r.status_code} {r.text[:200]}")
                elif kind == "upload":
                    written.append(r.json()["documents"][0]["id"])
                elif kind in ("secret", "list"):
                    secret_reads += 1
                else:
                    open_reads_done.append(time.monotonic())

    await asyncio.gather(*(client(n) for n in range(CLIENTS)))
    return {"failures": failures, "written": written, "secret_reads": secret_reads, "open": open_reads_done}


def test_two_workers_answer_every_request_while_another_process_writes(
    two_workers: tuple[str, Path, str, list[str], list[str]],
) -> None:
    base, db, token, secret, open_ = two_workers
    # Warm both workers up (first uploads import the readers), so the load meets the lock at once.
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60) as c:
        for n in range(4):
            text = f"Warm-up {n}: an invented line."
            assert c.post("/api/documents", files={"file": (f"w{n}.txt", text.encode())}).status_code == 201
            assert c.get(f"/api/documents/{secret[n]}").status_code == 200
    ready = threading.Event()
    released: list[float] = []
    holder = threading.Thread(target=_hold_write_lock, args=(db, ready, released))
    holder.start()
    assert ready.wait(10)
    try:
        out = asyncio.run(_clients(base, token, secret, open_))
    finally:
        holder.join()
    assert out["failures"] == []
    conn = sqlite3.connect(db)
    stored = {row[0] for row in conn.execute("SELECT id FROM documents")}
    audited = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'confidential.read'").fetchone()[0]
    conn.close()
    written = out["written"]
    assert isinstance(written, list) and len(written) > 0
    assert [w for w in written if w not in stored] == []  # no acknowledged write is missing
    assert isinstance(out["secret_reads"], int) and audited >= out["secret_reads"] > 0
    # Reads that write nothing never waited for the lock (WAL): some finished while it was held.
    done = out["open"]
    assert isinstance(done, list) and min(done) < released[0]
