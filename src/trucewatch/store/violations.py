"""Violations per ceasefire, per party and per day, computed by the database for many at once.

The same verdicts as the Python ledger (trucewatch.ledger.ceasefires, over happenings grouped by
trucewatch.ledger.happenings and known as of a day by trucewatch.ledger.known), set-based:

1. `known`: each document's known day (publication, else ingest; none when withheld);
   `keyed`: the attack claims known by the as-of day, not rejected, each with its same-happening
   key (type, date, place, sorted actors and roles, sorted figures), its parts length-prefixed so
   no text can forge another's key; `attacks` names each key by its least claim id.
2. Happenings: a claim joins the claims of its key and of its analyst's Event. A key and an Event
   linked to nothing else are one happening; the rest (`edges`: a key in several Events, an Event
   over several keys) are walked from each such Event by the recursive `walk`, each component
   named by its least node (rows: each Event times its component's size, not every pair).
3. Each happening's date (its Event's, else its most precise and earliest claim's), place, first
   report and perpetrators; its interval cut at the end of the day it was first reported.
4. `periods` (the ceasefires' start and end bounds, worked out by ledger.ceasefires.period_bounds
   and passed as one JSON value) joined to the happenings in their scope (`scope`: the place and
   everything inside it, recursively), by interval overlap: wholly inside is a violation,
   overlapping an edge a possible one; GROUP BY ceasefire, day and perpetrator.

Steps 1-2 and 3 each fill a temporary table, indexed (and on PostgreSQL analysed, with JIT
compilation off) before the next reads it: planned over CTEs whose size it cannot know, a
planner joined the happenings to the scopes row by row (47 s for 10,000 events on PostgreSQL,
against 0.3 s staged). Asked about a page of ceasefires (up to NARROW_UP_TO, each with a place),
step 1 reads only the claims that can share a happening with one in their scopes: `tw_reach`
walks from the scopes' places to the Events of their claims (and the Events placed there), to
those Events' claims' places, and on. Any superset of those claims gives the same counts.

Where the Python ledger differs: its places' names are compared casefolded, SQLite's `lower`
folds ASCII letters only (and PostgreSQL's no `ß` into `ss`); a name matters only for a claim
the gazetteer did not place. The Python path for pages reads only the claims in a ceasefire's
scope and window before grouping, so an analyst's Event joining claims far apart in place or
time can be dated there by fewer of them.

`tests/test_ledger_sql.py` compares it with the Python ledger on random worlds, on SQLite and
PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from trucewatch.ledger.ceasefires import Bounds, DayViolations, ViolationCounts, ranked
from trucewatch.ledger.happenings import UNATTRIBUTED
from trucewatch.model import EventType, Precision, Role, Status

__all__ = ["Period", "violation_counts"]


@dataclass(frozen=True, slots=True)
class Period:
    """A ceasefire's bounds (ledger.ceasefires.period_bounds): where it can begin, and where its
    period so far can end; no place: everywhere."""

    ceasefire_id: str
    place_id: str | None
    start: Bounds
    end: Bounds


NARROW_UP_TO = 100  # ceasefires: asked about no more, only the claims their scopes reach are read
_ATTACKS = tuple(t.value for t in EventType if t.is_attack)
_PRECISIONS = tuple(p.value for p in Precision)  # finest first


@dataclass(frozen=True, slots=True)
class _Dialect:
    """The few expressions SQLite and PostgreSQL spell differently. SQLite keeps instants as text
    in SQLAlchemy's format ('2017-03-08 00:00:00.000000'), so what it computes is written so too."""

    day: str  # the day of an instant, as the database keeps dates
    end_of_day: str  # the first instant after a day
    as_text: str
    concat: str  # the rows' {x} joined in a fixed order (on SQLite: the subquery's order)
    periods: str  # the JSON value :periods as rows (id, place_id, s0, s1, e0, e1)
    last: dict[str, str]  # the first instant after a start {x} at each precision
    cross: str  # a join whose left side the planner must read first
    analyse: bool  # whether staged tables need ANALYZE for the planner to know their size


def _sqlite_day(shift: str) -> str:
    return f"(date({{x}}, {shift}) || ' 00:00:00.000000')"


