"""Registries by entry point: how readers and exports (and plug-ins of either) make themselves known.

A reader is a `ReaderSpec` and an export an `ExportFormat` (see ingest/readers.py and
report/exports.py), published under the entry-point groups "trucewatch.readers" and
"trucewatch.exports". trucewatch's own register the same way a plug-in's do, in
pyproject.toml:

    [project.entry-points."trucewatch.exports"]
    tsv = "my_package.exports:TSV"

so a new format is one module and one line of its package's metadata.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import entry_points
from typing import TypeVar

from trucewatch.errors import TrucewatchError

__all__ = ["PluginError", "registered"]

T = TypeVar("T")


class PluginError(TrucewatchError):
    """An entry point that does not load, or loads something else than its group holds."""


@cache
def registered(group: str, kind: type[T]) -> dict[str, T]:
    """Every `kind` published under the entry-point `group`, by entry-point name (sorted).

    Cached: call `registered.cache_clear()` after installing a package in the same process."""
    found: dict[str, T] = {}
    for ep in sorted(entry_points(group=group), key=lambda e: e.name):
        try:
            value = ep.load()
        except Exception as exc:  # a broken plug-in names itself, not a traceback deep in importlib
            raise PluginError(f"{group} entry point {ep.name!r} ({ep.value}) does not load: {exc}") from exc
        if not isinstance(value, kind):
            what = type(value).__name__
            raise PluginError(
                f"{group} entry point {ep.name!r} ({ep.value}) is a {what}, not a {kind.__name__}"
            )
        found.setdefault(ep.name, value)
    if not found:
        raise PluginError(
            f"nothing is registered under {group!r}: trucewatch is not installed (run `make install`, "
            "or pip install -e .), so its entry points are missing"
        )
    return found
