"""Compute the ledger as of a day and store it for SQL tools (`trucewatch snapshot`).

See trucewatch.store.snapshots: one row per agreement, ceasefire and siege with
the JSON `--json` prints, as an analyst reads it, replaced whole in one
transaction; the confidential documents behind it are audited as read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from trucewatch import ledger_service as service
from trucewatch.disclosure import Reader, audit_documents, referenced_documents
from trucewatch.ledger import serialize
from trucewatch.store import Session, get_place
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
    # kind, its ledgers, the record each ledger is about, and the JSON --json prints of it
    computed: list[tuple[str, Sequence[Any], Callable[[Any], Any], Callable[[Any, dict[str, str]], dict]]] = [
        (
            "agreement",
            service.agreement_ledgers(session, as_of=as_of),
            lambda lg: lg.agreement,
            serialize.agreement_ledger_json,
        ),
        (
            "ceasefire",
            service.ceasefire_ledgers(session, as_of=as_of),
            lambda lg: lg.ceasefire,
            serialize.ceasefire_ledger_json,
        ),
        (
            "siege",
            service.siege_ledgers(session, as_of=as_of),
            lambda lg: lg.siege,
            serialize.siege_ledger_json,
        ),
    ]
    audit_documents(
        session, reader, referenced_documents([ledgers for _, ledgers, _, _ in computed]), "snapshot"
    )
    names = _names(session, [record(lg).place_id for _, ledgers, record, _ in computed for lg in ledgers])
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
