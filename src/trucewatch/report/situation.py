"""A situation report for one place: what the ledger says, with its sources.

`build_situation` reads the store once and calls the ledger's pure functions;
the result is plain data that templates render as HTML (and WeasyPrint as PDF).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from trucewatch.disclosure import published_as_seen
from trucewatch.errors import NotFound
from trucewatch.ledger import (
    AgreementLedger,
    CeasefireLedger,
    DocInfo,
    SiegeLedger,
    agreement_ledger,
    ceasefire_ledger,
    group_happenings,
    siege_ledger,
)
from trucewatch.ledger_service import all_agreements, all_ceasefires, all_sieges
from trucewatch.model import Claim, Document, Place, Status
from trucewatch.report.charts import BarChart, bar_chart
from trucewatch.report.load import load_claims, places_by_id
from trucewatch.report.records import REDACTED_SOURCE, Record, to_records
from trucewatch.store import Session, place_descendants
from trucewatch.store.documents import documents_by_id


class PlaceNotFound(NotFound):
    """No stored place has that name or id."""


@dataclass(frozen=True, slots=True)
class SourceLine:
    name: str
    kind: str | None
    reliability: str | None
    claims: int
    confidential: bool


@dataclass(frozen=True, slots=True)
class SituationReport:
    place: Place
    since: dt.date | None
    until: dt.date
    generated: dt.datetime
    ceasefires: tuple[CeasefireLedger, ...]
    agreements: tuple[AgreementLedger, ...]
    sieges: tuple[SiegeLedger, ...]
    chart: BarChart
    records: tuple[Record, ...]
    sources: tuple[SourceLine, ...]
    places: dict[str, Place]
    show_confidential: bool
    # Confidential documents whose claims the report read (shown or counted): each is audited.
    confidential_doc_ids: tuple[str, ...] = ()

    def place_name(self, place_id: str | None) -> str:
        p = self.places.get(place_id or "")
        return p.name if p else (place_id or "everywhere")


def doc_infos(docs: dict[str, Document], *, show_confidential: bool) -> dict[str, DocInfo]:
    """The ledger's per-document facts, with confidential sources given neutral, distinct labels
    and their publication dates withheld (trucewatch.disclosure.published_as_seen)."""
    labels: dict[str, str] = {}
    out = {}
    for doc_id, doc in sorted(docs.items()):
        name = doc.source.name if doc.source else None
        withhold = doc.is_confidential and not show_confidential
        if withhold:
            key = name or doc_id
            labels.setdefault(key, f"{REDACTED_SOURCE} {len(labels) + 1}")
            name = labels[key]
        published = published_as_seen(doc.published, doc.is_confidential, withhold=withhold)
        out[doc_id] = DocInfo(published=published, source=name)
    return out


def _sources(
    claims: list[Claim], docs: dict[str, Document], infos: dict[str, DocInfo]
) -> tuple[SourceLine, ...]:
    counts: Counter[str] = Counter(c.document_id for c in claims if c.status != Status.REJECTED)
    lines: dict[str, SourceLine] = {}
    for doc_id, n in counts.items():
        doc = docs.get(doc_id)
        name = infos[doc_id].source if doc_id in infos and infos[doc_id].source else doc_id
        assert name is not None
        redacted = bool(doc and doc.is_confidential and name.startswith(REDACTED_SOURCE))
        src = doc.source if doc else None
        prev = lines.get(name)
        lines[name] = SourceLine(
            name=name,
            kind=None if redacted or src is None else src.kind,
            reliability=None if redacted or src is None else src.reliability.value,
            claims=n + (prev.claims if prev else 0),
            confidential=bool(doc and doc.is_confidential),
        )
    return tuple(sorted(lines.values(), key=lambda s: (-s.claims, s.name)))


def violations_chart(
    claims: list[Claim], scope: frozenset[str], first: dt.date, last: dt.date, marker: dt.date | None
) -> BarChart:
    """Attacks per day (each happening once; only day-precise dates are placed on a day)."""
    per_day: Counter[dt.date] = Counter()
    for h in group_happenings(c for c in claims if c.type.is_attack):
        if h.when is not None and h.place_id in scope and h.when.precision.value in ("minute", "hour", "day"):
            per_day[h.when.start.date()] += 1
    return bar_chart(
        per_day,
        first,
        last,
        title="Attacks per day",
        marker=marker,
        marker_label="ceasefire start" if marker else None,
    )


def build_situation(
    session: Session,
    place_ref: str,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    show_confidential: bool = False,
    now: dt.datetime | None = None,
) -> SituationReport:
    """Everything a situation report on `place_ref` (a name or id) shows, as of `until` (default today)."""
    from trucewatch.report.load import find_place

    place = find_place(session, place_ref)
    if place is None or place.id is None:
        raise PlaceNotFound(f"no place named {place_ref!r}; list places with `trucewatch places`")
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    as_of = until or now.date()
    scope = frozenset(place_descendants(session, place.id))
    claims = [c for c in load_claims(session, place=place) if c.status != Status.REJECTED]
    docs = documents_by_id(
        session, {c.document_id for c in claims} | {s.document_id for c in claims for s in c.evidence}
    )
    infos = doc_infos(docs, show_confidential=show_confidential)
    places = places_by_id(session)
    ceasefires = tuple(
        ceasefire_ledger(
            cf,
            claims,
            scope=frozenset(place_descendants(session, cf.place_id)) if cf.place_id else None,
            as_of=as_of,
            docs=infos,
        )
        for cf in all_ceasefires(session)
        if cf.status != Status.REJECTED and cf.place_id in scope
    )
    agreements = tuple(
        agreement_ledger(
            a,
            claims,
            scope=frozenset(place_descendants(session, a.place_id)) if a.place_id else None,
            as_of=as_of,
            docs=infos,
        )
        for a in all_agreements(session)
        if a.status != Status.REJECTED and a.place_id in scope
    )
    sieges = tuple(
        siege_ledger(
            s, claims, scope=frozenset(place_descendants(session, s.place_id)), as_of=as_of, docs=infos
        )
        for s in all_sieges(session)
        if s.status != Status.REJECTED and s.place_id in scope
    )
    marker = ceasefires[0].ceasefire.start.start.date() if ceasefires else None
    first = since or ((marker - dt.timedelta(days=14)) if marker else as_of - dt.timedelta(days=30))
    in_period = [
        c
        for c in claims
        if c.when is None
        or (c.when.start.date() <= as_of and (since is None or c.when.start.date() >= since))
    ]
    records = to_records(in_period, docs, places, show_confidential=show_confidential)
    used = {
        d
        for c in claims
        if c.when is None or c.when.start.date() <= as_of
        for d in (c.document_id, *(s.document_id for s in c.evidence))
    }
    return SituationReport(
        place=place,
        since=since,
        until=as_of,
        generated=now,
        ceasefires=ceasefires,
        agreements=agreements,
        sieges=sieges,
        chart=violations_chart(claims, scope, first, as_of, marker),
        records=tuple(records),
        sources=_sources(in_period, docs, infos),
        places=places,
        show_confidential=show_confidential,
        confidential_doc_ids=tuple(sorted(d for d in used if d in docs and docs[d].is_confidential)),
    )
