"""A small synthetic data set (our own invented wording) for tests and benchmarks (bench/web.py).

Modelled on the shape of the Waer case in DESIGN.md (a ceasefire, an agreement
to release detainees, a siege with a last aid delivery), with made-up sentences.
`hostile=True` adds a report whose text and source name carry markup and
script, to prove every page and export shows them as text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy.orm import Session

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
    Qualifier,
    Quantity,
    QuantityKind,
    Reliability,
    Role,
    Siege,
    Source,
    Span,
    Status,
    When,
)
from trucewatch.store import (
    add_document,
    replace_claims,
    save_agreement,
    save_ceasefire,
    save_siege,
    upsert_actors,
    upsert_places,
)

GOV = "Syrian government"
REBELS = "Waer rebels"
HOSTILE_MARKUP = (
    '<script>window.__pwned = 1</script> <img src="x" onerror="window.__pwned = 2"> '
    '<a href="javascript:window.__pwned = 3">javascript:window.__pwned = 3</a>'
)

PLACES = (
    Place("Syria", "SY", 35.0, 38.0, "country", id="plc_syria"),
    Place("Homs", "SY", 34.73, 36.72, "governorate", "Homs", "plc_syria", id="plc_homs_gov"),
    Place("Homs city", "SY", 34.7324, 36.7137, "city", "Homs", "plc_homs_gov", id="plc_homs"),
    Place(
        "Waer",
        "SY",
        34.7398,
        36.6697,
        "neighbourhood",
        "Homs",
        "plc_homs",
        alternate_names=("al-Waer",),
        id="plc_waer",
    ),
    Place("Madaya", "SY", 33.6886, 36.0997, "city", "Rif Dimashq", "plc_syria", id="plc_madaya"),
)

# Every sentence below is invented for tests (synthetic), not taken from any report.
MAIN_TEXT = (
    "SYNTHETIC TEST REPORT. A truce for the Waer district began at 00:01 on 8 March 2017, "
    "negotiators said. Under the deal struck in August 2016, "
    "the government promised to free 7,300 detainees; "
    "so far 194 have been freed. The most recent aid convoy entered on 26 October 2016. "
    "Some 50,000 people still live inside the besieged district."
)
SHELLING_TEXT = (
    "SYNTHETIC TEST NOTE. Government artillery struck Waer on 9 March 2017 and two people were killed."
)
HOSTILE_TEXT = f"SYNTHETIC HOSTILE TEXT {HOSTILE_MARKUP} An air raid hit Waer on 7 March 2017."


@dataclass(frozen=True, slots=True)
class SyntheticIds:
    place_id: str
    agreement_id: str
    ceasefire_id: str
    siege_id: str
    documents: dict[str, str]  # "main", "shelling", "hostile" -> document id
    claims: dict[str, str]  # short name -> claim id


def _span(doc_id: str, text: str, phrase: str) -> Span:
    start = text.index(phrase)
    return Span(doc_id, start, start + len(phrase))


def _doc(session: Session, text: str, source: Source, published: dt.date, **kw: object) -> str:
    digest = hashlib.sha256(text.encode()).hexdigest()
    doc = Document(text=text, content_hash=digest, published=published, source=source, **kw)  # type: ignore[arg-type]
    return add_document(session, doc)[0]


def seed_synthetic(session: Session, *, hostile: bool = False, confirm: bool = False) -> SyntheticIds:
    """Write the synthetic data set; `confirm=True` marks the attack claims confirmed."""
    upsert_places(session, PLACES)
    upsert_actors(
        session,
        [
            Actor(GOV, ActorKind.STATE, "government", ("the regime",)),
            Actor(REBELS, ActorKind.REBEL, "opposition"),
        ],
    )
    outlet = Source("Synthetic Outlet", "outlet", Reliability.B)
    secret = Source("Anonymous negotiator", "person", Reliability.C, confidential=True)
    main = _doc(session, MAIN_TEXT, outlet, dt.date(2017, 3, 8), title="Synthetic: truce begins")
    shell = _doc(session, SHELLING_TEXT, secret, dt.date(2017, 3, 10), title="Synthetic: shelling note")
    docs = {"main": main, "shelling": shell}
    w = "plc_waer"
    main_claims = [
        Claim(
            EventType.CEASEFIRE_START,
            main,
            (_span(main, MAIN_TEXT, "A truce for the Waer district began at 00:01 on 8 March 2017"),),
            When(dt.datetime(2017, 3, 8, 0, 1), Precision.MINUTE),
            "Waer",
            w,
            (ActorRole(GOV, Role.PARTY), ActorRole(REBELS, Role.PARTY)),
        ),
        Claim(
            EventType.AGREEMENT_REACHED,
            main,
            (_span(main, MAIN_TEXT, "the government promised to free 7,300 detainees"),),
            When(dt.datetime(2016, 8, 1), Precision.MONTH),
            "Waer",
            w,
            (ActorRole(GOV, Role.PARTY),),
            (Quantity(QuantityKind.DETAINEES, 7300),),
        ),
        Claim(
            EventType.DETAINEES_RELEASED,
            main,
            (_span(main, MAIN_TEXT, "so far 194 have been freed"),),
            When(dt.datetime(2016, 8, 1), Precision.MONTH, open_ended=True),
            "Waer",
            w,
            (ActorRole(GOV, Role.PERPETRATOR),),
            (Quantity(QuantityKind.DETAINEES, 194),),
        ),
        Claim(
            EventType.AID_DELIVERED,
            main,
            (_span(main, MAIN_TEXT, "The most recent aid convoy entered on 26 October 2016"),),
            When(dt.datetime(2016, 10, 26), Precision.DAY),
            "Waer",
            w,
        ),
        Claim(
            EventType.SIEGE_IMPOSED,
            main,
            (_span(main, MAIN_TEXT, "Some 50,000 people still live inside the besieged district"),),
            None,
            "Waer",
            w,
            (ActorRole(GOV, Role.PERPETRATOR),),
            (Quantity(QuantityKind.RESIDENTS, 50000, Qualifier.ABOUT),),
        ),
    ]
    status = Status.CONFIRMED if confirm else Status.PROPOSED
    shell_claim = Claim(
        EventType.ATTACK_SHELLING,
        shell,
        (
            _span(
                shell,
                SHELLING_TEXT,
                "Government artillery struck Waer on 9 March 2017 and two people were killed",
            ),
        ),
        When(dt.datetime(2017, 3, 9), Precision.DAY),
        "Waer",
        w,
        (ActorRole(GOV, Role.PERPETRATOR), ActorRole(REBELS, Role.TARGET)),
        (Quantity(QuantityKind.KILLED, 2),),
        status=status,
    )
    names = ["ceasefire", "agreement", "released", "aid", "siege"]
    ids = dict(zip(names, replace_claims(session, main, "synthetic", "1", main_claims), strict=True))
    ids["shelling"] = replace_claims(session, shell, "synthetic", "1", [shell_claim])[0]
    if hostile:
        evil = Source(f"Hostile {HOSTILE_MARKUP} Press", "outlet", Reliability.E)
        bad = _doc(session, HOSTILE_TEXT, evil, dt.date(2017, 3, 7), title=f"Synthetic {HOSTILE_MARKUP}")
        docs["hostile"] = bad
        raid = Claim(
            EventType.ATTACK_AIRSTRIKE,
            bad,
            (Span(bad, 0, len(HOSTILE_TEXT)),),
            When(dt.datetime(2017, 3, 7), Precision.DAY),
            "Waer",
            w,
            status=status,
        )
        ids["hostile"] = replace_claims(session, bad, "synthetic", "1", [raid])[0]
    agreement_id = save_agreement(
        session,
        Agreement(
            AgreementKind.LOCAL_TRUCE,
            "Waer local agreement (synthetic)",
            reached=When(dt.datetime(2016, 8, 1), Precision.MONTH),
            place_id=w,
            parties=(GOV, REBELS),
            commitments=(Commitment(GOV, ActionKind.RELEASE_DETAINEES, 7300, QuantityKind.DETAINEES),),
            claim_ids=(ids["agreement"],),
            id="agr_synthetic_waer",
        ),
    )
    ceasefire_id = save_ceasefire(
        session,
        Ceasefire(
            When(dt.datetime(2017, 3, 8, 0, 1), Precision.MINUTE),
            place_id=w,
            parties=(GOV, REBELS),
            claim_ids=(ids["ceasefire"],),
            id="cf_synthetic_waer",
        ),
    )
    siege_id = save_siege(
        session,
        Siege(
            w,
            GOV,
            When(dt.datetime(2016, 11, 1), Precision.MONTH),
            claim_ids=(ids["siege"],),
            id="sg_synthetic_waer",
        ),
    )
    return SyntheticIds(w, agreement_id, ceasefire_id, siege_id, docs, ids)
