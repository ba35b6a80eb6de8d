"""Places and actors: the gazetteer and the actor lexicon as stored."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from trucewatch.api import schemas as s
from trucewatch.api.auth import Reader, StoreDep
from trucewatch.api.pagination import Cursor, Limit, decode_cursor, page_of
from trucewatch.api.problems import Problem
from trucewatch.serialize import actor_out, place_out
from trucewatch.store import get_place
from trucewatch.store.places import actor_page, place_page

router = APIRouter(tags=["places and actors"])


@router.get("/api/places", response_model=s.Page[s.PlaceOut], summary="List places")
def list_places(
    who: Reader,
    store: StoreDep,
    name: Annotated[str | None, Query(max_length=300, description="Exact name (case as stored).")] = None,
    parent: Annotated[
        str | None, Query(max_length=40, description="Only the direct children of this place.")
    ] = None,
    country: Annotated[str | None, Query(min_length=2, max_length=2, description="ISO country code.")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> s.Page[s.PlaceOut]:
    after = decode_cursor(cursor)
    with store.session() as session:
        rows = place_page(session, name=name, parent=parent, country=country, after=after, limit=limit + 1)
    page, nxt = page_of(rows, [p.id or "" for p in rows], limit)
    return s.Page[s.PlaceOut](items=[place_out(p) for p in page], next_cursor=nxt, limit=limit)


@router.get("/api/places/{place_id}", response_model=s.PlaceOut, summary="One place")
def read_place(place_id: str, who: Reader, store: StoreDep) -> s.PlaceOut:
    with store.session() as session:
        place = get_place(session, place_id)
    if place is None:
        raise Problem(404, f"no place {place_id!r}; list places at /api/places")
    return place_out(place)


@router.get("/api/actors", response_model=s.Page[s.ActorOut], summary="List actors")
def list_actors(
    who: Reader,
    store: StoreDep,
    kind: Annotated[str | None, Query(max_length=40, description="Actor kind (state, rebel, ...).")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> s.Page[s.ActorOut]:
    after = decode_cursor(cursor)
    with store.session() as session:
        rows = actor_page(session, kind=kind, after=after, limit=limit + 1)
    page, nxt = page_of(rows, [a.id or "" for a in rows], limit)
    return s.Page[s.ActorOut](items=[actor_out(a) for a in page], next_cursor=nxt, limit=limit)
