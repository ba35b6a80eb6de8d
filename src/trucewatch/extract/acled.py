"""trucewatch event types mapped to ACLED's event_type / sub_event_type (data/acled_types.yaml)."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

from trucewatch.model import EventType

__all__ = ["acled_type", "acled_types"]


@cache
def acled_types() -> dict[EventType, tuple[str, str] | None]:
    """Every EventType -> (event_type, sub_event_type), or None where ACLED records no event."""
    raw = yaml.safe_load(
        resources.files("trucewatch.extract").joinpath("data/acled_types.yaml").read_text(encoding="utf-8")
    )
    table: dict[EventType, tuple[str, str] | None] = {}
    for kind in EventType:
        entry = raw.get(kind.value)
        table[kind] = (str(entry["event_type"]), str(entry["sub_event_type"])) if entry else None
    return table


def acled_type(kind: EventType | str) -> tuple[str, str] | None:
    """ACLED (event_type, sub_event_type) for one trucewatch event type."""
    return acled_types()[EventType(kind)]
