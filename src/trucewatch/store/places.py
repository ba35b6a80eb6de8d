"""Places (a tree through parent_id) and actors (canonical names with aliases).

Written with upserts (INSERT ... ON CONFLICT), so any number of processes may store the
same places and actors at once (batch extraction on several workers, a CLI beside a
server) with no UNIQUE failure: each statement inserts the row, or updates the one another
writer stored a moment before. Rows are written in key order, so two writers that share
rows take their locks in the same order and never wait for each other in a cycle.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Table, Text, bindparam, cast, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from trucewatch.model import Actor, Place
from trucewatch.store import convert, ids
from trucewatch.store.tables import ActorRow, PlaceRow

_PLACES: Table = PlaceRow.__table__  # type: ignore[assignment]
_ACTORS: Table = ActorRow.__table__  # type: ignore[assignment]
_PLACE_COLUMNS = ("name", "country_code", "latitude", "longitude", "kind", "admin1", "geonames_id")
_JSON_COLUMNS = ("alternate_names",)


def upsert_statement(session: Session, table: Table) -> Any:
    """An INSERT into `table` in the session's dialect, with on_conflict_do_nothing/_do_update."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"upserts need SQLite or PostgreSQL, not {name}")


def place_key(place: Place) -> str:
    """The id a place is stored under: its own, else one derived from what it is."""
    return place.id or ids.place_id(
        place.name, place.country_code, place.admin1, place.kind, place.geonames_id
    )


# parent_id in a second statement: every place of the batch exists by then, whatever the order.
_SET_PARENT = (
    update(_PLACES)
    .where(_PLACES.c.id == bindparam("key"), _PLACES.c.parent_id.is_distinct_from(bindparam("parent")))
    .values(parent_id=bindparam("parent"))
)


def upsert_places(session: Session, places: Iterable[Place]) -> list[str]:
    """Insert or update places by id; returns their ids in input order.

    Two statements for the whole batch, whatever its size: an upsert of every place
    (a row is rewritten only when something in it changed), then the parent links.
    """
    batch = list(places)
    keys = [place_key(p) for p in batch]
    if not batch:
        return keys
    values = {key: convert.place_values(place, key) for key, place in zip(keys, batch, strict=True)}
    rows = [values[key] for key in sorted(values)]
    session.flush()  # ORM objects the caller added go first (a claim may wait on them)
    insert = upsert_statement(session, _PLACES)
    new = insert.excluded
    changed = or_(
        *(_PLACES.c[c].is_distinct_from(new[c]) for c in _PLACE_COLUMNS),
        *(cast(_PLACES.c[c], Text).is_distinct_from(cast(new[c], Text)) for c in _JSON_COLUMNS),
    )
    insert = insert.on_conflict_do_update(
        index_elements=[_PLACES.c.id],
        set_={c: new[c] for c in (*_PLACE_COLUMNS, *_JSON_COLUMNS)},
        where=changed,
    )
    session.execute(insert, [{**row, "parent_id": None} for row in rows])
    session.execute(_SET_PARENT, [{"key": row["id"], "parent": row["parent_id"]} for row in rows])
    return keys


def get_place(session: Session, place_id: str) -> Place | None:
    row = session.get(PlaceRow, place_id)
    return convert.place_from_row(row) if row is not None else None


def place_names(session: Session, place_ids: Iterable[str]) -> dict[str, str]:
    """Each known place's name by id (unknown ids left out): what a record's `place` shows."""
    wanted = sorted(set(place_ids))
    names: dict[str, str] = {}
    for i in range(0, len(wanted), 500):  # under SQLite's bound-parameter limit
        rows = session.execute(select(PlaceRow.id, PlaceRow.name).where(PlaceRow.id.in_(wanted[i : i + 500])))
        names.update((pid, name) for pid, name in rows)
    return names


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
    """Insert or update actors by canonical name; returns their ids in input order.

    An actor stored already keeps its id; its kind, side and aliases become those given.
    """
    batch = list(actors)
    if not batch:
        return []
    session.flush()
    by_name: dict[str, str] = {}
    wanted = {a.name: a for a in batch}  # the last of one name wins, as it did one at a time
    for name in sorted(wanted):  # in name order: concurrent writers lock rows in one order
        actor = wanted[name]
        insert = upsert_statement(session, _ACTORS)
        insert = insert.on_conflict_do_update(
            index_elements=[_ACTORS.c.name],
            set_={c: insert.excluded[c] for c in ("kind", "side", "aliases")},
        ).returning(_ACTORS.c.id)
        values = convert.actor_values(actor, actor.id or ids.actor_id(actor.name))
        by_name[name] = str(session.execute(insert, values).scalar_one())
    return [by_name[a.name] for a in batch]


def list_actors(session: Session) -> list[Actor]:
    return [convert.actor_from_row(r) for r in session.scalars(select(ActorRow).order_by(ActorRow.name))]


def place_page(
    session: Session,
    *,
    name: str | None = None,
    parent: str | None = None,
    country: str | None = None,
    after: str | None = None,
    limit: int,
) -> list[Place]:
    """Up to `limit` places by id after `after`: of this exact name, direct children of `parent`,
    in this country (ISO code, any case)."""
    query = select(PlaceRow)
    if name is not None:
        query = query.where(PlaceRow.name == name)
    if parent is not None:
        query = query.where(PlaceRow.parent_id == parent)
    if country is not None:
        query = query.where(PlaceRow.country_code == country.upper())
    if after is not None:
        query = query.where(PlaceRow.id > after)
    return [convert.place_from_row(r) for r in session.scalars(query.order_by(PlaceRow.id).limit(limit))]


def actor_page(
    session: Session, *, kind: str | None = None, after: str | None = None, limit: int
) -> list[Actor]:
    """Up to `limit` actors by id after `after`, of this kind."""
    query = select(ActorRow)
    if kind is not None:
        query = query.where(ActorRow.kind == kind)
    if after is not None:
        query = query.where(ActorRow.id > after)
    return [convert.actor_from_row(r) for r in session.scalars(query.order_by(ActorRow.id).limit(limit))]
