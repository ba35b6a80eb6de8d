"""ACLED's codebook as tables: columns, the 6 event types and 25 sub-event types, actor categories.

Pure data and look-ups, no I/O. Sources (see docs/formats.md): ACLED's codebook
(2023 and later: text `inter1`/`inter2`/`interaction`, `civilian_targeting`,
`disorder_type`, `tags`) and its guide to the March 2023 column changes; older
files use the digits 1-8 for the actor categories and two-digit interaction codes.
"""

from __future__ import annotations

from trucewatch.model import ActorKind, EventType, Precision

ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

POLITICAL = "Political violence"
DEMONSTRATIONS = "Demonstrations"
STRATEGIC = "Strategic developments"
CIVILIAN_TARGETING = "Civilians targeted"  # the codebook's value (blank otherwise)

# event_type -> its sub-event types -> the trucewatch type a row of that pair is read as.
# OTHER: ACLED records it, trucewatch's taxonomy has no type for it; the claim is kept
# as type "other" and the stored row keeps ACLED's own pair (exported unchanged).
SUB_EVENT_TYPES: dict[str, dict[str, EventType]] = {
    "Battles": {
        "Government regains territory": EventType.TERRITORY_CONTROL,
        "Non-state actor overtakes territory": EventType.TERRITORY_CONTROL,
        "Armed clash": EventType.ATTACK_CLASH,
    },
    "Explosions/Remote violence": {
        "Chemical weapon": EventType.ATTACK_EXPLOSION,
        "Air/drone strike": EventType.ATTACK_AIRSTRIKE,
        "Suicide bomb": EventType.ATTACK_EXPLOSION,
        "Shelling/artillery/missile attack": EventType.ATTACK_SHELLING,
        "Remote explosive/landmine/IED": EventType.ATTACK_EXPLOSION,
        "Grenade": EventType.ATTACK_EXPLOSION,
    },
    "Violence against civilians": {
        "Sexual violence": EventType.ATTACK_CIVILIANS,
        "Attack": EventType.ATTACK_CIVILIANS,
        "Abduction/forced disappearance": EventType.ATTACK_CIVILIANS,
    },
    "Protests": {
        "Excessive force against protesters": EventType.OTHER,
        "Protest with intervention": EventType.OTHER,
        "Peaceful protest": EventType.OTHER,
    },
    "Riots": {
        "Violent demonstration": EventType.OTHER,
        "Mob violence": EventType.OTHER,
    },
    "Strategic developments": {
        "Agreement": EventType.AGREEMENT_REACHED,
        "Arrests": EventType.OTHER,
        "Change to group/activity": EventType.OTHER,
        "Disrupted weapons use": EventType.OTHER,
        "Headquarters or base established": EventType.OTHER,
        "Looting/property destruction": EventType.OTHER,
        "Non-violent transfer of territory": EventType.TERRITORY_CONTROL,
        # Coups, displacement, mass graves, ...: never a ceasefire's end.
        "Other": EventType.OTHER,
    },
}

# The disorder type of each event type (the codebook's Table 2), and the sub-event
# types whose disorder type differs from their event type's.
DISORDER_EXCEPTIONS: dict[str, str] = {
    "Excessive force against protesters": f"{POLITICAL}; {DEMONSTRATIONS}",
    "Mob violence": POLITICAL,
}
DISORDER_TYPES: dict[str, str] = {
    "Battles": POLITICAL,
    "Explosions/Remote violence": POLITICAL,
    "Violence against civilians": POLITICAL,
    "Protests": DEMONSTRATIONS,
    "Riots": DEMONSTRATIONS,
    "Strategic developments": STRATEGIC,
}


def disorder_type(event_type: str, sub_event_type: str) -> str:
    """The codebook's disorder type of a sub-event type."""
    return DISORDER_EXCEPTIONS.get(sub_event_type, DISORDER_TYPES.get(event_type, STRATEGIC))


_SPELLINGS = {"protestors": "protesters"}  # older files


def _key(text: str) -> str:
    folded = " ".join(text.split()).casefold()
    for old, new in _SPELLINGS.items():
        folded = folded.replace(old, new)
    return folded


_PAIRS: dict[tuple[str, str], tuple[str, str, EventType]] = {
    (_key(etype), _key(sub)): (etype, sub, kind)
    for etype, subs in SUB_EVENT_TYPES.items()
    for sub, kind in subs.items()
}


