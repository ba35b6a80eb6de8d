"""Reading what reports and exports need from the store (the I/O edge of report/)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from importlib import resources
from typing import Any

import yaml

from trucewatch.model import ActorKind, Claim, EventType, Place
from trucewatch.report.records import AcledOriginal, Record, to_records
from trucewatch.store import (
    Session,
    get_place,
    list_actors,
    list_claims,
    list_places,
    place_descendants,
)
from trucewatch.store.acled import acled_events_by_document
from trucewatch.store.documents import documents_by_id


def find_place(session: Session, name_or_id: str) -> Place | None:
    """A stored place by id, name or alternate name (case-insensitive); the first stored wins."""
    by_id = get_place(session, name_or_id)
    if by_id is not None:
        return by_id
    wanted = name_or_id.strip().casefold()
    for place in list_places(session):
        if wanted == place.name.casefold() or wanted in {a.casefold() for a in place.alternate_names}:
            return place
    return None


def place_scope(session: Session, ref: str | None) -> Place | None:
    """The place a filter names (None: everywhere); NotFound, naming it, when no place is called so."""
    from trucewatch.errors import NotFound

    if ref is None:
        return None
    place = find_place(session, ref)
    if place is None:
        raise NotFound(f"no place named {ref!r}")
    return place


def places_by_id(session: Session) -> dict[str, Place]:
    return {p.id: p for p in list_places(session) if p.id is not None}


def actor_kinds(session: Session) -> dict[str, ActorKind]:
    """Each actor's kind: the actor catalogue (extract/data/actors.yaml, with its local
    groups such as "<Place> rebels"), overridden by the kinds stored in the actors table."""
    kinds = catalogue_kinds()
    kinds.update({a.name: a.kind for a in list_actors(session)})
    return kinds


class _CatalogueKinds(dict[str, ActorKind]):
    """Lexicon names, then local-group names by their suffix ("Waer rebels" -> rebel)."""

    def __init__(self, names: dict[str, ActorKind], suffixes: list[tuple[str, ActorKind]]) -> None:
        super().__init__(names)
        self.suffixes = suffixes

    def get(self, name: str, default: Any = None) -> Any:
        if name in self:
            return self[name]
        folded = name.casefold()
        for suffix, kind in self.suffixes:  # longest first
            if folded.endswith(" " + suffix):
                return kind
        return default


@functools.cache
def _catalogue() -> tuple[dict[str, ActorKind], list[tuple[str, ActorKind]]]:
    from trucewatch.extract.actors import load_lexicon

    names = {e.name: e.kind for e in load_lexicon()}
    raw = yaml.safe_load(
        resources.files("trucewatch.extract").joinpath("data/actors.yaml").read_text(encoding="utf-8")
    )
    groups = (raw.get("place_groups") or {}).get("groups") or []
    suffixes = sorted(
        ((str(g["suffix"]).casefold(), ActorKind(g["kind"])) for g in groups),
        key=lambda pair: -len(pair[0]),
    )
    return names, suffixes


def catalogue_kinds() -> _CatalogueKinds:
    names, suffixes = _catalogue()
    return _CatalogueKinds(names, suffixes)


def load_claims(
    session: Session,
    *,
    place: Place | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    types: Iterable[EventType] | None = None,
) -> list[Claim]:
    """Claims in a place (and everything inside it) and a date range."""
    scope = place_descendants(session, place.id) if place is not None and place.id else None
    return list_claims(session, place_ids=scope, since=since, until=until, types=types)


def load_records(
    session: Session,
    *,
    place: Place | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    types: Iterable[EventType] | None = None,
    show_confidential: bool = False,
    as_of: dt.date | None = None,
) -> list[Record]:
    """The records of the claims in a place and a date range; with `as_of`, only those a monitor
    could have known that day (their report published, or else ingested, by then: ledger/known.py),
    a confidential report's day counted as the reader may see it."""
    claims = load_claims(session, place=place, since=since, until=until, types=types)
    if as_of is not None:
        from trucewatch.ledger.known import known_claims
        from trucewatch.ledger_service import doc_infos

        infos = doc_infos(
            session, {c.document_id for c in claims}, withhold_confidential=not show_confidential
        )
        claims = known_claims(claims, as_of, infos)
    docs = documents_by_id(
        session, {s.document_id for c in claims for s in c.evidence} | {c.document_id for c in claims}
    )
    stored = acled_events_by_document(session, {c.document_id for c in claims})
    originals = {k: AcledOriginal(v.fields, v.derived) for k, v in stored.items()}
    records = to_records(
        claims, docs, places_by_id(session), show_confidential=show_confidential, acled=originals
    )
    # Database keys differ between stores; content-derived ids give the same order everywhere.
    return sorted(records, key=lambda r: (r.when is None, r.when.start if r.when else dt.datetime.min, r.id))
