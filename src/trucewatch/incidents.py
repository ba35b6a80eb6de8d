"""Incidents entered by hand: a field report, a phone call, a monitor's own observation.

An incident is stored as what trucewatch stores for any report: a document
holding the words the person gave (the evidence; its whole text is the span)
and one claim on it, confirmed (or proposed, for a second analyst to confirm), by
extractor "manual". So it is counted, mapped,
exported, audited and redacted exactly as extracted claims are, and it can be
corrected or rejected the same way. Entering the same words twice finds the
same document and replaces its one manual claim: nothing is doubled. An incident entered
proposed is confirmed by another analyst than the one who entered it (`check_reviewer`):
one person's report does not become the record on their word alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from trucewatch import days
from trucewatch.errors import Forbidden, InvalidInput
from trucewatch.extract.lang.detect import detect_language
from trucewatch.ingest.readers import content_hash
from trucewatch.model import ActorRole, Claim, Document, EventType, Quantity, Source, Span, Status, When
from trucewatch.store import Session, add_document, get_claim, get_place, replace_claims
from trucewatch.store.accounts import User, audit_authors, record

__all__ = ["MANUAL", "check_reviewer", "entered_by", "record_incident"]

MANUAL = "manual"  # the extractor name of claims people enter
MAX_WORDS = 20_000  # characters of a description


def record_incident(
    session: Session,
    *,
    type: EventType,
    description: str,
    when: When | None = None,
    place_id: str | None = None,
    actors: Sequence[ActorRole] = (),
    quantities: Sequence[Quantity] = (),
    source: str = "field report",
    confidential: bool = False,
    published: dt.date | None = None,
    user: User | None = None,
    actor: str | None = None,
    status: Status = Status.CONFIRMED,
) -> Claim:
    """Store one incident (document + claim) in the caller's transaction, audited: confirmed, or
    `Status.PROPOSED` for a second analyst to confirm from the review queue."""
    if status not in (Status.CONFIRMED, Status.PROPOSED):
        raise InvalidInput(f"an incident is entered confirmed or proposed, not {status.value}")
    text = description.strip()
    if not text:
        raise InvalidInput("an incident needs a description: the words it is recorded from")
    if len(text) > MAX_WORDS:
        raise InvalidInput(f"the description is {len(text):,} characters; at most {MAX_WORDS:,}")
    place = None
    if place_id is not None and (place := get_place(session, place_id)) is None:
        raise InvalidInput(f"no place with id {place_id!r}; find one at /api/places or `trucewatch places`")
    doc = Document(
        text=text,
        content_hash=content_hash(text),
        title=f"{type.value} entered by hand",
        published=published or days.today(),
        language=detect_language(text),
        source=Source(source, kind="field report"),
        confidential=confidential,  # this report alone: "field report" names many people's reports
        origin="manual entry",
    )
    doc_id = add_document(session, doc)[0]
    claim = Claim(
        type=type,
        document_id=doc_id,
        evidence=(Span(doc_id, 0, len(text)),),
        when=when,
        place=place.name if place else None,
        place_id=place_id,
        actors=tuple(actors),
        quantities=tuple(quantities),
        extractor=MANUAL,
        extractor_version="1",
        rule="entered by hand",
        status=status,
    )
    (claim_id,) = replace_claims(session, doc_id, MANUAL, "1", [claim])
    stored = get_claim(session, claim_id)
    assert stored is not None
    record(
        session,
        user=user,
        actor=actor,
        action="claim.create",
        resource="claims",
        resource_id=claim_id,
        after={
            "type": type.value,
            "document_id": doc_id,
            "place_id": place_id,
            "source": source,
            "confidential": confidential,
        },
    )
    return stored


def entered_by(session: Session, claims: Sequence[Claim], user: User | None) -> set[str]:
    """The ids of the proposed incidents among `claims` that `user` entered (alone or as well as
    someone else, the same words again): another analyst confirms them (check_reviewer)."""
    if user is None:
        return set()
    waiting = [c.id for c in claims if c.id and c.extractor == MANUAL and c.status is Status.PROPOSED]
    return {
        cid for cid, authors in audit_authors(session, "claim.create", waiting).items() if user.id in authors
    }


def check_reviewer(session: Session, claim: Claim, user: User | None, status: Status) -> None:
    """Refuse (Forbidden) to let the analyst who entered a proposed incident give it `status`
    confirmed: a second analyst confirms it. Rejecting one's own entry stays allowed."""
    if status is Status.CONFIRMED and claim.id in entered_by(session, [claim], user):
        raise Forbidden("you entered this incident; another analyst must confirm it (ask one to review it)")
