"""The gazetteer's worldwide tier: GeoNames' towns and villages (500+ people)
outside the default countries, some 200,000 places, kept in an SQLite file and
read on demand.

Held in memory like the default countries' places, they would cost seconds
at start-up and hundreds of megabytes. Here a text pays one indexed look-up
per distinct capitalised word (answers are cached, so repeated words cost a
dict look-up) and a place is decoded only when a text names it.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

__all__ = ["NO_NAMES", "Opening", "WorldName", "WorldPlace", "WorldTier", "write_world"]

_NAMES_CACHE_MAX = 50_000


class WorldPlace(NamedTuple):
    geonameid: int
    name: str
    country_code: str
    latitude: float
    longitude: float
    kind: str
    admin1: str | None  # the admin1 area's name
    parent_id: str | None
    population: int
    alternate_names: str  # comma-separated (GeoNames names hold no commas)


class Opening(NamedTuple):
    """The names that open with one word: folded key -> ((geonameid, flags, country), ...)."""

    names: dict[str, tuple[tuple[int, int, str], ...]]
    longest: int  # words in the longest of them; 0 when the word opens none
    countries: frozenset[str]  # where the places of all these names are
    # every proper prefix of a name of several words, in whole words ("ras al" of "ras al ain"):
    # a phrase is grown only while it is one of these
    prefixes: frozenset[str] = frozenset()


NO_NAMES = Opening({}, 0, frozenset())


def _prefixes(keys: Iterable[str]) -> frozenset[str]:
    out: set[str] = set()
    for key in keys:
        end = key.rfind(" ")
        while end > 0:
            out.add(key[:end])
            end = key.rfind(" ", 0, end)
    return frozenset(out)


class WorldName(NamedTuple):
    key: str  # folded name, see nlp.fold
    geonameid: int
    flags: int  # 1: an acronym (matches only in capitals); 2: an alternate name, not the main one
    country_code: str


def write_world(path: Path, places: Iterable[WorldPlace], names: Iterable[WorldName]) -> None:
    """Write the tier to `path` atomically (a concurrent reader sees the old file or the new one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.execute(
            "CREATE TABLE places (geonameid INTEGER PRIMARY KEY, name TEXT, cc TEXT, lat REAL, lon REAL,"
            " kind TEXT, admin1 TEXT, parent TEXT, population INTEGER, alternates TEXT)"
        )
        con.execute("CREATE TABLE names (first TEXT, key TEXT, geonameid INTEGER, flags INTEGER, cc TEXT)")
        con.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", places)
        con.executemany("INSERT INTO names VALUES (?,?,?,?,?)", ((n.key.split(" ", 1)[0], *n) for n in names))
        con.execute("CREATE INDEX names_first ON names (first)")
        con.commit()
    finally:
        con.close()
    tmp.replace(path)


class WorldTier:
    """Read access to a file written by `write_world`; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._names: dict[str, Opening] = {}
        # fail now, not in the middle of a text, when the file is not a tier
        self._con.execute("SELECT 1 FROM names LIMIT 1").fetchall()
        self._con.execute("SELECT 1 FROM places LIMIT 1").fetchall()

    def names_from(self, first: str) -> Opening:
        """Every name whose first folded word is `first`, and the most words one has."""
        found = self._names.get(first)
        if found is None:
            with self._lock:
                rows = self._con.execute(
                    "SELECT key, geonameid, flags, cc FROM names WHERE first = ?", (first,)
                ).fetchall()
            grouped: dict[str, list[tuple[int, int, str]]] = {}
            for key, geonameid, flags, cc in rows:
                grouped.setdefault(key, []).append((geonameid, flags, cc))
            longest = max((k.count(" ") + 1 for k in grouped), default=0)
            countries = frozenset(cc for _, _, _, cc in rows)
            found = Opening({k: tuple(v) for k, v in grouped.items()}, longest, countries, _prefixes(grouped))
            if len(self._names) >= _NAMES_CACHE_MAX:  # hostile text of endless distinct words
                self._names.clear()
            self._names[first] = found
        return found

    @property
    def seen(self) -> dict[str, Opening]:
        """The answers of names_from so far, by first word (a cache: treat as read-only)."""
        return self._names

    def names_of(self, key: str) -> tuple[tuple[int, int, str], ...]:
        return self.names_from(key.split(" ", 1)[0]).names.get(key, ())

    @functools.lru_cache(maxsize=8192)  # noqa: B019 - one tier per process, kept for its life
    def place(self, geonameid: int) -> WorldPlace | None:
        with self._lock:
            row = self._con.execute("SELECT * FROM places WHERE geonameid = ?", (geonameid,)).fetchone()
        return WorldPlace(*row) if row else None

    def __len__(self) -> int:
        with self._lock:
            return int(self._con.execute("SELECT count(*) FROM places").fetchone()[0])
