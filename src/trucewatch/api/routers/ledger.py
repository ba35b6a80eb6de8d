"""Agreements (with compliance), ceasefires (with violations), sieges (with access).

Lists include the ledger's proposals (status `proposed`) next to stored
records, as `trucewatch agreements` does, as known by `as_of` (default: all
known today) and without what only a confidential source says for a reader who
may not see it. As of today (no `as_of`, or today's date) lists and single records are read from
the stored ledger (trucewatch.stored_ledger), refreshed for what changed since the last read; as
of any other day they are computed by trucewatch.ledger.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from trucewatch import ledger_service as service
from trucewatch import stored_ledger
from trucewatch.api import schemas as s
from trucewatch.api.auth import Principal, Reader, StoreDep, Writer
from trucewatch.api.pagination import Cursor, Limit, decode_cursor, page_of
from trucewatch.api.problems import Problem
from trucewatch.api.redaction import Disclosure, refuse_public
from trucewatch.api.review import when_in
from trucewatch.api.routers.common import AsOf, ExactPlace, PlaceQ, Statuses, place_scope, today
from trucewatch.disclosure import referenced_documents
from trucewatch.ledger.sieges import SiegeLedger
from trucewatch.model import Agreement, Ceasefire, Commitment, Siege, Span, Status
from trucewatch.serialize import (
    agreement_ledger_out,
    agreement_out,
    as_json,
    ceasefire_ledger_out,
    ceasefire_out,
    place_ids,
    siege_ledger_out,
    siege_out,
    violation_counts_out,
)
from trucewatch.store import (
    Session,
    commitment_agreement_id,
    get_agreement,
    get_place,
    place_names,
    save_agreement,
)
from trucewatch.store.accounts import record
from trucewatch.store.db import Store

router = APIRouter(tags=["ledger"], dependencies=[Depends(refuse_public)])  # public read: no ledger
RecordT = TypeVar("RecordT", Agreement, Ceasefire, Siege)
LedgerT = TypeVar("LedgerT")
OutT = TypeVar("OutT")


class LedgerFilters(BaseModel):
    """The filters of the agreement, ceasefire and siege lists: query parameters, declared once."""

    place: PlaceQ = None
    exact_place: ExactPlace = False
    status: Statuses = None


def _filtered(
    records: Sequence[RecordT],
    place_ids: frozenset[str] | None,
    status: list[Status] | None,
    after: str | None,
    place_of: Callable[[RecordT], str | None],
) -> list[RecordT]:
    out = [
        r
        for r in records
        if r.id is not None
        and (place_ids is None or place_of(r) in place_ids)
        and (not status or r.status in status)
        and (after is None or r.id > after)
    ]
    return sorted(out, key=lambda r: r.id or "")


# --- agreements ------------------------------------------------------------------


def _today_stored(kind: str, computed: Callable[..., Sequence[RecordT]]) -> Callable[..., Sequence[RecordT]]:
    """A list's records: today's from the stored ledger, any other day's computed."""

    def all_of(session: Session, *, as_of: dt.date | None, withhold_confidential: bool) -> Sequence[RecordT]:
        if as_of is None or as_of == today():
            return stored_ledger.records(
                session, kind, as_of=today(), withhold_confidential=withhold_confidential
            )
        return computed(session, as_of=as_of, withhold_confidential=withhold_confidential)

    return all_of


def _stored_for(ledger_for: Callable[..., LedgerT]) -> Callable[..., LedgerT]:
    """One record's ledger: as of today read from the stored ledger (only it recomputed if dirty)."""

    def one(session: Session, record_id: str, *, as_of: dt.date, withhold_confidential: bool) -> LedgerT:
        return ledger_for(
            session, record_id, as_of=as_of, today=today(), withhold_confidential=withhold_confidential
        )

    return one


def _load(session: Session, d: Disclosure, *values: object) -> dict[str, str]:
    """The documents everything in the response refers to (claims, evidence), for the rule to apply;
    the names of the places it refers to."""
    d.load(session, referenced_documents(values))
    return place_names(session, place_ids(values))


