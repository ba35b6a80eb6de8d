"""Figures with their qualifiers: "more than 7,300" stays more than 7,300 everywhere it is shown.

A figure is a value and how exact the text says it is. Sums of batches keep
the weakest promise their parts make (194 and "at least 50" add up to at least
244); a share of a target keeps the direction both figures allow ("194 of more
than 7,300" is less than 2.7 %).
"""

from __future__ import annotations

from collections.abc import Iterable

from trucewatch.model import Qualifier

_SYMBOL = {
    Qualifier.EXACT: "",
    Qualifier.MORE_THAN: "> ",
    Qualifier.AT_LEAST: "≥ ",
    Qualifier.ABOUT: "~",
    Qualifier.LESS_THAN: "≤ ",  # "less than", "up to", "at most": never more than
    Qualifier.IMPRECISE: "? ",
}
_WORDS = {
    Qualifier.EXACT: "",
    Qualifier.MORE_THAN: "more than ",
    Qualifier.AT_LEAST: "at least ",
    Qualifier.ABOUT: "about ",
    Qualifier.LESS_THAN: "up to ",
    Qualifier.IMPRECISE: "some ",
}
LOWER_BOUNDS = frozenset({Qualifier.MORE_THAN, Qualifier.AT_LEAST})  # the true figure is this or more
UPPER_BOUNDS = frozenset({Qualifier.LESS_THAN})  # this or fewer


def figure_text(value: int | None, qualifier: Qualifier = Qualifier.EXACT, *, words: bool = False) -> str:
    """'> 7,300' (or 'more than 7,300' with `words`); an unknown value is '?'."""
    if value is None:
        return "?"
    prefix = (_WORDS if words else _SYMBOL)[qualifier]
    return f"{prefix}{value:,}"


def sum_qualifier(qualifiers: Iterable[Qualifier]) -> Qualifier:
    """The qualifier of a sum of figures: exact only if every part is."""
    kinds = set(qualifiers) - {Qualifier.EXACT}
    if not kinds:
        return Qualifier.EXACT
    if kinds <= LOWER_BOUNDS:
        return Qualifier.MORE_THAN if kinds == {Qualifier.MORE_THAN} else Qualifier.AT_LEAST
    if kinds <= UPPER_BOUNDS:
        return Qualifier.LESS_THAN
    return Qualifier.ABOUT


def share_prefix(delivered: Qualifier, target: Qualifier) -> str:
    """How the share delivered / target relates to the true share: '≥ ', '≤ ', '~' or ''."""
    low = delivered in LOWER_BOUNDS or target in UPPER_BOUNDS
    high = target in LOWER_BOUNDS or delivered in UPPER_BOUNDS
    vague = Qualifier.ABOUT in (delivered, target) or Qualifier.IMPRECISE in (delivered, target)
    if vague or (low and high):
        return "~"
    if low:
        return "≥ "
    if high:
        return "≤ "
    return ""


__all__ = ["LOWER_BOUNDS", "UPPER_BOUNDS", "figure_text", "share_prefix", "sum_qualifier"]
