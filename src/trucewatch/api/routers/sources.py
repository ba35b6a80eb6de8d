"""Sources: list, grade and mark them; mark one document confidential.

Grades and marks are an analyst's judgement: only analysts and admins change
them, each change audited with the source before and after. Who sees which
sources, and which documents each one counts, is trucewatch.disclosure's rule.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field

from trucewatch.api import schemas as s
from trucewatch.api.auth import Reader, StoreDep, Writer
from trucewatch.api.problems import Problem
from trucewatch.api.redaction import Disclosure, reader_of
from trucewatch.disclosure import sources_for
from trucewatch.model import Reliability
from trucewatch.serialize import SourceOut, source_out
from trucewatch.store import get_document
from trucewatch.store.errors import NotFound, StoreError
from trucewatch.store.sources import mark_document, update_source

router = APIRouter(tags=["sources"])

SourceRef = Annotated[str, Path(max_length=300, description="The source's id or exact name.")]


class SourcePatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reliability: Reliability | None = None
    kind: str | None = Field(None, min_length=1, max_length=40)
    confidential: bool | None = Field(
        None, description="true marks it confidential (and withdraws it from public read); false unmarks it."
    )
    public: bool | None = Field(None, description="Refused for a confidential source.")


class DocumentPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    confidential: bool = Field(description="This document alone; its source's mark still applies.")


@router.get("/api/sources", response_model=list[SourceOut], summary="List sources and their grades")
def get_sources(who: Reader, store: StoreDep) -> list[SourceOut]:
    with store.session() as session:
        found = sources_for(session, reader_of(who))
    return [source_out(f.source, f.documents) for f in found]


@router.patch(
    "/api/sources/{source:path}",
    response_model=SourceOut,
    summary="Grade a source, or mark it confidential or public",
    description="Fields left out stay. Marking a source confidential also withdraws it from public "
    "read. Recorded in the audit log with the source before and after.",
)
def patch_source(source: SourceRef, body: SourcePatch, who: Writer, store: StoreDep) -> SourceOut:
    if not body.model_fields_set:
        raise Problem(422, "nothing to change: give reliability, kind, confidential or public")
    with store.session() as session:
        try:
            _, after = update_source(
                session,
                source,
                reliability=body.reliability,
                kind=body.kind,
                confidential=body.confidential,
                public=body.public,
                user=who.user,
            )
        except NotFound:
            raise Problem(404, f"no source {source!r}; list sources at /api/sources") from None
        except StoreError as exc:
            raise Problem(422, str(exc)) from None
    return source_out(after)


@router.patch(
    "/api/documents/{document_id}",
    response_model=s.DocumentOut,
    tags=["documents"],
    summary="Mark one document confidential (or not)",
    description="For a report given in confidence inside an open source. Audited before and after.",
)
def patch_document(document_id: str, body: DocumentPatch, who: Writer, store: StoreDep) -> s.DocumentOut:
    d = Disclosure(who)
    with store.session() as session:
        try:
            mark_document(session, document_id, confidential=body.confidential, user=who.user)
        except NotFound:
            raise Problem(404, f"no document {document_id!r}; list documents at /api/documents") from None
        doc = get_document(session, document_id)
        assert doc is not None
        out = d.document(doc)
        d.audit(session, "documents", document_id)
    return out
