"""Place scope: a place includes everything inside it (Waer is inside Homs)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from trucewatch.model import Place

# None means "everywhere": an agreement or ceasefire with no place scope.
Scope = frozenset[str] | None


def in_scope(place_id: str | None, scope: Scope) -> bool:
    if scope is None:
        return True
    return place_id is not None and place_id in scope


class PlaceTree:
    """Parent links of a gazetteer, answering "what is inside this place?"."""

    def __init__(self, parents: Mapping[str, str | None]) -> None:
        self.parents: Mapping[str, str | None] = parents  # place -> the place it lies in
        self._children: dict[str, list[str]] = defaultdict(list)
        for child, parent in parents.items():
            if parent is not None and parent != child:
                self._children[parent].append(child)

    @classmethod
    def from_places(cls, places: Iterable[Place]) -> PlaceTree:
        return cls({p.id: p.parent_id for p in places if p.id is not None})

    def scope(self, place_id: str | None) -> Scope:
        """The place and all its descendants; None (everywhere) for no place."""
        if place_id is None:
            return None
        seen = {place_id}
        stack = [place_id]
        while stack:  # iterative, and `seen` guards against cycles in bad data
            for child in self._children.get(stack.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
        return frozenset(seen)