def codebook_pair(event_type: str, sub_event_type: str) -> tuple[str, str, EventType] | None:
    """(event_type, sub_event_type as the codebook spells them, trucewatch type), any case or vintage."""
    return _PAIRS.get((_key(event_type), _key(sub_event_type)))


# Actor categories: the current codebook's text, the older files' digit.
INTER_LABELS: dict[str, str] = {
    "1": "State forces",
    "2": "Rebel group",
    "3": "Political militia",
    "4": "Identity militia",
    "5": "Rioters",
    "6": "Protesters",
    "7": "Civilians",
    "8": "External/Other forces",
}
_INTER_BY_TEXT = {_key(label): digit for digit, label in INTER_LABELS.items()}

# Each trucewatch actor kind as ACLED codes it. Aid workers are civilians to ACLED;
# UN bodies and other intergovernmental organisations are external/other forces.
# Committees and "other" actors have no category we could vouch for: left blank.
INTER_FOR_KIND: dict[ActorKind, str] = {
    ActorKind.STATE: "1",
    ActorKind.REBEL: "2",
    ActorKind.MILITIA: "3",
    ActorKind.CIVILIANS: "7",
    ActorKind.HUMANITARIAN: "7",
    ActorKind.EXTERNAL: "8",
    ActorKind.INTERNATIONAL: "8",
}
KIND_FOR_INTER: dict[str, ActorKind] = {
    "1": ActorKind.STATE,
    "2": ActorKind.REBEL,
    "3": ActorKind.MILITIA,
    "4": ActorKind.MILITIA,
    "5": ActorKind.OTHER,
    "6": ActorKind.OTHER,
    "7": ActorKind.CIVILIANS,
    "8": ActorKind.EXTERNAL,
}


def inter_code(value: str) -> str | None:
    """The category digit of an inter1/inter2 cell written as text ("Rebel group") or a digit ("2").

    None for a blank cell or "0" (no second actor, in older files).
    """
    raw = value.strip()
    if raw in INTER_LABELS:
        return raw
    if raw.endswith(".0") and raw[:-2] in INTER_LABELS:  # a spreadsheet's "2.0"
        return raw[:-2]
    return _INTER_BY_TEXT.get(_key(raw))


def interaction_label(code1: str | None, code2: str | None) -> str:
    """The current codebook's interaction: categories in the standard order ("State forces-Rebel group").

    The order is the codebook's table of interaction codes: the older two-digit code's,
    lower digit first, except 78, "External/Other forces-Civilians"; a one-actor event
    is "<category> only"; blank when no category is known.
    """
    codes = sorted(c for c in (code1, code2) if c)
    if not codes:
        return ""
    if len(codes) == 1:
        return f"{INTER_LABELS[codes[0]]} only"
    if codes == ["7", "8"]:  # the codebook's one exception to the order: 78
        return "External/Other forces-Civilians"
    return f"{INTER_LABELS[codes[0]]}-{INTER_LABELS[codes[1]]}"


# time_precision: 1 the day, 2 a week or similar period, 3 the month (mid-month date).
# A year alone has no code: such records are not written (see acled.py).
TIME_PRECISION: dict[Precision, str] = {
    Precision.MINUTE: "1",
    Precision.HOUR: "1",
    Precision.DAY: "1",
    Precision.WEEK: "2",
    Precision.MONTH: "3",
}

# geo_precision: 1 a named town with coordinates, 2 near a town or part of a region, 3 a larger region.
GEO_PRECISION_KIND = {1: "populated_place", 2: "area", 3: "region"}


def current_inter(value: str) -> str:
    """An inter1/inter2 cell in the current codebook's text ("2" -> "Rebel group"); other text kept."""
    code = inter_code(value)
    if code:
        return INTER_LABELS[code]
    return "" if value.strip() in ("0", "0.0") else value.strip()  # 0: no such actor (older files)


def current_interaction(value: str) -> str:
    """An interaction cell in the current codebook's text: the older two-digit codes
    ("12" -> "State forces-Rebel group", "60" -> "Protesters only") are rewritten; text is kept."""
    raw = value.strip()
    if raw.endswith(".0"):
        raw = raw[:-2]
    if raw.isdigit() and len(raw) in (1, 2):
        digits = [d for d in raw if d != "0"]
        if all(d in INTER_LABELS for d in digits):
            first, second = [*digits, None, None][:2]
            return interaction_label(first, second)
    return value.strip()
