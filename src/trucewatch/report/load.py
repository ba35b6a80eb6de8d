"""Reading what reports and exports need from the store (the I/O edge of report/)."""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import pickle
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import IO, Any

from trucewatch.model import ActorKind, Claim, EventType, Place, Precision, Status, When
from trucewatch.report.records import AcledOriginal, Record, distinct_id, record_of
from trucewatch.store import (
    PAGE_SIZE,
    Session,
    claim_pages,
    claim_precisions,
    get_place,
    list_actors,
    list_claims,
    list_places,
    place_descendants,
)
from trucewatch.store.acled import acled_events_by_document
from trucewatch.store.claims import claim_from_parts
from trucewatch.store.streams import claim_part_pages, documents_unread


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
        # a name's kind by its suffix, once per name (bounded: flat memory whatever the export)
        self.by_suffix = functools.lru_cache(maxsize=1 << 16)(self._suffix_kind)

    def get(self, name: str, default: Any = None) -> Any:
        if name in self:
            return self[name]
        found = self.by_suffix(name)
        return default if found is None else found

    def _suffix_kind(self, name: str) -> ActorKind | None:
        folded = name.casefold()
        return next(
            (kind for suffix, kind in self.suffixes if folded.endswith(" " + suffix)), None
        )  # longest first


@functools.cache
def _catalogue() -> tuple[dict[str, ActorKind], list[tuple[str, ActorKind]]]:
    from trucewatch.extract.actors import load_lexicon, read_yaml

    names = {e.name: e.kind for e in load_lexicon()}
    raw = read_yaml(
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
    a confidential report's day counted as the reader may see it. All of iter_records, in a list."""
    return list(
        iter_records(
            session,
            place=place,
            since=since,
            until=until,
            types=types,
            show_confidential=show_confidential,
            as_of=as_of,
        )
    )


def iter_records(
    session: Session,
    *,
    place: Place | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    types: Iterable[EventType] | None = None,
    show_confidential: bool = False,
    as_of: dt.date | None = None,
    page_size: int = PAGE_SIZE,
    group_limit: int = PAGE_SIZE,
) -> Iterator[Record]:
    """load_records's records one at a time, in its order, the claims read `page_size` at a time.

    Records are ordered by date, then by their content-derived id (database keys differ between
    stores; these ids give the same order everywhere). The store gives claims in date order, so
    only the claims that share one start are sorted together (all the undated ones are one such
    group, and every claim dated only to 2017 another): a group larger than `group_limit` is
    sorted on disk (_SortedGroup), so memory follows the page size, not the export.
    Identical statements share their date too, so telling their ids apart needs only that group.
    Each record is built from its claim's row values (records.record_of), the Claim itself only
    if a format asks for it (Record.full_claim: the JSON export).
    """
    scope = place_descendants(session, place.id) if place is not None and place.id else None
    places = places_by_id(session)
    group = _SortedGroup(group_limit)
    current: dt.datetime | None = None
    whens: dict[tuple[Any, ...], When] = {}  # the dates of the claims that share this start
    type_of, status_of = _TYPES, _STATUSES  # a stored value's member, by a dict
    for page in claim_part_pages(
        session, place_ids=scope, since=since, until=until, types=types, page_size=page_size, words=True
    ):
        if as_of is not None:  # which claims were known is the ledger's rule, over Claims
            known = _known(session, [claim_from_parts(*parts) for parts in page], as_of, show_confidential)
            wanted = {c.id for c in known}
            page = [parts for parts in page if parts[0][0] in wanted]
        doc_ids = {parts[0][1] for parts in page}
        docs = documents_unread(session, doc_ids)  # the words quoted come with the evidence
        stored = acled_events_by_document(session, doc_ids)
        originals = {k: AcledOriginal(v.fields, v.derived) for k, v in stored.items()}
        for parts in page:
            head, evidence, actors, quantities = parts
            (claim_id, document_id, type_, start, end, precision, open_ended, place_text, place_id) = head[:9]
            if start != current:
                yield from group.drain()
                current = start
                whens = {}
            when = None
            if start is not None:
                key = (precision, end, open_ended)
                when = whens.get(key)
                if when is None:
                    when = whens[key] = When(start, _PRECISIONS[precision], end, bool(open_ended))
            group.add(
                record_of(
                    claim_id,
                    head[13],  # event_id
                    type_of[type_],
                    when,
                    status_of[head[12]],
                    document_id,
                    place_text,
                    place_id,
                    [(e[0], e[3]) for e in evidence],
                    [(a[0], a[1]) for a in actors],
                    [(q[0], q[1], q[2]) for q in quantities],
                    docs,
                    places,
                    show_confidential,
                    originals,
                    claim_of=functools.partial(claim_from_parts, *parts),  # for the JSON export only
                )
            )
    yield from group.drain()


# A stored value's member: the claim's own enums, read once per record (store.claims checks them).
_TYPES = {t.value: t for t in EventType}
_PRECISIONS = {p.value: p for p in Precision}
_STATUSES = {s.value: s for s in Status}


def _by_id(record: Record) -> str:
    return record.id


class _SortedGroup:
    """Records of one start, given back sorted by id: up to `limit` held in memory, beyond it
    written out in sorted runs to temporary files and merged (an external sort)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.held: list[Record] = []
        self.runs: list[IO[bytes]] = []
        self.seen: dict[str, int] = {}

    def add(self, record: Record) -> None:
        self.held.append(distinct_id(record, self.seen))
        if len(self.held) >= self.limit:
            run = tempfile.TemporaryFile()  # noqa: SIM115  closed by drain, after the merge
            for r in sorted(self.held, key=_by_id):
                pickle.dump(r, run, pickle.HIGHEST_PROTOCOL)
            run.seek(0)
            self.runs.append(run)
            self.held = []

    def drain(self) -> Iterator[Record]:
        held, runs = sorted(self.held, key=_by_id), self.runs
        self.held, self.runs, self.seen = [], [], {}
        try:
            yield from heapq.merge(*(_read(run) for run in runs), held, key=_by_id) if runs else held
        finally:
            for run in runs:
                run.close()


def _read(run: IO[bytes]) -> Iterator[Record]:
    while True:
        try:
            yield pickle.load(run)  # our own temporary file, written by add
        except EOFError:
            return


def _known(session: Session, claims: list[Claim], as_of: dt.date, show_confidential: bool) -> list[Claim]:
    from trucewatch.ledger.known import known_claims
    from trucewatch.ledger_service import doc_infos

    infos = doc_infos(session, {c.document_id for c in claims}, withhold_confidential=not show_confidential)
    return known_claims(claims, as_of, infos)


def record_precisions(
    session: Session,
    *,
    place: Place | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    types: Iterable[EventType] | None = None,
    show_confidential: bool = False,
    as_of: dt.date | None = None,
) -> Counter[Precision | None]:
    """How many of iter_records's records are dated to each precision (None: undated), before
    reading them: what an export leaves out, known before its first byte is sent. Counted in
    the database; with `as_of`, over the claims (never their documents' texts), page by page."""
    scope = place_descendants(session, place.id) if place is not None and place.id else None
    if as_of is None:
        return claim_precisions(session, place_ids=scope, since=since, until=until, types=types)
    out: Counter[Precision | None] = Counter()
    for page in claim_pages(session, place_ids=scope, since=since, until=until, types=types):
        out.update(
            c.when.precision if c.when else None for c in _known(session, page, as_of, show_confidential)
        )
    return out
