"""Confidential material in API responses: the rule of trucewatch.disclosure, applied to each body.

Callers who may not see confidential material (viewer, anonymous public) never
get a confidential document (it is "not found"), and get its claims and
ledger figures with "confidential source" in place of the source and no link
back to the document (no document id, no evidence spans). Anonymous public
read (`public_only`) sees less still: only documents of sources marked public
and not confidential, the claims and events they back, and no ledger. Every
response that includes confidential material, redacted or not, is recorded in
the audit log by the router through `Disclosure.audit`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from trucewatch import disclosure, serialize
from trucewatch.api import schemas as s
from trucewatch.api.auth import Principal, Reader
from trucewatch.api.problems import Problem
from trucewatch.model import Claim, Document, Event, Span
from trucewatch.store import Session, place_names
from trucewatch.store.sources import source_marks

CONFIDENTIAL_SOURCE = serialize.CONFIDENTIAL_SOURCE


def reader_of(who: Principal) -> disclosure.Reader:
    return disclosure.Reader(who.role, who.user)


def public_only(who: Principal) -> bool:
    """Anonymous public read: only documents of public sources, none confidential
    (trucewatch.disclosure.public_documents), and the claims and events they back."""
    return reader_of(who).public_only


def refuse_public(who: Reader) -> None:
    """A dependency for what public read does not cover: the ledger combines every source's claims."""
    if public_only(who):
        raise Problem(
            403,
            "anonymous public read covers the documents of public sources and their claims and events; "
            "ledger figures combine every source, so they need an account",
        )


@dataclass(frozen=True, slots=True)
class DocSource:
    source: str | None
    confidential: bool
    reliability: str | None = None
    public: bool = False  # anonymous public read may show it


def doc_sources(session: Session, document_ids: Iterable[str]) -> dict[str, DocSource]:
    """Each document's source name and whether it (or its source) is confidential."""
    return {
        doc_id: DocSource(
            m.source,
            disclosure.is_confidential(m.document_confidential, m.source_confidential),
            m.reliability,
            disclosure.is_public(m.document_confidential, m.source_confidential, m.source_public),
        )
        for doc_id, m in source_marks(session, document_ids).items()
    }


claim_documents = disclosure.claim_documents


@dataclass(slots=True)
class Disclosure:
    """What one response discloses to one caller."""

    who: Principal
    sources: dict[str, DocSource] = field(default_factory=dict)
    touched: set[str] = field(default_factory=set)  # confidential documents in the response
    hidden_events: set[str] = field(default_factory=set)  # events the caller may not open
    places: dict[str, str] = field(default_factory=dict)  # the names of the places shown, by id

    @property
    def reader(self) -> disclosure.Reader:
        return reader_of(self.who)

    @property
    def redacts(self) -> bool:
        return self.reader.redacts

    @property
    def public_only(self) -> bool:
        return self.reader.public_only

    def may_see(self, document_ids: Iterable[str]) -> bool:
        """Whether this caller may see material backed by these (loaded) documents: always,
        except for anonymous public read, which needs every one public (and at least one)."""
        ids = list(document_ids)
        if not self.public_only:
            return True
        return bool(ids) and all(d in self.sources and self.sources[d].public for d in ids)

    def load(self, session: Session, document_ids: Iterable[str]) -> Disclosure:
        missing = set(document_ids) - self.sources.keys()
        if missing:
            self.sources.update(doc_sources(session, missing))
        return self

    def load_claims(self, session: Session, claims: Iterable[Claim]) -> Disclosure:
        """The documents of these claims and of their spans, and which of their events the caller may open."""
        items = list(claims)
        self.load(session, {c.document_id for c in items} | disclosure.referenced_documents(items))
        self.hidden_events |= disclosure.hidden_events(session, self.reader, (c.event_id for c in items))
        return self.load_places(session, items)

    def is_confidential(self, document_id: str) -> bool:
        info = self.sources.get(document_id)
        return info is not None and info.confidential

    def hides(self, document_id: str) -> bool:
        """Whether the document itself (its id) must not appear in this response."""
        if not self.redacts:
            return False
        info = self.sources.get(document_id)
        if info is None:  # not loaded, or no such document: say nothing of it
            return True
        return not info.public if self.public_only else info.confidential

    def source_name(self, document_id: str) -> str | None:
        """The name to show for a document's source (marks confidential ones as touched)."""
        info = self.sources.get(document_id)
        if info is None:
            return None
        if info.confidential:
            self.touched.add(document_id)
            if self.redacts:
                return CONFIDENTIAL_SOURCE
        return info.source

    def figure_source(self, name: str, claim_document_ids: Iterable[str]) -> str:
        """A ledger figure's source label: redacted if any of its claims come from a confidential document."""
        confidential = [d for d in claim_document_ids if self.is_confidential(d)]
        if not confidential:
            return name
        self.touched.update(confidential)
        return CONFIDENTIAL_SOURCE if self.redacts else name

    def touch(self, document_ids: Iterable[str]) -> None:
        """Note the confidential ones among documents whose content (claims, figures) is in the response."""
        self.touched.update(d for d in document_ids if self.is_confidential(d))

    def span(self, span: Span | None) -> s.SpanOut | None:
        """A span, or None when it points into a document the caller may not see (documents loaded)."""
        if span is None or self.hides(span.document_id):
            return None
        self.touch([span.document_id])
        return s.SpanOut(document_id=span.document_id, start=span.start, end=span.end)

    def spans(self, spans: Iterable[Span]) -> list[s.SpanOut]:
        return [out for sp in dict.fromkeys(spans) if (out := self.span(sp)) is not None]

    def load_places(self, session: Session, value: object) -> Disclosure:
        """The names of the places a value refers to (a record shows `place: {id, name}`)."""
        missing = serialize.place_ids(value) - self.places.keys()
        if missing:
            self.places.update(place_names(session, missing))
        return self

    def event(self, e: Event) -> s.EventOut:
        """An event (its actors' spans' documents and its place loaded): spans into unseen documents
        left out."""
        return serialize.event_out(e, self.places, self)

    def document(self, doc: Document, *, detail: bool = False) -> s.DocumentOut | s.DocumentDetail:
        """A document the caller may see (routers refuse the others as not found)."""
        assert doc.id is not None
        if not disclosure.may_see_document(self.reader, doc):  # never reached: the rule is applied first
            raise Problem(404, f"no document {doc.id!r}; list documents at /api/documents")
        if doc.is_confidential:
            self.touched.add(doc.id)
        return serialize.document_out(doc, detail=detail)

    def claim(self, claim: Claim, text: str | None = None) -> s.ClaimOut:
        """A claim (documents and places loaded); `text`, its document's text, adds the quoted evidence
        when the caller may read it. A redacted claim names no document and quotes nothing."""
        confidential = self.is_confidential(claim.document_id)
        if confidential:
            self.touched.add(claim.document_id)
        return serialize.claim_out(
            claim,
            self.places,
            source=self.source_name(claim.document_id),
            reliability=self._reliability(claim.document_id),
            confidential=confidential,
            hidden=self.hides(claim.document_id),
            quotes=serialize.evidence_quotes(claim, text),
            event_id=None if claim.event_id in self.hidden_events else claim.event_id,
            shown=self,
        )

    def _reliability(self, document_id: str) -> str | None:
        info = self.sources.get(document_id)
        if info is None or (info.confidential and self.redacts):
            return None
        return info.reliability

    def audit(self, session: Session, resource: str, resource_id: str | None = None) -> None:
        """One audit entry per confidential document this response included."""
        disclosure.audit_documents(
            session, self.reader, self.touched, resource, resource_id, known_confidential=True
        )
