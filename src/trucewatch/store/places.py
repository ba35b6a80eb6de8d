"""Places (a tree through parent_id) and actors (canonical names with aliases)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from trucewatch.model import Actor, Place
from trucewatch.store import convert, ids
from trucewatch.store.tables import ActorRow, PlaceRow


def place_key(place: Place) -> str:
    """The id a place is stored under: its own, else one derived from what it is."""
    return place.id or ids.place_id(
        place.name, place.country_code, place.admin1, place.kind, place.geonames_id
    )


def _parents_first(places: list[Place]) -> list[Place]:
    """Order a batch so each parent is written before its children (foreign keys are checked)."""
    by_id = {place_key(p): p for p in places}
    done: set[str] = set()
    ordered: list[Place] = []

    def visit(key: str, seen: frozenset[str]) -> None:
        if key in done or key in seen:  # `seen` stops a parent_id cycle from looping
            return
        parent = by_id[key].parent_id
        if parent is not None and parent in by_id:
            visit(parent, seen | {key})
        done.add(key)
        ordered.append(by_id[key])

    for key in by_id:
        visit(key, frozenset())
    return ordered


def upsert_places(session: Session, places: Iterable[Place]) -> list[str]:
    """Insert or update places by id; returns their ids in input order."""
    batch = list(places)
    for place in _parents_first(batch):
        session.merge(PlaceRow(**convert.place_values(place, place_key(place))))
        session.flush()
    return [place_key(p) for p in batch]


def get_place(session: Session, place_id: str) -> Place | None:
    row = session.get(PlaceRow, place_id)
    return convert.place_from_row(row) if row is not None else None


def list_places(session: Session) -> list[Place]:
    return [convert.place_from_row(r) for r in session.scalars(select(PlaceRow).order_by(PlaceRow.id))]


def place_descendants(session: Session, place_id: str) -> set[str]:
    """The place and every place below it (children, grandchildren, ...).

    Empty when the place is not stored.
    """
    top = select(PlaceRow.id).where(PlaceRow.id == place_id).cte("tree", recursive=True)
    tree = top.union(select(PlaceRow.id).join(top, PlaceRow.parent_id == top.c.id))
    return set(session.scalars(select(tree.c.id)))


def upsert_actors(session: Session, actors: Iterable[Actor]) -> list[str]:
    """Insert or update actors by canonical name; returns their ids in input order."""
    result: list[str] = []
    for actor in actors:
        row = session.scalar(select(ActorRow).where(ActorRow.name == actor.name))
        if row is None:
            row = ActorRow(**convert.actor_values(actor, actor.id or ids.actor_id(actor.name)))
            session.add(row)
        else:
            values = convert.actor_values(actor, row.id)
            for key, value in values.items():
                setattr(row, key, value)
        session.flush()
        result.append(row.id)
    return result


def list_actors(session: Session) -> list[Actor]:
    return [convert.actor_from_row(r) for r in session.scalars(select(ActorRow).order_by(ActorRow.name))]
