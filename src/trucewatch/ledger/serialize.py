"""Ledger results as plain JSON-ready dicts (for --json, the API and reports).

Every figure keeps the claim ids and evidence spans it came from; records
derived from claims and not yet confirmed carry "status": "proposed".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from trucewatch.ledger.ceasefires import CeasefireLedger, Window
from trucewatch.ledger.compliance import AgreementLedger, Compliance, Delivery
from trucewatch.ledger.ethprio import ethprio_rows
from trucewatch.ledger.happenings import Happening
from trucewatch.ledger.sieges import SiegeLedger
from trucewatch.model import Agreement, Ceasefire, Commitment, Siege, Span, When

PlaceNames = Mapping[str, str]


def when_json(when: When | None) -> dict[str, Any] | None:
    if when is None:
        return None
    return {
        "date": when.iso(),
        "precision": when.precision.value,
        "start": when.start.isoformat(),
        "end": when.end.isoformat() if when.end else None,
        "open_ended": when.open_ended,
    }


def spans_json(spans: Sequence[Span]) -> list[dict[str, Any]]:
    return [{"document_id": s.document_id, "start": s.start, "end": s.end} for s in dict.fromkeys(spans)]


def _place(place_id: str | None, names: PlaceNames) -> dict[str, Any] | None:
    return None if place_id is None else {"id": place_id, "name": names.get(place_id)}


def happening_json(h: Happening, names: PlaceNames) -> dict[str, Any]:
    return {
        "type": h.type.value,
        "when": when_json(h.when),
        "place": _place(h.place_id, names),
        "perpetrators": list(h.perpetrators),
        "event_id": h.event_id,
        "claim_ids": list(h.claim_ids),
        "evidence": spans_json(h.evidence),
    }


def commitment_json(c: Commitment) -> dict[str, Any]:
    return {
        "id": c.id,
        "obligated": c.obligated,
        "action": c.action.value,
        "target": c.target,
        "unit": c.unit.value if c.unit else None,
        "qualifier": c.qualifier.value,
        "deadline": c.deadline.isoformat() if c.deadline else None,
        "description": c.description,
        "evidence": spans_json(c.evidence),
    }


def agreement_json(a: Agreement, names: PlaceNames) -> dict[str, Any]:
    return {
        "id": a.id,
        "status": a.status.value,
        "kind": a.kind.value,
        "title": a.title,
        "reached": when_json(a.reached),
        "effective_from": when_json(a.effective_from),
        "effective_until": when_json(a.effective_until),
        "place": _place(a.place_id, names),
        "parties": list(a.parties),
        "mediators": list(a.mediators),
        "guarantors": list(a.guarantors),
        "monitor": a.monitor,
        "commitments": [commitment_json(c) for c in a.commitments],
        "claim_ids": list(a.claim_ids),
        "evidence": spans_json(a.evidence),
    }


def delivery_json(d: Delivery, names: PlaceNames) -> dict[str, Any]:
    return {
        "when": when_json(d.happening.when),
        "reported": d.reported.isoformat() if d.reported else None,
        "value": d.value,
        "qualifier": d.qualifier.value,
        "figure": d.text(),
        "mood": d.mood.value,  # done (a batch), total (so far), forecast (expected, not delivered)
        "claim_ids": list(d.happening.claim_ids),
    }


def compliance_json(c: Compliance, names: PlaceNames) -> dict[str, Any]:
    return {
        "commitment_id": c.commitment.id,
        "obligated": c.commitment.obligated,
        "action": c.commitment.action.value,
        "unit": c.unit.value if c.unit else None,
        "delivered": c.delivered,
        "delivered_qualifier": c.delivered_qualifier.value,
        "delivered_max": c.delivered_max,
        "target": c.target,
        "target_qualifier": c.target_qualifier.value,
        "share": c.share,
        "text": c.text(),
        "status": c.status.value,
        "disputed": c.disputed,
        "by_source": [
            {
                "source": f.source,
                "delivered": f.delivered,
                "qualifier": f.qualifier.value,
                "figure": f.text(),
                "at_least": f.at_least,
                "claim_ids": list(f.claim_ids),
                "evidence": spans_json(f.evidence),
            }
            for f in c.by_source
        ],
        "unquantified": c.unquantified,
        "deliveries": [delivery_json(d, names) for d in c.deliveries],
        "expected": [delivery_json(d, names) for d in c.expected],
        "progress": [happening_json(h, names) for h in c.progress],
        "breaches": [happening_json(h, names) for h in c.breaches],
        "claim_ids": list(dict.fromkeys(c.claim_ids)),
    }


def agreement_ledger_json(ledger: AgreementLedger, names: PlaceNames) -> dict[str, Any]:
    return {
        **agreement_json(ledger.agreement, names),
        "as_of": ledger.as_of.isoformat(),
        "compliance": [compliance_json(c, names) for c in ledger.compliance],
    }


def ceasefire_json(cf: Ceasefire, names: PlaceNames) -> dict[str, Any]:
    return {
        "id": cf.id,
        "status": cf.status.value,
        "start": when_json(cf.start),
        "end": when_json(cf.end),
        "place": _place(cf.place_id, names),
        "parties": list(cf.parties),
        "mediators": list(cf.mediators),
        "monitor": cf.monitor,
        "class": cf.cf_class.value if cf.cf_class else None,
        "written": cf.written,
        "purpose": cf.purpose.value if cf.purpose else None,
        "coverage": cf.coverage,
        "ended_how": cf.ended_how,
        "agreement_id": cf.agreement_id,
        "claim_ids": list(cf.claim_ids),
        "evidence": spans_json(cf.evidence),
        "ethprio": ethprio_rows(cf),  # one row per party, as the released dataset
    }


def _window_json(w: Window, names: PlaceNames) -> dict[str, Any]:
    return {
        "start": w.start.isoformat(),
        "end": w.end.isoformat(),
        "violations": w.count,
        "possible": w.possible,
        "apportioned": round(w.apportioned, 2),
        "text": w.text(),
        "happenings": [happening_json(h, names) for h in w.violations],
        "uncertain": [happening_json(h, names) for h in w.uncertain],
    }


def ceasefire_ledger_json(ledger: CeasefireLedger, names: PlaceNames) -> dict[str, Any]:
    return {
        **ceasefire_json(ledger.ceasefire, names),
        "as_of": ledger.as_of.isoformat(),
        "started": ledger.started,
        "in_force": ledger.in_force,
        "verdict": ledger.status.value,  # "status" is the record's review status
        "verdict_text": ledger.verdict_text(),
        "last_report": ledger.last_report.isoformat() if ledger.last_report else None,
        "stale": ledger.stale,
        "stale_days": ledger.stale_days,
        "violations": ledger.period.count,
        "possible_violations": ledger.period.possible,
        "not_dated_to_a_day": ledger.not_dated_to_a_day,
        "compare_days": ledger.compare_days,
        "days": ledger.days,
        "days_without_violation": ledger.days_without_violation,
        "by_perpetrator": dict(ledger.by_perpetrator),
        "per_day": [
            {"day": d.day.isoformat(), "total": d.total, "by_perpetrator": dict(d.by_perpetrator)}
            for d in ledger.per_day
        ],
        "period": _window_json(ledger.period, names),
        "before": _window_json(ledger.before, names),
        "after": _window_json(ledger.after, names),
    }


def siege_json(s: Siege, names: PlaceNames) -> dict[str, Any]:
    return {
        "id": s.id,
        "status": s.status.value,
        "place": _place(s.place_id, names),
        "besieger": s.besieger,
        "since": when_json(s.since),
        "until": when_json(s.until),
        "claim_ids": list(s.claim_ids),
        "evidence": spans_json(s.evidence),
    }


def siege_ledger_json(ledger: SiegeLedger, names: PlaceNames) -> dict[str, Any]:
    last = ledger.last_delivery
    return {
        **siege_json(ledger.siege, names),
        "as_of": ledger.as_of.isoformat(),
        "in_force": ledger.in_force,
        "days_besieged": ledger.days_besieged,
        "days_besieged_max": ledger.days_besieged_max,
        "days_besieged_text": ledger.days_besieged_text(),
        "population": [
            {
                "value": p.value,
                "qualifier": p.qualifier.value,
                "source": p.source,
                "claim_ids": list(p.claim_ids),
                "evidence": spans_json(p.evidence),
            }
            for p in ledger.population
        ],
        "last_delivery": happening_json(last, names) if last else None,
        "days_since_last_delivery": ledger.days_since_last_delivery,
        "days_since_exact": ledger.days_since_exact,
        "aid_log": [happening_json(h, names) for h in ledger.aid_log],
    }
