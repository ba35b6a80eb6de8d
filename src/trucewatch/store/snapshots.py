"""The ledger as computed on a day, stored for SQL tools (table ledger_snapshots).

trucewatch computes agreements, ceasefires and sieges from the claims on every
request; this table keeps one computation (`trucewatch snapshot`) so that a
Datasette or SQL user sees the ledger, each row with the day it is as of and
when it was computed. A refresh replaces every row of the kinds it computed, in
one transaction. Rows hold the JSON the CLI's --json prints, as an analyst
reads it: the table is as confidential as the documents table beside it (whoever
reads the database file reads both); views, exports and the API redact, the
database does not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Date, DateTime, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from trucewatch.store.tables import ID, Base

__all__ = ["SnapshotRow", "replace_snapshot", "snapshot_counts"]

KINDS = ("agreement", "ceasefire", "siege")


class LedgerSnapshotRow(Base):
    __tablename__ = "ledger_snapshots"

    kind: Mapped[str] = mapped_column(String(12), primary_key=True)  # agreement, ceasefire or siege
    record_id: Mapped[str] = mapped_column(ID, primary_key=True)
    status: Mapped[str] = mapped_column(String(12))  # proposed or confirmed (the record's), not the verdict
    place_id: Mapped[str | None] = mapped_column(ID, index=True)
    as_of: Mapped[dt.date] = mapped_column(Date)
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


@dataclass(frozen=True, slots=True)
class SnapshotRow:
    kind: str
    record_id: str
    status: str
    place_id: str | None
    data: dict[str, Any]


def replace_snapshot(
    session: Session,
    rows: Iterable[SnapshotRow],
    *,
    kinds: Iterable[str],
    as_of: dt.date,
    computed_at: dt.datetime,
) -> int:
    """Replace the stored rows of `kinds` with `rows` (in the caller's transaction); how many."""
    wanted = sorted(set(kinds))
    session.execute(delete(LedgerSnapshotRow).where(LedgerSnapshotRow.kind.in_(wanted)))
    new = [
        LedgerSnapshotRow(
            kind=r.kind,
            record_id=r.record_id,
            status=r.status,
            place_id=r.place_id,
            as_of=as_of,
            computed_at=computed_at,
            data=r.data,
        )
        for r in rows
        if r.kind in wanted
    ]
    session.add_all(new)
    session.flush()
    return len(new)


def snapshot_counts(session: Session) -> dict[str, tuple[int, dt.date | None]]:
    """kind -> (rows, the day they are as of)."""
    query = select(LedgerSnapshotRow.kind, func.count(), func.max(LedgerSnapshotRow.as_of)).group_by(
        LedgerSnapshotRow.kind
    )
    return {kind: (n, day) for kind, n, day in session.execute(query)}
