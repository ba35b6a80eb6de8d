"""Claims: list with filters, read with evidence quotes, review (confirm / correct / reject)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from trucewatch import disclosure
from trucewatch.api import schemas as s
from trucewatch.api.auth import Reader, StoreDep, Writer
from trucewatch.api.pagination import Cursor, Limit, decode_key, page_by_key
from trucewatch.api.problems import Problem
from trucewatch.api.redaction import Disclosure
from trucewatch.api.review import corrected, save_corrected, when_in
from trucewatch.api.routers.common import ListQuery
from trucewatch.incidents import check_reviewer, record_incident
from trucewatch.model import ActorRole, Quantity, Status
from trucewatch.store import get_claim, paging
from trucewatch.store.accounts import record

router = APIRouter(prefix="/api/claims", tags=["claims"])


@router.get("", response_model=s.Page[s.ClaimOut], summary="List claims")
def list_claims(
    who: Reader,
    store: StoreDep,
    query: ListQuery,
    document: Annotated[str | None, Query(max_length=40, description="Only claims of this document.")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> s.Page[s.ClaimOut]:
    after = decode_key(cursor)
    d = Disclosure(who)
    with store.session() as session:
        f = query.filters(
            session,
            after,
            public_only=d.public_only,
            document_id=document,
            document_shown=disclosure.shown_documents(d.reader),
        )
        claims = paging.claim_page(session, f, after, limit + 1)
        page, nxt = page_by_key(claims, [paging.key_of(f, c) for c in claims], limit)
        d.load_claims(session, page)
        items = [d.claim(c) for c in page]
        d.audit(session, "claims")
    return s.Page[s.ClaimOut](items=items, next_cursor=nxt, limit=limit)


@router.get("/{claim_id}", response_model=s.ClaimOut, summary="One claim, with the quoted evidence")
def read_claim(claim_id: str, who: Reader, store: StoreDep) -> s.ClaimOut:
    d = Disclosure(who)
    with store.session() as session:
        claim = get_claim(session, claim_id)
        if claim is None:
            raise Problem(404, f"no claim {claim_id!r}; list claims at /api/claims")
        d.load_claims(session, [claim])
        if not d.may_see([claim.document_id]):
            raise Problem(404, f"no claim {claim_id!r}; list claims at /api/claims")
        text = paging.document_texts(session, [claim.document_id]).get(claim.document_id)
        out = d.claim(claim, text)
        d.audit(session, "claims", claim_id)
    return out


@router.post(
    "",
    status_code=201,
    response_model=s.ClaimOut,
    summary="Enter an incident by hand",
    description="A field report or a phone call: stored as a document holding the description (the "
    "evidence) and one claim on it, audited: confirmed, or with `review` proposed for another analyst "
    "to confirm. The same description again replaces its claim.",
)
def add_incident(body: s.IncidentIn, who: Writer, store: StoreDep) -> s.ClaimOut:
    d = Disclosure(who)
    with store.session() as session:
        claim = record_incident(
            session,
            type=body.type,
            description=body.description,
            when=when_in(body.when),
            place_id=body.place_id,
            actors=[ActorRole(a.actor, a.role) for a in body.actors],
            quantities=[Quantity(q.kind, q.value, q.qualifier) for q in body.quantities],
            source=body.source,
            confidential=body.confidential,
            published=body.published,
            user=who.user,
            status=Status.PROPOSED if body.review else Status.CONFIRMED,
        )
        d.load_claims(session, [claim])
        out = d.claim(claim)
        d.audit(session, "claims", claim.id)
    return out


@router.patch(
    "/{claim_id}",
    response_model=s.ClaimOut,
    summary="Confirm, correct or reject a claim",
    description="Set `status` to confirm or reject; give fields to correct them (a correction with no "
    "status confirms the claim). Recorded in the audit log with the claim before and after.",
)
def review_claim(claim_id: str, body: s.ClaimReview, who: Writer, store: StoreDep) -> s.ClaimOut:
    if not body.model_fields_set:
        raise Problem(422, "nothing to change: give a status or the fields to correct")
    d = Disclosure(who)
    with store.session() as session:
        claim = get_claim(session, claim_id)
        if claim is None:
            raise Problem(404, f"no claim {claim_id!r}; list claims at /api/claims")
        d.load_claims(session, [claim])
        before = d.claim(claim)
        new = corrected(claim, body)
        check_reviewer(session, claim, who.user, new.status)
        save_corrected(session, new)
        after = d.load_places(session, new).claim(new)
        record(
            session,
            user=who.user,
            action="claim.review",
            resource="claims",
            resource_id=claim_id,
            before=before.model_dump(mode="json"),
            after=after.model_dump(mode="json"),
        )
        d.audit(session, "claims", claim_id)
    return after
