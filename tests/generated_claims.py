"""Generated claims for the export tests and bench/export.py: as many as asked, stored in bulk.

Invented documents (one outlet in four confidential) and claims quoting them, on places of
their own, written with the store's bulk writer (replace_claims_of_documents). The same
`n` and `seed` give the same claims. Most are dated to the day; some to the month or
the year, a few undated.

    add_generated_claims(store, 20_000)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from typing import TYPE_CHECKING

from trucewatch.model import (
    ActorRole,
    Claim,
    Document,
    EventType,
    Place,
    Precision,
    Quantity,
    QuantityKind,
    Reliability,
    Role,
    Source,
    Span,
    When,
)
from trucewatch.store import add_document, upsert_places
from trucewatch.store.claims import replace_claims_of_documents

if TYPE_CHECKING:
    from trucewatch.store import Store

__all__ = ["add_generated_claims"]

CLAIMS_PER_DOCUMENT = 100
DOCUMENTS_PER_TRANSACTION = 200
TYPES = (EventType.ATTACK_SHELLING, EventType.CEASEFIRE_START, EventType.AID_DELIVERED, EventType.OTHER)
ACTORS = ("Syrian government", "Waer rebels", "Russia", "Civilians")
SOURCES = (
    Source("Generated Wire", reliability=Reliability.B),
    Source("Generated Monitor"),
    Source("Generated Desk"),
    Source("Generated Insider", confidential=True),
)


def _places() -> list[Place]:
    return [
        Place(f"Generated place {i}", "SY", 33.0 + i / 10, 36.0 + i / 10, admin1="Homs", id=f"gen-place-{i}")
        for i in range(16)
    ]


def _sentence(i: int, rng: random.Random) -> str:
    return (
        f"Report line {i}: {rng.choice(ACTORS)} shelled the district, killing {rng.randint(1, 40)} people. "
    )


def _when(rng: random.Random) -> When | None:
    roll = rng.random()
    if roll < 0.001:
        return None
    day = dt.datetime(2016, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365), minutes=rng.choice((0, 0, 90)))
    if roll < 0.02:
        return When(dt.datetime(day.year, 1, 1), Precision.YEAR)
    if roll < 0.1:
        return When(dt.datetime(day.year, day.month, 1), Precision.MONTH)
    return When(day, Precision.DAY if day.minute == 0 else Precision.MINUTE)


def add_generated_claims(store: Store, n: int, seed: int = 0) -> int:
    """Store `n` generated claims (and their documents and places); returns n."""
    rng = random.Random(seed)
    places = _places()
    with store.session() as s:
        upsert_places(s, places)
    written, doc_no = 0, 0
    while written < n:
        batch: dict[str, list[Claim]] = {}
        with store.session() as s:
            for _ in range(DOCUMENTS_PER_TRANSACTION):
                if written >= n:
                    break
                count = min(CLAIMS_PER_DOCUMENT, n - written)
                lines = [_sentence(i, rng) for i in range(count)]
                text = f"Generated report {seed}-{doc_no}. " + "".join(lines)
                doc = Document(
                    text,
                    hashlib.sha256(text.encode()).hexdigest(),
                    title=f"Generated report {doc_no}",
                    published=dt.date(2019, 1, 1) + dt.timedelta(days=doc_no % 300),
                    source=SOURCES[doc_no % len(SOURCES)],
                )
                doc_id, _ = add_document(s, doc)
                claims, offset = [], text.index("Report line")
                for i, line in enumerate(lines):
                    place = places[rng.randrange(len(places))]
                    claims.append(
                        Claim(
                            TYPES[i % len(TYPES)],
                            doc_id,
                            (Span(doc_id, offset, offset + len(line) - 1),),
                            when=_when(rng),
                            place=place.name,
                            place_id=place.id,
                            actors=(
                                ActorRole(ACTORS[i % 3], Role.PERPETRATOR),
                                ActorRole(ACTORS[3], Role.TARGET),
                            ),
                            quantities=(Quantity(QuantityKind.KILLED, rng.randint(1, 40)),),
                        )
                    )
                    offset += len(line)
                batch[doc_id] = claims
                written += count
                doc_no += 1
            replace_claims_of_documents(s, "generated", "1", batch)
    return n
