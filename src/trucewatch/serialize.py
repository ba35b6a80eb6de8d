"""One JSON shape per record kind, shared by the CLI's --json, the API and the JSON exports.

Each kind is one pydantic model, the one the API answers with (and so the one
/openapi.json documents), built from model values by one function here. The CLI
and the exports print the same model as JSON (`as_json`), so a consumer reads
the same keys from every channel. A record that refers to a place says so as
`place: {id, name}` everywhere.

Pure: model values and ledger verdicts in, models out. What a reader may see is
decided by the caller: a `Shown` (the API's `Disclosure`) filters evidence spans
and names figures' sources; `SHOW_ALL` (the command line, the snapshot) shows
everything.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from pydantic import BaseModel, Field

from trucewatch.ledger.ceasefires import CeasefireLedger, DayViolations, ViolationCounts, Window
from trucewatch.ledger.compliance import AgreementLedger, Compliance, Delivery
from trucewatch.ledger.ethprio import ethprio_rows
from trucewatch.ledger.happenings import Happening
from trucewatch.ledger.sieges import SiegeLedger
from trucewatch.model import (
    ActionKind,
    Actor,
    ActorRole,
    Agreement,
    AgreementKind,
    Ceasefire,
    Claim,
    Commitment,
    Document,
    Event,
    EventType,
    Place,
    Precision,
    Qualifier,
    Quantity,
    QuantityKind,
    Reliability,
    Role,
    Siege,
    Source,
    Span,
    Status,
    When,
)

PlaceNames = Mapping[str, str]  # place id -> its name


def as_json(value: BaseModel) -> dict[str, Any]:
    """A model as the plain JSON the API sends: what the CLI prints and the exports write."""
    return value.model_dump(mode="json")


# --- what a reader may see ---------------------------------------------------------------------


class Shown(Protocol):
    """The rule of trucewatch.disclosure for one response (the API's Disclosure implements it)."""

    def spans(self, spans: Iterable[Span]) -> list[SpanOut]:
        """The spans the reader may see (the others left out)."""
        ...

    def figure_source(self, name: str, claim_document_ids: Iterable[str]) -> str:
        """A figure's source label, redacted when it rests on a document the reader may not see."""
        ...

    def touch(self, document_ids: Iterable[str]) -> None:
        """Note documents whose content is in the response (for the audit of confidential reads)."""
        ...


class ShowAll:
    """Everything, unredacted: for readers who may see it all (the command line, the snapshot)."""

    def spans(self, spans: Iterable[Span]) -> list[SpanOut]:
        return [SpanOut(document_id=s.document_id, start=s.start, end=s.end) for s in dict.fromkeys(spans)]

    def figure_source(self, name: str, claim_document_ids: Iterable[str]) -> str:
        return name

    def touch(self, document_ids: Iterable[str]) -> None:
        return None


SHOW_ALL: Shown = ShowAll()


def place_ids(value: object) -> set[str]:
    """Every place id a value refers to (records, ledgers, happenings, lists of them): the names
    to look up before serializing it."""
    found: set[str] = set()
    seen: set[int] = set()
    stack: list[object] = [value]
    while stack:
        item = stack.pop()
        if item is None or isinstance(item, (str, int, float, bool, dt.date)) or id(item) in seen:
            continue
        seen.add(id(item))
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            for f in dataclasses.fields(item):
                attr = getattr(item, f.name)
                if f.name == "place_id" and isinstance(attr, str):
                    found.add(attr)
                else:
                    stack.append(attr)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack.extend(item)
    return found


# --- values every kind uses ----------------------------------------------------------------------


class WhenOut(BaseModel):
    start: dt.datetime
    precision: Precision
    end: dt.datetime | None = None
    open_ended: bool = False
    iso: str = Field(description='The date as said, at its precision: "2017-03", "2017-03-06".')


class SpanOut(BaseModel):
    document_id: str
    start: int
    end: int


class PlaceRef(BaseModel):
    """A place a record refers to: its id and its name (null when the id is not in the gazetteer)."""

    id: str
    name: str | None


def when_out(when: When | None) -> WhenOut | None:
    if when is None:
        return None
    return WhenOut(
        start=_aware(when.start),
        precision=when.precision,
        end=_aware(when.end) if when.end else None,
        open_ended=when.open_ended,
        iso=when.iso(),
    )


def _aware(value: dt.datetime) -> dt.datetime:
    """Stored times are naive UTC; RFC 3339 (and OpenAPI date-time) needs the offset said."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def spans_out(spans: Iterable[Span]) -> list[SpanOut]:
    return SHOW_ALL.spans(spans)


def place_ref(place_id: str | None, names: PlaceNames) -> PlaceRef | None:
    return None if place_id is None else PlaceRef(id=place_id, name=names.get(place_id))


def _span(span: Span | None, shown: Shown) -> SpanOut | None:
    if span is None:
        return None
    out = shown.spans([span])
    return out[0] if out else None


class HideAll(ShowAll):
    """No evidence spans: for a record whose document the reader may not see (a redacted export row)."""

    def spans(self, spans: Iterable[Span]) -> list[SpanOut]:
        return []


HIDE_ALL: Shown = HideAll()


# --- sources and documents ------------------------------------------------------------------------


class SourceOut(BaseModel):
    id: str | None
    name: str
    kind: str
    reliability: Reliability = Field(description="A (completely reliable) to F (cannot be judged).")
    confidential: bool
    public: bool = Field(description="Shown to anonymous callers when public read is on.")
    documents: int | None = Field(None, description="How many of its documents this caller may list.")


class DocumentOut(BaseModel):
    id: str
    title: str | None
    url: str | None
    published: dt.date | None
    language: str
    source: SourceOut | None
    confidential: bool
    redacted: bool = Field(description="True when source, title, URL and text are withheld from this caller.")
    length: int | None


class DocumentDetail(DocumentOut):
    text: str | None
    origin: str | None


def source_out(src: Source, documents: int | None = None) -> SourceOut:
    return SourceOut(
        id=src.id,
        name=src.name,
        kind=src.kind,
        reliability=src.reliability,
        confidential=src.confidential,
        public=src.public,
        documents=documents,
    )


def document_out(doc: Document, *, detail: bool = False) -> DocumentOut | DocumentDetail:
    """A document, for a reader who may see it (callers refuse it to the others first)."""
    assert doc.id is not None
    base: dict[str, Any] = {
        "id": doc.id,
        "title": doc.title,
        "url": doc.url,
        "published": doc.published,
        "language": doc.language,
        "source": source_out(doc.source) if doc.source is not None else None,
        "confidential": doc.is_confidential,
        "redacted": False,
        "length": len(doc.text),
    }
    if detail:
        return DocumentDetail(**base, text=doc.text, origin=doc.origin)
    return DocumentOut(**base)


# --- claims and events ------------------------------------------------------------------------------


class ActorRoleOut(BaseModel):
    actor: str
    role: Role
    span: SpanOut | None = None


class QuantityOut(BaseModel):
    kind: QuantityKind
    value: int | None
    qualifier: Qualifier
    span: SpanOut | None = None


CONFIDENTIAL_SOURCE = "confidential source"


class ClaimOut(BaseModel):
    id: str
    type: EventType
    document_id: str | None = Field(
        description="The document it comes from; null when the caller may not see that document."
    )
    source: str | None = Field(description=f"The source's name, or '{CONFIDENTIAL_SOURCE}'.")
    reliability: str | None = Field(None, description="The source's grade, A (best) to F; null if redacted.")
    confidential: bool
    when: WhenOut | None
    place: PlaceRef | None = Field(description="The gazetteer's place the claim was resolved to.")
    place_text: str | None = Field(description="The place as the report names it.")
    actors: list[ActorRoleOut]
    quantities: list[QuantityOut]
    evidence: list[SpanOut] = Field(description="Empty when the caller may not see the document.")
    quotes: list[str] | None = Field(None, description="The evidence text; null when redacted or not loaded.")
    extractor: str
    extractor_version: str
    rule: str | None
    status: Status
    event_id: str | None = Field(description="Its event; null when none, or one the caller may not open.")


def actor_role_out(a: ActorRole, shown: Shown = SHOW_ALL) -> ActorRoleOut:
    return ActorRoleOut(actor=a.actor, role=a.role, span=_span(a.span, shown))


def quantity_out(q: Quantity, shown: Shown = SHOW_ALL) -> QuantityOut:
    return QuantityOut(kind=q.kind, value=q.value, qualifier=q.qualifier, span=_span(q.span, shown))


def evidence_quotes(claim: Claim, text: str | None) -> list[str] | None:
    """The words of a claim's evidence in its document's text (None: the text is not at hand)."""
    if text is None:
        return None
    return [text[sp.start : sp.end] for sp in claim.evidence if sp.document_id == claim.document_id]


def claim_out(
    claim: Claim,
    names: PlaceNames,
    *,
    source: str | None,
    reliability: str | None,
    confidential: bool,
    hidden: bool = False,
    quotes: list[str] | None = None,
    event_id: str | None = None,
    shown: Shown = SHOW_ALL,
) -> ClaimOut:
    """A claim as a reader sees it: `source` and `reliability` as they may be named (the caller
    redacts them), `hidden` when the reader may not see its document (no id, no quotes), `event_id`
    the event the reader may open (None: none); `shown` filters its spans."""
    assert claim.id is not None
    return ClaimOut(
        id=claim.id,
        type=claim.type,
        document_id=None if hidden else claim.document_id,
        source=source,
        reliability=reliability,
        confidential=confidential,
        when=when_out(claim.when),
        place=place_ref(claim.place_id, names),
        place_text=claim.place,
        actors=[actor_role_out(a, shown) for a in claim.actors],
        quantities=[quantity_out(q, shown) for q in claim.quantities],
        evidence=shown.spans(claim.evidence),
        quotes=None if hidden else quotes,
        extractor=claim.extractor,
        extractor_version=claim.extractor_version,
        rule=claim.rule,
        status=claim.status,
        event_id=event_id,
    )


class EventOut(BaseModel):
    id: str
    type: EventType
    when: WhenOut | None
    place: PlaceRef | None
    actors: list[ActorRoleOut]
    status: Status
    claim_ids: list[str]


def event_out(e: Event, names: PlaceNames, shown: Shown = SHOW_ALL) -> EventOut:
    assert e.id is not None
    return EventOut(
        id=e.id,
        type=e.type,
        when=when_out(e.when),
        place=place_ref(e.place_id, names),
        actors=[actor_role_out(a, shown) for a in e.actors],
        status=e.status,
        claim_ids=list(e.claim_ids),
    )


# --- the gazetteer: places and actors ---------------------------------------------------------------


class PlaceOut(BaseModel):
    id: str
    name: str
    country_code: str | None
    latitude: float | None
    longitude: float | None
    kind: str
    admin1: str | None
    parent_id: str | None
    geonames_id: int | None
    alternate_names: list[str]


class ActorOut(BaseModel):
    id: str | None
    name: str
    kind: str
    side: str | None
    aliases: list[str]


def place_out(p: Place) -> PlaceOut:
    assert p.id is not None
    return PlaceOut(
        id=p.id,
        name=p.name,
        country_code=p.country_code,
        latitude=p.latitude,
        longitude=p.longitude,
        kind=p.kind,
        admin1=p.admin1,
        parent_id=p.parent_id,
        geonames_id=p.geonames_id,
        alternate_names=list(p.alternate_names),
    )


def actor_out(a: Actor) -> ActorOut:
    return ActorOut(id=a.id, name=a.name, kind=a.kind.value, side=a.side, aliases=list(a.aliases))


# --- happenings (what the ledger counts) -----------------------------------------------------------


class HappeningOut(BaseModel):
    """One happening the ledger counts (a violation, a delivery, a breach) and the claims reporting it."""

    type: EventType
    when: WhenOut | None
    place: PlaceRef | None
    event_id: str | None
    claim_ids: list[str]
    perpetrators: list[str]
    evidence: list[SpanOut] = Field(description="Spans into documents the caller may not see are left out.")


def happening_out(h: Happening, names: PlaceNames, shown: Shown = SHOW_ALL) -> HappeningOut:
    return HappeningOut(
        type=h.type,
        when=when_out(h.when),
        place=place_ref(h.place_id, names),
        event_id=h.event_id,
        claim_ids=list(h.claim_ids),
        perpetrators=list(h.perpetrators),
        evidence=shown.spans(h.evidence),
    )


def _happening_docs(happenings: Iterable[Happening]) -> list[str]:
    return [c.document_id for h in happenings for c in h.claims]


# --- agreements, their commitments and compliance ------------------------------------------------


class CommitmentOut(BaseModel):
    id: str | None
    obligated: str
    action: ActionKind
    target: int | None
    unit: QuantityKind | None
    qualifier: Qualifier
    deadline: dt.date | None
    description: str | None
    evidence: list[SpanOut]


class SourceFigureOut(BaseModel):
    source: str
    delivered: int
    at_least: bool
    qualifier: Qualifier = Qualifier.EXACT  # "more than 600" stays more than 600
    figure: str = Field("", description='The figure with its qualifier: "> 600".')
    claim_ids: list[str]
    evidence: list[SpanOut] = Field(default_factory=list)


class DeliveryOut(BaseModel):
    when: WhenOut | None
    reported: dt.date | None
    value: int | None
    qualifier: Qualifier
    figure: str
    mood: str = Field(description="done (a batch), total (so far), forecast (expected, not delivered).")
    claim_ids: list[str]


class ComplianceOut(BaseModel):
    commitment_id: str | None
    obligated: str
    action: ActionKind
    as_of: dt.date
    unit: QuantityKind | None
    delivered: int
    delivered_max: int
    target: int | None
    share: float | None
    status: str
    disputed: bool
    by_source: list[SourceFigureOut]
    progress_claim_ids: list[str]
    breach_claim_ids: list[str]
    unquantified: int
    delivered_qualifier: Qualifier = Qualifier.EXACT
    target_qualifier: Qualifier = Qualifier.EXACT
    text: str = Field(
        "", description='Delivered of target with their qualifiers: "194 of > 7,300 detainees (≤ 2.7%)".'
    )
    expected_claim_ids: list[str] = Field(
        default_factory=list, description="Forecasts and plans: terms or expectations, not deliveries."
    )
    deliveries: list[DeliveryOut] = Field(default_factory=list)
    expected: list[DeliveryOut] = Field(default_factory=list)
    progress: list[HappeningOut] = Field(default_factory=list)
    breaches: list[HappeningOut] = Field(default_factory=list)
    claim_ids: list[str] = Field(default_factory=list)


class AgreementOut(BaseModel):
    id: str | None
    kind: AgreementKind
    title: str
    reached: WhenOut | None
    effective_from: WhenOut | None
    effective_until: WhenOut | None
    place: PlaceRef | None
    parties: list[str]
    mediators: list[str]
    guarantors: list[str]
    monitor: str | None
    commitments: list[CommitmentOut]
    evidence: list[SpanOut]
    claim_ids: list[str]
    status: Status
    compliance: list[ComplianceOut] | None = Field(
        None, description="Each commitment's compliance as of a day; null in lists."
    )


def commitment_out(c: Commitment, shown: Shown = SHOW_ALL) -> CommitmentOut:
    return CommitmentOut(
        id=c.id,
        obligated=c.obligated,
        action=c.action,
        target=c.target,
        unit=c.unit,
        qualifier=c.qualifier,
        deadline=c.deadline,
        description=c.description,
        evidence=shown.spans(c.evidence),
    )


def _delivery_out(d: Delivery) -> DeliveryOut:
    return DeliveryOut(
        when=when_out(d.happening.when),
        reported=d.reported,
        value=d.value,
        qualifier=d.qualifier,
        figure=d.text(),
        mood=d.mood.value,
        claim_ids=list(d.happening.claim_ids),
    )


def compliance_out(c: Compliance, names: PlaceNames, shown: Shown = SHOW_ALL) -> ComplianceOut:
    docs = {cl.id: cl.document_id for h in (*c.progress, *c.breaches) for cl in h.claims if cl.id is not None}
    shown.touch(docs.values())
    return ComplianceOut(
        commitment_id=c.commitment.id,
        obligated=c.commitment.obligated,
        action=c.commitment.action,
        as_of=c.as_of,
        unit=c.unit,
        delivered=c.delivered,
        delivered_max=c.delivered_max,
        target=c.target,
        share=c.share,
        status=c.status.value,
        disputed=c.disputed,
        by_source=[
            SourceFigureOut(
                source=shown.figure_source(f.source, [docs[i] for i in f.claim_ids if i in docs]),
                delivered=f.delivered,
                at_least=f.at_least,
                qualifier=f.qualifier,
                figure=f.text(),
                claim_ids=list(f.claim_ids),
                evidence=shown.spans(f.evidence),
            )
            for f in c.by_source
        ],
        progress_claim_ids=[i for h in c.progress for i in h.claim_ids],
        breach_claim_ids=[i for h in c.breaches for i in h.claim_ids],
        unquantified=c.unquantified,
        delivered_qualifier=c.delivered_qualifier,
        target_qualifier=c.target_qualifier,
        text=c.text(),
        expected_claim_ids=[i for e in c.expected for i in e.happening.claim_ids],
        deliveries=[_delivery_out(d) for d in c.deliveries],
        expected=[_delivery_out(d) for d in c.expected],
        progress=[happening_out(h, names, shown) for h in c.progress],
        breaches=[happening_out(h, names, shown) for h in c.breaches],
        claim_ids=list(dict.fromkeys(c.claim_ids)),
    )


def agreement_out(
    a: Agreement,
    names: PlaceNames,
    ledger: AgreementLedger | None = None,
    shown: Shown = SHOW_ALL,
) -> AgreementOut:
    """An agreement; with its ledger, each commitment's compliance as of the ledger's day."""
    return AgreementOut(
        id=a.id,
        kind=a.kind,
        title=a.title,
        reached=when_out(a.reached),
        effective_from=when_out(a.effective_from),
        effective_until=when_out(a.effective_until),
        place=place_ref(a.place_id, names),
        parties=list(a.parties),
        mediators=list(a.mediators),
        guarantors=list(a.guarantors),
        monitor=a.monitor,
        commitments=[commitment_out(c, shown) for c in a.commitments],
        evidence=shown.spans(a.evidence),
        claim_ids=list(a.claim_ids),
        status=a.status,
        compliance=[compliance_out(c, names, shown) for c in ledger.compliance] if ledger else None,
    )


def agreement_ledger_out(ledger: AgreementLedger, names: PlaceNames, shown: Shown = SHOW_ALL) -> AgreementOut:
    return agreement_out(ledger.agreement, names, ledger, shown)


# --- ceasefires and their violations ---------------------------------------------------------------


class DayViolationsOut(BaseModel):
    day: dt.date
    total: int
    by_perpetrator: dict[str, int]


class WindowOut(BaseModel):
    """Attacks in a window of days: those wholly inside, and those whose dates straddle its edges."""

    start: dt.datetime
    end: dt.datetime = Field(description="Exclusive.")
    violations: int
    possible: int
    apportioned: float
    text: str = Field(description='"3", or "3–5 (≈3.8)" when attacks straddle the edges.')
    happenings: list[HappeningOut]
    uncertain: list[HappeningOut]


class WindowsOut(BaseModel):
    period: WindowOut = Field(description="From the start to the end (or the day asked).")
    before: WindowOut = Field(description="As long a window before the start.")
    after: WindowOut = Field(description="As long a window from the start, as far as known.")


class ViolationsOut(BaseModel):
    as_of: dt.date
    started: bool
    in_force: bool
    count: int
    count_before: int
    uncertain: int
    days: int
    days_without_violation: int
    by_perpetrator: dict[str, int]
    per_day: list[DayViolationsOut]
    violations: list[HappeningOut]
    verdict: str = Field(
        "", description="not started, holding, violated, ended or unknown (no recent report)."
    )
    verdict_text: str = ""
    last_report: dt.date | None = None
    stale: bool = Field(False, description="No report about its place for longer than stale_days.")
    stale_days: int = 0
    not_dated_to_a_day: int = Field(0, description="Attacks in the period whose date is not a day.")
    possible: list[HappeningOut] = Field(
        default_factory=list, description="Attacks whose dates straddle the period: possible violations."
    )
    compare_days: float = 0
    before: str = Field("", description='Attacks in the window before the start: "1–3 (≈1.8)".')
    after: str = Field("", description="Attacks in the same length from the start, as far as known.")
    windows: WindowsOut | None = None


class CeasefireOut(BaseModel):
    id: str | None
    start: WhenOut
    end: WhenOut | None
    place: PlaceRef | None
    parties: list[str]
    mediators: list[str]
    monitor: str | None
    cf_class: str | None
    written: bool | None
    purpose: str | None
    coverage: str | None
    ended_how: str | None
    agreement_id: str | None
    evidence: list[SpanOut]
    claim_ids: list[str]
    status: Status
    ethprio: list[dict[str, Any]] = Field(
        default_factory=list, description="One row per party, as the ETH-PRIO ceasefire dataset has it."
    )
    violations: ViolationsOut | None = Field(None, description="Its violations as of a day; null in lists.")


def _window_out(w: Window, names: PlaceNames, shown: Shown) -> WindowOut:
    return WindowOut(
        start=_aware(w.start),
        end=_aware(w.end),
        violations=w.count,
        possible=w.possible,
        apportioned=round(w.apportioned, 2),
        text=w.text(),
        happenings=[happening_out(h, names, shown) for h in w.violations],
        uncertain=[happening_out(h, names, shown) for h in w.uncertain],
    )


def _per_day_out(per_day: Iterable[DayViolations]) -> list[DayViolationsOut]:
    return [
        DayViolationsOut(day=p.day, total=p.total, by_perpetrator=dict(p.by_perpetrator)) for p in per_day
    ]


def violations_out(cl: CeasefireLedger, names: PlaceNames, shown: Shown = SHOW_ALL) -> ViolationsOut:
    shown.touch(_happening_docs((*cl.period.violations, *cl.period.uncertain)))
    return ViolationsOut(
        as_of=cl.as_of,
        started=cl.started,
        in_force=cl.in_force,
        count=cl.period.count,
        count_before=cl.before.count,
        uncertain=len(cl.period.uncertain),
        days=cl.days,
        days_without_violation=cl.days_without_violation,
        by_perpetrator=dict(cl.by_perpetrator),
        per_day=_per_day_out(cl.per_day),
        violations=[happening_out(h, names, shown) for h in cl.period.violations],
        verdict=cl.status.value,
        verdict_text=cl.verdict_text(),
        last_report=cl.last_report,
        stale=cl.stale,
        stale_days=cl.stale_days,
        not_dated_to_a_day=cl.not_dated_to_a_day,
        possible=[happening_out(h, names, shown) for h in cl.period.uncertain],
        compare_days=cl.compare_days,
        before=cl.before.text(),
        after=cl.after.text(),
        windows=WindowsOut(
            period=_window_out(cl.period, names, shown),
            before=_window_out(cl.before, names, shown),
            after=_window_out(cl.after, names, shown),
        ),
    )


class ViolationCountsOut(BaseModel):
    """A ceasefire's violations as of a day, counted by the database: no happening behind them."""

    ceasefire_id: str
    place: PlaceRef | None
    as_of: dt.date
    count: int = Field(description="Attacks wholly inside its period.")
    uncertain: int = Field(
        description="Attacks whose dates straddle an edge of its period: possible violations."
    )
    not_dated_to_a_day: int = Field(description="Violations whose date is not a day.")
    by_perpetrator: dict[str, int]
    per_day: list[DayViolationsOut]


def violation_counts_out(
    counts: ViolationCounts, place_id: str | None, as_of: dt.date, names: PlaceNames
) -> ViolationCountsOut:
    return ViolationCountsOut(
        ceasefire_id=counts.ceasefire_id,
        place=place_ref(place_id, names),
        as_of=as_of,
        count=counts.violations,
        uncertain=counts.possible,
        not_dated_to_a_day=counts.not_dated_to_a_day,
        by_perpetrator=dict(counts.by_perpetrator),
        per_day=_per_day_out(counts.per_day),
    )


def ceasefire_out(
    cf: Ceasefire,
    names: PlaceNames,
    ledger: CeasefireLedger | None = None,
    shown: Shown = SHOW_ALL,
) -> CeasefireOut:
    """A ceasefire; with its ledger, its violations as of the ledger's day."""
    evidence = shown.spans(cf.evidence)
    seen = {(s.document_id, s.start, s.end) for s in evidence}
    visible = tuple(s for s in cf.evidence if (s.document_id, s.start, s.end) in seen)
    return CeasefireOut(
        id=cf.id,
        start=when_out(cf.start),  # type: ignore[arg-type]  # a ceasefire always has a start
        end=when_out(cf.end),
        place=place_ref(cf.place_id, names),
        parties=list(cf.parties),
        mediators=list(cf.mediators),
        monitor=cf.monitor,
        cf_class=cf.cf_class.value if cf.cf_class else None,
        written=cf.written,
        purpose=cf.purpose.value if cf.purpose else None,
        coverage=cf.coverage,
        ended_how=cf.ended_how,
        agreement_id=cf.agreement_id,
        evidence=evidence,
        claim_ids=list(cf.claim_ids),
        status=cf.status,
        ethprio=ethprio_rows(dataclasses.replace(cf, evidence=visible)),  # its evidence column as shown
        violations=violations_out(ledger, names, shown) if ledger else None,
    )


def ceasefire_ledger_out(ledger: CeasefireLedger, names: PlaceNames, shown: Shown = SHOW_ALL) -> CeasefireOut:
    return ceasefire_out(ledger.ceasefire, names, ledger, shown)


# --- sieges and access ------------------------------------------------------------------------------


class PopulationOut(BaseModel):
    value: int
    qualifier: Qualifier
    source: str
    claim_ids: list[str]
    evidence: list[SpanOut] = Field(default_factory=list)


class AccessOut(BaseModel):
    as_of: dt.date
    in_force: bool
    days_besieged: int | None  # at least: from the latest day the start's date allows
    days_besieged_max: int | None = None
    days_besieged_text: str | None = None
    population: list[PopulationOut]
    aid_log: list[HappeningOut]
    last_delivery: HappeningOut | None
    days_since_last_delivery: int | None
    days_since_exact: bool


class SiegeOut(BaseModel):
    id: str | None
    place: PlaceRef
    besieger: str | None
    since: WhenOut | None
    until: WhenOut | None
    evidence: list[SpanOut]
    claim_ids: list[str]
    status: Status
    access: AccessOut | None = Field(None, description="Its access log as of a day; null in lists.")


def access_out(sl: SiegeLedger, names: PlaceNames, shown: Shown = SHOW_ALL) -> AccessOut:
    shown.touch(_happening_docs(sl.aid_log))
    return AccessOut(
        as_of=sl.as_of,
        in_force=sl.in_force,
        days_besieged=sl.days_besieged,
        days_besieged_max=sl.days_besieged_max,
        days_besieged_text=sl.days_besieged_text(),
        population=[
            PopulationOut(
                value=p.value,
                qualifier=p.qualifier,
                source=shown.figure_source(p.source, [sp.document_id for sp in p.evidence]),
                claim_ids=list(p.claim_ids),
                evidence=shown.spans(p.evidence),
            )
            for p in sl.population
        ],
        aid_log=[happening_out(h, names, shown) for h in sl.aid_log],
        last_delivery=happening_out(sl.last_delivery, names, shown) if sl.last_delivery else None,
        days_since_last_delivery=sl.days_since_last_delivery,
        days_since_exact=sl.days_since_exact,
    )


def siege_out(
    sg: Siege, names: PlaceNames, ledger: SiegeLedger | None = None, shown: Shown = SHOW_ALL
) -> SiegeOut:
    """A siege; with its ledger, its access log as of the ledger's day."""
    return SiegeOut(
        id=sg.id,
        place=PlaceRef(id=sg.place_id, name=names.get(sg.place_id)),
        besieger=sg.besieger,
        since=when_out(sg.since),
        until=when_out(sg.until),
        evidence=shown.spans(sg.evidence),
        claim_ids=list(sg.claim_ids),
        status=sg.status,
        access=access_out(ledger, names, shown) if ledger else None,
    )


def siege_ledger_out(ledger: SiegeLedger, names: PlaceNames, shown: Shown = SHOW_ALL) -> SiegeOut:
    return siege_out(ledger.siege, names, ledger, shown)


__all__ = [
    "CONFIDENTIAL_SOURCE",
    "HIDE_ALL",
    "SHOW_ALL",
    "AccessOut",
    "ActorOut",
    "ActorRoleOut",
    "AgreementOut",
    "CeasefireOut",
    "ClaimOut",
    "CommitmentOut",
    "ComplianceOut",
    "DayViolationsOut",
    "DeliveryOut",
    "DocumentDetail",
    "DocumentOut",
    "EventOut",
    "HappeningOut",
    "PlaceNames",
    "PlaceOut",
    "PlaceRef",
    "PopulationOut",
    "QuantityOut",
    "Shown",
    "SiegeOut",
    "SourceFigureOut",
    "SourceOut",
    "SpanOut",
    "ViolationCountsOut",
    "ViolationsOut",
    "WhenOut",
    "WindowOut",
    "WindowsOut",
    "actor_out",
    "actor_role_out",
    "agreement_ledger_out",
    "agreement_out",
    "as_json",
    "ceasefire_ledger_out",
    "ceasefire_out",
    "claim_out",
    "commitment_out",
    "document_out",
    "event_out",
    "evidence_quotes",
    "happening_out",
    "place_ids",
    "place_out",
    "place_ref",
    "quantity_out",
    "siege_ledger_out",
    "siege_out",
    "source_out",
    "spans_out",
    "violation_counts_out",
    "when_out",
]
