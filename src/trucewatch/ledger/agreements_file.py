"""Agreements recorded by hand, from a YAML or JSON file (schema: docs/agreements.md).

Validation is strict (unknown fields are refused: a typo must not silently
drop a term) and every error names the file and the field. Place names are
kept as written; the caller resolves them against the gazetteer.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from trucewatch.days import Day, check_day
from trucewatch.errors import InvalidInput
from trucewatch.ledger.propose import stable_id
from trucewatch.model import (
    ActionKind,
    Agreement,
    AgreementKind,
    Commitment,
    Precision,
    Qualifier,
    QuantityKind,
    Status,
    When,
)

MAX_FILE_BYTES = 5 * 1024 * 1024

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2})(?::(\d{2}))?)?)?)?$")


class AgreementFileError(InvalidInput):
    """A file of agreements that cannot be read; the message names the file and field."""


def parse_when(value: object) -> When:
    """2016, "2016-08", "2016-08-01", "2017-03-08T14", "2017-03-08T00:01" → a When at that precision."""
    if isinstance(value, dt.datetime):
        check_day(value.date())
        return When(value.replace(tzinfo=None, second=0, microsecond=0), Precision.MINUTE)
    if isinstance(value, dt.date):
        return When(dt.datetime.combine(check_day(value), dt.time()), Precision.DAY)
    m = _DATE.match(str(value).strip())
    if not m:
        raise ValueError("expected a date: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH or YYYY-MM-DDTHH:MM")
    year, month, day, hour, minute = m.groups()
    start = dt.datetime(
        int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0)
    )  # raises ValueError for 2016-13
    check_day(start.date())
    precision = (
        Precision.MINUTE
        if minute
        else Precision.HOUR
        if hour
        else Precision.DAY
        if day
        else Precision.MONTH
        if month
        else Precision.YEAR
    )
    return When(start, precision)


WhenField = Annotated[When, BeforeValidator(parse_when)]


def _date_only(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, str_strip_whitespace=True)


class CommitmentIn(_Strict):
    obligated: str = Field(min_length=1, max_length=300)
    action: ActionKind
    target: int | None = Field(default=None, ge=0)
    unit: QuantityKind | None = None
    qualifier: Qualifier = Qualifier.EXACT
    deadline: Annotated[Day | None, BeforeValidator(_date_only)] = None
    description: str | None = Field(default=None, max_length=2000)


class AgreementIn(_Strict):
    id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_.:-]{1,40}$")
    kind: AgreementKind
    title: str = Field(min_length=1, max_length=500)
    reached: WhenField | None = None
    effective_from: WhenField | None = None
    effective_until: WhenField | None = None
    place: str | None = Field(default=None, max_length=300)
    parties: list[str] = Field(default_factory=list)
    mediators: list[str] = Field(default_factory=list)
    guarantors: list[str] = Field(default_factory=list)
    monitor: str | None = None
    status: Status = Status.CONFIRMED  # recorded by a person: confirmed unless they say otherwise
    commitments: list[CommitmentIn] = Field(default_factory=list)


class AgreementsFile(_Strict):
    agreements: list[AgreementIn]


@dataclass(frozen=True, slots=True)
class LoadedAgreement:
    agreement: Agreement  # place_id is None until the caller resolves `place`
    place: str | None  # as written in the file: a place id or name


def parse_agreements(data: Any, *, origin: str = "<data>") -> list[LoadedAgreement]:
    """Validate already-parsed YAML/JSON data; errors name `origin` and the field path."""
    try:
        parsed = AgreementsFile.model_validate(data)
    except ValidationError as exc:
        lines = [
            f"{origin}: {'.'.join(str(p) for p in err['loc']) or '(top level)'}: {err['msg']}"
            for err in exc.errors()
        ]
        raise AgreementFileError("\n".join(lines)) from None
    out = []
    seen: set[str] = set()
    for i, a in enumerate(parsed.agreements):
        agreement_id = a.id or stable_id("agr", "file", a.title, a.reached.iso() if a.reached else "")
        if agreement_id in seen:
            raise AgreementFileError(f"{origin}: agreements.{i}.id: duplicate agreement {agreement_id!r}")
        seen.add(agreement_id)
        commitments = tuple(
            Commitment(
                obligated=c.obligated,
                action=c.action,
                target=c.target,
                unit=c.unit,
                qualifier=c.qualifier,
                deadline=c.deadline,
                description=c.description,
                id=stable_id("cmt", agreement_id, j),
            )
            for j, c in enumerate(a.commitments)
        )
        agreement = Agreement(
            kind=a.kind,
            title=a.title,
            reached=a.reached,
            effective_from=a.effective_from,
            effective_until=a.effective_until,
            parties=tuple(a.parties),
            mediators=tuple(a.mediators),
            guarantors=tuple(a.guarantors),
            monitor=a.monitor,
            commitments=commitments,
            status=a.status,
            id=agreement_id,
        )
        out.append(LoadedAgreement(agreement, a.place))
    return out


def load_agreements_file(path: Path) -> list[LoadedAgreement]:
    """Read and validate a .yaml/.yml/.json file of agreements."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise AgreementFileError(f"{path}: {size} bytes is more than {MAX_FILE_BYTES}")
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AgreementFileError(f"{path}: cannot read: {exc}") from None
    try:
        data = json.loads(raw) if path.suffix.lower() == ".json" else yaml.safe_load(raw)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise AgreementFileError(f"{path}: not valid {path.suffix.lstrip('.') or 'YAML'}: {exc}") from None
    return parse_agreements(data, origin=str(path))
