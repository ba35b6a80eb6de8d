"""The ledger over a store: load what the pure functions need, in few queries.

This is the edge where the ledger (trucewatch.ledger, pure) meets the
database; the queries themselves are in trucewatch.store.ledger_inputs. Claims
are read in bulk on the indexed columns (type, place_id), bucketed by
place once, and each agreement, ceasefire or siege then reads only the
buckets of its own scope. Proposals (derived from claims, not yet confirmed)
are listed next to the stored records, marked `proposed`; a stored record
with the same id (confirmed, or rejected) takes their place.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from trucewatch import errors, store
from trucewatch.ledger.agreements_file import AgreementFileError, LoadedAgreement, load_agreements_file
from trucewatch.ledger.ceasefires import (
    COMPARE_DAYS,
    STALE_DAYS,
    CeasefireLedger,
    ViolationCounts,
    ceasefire_ledger_of,
    ceasefire_ledger_over,
    period_bounds,
    reportable_attacks,
    stated_end,
)
from trucewatch.ledger.compliance import (
    PROGRESS_TYPES,
    AgreementLedger,
    agreement_ledger_of,
    attribute,
    relevant_types,
)
from trucewatch.ledger.happenings import DocInfo, Happening, group_happenings
from trucewatch.ledger.known import known_claims
from trucewatch.ledger.modality import Mood, Moods, claim_mood, mood_of
from trucewatch.ledger.propose import FOLLOW_UP_TYPES, propose_agreements, propose_ceasefires, propose_sieges
from trucewatch.ledger.scope import PlaceTree, Scope
from trucewatch.ledger.sieges import ACCESS_TYPES, SiegeLedger, siege_ledger_of
from trucewatch.ledger.timeline import end_of_day, overlaps, when_last
from trucewatch.model import (
    Agreement,
    Ceasefire,
    Claim,
    EventType,
    QuantityKind,
    Siege,
    Span,
    Status,
    When,
)
from trucewatch.store import Session
from trucewatch.store.accounts import User, record
from trucewatch.store.ledger_inputs import (
    claims_and_events,
    doc_infos,
    document_texts,
    documents_of_claims,
    evidence_texts,
    figure_texts,
    has_claims,
    last_reports,
    load_events,
    place_kinds,
    place_parents,
)
from trucewatch.store.violations import Period, violation_counts

RecordT = TypeVar("RecordT", Agreement, Ceasefire, Siege)
ItemT = TypeVar("ItemT", Claim, Happening)
ATTACK_TYPES = tuple(t for t in EventType if t.is_attack)
# What proposals read: agreement claims and the follow-ups that suggest terms.
PROPOSAL_TYPES = (EventType.AGREEMENT_REACHED, *FOLLOW_UP_TYPES)
LIVE = (Status.PROPOSED, Status.CONFIRMED)


class LedgerError(errors.TrucewatchError):
    """Something the user asked for that the ledger cannot do; the message says why."""


class LedgerNotFound(LedgerError, errors.NotFound):
    """No agreement, ceasefire, siege or place by that id or name (or none known as of the day asked)."""


class AmbiguousPlace(LedgerError, errors.Ambiguous):
    """A place name that names several places; the message lists their ids."""


# --- bulk loading ---------------------------------------------------------------


def load_claims(
    session: Session,
    types: Iterable[EventType] | None,
    place_ids: Iterable[str] | None = None,
    *,
    with_quantity: QuantityKind | None = None,
    dated_within: tuple[dt.datetime, dt.datetime] | None = None,
) -> list[Claim]:
    """Claims of `types` (any type: None), in `place_ids` when given, not rejected (see claims_and_events)."""
    return claims_and_events(
        session, types, place_ids, with_quantity=with_quantity, dated_within=dated_within
    )[0]


def load_happenings(
    session: Session,
    types: Iterable[EventType] | None,
    place_ids: Iterable[str] | None = None,
    *,
    with_quantity: QuantityKind | None = None,
    dated_within: tuple[dt.datetime, dt.datetime] | None = None,
) -> tuple[list[Claim], list[Happening]]:
    """The claims load_claims reads, and their happenings (Events read in the same query)."""
    claims, events = claims_and_events(
        session, types, place_ids, with_quantity=with_quantity, dated_within=dated_within
    )
    return claims, group_happenings(claims, events)


def place_tree(session: Session) -> PlaceTree:
    return PlaceTree(place_parents(session))


def happenings_of(session: Session, claims: Sequence[Claim]) -> list[Happening]:
    """Claims grouped into happenings once, for every ledger that reads them."""
    return group_happenings(claims, load_events(session, claims))


def _by_place(items: Iterable[ItemT]) -> dict[str | None, list[ItemT]]:
    buckets: dict[str | None, list[ItemT]] = defaultdict(list)
    for item in items:
        buckets[item.place_id].append(item)
    return buckets


def _in(buckets: dict[str | None, list[ItemT]], scope: Scope) -> list[ItemT]:
    """What lies in the scope, read from the place buckets of its places only."""
    if scope is None:
        return [x for xs in buckets.values() for x in xs]
    return [x for p in scope for x in buckets.get(p, ())]


def _merge(stored: list[RecordT], proposed: list[RecordT]) -> list[RecordT]:
    """Stored records, plus proposals no analyst has decided on yet (rejected ones stay hidden).

    A proposal is decided when a record with its id is stored, or when an
    analyst's record (confirmed or rejected) covers the same place and a date
    that could be the same (the agreement loaded from a file for "August 2016
    in Waer" settles the one read off a report).
    """
    known = {r.id for r in stored}
    decided: dict[str | None, list[RecordT]] = defaultdict(list)  # by place: only these can match
    for r in stored:
        if r.status != Status.PROPOSED:
            decided[r.place_id].append(r)
    live = [r for r in stored if r.status != Status.REJECTED]
    return live + [
        p
        for p in proposed
        if p.id not in known and not any(_same_record(p, r) for r in decided.get(p.place_id, ()))
    ]


def _record_whens(r: Agreement | Ceasefire | Siege) -> list[When]:
    """The dates a report could give for the record: reached or in force for an agreement."""
    if isinstance(r, Agreement):
        return [w for w in (r.reached, r.effective_from) if w is not None]
    if isinstance(r, Ceasefire):
        return [r.start]
    return [r.since] if r.since else []


def _same_record(proposal: Agreement | Ceasefire | Siege, decided: Agreement | Ceasefire | Siege) -> bool:
    if proposal.place_id != decided.place_id:
        return False
    return any(overlaps(p, d) for p in _record_whens(proposal)[:1] for d in _record_whens(decided))


# --- what was known when -----------------------------------------------------------


def load_known(
    session: Session,
    types: Iterable[EventType] | None,
    place_ids: Iterable[str] | None = None,
    *,
    as_of: dt.date | None,
    withhold_confidential: bool = False,
    with_quantity: QuantityKind | None = None,
    dated_within: tuple[dt.datetime, dt.datetime] | None = None,
) -> tuple[list[Claim], list[Happening], dict[str, DocInfo]]:
    """The claims load_claims reads that were known by `as_of` (all: None), their happenings, their documents.

    A claim is known from its document's publication (else its ingest): later
    reports are no source yet, and a happening they alone tell of did not happen
    as far as the ledger can know.
    """
    claims, events = claims_and_events(
        session, types, place_ids, with_quantity=with_quantity, dated_within=dated_within
    )
    docs = doc_infos(session, {c.document_id for c in claims}, withhold_confidential=withhold_confidential)
    if as_of is not None:
        claims = known_claims(claims, as_of, docs)
    return claims, group_happenings(claims, events), docs


def _known_records(
    session: Session, records: list[RecordT], as_of: dt.date | None, withhold_confidential: bool
) -> list[RecordT]:
    """The stored records a monitor could have known of by `as_of`.

    A record read off reports is known from its first report; one typed in by an
    analyst (no stored claim behind it) from its own date. An agreement reached,
    or a siege begun, after the day is never known by then.
    """
    if as_of is None:
        return records
    horizon = end_of_day(as_of)
    claim_docs = documents_of_claims(session, {cid for r in records for cid in r.claim_ids})
    docs = doc_infos(session, set(claim_docs.values()), withhold_confidential=withhold_confidential)
    out = []
    for r in records:
        first = _record_whens(r)[:1]
        if not isinstance(r, Ceasefire) and first and first[0].start >= horizon:
            continue
        found = [claim_docs[c] for c in r.claim_ids if c in claim_docs]
        days = [docs[d].known if d in docs else None for d in found]
        if found and None not in days and min(d for d in days if d is not None) > as_of:
            continue
        out.append(r)
    return out


def moods_of(session: Session, claims: Iterable[Claim]) -> Moods:
    """Which progress claims, and which of their figures, their reports only expect ("are expected
    to leave") or give as totals so far ("has released 194"): read from the words around them."""
    progress = [c for c in claims if c.type in _PROGRESS]
    texts = evidence_texts(session, progress)
    events: dict[str, Mood] = {}
    for c in progress:
        if c.id is not None and c.id in texts:
            mood = claim_mood(c, texts[c.id])
            if mood is not Mood.DONE:
                events[c.id] = mood
    figures: dict[Span, Mood] = {}
    for span, (text, offset) in figure_texts(session, progress).items():
        mood = mood_of(text, (span.start - offset, span.end - offset))
        if mood is not Mood.DONE:
            figures[span] = mood
    return Moods(events, figures)


_PROGRESS = frozenset(t for types in PROGRESS_TYPES.values() for t in types)


def _latest_in(reports: dict[str | None, dt.date], scope: Scope) -> dt.date | None:
    if scope is None:
        return max(reports.values(), default=None)
    return max((reports[p] for p in scope if p in reports), default=None)


# --- agreements -------------------------------------------------------------------


def _find_known(
    session: Session,
    record_id: str,
    as_of: dt.date | None,
    withhold_confidential: bool,
    all_of: Callable[..., list[RecordT]],
    kind: str,
    *,
    stored: Callable[[Session, str], RecordT | None] | None = None,
) -> RecordT:
    """A record by id among those `all_of` gives as known by `as_of` (else as `stored` reads it, if known
    by then).

    LedgerNotFound says whether the record exists but was not known by `as_of`, or does not exist."""
    found = next(
        (
            r
            for r in all_of(session, as_of=as_of, withhold_confidential=withhold_confidential)
            if r.id == record_id
        ),
        None,
    )
    if found is not None:
        return found
    kept = stored(session, record_id) if stored is not None else None
    if kept is not None and _known_records(session, [kept], as_of, withhold_confidential):
        return kept
    if as_of is not None and (kept is not None or any(r.id == record_id for r in all_of(session))):
        raise LedgerNotFound(f"{kind} {record_id!r} was not known as of {as_of.isoformat()}")
    raise LedgerNotFound(f"no {kind} {record_id!r} (see `trucewatch {kind}s`)")


def all_agreements(
    session: Session,
    claims: Sequence[Claim] | None = None,
    happenings: Sequence[Happening] | None = None,
    *,
    as_of: dt.date | None = None,
    withhold_confidential: bool = False,
    docs: dict[str, DocInfo] | None = None,
) -> list[Agreement]:
    """Stored agreements and proposals from agreement.reached claims (marked proposed), as known by
    `as_of` (None: everything stored).

    `claims`/`happenings`, when given, must include every PROPOSAL_TYPES claim known by `as_of`.
    """
    if claims is None:
        claims, loaded, docs = load_known(
            session, PROPOSAL_TYPES, as_of=as_of, withhold_confidential=withhold_confidential
        )
        happenings = loaded if happenings is None else happenings
    if happenings is None:
        happenings = happenings_of(session, claims)
    if docs is None:
        docs = doc_infos(
            session, {c.document_id for c in claims}, withhold_confidential=withhold_confidential
        )
    tree = place_tree(session)
    sides = {a.name: a.side for a in store.list_actors(session)}
    reached_places = {h.place_id for h in happenings if h.type == EventType.AGREEMENT_REACHED and h.place_id}
    proposals = propose_agreements(
        claims,
        sides=sides,
        scopes={p: tree.scope(p) for p in reached_places},
        happenings=happenings,
        parents=tree.parents,
        docs=docs,
        moods=moods_of(session, (c for c in claims if c.type in FOLLOW_UP_TYPES)),
    )
    if as_of is not None:  # a deal dated after the day was not reached by then, whoever expected it
        horizon = end_of_day(as_of)
        proposals = [p for p in proposals if p.reached is None or p.reached.start < horizon]
    merged = _merge(store.list_agreements(session), proposals)
    return _known_records(session, merged, as_of, withhold_confidential)


def _commitment_types(agreements: Iterable[Agreement]) -> set[EventType]:
    return {t for a in agreements for c in a.commitments for t in relevant_types(c)}


def agreement_ledgers(
    session: Session, *, as_of: dt.date, withhold_confidential: bool = False
) -> list[AgreementLedger]:
    """The compliance of every agreement (stored and proposed) known by a date, as of that date.

    Reads the claims proposals need, then only the further types the
    agreements' commitments read (attacks only if some term is a cease-fire).
    """
    claims, happenings, docs = load_known(
        session, PROPOSAL_TYPES, as_of=as_of, withhold_confidential=withhold_confidential
    )
    agreements = all_agreements(
        session, claims, happenings, as_of=as_of, withhold_confidential=withhold_confidential, docs=docs
    )
    extra = _commitment_types(agreements) - set(PROPOSAL_TYPES)
    if extra:  # other types: never the same happening as the claims above
        more, more_happenings, more_docs = load_known(
            session, extra, as_of=as_of, withhold_confidential=withhold_confidential
        )
        claims, happenings = [*claims, *more], [*happenings, *more_happenings]
        docs = {**docs, **more_docs}
    tree = place_tree(session)
    scopes = [tree.scope(a.place_id) for a in agreements]
    return _ledgers(session, agreements, scopes, range(len(agreements)), claims, happenings, docs, as_of)


def agreement_ledgers_among(
    session: Session,
    agreements: Sequence[Agreement],
    wanted: Sequence[int],
    *,
    as_of: dt.date,
    withhold_confidential: bool = False,
) -> list[AgreementLedger]:
    """The ledgers of `agreements[i]` for i in `wanted`, `agreements` being every deal known by
    `as_of` (what agreement_ledgers lists): reads only the claims in the wanted deals' scopes, and
    shares deliveries with the other deals as agreement_ledgers does (a delivery's deal is decided
    among the deals whose scope holds it, so the claims outside these scopes decide nothing here)."""
    tree = place_tree(session)
    scopes = [tree.scope(a.place_id) for a in agreements]
    chosen = [agreements[i] for i in wanted]
    places = _union([scopes[i] for i in wanted])
    claims, happenings, docs = load_known(
        session,
        {*PROPOSAL_TYPES, *_commitment_types(chosen)},
        places,
        as_of=as_of,
        withhold_confidential=withhold_confidential,
    )
    return _ledgers(session, agreements, scopes, wanted, claims, happenings, docs, as_of)


def _ledgers(
    session: Session,
    agreements: Sequence[Agreement],
    scopes: Sequence[Scope],
    wanted: Iterable[int],
    claims: Sequence[Claim],
    happenings: Sequence[Happening],
    docs: dict[str, DocInfo],
    as_of: dt.date,
) -> list[AgreementLedger]:
    """The ledgers of `agreements[i]` for i in `wanted`, from the claims read for them; each
    delivery shared among every deal whose scope holds it (none counted for two deals)."""
    moods = moods_of(session, claims)
    shares = attribute(agreements, happenings, scopes)
    return [
        agreement_ledger_of(agreements[i], shares[i], scope=scopes[i], as_of=as_of, docs=docs, moods=moods)
        for i in wanted
    ]


def _union(scopes: Iterable[Scope]) -> set[str] | None:
    """The places of all the scopes; None (read every place) for one everywhere, or too many to list."""
    places: set[str] = set()
    for scope in scopes:
        if scope is None:
            return None
        places |= scope
    return None if len(places) > _MAX_PLACE_FILTER else places


def find_agreement(
    session: Session,
    agreement_id: str,
    *,
    as_of: dt.date | None = None,
    withhold_confidential: bool = False,
) -> Agreement:
    """An agreement by id, as known by `as_of` (None: as stored and proposed today)."""
    return _find_known(
        session,
        agreement_id,
        as_of,
        withhold_confidential,
        all_agreements,
        "agreement",
        stored=store.get_agreement,
    )


def agreement_ledger_for(
    session: Session, agreement_id: str, *, as_of: dt.date, withhold_confidential: bool = False
) -> AgreementLedger:
    agreement = find_agreement(
        session, agreement_id, as_of=as_of, withhold_confidential=withhold_confidential
    )
    tree = place_tree(session)
    scope = tree.scope(agreement.place_id)
    claims, happenings, docs = load_known(
        session,
        {*PROPOSAL_TYPES, *_commitment_types([agreement])},
        scope,
        as_of=as_of,
        withhold_confidential=withhold_confidential,
    )
    # the other deals of the place, that a delivery there may belong to instead (see attribute)
    others = [
        a
        for a in all_agreements(
            session,
            [c for c in claims if c.type in PROPOSAL_TYPES],
            [h for h in happenings if h.type in PROPOSAL_TYPES],
            as_of=as_of,
            withhold_confidential=withhold_confidential,
            docs=docs,
        )
        if a.id != agreement.id
    ]
    deals = [agreement, *others]
    share = attribute(deals, happenings, [tree.scope(a.place_id) for a in deals])[0]
    return agreement_ledger_of(
        agreement, share, scope=scope, as_of=as_of, docs=docs, moods=moods_of(session, claims)
    )


def confirm_agreement(
    session: Session, agreement_id: str, *, actor: str | None = None, user: User | None = None
) -> Agreement:
    """Store a proposed agreement (or re-mark a stored one) as confirmed by an analyst; audited in
    the same transaction (`actor` names who, "cli:alice", when there is no `user`)."""
    return review_agreement(session, agreement_id, Status.CONFIRMED, actor=actor, user=user)


_REVIEW_ACTIONS = {Status.CONFIRMED: "agreement.confirm", Status.REJECTED: "agreement.reject"}


def review_agreement(
    session: Session,
    agreement_id: str,
    status: Status,
    *,
    actor: str | None = None,
    user: User | None = None,
) -> Agreement:
    """Store an agreement marked confirmed or rejected by an analyst, audited in the same
    transaction as "agreement.confirm" or "agreement.reject"."""
    action = _REVIEW_ACTIONS.get(status)
    if action is None:
        raise LedgerError(f"an agreement is confirmed or rejected, not {status.value}")
    before = store.get_agreement(session, agreement_id)
    reviewed = dataclasses.replace(find_agreement(session, agreement_id), status=status)
    store.save_agreement(session, reviewed)
    _audit(session, action, "agreements", agreement_id, _summary(before), _summary(reviewed), actor, user)
    return reviewed


def _summary(record: Agreement | Ceasefire | Siege | None) -> dict[str, Any] | None:
    """What an audit entry keeps of a record: enough to tell what changed."""
    if record is None:
        return None
    out: dict[str, Any] = {"status": record.status.value, "place_id": record.place_id}
    if isinstance(record, Agreement):
        out |= {
            "title": record.title,
            "kind": record.kind.value,
            "reached": record.reached.iso() if record.reached else None,
            "commitments": [
                {
                    "obligated": c.obligated,
                    "action": c.action.value,
                    "target": c.target,
                    "qualifier": c.qualifier.value,
                }
                for c in record.commitments
            ],
        }
    elif isinstance(record, Ceasefire):
        out |= {"start": record.start.iso(), "end": record.end.iso() if record.end else None}
    else:
        out |= {"since": record.since.iso() if record.since else None, "besieger": record.besieger}
    out["claim_ids"] = list(record.claim_ids)
    return out


def _audit(
    session: Session,
    action: str,
    resource: str,
    resource_id: str | None,
    before: Any,
    after: Any,
    actor: str | None,
    user: User | None,
) -> None:
    """One audit entry in the caller's transaction: written with the change, or not at all."""
    record(
        session,
        user=user,
        actor=actor if user is not None or actor else "python",
        action=action,
        resource=resource,
        resource_id=resource_id,
        before=before,
        after=after,
    )


def resolve_place(session: Session, ref: str) -> str:
    """A place id from an id or a (case-folded) name or alternate name; refuses ambiguity."""
    if store.get_place(session, ref) is not None:
        return ref
    folded = ref.casefold().strip()
    hits = [
        p.id
        for p in store.list_places(session)
        if p.id and (p.name.casefold() == folded or folded in (n.casefold() for n in p.alternate_names))
    ]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise LedgerNotFound(f"no place named {ref!r} in the gazetteer")
    ids = tuple(sorted(hits))
    raise AmbiguousPlace(f"place {ref!r} is ambiguous ({', '.join(ids)}): give its id", ids)


def load_agreements(
    session: Session, path: Path, *, actor: str | None = None, user: User | None = None
) -> list[str]:
    """Validate a YAML/JSON file of agreements and store them (audited); returns their ids."""
    return record_agreements(session, load_agreements_file(path), origin=str(path), actor=actor, user=user)


def record_agreements(
    session: Session,
    loaded: list[LoadedAgreement],
    *,
    origin: str,
    actor: str | None = None,
    user: User | None = None,
) -> list[str]:
    """Store validated agreements (from a file or the command line), resolving their places; each
    one audited in the same transaction."""
    ids = []
    for i, item in enumerate(loaded):
        agreement = item.agreement
        if item.place is not None:
            try:
                agreement = dataclasses.replace(agreement, place_id=resolve_place(session, item.place))
            except LedgerError as exc:
                raise AgreementFileError(f"{origin}: agreements.{i}.place: {exc}") from None
        before = store.get_agreement(session, agreement.id) if agreement.id else None
        agreement_id = store.save_agreement(session, agreement)
        after = {**(_summary(dataclasses.replace(agreement, id=agreement_id)) or {}), "origin": origin}
        action = "agreement.edit" if before is not None else "agreement.create"
        _audit(session, action, "agreements", agreement_id, _summary(before), after, actor, user)
        ids.append(agreement_id)
    return ids


# --- ceasefires --------------------------------------------------------------------


def all_ceasefires(
    session: Session, *, as_of: dt.date | None = None, withhold_confidential: bool = False
) -> list[Ceasefire]:
    """Stored ceasefires and proposals from ceasefire.start claims, as known by `as_of` (None: all).

    A ceasefire's end is the first ceasefire.end known by then, or the end its
    stated duration gives ("a 48-hour truce").
    """
    claims, _, _ = load_known(
        session,
        # talks and deals too: a truce's sides are often named only where its report tells of the talks
        (
            EventType.CEASEFIRE_START,
            EventType.CEASEFIRE_END,
            EventType.NEGOTIATION_MEETING,
            EventType.AGREEMENT_REACHED,
        ),
        as_of=as_of,
        withhold_confidential=withhold_confidential,
    )
    truce_types = (EventType.CEASEFIRE_START, EventType.CEASEFIRE_END)
    texts = document_texts(
        session, {s.document_id for c in claims if c.type in truce_types for s in c.evidence}
    )
    proposals = propose_ceasefires(claims, texts=texts, place_kinds=place_kinds(session))
    merged = _merge(store.list_ceasefires(session), proposals)
    return [stated_end(cf) for cf in _known_records(session, merged, as_of, withhold_confidential)]


def _find_ceasefire(
    session: Session, ceasefire_id: str, as_of: dt.date | None, withhold_confidential: bool
) -> Ceasefire:
    return _find_known(session, ceasefire_id, as_of, withhold_confidential, all_ceasefires, "ceasefire")


class _Timeline:
    """Dated happenings per place, sorted by start, to cut a time window by bisection."""

    def __init__(self, happenings: Iterable[Happening]) -> None:
        dated = sorted((h for h in happenings if h.when is not None), key=_start)
        self.by_place: dict[str | None, list[Happening]] = _by_place(dated)
        self.starts = {p: [_start(h) for h in hs] for p, hs in self.by_place.items()}
        # The widest date any happening has: a window must reach back this far to see a coarse one.
        self.reach = max((when_last(h.when) - h.when.start for h in dated if h.when), default=dt.timedelta(0))

    def window(self, scope: Scope, lo: dt.datetime, hi: dt.datetime) -> list[Happening]:
        """Happenings in the scope whose dates could overlap [lo, hi) (a superset; callers re-check)."""
        places = self.by_place.keys() if scope is None else scope
        out: list[Happening] = []
        for p in places:
            starts = self.starts.get(p)
            if starts:
                hs = self.by_place[p]
                out.extend(hs[bisect.bisect_left(starts, lo - self.reach) : bisect.bisect_left(starts, hi)])
        return out


def _start(h: Happening) -> dt.datetime:
    return h.when.start if h.when else dt.datetime.min


def _windows(cf: Ceasefire, horizon: dt.datetime, compare_days: int) -> tuple[dt.datetime, dt.datetime]:
    """Where attacks that matter to `cf` can fall: its comparison window before it, to its end."""
    end = max(min(when_last(cf.end) if cf.end else horizon, horizon), cf.start.start)
    length = max(end - cf.start.start, dt.timedelta(days=compare_days))
    return cf.start.start - length, end


# Above this many places, filtering by place costs more than it saves (and strains bind limits).
_MAX_PLACE_FILTER = 5000


def ceasefire_ledgers(
    session: Session,
    *,
    as_of: dt.date,
    withhold_confidential: bool = False,
    stale_days: int = STALE_DAYS,
    compare_days: int = COMPARE_DAYS,
) -> list[CeasefireLedger]:
    """Verdicts on every ceasefire known by a date (stored and proposed), reading only the attacks
    that could count."""
    ceasefires = all_ceasefires(session, as_of=as_of, withhold_confidential=withhold_confidential)
    return ceasefire_ledgers_over(
        session,
        ceasefires,
        as_of=as_of,
        withhold_confidential=withhold_confidential,
        stale_days=stale_days,
        compare_days=compare_days,
    )


def ceasefire_windows(
    ceasefire: Ceasefire, as_of: dt.date, compare_days: int = COMPARE_DAYS
) -> tuple[dt.datetime, dt.datetime]:
    """Where attacks that matter to a ceasefire as of a day can fall (its comparison window before
    it, to its end)."""
    return _windows(ceasefire, end_of_day(as_of), compare_days)


def ceasefire_ledgers_over(
    session: Session,
    ceasefires: Sequence[Ceasefire],
    *,
    as_of: dt.date,
    withhold_confidential: bool = False,
    stale_days: int = STALE_DAYS,
    compare_days: int = COMPARE_DAYS,
) -> list[CeasefireLedger]:
    """Verdicts on the given ceasefires (as all_ceasefires gives them), reading the attacks in their
    scopes and windows only."""
    if not ceasefires:
        return []
    tree = place_tree(session)
    horizon = end_of_day(as_of)
    scopes = [tree.scope(cf.place_id) for cf in ceasefires]
    windows = [_windows(cf, horizon, compare_days) for cf in ceasefires]
    places = _union(scopes)
    span = (min(lo for lo, _ in windows), max(hi for _, hi in windows))
    _, happenings, docs = load_known(
        session,
        ATTACK_TYPES,
        places,
        as_of=as_of,
        withhold_confidential=withhold_confidential,
        dated_within=span,
    )
    timeline = _Timeline(reportable_attacks(happenings, as_of, docs))  # once, not per ceasefire
    reports = last_reports(session, as_of, withhold_confidential=withhold_confidential)
    memo: dict[int, tuple[dt.datetime, dt.datetime]] = {}  # each attack's interval, computed once
    out = []
    for cf, scope, (lo, end) in zip(ceasefires, scopes, windows, strict=True):
        out.append(
            ceasefire_ledger_over(
                cf,
                timeline.window(scope, lo, end),
                scope=scope,
                as_of=as_of,
                docs=docs,
                last_report=_latest_in(reports, scope),
                stale_days=stale_days,
                compare_days=compare_days,
                memo=memo,
            )
        )
    return out


def ceasefire_ledger_for(
    session: Session,
    ceasefire_id: str,
    *,
    as_of: dt.date,
    withhold_confidential: bool = False,
    stale_days: int = STALE_DAYS,
    compare_days: int = COMPARE_DAYS,
) -> CeasefireLedger:
    cf = _find_ceasefire(session, ceasefire_id, as_of, withhold_confidential)
    scope = place_tree(session).scope(cf.place_id)
    _, happenings, docs = load_known(
        session, ATTACK_TYPES, scope, as_of=as_of, withhold_confidential=withhold_confidential
    )
    reports = last_reports(session, as_of, withhold_confidential=withhold_confidential)
    return ceasefire_ledger_of(
        cf,
        happenings,
        scope=scope,
        as_of=as_of,
        docs=docs,
        last_report=_latest_in(reports, scope),
        stale_days=stale_days,
        compare_days=compare_days,
    )


def ceasefire_violations(
    session: Session,
    ceasefires: Iterable[Ceasefire],
    *,
    as_of: dt.date,
    withhold_confidential: bool = False,
) -> list[ViolationCounts]:
    """The violations of many ceasefires, per party and per day, counted by the database for all
    at once (store.violations): a ledger's counts without its happenings, for tables and charts
    over every ceasefire. Happenings are grouped over every attack claim, wherever its place."""
    known = [stated_end(cf) for cf in ceasefires if cf.id is not None]
    periods = [Period(cf.id or "", cf.place_id, *period_bounds(cf, as_of)) for cf in known]
    counted = violation_counts(session, periods, as_of=as_of, withhold_confidential=withhold_confidential)
    return [counted[p.ceasefire_id] for p in periods]


def confirm_ceasefire(
    session: Session, ceasefire_id: str, *, actor: str | None = None, user: User | None = None
) -> Ceasefire:
    """Store a proposed ceasefire (or re-mark a stored one) as confirmed; audited in the same transaction."""
    before = store.get_ceasefire(session, ceasefire_id)
    cf = dataclasses.replace(_find_ceasefire(session, ceasefire_id, None, False), status=Status.CONFIRMED)
    store.save_ceasefire(session, cf)
    _audit(
        session, "ceasefire.confirm", "ceasefires", ceasefire_id, _summary(before), _summary(cf), actor, user
    )
    return cf


# --- sieges ------------------------------------------------------------------------


def all_sieges(
    session: Session, *, as_of: dt.date | None = None, withhold_confidential: bool = False
) -> list[Siege]:
    """Stored sieges and proposals from siege claims, as known by `as_of` (None: all)."""
    claims, _, _ = load_known(
        session,
        (EventType.SIEGE_IMPOSED, EventType.SIEGE_LIFTED),
        as_of=as_of,
        withhold_confidential=withhold_confidential,
    )
    merged = _merge(store.list_sieges(session), propose_sieges(claims))
    return _known_records(session, merged, as_of, withhold_confidential)


def confirm_siege(
    session: Session, siege_id: str, *, actor: str | None = None, user: User | None = None
) -> Siege:
    """Store a proposed siege (or re-mark a stored one) as confirmed; audited in the same transaction."""
    siege = next((s for s in all_sieges(session) if s.id == siege_id), None)
    if siege is None:
        raise LedgerNotFound(f"no siege {siege_id!r}")
    before = store.get_siege(session, siege_id)
    siege = dataclasses.replace(siege, status=Status.CONFIRMED)
    store.save_siege(session, siege)
    _audit(session, "siege.confirm", "sieges", siege_id, _summary(before), _summary(siege), actor, user)
    return siege


def _siege_inputs(
    session: Session, place_ids: Iterable[str] | None, as_of: dt.date, withhold_confidential: bool
) -> tuple[list[Claim], list[Happening], dict[str, DocInfo]]:
    """Population claims (any type may give "its 50,000 residents") and the grouped aid log,
    known by `as_of`."""
    places = None if place_ids is None else sorted(set(place_ids))
    population, _, docs = load_known(
        session,
        None,
        places,
        as_of=as_of,
        withhold_confidential=withhold_confidential,
        with_quantity=QuantityKind.RESIDENTS,
    )
    _, happenings, access_docs = load_known(
        session, ACCESS_TYPES, places, as_of=as_of, withhold_confidential=withhold_confidential
    )
    return population, happenings, {**docs, **access_docs}


def siege_ledgers(
    session: Session, *, as_of: dt.date, withhold_confidential: bool = False
) -> list[SiegeLedger]:
    sieges = all_sieges(session, as_of=as_of, withhold_confidential=withhold_confidential)
    return siege_ledgers_over(session, sieges, as_of=as_of, withhold_confidential=withhold_confidential)


def siege_ledgers_over(
    session: Session, sieges: Sequence[Siege], *, as_of: dt.date, withhold_confidential: bool = False
) -> list[SiegeLedger]:
    """The access ledgers of the given sieges (as all_sieges gives them), reading their scopes only."""
    tree = place_tree(session)
    scopes = {s.place_id: tree.scope(s.place_id) for s in sieges}
    wanted = {p for sc in scopes.values() if sc for p in sc}
    population, access, docs = _siege_inputs(session, wanted, as_of, withhold_confidential)
    claims_by_place, access_by_place = _by_place(population), _by_place(access)
    return [
        siege_ledger_of(
            s,
            _in(claims_by_place, scopes[s.place_id]),
            _in(access_by_place, scopes[s.place_id]),
            scope=scopes[s.place_id],
            as_of=as_of,
            docs=docs,
        )
        for s in sieges
    ]


def siege_ledger_for(
    session: Session, place_or_id: str, *, as_of: dt.date, withhold_confidential: bool = False
) -> SiegeLedger:
    """The siege ledger of a place (id or name), or of a siege id, as known by `as_of`."""
    sieges = all_sieges(session, as_of=as_of, withhold_confidential=withhold_confidential)
    siege = next((s for s in sieges if s.id == place_or_id), None)
    if siege is None:
        if place_or_id.startswith("sg_") and any(s.id == place_or_id for s in all_sieges(session)):
            raise LedgerNotFound(f"siege {place_or_id!r} was not known as of {as_of.isoformat()}")
        place_id = resolve_place(session, place_or_id)
        siege = next((s for s in sieges if s.place_id == place_id), None)
        if siege is None:  # no siege known: still show the place's access log
            siege = Siege(place_id=place_id, status=Status.PROPOSED)
    scope = place_tree(session).scope(siege.place_id)
    population, access, docs = _siege_inputs(session, scope, as_of, withhold_confidential)
    return siege_ledger_of(siege, population, access, scope=scope, as_of=as_of, docs=docs)


__all__ = [
    "ACCESS_TYPES",
    "LedgerError",
    "agreement_ledger_for",
    "agreement_ledgers",
    "agreement_ledgers_among",
    "all_agreements",
    "all_ceasefires",
    "all_sieges",
    "ceasefire_ledger_for",
    "ceasefire_ledgers",
    "ceasefire_ledgers_over",
    "ceasefire_violations",
    "ceasefire_windows",
    "confirm_agreement",
    "confirm_ceasefire",
    "confirm_siege",
    "doc_infos",
    "evidence_texts",
    "figure_texts",
    "find_agreement",
    "happenings_of",
    "has_claims",
    "last_reports",
    "load_agreements",
    "load_claims",
    "load_events",
    "load_happenings",
    "load_known",
    "moods_of",
    "place_tree",
    "resolve_place",
    "review_agreement",
    "siege_ledger_for",
    "siege_ledgers",
    "siege_ledgers_over",
]
