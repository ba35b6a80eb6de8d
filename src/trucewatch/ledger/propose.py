"""Proposals: agreements, ceasefires and sieges read off extracted claims.

Everything proposed here has status `proposed` and a stable id derived from
what it was read from (type, date, place), so re-extracting a document
proposes the same ids and an analyst's confirmation sticks. Nothing here is
a fact until an analyst confirms it; every proposal carries the claim ids and
evidence spans it came from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from trucewatch.ledger.happenings import UNATTRIBUTED, Happening, group_happenings
from trucewatch.ledger.scope import Scope, in_scope
from trucewatch.ledger.timeline import overlaps, when_last
from trucewatch.model import (
    ActionKind,
    Agreement,
    AgreementKind,
    Ceasefire,
    CeasefireClass,
    CeasefirePurpose,
    Claim,
    Commitment,
    EventType,
    Precision,
    QuantityKind,
    Role,
    Siege,
    Span,
)

UNIDENTIFIED = "unidentified party"

# A figure in an agreement claim says what was promised: detainees are released
# by the government side, fighters and people leave (the opposition side).
_ACTION_BY_UNIT: dict[QuantityKind, tuple[ActionKind, str]] = {
    QuantityKind.DETAINEES: (ActionKind.RELEASE_DETAINEES, "government"),
    QuantityKind.FIGHTERS: (ActionKind.EVACUATE, "opposition"),
    QuantityKind.PEOPLE: (ActionKind.EVACUATE, "opposition"),
    QuantityKind.CIVILIANS: (ActionKind.EVACUATE, "opposition"),
    QuantityKind.BUSES: (ActionKind.EVACUATE, "opposition"),
    QuantityKind.TRUCKS: (ActionKind.ALLOW_AID, "government"),
}
# Follow-up claims in the same report suggest a term the agreement claim did not quantify.
_ACTION_BY_FOLLOW_UP: dict[EventType, tuple[ActionKind, str]] = {
    EventType.DETAINEES_RELEASED: (ActionKind.RELEASE_DETAINEES, "government"),
    EventType.EVACUATION: (ActionKind.EVACUATE, "opposition"),
    EventType.AID_DELIVERED: (ActionKind.ALLOW_AID, "government"),
}
FOLLOW_UP_TYPES = tuple(_ACTION_BY_FOLLOW_UP)
# Used only when the actor lexicon gives no side for a name.
_GOVERNMENT_WORDS = re.compile(r"\b(government|regime|army|state forces|armed forces)\b", re.I)


def stable_id(prefix: str, *parts: object) -> str:
    digest = hashlib.sha1("\x1f".join("" if p is None else str(p) for p in parts).encode()).hexdigest()
    return f"{prefix}_{digest[:24]}"


def merge_overlapping(happenings: Iterable[Happening]) -> list[Happening]:
    """One happening per place and period: reports of one agreement or ceasefire start.

    Two agreement.reached (or ceasefire.start) happenings at the same place
    whose dates could be the same moment ("8 March" and "00:01 on 8 March",
    "August" and "20 August") are one agreement reached, or one ceasefire
    starting, told twice: one place does not start two ceasefires in the same
    minute. The merged happening keeps all claims and the most precise date.
    """
    clusters: list[list[Happening]] = []
    by_place: dict[str | None, list[list[Happening]]] = {}
    for h in sorted(happenings, key=_finest_first):
        here = by_place.setdefault(h.place_id, [])
        home = next((c for c in here if c[0].when and h.when and overlaps(c[0].when, h.when)), None)
        if home is None:
            here.append([h])
            clusters.append(here[-1])
        else:
            home.append(h)
    out = []
    for c in clusters:
        head = c[0]  # the most precise date: sorted finest first
        claims = tuple(dict.fromkeys(cl for h in c for cl in h.claims))
        out.append(Happening(head.type, head.when, head.place_id, claims, head.event_id))
    return out


def _finest_first(h: Happening) -> tuple[str, int, dt.datetime]:
    if h.when is None:
        return (h.place_id or "", len(Precision), dt.datetime.min)
    return (h.place_id or "", list(Precision).index(h.when.precision), h.when.start)


def _happening_key(h: Happening) -> tuple[str, str, str]:
    return (h.type.value, h.when.iso() if h.when else "", h.place_id or "")


def _roles(h: Happening, *roles: Role) -> tuple[str, ...]:
    names = [a.actor for c in h.claims for a in c.actors if a.role in roles]
    return tuple(dict.fromkeys(names))


def _side(actor: str, sides: Mapping[str, str | None]) -> str | None:
    side = sides.get(actor)
    if side:
        return side
    return "government" if _GOVERNMENT_WORDS.search(actor) else None


def _obligated(side: str, candidates: Iterable[str], sides: Mapping[str, str | None]) -> str:
    pool = list(dict.fromkeys(candidates))
    match = next((a for a in pool if _side(a, sides) == side), None)
    if match is None and side == "opposition":  # anyone not on the government side
        match = next((a for a in pool if _side(a, sides) not in ("government", "neutral", "external")), None)
    return match or UNIDENTIFIED


def _evidence(h: Happening) -> tuple[Span, ...]:
    return tuple(dict.fromkeys(h.evidence))


def propose_agreements(
    claims: Iterable[Claim],
    *,
    sides: Mapping[str, str | None] | None = None,
    scopes: Mapping[str, Scope] | None = None,
    happenings: Sequence[Happening] | None = None,
) -> list[Agreement]:
    """One proposed agreement per agreement.reached happening.

    `sides` maps canonical actor names to their side ("government",
    "opposition", ...); `scopes` maps a place id to itself and its descendants
    (follow-up claims must fall inside it; without it, the same place only).
    `happenings`, when given, are the claims already grouped (and `claims` is ignored).
    """
    sides = sides or {}
    if happenings is None:
        happenings = group_happenings(claims)
    follow_ups: dict[str, list[Happening]] = {}  # by document: a report's own follow-ups
    for f in happenings:
        if f.type in _ACTION_BY_FOLLOW_UP:
            for doc in {c.document_id for c in f.claims}:
                follow_ups.setdefault(doc, []).append(f)
    out = []
    for h in merge_overlapping(h for h in happenings if h.type == EventType.AGREEMENT_REACHED):
        parties = _roles(h, Role.PARTY, Role.PERPETRATOR, Role.BENEFICIARY, Role.TARGET)
        everyone = (*parties, *(a for c in h.claims for a in (x.actor for x in c.actors)))
        commitments: list[Commitment] = []
        actions: set[ActionKind] = set()
        for c in h.claims:
            for q in c.quantities:
                if q.kind not in _ACTION_BY_UNIT or q.value is None:
                    continue
                action, side = _ACTION_BY_UNIT[q.kind]
                if action in actions:
                    continue
                actions.add(action)
                commitments.append(
                    Commitment(
                        obligated=_obligated(side, everyone, sides),
                        action=action,
                        target=q.value,
                        unit=q.kind,
                        qualifier=q.qualifier,
                        evidence=(q.span,) if q.span else c.evidence,
                    )
                )
        scope = (scopes or {}).get(h.place_id or "") or (frozenset({h.place_id}) if h.place_id else None)
        documents = sorted({c.document_id for c in h.claims})
        candidates = {id(f): f for doc in documents for f in follow_ups.get(doc, ())}.values()
        for f in candidates:
            if in_scope(f.place_id, scope) and (
                h.when is None or f.when is None or when_last(f.when) > h.when.start
            ):
                action, side = _ACTION_BY_FOLLOW_UP[f.type]
                if action not in actions:
                    actions.add(action)
                    commitments.append(
                        Commitment(
                            obligated=_obligated(side, (*everyone, *f.actors), sides),
                            action=action,
                            description=f"suggested by a {f.type.value} report after the agreement",
                            evidence=_evidence(f),
                        )
                    )
        aid = stable_id("agr", *_happening_key(h))
        commitments = [replace(c, id=stable_id("cmt", aid, c.action.value)) for c in commitments]
        place = h.claims[0].place or "unknown place"
        out.append(
            Agreement(
                kind=_agreement_kind(actions),
                title=f"Agreement in {place}" + (f", {h.when.iso()}" if h.when else ""),
                reached=h.when,
                place_id=h.place_id,
                parties=parties,
                mediators=_roles(h, Role.MEDIATOR),
                guarantors=_roles(h, Role.GUARANTOR),
                monitor=next(iter(_roles(h, Role.MONITOR)), None),
                commitments=tuple(commitments),
                evidence=_evidence(h),
                claim_ids=h.claim_ids,
                id=aid,
            )
        )
    return out


def _agreement_kind(actions: set[ActionKind]) -> AgreementKind:
    if actions == {ActionKind.RELEASE_DETAINEES}:
        return AgreementKind.PRISONER_EXCHANGE
    if actions == {ActionKind.EVACUATE}:
        return AgreementKind.EVACUATION
    if actions == {ActionKind.ALLOW_AID}:
        return AgreementKind.AID_ACCESS
    return AgreementKind.LOCAL_TRUCE


_CLASS_WORDS = {
    CeasefireClass.UNILATERAL: re.compile(r"\bunilateral", re.I),
    CeasefireClass.BILATERAL: re.compile(r"\bbilateral|\bmutual", re.I),
    CeasefireClass.MULTILATERAL: re.compile(r"\bmultilateral", re.I),
}
_PURPOSE_WORDS = {
    CeasefirePurpose.HUMANITARIAN: re.compile(r"\bhumanitarian (?:truce|pause|ceasefire|cease-fire)", re.I),
    CeasefirePurpose.HOLIDAY: re.compile(r"\b(eid|christmas|ramadan|holiday|new year)\b", re.I),
    CeasefirePurpose.ELECTION: re.compile(r"\belection", re.I),
}
_WRITTEN = re.compile(r"\b(signed|written)\b", re.I)
_VERBAL = re.compile(r"\b(verbal|oral|unwritten)\b", re.I)
_COVERAGE = {
    "neighbourhood": "local",
    "district": "local",
    "city": "local",
    "town": "local",
    "village": "local",
    "populated_place": "local",
    "governorate": "regional",
    "region": "regional",
    "country": "national",
}
_ENDED = (
    (re.compile(r"\b(collaps\w*|broke down|broken|shattered)\b", re.I), "collapsed"),
    (re.compile(r"\b(expir\w*|ended as planned)\b", re.I), "expired"),
)


def _sentences_around(h: Happening, texts: Mapping[str, str]) -> str:
    """The sentences holding the evidence: class words sit beside the trigger."""
    parts = []
    for span in h.evidence:
        text = texts.get(span.document_id)
        if text is None:
            continue
        start = max(text.rfind(".", 0, span.start), text.rfind("\n", 0, span.start)) + 1
        ends = [i for i in (text.find(".", span.end), text.find("\n", span.end)) if i != -1]
        parts.append(text[start : min(ends) if ends else len(text)][:2000])
    return " ".join(parts)


def propose_ceasefires(
    claims: Iterable[Claim],
    *,
    texts: Mapping[str, str] | None = None,
    place_kinds: Mapping[str, str] | None = None,
) -> list[Ceasefire]:
    """One proposed ceasefire per dated ceasefire.start happening.

    `texts` (document id → text) lets the class, purpose and form be read from
    the sentence of the evidence ("a bilateral ceasefire" → bilateral);
    `place_kinds` (place id → kind) gives the geographic coverage.
    """
    happenings = group_happenings(claims)
    ends = [h for h in happenings if h.type == EventType.CEASEFIRE_END and h.when is not None]
    out = []
    starts = [h for h in happenings if h.type == EventType.CEASEFIRE_START and h.when is not None]
    for h in merge_overlapping(starts):
        if h.when is None:  # never: only dated starts were merged
            continue
        words = _sentences_around(h, texts or {})
        parties = _roles(h, Role.PARTY, Role.PERPETRATOR)
        cf_class = next((k for k, rx in _CLASS_WORDS.items() if rx.search(words)), None)
        if cf_class is None and len(parties) >= 2:
            cf_class = CeasefireClass.BILATERAL if len(parties) == 2 else CeasefireClass.MULTILATERAL
        start = h.when
        end = min(
            (e for e in ends if e.place_id == h.place_id and e.when and e.when.start >= start.start),
            key=lambda e: e.when.start if e.when else start.start,
            default=None,
        )
        ended_how = None
        if end is not None:
            end_words = _sentences_around(end, texts or {})
            ended_how = next((label for rx, label in _ENDED if rx.search(end_words)), None)
        out.append(
            Ceasefire(
                start=start,
                place_id=h.place_id,
                end=end.when if end else None,
                parties=parties,
                mediators=_roles(h, Role.MEDIATOR, Role.GUARANTOR),
                monitor=next(iter(_roles(h, Role.MONITOR)), None),
                cf_class=cf_class,
                written=True if _WRITTEN.search(words) else (False if _VERBAL.search(words) else None),
                purpose=next((p for p, rx in _PURPOSE_WORDS.items() if rx.search(words)), None),
                coverage=_COVERAGE.get((place_kinds or {}).get(h.place_id or "", "")),
                ended_how=ended_how,
                evidence=_evidence(h) + (_evidence(end) if end else ()),
                claim_ids=h.claim_ids + (end.claim_ids if end else ()),
                id=stable_id("cf", *_happening_key(h)),
            )
        )
    return out


def propose_sieges(claims: Iterable[Claim]) -> list[Siege]:
    """One proposed siege per place with a siege.imposed claim (since = the earliest)."""
    happenings = group_happenings(claims)
    by_place: dict[str, list[Happening]] = {}
    for h in happenings:
        if h.type == EventType.SIEGE_IMPOSED and h.place_id is not None:
            by_place.setdefault(h.place_id, []).append(h)
    out = []
    for place_id, imposed in sorted(by_place.items()):
        dated = sorted((h for h in imposed if h.when), key=lambda h: h.when.start if h.when else 0)
        since = dated[0].when if dated else None
        besiegers = Counter(a for h in imposed for a in h.perpetrators if a != UNATTRIBUTED)
        lifted = sorted(
            (
                h
                for h in happenings
                if h.type == EventType.SIEGE_LIFTED
                and h.place_id == place_id
                and h.when is not None
                and (since is None or h.when.start >= since.start)
            ),
            key=lambda h: h.when.start if h.when else 0,
        )
        sources = [*imposed, *lifted[:1]]
        out.append(
            Siege(
                place_id=place_id,
                besieger=besiegers.most_common(1)[0][0] if besiegers else None,
                since=since,
                until=lifted[0].when if lifted else None,
                evidence=tuple(dict.fromkeys(s for h in sources for s in h.evidence)),
                claim_ids=tuple(dict.fromkeys(c for h in sources for c in h.claim_ids)),
                id=stable_id("sg", place_id),
            )
        )
    return out
