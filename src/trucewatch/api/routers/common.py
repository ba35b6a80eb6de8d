"""Filter parameters shared by the list endpoints."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Query
from pydantic import BaseModel

from trucewatch import days
from trucewatch.api.problems import Problem
from trucewatch.days import Day
from trucewatch.model import EventType, Status
from trucewatch.store import Session, get_place, paging, place_descendants
from trucewatch.store.visibility import Condition

Since = Annotated[Day | None, Query(description="Only items dated on or after this day (YYYY-MM-DD).")]
Until = Annotated[Day | None, Query(description="Only items dated on or before this day (YYYY-MM-DD).")]
PlaceQ = Annotated[
    str | None,
    Query(
        max_length=40, description="A place id; items in the place or anywhere inside it (see /api/places)."
    ),
]
ExactPlace = Annotated[bool, Query(description="Only the place itself, not the places inside it.")]
ActorQ = Annotated[str | None, Query(max_length=300, description="A canonical actor name (see /api/actors).")]
Types = Annotated[list[EventType] | None, Query(description="Event types; repeat to allow several.")]
Statuses = Annotated[list[Status] | None, Query(description="Review status; repeat to allow several.")]
AgreementQ = Annotated[
    str | None, Query(max_length=40, description="Only items an agreement cites or counts (its id).")
]
AsOf = Annotated[Day | None, Query(description="Compute the ledger as of this day (default: today, UTC).")]

CURSOR_MISMATCH = (
    "the cursor belongs to a list with other date filters; "
    "keep since/until as they were, or start again without a cursor"
)


def check_dates(since: dt.date | None, until: dt.date | None) -> None:
    if since is not None and until is not None and since > until:
        raise Problem(422, f"since ({since}) is after until ({until}); swap them")


def place_scope(session: Session, place: str | None, exact: bool) -> frozenset[str] | None:
    """The place and (unless exact) its descendants; a 422 problem for an unknown place."""
    if place is None:
        return None
    # One query either way: the descendants of an unknown place are none at all.
    if exact:
        found = {place} if get_place(session, place) is not None else set()
    else:
        found = place_descendants(session, place)
    if not found:
        raise Problem(422, f"no place with id {place!r}; list places at /api/places")
    return frozenset(found)


def today() -> dt.date:
    return days.today()


def agreement_claim_ids(session: Session, agreement: str | None) -> frozenset[str] | None:
    """The claims an agreement cites or its compliance counts (as of today)."""
    if agreement is None:
        return None
    from trucewatch.ledger_service import LedgerError
    from trucewatch.stored_ledger import agreement_ledger_for

    try:
        ledger = agreement_ledger_for(session, agreement, as_of=today(), today=today())
    except LedgerError:
        raise Problem(
            422, f"no agreement with id {agreement!r}; list agreements at /api/agreements"
        ) from None
    ids = set(ledger.agreement.claim_ids)
    for c in ledger.compliance:
        ids.update(c.claim_ids)
    return frozenset(ids)


class ListFilters(BaseModel):
    """The filters of a claim or event list: query parameters, declared once for both lists."""

    since: Since = None
    until: Until = None
    place: PlaceQ = None
    exact_place: ExactPlace = False
    actor: ActorQ = None
    type: Types = None
    status: Statuses = None
    agreement: AgreementQ = None

    def filters(
        self,
        session: Session,
        after: paging.Key | None,
        *,
        public_only: bool,
        document_id: str | None = None,
        document_shown: Condition | None = None,
    ) -> paging.Filters:
        """These filters for the store, checked against the cursor the caller sent."""
        check_dates(self.since, self.until)
        f = paging.Filters(
            since=self.since,
            until=self.until,
            place_ids=place_scope(session, self.place, self.exact_place),
            actor=self.actor,
            types=tuple(self.type or ()),
            status=tuple(self.status or ()),
            claim_ids=agreement_claim_ids(session, self.agreement),
            document_id=document_id,
            document_shown=document_shown,
            public_only=public_only,
        )
        if not paging.key_fits(f, after):
            raise Problem(400, CURSOR_MISMATCH)
        return f


ListQuery = Annotated[ListFilters, Query()]
