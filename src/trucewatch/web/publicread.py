"""Anonymous public read on the pages: trucewatch.disclosure's rule, as the API applies it.

Public visitors see only documents of public, non-confidential sources (and
not confidential themselves), the claims and events those back, and no
ledger, report or export. The timeline here reads only those claims (the same
four functions as trucewatch.report.timeline); it is the slow path (claims read
in full), acceptable because public sources are few.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from trucewatch.model import Claim
from trucewatch.report.timeline import happenings_per_day
from trucewatch.store import Session, attacks
from trucewatch.store.attacks import After
from trucewatch.store.claims import claims_by_ids
from trucewatch.web.i18n import N_

REFUSAL = N_(
    "Anonymous public read covers the documents of public sources and their claims and events; "
    "ledger figures, reports and exports combine every source, so they need an account."
)


def latest_attack_day(session: Session, scope: frozenset[str]) -> dt.date | None:
    return attacks.latest_attack_day(session, scope, public_only=True)


def attack_days(session: Session, scope: frozenset[str], first: dt.date, last: dt.date) -> Counter[dt.date]:
    """Attack happenings per day among public claims only, grouped by the ledger's own function."""
    ids = attacks.attack_ids(session, scope, first, last, public_only=True)
    return happenings_per_day(claims_by_ids(session, ids), scope, first, last)


def count_attacks(session: Session, scope: frozenset[str], first: dt.date, last: dt.date) -> int:
    return attacks.count_attacks(session, scope, first, last, public_only=True)


def attack_page(
    session: Session, scope: frozenset[str], first: dt.date, last: dt.date, after: After | None, limit: int
) -> list[Claim]:
    return attacks.attack_page(session, scope, first, last, after, limit, public_only=True)
