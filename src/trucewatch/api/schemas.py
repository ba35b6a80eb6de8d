"""Request and response bodies of the API (pydantic), as published in /openapi.json."""

from __future__ import annotations

import datetime as dt
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from trucewatch.days import Day, Moment
from trucewatch.model import (
    ActionKind,
    AgreementKind,
    EventType,
    Precision,
    Qualifier,
    QuantityKind,
    Role,
    Status,
)
from trucewatch.serialize import (
    CONFIDENTIAL_SOURCE as CONFIDENTIAL_SOURCE,
)
from trucewatch.serialize import (
    AccessOut as AccessOut,
)
from trucewatch.serialize import (
    ActorOut as ActorOut,
)
from trucewatch.serialize import (
    ActorRoleOut as ActorRoleOut,
)
from trucewatch.serialize import (
    AgreementOut as AgreementOut,
)
from trucewatch.serialize import (
    CeasefireOut as CeasefireOut,
)
from trucewatch.serialize import (
    ClaimOut as ClaimOut,
)
from trucewatch.serialize import (
    CommitmentOut as CommitmentOut,
)
from trucewatch.serialize import (
    ComplianceOut as ComplianceOut,
)
from trucewatch.serialize import (
    DayViolationsOut as DayViolationsOut,
)
from trucewatch.serialize import (
    DeliveryOut as DeliveryOut,
)
from trucewatch.serialize import (
    DocumentDetail as DocumentDetail,
)
from trucewatch.serialize import (
    DocumentOut as DocumentOut,
)
from trucewatch.serialize import (
    EventOut as EventOut,
)
from trucewatch.serialize import (
    HappeningOut as HappeningOut,
)
from trucewatch.serialize import (
    PlaceOut as PlaceOut,
)
from trucewatch.serialize import (
    PlaceRef as PlaceRef,
)
from trucewatch.serialize import (
    PopulationOut as PopulationOut,
)
from trucewatch.serialize import (
    QuantityOut as QuantityOut,
)
from trucewatch.serialize import (
    SiegeOut as SiegeOut,
)
from trucewatch.serialize import (
    SourceFigureOut as SourceFigureOut,
)

# The response bodies of records are the one shape per kind that the CLI and the exports print too.
from trucewatch.serialize import (
    SourceOut as SourceOut,
)
from trucewatch.serialize import (
    SpanOut as SpanOut,
)
from trucewatch.serialize import (
    ViolationCountsOut as ViolationCountsOut,
)
from trucewatch.serialize import (
    ViolationsOut as ViolationsOut,
)
from trucewatch.serialize import (
    WhenOut as WhenOut,
)
from trucewatch.serialize import (
    WindowOut as WindowOut,
)
from trucewatch.serialize import (
    WindowsOut as WindowsOut,
)

T = TypeVar("T")


