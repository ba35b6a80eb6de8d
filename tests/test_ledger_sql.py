"""Violations counted by the database (store.violations) equal the Python ledger's, on random
worlds: coarse and ranged dates on both sides, reports that repeat one another, analysts' Events
(rejected, retyped, redated, joining claims of several places), late and confidential reports,
places inside places; on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import random
from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from trucewatch import ledger_service as service
from trucewatch import store as db
from trucewatch.ledger.ceasefires import (
    DayViolations,
    ViolationCounts,
    ceasefire_ledger_of,
    stated_end,
)
from trucewatch.ledger.happenings import UNATTRIBUTED
from trucewatch.model import (
    ActorRole,
    Ceasefire,
    Claim,
    Document,
    Event,
    EventType,
    Place,
    Precision,
    Quantity,
    QuantityKind,
    Role,
    Source,
    Span,
    Status,
    When,
)
from trucewatch.store.tables import ClaimRow, DocumentRow, EventRow

PLACES = [
    Place("Country", kind="country", id="land"),
    Place("City", kind="city", parent_id="land", id="city"),
    Place("Quarter", kind="neighbourhood", parent_id="city", id="quarter"),
    Place("Town", kind="town", parent_id="land", id="town"),
]
PARTIES = ["Army", "Militia", "Police"]
ATTACKS = [EventType.ATTACK_SHELLING, EventType.ATTACK_AIRSTRIKE, EventType.ATTACK_CLASH]
BASE = dt.datetime(2020, 3, 1)


def _when(rng: random.Random) -> When | None:
    """A date near BASE, at any precision, sometimes a range or open-ended; sometimes none."""
    if rng.random() < 0.08:
        return None
    start = BASE + dt.timedelta(days=rng.randrange(-40, 60), minutes=rng.choice([0, 0, 75, 1439]))
    precision = rng.choice(list(Precision))
    if precision is Precision.MONTH:
        start = start.replace(day=1, hour=0, minute=0)
    elif precision is Precision.YEAR:
        start = start.replace(month=1, day=1, hour=0, minute=0)
    elif precision not in (Precision.MINUTE, Precision.HOUR):
        start = start.replace(hour=0, minute=0)
    roll = rng.random()
    if roll < 0.1:
        return When(start, precision, start + dt.timedelta(days=rng.randrange(0, 20)))
    if roll < 0.15:
        return When(start, precision, open_ended=True)
    return When(start, precision)


def _claim(rng: random.Random, doc_id: str, k: int) -> Claim:
    perpetrators = rng.sample(PARTIES, rng.choice([0, 1, 1, 2]))
    actors = tuple(ActorRole(p, Role.PERPETRATOR) for p in perpetrators)
    if rng.random() < 0.2:
        actors += (ActorRole("Civilians", Role.TARGET),)
    place_id = rng.choice([None, None, "land", "city", "quarter", "quarter", "town"])
    return Claim(
        type=rng.choice(ATTACKS),
        document_id=doc_id,
        evidence=(Span(doc_id, k, k + 5),),
        when=_when(rng),
        place=None if place_id else rng.choice([None, "Outskirts", "Outskirts", "OUTSKIRTS"]),
        place_id=place_id,
        actors=actors,
        quantities=(Quantity(QuantityKind.KILLED, rng.choice([None, 0, 3])),) if rng.random() < 0.3 else (),
        status=Status.REJECTED if rng.random() < 0.08 else Status.PROPOSED,
    )


def _world(s: db.Store, rng: random.Random) -> None:
    """Reports whose claims often repeat one another, and analysts' Events over some of them."""
    with s.session() as session:
        db.upsert_places(session, PLACES)
        claim_ids: list[str] = []
        pool: list[Claim] = []
        for n in range(rng.randrange(1, 6)):
            text = f"Report {n} of a random world. " * 4
            secret = rng.random() < 0.3
            doc = Document(
                text=text,
                content_hash=hashlib.sha256(text.encode()).hexdigest(),
                published=(BASE + dt.timedelta(days=rng.randrange(-30, 70))).date()
                if rng.random() < 0.85
                else None,
                source=Source("Contact" if secret else "Outlet", confidential=secret),
                confidential=secret and rng.random() < 0.5,
            )
            doc_id, _ = db.add_document(session, doc)
            claims = []
            for k in range(rng.randrange(0, 9)):
                if pool and rng.random() < 0.35:  # another report of a happening already told
                    c = rng.choice(pool)
                    if c.place and rng.random() < 0.5:  # the same place, written otherwise
                        c = dataclasses.replace(c, place=c.place.swapcase())
                    claims.append(
                        dataclasses.replace(
                            c, document_id=doc_id, evidence=(Span(doc_id, k, k + 5),), id=None
                        )
                    )
                else:
                    claims.append(_claim(rng, doc_id, k))
            pool.extend(claims)
            claim_ids.extend(db.replace_claims(session, doc_id, "test", "1", claims))
        for e in range(rng.randrange(0, 3)):
            if not claim_ids:
                break
            members = tuple(rng.sample(claim_ids, min(len(claim_ids), rng.randrange(1, 4))))
            db.save_event(
                session,
                Event(
                    type=rng.choice([*ATTACKS, EventType.AID_DELIVERED]),
                    claim_ids=members,
                    when=_when(rng) if rng.random() < 0.5 else None,  # none: its claims date it
                    place_id=rng.choice([None, "city", "town"]),
                    status=Status.REJECTED if rng.random() < 0.15 else Status.CONFIRMED,
                    id=f"evt{e}",
                ),
            )