SQLITE = _Dialect(
    day="substr({x}, 1, 10)",
    end_of_day=_sqlite_day("'+1 day'"),
    as_text="{x}",
    concat="group_concat({x}, '')",
    periods=(
        "(SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.place_id') AS place_id,"
        " json_extract(value, '$.s0') AS s0, json_extract(value, '$.s1') AS s1,"
        " json_extract(value, '$.e0') AS e0, json_extract(value, '$.e1') AS e1"
        " FROM json_each(:periods))"
    ),
    last={
        "minute": "strftime('%Y-%m-%d %H:%M:00.000000', {x}, '+1 minute')",
        "hour": "strftime('%Y-%m-%d %H:00:00.000000', {x}, '+1 hour')",
        "day": _sqlite_day("'+1 day'"),
        "week": _sqlite_day("'+7 days'"),
        "month": _sqlite_day("'start of month', '+1 month'"),
        "year": _sqlite_day("'start of year', '+1 year'"),
    },
    cross="CROSS JOIN",  # with no statistics on the staged tables SQLite would scan them per period
    analyse=False,
)
POSTGRES = _Dialect(
    day="CAST({x} AS date)",
    end_of_day="CAST(CAST({x} AS date) + 1 AS timestamp)",
    as_text="CAST({x} AS text)",
    concat="string_agg({x}, '' ORDER BY {x})",
    periods=(
        "jsonb_to_recordset(CAST(:periods AS jsonb))"
        " AS p(id text, place_id text, s0 timestamp, s1 timestamp, e0 timestamp, e1 timestamp)"
    ),
    last={
        "minute": "date_trunc('minute', {x}) + interval '1 minute'",
        "hour": "date_trunc('hour', {x}) + interval '1 hour'",
        "day": "date_trunc('day', {x}) + interval '1 day'",
        "week": "date_trunc('day', {x}) + interval '7 days'",
        "month": "date_trunc('month', {x}) + interval '1 month'",
        "year": "date_trunc('year', {x}) + interval '1 year'",
    },
    cross="JOIN",
    analyse=True,
)


def _part(expr: str, d: _Dialect) -> str:
    """One key part, length-prefixed ('5:Homs'), '-' for none."""
    t = d.as_text.format(x=expr)
    return f"COALESCE(CAST(length({t}) AS TEXT) || ':' || {t}, '-')"


def _joined(parts: str, table: str, d: _Dialect) -> str:
    """A claim's child rows as one string, in a fixed order."""
    x = d.concat.format(x="x")
    return f"(SELECT {x} FROM (SELECT {parts} AS x FROM {table} t WHERE t.claim_id = c.id ORDER BY 1) AS xs)"


def _last(start: str, end: str, precision: str, d: _Dialect) -> str:
    """The first instant after everything a date allows (ledger.timeline.when_last)."""
    cases = " ".join(f"WHEN '{p}' THEN {d.last[p].format(x=start)}" for p in _PRECISIONS)
    latest = f"CASE WHEN {end} > {start} THEN {end} ELSE {start} END"
    return f"CASE WHEN {end} IS NOT NULL THEN {latest} ELSE CASE {precision} {cases} END END"


