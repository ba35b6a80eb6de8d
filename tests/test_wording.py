"""Counts in words (trucewatch.wording) where people read them."""

from __future__ import annotations

import pytest

from trucewatch.wording import counted


@pytest.mark.parametrize(
    ("n", "noun", "plural", "text"),
    [
        (1, "agreement", None, "1 agreement"),
        (0, "agreement", None, "0 agreements"),
        (2, "day", None, "2 days"),
        (1200, "claim", None, "1,200 claims"),
        (3, "delivery", "deliveries", "3 deliveries"),
        (1, "delivery", "deliveries", "1 delivery"),
    ],
)
def test_counted(n: int, noun: str, plural: str | None, text: str) -> None:
    assert counted(n, noun, plural) == text
