"""Who is reviewing which claim (table review_leases), so two analysts do not take the same item.

Taking a claim from the review queue leases it to one analyst for a while
(LEASE); the queue shows it to the others as "being reviewed by …" and their
actions on it are refused until the lease ends, its holder acts on the claim,
or lets it go. A lease is a courtesy between colleagues, not a lock on the
data: an expired one is simply ignored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import DateTime, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from trucewatch.store.tables import ID, Base

__all__ = ["LEASE", "Lease", "active_leases", "release", "take"]

LEASE = dt.timedelta(minutes=20)


class ReviewLeaseRow(Base):
    __tablename__ = "review_leases"

    claim_id: Mapped[str] = mapped_column(ID, primary_key=True)
    user_name: Mapped[str] = mapped_column(String(120))
    until: Mapped[dt.datetime] = mapped_column(DateTime)


@dataclass(frozen=True, slots=True)
class Lease:
    claim_id: str
    user_name: str
    until: dt.datetime


def active_leases(session: Session, claim_ids: Iterable[str], now: dt.datetime) -> dict[str, Lease]:
    """The leases on these claims that have not run out."""
    ids = sorted(set(claim_ids))
    if not ids:
        return {}
    rows = session.scalars(
        select(ReviewLeaseRow).where(ReviewLeaseRow.claim_id.in_(ids), ReviewLeaseRow.until > now)
    )
    return {r.claim_id: Lease(r.claim_id, r.user_name, r.until) for r in rows}


def take(session: Session, claim_id: str, user_name: str, now: dt.datetime) -> Lease:
    """Lease the claim to `user_name` (renewing their own lease); the holder's lease when another
    analyst holds it still."""
    row = session.get(ReviewLeaseRow, claim_id, with_for_update=True)
    if row is not None and row.until > now and row.user_name != user_name:
        return Lease(row.claim_id, row.user_name, row.until)
    if row is None:
        row = ReviewLeaseRow(claim_id=claim_id, user_name=user_name, until=now + LEASE)
        session.add(row)
    else:
        row.user_name, row.until = user_name, now + LEASE
    session.flush()
    return Lease(claim_id, user_name, row.until)


def release(session: Session, claim_id: str) -> None:
    session.execute(delete(ReviewLeaseRow).where(ReviewLeaseRow.claim_id == claim_id))
