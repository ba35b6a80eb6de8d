"""Anonymous public read on the pages: trucewatch.disclosure's rule, as the API applies it.

Public visitors see only documents of public, non-confidential sources (and
not confidential themselves), the claims and events those back, and no
ledger, report or export. The timeline here reads only those claims; it is
the slow path (claims read in full), acceptable because public sources are few.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from sqlalchemy import ColumnElement, func, select, tuple_
from sqlalchemy.orm import Session

from trucewatch.disclosure import public_documents
from trucewatch.ledger import group_happenings
from trucewatch.model import Claim, Status
from trucewatch.report.timeline import ATTACKS, DAY_PRECISE, IN_CLAUSE, After, claims_by_ids
from trucewatch.store.tables import ClaimRow, DocumentRow

REFUSAL = (
    "Anonymous public read covers the documents of public sources and their claims and events; "
    "ledger figures, reports and exports combine every source, so they need an account."
)


def public_claim() -> ColumnElement[bool]:
    """A claim condition: its document is one public read may show."""
    return ClaimRow.document_id.in_(public_documents())


def all_public(session: Session, document_ids: Iterable[str]) -> bool:
    """Whether every one of these documents is public (and there is at least one), as the API's may_see."""
    wanted = sorted(set(document_ids))
    if not wanted:
        return False
    shown: set[str] = set()
    for i in range(0, len(wanted), IN_CLAUSE):
        batch = wanted[i : i + IN_CLAUSE]
        shown.update(
            session.scalars(
                select(DocumentRow.id).where(
                    DocumentRow.id.in_(batch), DocumentRow.id.in_(public_documents())
                )
            )
        )
    return shown == set(wanted)


def _attacks(scope: frozenset[str], first: dt.date, last: dt.date) -> list[ColumnElement[bool]]:
    return [
        ClaimRow.place_id.in_(sorted(scope)),
        ClaimRow.type.in_(ATTACKS),
        ClaimRow.status != Status.REJECTED.value,
        ClaimRow.when_start >= dt.datetime.combine(first, dt.time()),
        ClaimRow.when_start < dt.datetime.combine(last + dt.timedelta(days=1), dt.time()),
        public_claim(),
    ]


def latest_attack_day(session: Session, scope: frozenset[str]) -> dt.date | None:
    value = session.scalar(
        select(func.max(ClaimRow.when_start)).where(
            ClaimRow.place_id.in_(sorted(scope)),
            ClaimRow.type.in_(ATTACKS),
            ClaimRow.status != Status.REJECTED.value,
            public_claim(),
        )
    )
    if value is None:
        return None
    return value.date() if isinstance(value, dt.datetime) else dt.date.fromisoformat(str(value)[:10])


def attack_days(session: Session, scope: frozenset[str], first: dt.date, last: dt.date) -> Counter[dt.date]:
    """Attack happenings per day among public claims only, grouped by the ledger's own function."""
    ids = list(session.scalars(select(ClaimRow.id).where(*_attacks(scope, first, last))))
    counts: Counter[dt.date] = Counter()
    for h in group_happenings(claims_by_ids(session, ids)):
        if h.when is not None and h.place_id in scope and h.when.precision.value in DAY_PRECISE:
            d = h.when.start.date()
            if first <= d <= last:
                counts[d] += 1
    return counts


def count_attacks(session: Session, scope: frozenset[str], first: dt.date, last: dt.date) -> int:
    return session.scalar(select(func.count()).where(*_attacks(scope, first, last))) or 0


def attack_page(
    session: Session, scope: frozenset[str], first: dt.date, last: dt.date, after: After | None, limit: int
) -> list[Claim]:
    conditions = _attacks(scope, first, last)
    if after is not None:
        conditions.append(tuple_(ClaimRow.when_start, ClaimRow.id) < tuple_(after.when, after.id))
    ids = list(
        session.scalars(
            select(ClaimRow.id)
            .where(*conditions)
            .order_by(ClaimRow.when_start.desc(), ClaimRow.id.desc())
            .limit(limit)
        )
    )
    return claims_by_ids(session, ids)
