"""The ledger over a store: load what the pure functions need, in few queries.

This is the edge where the ledger meets the database. Claims are read in
bulk with plain SELECTs on the indexed columns (type, place_id), bucketed by
place once, and each agreement, ceasefire or siege then reads only the
buckets of its own scope. Proposals (derived from claims, not yet confirmed)
are listed next to the stored records, marked `proposed`; a stored record
with the same id (confirmed, or rejected) takes their place.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from trucewatch import store
from trucewatch.ledger.agreements_file import AgreementFileError, load_agreements_file
from trucewatch.ledger.ceasefires import CeasefireLedger, ceasefire_ledger
from trucewatch.ledger.compliance import (
    BREACH_TYPES,
    PROGRESS_TYPES,
    AgreementLedger,
    agreement_ledger,
)
from trucewatch.ledger.happenings import DocInfo
from trucewatch.ledger.propose import propose_agreements, propose_ceasefires, propose_sieges
from trucewatch.ledger.scope import PlaceTree, Scope
from trucewatch.ledger.sieges import ACCESS_TYPES, SiegeLedger, siege_ledger
from trucewatch.model import (
    ActorRole,
    Agreement,
    Ceasefire,
    Claim,
    EventType,
    Qualifier,
    Quantity,
    QuantityKind,
    Role,
    Siege,
    Span,
    Status,
    When,
)
from trucewatch.store.convert import when_from
from trucewatch.store.tables import (
    ClaimActorRow,
    ClaimQuantityRow,
    ClaimRow,
    DocumentRow,
    EvidenceRow,
    PlaceRow,
    SourceRow,
)

RecordT = TypeVar("RecordT", Agreement, Ceasefire, Siege)
ATTACK_TYPES = tuple(t for t in EventType if t.is_attack)
AGREEMENT_TYPES = (
    EventType.AGREEMENT_REACHED,
    *{t for ts in (*PROGRESS_TYPES.values(), *BREACH_TYPES.values()) for t in ts},
)
LIVE = (Status.PROPOSED, Status.CONFIRMED)


class LedgerError(Exception):
    """Something the user asked for that the ledger cannot do; the message says why."""


# --- bulk loading ---------------------------------------------------------------


def load_claims(
    session: Session, types: Iterable[EventType], place_ids: Iterable[str] | None = None
) -> list[Claim]:
    """Claims of `types` (in `place_ids` when given), not rejected, in four flat queries."""
    wanted = sorted({EventType(t).value for t in types})
    conditions = [ClaimRow.type.in_(wanted), ClaimRow.status != Status.REJECTED.value]
    places = None if place_ids is None else sorted(set(place_ids))
    if places is not None:
        conditions.append(ClaimRow.place_id.in_(places))
    rows = session.execute(
        select(
            ClaimRow.id,
            ClaimRow.type,
            ClaimRow.document_id,
            ClaimRow.when_start,
            ClaimRow.when_end,
            ClaimRow.when_precision,
            ClaimRow.when_open_ended,
            ClaimRow.place,
            ClaimRow.place_id,
            ClaimRow.status,
            ClaimRow.event_id,
            ClaimRow.extractor,
            ClaimRow.rule,
        ).where(*conditions)
    ).all()
    if not rows:
        return []
    ids = select(ClaimRow.id).where(*conditions).scalar_subquery()
    evidence: dict[str, list[Span]] = defaultdict(list)
    for cid, doc, start, end in session.execute(
        select(EvidenceRow.claim_id, EvidenceRow.document_id, EvidenceRow.start, EvidenceRow.end)
        .where(EvidenceRow.claim_id.in_(ids))
        .order_by(EvidenceRow.claim_id, EvidenceRow.position)
    ):
        evidence[cid].append(Span(doc, start, end))
    actors: dict[str, list[ActorRole]] = defaultdict(list)
    for cid, actor, role, sdoc, sstart, send in session.execute(
        select(
            ClaimActorRow.claim_id,
            ClaimActorRow.actor,
            ClaimActorRow.role,
            ClaimActorRow.span_document_id,
            ClaimActorRow.span_start,
            ClaimActorRow.span_end,
        )
        .where(ClaimActorRow.claim_id.in_(ids))
        .order_by(ClaimActorRow.claim_id, ClaimActorRow.position)
    ):
        actors[cid].append(ActorRole(actor, Role(role), _span(sdoc, sstart, send)))
    quantities: dict[str, list[Quantity]] = defaultdict(list)
    for cid, kind, value, qualifier, sdoc, sstart, send in session.execute(
        select(
            ClaimQuantityRow.claim_id,
            ClaimQuantityRow.kind,
            ClaimQuantityRow.value,
            ClaimQuantityRow.qualifier,
            ClaimQuantityRow.span_document_id,
            ClaimQuantityRow.span_start,
            ClaimQuantityRow.span_end,
        )
        .where(ClaimQuantityRow.claim_id.in_(ids))
        .order_by(ClaimQuantityRow.claim_id, ClaimQuantityRow.position)
    ):
        quantities[cid].append(
            Quantity(QuantityKind(kind), value, Qualifier(qualifier), _span(sdoc, sstart, send))
        )
    return [
        Claim(
            type=EventType(r.type),
            document_id=r.document_id,
            evidence=tuple(evidence.get(r.id, ())),
            when=when_from(r, "when"),
            place=r.place,
            place_id=r.place_id,
            actors=tuple(actors.get(r.id, ())),
            quantities=tuple(quantities.get(r.id, ())),
            extractor=r.extractor,
            rule=r.rule,
            status=Status(r.status),
            event_id=r.event_id,
            id=r.id,
        )
        for r in rows
    ]


def _span(doc: str | None, start: int | None, end: int | None) -> Span | None:
    return Span(doc, start, end) if doc is not None and start is not None and end is not None else None


def doc_infos(session: Session, document_ids: Iterable[str]) -> dict[str, DocInfo]:
    """Publication date and source name of each document (for "as of" and per-source figures)."""
    wanted = sorted(set(document_ids))
    out: dict[str, DocInfo] = {}
    for i in range(0, len(wanted), 500):
        query = (
            select(DocumentRow.id, DocumentRow.published, SourceRow.name)
            .outerjoin(SourceRow, SourceRow.id == DocumentRow.source_id)
            .where(DocumentRow.id.in_(wanted[i : i + 500]))
        )
        for doc_id, published, source in session.execute(query):
            out[doc_id] = DocInfo(published=published, source=source)
    return out


def place_tree(session: Session) -> PlaceTree:
    rows = session.execute(select(PlaceRow.id, PlaceRow.parent_id))
    return PlaceTree({pid: parent for pid, parent in rows})


def _by_place(claims: Sequence[Claim]) -> dict[str | None, list[Claim]]:
    buckets: dict[str | None, list[Claim]] = defaultdict(list)
    for c in claims:
        buckets[c.place_id].append(c)
    return buckets


def _in(buckets: dict[str | None, list[Claim]], scope: Scope) -> list[Claim]:
    if scope is None:
        return [c for cs in buckets.values() for c in cs]
    return [c for p in scope for c in buckets.get(p, ())]


def _merge(stored: list[RecordT], proposed: list[RecordT]) -> list[RecordT]:
    """Stored records, plus proposals no analyst has decided on yet (rejected ones stay hidden)."""
    known = {r.id for r in stored}
    live = [r for r in stored if r.status != Status.REJECTED]
    return live + [p for p in proposed if p.id not in known]


# --- agreements -------------------------------------------------------------------


def all_agreements(session: Session, claims: Sequence[Claim] | None = None) -> list[Agreement]:
    """Stored agreements and proposals from agreement.reached claims (marked proposed)."""
    if claims is None:
        claims = load_claims(session, AGREEMENT_TYPES)
    tree = place_tree(session)
    sides = {a.name: a.side for a in store.list_actors(session)}
    reached_places = {c.place_id for c in claims if c.type == EventType.AGREEMENT_REACHED and c.place_id}
    proposals = propose_agreements(claims, sides=sides, scopes={p: tree.scope(p) for p in reached_places})
    return _merge(store.list_agreements(session), proposals)


def agreement_ledgers(session: Session, *, as_of: dt.date) -> list[AgreementLedger]:
    """The compliance of every agreement (stored and proposed) as of a date."""
    claims = load_claims(session, AGREEMENT_TYPES)
    agreements = all_agreements(session, claims)
    tree = place_tree(session)
    docs = doc_infos(session, {c.document_id for c in claims})
    buckets = _by_place(claims)
    ledgers = []
    for a in agreements:
        scope = tree.scope(a.place_id)
        ledgers.append(agreement_ledger(a, _in(buckets, scope), scope=scope, as_of=as_of, docs=docs))
    return ledgers


def find_agreement(session: Session, agreement_id: str) -> Agreement:
    found = next((a for a in all_agreements(session) if a.id == agreement_id), None)
    if found is None:
        stored = store.get_agreement(session, agreement_id)
        if stored is None:
            raise LedgerError(f"no agreement {agreement_id!r} (see `trucewatch agreements`)")
        found = stored
    return found


def agreement_ledger_for(session: Session, agreement_id: str, *, as_of: dt.date) -> AgreementLedger:
    agreement = find_agreement(session, agreement_id)
    tree = place_tree(session)
    scope = tree.scope(agreement.place_id)
    claims = load_claims(session, AGREEMENT_TYPES, scope)
    docs = doc_infos(session, {c.document_id for c in claims})
    return agreement_ledger(agreement, claims, scope=scope, as_of=as_of, docs=docs)


def confirm_agreement(session: Session, agreement_id: str) -> Agreement:
    """Store a proposed agreement (or re-mark a stored one) as confirmed by an analyst."""
    confirmed = dataclasses.replace(find_agreement(session, agreement_id), status=Status.CONFIRMED)
    store.save_agreement(session, confirmed)
    return confirmed


def resolve_place(session: Session, ref: str) -> str:
    """A place id from an id or a (case-folded) name or alternate name; refuses ambiguity."""
    if store.get_place(session, ref) is not None:
        return ref
    folded = ref.casefold().strip()
    hits = [
        p.id
        for p in store.list_places(session)
        if p.id and (p.name.casefold() == folded or folded in (n.casefold() for n in p.alternate_names))
    ]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise LedgerError(f"no place named {ref!r} in the gazetteer")
    raise LedgerError(f"place {ref!r} is ambiguous ({', '.join(sorted(hits))}): give its id")


def load_agreements(session: Session, path: Path) -> list[str]:
    """Validate a YAML/JSON file of agreements and store them; returns their ids."""
    loaded = load_agreements_file(path)
    ids = []
    for i, item in enumerate(loaded):
        agreement = item.agreement
        if item.place is not None:
            try:
                agreement = dataclasses.replace(agreement, place_id=resolve_place(session, item.place))
            except LedgerError as exc:
                raise AgreementFileError(f"{path}: agreements.{i}.place: {exc}") from None
        ids.append(store.save_agreement(session, agreement))
    return ids


# --- ceasefires --------------------------------------------------------------------


def all_ceasefires(session: Session) -> list[Ceasefire]:
    claims = load_claims(session, (EventType.CEASEFIRE_START, EventType.CEASEFIRE_END))
    texts = {}
    for doc_id in {s.document_id for c in claims for s in c.evidence}:
        doc = store.get_document(session, doc_id)
        if doc is not None:
            texts[doc_id] = doc.text
    kinds = {pid: kind for pid, kind in session.execute(select(PlaceRow.id, PlaceRow.kind))}
    proposals = propose_ceasefires(claims, texts=texts, place_kinds=kinds)
    return _merge(store.list_ceasefires(session), proposals)


def ceasefire_ledgers(session: Session, *, as_of: dt.date) -> list[CeasefireLedger]:
    ceasefires = all_ceasefires(session)
    attacks = load_claims(session, ATTACK_TYPES)
    tree = place_tree(session)
    docs = doc_infos(session, {c.document_id for c in attacks})
    buckets = _by_place(attacks)
    out = []
    for cf in ceasefires:
        scope = tree.scope(cf.place_id)
        out.append(ceasefire_ledger(cf, _in(buckets, scope), scope=scope, as_of=as_of, docs=docs))
    return out


def ceasefire_ledger_for(session: Session, ceasefire_id: str, *, as_of: dt.date) -> CeasefireLedger:
    cf = next((c for c in all_ceasefires(session) if c.id == ceasefire_id), None)
    if cf is None:
        raise LedgerError(f"no ceasefire {ceasefire_id!r} (see `trucewatch ceasefires`)")
    scope = place_tree(session).scope(cf.place_id)
    attacks = load_claims(session, ATTACK_TYPES, scope)
    docs = doc_infos(session, {c.document_id for c in attacks})
    return ceasefire_ledger(cf, attacks, scope=scope, as_of=as_of, docs=docs)


def confirm_ceasefire(session: Session, ceasefire_id: str) -> Ceasefire:
    cf = next((c for c in all_ceasefires(session) if c.id == ceasefire_id), None)
    if cf is None:
        raise LedgerError(f"no ceasefire {ceasefire_id!r}")
    cf = dataclasses.replace(cf, status=Status.CONFIRMED)
    store.save_ceasefire(session, cf)
    return cf


# --- sieges ------------------------------------------------------------------------


def all_sieges(session: Session) -> list[Siege]:
    claims = load_claims(session, (EventType.SIEGE_IMPOSED, EventType.SIEGE_LIFTED))
    return _merge(store.list_sieges(session), propose_sieges(claims))


def _siege_claims(session: Session, scope: Scope) -> list[Claim]:
    # Any claim type may carry the place's population ("its 50,000 residents").
    return load_claims(session, tuple(EventType), scope)


def siege_ledgers(session: Session, *, as_of: dt.date) -> list[SiegeLedger]:
    sieges = all_sieges(session)
    tree = place_tree(session)
    scopes = {s.place_id: tree.scope(s.place_id) for s in sieges}
    wanted = {p for sc in scopes.values() if sc for p in sc}
    claims = load_claims(session, tuple(EventType), wanted) if wanted else []
    docs = doc_infos(session, {c.document_id for c in claims})
    buckets = _by_place(claims)
    return [
        siege_ledger(s, _in(buckets, scopes[s.place_id]), scope=scopes[s.place_id], as_of=as_of, docs=docs)
        for s in sieges
    ]


def siege_ledger_for(session: Session, place_or_id: str, *, as_of: dt.date) -> SiegeLedger:
    """The siege ledger of a place (id or name), or of a siege id."""
    sieges = all_sieges(session)
    siege = next((s for s in sieges if s.id == place_or_id), None)
    if siege is None:
        place_id = resolve_place(session, place_or_id)
        siege = next((s for s in sieges if s.place_id == place_id), None)
        if siege is None:  # no siege recorded: still show the place's access log
            siege = Siege(place_id=place_id, status=Status.PROPOSED)
    scope = place_tree(session).scope(siege.place_id)
    claims = _siege_claims(session, scope)
    docs = doc_infos(session, {c.document_id for c in claims})
    return siege_ledger(siege, claims, scope=scope, as_of=as_of, docs=docs)


def when_text(when: When | None) -> str:
    return when.iso() if when else "—"


__all__ = [
    "ACCESS_TYPES",
    "LedgerError",
    "agreement_ledger_for",
    "agreement_ledgers",
    "all_agreements",
    "all_ceasefires",
    "all_sieges",
    "ceasefire_ledger_for",
    "ceasefire_ledgers",
    "confirm_agreement",
    "confirm_ceasefire",
    "doc_infos",
    "find_agreement",
    "load_agreements",
    "load_claims",
    "place_tree",
    "resolve_place",
    "siege_ledger_for",
    "siege_ledgers",
]
