"""Compute the ledger as of a day and store it for SQL tools (`trucewatch snapshot`).

See trucewatch.store.snapshots: one row per agreement, ceasefire and siege with
the JSON `--json` prints, as an analyst reads it, replaced whole in one
transaction; the confidential documents behind it are audited as read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from trucewatch import ledger_service as service
from trucewatch import serialize
from trucewatch.disclosure import Reader, audit_documents, referenced_documents
from trucewatch.store import Session, place_names
from trucewatch.store.snapshots import KINDS, SnapshotRow, replace_snapshot

__all__ = ["refresh_snapshot"]


def refresh_snapshot(session: Session, *, as_of: dt.date, now: dt.datetime, reader: Reader) -> dict[str, int]:
    """Store the ledger as of `as_of` (in the caller's transaction); rows stored per kind."""
    # kind, its ledgers, the record each ledger is about, and the JSON --json prints of it
    computed: list[tuple[str, Sequence[Any], Callable[[Any], Any], Callable[[Any, dict[str, str]], dict]]] = [
        (
            "agreement",
            service.agreement_ledgers(session, as_of=as_of),
            lambda lg: lg.agreement,
            lambda lg, names: serialize.as_json(serialize.agreement_ledger_out(lg, names)),
        ),
        (
            "ceasefire",
            service.ceasefire_ledgers(session, as_of=as_of),
            lambda lg: lg.ceasefire,
            lambda lg, names: serialize.as_json(serialize.ceasefire_ledger_out(lg, names)),
        ),
        (
            "siege",
            service.siege_ledgers(session, as_of=as_of),
            lambda lg: lg.siege,
            lambda lg, names: serialize.as_json(serialize.siege_ledger_out(lg, names)),
        ),
    ]
    audit_documents(
        session, reader, referenced_documents([ledgers for _, ledgers, _, _ in computed]), "snapshot"
    )
    names = place_names(session, serialize.place_ids([ledgers for _, ledgers, _, _ in computed]))
    rows = [
        SnapshotRow(
            kind, record(lg).id or "", record(lg).status.value, record(lg).place_id, to_json(lg, names)
        )
        for kind, ledgers, record, to_json in computed
        for lg in ledgers
    ]
    replace_snapshot(session, (r for r in rows if r.record_id), kinds=KINDS, as_of=as_of, computed_at=now)
    counts = {kind: 0 for kind in KINDS}
    for r in rows:
        counts[r.kind] += 1
    return counts
