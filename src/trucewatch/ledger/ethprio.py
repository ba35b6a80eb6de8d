"""Ceasefires as rows beside the ETH/PRIO Civil Conflict Ceasefire dataset.

Column names follow scripts that read the released dataset; they are not yet
checked against its codebook, so codes whose meaning is unverified are not
invented: the class goes out as a label (`cf_class`), not as the dataset's
`ceasefire_class` code. Missing date parts are coded -1, as the dataset does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from trucewatch.model import Ceasefire, CeasefirePurpose, Precision, When

ETHPRIO_COLUMNS = (
    "cf_id",
    "location",
    "actor_name",
    "cf_dec_yr",
    "cf_dec_month",
    "cf_dec_day",
    "cf_effect_yr",
    "cf_effect_month",
    "cf_effect_day",
    "end_yr",
    "end_month",
    "end_day",
    "written",
    "cf_class",
    "purpose_1",
    "mediator_nego",
    "geography",
    "ended",
    "status",
)
# purpose_1 value labels as seen in scripts reading the dataset.
PURPOSE_CODES = {
    CeasefirePurpose.HUMANITARIAN: 1,
    CeasefirePurpose.PEACE_PROCESS: 2,
    CeasefirePurpose.HOLIDAY: 3,
    CeasefirePurpose.ELECTION: 4,
    CeasefirePurpose.OTHER: 5,
}


def _date_parts(when: When | None) -> tuple[int, int, int]:
    if when is None:
        return (-1, -1, -1)
    s = when.start
    if when.precision == Precision.YEAR:
        return (s.year, -1, -1)
    if when.precision == Precision.MONTH:
        return (s.year, s.month, -1)
    return (s.year, s.month, s.day)


def ethprio_row(cf: Ceasefire, place_names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """One ceasefire as a row of ETHPRIO_COLUMNS (declaration and effect both from its start)."""
    start = _date_parts(cf.start)
    end = _date_parts(cf.end)
    names = place_names or {}
    return {
        "cf_id": cf.id,
        "location": names.get(cf.place_id or "", cf.place_id),
        "actor_name": "; ".join(cf.parties),
        "cf_dec_yr": start[0],
        "cf_dec_month": start[1],
        "cf_dec_day": start[2],
        "cf_effect_yr": start[0],
        "cf_effect_month": start[1],
        "cf_effect_day": start[2],
        "end_yr": end[0],
        "end_month": end[1],
        "end_day": end[2],
        "written": -1 if cf.written is None else int(cf.written),
        "cf_class": cf.cf_class.value if cf.cf_class else None,
        "purpose_1": PURPOSE_CODES.get(cf.purpose, -1) if cf.purpose else -1,
        "mediator_nego": "; ".join(cf.mediators),
        "geography": cf.coverage,
        "ended": cf.ended_how,
        "status": cf.status.value,
    }
