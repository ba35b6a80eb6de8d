"""The domain: plain typed values, no I/O.

Everything trucewatch records is one of these shapes. Readers produce
Documents, extraction produces Claims, analysts group claims into Events, and
the ledger computes compliance, violations and access from them. Each figure
keeps its evidence: the document and the character span that states it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache


class Reliability(StrEnum):
    """Source reliability on the Admiralty scale used by monitors."""

    A = "A"  # completely reliable
    B = "B"  # usually reliable
    C = "C"  # fairly reliable
    D = "D"  # not usually reliable
    E = "E"  # unreliable
    F = "F"  # cannot be judged (the default for a new source)


class Precision(StrEnum):
    """How much of a date the text actually gives; never invent more."""

    MINUTE = "minute"
    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class Status(StrEnum):
    """Review state of anything derived by a machine."""

    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class EventType(StrEnum):
    """The event taxonomy (the same as the evaluation set's)."""

    ATTACK_AIRSTRIKE = "attack.airstrike"
    ATTACK_SHELLING = "attack.shelling"
    ATTACK_CLASH = "attack.clash"
    ATTACK_CIVILIANS = "attack.civilians"
    ATTACK_EXPLOSION = "attack.explosion"
    ATTACK_AID = "attack.aid"
    CEASEFIRE_START = "ceasefire.start"
    CEASEFIRE_END = "ceasefire.end"
    AGREEMENT_REACHED = "agreement.reached"
    NEGOTIATION_MEETING = "negotiation.meeting"
    AID_DELIVERED = "aid.delivered"
    AID_BLOCKED = "aid.blocked"
    SIEGE_IMPOSED = "siege.imposed"
    SIEGE_LIFTED = "siege.lifted"
    EVACUATION = "evacuation"
    DETAINEES_RELEASED = "detainees.released"
    TERRITORY_CONTROL = "territory.control"
    # An event outside this taxonomy (an ACLED protest, riot, arrest, ...): kept, never
    # misread as one of the types above; its own type travels with it (the stored ACLED row).
    OTHER = "other"

    @property
    def is_attack(self) -> bool:
        return self.value.startswith("attack.")


class QuantityKind(StrEnum):
    KILLED = "killed"
    INJURED = "injured"
    PEOPLE = "people"
    FIGHTERS = "fighters"
    CIVILIANS = "civilians"
    DETAINEES = "detainees"
    RESIDENTS = "residents"
    TRUCKS = "trucks"
    BUSES = "buses"


class Qualifier(StrEnum):
    """How exact a figure is: "more than 7,300" is at least, "dozens" imprecise."""

    EXACT = "exact"
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"
    ABOUT = "about"
    LESS_THAN = "less_than"
    IMPRECISE = "imprecise"  # "dozens", "hundreds": no number is recorded


class Role(StrEnum):
    """What an actor did in a claim."""

    PERPETRATOR = "perpetrator"
    TARGET = "target"
    PARTY = "party"
    MEDIATOR = "mediator"
    GUARANTOR = "guarantor"
    MONITOR = "monitor"
    BENEFICIARY = "beneficiary"


class ActorKind(StrEnum):
    """Roughly ACLED's interaction codes, plus the roles monitors need."""

    STATE = "state"  # state forces
    REBEL = "rebel"
    MILITIA = "militia"
    EXTERNAL = "external"  # foreign states and their forces
    CIVILIANS = "civilians"
    HUMANITARIAN = "humanitarian"
    COMMITTEE = "committee"  # negotiating / reconciliation committees
    INTERNATIONAL = "international"  # UN bodies and other intergovernmental organisations
    OTHER = "other"


class AgreementKind(StrEnum):
    CEASEFIRE = "ceasefire"
    LOCAL_TRUCE = "local_truce"  # truce / reconciliation
    EVACUATION = "evacuation"
    AID_ACCESS = "aid_access"
    PRISONER_EXCHANGE = "prisoner_exchange"
    OTHER = "other"


class ActionKind(StrEnum):
    RELEASE_DETAINEES = "release_detainees"
    ALLOW_AID = "allow_aid"
    CEASE_FIRE = "cease_fire"
    EVACUATE = "evacuate"
    WITHDRAW = "withdraw"
    HAND_OVER_WEAPONS = "hand_over_weapons"
    LIFT_SIEGE = "lift_siege"
    OTHER = "other"


class CeasefireClass(StrEnum):
    """ETH/PRIO: who declared it."""

    UNILATERAL = "unilateral"
    BILATERAL = "bilateral"
    MULTILATERAL = "multilateral"


class CeasefirePurpose(StrEnum):
    """ETH/PRIO purpose_1 labels."""

    HUMANITARIAN = "humanitarian"
    PEACE_PROCESS = "peace_process"
    HOLIDAY = "holiday"
    ELECTION = "election"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Span:
    """Evidence: the exact characters [start, end) of a stored document."""

    document_id: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def quote(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class When:
    """A date as precise as the text gives it, optionally a range.

    `start` is the first instant the text allows (2016-11-01 for "last
    November" at month precision); `end` is set for ranges and durations
    ("for 48 hours"), `open_ended` for "since ..." with no end.
    """

    start: dt.datetime
    precision: Precision
    end: dt.datetime | None = None
    open_ended: bool = False

    def iso(self) -> str:
        """The start rendered at its precision: 2017-03, 2017-03-08, 2017-03-08T00:01."""
        return _iso(self.start, self.start.tzinfo, self.precision)


# An export renders each record's date several times: few dates, many records. The offset is part
# of the key: two aware datetimes of one instant are equal, yet their wall clocks differ.
@lru_cache(maxsize=4096)
def _iso(s: dt.datetime, _tz: dt.tzinfo | None, precision: Precision) -> str:
    match precision:
        case Precision.YEAR:
            return f"{s.year:04d}"
        case Precision.MONTH:
            return f"{s.year:04d}-{s.month:02d}"
        case Precision.DAY | Precision.WEEK:
            return s.date().isoformat()
        case Precision.HOUR:
            return s.strftime("%Y-%m-%dT%H")
        case Precision.MINUTE:
            return s.strftime("%Y-%m-%dT%H:%M")
    raise AssertionError(precision)


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    kind: str = "outlet"  # outlet, ngo, monitor, government, person, ...
    reliability: Reliability = Reliability.F
    confidential: bool = False
    id: str | None = None
    public: bool = False  # readable by anonymous callers when public read is on (never if confidential)


@dataclass(frozen=True, slots=True)
class Document:
    text: str
    content_hash: str
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    language: str = "en"
    source: Source | None = None
    confidential: bool = False  # this document alone, e.g. an interview given in confidence
    origin: str | None = None  # file path (or path:line) it was read from
    id: str | None = None

    @property
    def is_confidential(self) -> bool:
        return self.confidential or (self.source is not None and self.source.confidential)


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    kind: str = "populated_place"  # country, governorate, city, neighbourhood, village, ...
    admin1: str | None = None
    parent_id: str | None = None  # Waer -> Homs city -> Homs governorate -> Syria
    geonames_id: int | None = None
    alternate_names: tuple[str, ...] = ()
    id: str | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    name: str  # canonical: "Syrian government"
    kind: ActorKind = ActorKind.OTHER
    side: str | None = None  # "government", "opposition", "neutral", ...
    aliases: tuple[str, ...] = ()  # "the regime", "pro-regime forces", ...
    id: str | None = None


@dataclass(frozen=True, slots=True)
class ActorRole:
    actor: str  # canonical actor name (stable across stores)
    role: Role
    span: Span | None = None  # where the text names it


@dataclass(frozen=True, slots=True)
class Quantity:
    kind: QuantityKind
    value: int | None  # None when imprecise ("dozens")
    qualifier: Qualifier = Qualifier.EXACT
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """What one document says happened, with the words that say it."""

    type: EventType
    document_id: str
    evidence: tuple[Span, ...]
    when: When | None = None
    place: str | None = None  # place name as resolved by the gazetteer
    place_id: str | None = None
    actors: tuple[ActorRole, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    extractor: str = "rules"
    extractor_version: str = "0"
    rule: str | None = None
    status: Status = Status.PROPOSED
    event_id: str | None = None
    id: str | None = None

    def quantity(self, kind: QuantityKind) -> Quantity | None:
        return next((q for q in self.quantities if q.kind == kind), None)


@dataclass(frozen=True, slots=True)
class Event:
    """One happening; its claims are its sources."""

    type: EventType
    claim_ids: tuple[str, ...]
    when: When | None = None
    place_id: str | None = None
    actors: tuple[ActorRole, ...] = ()
    status: Status = Status.PROPOSED
    id: str | None = None


@dataclass(frozen=True, slots=True)
class Commitment:
    """One term of an agreement: who must do what, how much, by when."""

    obligated: str  # canonical actor name
    action: ActionKind
    target: int | None = None
    unit: QuantityKind | None = None
    qualifier: Qualifier = Qualifier.EXACT
    deadline: dt.date | None = None
    description: str | None = None
    evidence: tuple[Span, ...] = ()
    id: str | None = None


@dataclass(frozen=True, slots=True)
class Agreement:
    kind: AgreementKind
    title: str
    reached: When | None = None
    effective_from: When | None = None
    effective_until: When | None = None
    place_id: str | None = None  # scope: the place and everything inside it
    parties: tuple[str, ...] = ()
    mediators: tuple[str, ...] = ()
    guarantors: tuple[str, ...] = ()
    monitor: str | None = None
    commitments: tuple[Commitment, ...] = ()
    evidence: tuple[Span, ...] = ()
    claim_ids: tuple[str, ...] = ()
    status: Status = Status.PROPOSED
    id: str | None = None


@dataclass(frozen=True, slots=True)
class Ceasefire:
    """A ceasefire, with the fields the ETH/PRIO ceasefire dataset codes."""

    start: When
    place_id: str | None = None
    end: When | None = None  # None: open-ended / still in force
    parties: tuple[str, ...] = ()
    mediators: tuple[str, ...] = ()
    monitor: str | None = None
    cf_class: CeasefireClass | None = None
    written: bool | None = None
    purpose: CeasefirePurpose | None = None
    coverage: str | None = None  # "local", "regional", "national"
    ended_how: str | None = None  # "expired", "collapsed", "superseded", ...
    agreement_id: str | None = None
    evidence: tuple[Span, ...] = ()
    claim_ids: tuple[str, ...] = ()
    status: Status = Status.PROPOSED
    id: str | None = None


@dataclass(frozen=True, slots=True)
class Siege:
    place_id: str
    besieger: str | None = None  # canonical actor name
    since: When | None = None
    until: When | None = None
    evidence: tuple[Span, ...] = ()
    claim_ids: tuple[str, ...] = ()
    status: Status = Status.PROPOSED
    id: str | None = None


__all__ = [
    name
    for name in dir()
    if not name.startswith("_") and name not in {"annotations", "dt", "dataclass", "StrEnum"}
]