class Strict(BaseModel):
    """Request bodies: unknown fields are an error, so typos do not pass silently; no NUL characters."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        # PostgreSQL cannot store NUL in text; refuse it on every backend alike.
        items = value if isinstance(value, list) else [value]
        if any(isinstance(v, str) and "\x00" in v for v in items):
            raise ValueError("must not contain NUL characters")
        return value


class ProblemOut(BaseModel):
    type: str
    title: str
    status: int
    detail: str


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page.")
    limit: int


class AuditOut(BaseModel):
    id: int
    at: dt.datetime
    user_id: str | None
    user_name: str
    role: str
    action: str
    resource: str
    resource_id: str | None
    before: Any | None
    after: Any | None


class MeOut(BaseModel):
    name: str
    role: str
    token_id: str | None


class LoginIn(Strict):
    name: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=1000)
    label: str | None = Field(None, max_length=200)


class UnlockOut(BaseModel):
    name: str
    unlocked: bool = Field(description="False when the account was neither locked nor slowed down.")


class TokenOut(BaseModel):
    token: str = Field(description="The secret: shown this once, store it now.")
    token_id: str
    user: str
    role: str


# --- writes --------------------------------------------------------------------


class WhenIn(Strict):
    start: Moment
    precision: Precision = Precision.DAY
    end: Moment | None = None
    open_ended: bool = False


class SpanIn(Strict):
    document_id: str = Field(min_length=1, max_length=40)
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class ActorRoleIn(Strict):
    actor: str = Field(min_length=1, max_length=300)
    role: Role


class QuantityIn(Strict):
    kind: QuantityKind
    value: int | None = Field(None, ge=0, le=1_000_000_000)
    qualifier: Qualifier = Qualifier.EXACT


class ClaimReview(Strict):
    """Confirm or reject a claim, optionally correcting what it says (fields left out stay)."""

    status: Status | None = None
    type: EventType | None = None
    when: WhenIn | None = None
    place_id: str | None = Field(None, max_length=40)
    actors: list[ActorRoleIn] | None = Field(None, max_length=50)
    quantities: list[QuantityIn] | None = Field(None, max_length=50)


class IncidentIn(Strict):
    """An incident entered by hand (a field report, a phone call): stored as a document holding
    `description` and one claim on it, confirmed unless `review` asks for a second analyst."""

    type: EventType
    description: str = Field(
        min_length=1, max_length=20_000, description="The words the incident is recorded from (its evidence)."
    )
    when: WhenIn | None = None
    place_id: str | None = Field(None, max_length=40, description="A place id (see /api/places).")
    actors: list[ActorRoleIn] = Field(default_factory=list, max_length=50)
    quantities: list[QuantityIn] = Field(default_factory=list, max_length=50)
    source: str = Field("field report", min_length=1, max_length=300, description="Who reported it.")
    confidential: bool = Field(False, description="Only analysts and admins may see this report.")
    published: Day | None = Field(None, description="The day it was reported (default: today).")
    review: bool = Field(
        False, description="Leave it proposed, for another analyst than its author to confirm (PATCH)."
    )


class MergeIn(Strict):
    claim_ids: list[str] = Field(min_length=1, max_length=500)
    event_id: str | None = Field(None, max_length=40, description="Add to this event instead of a new one.")


class CommitmentIn(Strict):
    id: str | None = Field(None, max_length=40)
    obligated: str = Field(min_length=1, max_length=300)
    action: ActionKind
    target: int | None = Field(None, ge=0, le=1_000_000_000)
    unit: QuantityKind | None = None
    qualifier: Qualifier = Qualifier.EXACT
    deadline: Day | None = None
    description: str | None = Field(None, max_length=5000)
    evidence: list[SpanIn] = Field(default_factory=list, max_length=50)


class AgreementIn(Strict):
    kind: AgreementKind
    title: str = Field(min_length=1, max_length=500)
    reached: WhenIn | None = None
    effective_from: WhenIn | None = None
    effective_until: WhenIn | None = None
    place_id: str | None = Field(None, max_length=40)
    parties: list[str] = Field(default_factory=list, max_length=50)
    mediators: list[str] = Field(default_factory=list, max_length=50)
    guarantors: list[str] = Field(default_factory=list, max_length=50)
    monitor: str | None = Field(None, max_length=300)
    commitments: list[CommitmentIn] = Field(default_factory=list, max_length=100)
    evidence: list[SpanIn] = Field(default_factory=list, max_length=50)
    claim_ids: list[str] = Field(default_factory=list, max_length=500)
    status: Status = Status.PROPOSED


class AgreementPatch(Strict):
    """Fields to change; those left out stay as they are."""

    kind: AgreementKind | None = None
    title: str | None = Field(None, min_length=1, max_length=500)
    reached: WhenIn | None = None
    effective_from: WhenIn | None = None
    effective_until: WhenIn | None = None
    place_id: str | None = Field(None, max_length=40)
    parties: list[str] | None = Field(None, max_length=50)
    mediators: list[str] | None = Field(None, max_length=50)
    guarantors: list[str] | None = Field(None, max_length=50)
    monitor: str | None = Field(None, max_length=300)
    commitments: list[CommitmentIn] | None = Field(None, max_length=100)
    status: Status | None = None


class UploadOut(BaseModel):
    documents: list[DocumentOut]
    created: list[bool]


class ExtractOut(BaseModel):
    document_id: str
    claim_ids: list[str]
