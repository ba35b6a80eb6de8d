"""JSON Lines: one report per line, as {"text", "title", "url", "published", "source", ...}."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from trucewatch.ingest.failures import ReadProblem

_OPTIONAL_STRINGS = ("title", "url", "published", "source", "language")


@dataclass(frozen=True, slots=True)
class JsonRecord:
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source: str | None = None
    language: str | None = None
    confidential: bool = False


def iter_records(text: str) -> Iterator[tuple[int, JsonRecord | ReadProblem]]:
    """(line number from 1, record or problem) for every non-blank line."""
    # Split on "\n" only: str.splitlines would also split on U+2028, which JSON allows inside strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield number, _record(line)


def _record(line: str) -> JsonRecord | ReadProblem:
    try:
        value = json.loads(line)
    except (ValueError, RecursionError) as exc:  # RecursionError: "[[[[..." nested too deep
        detail = f" ({exc.msg} at column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        return ReadProblem("bad_json", f"this line is not valid JSON{detail}; fix or remove it")
    if not isinstance(value, dict):
        return ReadProblem("bad_json", f"this line is a JSON {type(value).__name__}, expected an object")
    return _from_object(value)


def _from_object(obj: dict[str, Any]) -> JsonRecord | ReadProblem:
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return ReadProblem("no_text", 'this line has no "text" (a non-empty string is required)')
    if "\x00" in text or not _encodable(text):
        return ReadProblem("bad_text", 'the "text" holds NUL or unpaired surrogate characters; clean it')
    fields: dict[str, str | None] = {}
    for name in _OPTIONAL_STRINGS:
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            return ReadProblem("bad_record", f'"{name}" must be a string or null, not {type(value).__name__}')
        fields[name] = value
    confidential = obj.get("confidential", False)
    if not isinstance(confidential, bool):
        return ReadProblem("bad_record", '"confidential" must be true or false')
    return JsonRecord(text=text, confidential=confidential, **fields)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