def _list_page(
    store: Store,
    who: Principal,
    query: LedgerFilters,
    as_of: dt.date | None,
    limit: int,
    cursor: str | None,
    all_of: Callable[..., Sequence[RecordT]],
    out: Callable[..., OutT],
    resource: str,
    keep: Callable[[RecordT], bool] | None = None,
) -> tuple[list[OutT], str | None]:
    """One page of a ledger list (stored and proposed records as known by `as_of`, in id order, `keep`
    narrowing them): its items in their JSON shape (`out`) and the next cursor; the read audited as
    `resource`."""
    d = Disclosure(who)
    after = decode_cursor(cursor)
    with store.session() as session:
        scope = place_scope(session, query.place, query.exact_place)
        known = all_of(session, as_of=as_of, withhold_confidential=d.redacts)
        found = _filtered(known, scope, query.status, after, lambda r: r.place_id)
        if keep is not None:
            found = [r for r in found if keep(r)]
        page, nxt = page_of(found, [r.id or "" for r in found], limit)
        names = _load(session, d, page)
        items = [out(r, names, shown=d) for r in page]
        d.audit(session, resource)
    return items, nxt


def _read_one(
    store: Store,
    who: Principal,
    kind: str,
    record_id: str,
    as_of: dt.date | None,
    ledger_for: Callable[..., LedgerT],
    out: Callable[[LedgerT, dict[str, str], Disclosure], OutT],
) -> OutT:
    """One record (`kind`: agreement, ceasefire) with its ledger as known by `as_of` (default today), in
    its JSON shape; a 404 when the ledger has no such record; the read audited."""
    d = Disclosure(who)
    with store.session() as session:
        try:
            ledger = ledger_for(session, record_id, as_of=as_of or today(), withhold_confidential=d.redacts)
        except service.LedgerError:
            raise Problem(404, f"no {kind} {record_id!r}; list {kind}s at /api/{kind}s") from None
        names = _load(session, d, ledger)
        result = out(ledger, names, d)
        d.audit(session, f"{kind}s", record_id)
    return result


