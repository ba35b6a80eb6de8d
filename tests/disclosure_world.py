"""A small world with confidential material in it, for the disclosure tests.

Three kinds of document: one from a confidential source ("Quince Orchard
informant"), one marked confidential on its own inside an open, public
source ("Lantern Wire"), and open ones. Claims of each, an event that merges
an open claim with a confidential one, and an agreement, ceasefire and siege
whose evidence lies in the confidential documents. Every sentence here is
synthetic (our own words).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from trucewatch import store as st
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
    Event,
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
from trucewatch.store.ids import source_id

PASSWORD = "a long synthetic password"
ARMY = "Synthetic army"
MILITIA = "Synthetic militia"

SECRET_SOURCE = "Quince Orchard informant"
SECRET_TITLE = "Notes from the orchard keeper"
SECRET_URL = "https://example.org/orchard-keeper"
SECRET_TEXT = (
    "SYNTHETIC CONFIDENTIAL NOTE. The pumping station beside the quince orchard was shelled at dawn. "
    "Only 41 detainees walked out of the grain depot. Nine trucks of flour reached Lowmill. "
    "Some 20,000 residents remain trapped in Lowmill."
)
SECRET_PHRASE = "pumping station beside the quince orchard"

HIDDEN_TITLE = "Lantern Wire private memo"
HIDDEN_URL = "https://example.org/lantern-private"
HIDDEN_TEXT = (
    "SYNTHETIC NOTE GIVEN IN CONFIDENCE. The miller's sister counted eleven trucks of aid entering "
    "Lowmill. Snipers fired on the ferry landing."
)
HIDDEN_PHRASE = "miller's sister"

OPEN_SOURCE = "Lantern Wire"  # open and public
OPEN_TEXT = (
    "SYNTHETIC OPEN BULLETIN. Shelling struck the Lowmill bakery on Tuesday. "
    "A truce began at noon. Six trucks of aid reached Lowmill."
)
RADIO_SOURCE = "Harbour Radio"  # open, not public
RADIO_TEXT = "SYNTHETIC RADIO SUMMARY. Militia fighters shelled the old quay near Lowmill."


@dataclass
class World:
    secret_doc: str
    hidden_doc: str
    open_doc: str
    radio_doc: str
    secret_claims: list[str]
    hidden_claims: list[str]
    open_claims: list[str]
    radio_claims: list[str]
    mixed_event: str
    open_event: str
    agreement: str = "agr_orchard"
    ceasefire: str = "cf_lowmill"
    siege: str = "sg_lowmill"
    tokens: dict[str, str] = field(default_factory=dict)

    def markers(self) -> dict[str, list[str]]:
        """What must never reach a viewer or an anonymous caller, by the confidential thing it belongs to."""
        return {
            self.secret_doc: [self.secret_doc, SECRET_PHRASE, SECRET_TITLE, SECRET_URL, "grain depot"],
            self.hidden_doc: [self.hidden_doc, HIDDEN_PHRASE, HIDDEN_TITLE, HIDDEN_URL, "ferry landing"],
            "source": [SECRET_SOURCE, source_id(SECRET_SOURCE)],
        }


def _doc(text: str, published: dt.date, source: Source, *, title: str, url: str | None = None, **kw: object):
    return Document(
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        title=title,
        url=url,
        published=published,
        source=source,
        **kw,  # type: ignore[arg-type]
    )


def _span(doc_id: str, text: str, words: str) -> Span:
    start = text.index(words)
    return Span(doc_id, start, start + len(words))


def _day(y: int, m: int, d: int) -> When:
    return When(dt.datetime(y, m, d), Precision.DAY)


def _month(y: int, m: int) -> When:
    return When(dt.datetime(y, m, 1), Precision.MONTH)


def build(s: st.Store) -> World:
    with s.session() as session:
        st.upsert_places(
            session,
            [
                Place("Synthland", kind="country", country_code="SY", id="synth"),
                Place(
                    "Lowmill",
                    kind="town",
                    parent_id="synth",
                    country_code="SY",
                    id="lowmill",
                    latitude=34.7,
                    longitude=36.7,
                ),
                Place(
                    "Orchard quarter",
                    kind="neighbourhood",
                    parent_id="lowmill",
                    country_code="SY",
                    id="orchard",
                    latitude=34.71,
                    longitude=36.71,
                ),
            ],
        )
        st.upsert_actors(
            session, [Actor(ARMY, ActorKind.STATE, side="government"), Actor(MILITIA, ActorKind.REBEL)]
        )
        secret_src = Source(SECRET_SOURCE, kind="person", confidential=True)
        lantern = Source(OPEN_SOURCE, public=True)
        secret_doc, _ = st.add_document(
            session, _doc(SECRET_TEXT, dt.date(2017, 4, 19), secret_src, title=SECRET_TITLE, url=SECRET_URL)
        )
        hidden_doc, _ = st.add_document(
            session,
            _doc(
                HIDDEN_TEXT,
                dt.date(2017, 4, 20),
                lantern,
                title=HIDDEN_TITLE,
                url=HIDDEN_URL,
                confidential=True,
            ),
        )
        open_doc, _ = st.add_document(
            session, _doc(OPEN_TEXT, dt.date(2017, 3, 8), lantern, title="Bulletin")
        )
        radio_doc, _ = st.add_document(
            session, _doc(RADIO_TEXT, dt.date(2017, 3, 12), Source(RADIO_SOURCE), title="Radio summary")
        )

        def claims(doc_id: str, text: str, items: list[tuple]) -> list[str]:
            made = [
                Claim(type_, doc_id, (_span(doc_id, text, words),), when=when, place_id=place, **kw)
                for type_, words, when, place, kw in items
            ]
            return st.replace_claims(session, doc_id, "test", "1", made)

        army = (ActorRole(ARMY, Role.PERPETRATOR),)
        secret_claims = claims(
            secret_doc,
            SECRET_TEXT,
            [
                (
                    EventType.ATTACK_SHELLING,
                    "was shelled at dawn",
                    _day(2017, 3, 9),
                    "orchard",
                    {"actors": army},
                ),
                (
                    EventType.DETAINEES_RELEASED,
                    "41 detainees walked out",
                    _month(2017, 1),
                    "lowmill",
                    {"actors": army, "quantities": (Quantity(QuantityKind.DETAINEES, 41),)},
                ),
                (
                    EventType.AID_DELIVERED,
                    "Nine trucks of flour reached Lowmill",
                    _day(2017, 1, 20),
                    "lowmill",
                    {"quantities": (Quantity(QuantityKind.TRUCKS, 9),)},
                ),
                (
                    EventType.SIEGE_IMPOSED,
                    "20,000 residents remain trapped",
                    _day(2017, 1, 5),
                    "lowmill",
                    {"quantities": (Quantity(QuantityKind.RESIDENTS, 20000),)},
                ),
            ],
        )
        hidden_claims = claims(
            hidden_doc,
            HIDDEN_TEXT,
            [
                (
                    EventType.AID_DELIVERED,
                    "eleven trucks of aid entering",
                    _day(2017, 2, 2),
                    "lowmill",
                    {"quantities": (Quantity(QuantityKind.TRUCKS, 11),)},
                ),
                (
                    EventType.ATTACK_SHELLING,
                    "Snipers fired on the ferry landing",
                    _day(2017, 3, 10),
                    "orchard",
                    {"actors": (ActorRole(MILITIA, Role.PERPETRATOR),)},
                ),
            ],
        )
        open_claims = claims(
            open_doc,
            OPEN_TEXT,
            [
                (
                    EventType.ATTACK_SHELLING,
                    "Shelling struck the Lowmill bakery",
                    _day(2017, 3, 9),
                    "orchard",
                    {"actors": army},
                ),
                (
                    EventType.AID_DELIVERED,
                    "Six trucks of aid reached Lowmill",
                    _day(2017, 3, 7),
                    "lowmill",
                    {"quantities": (Quantity(QuantityKind.TRUCKS, 6),)},
                ),
            ],
        )
        radio_claims = claims(
            radio_doc,
            RADIO_TEXT,
            [
                (
                    EventType.ATTACK_SHELLING,
                    "shelled the old quay",
                    _day(2017, 3, 11),
                    "lowmill",
                    {"actors": (ActorRole(MILITIA, Role.PERPETRATOR),)},
                )
            ],
        )
        mixed_event = st.save_event(
            session,
            Event(
                EventType.ATTACK_SHELLING,
                (open_claims[0], secret_claims[0]),
                when=_day(2017, 3, 9),
                place_id="orchard",
                actors=army,
                status=Status.CONFIRMED,
            ),
        )
        open_event = st.save_event(
            session,
            Event(
                EventType.AID_DELIVERED,
                (open_claims[1],),
                when=_day(2017, 3, 7),
                place_id="lowmill",
                status=Status.CONFIRMED,
            ),
        )
        st.save_agreement(
            session,
            Agreement(
                AgreementKind.LOCAL_TRUCE,
                "Lowmill pumping accord",
                reached=When(dt.datetime(2016, 12, 1), Precision.MONTH),
                place_id="lowmill",
                parties=(ARMY, MILITIA),
                commitments=(
                    Commitment(
                        ARMY,
                        ActionKind.RELEASE_DETAINEES,
                        target=300,
                        unit=QuantityKind.DETAINEES,
                        evidence=(_span(hidden_doc, HIDDEN_TEXT, "counted eleven trucks"),),
                    ),
                ),
                evidence=(_span(secret_doc, SECRET_TEXT, "41 detainees walked out"),),
                status=Status.CONFIRMED,
                id="agr_orchard",
            ),
        )
        st.save_ceasefire(
            session,
            Ceasefire(
                When(dt.datetime(2017, 3, 8, 12), Precision.MINUTE),
                end=When(dt.datetime(2017, 3, 31), Precision.DAY),
                place_id="lowmill",
                parties=(ARMY, MILITIA),
                evidence=(_span(secret_doc, SECRET_TEXT, "was shelled at dawn"),),
                status=Status.CONFIRMED,
                id="cf_lowmill",
            ),
        )
        st.save_siege(
            session,
            Siege(
                "lowmill",
                besieger=ARMY,
                since=When(dt.datetime(2016, 6, 1), Precision.MONTH),
                evidence=(_span(hidden_doc, HIDDEN_TEXT, "trucks of aid entering"),),
                status=Status.CONFIRMED,
                id="sg_lowmill",
            ),
        )
        toks = {}
        for role in ("admin", "analyst", "viewer"):
            add_user(session, f"{role}1", role, PASSWORD)
            toks[role] = issue_token(session, f"{role}1")[1]
    return World(
        secret_doc,
        hidden_doc,
        open_doc,
        radio_doc,
        secret_claims,
        hidden_claims,
        open_claims,
        radio_claims,
        mixed_event,
        open_event,
        tokens=toks,
    )
