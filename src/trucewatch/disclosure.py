"""Who may see what: one rule for the API, the pages, the command line, reports and exports.

A document is confidential when it, or its source, is marked so. Readers are
of three kinds, by role:

- full (admin, analyst, and whoever runs the command line): everything.
- redacted (viewer): never a confidential source's name, and never a
  confidential document itself: not its id, title, URL, date, size or words,
  and not in a count, a filter or an error either. The claims such a document
  makes still count, shown as "confidential source" with no link back to it.
- public (anonymous, when public read is on): only documents of public,
  non-confidential sources that are not confidential themselves, the claims
  they make and the events those claims alone back; no ledger.

Every response, page or listing that shows confidential material (redacted or
not) is recorded here, one audit entry per confidential document (or one per
listing of confidential sources), attributed to the account or to the login
that ran the command line.
"""

from __future__ import annotations

import dataclasses
import getpass
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from trucewatch.model import Claim, Document, Span
from trucewatch.store import Session, visibility
from trucewatch.store.accounts import AccessRole, User, record
from trucewatch.store.sources import SourceSummary, list_sources

# The rule's SQL half, named here too: callers ask disclosure who may see what.
from trucewatch.store.visibility import (
    Condition,
    claim_documents,
    confidential_among,
    confidential_document,
    confidential_documents,
    is_confidential,
    public_documents,
    published_as_seen,
)

__all__ = [
    "Condition",
    "Reader",
    "audit_documents",
    "claim_documents",
    "cli_reader",
    "confidential_among",
    "confidential_document",
    "confidential_documents",
    "hidden_events",
    "is_confidential",
    "is_public",
    "is_public_document",
    "may_see_document",
    "public_documents",
    "published_as_seen",
    "referenced_documents",
    "shown_claims",
    "shown_documents",
    "shown_sources",
    "sources_for",
]


@dataclass(frozen=True, slots=True)
class Reader:
    """Who is reading, as far as disclosure goes."""

    role: AccessRole
    user: User | None = None
    actor: str | None = None  # no account: the command line ("cli:<login>")
    channel: str = ""  # what the audit entry's "via" starts with: "" (API), "web:", "trucewatch "

    @property
    def sees_confidential(self) -> bool:
        return self.role.sees_confidential

    @property
    def redacts(self) -> bool:
        return not self.role.sees_confidential

    @property
    def public_only(self) -> bool:
        return self.role is AccessRole.PUBLIC


def cli_reader() -> Reader:
    """Whoever runs the command line reads as an analyst does (the database file is theirs), audited."""
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = "unknown"
    return Reader(AccessRole.ANALYST, actor=f"cli:{login}", channel="trucewatch ")


# --- the rule, on stored rows: SQL conditions built in the store (trucewatch.store.visibility) ------


def shown_documents(reader: Reader) -> Condition | None:
    """A condition on stored documents: those this reader may see as documents (None: all)."""
    return visibility.shown_documents(public_only=reader.public_only, redacts=reader.redacts)


def shown_sources(reader: Reader) -> Condition | None:
    """A condition on stored sources: those this reader may see by name (None: all)."""
    return visibility.shown_sources(public_only=reader.public_only, redacts=reader.redacts)


def shown_claims(reader: Reader) -> Condition | None:
    """A condition on stored claims: those this reader may see (viewers see every claim, redacted)."""
    return visibility.shown_claims(public_only=reader.public_only)


# --- the same rule, on loaded values ------------------------------------------------------


def is_public(document_mark: bool, source_mark: bool | None, source_public: bool | None) -> bool:
    """As public_documents: a public source (so, a source), neither it nor the document confidential."""
    return bool(source_public) and not source_mark and not document_mark


def is_public_document(doc: Document) -> bool:
    src = doc.source
    return src is not None and is_public(doc.confidential, src.confidential, src.public)


def may_see_document(reader: Reader, doc: Document) -> bool:
    """Whether this reader may see the document itself (its id, metadata, text)."""
    if reader.public_only:
        return is_public_document(doc)
    return reader.sees_confidential or not doc.is_confidential


def hidden_events(session: Session, reader: Reader, event_ids: Iterable[str | None]) -> set[str]:
    """The events among these that this reader may not open (public read: any claim not public)."""
    if not reader.public_only:
        return set()
    return visibility.events_not_public(session, event_ids)


def referenced_documents(value: object) -> set[str]:
    """Every document a value refers to: claims' documents and evidence spans, anywhere inside it
    (ledgers, records, lists of them). For auditing what a listing built from them showed."""
    found: set[str] = set()
    seen: set[int] = set()
    stack: list[object] = [value]
    while stack:
        item = stack.pop()
        if item is None or isinstance(item, (str, int, float, bool)) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, Span):
            found.add(item.document_id)
        elif isinstance(item, Claim):
            found.add(item.document_id)
            stack.extend((item.evidence, item.actors, item.quantities))
        elif isinstance(item, Document):
            if item.id:
                found.add(item.id)
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            stack.extend(getattr(item, f.name) for f in dataclasses.fields(item))
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack.extend(item)
    return found


# --- listings ----------------------------------------------------------------------------


def sources_for(session: Session, reader: Reader, via: str = "sources") -> list[SourceSummary]:
    """The sources this reader may see, each counting only the documents the reader may see;
    a listing that names confidential sources is audited."""
    found = list_sources(session, documents=shown_documents(reader), sources=shown_sources(reader))
    secret = [f.source.id for f in found if f.source.confidential and f.source.id]
    if secret:
        _record(
            session,
            reader,
            resource="sources",
            resource_id=None,
            after={"via": reader.channel + via, "source_ids": secret},
        )
    return found


# --- the audit entry ---------------------------------------------------------------------


def audit_documents(
    session: Session,
    reader: Reader,
    document_ids: Iterable[str],
    via: str,
    via_id: str | None = None,
    *,
    known_confidential: bool = False,
) -> list[str]:
    """One audit entry per confidential document among `document_ids` that a response showed
    (redacted or not). `known_confidential`: the ids are already only confidential ones."""
    ids = set(document_ids)
    secret = sorted(ids if known_confidential else confidential_among(session, ids))
    for doc_id in secret:
        _record(
            session,
            reader,
            resource="documents",
            resource_id=doc_id,
            after={"via": reader.channel + via, "via_id": via_id, "redacted": reader.redacts},
        )
    return secret


def _record(
    session: Session, reader: Reader, *, resource: str, resource_id: str | None, after: dict[str, Any]
) -> None:
    record(
        session,
        user=reader.user,
        role=reader.role,
        actor=reader.actor,
        action="confidential.read",
        resource=resource,
        resource_id=resource_id,
        after=after,
    )