@router.get("/api/agreements", response_model=s.Page[s.AgreementOut], summary="List agreements")
def list_agreements(
    who: Reader,
    store: StoreDep,
    query: Annotated[LedgerFilters, Query()],
    as_of: AsOf = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> s.Page[s.AgreementOut]:
    items, nxt = _list_page(
        store,
        who,
        query,
        as_of,
        limit,
        cursor,
        _today_stored("agreement", service.all_agreements),
        agreement_out,
        "agreements",
    )
    return s.Page[s.AgreementOut](items=items, next_cursor=nxt, limit=limit)


@router.get(
    "/api/agreements/{agreement_id}", response_model=s.AgreementOut, summary="An agreement and its compliance"
)
def read_agreement(agreement_id: str, who: Reader, store: StoreDep, as_of: AsOf = None) -> s.AgreementOut:
    return _read_one(
        store,
        who,
        "agreement",
        agreement_id,
        as_of,
        _stored_for(stored_ledger.agreement_ledger_for),
        agreement_ledger_out,
    )


def _spans(spans: Sequence[s.SpanIn]) -> tuple[Span, ...]:
    out = []
    for sp in spans:
        if sp.end < sp.start:
            raise Problem(422, f"evidence span {sp.start}..{sp.end} ends before it starts")
        out.append(Span(sp.document_id, sp.start, sp.end))
    return tuple(out)


def _commitments(items: Sequence[s.CommitmentIn]) -> tuple[Commitment, ...]:
    return tuple(
        Commitment(
            obligated=c.obligated,
            action=c.action,
            target=c.target,
            unit=c.unit,
            qualifier=c.qualifier,
            deadline=c.deadline,
            description=c.description,
            evidence=_spans(c.evidence),
            id=c.id,
        )
        for c in items
    )


def _check_commitment_ids(session: Session, agreement_id: str | None, items: Sequence[Commitment]) -> None:
    """A 422 for a commitment id given twice or owned by another agreement (ids are unique store-wide)."""
    seen: set[str] = set()
    for c in items:
        if c.id is None:
            continue
        if c.id in seen:
            raise Problem(422, f"commitment id {c.id!r} is given twice; give each commitment its own id")
        seen.add(c.id)
        owner = commitment_agreement_id(session, c.id)
        if owner is not None and owner != agreement_id:
            raise Problem(
                422,
                f"commitment id {c.id!r} belongs to another agreement; leave `id` out to add a commitment",
            )


def _check_place(session: Session, place_id: str | None) -> None:
    if place_id is not None and get_place(session, place_id) is None:
        raise Problem(422, f"no place with id {place_id!r}; list places at /api/places")


def _audit_agreement(
    session: Session, who: Writer, action: str, before: Agreement | None, after: Agreement
) -> None:
    record(
        session,
        user=who.user,
        action=action,
        resource="agreements",
        resource_id=after.id,
        before=as_json(agreement_out(before, place_names(session, place_ids(before)))) if before else None,
        after=as_json(agreement_out(after, place_names(session, place_ids(after)))),
    )


@router.post("/api/agreements", status_code=201, response_model=s.AgreementOut, summary="Create an agreement")
def create_agreement(body: s.AgreementIn, who: Writer, store: StoreDep) -> s.AgreementOut:
    agreement = Agreement(
        kind=body.kind,
        title=body.title,
        reached=when_in(body.reached),
        effective_from=when_in(body.effective_from),
        effective_until=when_in(body.effective_until),
        place_id=body.place_id,
        parties=tuple(body.parties),
        mediators=tuple(body.mediators),
        guarantors=tuple(body.guarantors),
        monitor=body.monitor,
        commitments=_commitments(body.commitments),
        evidence=_spans(body.evidence),
        claim_ids=tuple(body.claim_ids),
        status=body.status,
    )
    with store.session() as session:
        _check_place(session, agreement.place_id)
        _check_commitment_ids(session, None, agreement.commitments)
        agreement_id = save_agreement(session, agreement)
        saved = get_agreement(session, agreement_id)
        assert saved is not None
        _audit_agreement(session, who, "agreement.create", None, saved)
        out = agreement_out(saved, place_names(session, place_ids(saved)))
    return out


@router.patch(
    "/api/agreements/{agreement_id}",
    response_model=s.AgreementOut,
    summary="Edit an agreement or its commitments",
    description="Fields left out stay. `commitments` replaces the whole list (keep a commitment's "
    "`id` to keep it). Editing a proposed agreement stores it.",
)
def edit_agreement(agreement_id: str, body: s.AgreementPatch, who: Writer, store: StoreDep) -> s.AgreementOut:
    fields = body.model_fields_set
    if not fields:
        raise Problem(422, "nothing to change: give the fields to edit")
    with store.session() as session:
        try:
            before = service.find_agreement(session, agreement_id)
        except service.LedgerError:
            raise Problem(404, f"no agreement {agreement_id!r}; list agreements at /api/agreements") from None
        changes: dict[str, object] = {}
        for name in ("kind", "title", "status", "monitor", "place_id"):
            if name in fields:
                value = getattr(body, name)
                if value is None and name in ("kind", "title", "status"):
                    raise Problem(422, f"{name} cannot be null")
                changes[name] = value
        for name in ("reached", "effective_from", "effective_until"):
            if name in fields:
                changes[name] = when_in(getattr(body, name))
        for name in ("parties", "mediators", "guarantors"):
            if name in fields:
                changes[name] = tuple(getattr(body, name) or ())
        if "commitments" in fields:
            changes["commitments"] = _commitments(body.commitments or [])
        after = dataclasses.replace(before, **changes)  # type: ignore[arg-type]
        _check_place(session, after.place_id)
        _check_commitment_ids(session, agreement_id, after.commitments)
        save_agreement(session, after)
        saved = get_agreement(session, agreement_id)
        assert saved is not None
        _audit_agreement(session, who, "agreement.edit", before, saved)
        out = agreement_out(saved, place_names(session, place_ids(saved)))
    return out


# --- ceasefires ---------------------------------------------------------------------


@router.get("/api/ceasefires", response_model=s.Page[s.CeasefireOut], summary="List ceasefires")
def list_ceasefires(
    who: Reader,
    store: StoreDep,
    query: Annotated[LedgerFilters, Query()],
    agreement: Annotated[
        str | None, Query(max_length=40, description="Only ceasefires of this agreement.")
    ] = None,
    as_of: AsOf = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> s.Page[s.CeasefireOut]:
    items, nxt = _list_page(
        store,
        who,
        query,
        as_of,
        limit,
        cursor,
        _today_stored("ceasefire", service.all_ceasefires),
        ceasefire_out,
        "ceasefires",
        None if agreement is None else (lambda c: c.agreement_id == agreement),
    )
    return s.Page[s.CeasefireOut](items=items, next_cursor=nxt, limit=limit)


# Declared before /api/ceasefires/{ceasefire_id}, which would take "violations" for an id.
@router.get(
    "/api/ceasefires/violations",
    response_model=s.Page[s.ViolationCountsOut],
    summary="Violations per ceasefire, party and day",
)
def list_ceasefire_violations(
    who: Reader,
    store: StoreDep,
    query: Annotated[LedgerFilters, Query()],
    as_of: AsOf = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> s.Page[s.ViolationCountsOut]:
    """The figures of `/api/ceasefires/{id}` for a page of ceasefires at once (the same filters as
    `/api/ceasefires`), counted by the database: no attack behind them is listed. A page reads the
    claims its ceasefires' places can reach (about a second at 100,000 events; docs/scale.md)."""
    d = Disclosure(who)
    day = as_of or today()
    with store.session() as session:
        scope = place_scope(session, query.place, query.exact_place)
        known = _today_stored("ceasefire", service.all_ceasefires)(
            session, as_of=as_of, withhold_confidential=d.redacts
        )
        found = _filtered(known, scope, query.status, decode_cursor(cursor), lambda r: r.place_id)
        page, nxt = page_of(found, [r.id or "" for r in found], limit)
        counted = service.ceasefire_violations(session, page, as_of=day, withhold_confidential=d.redacts)
        names = place_names(session, {r.place_id for r in page if r.place_id})
    items = [violation_counts_out(c, r.place_id, day, names) for c, r in zip(counted, page, strict=True)]
    return s.Page[s.ViolationCountsOut](items=items, next_cursor=nxt, limit=limit)


@router.get(
    "/api/ceasefires/{ceasefire_id}", response_model=s.CeasefireOut, summary="A ceasefire and its violations"
)
def read_ceasefire(ceasefire_id: str, who: Reader, store: StoreDep, as_of: AsOf = None) -> s.CeasefireOut:
    return _read_one(
        store,
        who,
        "ceasefire",
        ceasefire_id,
        as_of,
        _stored_for(stored_ledger.ceasefire_ledger_for),
        ceasefire_ledger_out,
    )


# --- sieges ---------------------------------------------------------------------------


@router.get("/api/sieges", response_model=s.Page[s.SiegeOut], summary="List sieges")
def list_sieges(
    who: Reader,
    store: StoreDep,
    query: Annotated[LedgerFilters, Query()],
    as_of: AsOf = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> s.Page[s.SiegeOut]:
    items, nxt = _list_page(
        store,
        who,
        query,
        as_of,
        limit,
        cursor,
        _today_stored("siege", service.all_sieges),
        siege_out,
        "sieges",
    )
    return s.Page[s.SiegeOut](items=items, next_cursor=nxt, limit=limit)


@router.get("/api/sieges/{siege_id}", response_model=s.SiegeOut, summary="A siege and its access log")
def read_siege(siege_id: str, who: Reader, store: StoreDep, as_of: AsOf = None) -> s.SiegeOut:
    return _read_one(store, who, "siege", siege_id, as_of, _siege_by_id, siege_ledger_out)


def _siege_by_id(
    session: Session, siege_id: str, *, as_of: dt.date, withhold_confidential: bool
) -> SiegeLedger:
    """The ledger of a siege by its id only (`siege_ledger_for` would also take a place's name); a 404
    saying why when there is none."""
    if as_of == today():
        found = stored_ledger.siege_ledger_for(
            session, siege_id, as_of=as_of, withhold_confidential=withhold_confidential
        )
        if found is not None:
            return found
    if not any(g.id == siege_id for g in service.all_sieges(session)):
        raise Problem(404, f"no siege {siege_id!r}; list sieges at /api/sieges")
    try:
        return service.siege_ledger_for(
            session, siege_id, as_of=as_of, withhold_confidential=withhold_confidential
        )
    except service.LedgerError as exc:  # not known as of the day asked
        raise Problem(404, str(exc)) from None
