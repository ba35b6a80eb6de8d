"""Documents: list, read, upload."""

from __future__ import annotations

import dataclasses
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from starlette.concurrency import run_in_threadpool

from trucewatch import disclosure
from trucewatch.api import schemas as s
from trucewatch.api.auth import Principal, Reader, StoreDep, Writer
from trucewatch.api.pagination import Cursor, Limit, decode_cursor, page_of
from trucewatch.api.problems import Problem
from trucewatch.api.redaction import Disclosure
from trucewatch.api.routers.common import Since, Until, check_dates
from trucewatch.days import Day
from trucewatch.ingest.readers import ReadFailure, ReadOptions, read_file
from trucewatch.model import Document
from trucewatch.store import add_document, get_document, paging
from trucewatch.store.accounts import record
from trucewatch.store.db import Store

router = APIRouter(prefix="/api/documents", tags=["documents"])
_SUFFIX = re.compile(r"\.[a-z0-9]{1,10}")
_CHUNK = 1024 * 1024


@router.get("", response_model=s.Page[s.DocumentOut], summary="List documents")
def list_documents(
    who: Reader,
    store: StoreDep,
    since: Since = None,
    until: Until = None,
    source: Annotated[str | None, Query(max_length=300, description="A source name.")] = None,
    confidential: Annotated[
        bool | None, Query(description="Only confidential (true) or open (false) ones.")
    ] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> s.Page[s.DocumentOut]:
    check_dates(since, until)
    after = decode_cursor(cursor)
    d = Disclosure(who)
    with store.session() as session:
        docs = paging.document_page(
            session,
            since=since,
            until=until,
            source=source,
            confidential=confidential,
            shown=disclosure.shown_documents(d.reader),
            after=after,
            limit=limit + 1,
        )
        items = [d.document(doc) for doc in docs]
        page, nxt = page_of(items, [doc.id or "" for doc in docs], limit)
        d.touched &= {p.id for p in page}
        d.audit(session, "documents")
    return s.Page[s.DocumentOut](items=page, next_cursor=nxt, limit=limit)


@router.get("/{document_id}", response_model=s.DocumentDetail, summary="One document, with its text")
def read_document(document_id: str, who: Reader, store: StoreDep) -> s.DocumentDetail:
    d = Disclosure(who)
    with store.session() as session:
        doc = get_document(session, document_id)
        if doc is None or not disclosure.may_see_document(d.reader, doc):  # the same answer either way
            raise Problem(404, f"no document {document_id!r}; list documents at /api/documents")
        out = d.document(doc, detail=True)
        d.audit(session, "documents", document_id)
    assert isinstance(out, s.DocumentDetail)
    return out


def safe_origin(filename: str | None) -> str:
    """The client's file name for display only: base name, no control characters, bounded."""
    name = (filename or "upload").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    return "upload:" + (name[:200] or "upload")


def _suffix(filename: str | None) -> str:
    suffix = Path((filename or "").replace("\\", "/").rsplit("/", 1)[-1]).suffix.lower()
    return suffix if _SUFFIX.fullmatch(suffix) else ""


async def _save_bounded(upload: UploadFile, target: Path, max_bytes: int) -> None:
    size = 0
    with target.open("wb") as out:
        while chunk := await upload.read(_CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise Problem(
                    413, f"the file is larger than the limit of {max_bytes:,} bytes; split it or ask an admin"
                )
            out.write(chunk)


@router.post(
    "",
    status_code=201,
    response_model=s.UploadOut,
    summary="Upload a report (txt, md, html, pdf, jsonl)",
    description="Read with the same readers and size limit as `trucewatch ingest`. "
    "The file name is used only to pick the reader and as a label, never as a path.",
)
async def upload_document(
    request: Request,
    who: Writer,
    store: StoreDep,
    file: Annotated[UploadFile, File(description="The report file.")],
    source: Annotated[str | None, Form(max_length=300)] = None,
    published: Annotated[Day | None, Form()] = None,
    language: Annotated[str | None, Form(max_length=16)] = None,
    confidential: Annotated[bool, Form()] = False,
) -> s.UploadOut:
    max_bytes: int = request.app.state.max_upload_bytes
    options = ReadOptions(
        source=source, published=published, language=language, confidential=confidential, max_bytes=max_bytes
    )
    origin = safe_origin(file.filename)
    with tempfile.TemporaryDirectory(prefix="trucewatch-upload-") as tmp:
        path = Path(tmp) / ("upload" + _suffix(file.filename))
        await _save_bounded(file, path, max_bytes)
        # Reading (a PDF can take seconds) and storing (which may wait for another writer's lock)
        # block: in the thread pool, so this worker keeps answering other requests meanwhile.
        results = await run_in_threadpool(lambda: list(read_file(path, options)))
    failures = [r for r in results if isinstance(r, ReadFailure)]
    docs = [dataclasses.replace(r, origin=origin) for r in results if isinstance(r, Document)]
    if failures:  # all or nothing: a half-read file is not stored
        first = failures[0]
        status = 413 if first.reason == "too_large" else 415 if first.reason == "unsupported" else 422
        more = f" (and {len(failures) - 1} more problems)" if len(failures) > 1 else ""
        raise Problem(status, f"{first.message}{more}")
    return await run_in_threadpool(_store_uploaded, store, who, docs, origin)


def _store_uploaded(store: Store, who: Principal, docs: list[Document], origin: str) -> s.UploadOut:
    d = Disclosure(who)
    out, created = [], []
    with store.session() as session:
        for doc in docs:
            doc_id, new = add_document(session, doc)
            stored = get_document(session, doc_id)
            assert stored is not None
            out.append(d.document(stored))
            created.append(new)
            if new:
                record(
                    session,
                    user=who.user,
                    action="document.create",
                    resource="documents",
                    resource_id=doc_id,
                    after={
                        "title": stored.title,
                        "source": stored.source.name if stored.source else None,
                        "confidential": stored.is_confidential,
                        "origin": origin,
                        "length": len(stored.text),
                    },
                )
    return s.UploadOut(documents=out, created=created)


@router.post(
    "/{document_id}/extract",
    response_model=s.ExtractOut,
    summary="Run extraction on a document",
    description="Replaces the claims the rules extractor made from this document (claims an analyst "
    "confirmed or rejected keep their status). One transaction, audited.",
)
def extract_claims(document_id: str, request: Request, who: Writer, store: StoreDep) -> s.ExtractOut:
    from trucewatch.extract import EXTRACTOR, EXTRACTOR_VERSION, default_pipeline, extract_document
    from trucewatch.extract_store import places_with_ancestors
    from trucewatch.store import replace_claims, upsert_places

    pipeline = getattr(request.app.state, "pipeline", None)
    if pipeline is None:  # built once per process: loading lexicons and spaCy is slow
        pipeline = request.app.state.pipeline = default_pipeline()
    with store.session() as session:
        doc = get_document(session, document_id)
        if doc is None:
            raise Problem(404, f"no document {document_id!r}; list documents at /api/documents")
        before = [
            c.id for c in paging.claim_page(session, paging.Filters(document_id=document_id), None, 10_000)
        ]
        analysis = extract_document(document_id, doc.text, doc.published, doc.language, pipeline)
        places = places_with_ancestors(analysis)
        if places:
            upsert_places(session, places)
        claim_ids = replace_claims(session, document_id, EXTRACTOR, EXTRACTOR_VERSION, analysis.claims)
        record(
            session,
            user=who.user,
            action="document.extract",
            resource="documents",
            resource_id=document_id,
            before={"claim_ids": before},
            after={"claim_ids": claim_ids, "extractor": EXTRACTOR, "version": EXTRACTOR_VERSION},
        )
    return s.ExtractOut(document_id=document_id, claim_ids=claim_ids)
