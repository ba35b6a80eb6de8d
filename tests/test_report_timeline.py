"""The timeline's SQL counts agree with the ledger's happenings over every claim, on both backends.

Synthetic claims (random, seeded): repeated reports of one shelling, the same
day and place with other actors or figures, analysts' Events that link claims
across days, rejected claims, month-precise and open-ended dates, places out
of scope. The expected counts come from the ledger's group_happenings over
all claims read the slow way (list_claims), as the page used to count them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections import Counter

import pytest
from sqlalchemy.orm import Session

from trucewatch.ledger import group_happenings
from trucewatch.model import (
    ActorRole,
    Claim,
    Document,
    Event,
    EventType,
    Place,
    Precision,
    Quantity,
    QuantityKind,
    Role,
    Span,
    Status,
    When,
)
from trucewatch.report import timeline
from trucewatch.store import (
    Store,
    add_document,
    get_claim,
    list_claims,
    replace_claims,
    save_event,
    upsert_places,
)
from trucewatch.store.claims import set_claim_status

TEXT = "SYNTHETIC NOTE written for a test. Shelling was reported near the market."
SCOPE = frozenset({"town", "town_n", "town_s"})
TYPES = [EventType("attack.shelling"), EventType("attack.airstrike"), EventType("aid.delivered")]
FIRST, LAST = dt.date(2017, 3, 1), dt.date(2017, 3, 20)


def _claims(rng: random.Random, doc_id: str) -> list[Claim]:
    span = (Span(doc_id, 35, 43),)
    out = []
    base = dt.datetime(2017, 2, 25)
    for _ in range(160):
        day = base + dt.timedelta(days=rng.randrange(0, 30))
        precision = rng.choice([Precision.DAY] * 6 + [Precision.HOUR, Precision.MONTH])
        if precision is Precision.MONTH:
            day = day.replace(day=1)
        when: When | None = When(day, precision, open_ended=rng.random() < 0.05)
        if rng.random() < 0.05:
            when = None
        actors = (
            (ActorRole(rng.choice(["Side A", "Side B"]), Role.PERPETRATOR),) if rng.random() < 0.5 else ()
        )
        figures = (Quantity(QuantityKind.KILLED, rng.choice([1, 2])),) if rng.random() < 0.3 else ()
        out.append(
            Claim(
                type=rng.choice(TYPES),
                document_id=doc_id,
                evidence=span,
                when=when,
                place_id=rng.choice([*SCOPE, "elsewhere"]),
                actors=actors,
                quantities=figures,
            )
        )
    return out


@pytest.fixture
def seeded(store: Store) -> Store:
    rng = random.Random(5)
    with store.session() as s:
        upsert_places(
            s,
            [
                Place("Town", kind="city", id="town"),
                Place("Town North", kind="neighbourhood", parent_id="town", id="town_n"),
                Place("Town South", kind="neighbourhood", parent_id="town", id="town_s"),
                Place("Elsewhere", kind="city", id="elsewhere"),
            ],
        )
        doc_id, _ = add_document(
            s, Document(TEXT, hashlib.sha256(TEXT.encode()).hexdigest(), published=dt.date(2017, 3, 21))
        )
        claims = _claims(rng, doc_id)
        ids = replace_claims(s, doc_id, "test", "1", claims + claims[:40])  # the first 40 reported twice
        for cid in rng.sample(ids, 15):
            set_claim_status(s, cid, Status.REJECTED)
        by_type: dict[EventType, list[str]] = {}
        for c, cid in zip(claims[30:], ids[30:], strict=False):  # some reported twice, some once
            by_type.setdefault(c.type, []).append(cid)
        for members in by_type.values():  # analysts' events joining claims of other days and places
            for k in range(3):
                save_event(s, _event(s, members, k))
    return store


def _event(s: Session, members: list[str], k: int) -> Event:
    picked = members[k * 3 : k * 3 + 3]
    first = get_claim(s, picked[0])
    assert first is not None
    return Event(type=first.type, claim_ids=tuple(picked), status=Status.CONFIRMED)


def _expected(store: Store) -> Counter[dt.date]:
    with store.session() as s:
        claims = list_claims(s, types=[t for t in EventType if t.is_attack], place_ids=SCOPE)
    counts: Counter[dt.date] = Counter()
    for h in group_happenings(c for c in claims if c.status != Status.REJECTED):
        day_precise = h.when is not None and h.when.precision.value in ("minute", "hour", "day")
        if day_precise and h.place_id in SCOPE and h.when and FIRST <= h.when.start.date() <= LAST:
            counts[h.when.start.date()] += 1
    return counts


def test_sql_counts_per_day_equal_the_ledgers_happenings(seeded: Store):
    expected = _expected(seeded)
    with seeded.session() as s:
        got = timeline.attack_days(s, SCOPE, FIRST, LAST)
    assert sum(expected.values()) > 20  # the data really has attacks in the window
    assert +got == +expected


def test_the_list_pages_newest_first_through_every_attack_of_the_window(seeded: Store):
    with seeded.session() as s:
        every = [
            c
            for c in list_claims(s, types=[t for t in EventType if t.is_attack], place_ids=SCOPE)
            if c.status != Status.REJECTED and c.when and FIRST <= c.when.start.date() <= LAST
        ]
        expected = [c.id for c in sorted(every, key=lambda c: (c.when.start, c.id or ""), reverse=True)]  # type: ignore[union-attr]
        seen: list[str | None] = []
        after = None
        while True:
            page = timeline.attack_page(s, SCOPE, FIRST, LAST, after, 7)
            seen += [c.id for c in page]
            if len(page) < 7:
                break
            assert page[-1].when is not None and page[-1].id is not None
            after = timeline.After(page[-1].when.start, page[-1].id)
        total = timeline.count_attacks(s, SCOPE, FIRST, LAST)
        latest = timeline.latest_attack_day(s, SCOPE)
    assert seen == expected and total == len(expected)
    assert latest == max(c.when.start.date() for c in list_claims_attacks(seeded) if c.when)


def list_claims_attacks(store: Store) -> list[Claim]:
    with store.session() as s:
        return [
            c
            for c in list_claims(s, types=[t for t in EventType if t.is_attack], place_ids=SCOPE)
            if c.status != Status.REJECTED
        ]
