"""Alert rules and what each has already told (tables alert_rules, alert_sent).

A rule watches a place (and the places inside it) for claims of some types
("a violation or an aid block in Waer") and notifies a webhook or an e-mail
address once `threshold` new ones are stored. Each claim is told once per
rule: alert_sent keeps (rule, claim) for every claim a delivered notice
carried, and for the claims already stored when the rule was made (a new rule
tells what is new, not the archive). Making and removing a rule is audited.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from trucewatch.model import Claim, EventType, Status
from trucewatch.store.accounts import record
from trucewatch.store.claims import list_claims
from trucewatch.store.errors import NotFound
from trucewatch.store.ids import new_id
from trucewatch.store.places import place_descendants
from trucewatch.store.tables import ID, Base, ClaimRow, DocumentRow
from trucewatch.store.visibility import confidential_document

__all__ = [
    "AlertRule",
    "add_rule",
    "list_rules",
    "mark_sent",
    "note_failure",
    "pending_claims",
    "remove_rule",
]


class AlertRuleRow(Base):
    __tablename__ = "alert_rules"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    place_id: Mapped[str | None] = mapped_column(ID)  # None: everywhere
    types: Mapped[str] = mapped_column(Text)  # JSON list of event types
    threshold: Mapped[int] = mapped_column(Integer)
    webhook: Mapped[str | None] = mapped_column(String(2048))
    email: Mapped[str | None] = mapped_column(String(320))
    include_confidential: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    last_sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)


class AlertSentRow(Base):
    __tablename__ = "alert_sent"

    rule_id: Mapped[str] = mapped_column(
        ID, ForeignKey("alert_rules.id", ondelete="CASCADE"), primary_key=True
    )
    claim_id: Mapped[str] = mapped_column(ID, primary_key=True)


@dataclass(frozen=True, slots=True)
class AlertRule:
    id: str
    place_id: str | None
    types: tuple[EventType, ...]
    threshold: int
    webhook: str | None
    email: str | None
    include_confidential: bool
    created_at: dt.datetime
    last_sent_at: dt.datetime | None = None
    last_error: str | None = None

    @property
    def target(self) -> str:
        return self.webhook or self.email or ""


def _rule(row: AlertRuleRow) -> AlertRule:
    return AlertRule(
        id=row.id,
        place_id=row.place_id,
        types=tuple(EventType(t) for t in json.loads(row.types)),
        threshold=row.threshold,
        webhook=row.webhook,
        email=row.email,
        include_confidential=row.include_confidential,
        created_at=row.created_at,
        last_sent_at=row.last_sent_at,
        last_error=row.last_error,
    )


def add_rule(
    session: Session,
    *,
    place_id: str | None,
    types: Sequence[EventType],
    threshold: int,
    webhook: str | None = None,
    email: str | None = None,
    include_confidential: bool = False,
    actor: str | None = None,
    now: dt.datetime,
) -> AlertRule:
    """Store a rule (audited); the claims it would match today count as already told."""
    row = AlertRuleRow(
        id=new_id("alr"),
        place_id=place_id,
        types=json.dumps([t.value for t in types]),
        threshold=threshold,
        webhook=webhook,
        email=email,
        include_confidential=include_confidential,
        created_at=now,
    )
    session.add(row)
    session.flush()
    rule = _rule(row)
    mark_sent(session, rule, [c.id for c in pending_claims(session, rule) if c.id])
    record(
        session,
        user=None,
        actor=actor,
        action="alert.create",
        resource="alert_rules",
        resource_id=rule.id,
        after={
            "place_id": place_id,
            "types": [t.value for t in types],
            "threshold": threshold,
            "to": rule.target,
            "include_confidential": include_confidential,
        },
    )
    return rule


def list_rules(session: Session) -> list[AlertRule]:
    return [_rule(r) for r in session.scalars(select(AlertRuleRow).order_by(AlertRuleRow.created_at))]


def remove_rule(session: Session, rule_id: str, *, actor: str | None = None) -> None:
    row = session.get(AlertRuleRow, rule_id)
    if row is None:
        raise NotFound(f"no alert rule {rule_id!r}; see `trucewatch alerts list`")
    before = _rule(row)
    session.delete(row)
    record(
        session,
        user=None,
        actor=actor,
        action="alert.delete",
        resource="alert_rules",
        resource_id=rule_id,
        before={"place_id": before.place_id, "to": before.target},
    )


def pending_claims(session: Session, rule: AlertRule) -> list[Claim]:
    """Stored claims the rule matches and has not told yet (rejected ones never; claims only a
    confidential source states only when the rule includes them)."""
    places = None
    if rule.place_id is not None:
        places = place_descendants(session, rule.place_id) or {rule.place_id}
    told = set(session.scalars(select(AlertSentRow.claim_id).where(AlertSentRow.rule_id == rule.id)))
    statuses = [s for s in Status if s is not Status.REJECTED]
    found = [
        c
        for c in list_claims(session, types=rule.types, place_ids=places, status=statuses)
        if c.id not in told
    ]
    if not rule.include_confidential and found:
        secret = set(
            session.scalars(
                select(ClaimRow.id)
                .join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
                .where(ClaimRow.id.in_([c.id for c in found]), confidential_document())
            )
        )
        found = [c for c in found if c.id not in secret]
    return found


def mark_sent(
    session: Session, rule: AlertRule, claim_ids: Iterable[str], *, at: dt.datetime | None = None
) -> None:
    """Record that the rule has told these claims (after the notice was delivered)."""
    ids = sorted(set(claim_ids))
    session.add_all(AlertSentRow(rule_id=rule.id, claim_id=i) for i in ids)
    row = session.get(AlertRuleRow, rule.id)
    if row is not None and at is not None:
        row.last_sent_at, row.last_error = at, None


def note_failure(session: Session, rule: AlertRule, problem: str) -> None:
    row = session.get(AlertRuleRow, rule.id)
    if row is not None:
        row.last_error = problem[:2000]
