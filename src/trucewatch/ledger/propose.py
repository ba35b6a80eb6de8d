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

from trucewatch.ledger.ceasefires import stated_end
from trucewatch.ledger.happenings import UNATTRIBUTED, DocInfo, Happening, group_happenings
from trucewatch.ledger.known import first_known
from trucewatch.ledger.modality import NO_MOODS, Mood, Moods
from trucewatch.ledger.scope import Scope, in_scope
from trucewatch.ledger.timeline import end_of_day, overlaps, when_last
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
    When,
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


CLOSE_DAYS = 7  # reports dating one deal this close together tell of the same deal


def merge_deals(
    happenings: Iterable[Happening],
    *,
    parents: Mapping[str, str | None] | None = None,
    docs: Mapping[str, DocInfo] | None = None,
    close_days: int = CLOSE_DAYS,
) -> list[Happening]:
    """One happening per deal, from agreement.reached happenings told by several reports.

    Reports of one deal name the same place, or a place and the place it lies in
    ("Homs" and its district "Waer"), and give dates no more than `close_days`
    apart ("Monday" in one report, "13 March" in another). An undated report of
    an agreement in a place speaks of the latest deal there it could know of:
    one reached before it was published, preferably one its own report dates.
    The deal keeps every report's claims, the most precise date and the most
    specific place.
    """
    parents = parents or {}
    gap = dt.timedelta(days=close_days)

    def close(a: When, b: When) -> bool:
        return max(a.start, b.start) - min(when_last(a), when_last(b)) <= gap

    clusters: list[list[Happening]] = []
    undated: list[Happening] = []
    # Clusters by the places their reports name (`at`) and by the places those lie in (`under`):
    # a report is compared with the clusters of its place, its parent and its children only.
    at: dict[str | None, list[list[Happening]]] = {}
    under: dict[str, list[list[Happening]]] = {}

    def near(place: str | None) -> list[list[Happening]]:
        found = [*at.get(place, ()), *(under.get(place, ()) if place is not None else ())]
        parent = parents.get(place) if place is not None else None
        if parent is not None:
            found += at.get(parent, ())
        return list({id(c): c for c in found}.values())

    def index(c: list[Happening], place: str | None) -> None:
        here = at.setdefault(place, [])
        if not any(x is c for x in here):
            here.append(c)
        parent = parents.get(place) if place is not None else None
        if parent is not None:
            inside = under.setdefault(parent, [])
            if not any(x is c for x in inside):
                inside.append(c)

    for h in sorted(happenings, key=_finest_first_anywhere):
        if h.when is None:
            undated.append(h)
            continue
        when = h.when
        home = next((c for c in near(h.place_id) if c[0].when is not None and close(c[0].when, when)), None)
        if home is None:
            home = []
            clusters.append(home)
        home.append(h)
        index(home, h.place_id)
    for h in undated:
        known = first_known(h, docs)
        limit = end_of_day(known) if known else None
        docs_of_h = {c.document_id for c in h.claims}
        candidates = [
            c
            for c in near(h.place_id)
            if c[0].when is not None and (limit is None or c[0].when.start < limit)
        ]
        own = [c for c in candidates if any(cl.document_id in docs_of_h for m in c for cl in m.claims)]
        pool = own or candidates
        if pool:
            max(pool, key=lambda c: c[0].when.start if c[0].when else dt.datetime.min).append(h)
        else:
            clusters.append([h])
    out = []
    for c in clusters:
        head = c[0]  # the most precise date: sorted finest first
        places = {m.place_id for m in c if m.place_id}
        inner = [p for p in places if not any(parents.get(q) == p for q in places)]
        place = head.place_id if head.place_id in inner or not inner else sorted(inner)[0]
        members = (cl for m in c for cl in sorted(m.claims, key=lambda x: x.place_id != place))
        claims = tuple(dict.fromkeys(members))
        out.append(Happening(head.type, head.when, place, claims, head.event_id))
    return out


