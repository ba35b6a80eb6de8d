"""Extraction against the database: read stored documents, extract, store claims.

This is the I/O edge around the pure pipeline in trucewatch.extract (which
imports nothing from the store). `ingest --extract` and `trucewatch extract`
both call `extract_and_store`.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from trucewatch.extract.assemble import EXTRACTOR, EXTRACTOR_VERSION
from trucewatch.extract.base import Analysis
from trucewatch.extract.budget import BudgetExceeded, Deadline, interrupt_at
from trucewatch.extract.pipeline import Pipeline, default_pipeline, extract_document
from trucewatch.model import Place

__all__ = ["ExtractSummary", "extract_and_store", "places_with_ancestors"]


@dataclass
class ExtractSummary:
    documents: int = 0
    claims: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    missing: list[str] = field(default_factory=list)  # ids asked for that are not stored
    # one line per document that could not be extracted ("<id>: <why>"); nothing stored for it
    failed: list[str] = field(default_factory=list)
    claim_ids: list[str] = field(default_factory=list)


def places_with_ancestors(analysis: Analysis) -> list[Place]:
    """The places the claims cite, each with its ancestors (stored parents first by the store)."""
    wanted = {c.place_id for c in analysis.claims if c.place_id}
    found: dict[str, Place] = {}
    for m in analysis.places:
        if m.place.id in wanted:
            found[m.place.id] = m.place
    if not found:
        return []
    try:
        from trucewatch.extract.gazetteer import Gazetteer

        gazetteer = Gazetteer.default()
        for place_id in list(found):
            for parent in gazetteer.ancestors(place_id):
                if parent.id:
                    found.setdefault(parent.id, parent)
    except ImportError:  # no gazetteer: store the places without their parents
        found = {k: dataclasses.replace(p, parent_id=None) for k, p in found.items()}
    return list(found.values())


def extract_and_store(
    store: object,
    document_ids: Iterable[str] | None = None,
    pipeline: Pipeline | None = None,
    progress: Callable[[int, int], None] | None = None,
    budget: float | None = None,
    actor: str | None = None,
) -> ExtractSummary:
    """Extract claims from stored documents (all when `document_ids` is None) and store them.

    Idempotent: each document's claims by this extractor are replaced, one
    transaction per document, so an interrupted run keeps what it finished.
    `budget`: seconds one document may take; a document over it is listed in
    `failed`, its stored claims left as they were, and the others go on.
    `actor` ("cli:alice"): each document's extraction is recorded in the audit log,
    in the transaction that stores its claims.
    """
    from trucewatch.store import get_document, list_claims, replace_claims, upsert_places
    from trucewatch.store.accounts import record
    from trucewatch.store.corpus import document_ids as stored_ids

    pipe = pipeline or default_pipeline()
    session_of = store.session  # type: ignore[attr-defined]
    if document_ids is None:
        with session_of() as session:  # ids only: the texts are read one document at a time
            ids = stored_ids(session)
    else:
        ids = list(dict.fromkeys(document_ids))
    summary = ExtractSummary()
    for n, doc_id in enumerate(ids, 1):
        with session_of() as session:
            doc = get_document(session, doc_id)
            if doc is None:
                summary.missing.append(doc_id)
                continue
            deadline = Deadline(budget, doc_id) if budget is not None else None
            try:
                # the alarm stops even a step that never returns to the pipeline's checks
                with interrupt_at(deadline):
                    analysis = extract_document(
                        doc_id, doc.text, doc.published, doc.language, pipe, deadline=deadline
                    )
            except BudgetExceeded as exc:
                summary.failed.append(f"{doc_id}: {exc}")
                if progress:
                    progress(n, len(ids))
                continue
            places = places_with_ancestors(analysis)
            if places:
                upsert_places(session, places)
            if actor is not None:
                before = list_claims(session, document_id=doc_id)
            claim_ids = replace_claims(session, doc_id, EXTRACTOR, EXTRACTOR_VERSION, analysis.claims)
            if actor is not None:
                record(
                    session,
                    user=None,
                    actor=actor,
                    action="document.extract",
                    resource="documents",
                    resource_id=doc_id,
                    before={"claim_ids": [c.id for c in before]},
                    after={"claim_ids": claim_ids, "extractor": EXTRACTOR, "version": EXTRACTOR_VERSION},
                )
        summary.documents += 1
        summary.claims += len(claim_ids)
        summary.claim_ids.extend(claim_ids)
        summary.by_type.update(c.type.value for c in analysis.claims)
        if progress:
            progress(n, len(ids))
    return summary
