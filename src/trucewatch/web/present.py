"""Pure helpers for pages: evidence highlighting, colours, redacted figure sources."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from trucewatch.model import EventType, Span

# One colour per family of event types (map points and legends).
TYPE_COLOURS: dict[str, str] = {
    "attack": "#b00020",
    "ceasefire": "#1b7f3b",
    "agreement": "#2a6f97",
    "negotiation": "#2a6f97",
    "aid": "#e07a00",
    "siege": "#6a3d9a",
    "evacuation": "#8c6d31",
    "detainees": "#008b8b",
    "territory": "#555555",
}


def type_colour(event_type: EventType | str) -> str:
    return TYPE_COLOURS.get(str(EventType(event_type).value).split(".")[0], "#333333")


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    evidence: bool


def segments(text: str, spans: Iterable[Span], document_id: str) -> list[Segment]:
    """The text cut at the evidence spans of this document (merged where they overlap).

    The page renders each segment as escaped text, marking the evidence ones:
    the document itself is never inserted as markup.
    """
    ranges = sorted(
        (max(0, s.start), min(len(text), s.end))
        for s in spans
        if s.document_id == document_id and s.end > s.start
    )
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if start >= len(text):
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    out: list[Segment] = []
    pos = 0
    for start, end in merged:
        if start > pos:
            out.append(Segment(text[pos:start], False))
        out.append(Segment(text[start:end], True))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:], False))
    return out
