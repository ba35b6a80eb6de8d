"""Shared set-up for the API tests: a seeded store, one token per role, an HTTP client.

All report text here is synthetic (our own words).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from fastapi.testclient import TestClient

from trucewatch import store as st
from trucewatch.api.app import create_app
from trucewatch.model import (
    ActionKind,
    Actor,
    ActorKind,
    ActorRole,
    Agreement,
    AgreementKind,
    Ceasefire,
    Claim,
    Commitment,
    Document,
    EventType,
    Place,
    Precision,
    Quantity,
    QuantityKind,
    Role,
    Siege,
    Source,
    Span,
    Status,
    When,
)
from trucewatch.store.accounts import add_user, issue_token

GOV = "Synthetic government"
REBELS = "Synthetic rebels"
SECRET_SOURCE = "Anonymous negotiator (synthetic)"
SECRET_URL = "https://example.org/secret-interview"
OPEN_TEXT = (
    "SYNTHETIC TEST REPORT. Shelling hit the old market on Monday. "
    "A truce started at midnight. Forty trucks of aid arrived in October."
)
SECRET_TEXT = (
    "SYNTHETIC CONFIDENTIAL INTERVIEW. Only 194 detainees were freed under the August deal. "
    "Government forces shelled the north district."
)


@dataclass
class Seeded:
    open_doc: str
    secret_doc: str
    open_claims: list[str]
    secret_claims: list[str]
    agreement: str
    ceasefire: str
    siege: str


def _doc(text: str, published: dt.date, source: Source, *, url: str | None = None) -> Document:
    return Document(
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        title=f"Title of {source.name}",
        url=url,
        published=published,
        source=source,
    )


def _span(doc_id: str, text: str, words: str) -> Span:
    start = text.index(words)
    return Span(doc_id, start, start + len(words))


def seed(s: st.Store) -> Seeded:
    with s.session() as session:
        st.upsert_places(
            session,
            [
                Place("Synthland", kind="country", id="sy"),
                Place("Capital", kind="city", parent_id="sy", id="cap"),
                Place("North district", kind="neighbourhood", parent_id="cap", id="north"),
                Place("Faraway", kind="town", parent_id="sy", id="far"),
            ],
        )
        st.upsert_actors(
            session, [Actor(GOV, ActorKind.STATE, side="government"), Actor(REBELS, ActorKind.REBEL)]
        )
        open_id, _ = st.add_document(session, _doc(OPEN_TEXT, dt.date(2017, 3, 8), Source("Open Wire")))
        secret_id, _ = st.add_document(
            session,
            _doc(
                SECRET_TEXT,
                dt.date(2017, 3, 9),
                Source(SECRET_SOURCE, kind="person", confidential=True),
                url=SECRET_URL,
            ),
        )
        day = When(dt.datetime(2017, 3, 6), Precision.DAY)
        open_claims = st.replace_claims(
            session,
            open_id,
            "test",
            "1",
            [
                Claim(
                    EventType.ATTACK_SHELLING,
                    open_id,
                    (_span(open_id, OPEN_TEXT, "Shelling hit the old market"),),
                    when=day,
                    place_id="north",
                    actors=(ActorRole(GOV, Role.PERPETRATOR),),
                ),
                Claim(
                    EventType.AID_DELIVERED,
                    open_id,
                    (_span(open_id, OPEN_TEXT, "Forty trucks of aid arrived"),),
                    when=When(dt.datetime(2016, 10, 1), Precision.MONTH),
                    place_id="far",
                    quantities=(Quantity(QuantityKind.TRUCKS, 40),),
                ),
            ],
        )
        secret_claims = st.replace_claims(
            session,
            secret_id,
            "test",
            "1",
            [
                Claim(
                    EventType.DETAINEES_RELEASED,
                    secret_id,
                    (_span(secret_id, SECRET_TEXT, "194 detainees were freed"),),
                    place_id="north",
                    actors=(ActorRole(GOV, Role.PERPETRATOR),),
                    quantities=(Quantity(QuantityKind.DETAINEES, 194),),
                ),
                Claim(
                    EventType.ATTACK_SHELLING,
                    secret_id,
                    (_span(secret_id, SECRET_TEXT, "Government forces shelled the north district"),),
                    when=When(dt.datetime(2017, 3, 9), Precision.DAY),
                    place_id="north",
                    actors=(ActorRole(GOV, Role.PERPETRATOR),),
                ),
            ],
        )
        agreement = st.save_agreement(
            session,
            Agreement(
                AgreementKind.LOCAL_TRUCE,
                "Synthetic August deal",
                reached=When(dt.datetime(2016, 8, 1), Precision.MONTH),
                place_id="cap",
                parties=(GOV, REBELS),
                commitments=(
                    Commitment(GOV, ActionKind.RELEASE_DETAINEES, target=7300, unit=QuantityKind.DETAINEES),
                ),
                status=Status.CONFIRMED,
                id="agr_test",
            ),
        )
        ceasefire = st.save_ceasefire(
            session,
            Ceasefire(
                When(dt.datetime(2017, 3, 8), Precision.MINUTE),
                place_id="cap",
                parties=(GOV, REBELS),
                status=Status.CONFIRMED,
                id="cf_test",
            ),
        )
        siege = st.save_siege(
            session,
            Siege(
                "far",
                besieger=GOV,
                since=When(dt.datetime(2016, 1, 1), Precision.MONTH),
                status=Status.CONFIRMED,
                id="sg_test",
            ),
        )
    return Seeded(open_id, secret_id, open_claims, secret_claims, agreement, ceasefire, siege)


def tokens(s: st.Store) -> dict[str, str]:
    """One token per role, keyed by role name."""
    out = {}
    with s.session() as session:
        for role in ("admin", "analyst", "viewer"):
            add_user(session, f"{role}1", role, "a long synthetic password")
            out[role] = issue_token(session, f"{role}1")[1]
    return out


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@contextmanager
def client(s: st.Store, **kw: object) -> Iterator[TestClient]:
    with TestClient(create_app(s, **kw)) as c:  # type: ignore[arg-type]
        yield c
