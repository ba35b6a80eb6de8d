"""Alerts (trucewatch.alerts, `trucewatch alerts`) against a real HTTP receiver and a real SMTP
server on 127.0.0.1, over a real SQLite file. Reports and names are synthetic."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from typer.testing import CliRunner

import trucewatch.cli.commands  # noqa: F401  registers the verbs
from databases import migrated_sqlite
from receivers import Receiver, webhook_receiver
from trucewatch import store as st
from trucewatch.alerts import SmtpSettings, check_alerts, smtp_from_env
from trucewatch.cli import app
from trucewatch.model import (
    Claim,
    Document,
    EventType,
    Place,
    Precision,
    Quantity,
    QuantityKind,
    Source,
    Span,
    When,
)
from trucewatch.store.alerts import add_rule, list_rules

NOW = dt.datetime(2024, 5, 6, 12, 0)
PLACES = [
    Place("Valley", kind="region", id="valley"),
    Place("Old Town", kind="town", parent_id="valley", id="oldtown"),
    Place("Far Port", kind="town", id="farport"),
]


def _report(
    s: st.Store, text: str, claims: list[tuple[str, EventType, str]], *, secret: bool = False
) -> None:
    """One synthetic report and claims on its words: (words, type, place id)."""
    with s.session() as session:
        st.upsert_places(session, PLACES)
        doc = Document(
            text=text,
            content_hash=hashlib.sha256(text.encode()).hexdigest(),
            published=dt.date(2024, 5, 6),
            source=Source("A commander (synthetic)" if secret else "Valley Wire", confidential=secret),
        )
        doc_id, _ = st.add_document(session, doc)
        built = [
            Claim(
                kind,
                doc_id,
                (Span(doc_id, text.index(words), text.index(words) + len(words)),),
                When(dt.datetime(2024, 5, 5), Precision.DAY),
                place=place,
                place_id=place,
                quantities=(Quantity(QuantityKind.KILLED, 3),) if kind is EventType.ATTACK_SHELLING else (),
            )
            for words, kind, place in claims
        ]
        st.replace_claims(session, doc_id, "test", "1", built)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[st.Store]:
    s = st.open_store(migrated_sqlite(tmp_path / "alerts.db"))
    yield s
    s.close()


@pytest.fixture
def receiver() -> Iterator[tuple[str, type[Receiver]]]:
    with webhook_receiver() as hook:
        yield hook


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.messages.append(envelope.content)  # type: ignore[attr-defined]
        return "250 OK"


def test_a_violation_reaches_the_webhook_once_and_nothing_names_the_source(db, receiver) -> None:
    url, hook = receiver
    _report(
        db,
        "SYNTHETIC. Shelling hit the market of Old Town on Sunday.",
        [("Shelling", EventType.ATTACK_SHELLING, "oldtown")],
    )
    with db.session() as session:  # what is stored before the rule was made is not news to it
        add_rule(
            session,
            place_id="valley",
            types=[EventType.ATTACK_SHELLING, EventType.AID_BLOCKED],
            threshold=1,
            webhook=url,
            actor="cli:test",
            now=NOW,
        )
    _report(
        db,
        "SYNTHETIC. Mortars hit Old Town again and the road to Far Port stayed shut to aid convoys.",
        [
            ("Mortars hit", EventType.ATTACK_SHELLING, "oldtown"),
            ("stayed shut", EventType.AID_BLOCKED, "farport"),
        ],
    )
    _report(
        db,
        "SYNTHETIC INTERVIEW. Soldiers shelled the Old Town school, the commander told us.",
        [("shelled", EventType.ATTACK_SHELLING, "oldtown")],
        secret=True,
    )
    first = check_alerts(db, now=lambda: NOW)
    second = check_alerts(db, now=lambda: NOW)
    assert [n for _, n in first.sent] == [1] and second.sent == []
    (body,) = hook.bodies
    (told,) = body["claims"]  # the Far Port block is outside the Valley; the secret one is left out
    assert told["type"] == "attack.shelling" and told["place"] == "oldtown" and told["date"] == "2024-05-05"
    assert told["figures"] == {"killed": 3}
    text = json.dumps(body)
    assert "commander" not in text and "Mortars" not in text  # no source, no quoted words


def test_an_unreachable_receiver_keeps_the_claims_for_the_next_check(db, receiver) -> None:
    url, hook = receiver
    with db.session() as session:
        add_rule(session, place_id=None, types=[EventType.AID_BLOCKED], threshold=2, webhook=url, now=NOW)
    _report(
        db,
        "SYNTHETIC. The crossing was shut to aid trucks.",
        [("was shut", EventType.AID_BLOCKED, "farport")],
    )
    assert check_alerts(db).waiting == [(list_rules_ids(db)[0], 1)]  # under the threshold
    _report(
        db,
        "SYNTHETIC. Aid trucks were turned back again.",
        [("turned back", EventType.AID_BLOCKED, "farport")],
    )
    hook.status = 503
    failed = check_alerts(db)
    assert failed.sent == [] and "503" in failed.failed[0][1]
    hook.status = 204
    retried = check_alerts(db)
    assert [n for _, n in retried.sent] == [2] and len(hook.bodies) == 2
    with db.session() as session:
        (rule,) = list_rules(session)
    assert rule.last_error is None and rule.last_sent_at is not None


def list_rules_ids(db: st.Store) -> list[str]:
    with db.session() as session:
        return [r.id for r in list_rules(session)]


def test_an_email_alert_through_a_real_smtp_server(db) -> None:
    inbox = _Inbox()
    with socket.socket() as probe:  # a free port (aiosmtpd checks its server by connecting to it)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        smtp = smtp_from_env(
            {"TRUCEWATCH_SMTP_URL": f"smtp://127.0.0.1:{port}", "TRUCEWATCH_SMTP_FROM": "tw@example.org"}
        )
        assert smtp == SmtpSettings("127.0.0.1", port, sender="tw@example.org")
        with db.session() as session:
            add_rule(
                session,
                place_id="oldtown",
                types=[EventType.ATTACK_SHELLING],
                threshold=1,
                email="monitor@example.org",
                now=NOW,
            )
        _report(
            db, "SYNTHETIC. Shells fell on Old Town.", [("Shells fell", EventType.ATTACK_SHELLING, "oldtown")]
        )
        report = check_alerts(db, smtp=smtp)
    finally:
        controller.stop()
    assert [n for _, n in report.sent] == [1]
    (raw,) = inbox.messages
    message = message_from_bytes(raw, policy=policy.default)
    assert (
        message["To"] == "monitor@example.org"
        and message["Subject"] == "trucewatch: 1 new report for Old Town"
    )
    assert "attack.shelling in oldtown on 2024-05-05 (killed 3)" in message.get_body().get_content()


def test_the_cli_adds_lists_checks_and_removes_rules(tmp_path: Path, receiver, monkeypatch) -> None:
    url, hook = receiver
    db_url = migrated_sqlite(tmp_path / "cli.db")
    monkeypatch.setenv("TRUCEWATCH_DATABASE_URL", db_url)
    runner = CliRunner()
    s = st.open_store(db_url)
    try:
        with s.session() as session:
            st.upsert_places(session, PLACES)
    finally:
        s.close()
    bad = runner.invoke(app, ["alerts", "add", "--place", "Old Town", "--webhook", "file:///etc/passwd"])
    assert bad.exit_code != 0 and "http:// or https://" in bad.output
    added = runner.invoke(app, ["alerts", "add", "--place", "Old Town", "--webhook", url])
    assert added.exit_code == 0, added.output
    listed = runner.invoke(app, ["alerts", "list", "--json"])
    (rule,) = json.loads(listed.stdout)
    assert rule["place_id"] == "oldtown" and "aid.blocked" in rule["types"] and rule["to"] == url
    s = st.open_store(db_url)
    try:
        _report(
            s,
            "SYNTHETIC. A drone strike hit Old Town.",
            [("drone strike", EventType.ATTACK_AIRSTRIKE, "oldtown")],
        )
    finally:
        s.close()
    checked = runner.invoke(app, ["alerts", "check"])
    assert checked.exit_code == 0 and "sent 1 claim" in checked.output and len(hook.bodies) == 1
    removed = runner.invoke(app, ["alerts", "remove", rule["id"]])
    assert removed.exit_code == 0
    assert json.loads(runner.invoke(app, ["alerts", "list", "--json"]).stdout) == []