def _statements(d: _Dialect) -> tuple[str, ...]:
    attack_types = ", ".join(f"'{t}'" for t in _ATTACKS)
    rejected = f"'{Status.REJECTED.value}'"
    cases = " ".join(f"WHEN '{p}' THEN {i}" for i, p in enumerate(_PRECISIONS))
    rank = f"CASE c.when_precision {cases} END"  # finest first
    figure = "CASE WHEN t.value IS NULL OR t.value = 0 THEN -1 ELSE t.value END"  # as `value or -1`
    actors = _joined(f"{_part('t.actor', d)} || {_part('t.role', d)}", "claim_actors", d)
    figures = _joined(
        " || ".join(_part(x, d) for x in ("t.kind", figure, "t.qualifier")), "claim_quantities", d
    )
    key = " || ".join(
        [
            _part("c.type", d),
            _part("c.when_start", d),
            _part("c.when_precision", d),
            _part("c.when_end", d),
            "(CASE WHEN c.when_start IS NULL THEN '-' WHEN c.when_open_ended THEN '1' ELSE '0' END)",
            _part("COALESCE(c.place_id, NULLIF(lower(c.place), ''))", d),
            f"COALESCE({actors}, '-')",
            f"COALESCE({figures}, '-')",
        ]
    )
    eod_known = d.end_of_day.format(x="h.first_known")
    a0_day = d.day.format(x="h.a0")
    # Each stage a temporary table with an index: a planner that knows neither a CTE's size nor an
    # index on it may join tens of thousands of rows by nested loops.
    scope = f"""
periods AS (SELECT * FROM {d.periods}),
scope(cf, place) AS (
    SELECT id, place_id FROM periods WHERE place_id IS NOT NULL
    UNION
    SELECT s.cf, pl.id FROM scope s JOIN places pl ON pl.parent_id = s.place
)"""
    # The places and Events whose claims can share a happening with one in the scopes: a key links
    # claims of one place (or of no place: node 'n'), an Event claims of any place.
    reach = f"""
CREATE TEMPORARY TABLE tw_reach AS
WITH RECURSIVE
{scope},
reach(kind, node) AS (
    SELECT 'p', place FROM scope
    UNION
    SELECT 'e', ev.id FROM events ev WHERE ev.place_id IN (SELECT place FROM scope)
    UNION
    SELECT CASE WHEN r.kind != 'e' THEN 'e' WHEN c.place_id IS NULL THEN 'n' ELSE 'p' END,
        CASE WHEN r.kind != 'e' THEN c.event_id ELSE COALESCE(c.place_id, '') END
    FROM reach r JOIN claims c
        ON (r.kind = 'p' AND c.place_id = r.node AND c.event_id IS NOT NULL)
        OR (r.kind = 'n' AND c.place_id IS NULL AND c.event_id IS NOT NULL)
        OR (r.kind = 'e' AND c.event_id = r.node)
)
SELECT DISTINCT kind, node FROM reach
"""
    relevant = """(:everywhere = 1
        OR c.place_id IN (SELECT node FROM tw_reach WHERE kind = 'p')
        OR c.event_id IN (SELECT node FROM tw_reach WHERE kind = 'e')
        OR (c.place_id IS NULL AND EXISTS (SELECT 1 FROM tw_reach WHERE kind = 'n')))"""
    grouped = f"""
CREATE TEMPORARY TABLE tw_grouped AS
WITH RECURSIVE
known AS (
    SELECT doc.id,
        CASE WHEN :withhold = 1 AND (doc.confidential OR COALESCE(src.confidential, false)) THEN NULL
             ELSE COALESCE(doc.published, {d.day.format(x="doc.ingested_at")}) END AS day
    FROM documents doc LEFT JOIN sources src ON src.id = doc.source_id
),
keyed AS (
    SELECT c.id, c.event_id, c.place_id, c.when_start, k.day AS known, {rank} AS rank,
        {_last("c.when_start", "c.when_end", "c.when_precision", d)} AS wl,
        {key} AS hkey
    FROM claims c JOIN known k ON k.id = c.document_id
    WHERE c.type IN ({attack_types}) AND c.status != {rejected} AND (k.day IS NULL OR k.day <= :as_of)
      AND {relevant}
),
attacks AS MATERIALIZED (  -- each key named by its least claim id: short nodes for the recursion
    SELECT id, event_id, place_id, when_start, known, rank, wl,
        'k' || min(id) OVER (PARTITION BY hkey) AS knode
    FROM keyed
),
links AS MATERIALIZED (
    SELECT a, b, count(*) OVER (PARTITION BY a) AS na, count(*) OVER (PARTITION BY b) AS nb
    FROM (SELECT DISTINCT knode AS a, 'e' || event_id AS b FROM attacks WHERE event_id IS NOT NULL) AS l
),
-- A key and an Event linked to nothing else are one happening, named by the key: the rest are walked.
edges AS MATERIALIZED (
    SELECT a, b FROM links WHERE na > 1 OR nb > 1 UNION SELECT b, a FROM links WHERE na > 1 OR nb > 1
),
-- Walked from the Events alone: an Event over many keys costs a row per key, not per pair.
walk(origin, node) AS (
    SELECT DISTINCT b, b FROM links WHERE na > 1 OR nb > 1
    UNION
    SELECT w.origin, e.b FROM walk w JOIN edges e ON e.a = w.node
),
component AS MATERIALIZED (SELECT origin, min(node) AS hid FROM walk GROUP BY origin),
label AS MATERIALIZED (
    SELECT w.node, min(c.hid) AS hid FROM walk w JOIN component c ON c.origin = w.origin GROUP BY w.node
)
SELECT t.*, COALESCE(l.hid, t.knode) AS hid FROM attacks t LEFT JOIN label l ON l.node = t.knode
"""
    happenings = f"""
CREATE TEMPORARY TABLE tw_happenings AS
WITH
ordered AS (  -- each claim with its happening's most precise, earliest, shortest date (if any)
    SELECT hid, event_id, place_id, known,
        first_value(CASE WHEN rank IS NOT NULL THEN when_start END) OVER earliest AS e_start,
        first_value(CASE WHEN rank IS NOT NULL THEN wl END) OVER earliest AS e_wl
    FROM tw_grouped
    WINDOW earliest AS (
        PARTITION BY hid ORDER BY CASE WHEN rank IS NULL THEN 1 ELSE 0 END, rank, when_start, wl
    )
),
chosen AS (
    SELECT hid, min(event_id) AS event_id, min(place_id) AS place_id, min(known) AS first_known,
        min(e_start) AS e_start, min(e_wl) AS e_wl
    FROM ordered GROUP BY hid
),
dated AS (
    SELECT ch.hid, COALESCE(ev.place_id, ch.place_id) AS place_id, ch.first_known,
        CASE WHEN ev.when_start IS NOT NULL AND ev.when_precision IS NOT NULL
             THEN ev.when_start ELSE ch.e_start END AS a0,
        CASE WHEN ev.when_start IS NOT NULL AND ev.when_precision IS NOT NULL
             THEN {_last("ev.when_start", "ev.when_end", "ev.when_precision", d)} ELSE ch.e_wl END AS wl
    FROM chosen ch LEFT JOIN events ev ON ev.id = ch.event_id
    WHERE ev.id IS NULL OR (ev.status != {rejected} AND ev.type IN ({attack_types}))
)
SELECT h.hid, h.place_id, h.a0,
    CASE WHEN h.first_known IS NOT NULL AND h.a0 < {eod_known} AND {eod_known} < h.wl
         THEN {eod_known} ELSE h.wl END AS a1
FROM dated h WHERE h.a0 IS NOT NULL
"""
    counts = f"""
WITH RECURSIVE
{scope},
in_scope AS (
    SELECT p.*, h.hid, h.a0, h.a1 FROM scope s
    {d.cross} tw_happenings h ON h.place_id = s.place {d.cross} periods p ON p.id = s.cf
    UNION ALL
    SELECT p.*, h.hid, h.a0, h.a1 FROM periods p JOIN tw_happenings h ON p.place_id IS NULL
),
hits AS MATERIALIZED (
    SELECT h.id AS cf, h.hid,
        CASE WHEN h.a0 >= h.s1 AND h.a1 <= h.e0 THEN 1 ELSE 0 END AS inside,
        CASE WHEN h.a1 <= {d.end_of_day.format(x=a0_day)} THEN {a0_day} END AS day
    FROM in_scope h WHERE NOT (h.a1 <= h.s0 OR h.a0 >= h.e1)
),
perpetrators AS (
    SELECT DISTINCT g.hid, a.actor AS who FROM tw_grouped g
    JOIN claim_actors a ON a.claim_id = g.id AND a.role = '{Role.PERPETRATOR.value}'
    WHERE g.hid IN (SELECT hid FROM hits WHERE inside = 1)
)
SELECT cf, inside AS kind, day, NULL AS who, count(*) AS n FROM hits GROUP BY cf, inside, day
UNION ALL
SELECT cf, 2, day, COALESCE(w.who, '{UNATTRIBUTED}'), count(*) FROM hits
LEFT JOIN perpetrators w ON w.hid = hits.hid WHERE inside = 1
GROUP BY cf, day, COALESCE(w.who, '{UNATTRIBUTED}')
"""
    staged = (
        (reach, "tw_reach", "kind, node"),
        (grouped, "tw_grouped", "hid"),
        (happenings, "tw_happenings", "place_id"),
    )
    statements: list[str] = []
    for fill, table, columns in staged:
        statements += [fill, f"CREATE INDEX {table}_index ON {table} ({columns})"]
        if d.analyse:  # PostgreSQL plans the next statement from statistics
            statements.append(f"ANALYZE {table}")
    return (*statements, counts)