def _ceasefires(rng: random.Random) -> list[Ceasefire]:
    out = []
    for i in range(rng.randrange(1, 5)):
        start = _when(rng) or When(BASE, Precision.DAY)
        if start.open_ended:
            start = When(start.start, start.precision)
        end = _when(rng) if rng.random() < 0.5 else None
        if end is not None and end.start < start.start:
            end = None
        place = rng.choice([None, "land", "city", "quarter", "town"])
        out.append(Ceasefire(start=start, end=end, place_id=place, id=f"cf{i}"))
    return out


def _as_of(s: db.Store, rng: random.Random) -> dt.date:
    """Often a day some report came out: known that very day, or not yet the day before."""
    with s.session() as session:
        days = sorted({d for d in session.scalars(select(DocumentRow.published)) if d is not None})
    if days and rng.random() < 0.5:
        return rng.choice(days) - dt.timedelta(days=rng.choice([0, 0, 1]))
    return (BASE + dt.timedelta(days=rng.randrange(-20, 80))).date()


def _clear(s: db.Store) -> None:
    with s.session() as session:
        session.execute(delete(EventRow))
        session.execute(delete(ClaimRow))
        session.execute(delete(DocumentRow))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1))
def test_violations_in_sql_equal_the_python_ledger(store: db.Store, seed: int) -> None:
    rng = random.Random(seed)
    _clear(store)
    _world(store, rng)
    ceasefires = [stated_end(cf) for cf in _ceasefires(rng)]
    as_of = _as_of(store, rng)
    for withhold in (False, True):
        with store.session() as session:
            _, happenings, docs = service.load_known(
                session, service.ATTACK_TYPES, as_of=as_of, withhold_confidential=withhold
            )
            tree = service.place_tree(session)
            counted = service.ceasefire_violations(
                session, ceasefires, as_of=as_of, withhold_confidential=withhold
            )
            # asked of alone, a ceasefire with a place reads only the claims its scope can reach
            alone = [
                service.ceasefire_violations(session, [cf], as_of=as_of, withhold_confidential=withhold)[0]
                for cf in ceasefires
            ]
        for cf, got, got_alone in zip(ceasefires, counted, alone, strict=True):
            led = ceasefire_ledger_of(cf, happenings, scope=tree.scope(cf.place_id), as_of=as_of, docs=docs)
            where = f"{cf.id} as of {as_of}, withhold={withhold}"
            assert got == ViolationCounts.of(led), where
            assert got_alone == got, where


