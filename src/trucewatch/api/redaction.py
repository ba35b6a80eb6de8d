"""Confidential sources: what each caller may see, and what must be audited.

A document is confidential when it or its source is marked so. Callers who
may not see confidential material (viewer, anonymous public) get its
documents without source, title, URL or text, and its claims and ledger
figures with "confidential source" in place of the source. Anonymous public
read (`public_only`) sees less still: only documents of sources marked public
and not confidential, the claims and events they back, and no ledger. Every response
that includes confidential material, redacted or not, is recorded in the
audit log by the router through `Disclosure.audit`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from trucewatch.api import schemas as s
from trucewatch.api.auth import Principal, Reader
from trucewatch.api.problems import Problem
from trucewatch.api.serialize import actor_role_out, quantity_out, spans_out, when_out
from trucewatch.model import Claim, Document
from trucewatch.store.accounts import AccessRole, record
from trucewatch.store.tables import ClaimRow, DocumentRow, SourceRow

CONFIDENTIAL_SOURCE = s.CONFIDENTIAL_SOURCE


def public_only(who: Principal) -> bool:
    """Anonymous public read: only documents of public sources, none confidential
    (trucewatch.store.sources.public_document_ids), and the claims and events they back."""
    return who.role is AccessRole.PUBLIC


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
    wanted = sorted(set(document_ids))
    out: dict[str, DocSource] = {}
    for i in range(0, len(wanted), 500):
        rows = session.execute(
            select(
                DocumentRow.id,
                DocumentRow.confidential,
                SourceRow.name,
                SourceRow.confidential,
                SourceRow.reliability,
                SourceRow.public,
            )
            .outerjoin(SourceRow, SourceRow.id == DocumentRow.source_id)
            .where(DocumentRow.id.in_(wanted[i : i + 500]))
        )
        for doc_id, doc_conf, name, src_conf, grade, src_public in rows:
            confidential = bool(doc_conf) or bool(src_conf)
            out[doc_id] = DocSource(name, confidential, grade, bool(src_public) and not confidential)
    return out


def claim_documents(session: Session, claim_ids: Iterable[str]) -> set[str]:
    """The documents these claims come from."""
    wanted = sorted(set(claim_ids))
    out: set[str] = set()
    for i in range(0, len(wanted), 500):
        out.update(session.scalars(select(ClaimRow.document_id).where(ClaimRow.id.in_(wanted[i : i + 500]))))
    return out


@dataclass(slots=True)
class Disclosure:
    """What one response discloses to one caller."""

    who: Principal
    sources: dict[str, DocSource] = field(default_factory=dict)
    touched: set[str] = field(default_factory=set)  # confidential documents in the response

    @property
    def redacts(self) -> bool:
        return not self.who.sees_confidential

    @property
    def public_only(self) -> bool:
        return public_only(self.who)

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

    def is_confidential(self, document_id: str) -> bool:
        info = self.sources.get(document_id)
        return info is not None and info.confidential

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

    def document(self, doc: Document, *, detail: bool = False) -> s.DocumentOut | s.DocumentDetail:
        assert doc.id is not None
        hidden = doc.is_confidential and self.redacts
        if doc.is_confidential:
            self.touched.add(doc.id)
        source = None
        if doc.source is not None and not hidden:
            src = doc.source
            source = s.SourceOut(
                id=src.id,
                name=src.name,
                kind=src.kind,
                reliability=src.reliability.value,
                confidential=src.confidential,
            )
        elif doc.source is not None:
            source = s.SourceOut(
                id=None, name=CONFIDENTIAL_SOURCE, kind=None, reliability=None, confidential=True
            )
        base: dict[str, Any] = {
            "id": doc.id,
            "title": None if hidden else doc.title,
            "url": None if hidden else doc.url,
            "published": doc.published,
            "language": doc.language,
            "source": source,
            "confidential": doc.is_confidential,
            "redacted": hidden,
            "length": None if hidden else len(doc.text),
        }
        if detail:
            return s.DocumentDetail(
                **base, text=None if hidden else doc.text, origin=None if hidden else doc.origin
            )
        return s.DocumentOut(**base)

    def claim(self, claim: Claim, text: str | None = None) -> s.ClaimOut:
        """A claim; `text` (its document's text) adds the quoted evidence when the caller may read it."""
        assert claim.id is not None
        confidential = self.is_confidential(claim.document_id)
        quotes = None
        if text is not None and not (confidential and self.redacts):
            quotes = [text[sp.start : sp.end] for sp in claim.evidence if sp.document_id == claim.document_id]
        return s.ClaimOut(
            id=claim.id,
            type=claim.type,
            document_id=claim.document_id,
            source=self.source_name(claim.document_id),
            reliability=self._reliability(claim.document_id),
            confidential=confidential,
            when=when_out(claim.when),
            place=claim.place,
            place_id=claim.place_id,
            actors=[actor_role_out(a) for a in claim.actors],
            quantities=[quantity_out(q) for q in claim.quantities],
            evidence=spans_out(claim.evidence),
            quotes=quotes,
            extractor=claim.extractor,
            extractor_version=claim.extractor_version,
            rule=claim.rule,
            status=claim.status,
            event_id=claim.event_id,
        )

    def _reliability(self, document_id: str) -> str | None:
        info = self.sources.get(document_id)
        if info is None or (info.confidential and self.redacts):
            return None
        return info.reliability

    def audit(self, session: Session, resource: str, resource_id: str | None = None) -> None:
        """One audit entry per confidential document this response included."""
        for doc_id in sorted(self.touched):
            record(
                session,
                user=self.who.user,
                role=self.who.role,
                action="confidential.read",
                resource="documents",
                resource_id=doc_id,
                after={"via": resource, "via_id": resource_id, "redacted": self.redacts},
            )