def _finest_first_anywhere(h: Happening) -> tuple[int, dt.datetime]:
    if h.when is None:
        return (len(Precision), dt.datetime.min)
    return (list(Precision).index(h.when.precision), h.when.start)


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
    parents: Mapping[str, str | None] | None = None,
    docs: Mapping[str, DocInfo] | None = None,
    moods: Moods | None = None,
) -> list[Agreement]:
    """One proposed agreement per deal (merge_deals), however many reports tell of it.

    `sides` maps canonical actor names to their side ("government",
    "opposition", ...); `scopes` maps a place id to itself and its descendants
    (follow-up claims must fall inside it; without it, the same place only);
    `parents` maps a place to the place it lies in (reports naming either are of
    one deal); `docs` give when each report became known; `moods` mark the
    follow-ups a report only expects ("1,500 are expected to depart"): with a
    figure, those are terms of the deal, never deliveries.
    `happenings`, when given, are the claims already grouped (and `claims` is ignored).
    """
    sides = sides or {}
    moods = moods or NO_MOODS
    if happenings is None:
        happenings = group_happenings(claims)
    follow_ups: dict[str, list[Happening]] = {}  # by document: a report's own follow-ups
    for f in happenings:
        if f.type in _ACTION_BY_FOLLOW_UP:
            for doc in {c.document_id for c in f.claims}:
                follow_ups.setdefault(doc, []).append(f)
    out = []
    deals = merge_deals(
        (h for h in happenings if h.type == EventType.AGREEMENT_REACHED), parents=parents, docs=docs
    )
    for h in deals:
        parties = _roles(h, Role.PARTY, Role.PERPETRATOR, Role.BENEFICIARY, Role.TARGET)
        everyone = (*parties, *(a for c in h.claims for a in (x.actor for x in c.actors)))
        commitments: list[Commitment] = []  # one term per action and unit
        add_term = _TermAdder(commitments)

        for c in h.claims:
            for q in c.quantities:
                if q.kind not in _ACTION_BY_UNIT or q.value is None:
                    continue
                action, side = _ACTION_BY_UNIT[q.kind]
                add_term(
                    action,
                    q.kind,
                    Commitment(
                        obligated=_obligated(side, everyone, sides),
                        action=action,
                        target=q.value,
                        unit=q.kind,
                        qualifier=q.qualifier,
                        evidence=(q.span,) if q.span else c.evidence,
                    ),
                )
        scope = (scopes or {}).get(h.place_id or "") or (frozenset({h.place_id}) if h.place_id else None)
        documents = sorted({c.document_id for c in h.claims})
        candidates = {id(f): f for doc in documents for f in follow_ups.get(doc, ())}.values()
        for f in sorted(candidates, key=lambda f: _expected(f, moods), reverse=True):
            if in_scope(f.place_id, scope) and (
                h.when is None or f.when is None or when_last(f.when) > h.when.start
            ):
                action, side = _ACTION_BY_FOLLOW_UP[f.type]
                obligated = _obligated(side, (*everyone, *f.actors), sides)
                if _expected(f, moods):  # "1,500 are expected to leave": a term of the deal
                    whole = all(moods.of_claim(c) is Mood.FORECAST for c in f.claims)
                    for c in f.claims:
                        for q in c.quantities:
                            foretold = whole or moods.of_figure(q) is Mood.FORECAST
                            if (
                                foretold
                                and q.value is not None
                                and _ACTION_BY_UNIT.get(q.kind, (None,))[0] == action
                            ):
                                add_term(
                                    action,
                                    q.kind,
                                    Commitment(
                                        obligated=obligated,
                                        action=action,
                                        target=q.value,
                                        unit=q.kind,
                                        qualifier=q.qualifier,
                                        description=f"expected in a {f.type.value} report",
                                        evidence=(q.span,) if q.span else c.evidence,
                                    ),
                                )
                    if whole:
                        continue
                add_term(
                    action,
                    None,
                    Commitment(
                        obligated=obligated,
                        action=action,
                        description=f"suggested by a {f.type.value} report after the agreement",
                        evidence=_evidence(f),
                    ),
                )
        aid = stable_id("agr", *_happening_key(h))
        seen: set[ActionKind] = set()
        numbered = []
        for term in commitments:  # the first term of an action keeps the id it always had
            key = (aid, term.action.value) if term.action not in seen else (aid, term.action.value, term.unit)
            seen.add(term.action)
            numbered.append(replace(term, id=stable_id("cmt", *key)))
        commitments = numbered
        place = next((c.place for c in h.claims if c.place_id == h.place_id and c.place), None)
        place = place or h.claims[0].place or "unknown place"
        out.append(
            Agreement(
                kind=_agreement_kind({c.action for c in commitments}),
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


class _TermAdder:
    """Adds a term unless the deal has one for the action and unit (or, unquantified, for the action)."""

    def __init__(self, commitments: list[Commitment]) -> None:
        self.commitments = commitments
        self.terms: set[tuple[ActionKind, QuantityKind | None]] = set()

    def __call__(self, action: ActionKind, unit: QuantityKind | None, commitment: Commitment) -> None:
        if (action, unit) in self.terms or (unit is None and any(a == action for a, _ in self.terms)):
            return
        self.terms.add((action, unit))
        self.commitments.append(commitment)


def _expected(f: Happening, moods: Moods) -> bool:
    """The follow-up is only expected, or gives a figure its report only expects."""
    return bool(f.claims) and (
        all(moods.of_claim(c) is Mood.FORECAST for c in f.claims)
        or any(moods.of_figure(q) is Mood.FORECAST for c in f.claims for q in c.quantities)
    )


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


_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
    "twenty": 20, "thirty": 30,
}  # fmt: skip
_AMOUNT = rf"(?P<n>\d{{1,3}}|{'|'.join(_NUMBER_WORDS)})"
_UNIT = r"(?P<u>hour|day|week|month)s?"
_TRUCE = r"(?:truce|ceasefire|cease-fire|cessation of hostilities|pause|lull|halt|calm)"
_DURATION = (
    # "a 48-hour truce", "a four-day humanitarian ceasefire", "a week-long lull"
    re.compile(rf"\b{_AMOUNT}[- ]{_UNIT}(?:[- ]long)?\s+(?:\w+\s+){{0,2}}?{_TRUCE}", re.I),
    re.compile(rf"\b(?P<n>a|one)?\s*{_UNIT}[- ]long\s+(?:\w+\s+){{0,2}}?{_TRUCE}", re.I),
    # "a truce ... for 48 hours", "a ceasefire lasting three days"
    re.compile(
        rf"{_TRUCE}\b[^.;]{{0,60}}?\b(?:for|lasting|of)\s+(?:a\s+period\s+of\s+)?{_AMOUNT}\s+{_UNIT}\b", re.I
    ),
)


def stated_duration(words: str) -> dt.timedelta | tuple[int, str] | None:
    """How long the ceasefire of `words` is said to last ("48-hour truce"), if the words say."""
    for rx in _DURATION:
        m = rx.search(words)
        if m is None:
            continue
        raw = (m.group("n") or "one").lower()
        n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
        unit = m.group("u").lower()
        if n <= 0:
            continue
        if unit == "month":
            return (n, "month")
        return dt.timedelta(**{f"{unit}s": n})
    return None


def _add(start: dt.datetime, length: dt.timedelta | tuple[int, str]) -> dt.datetime:
    if isinstance(length, dt.timedelta):
        return start + length
    months = start.month - 1 + length[0]
    year, month = start.year + months // 12, months % 12 + 1
    day = min(start.day, [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30,
                          31, 30, 31, 31, 30, 31, 30, 31][month - 1])  # fmt: skip
    return start.replace(year=year, month=month, day=day)


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
    claims = list(claims)
    happenings = group_happenings(claims)
    ends = [h for h in happenings if h.type == EventType.CEASEFIRE_END and h.when is not None]
    out = []
    starts = [h for h in happenings if h.type == EventType.CEASEFIRE_START and h.when is not None]
    talks = _talk_parties(claims)
    for h in merge_overlapping(starts):
        if h.when is None:  # never: only dated starts were merged
            continue
        words = _sentences_around(h, texts or {})
        parties = _roles(h, Role.PARTY, Role.PERPETRATOR)
        if (
            len(parties) < 2
        ):  # "a bilateral ceasefire went into effect": its sides are the report's negotiators
            named = (p for c in h.claims for p in talks.get((c.document_id, h.place_id), ()))
            parties = tuple(dict.fromkeys((*parties, *named)))
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
        cf = stated_end(Ceasefire(start=start, end=end.when if end else None))
        if cf.end is None and (length := stated_duration(words)) is not None:
            # "a 48-hour truce", "a four-day ceasefire": it ends that long after it starts.
            cf = replace(cf, end=When(_add(cf.start.start, length), cf.start.precision))
        out.append(
            Ceasefire(
                start=cf.start,
                place_id=h.place_id,
                end=cf.end,
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


def _talk_parties(claims: Iterable[Claim]) -> dict[tuple[str, str | None], tuple[str, ...]]:
    """The parties each report names to talks or a deal in each place: (document, place) -> names."""
    found: dict[tuple[str, str | None], list[str]] = {}
    for c in claims:
        if c.type in (EventType.NEGOTIATION_MEETING, EventType.AGREEMENT_REACHED):
            names = [a.actor for a in c.actors if a.role is Role.PARTY]
            found.setdefault((c.document_id, c.place_id), []).extend(names)
    return {k: tuple(dict.fromkeys(v)) for k, v in found.items()}


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