def _report(
    session: db.Session,
    text: str,
    published: dt.date | None,
    attacks: Sequence[tuple[EventType, dt.datetime, Precision, Mapping[str, Any]]],
    *,
    secret: bool = False,
) -> str:
    """A stored report (from a confidential source or not) and its attack claims: (type, start,
    precision, other Claim fields). Returns the document's id."""
    doc_id, _ = db.add_document(
        session,
        Document(
            text=text,
            content_hash=hashlib.sha256(text.encode()).hexdigest(),
            published=published,
            source=Source("Contact" if secret else "Outlet", confidential=secret),
            confidential=secret,
        ),
    )
    claims = [
        Claim(type_, doc_id, (Span(doc_id, k, k + 5),), when=When(start, precision), **fields)
        for k, (type_, start, precision, fields) in enumerate(attacks)
    ]
    db.replace_claims(session, doc_id, "test", "1", claims)
    return doc_id


CEASEFIRE = Ceasefire(start=When(dt.datetime(2020, 3, 5), Precision.DAY), id="cf")
AS_OF = dt.date(2020, 3, 20)


def test_a_happening_told_twice_and_a_coarse_one_count_as_the_python_ledger_does(store: db.Store) -> None:
    """A hand-made case: two reports of one shelling are one violation, a shelling dated only to a
    month that straddles the start is a possible one, and an unattributed airstrike is counted."""
    day = dt.datetime(2020, 3, 10)
    army = {"place_id": "quarter", "actors": (ActorRole("Army", Role.PERPETRATOR),)}
    with store.session() as session:
        db.upsert_places(session, PLACES)
        _report(
            session,
            "First report of shelling. " * 3,
            dt.date(2020, 3, 12),
            [
                (EventType.ATTACK_SHELLING, day, Precision.DAY, army),
            ],
        )
        _report(
            session,
            "Second report of shelling. " * 3,
            dt.date(2020, 3, 12),
            [
                (EventType.ATTACK_SHELLING, day, Precision.DAY, army),
                (EventType.ATTACK_SHELLING, dt.datetime(2020, 3, 1), Precision.MONTH, {"place_id": "city"}),
                (
                    EventType.ATTACK_AIRSTRIKE,
                    day + dt.timedelta(days=1),
                    Precision.DAY,
                    {"place_id": "quarter"},
                ),
            ],
        )
        cf = dataclasses.replace(CEASEFIRE, place_id="city")
        counted = service.ceasefire_violations(session, [cf], as_of=AS_OF, withhold_confidential=False)[0]
    assert (counted.violations, counted.possible, counted.not_dated_to_a_day) == (2, 1, 0)
    assert counted.per_day == (
        DayViolations(dt.date(2020, 3, 10), (("Army", 1),)),
        DayViolations(dt.date(2020, 3, 11), ((UNATTRIBUTED, 1),)),
    )
    assert counted.by_perpetrator == (("Army", 1), (UNATTRIBUTED, 1))


@pytest.mark.parametrize("withhold", [False, True])
def test_a_confidential_report_counts_from_its_own_date_for_a_reader_who_may_not_see_it(
    store: db.Store, withhold: bool
) -> None:
    """Published after the as-of day, a confidential report is not known yet to a reader who may see
    it; to one who may not, its publication is unknown and its attack counts by its own date."""
    with store.session() as session:
        db.upsert_places(session, PLACES)
        strike = (EventType.ATTACK_AIRSTRIKE, dt.datetime(2020, 3, 10), Precision.DAY, {"place_id": "town"})
        _report(
            session,
            "A confidential note about an airstrike. " * 3,
            dt.date(2020, 4, 1),
            [strike],
            secret=True,
        )
        counted = service.ceasefire_violations(
            session, [CEASEFIRE], as_of=AS_OF, withhold_confidential=withhold
        )
    assert counted[0].violations == (1 if withhold else 0)


def test_two_reports_of_an_unknown_place_written_in_other_case_are_one_violation(store: db.Store) -> None:
    with store.session() as session:
        for name in ("Outskirts", "OUTSKIRTS"):
            shelling = (EventType.ATTACK_SHELLING, dt.datetime(2020, 3, 10), Precision.DAY, {"place": name})
            _report(
                session,
                f"Shelling of {name}, a place no gazetteer knows. " * 3,
                dt.date(2020, 3, 12),
                [shelling],
            )
        counted = service.ceasefire_violations(session, [CEASEFIRE], as_of=AS_OF, withhold_confidential=False)
    assert counted[0].violations == 1
