"""A generated corpus for the batch tests and bench/batch.py: invented reports, as many as asked.

Every sentence is our own made-up wording (no text from the evaluation set), built from
a few templates with places the gazetteer knows, so extraction finds claims in most
reports. The same `n` and `seed` give the same reports, hence the same claims.

    add_synthetic_reports(store, 2000)      # stores them; returns their ids
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterator
from typing import TYPE_CHECKING

from trucewatch.model import Document, Source

if TYPE_CHECKING:
    from trucewatch.store import Store

__all__ = ["add_synthetic_reports", "synthetic_reports"]

PLACES = (
    "Douma", "Madaya", "Zabadani", "Homs", "Aleppo", "Idlib", "Daraa", "Hama",
    "Khan Younis", "Rafah", "Deir ez-Zor", "Raqqa", "Latakia", "Tartus", "Sderot", "Gaza",
)  # fmt: skip
# Each pair of consecutive reports leads with the next of these: two workers given the even and
# the odd reports store the same new places at about the same moment (the concurrency test).
LEADS = (
    "Aden", "Ajdabiya", "Ataq", "Baghdad", "Balad", "Baqubah", "Basrah", "Benghazi", "Binnish",
    "Damascus", "Darnah", "Dihok", "Erbil", "Gharyan", "Halabja", "Ibb", "Jablah", "Kafranbel",
    "Karbala", "Kirkuk", "Kufa", "Ma'rib", "Manbij", "Misratah", "Mizdah", "Mocha", "Mosul",
    "Mukalla", "Murzuk", "Najaf", "Nasiriyah", "Nubl", "Ramadi", "Sa'dah", "Sabha", "Sanaa",
    "Saraqib", "Shahhat", "Sirte", "Soran", "Sulaymaniyah", "Tadmur", "Taiz", "Tallkalakh",
    "Tarhuna", "Tobruk", "Ubari", "Yafran", "Zawiya", "Zaxo", "Zintan", "Zliten", "Zuwarah",
)  # fmt: skip
PERPETRATORS = ("Pro-regime forces", "Government forces", "Rebels", "Militants", "Russian jets")
OUTLETS = ("Field Wire", "Valley Monitor", "Coastal Desk", "Northern Dispatch")
SENTENCES = (
    "{perp} shelled {place} on {weekday}, killing {n} civilians, residents said.",
    "A ceasefire took effect in {place} at midnight on {weekday}.",
    "An aid convoy of {m} trucks reached {place} on {day} {month}, the relief agency said.",
    "The government released {n} detainees from a prison near {place}.",
    "Local committees reached an agreement in {place} last month.",
    "Under the deal, {big} fighters will be evacuated from {place} to the north.",
    "Airstrikes hit {place} overnight, killing {n} people.",
    "Traders in {place} said the price of bread had doubled since the winter.",
    "A school reopened in {place} after repairs, teachers said.",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August")


def synthetic_reports(n: int, seed: int = 0) -> Iterator[Document]:
    """`n` distinct invented reports (about 400–800 characters each), published 2016–2018."""
    rng = random.Random(seed)
    sources = [Source(name, kind="outlet") for name in OUTLETS]
    start = dt.date(2016, 1, 1)
    for number in range(n):
        lead = LEADS[(number // 2) % len(LEADS)]
        lines = [f"Airstrikes hit {lead} overnight, killing {rng.randint(2, 40)} people."]
        for _ in range(rng.randint(2, 5)):
            lines.append(
                rng.choice(SENTENCES).format(
                    perp=rng.choice(PERPETRATORS),
                    place=rng.choice(PLACES),
                    weekday=rng.choice(WEEKDAYS),
                    day=rng.randint(1, 28),
                    month=rng.choice(MONTHS),
                    n=rng.randint(2, 40),
                    m=rng.randint(5, 60),
                    big=rng.randint(100, 3000),
                )
            )
        text = f"Report {seed}-{number}. " + " ".join(lines)
        yield Document(
            text=text,
            content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            published=start + dt.timedelta(days=rng.randint(0, 1000)),
            language="en",
            title=f"Report {seed}-{number}",
            source=sources[number % len(sources)],
        )


def add_synthetic_reports(store: Store, n: int, seed: int = 0, chunk: int = 2000) -> list[str]:
    """Store `n` synthetic reports (`chunk` per transaction); their ids, in order."""
    from trucewatch.store import add_document

    ids: list[str] = []
    reports = synthetic_reports(n, seed)
    while len(ids) < n:
        with store.session() as session:
            for _, doc in zip(range(chunk), reports, strict=False):
                ids.append(add_document(session, doc)[0])
    return ids
