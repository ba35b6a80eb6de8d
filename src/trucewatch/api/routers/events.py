"""Events: list with filters, read, merge claims into one event."""

from __future__ import annotations

from fastapi import APIRouter

from trucewatch.api import schemas as s
from trucewatch.api.auth import Reader, StoreDep, Writer
from trucewatch.api.pagination import Cursor, Limit, decode_key, page_by_key
from trucewatch.api.problems import Problem
from trucewatch.api.redaction import Disclosure, claim_documents
from trucewatch.api.review import merged_event
from trucewatch.api.routers.common import ListQuery
from trucewatch.disclosure import referenced_documents
from trucewatch.model import Claim
from trucewatch.serialize import as_json, event_out, place_ids
from trucewatch.store import get_claim, get_event, paging, place_names, save_event
from trucewatch.store.accounts import record

router = APIRouter(prefix="/api/events", tags=["events"])


@router.get("", response_model=s.Page[s.EventOut], summary="List events")
def list_events(
    who: Reader,
    store: StoreDep,
    query: ListQuery,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> s.Page[s.EventOut]:
    after = decode_key(cursor)
    d = Disclosure(who)
    with store.session() as session:
        f = query.filters(session, after, public_only=d.public_only)
        events = paging.event_page(session, f, after, limit + 1)
        page, nxt = page_by_key(events, [paging.key_of(f, e) for e in events], limit)
        d.load(session, referenced_documents(page)).load_places(session, page)
        items = [d.event(e) for e in page]
        d.audit(session, "events")
    return s.Page[s.EventOut](items=items, next_cursor=nxt, limit=limit)


@router.get("/{event_id}", response_model=s.EventOut, summary="One event and its claims' ids")
def read_event(event_id: str, who: Reader, store: StoreDep) -> s.EventOut:
    d = Disclosure(who)
    with store.session() as session:
        event = get_event(session, event_id)
        if event is not None and d.public_only:  # only events every claim of which is public
            docs = claim_documents(session, event.claim_ids)
            if not d.load(session, docs).may_see(docs):
                event = None
        if event is None:
            raise Problem(404, f"no event {event_id!r}; list events at /api/events")
        d.load(session, referenced_documents(event)).load_places(session, event)
        out = d.event(event)
        d.audit(session, "events", event_id)
    return out


@router.post(
    "",
    status_code=201,
    response_model=s.EventOut,
    summary="Merge claims into one event",
    description="Claims that report the same happening become one event (confirmed). With `event_id`, "
    "the claims join that event. Claims must share a type.",
)
def merge_claims(body: s.MergeIn, who: Writer, store: StoreDep) -> s.EventOut:
    with store.session() as session:
        before_event = None
        claim_ids = list(dict.fromkeys(body.claim_ids))
        if body.event_id is not None:
            before_event = get_event(session, body.event_id)
            if before_event is None:
                raise Problem(404, f"no event {body.event_id!r}; list events at /api/events")
            claim_ids = list(dict.fromkeys([*before_event.claim_ids, *claim_ids]))
        claims: list[Claim] = []
        for cid in claim_ids:
            claim = get_claim(session, cid)
            if claim is None:
                raise Problem(422, f"no claim {cid!r}; list claims at /api/claims")
            claims.append(claim)
        event_id = save_event(session, merged_event(claims, body.event_id))
        event = get_event(session, event_id)
        assert event is not None
        names = place_names(session, place_ids([event, before_event]))
        out = event_out(event, names)
        record(
            session,
            user=who.user,
            action="event.merge",
            resource="events",
            resource_id=event_id,
            before={
                "event": as_json(event_out(before_event, names)) if before_event else None,
                "claim_events": {c.id: c.event_id for c in claims},
            },
            after=out.model_dump(mode="json"),
        )
    return out