_SQLITE, _POSTGRES = _statements(SQLITE), _statements(POSTGRES)
_TEMPORARY = ("tw_reach", "tw_grouped", "tw_happenings")  # as _statements fills them


def _stamp(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def violation_counts(
    session: Session, periods: Iterable[Period], *, as_of: dt.date, withhold_confidential: bool
) -> dict[str, ViolationCounts]:
    """Each period's violations as of a day, by the database (see the module docstring);
    `withhold_confidential`: as a reader who may not see confidential documents counts them."""
    periods = list(periods)
    if not periods:  # nothing to count: no need to group every attack
        return {}
    postgres = session.get_bind().dialect.name == "postgresql"
    value = json.dumps(
        [
            {
                "id": p.ceasefire_id,
                "place_id": p.place_id,
                "s0": _stamp(p.start[0]),
                "s1": _stamp(p.start[1]),
                "e0": _stamp(p.end[0]),
                "e1": _stamp(p.end[1]),
            }
            for p in periods
        ]
    )
    # SQLite compares dates as the text it keeps them as.
    day = as_of if postgres else as_of.isoformat()
    # A ceasefire with no place counts attacks everywhere: every claim can matter. Reading only the
    # claims the scopes reach pays for a page of ceasefires, not for all of them (any superset of
    # those claims gives the same counts).
    everywhere = len(periods) > NARROW_UP_TO or any(p.place_id is None for p in periods)
    params = {
        "periods": value,
        "as_of": day,
        "withhold": int(withhold_confidential),
        "everywhere": int(everywhere),
    }
    reach, *staging, counting = _POSTGRES if postgres else _SQLITE
    if everywhere:  # every claim is read: no need to find which the scopes reach
        reach = "CREATE TEMPORARY TABLE tw_reach AS SELECT 'p' AS kind, '' AS node WHERE 1 = 0"
    # Left by a statement that failed in this connection (a rolled-back transaction drops its own).
    _drop_temporary(session, postgres)
    jit = None
    if postgres:  # compiling these plans took longer than running them (0.66 s a statement)
        jit = session.execute(text("SELECT current_setting('jit'), set_config('jit', 'off', true)")).one()[0]
    for statement in (reach, *staging):
        session.execute(text(statement), params)
    rows = session.execute(text(counting), params).all()
    _drop_temporary(session, postgres)
    if jit is not None:
        session.execute(text("SELECT set_config('jit', :jit, true)"), {"jit": jit})
    return _counts([p.ceasefire_id for p in periods], rows)


def _drop_temporary(session: Session, postgres: bool) -> None:
    schema = "pg_temp" if postgres else "temp"  # never a table of the same name in the database
    for table in _TEMPORARY:
        session.execute(text(f"DROP TABLE IF EXISTS {schema}.{table}"))


def _counts(
    ids: list[str], rows: Iterable[tuple[str, int, object, str | None, int]]
) -> dict[str, ViolationCounts]:
    """The statement's grouped rows as one value per ceasefire: (ceasefire, 1 inside / 0 possible,
    day or none, none, happenings), and (ceasefire, 2, day or none, perpetrator, violations)."""
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    days: dict[str, dict[dt.date, Counter[str]]] = defaultdict(dict)
    by_who: dict[str, Counter[str]] = defaultdict(Counter)
    for cf, kind, day, who, n in rows:
        if kind == 2 and who is not None:
            by_who[cf][who] += n
            if day is not None:
                days[cf].setdefault(_date(day), Counter())[who] += n
        else:
            totals[cf]["violations" if kind == 1 else "possible"] += n
            totals[cf]["undated"] += n if kind == 1 and day is None else 0
    return {
        cf: ViolationCounts(
            cf,
            violations=totals[cf]["violations"],
            possible=totals[cf]["possible"],
            not_dated_to_a_day=totals[cf]["undated"],
            per_day=tuple(DayViolations(d, ranked(c)) for d, c in sorted(days[cf].items())),
            by_perpetrator=ranked(by_who[cf]),
        )
        for cf in ids
    }


def _date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
