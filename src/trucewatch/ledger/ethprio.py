"""Ceasefires as rows of the ETH/PRIO Civil Conflict Ceasefire dataset (CFD, Clayton et al. 2022).

One row per ceasefire and actor, as the released file has it (`actor_name` holds one
party; a bilateral ceasefire is two rows with the same `cf_id`). The columns are the
released file's (docs/formats.md cites where each list and code comes from). Codes we
could verify are written as the dataset codes them; where we know nothing, or the code
table is not published where we could read it (`side`, `ended`, `cc`), the dataset's
missing code -1 is written, never a guess, and what trucewatch knows goes into `comment`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from trucewatch.model import Ceasefire, CeasefirePurpose, Precision, When

MISSING = -1
LINK_IDS = tuple(f"link_id{n}" for n in range(1, 36))

ETHPRIO_COLUMNS: tuple[str, ...] = (
    "id",
    "uniq_id",
    "cf_id",
    "cc",
    "location",
    "region",
    "ucdp_acd_id",
    "ucdp_dyad",
    "ucdp_actor_id",
    "actor_name",
    "side",
    "pax_id",
    "cf_dec_yr",
    "cf_dec_month",
    "cf_dec_day",
    "cf_effect_yr",
    "cf_effect_month",
    "cf_effect_day",
    "end_yr",
    "end_month",
    "end_day",
    "ended",
    "written",
    "partial",
    "fixed",
    "fixed_time",
    "truce",
    "splinter",
    "nsa_frac",
    "ceasefire_class",
    "p_humanitarian",
    "p_peaceprocess",
    "p_holiday",
    "p_election",
    "p_other",
    "p_other_comment",
    "p_unclear",
    "timing",
    "implement",
    "enforcement",
    "ddr",
    "mediator_nego",
    "mediator_send",
    "cf_pp",
    "link",
    *LINK_IDS,
    "evidence_onset",
    "evidence_end",
    "factivia_source",
    "factivia_page",
    "comment",
    "coder",
    "recentadditions",
)

# The six purpose dummies (0/1); a ceasefire with no known purpose is p_unclear.
PURPOSE_COLUMNS = {
    CeasefirePurpose.HUMANITARIAN: "p_humanitarian",
    CeasefirePurpose.PEACE_PROCESS: "p_peaceprocess",
    CeasefirePurpose.HOLIDAY: "p_holiday",
    CeasefirePurpose.ELECTION: "p_election",
    CeasefirePurpose.OTHER: "p_other",
}
# ceasefire_class (content): 1 cessation of violence, 2 cessation with a compliance
# mechanism, 3 definitive. A named monitor is a compliance mechanism; trucewatch never
# knows a ceasefire to be definitive (part of a final settlement), so 3 is not written.
CESSATION, WITH_MECHANISM = 1, 2
# partial: 1 the ceasefire covers only part of the conflict's territory.
PARTIAL = {"local": 1, "regional": 1, "national": 0}


def _date_parts(when: When | None) -> tuple[int, int, int]:
    """Year, month, day; a part the date does not give is -1."""
    if when is None:
        return (MISSING, MISSING, MISSING)
    s = when.start
    if when.precision == Precision.YEAR:
        return (s.year, MISSING, MISSING)
    if when.precision == Precision.MONTH:
        return (s.year, s.month, MISSING)
    return (s.year, s.month, s.day)


def _comment(cf: Ceasefire) -> str:
    """What trucewatch knows that has no verified code in the dataset."""
    parts = [f"trucewatch ceasefire {cf.id}", f"status {cf.status.value}"]
    if cf.cf_class:
        parts.append(f"declared {cf.cf_class.value}")
    if cf.ended_how:
        parts.append(f"ended: {cf.ended_how}")
    if cf.coverage:
        parts.append(f"coverage {cf.coverage}")
    if cf.monitor:
        parts.append(f"monitor {cf.monitor}")
    return "; ".join(parts)


def ethprio_rows(cf: Ceasefire, countries: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """The ceasefire's rows (one per party; one row with no actor when no party is known).

    `countries` maps a place id to its country's name (the dataset's `location`).
    """
    dec = effect = _date_parts(cf.start)
    end = _date_parts(cf.end)
    purpose = dict.fromkeys(PURPOSE_COLUMNS.values(), 0)
    if cf.purpose is not None:
        purpose[PURPOSE_COLUMNS[cf.purpose]] = 1
    evidence = "; ".join(f"{s.document_id}:{s.start}-{s.end}" for s in cf.evidence)
    common: dict[str, Any] = dict.fromkeys(ETHPRIO_COLUMNS, "")
    common.update(
        cf_id=cf.id or "",
        cc="",
        location=(countries or {}).get(cf.place_id or "", ""),
        ucdp_acd_id=MISSING,
        ucdp_dyad=MISSING,
        ucdp_actor_id=MISSING,
        side=MISSING,
        pax_id=MISSING,
        cf_dec_yr=dec[0],
        cf_dec_month=dec[1],
        cf_dec_day=dec[2],
        cf_effect_yr=effect[0],
        cf_effect_month=effect[1],
        cf_effect_day=effect[2],
        end_yr=end[0],
        end_month=end[1],
        end_day=end[2],
        ended=MISSING,
        written=MISSING if cf.written is None else int(cf.written),
        partial=PARTIAL.get(cf.coverage or "", MISSING),
        fixed=MISSING,
        truce=MISSING,
        splinter=MISSING,
        nsa_frac=MISSING,
        ceasefire_class=WITH_MECHANISM if cf.monitor else CESSATION,
        **purpose,
        p_unclear=int(cf.purpose is None),
        timing=MISSING,
        implement=1 if cf.monitor else MISSING,
        enforcement=MISSING,
        ddr=MISSING,
        mediator_nego=", ".join(cf.mediators),
        cf_pp=MISSING,
        evidence_onset=evidence,
        comment=_comment(cf),
        coder="trucewatch",
    )
    actors = cf.parties or ("",)
    return [
        {**common, "uniq_id": f"{cf.id}-{n}" if cf.id else "", "actor_name": actor}
        for n, actor in enumerate(actors, start=1)
    ]


def ethprio_csv(ceasefires: Iterable[Ceasefire], countries: Mapping[str, str] | None = None) -> str:
    """A CSV with the released file's columns: one row per ceasefire and actor."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=ETHPRIO_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for cf in ceasefires:
        writer.writerows(ethprio_rows(cf, countries))
    return buf.getvalue()
