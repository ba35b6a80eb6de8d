"""Compute the ledger as of a day and store it for SQL tools (`trucewatch snapshot`).

See trucewatch.store.snapshots: one row per agreement, ceasefire and siege with
the JSON `--json` prints, as an analyst reads it, replaced whole in one
transaction; the confidential documents behind it are audited as read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy.orm import Session

from trucewatch.disclosure import Reader, audit_documents, referenced_documents
from trucewatch.ledger import serialize, service
from trucewatch.store import get_place
from trucewatch.store.snapshots import KINDS, SnapshotRow, replace_snapshot

__all__ = ["refresh_snapshot"]


def _names(session: Session, place_ids: Iterable[str | None]) -> dict[str, str]:
    found = {}
    for pid in {p for p in place_ids if p}:
        if (place := get_place(session, pid)) is not None:
            found[pid] = place.name
    return found


def refresh_snapshot(session: Session, *, as_of: dt.date, now: dt.datetime, reader: Reader) -> dict[str, int]:
    """Store the ledger as of `as_of` (in the caller's transaction); rows stored per kind."""
    agreements = service.agreement_ledgers(session, as_of=as_of)
    ceasefires = service.ceasefire_ledgers(session, as_of=as_of)
    sieges = service.siege_ledgers(session, as_of=as_of)
    audit_documents(session, reader, referenced_documents([agreements, ceasefires, sieges]), "snapshot")
    names = _names(
        session,
        [
            *(lg.agreement.place_id for lg in agreements),
            *(lg.ceasefire.place_id for lg in ceasefires),
            *(lg.siege.place_id for lg in sieges),
        ],
    )
    rows = [
        *(
            SnapshotRow(
                "agreement",
                lg.agreement.id or "",
                lg.agreement.status.value,
                lg.agreement.place_id,
                serialize.agreement_ledger_json(lg, names),
            )
            for lg in agreements
        ),
        *(
            SnapshotRow(
                "ceasefire",
                lg.ceasefire.id or "",
                lg.ceasefire.status.value,
                lg.ceasefire.place_id,
                serialize.ceasefire_ledger_json(lg, names),
            )
            for lg in ceasefires
        ),
        *(
            SnapshotRow(
                "siege",
                lg.siege.id or "",
                lg.siege.status.value,
                lg.siege.place_id,
                serialize.siege_ledger_json(lg, names),
            )
            for lg in sieges
        ),
    ]
    replace_snapshot(session, (r for r in rows if r.record_id), kinds=KINDS, as_of=as_of, computed_at=now)
    counts = {kind: 0 for kind in KINDS}
    for r in rows:
        counts[r.kind] += 1
    return counts
