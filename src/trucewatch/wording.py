"""Counts in words, for every layer that writes a sentence: the CLI, the ledger's verdicts, pages."""

from __future__ import annotations

__all__ = ["counted"]


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """ "1 agreement", "3 agreements", "1,200 claims": a count with its noun in the right number."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
