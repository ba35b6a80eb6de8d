"""Word lists as regular expressions shaped like a trie.

A flat alternation "wednesday|saturday|thursday|…" makes the regex engine try
every word at every position of the text; a trie ("(?:s(?:aturday|unday)|…)")
tries one branch per next character, several times faster on long texts.
Longest entries are tried first in both, so a trie matches what the
longest-first alternation matches (entries that differ only by letter case
under IGNORECASE are equal-length alternatives and end at the same place).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = ["trie_alternation"]

_UNIT = re.compile(r" +|.", re.DOTALL)


def trie_alternation(words: Iterable[str], space: str = r"\s+") -> str:
    """A regex matching any of `words`, the longest possible first; a space in an entry
    matches `space` (any run of spaces by default). Empty entries are ignored."""
    tree: dict[str, Any] = {}
    for word in set(words):
        if not word:
            continue
        node = tree
        for unit in _UNIT.findall(word):
            node = node.setdefault(" " if unit.startswith(" ") else unit, {})
        node[""] = {}
    return _node(tree, space) or "(?!)"


def _node(node: dict[str, Any], space: str) -> str:
    branches = [
        (space if unit == " " else re.escape(unit)) + _node(child, space)
        for unit, child in sorted(node.items())
        if unit
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body
