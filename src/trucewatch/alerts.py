"""Alerts: tell a webhook or an e-mail address when claims a rule watches for are stored.

`check_alerts` runs every rule once (`trucewatch alerts check`, e.g. after each
`watch` round or from cron): a rule with at least `threshold` claims it has not
told yet sends one notice listing them, and they are marked told only once the
notice was delivered, so a receiver that is down gets them on the next check.

What a notice says is what a viewer may see: type, place, date, figures and the
claim's id, never a source's name nor the quoted words (a notice leaves the
system; its readers are not known). Claims that only a confidential source
states are left out unless the rule was made with --include-confidential.

The webhook gets a JSON POST; e-mail goes through the SMTP server of
TRUCEWATCH_SMTP_URL (smtp://host:port, smtps:// for TLS; user:password@ if the
server needs a login), from TRUCEWATCH_SMTP_FROM.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import smtplib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

import httpx

from trucewatch.model import Claim

__all__ = ["AlertReport", "Notice", "SmtpSettings", "check_alerts", "notice_for", "smtp_from_env"]

TIMEOUT = 15.0  # seconds for one delivery


@dataclass(frozen=True, slots=True)
class Notice:
    """One alert, as sent: a subject line and a JSON-able body."""

    rule_id: str
    subject: str
    body: dict[str, object]

    def text(self) -> str:
        lines = [self.subject, ""]
        for item in self.body["claims"]:  # type: ignore[attr-defined]
            figures = ", ".join(f"{k} {v}" for k, v in item["figures"].items())
            lines.append(
                f"- {item['type']} in {item['place'] or 'an unnamed place'}"
                f" on {item['date'] or 'an unknown date'}"
                + (f" ({figures})" if figures else "")
                + f" [claim {item['id']}]"
            )
        return "\n".join(lines) + "\n"


def notice_for(rule_id: str, place_name: str | None, claims: Sequence[Claim]) -> Notice:
    """The notice telling `claims` (pure: no source names, no quoted words)."""
    where = place_name or "everywhere"
    subject = f"trucewatch: {len(claims)} new report{'s' if len(claims) != 1 else ''} for {where}"
    items = [
        {
            "id": c.id,
            "type": c.type.value,
            "place": c.place,
            "date": c.when.iso() if c.when else None,
            "figures": {q.kind.value: q.value for q in c.quantities if q.value is not None},
        }
        for c in claims
    ]
    return Notice(rule_id, subject, {"rule": rule_id, "place": place_name, "claims": items})


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int
    tls: bool = False
    user: str | None = None
    password: str | None = None
    sender: str = "trucewatch@localhost"


def smtp_from_env(env: dict[str, str] | None = None) -> SmtpSettings | None:
    """TRUCEWATCH_SMTP_URL (smtp://[user:password@]host[:port], smtps:// for TLS) and
    TRUCEWATCH_SMTP_FROM; None when no server is set."""
    env = dict(os.environ) if env is None else env
    url = env.get("TRUCEWATCH_SMTP_URL")
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError(f"TRUCEWATCH_SMTP_URL: expected smtp://host:port or smtps://host:port, not {url!r}")
    return SmtpSettings(
        host=parts.hostname,
        port=parts.port or (465 if parts.scheme == "smtps" else 25),
        tls=parts.scheme == "smtps",
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        sender=env.get("TRUCEWATCH_SMTP_FROM") or "trucewatch@localhost",
    )


def send_webhook(url: str, notice: Notice) -> None:
    response = httpx.post(url, json=notice.body, timeout=TIMEOUT, follow_redirects=False)
    if response.status_code >= 300:
        raise OSError(f"the webhook answered HTTP {response.status_code}")


def send_email(smtp: SmtpSettings, to: str, notice: Notice) -> None:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = smtp.sender, to, notice.subject
    message.set_content(notice.text())
    message.add_attachment(
        json.dumps(notice.body, ensure_ascii=False, indent=1).encode(),
        "application",
        "json",
        filename="alert.json",
    )
    client = smtplib.SMTP_SSL if smtp.tls else smtplib.SMTP
    with client(smtp.host, smtp.port, timeout=TIMEOUT) as server:
        if smtp.user:
            server.login(smtp.user, smtp.password or "")
        server.send_message(message)


@dataclass
class AlertReport:
    sent: list[tuple[str, int]] = field(default_factory=list)  # (rule id, claims told)
    waiting: list[tuple[str, int]] = field(default_factory=list)  # under the threshold yet
    failed: list[tuple[str, str]] = field(default_factory=list)  # (rule id, problem)


def check_alerts(
    store: object,
    *,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC).replace(tzinfo=None),
    smtp: SmtpSettings | None = None,
) -> AlertReport:
    """Run every rule once; each rule's notice is sent and marked in its own transaction."""
    from trucewatch.store import get_place
    from trucewatch.store.alerts import list_rules, mark_sent, note_failure, pending_claims

    report = AlertReport()
    session_of = store.session  # type: ignore[attr-defined]
    with session_of() as session:
        rules = list_rules(session)
    for rule in rules:
        with session_of() as session:
            claims = pending_claims(session, rule)
            if len(claims) < rule.threshold or not claims:
                if claims:
                    report.waiting.append((rule.id, len(claims)))
                continue
            place = get_place(session, rule.place_id) if rule.place_id else None
            notice = notice_for(rule.id, place.name if place else None, claims)
        try:
            if rule.webhook:
                send_webhook(rule.webhook, notice)
            elif rule.email:
                if smtp is None:
                    raise OSError("no SMTP server: set TRUCEWATCH_SMTP_URL (smtp://host:port)")
                send_email(smtp, rule.email, notice)
        except (OSError, smtplib.SMTPException, httpx.HTTPError, ValueError) as exc:
            problem = f"{type(exc).__name__}: {exc}".splitlines()[0]
            report.failed.append((rule.id, problem))
            with session_of() as session:
                note_failure(session, rule, problem)
            continue
        with session_of() as session:
            mark_sent(session, rule, [c.id for c in claims if c.id], at=now())
        report.sent.append((rule.id, len(claims)))
    return report
