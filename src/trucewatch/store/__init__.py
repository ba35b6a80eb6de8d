"""The database: SQLAlchemy 2 + Alembic, SQLite by default, PostgreSQL by URL.

    store = open_store()                 # TRUCEWATCH_DATABASE_URL or ./trucewatch.db
    with store.session() as session:     # one transaction: commit, or roll back on error
        doc_id, created = add_document(session, doc)

Every function takes a Session and speaks in trucewatch.model dataclasses.
"""

from sqlalchemy.orm import Session  # the type interfaces annotate with, without importing sqlalchemy

from trucewatch.store.claims import get_claim, list_claims, replace_claims, set_claim_status
from trucewatch.store.db import Store, current_revision, head_revision, open_store, upgrade
from trucewatch.store.documents import (
    add_document,
    count_documents,
    get_document,
    get_or_create_source,
    list_documents,
)
from trucewatch.store.errors import (
    DatabaseUnavailable,
    NotFound,
    SchemaMismatch,
    StoreError,
    UnknownReference,
)
from trucewatch.store.places import (
    get_place,
    list_actors,
    list_places,
    place_descendants,
    place_key,
    place_names,
    upsert_actors,
    upsert_places,
)
from trucewatch.store.records import (
    commitment_agreement_id,
    get_agreement,
    get_ceasefire,
    get_event,
    get_siege,
    list_agreements,
    list_ceasefires,
    list_events,
    list_sieges,
    save_agreement,
    save_ceasefire,
    save_event,
    save_siege,
)
from trucewatch.store.streams import PAGE_SIZE, claim_pages, claim_precisions

__all__ = [
    "PAGE_SIZE",
    "DatabaseUnavailable",
    "NotFound",
    "SchemaMismatch",
    "Session",
    "Store",
    "StoreError",
    "UnknownReference",
    "add_document",
    "claim_pages",
    "claim_precisions",
    "commitment_agreement_id",
    "count_documents",
    "current_revision",
    "get_agreement",
    "get_ceasefire",
    "get_claim",
    "get_document",
    "get_event",
    "get_or_create_source",
    "get_place",
    "get_siege",
    "head_revision",
    "list_actors",
    "list_agreements",
    "list_ceasefires",
    "list_claims",
    "list_documents",
    "list_events",
    "list_places",
    "list_sieges",
    "open_store",
    "place_descendants",
    "place_key",
    "place_names",
    "replace_claims",
    "save_agreement",
    "save_ceasefire",
    "save_event",
    "save_siege",
    "set_claim_status",
    "upgrade",
    "upsert_actors",
    "upsert_places",
]
