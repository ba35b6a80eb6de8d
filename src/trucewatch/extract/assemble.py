"""Assemble: turn the layers of an Analysis into Claims.

One claim per event type per sentence (duplicate triggers of one type in a
sentence merge), unless its clauses tell them at different places: then one per
such clause ("shelled Tarn, while the shelling also wounded four in Barton"). A
sentence listing several towns gives one claim per town; its figures go to the
first, unless it tells one figure of a kind per town (in order). Each claim carries:
- evidence: the sentence holding the trigger, a verbatim slice of the text;
- when: the date mention in that sentence nearest the trigger. An open-ended
  "since ..." date dates only states that began then (a siege, a ceasefire,
  departures, fighting or bombardment that has gone on, a blockade of aid);
  otherwise it is a reference point,
  not the event's date. With no date in the sentence, a present-tense or
  "today" report is dated to its publication day; anything else stays undated
  (None) rather than guessed;
- place: the most specific place named in the sentence (for departures, not
  the destination; for a truce, deal or talks, not a place past another event
  told in another clause); else the story's country where the sentence says "across
  the country"; else, for a truce, deal or talks of the story's country and
  another ("Kyrgyzstan and Tajikistan agreed"), that country; else, for a
  ceasefire, deal or talks in a report about a whole
  country, that country; else the place of a claim of its type one or two
  sentences before (the story goes on); else the story's place (the most
  mentioned specific place, the headline's and lede's counting twice);
- actors with roles by event type and actor kind; quantities of the sentence,
  one per kind, nearest the trigger first.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import pairwise

from trucewatch.extract.base import (
    ATTACK_MEANS,
    ActorMention,
    Analysis,
    DateMention,
    Mention,
    PlaceMention,
    QuantityMention,
    Trigger,
)
from trucewatch.extract.cues import Cues
from trucewatch.extract.cues import cues as language_cues
from trucewatch.extract.dates import LASTING_RULE
from trucewatch.extract.intervals import Cover, Inside
from trucewatch.extract.lang import DEFAULT_LANGUAGE, pack
from trucewatch.extract.roles import antecedent, clause_says, signed_it, watch_role
from trucewatch.model import (
    ActorKind,
    ActorRole,
    Claim,
    EventType,
    Place,
    Precision,
    Quantity,
    QuantityKind,
    Role,
    Span,
    When,
)

__all__ = [
    "EXTRACTOR",
    "EXTRACTOR_VERSION",
    "ORPHAN_AHEAD",
    "ORPHAN_REACH",
    "AssembleComponent",
    "assemble_claims",
    "story_place",
]

EXTRACTOR = "rules"
EXTRACTOR_VERSION = "1"

# Types whose date may be the start of an open-ended "since ..." period.
_STATE_TYPES = frozenset(
    {
        EventType.SIEGE_IMPOSED,
        EventType.CEASEFIRE_START,
        EventType.EVACUATION,
        EventType.TERRITORY_CONTROL,
        EventType.ATTACK_CLASH,
        EventType.ATTACK_SHELLING,
        EventType.ATTACK_AIRSTRIKE,
        EventType.AID_BLOCKED,
    }
)
# Smaller is more specific. Settlements of every size, districts and areas rank alike: a
# gazetteer's town, city or populated place tells how big a place is, not that one holds the
# other, and a "district" may be a city quarter or a rural county; among them the name
# nearer the event decides. A quarter, camp or facility (a plant, a road) lies inside one.
_SPECIFICITY = {
    "neighbourhood": 0,
    "neighborhood": 0,
    "camp": 0,
    "facility": 0,
    "district": 1,
    "village": 1,
    "town": 1,
    "populated_place": 1,
    "city": 1,
    "area": 1,
    "region": 4,
    "admin2": 4,
    "governorate": 5,
    "admin1": 5,
    "country": 6,
}
_OPENING = 12  # a date this close to the start of its sentence opens it and dates all its events
_BROAD = 5  # governorates and countries are the story's place only when nothing finer is named
_ATTACKER_KINDS = frozenset({"state", "rebel", "militia", "external", "other"})
_VICTIM_KINDS = frozenset({"civilians", "humanitarian"})
_MEDIATOR_KINDS = frozenset({"external", "international"})
_MEDIATOR_SIDES = frozenset({"mediator", "guarantor", "neutral"})
_TALK_TYPES = frozenset(
    {
        EventType.AGREEMENT_REACHED,
        EventType.NEGOTIATION_MEETING,
        EventType.CEASEFIRE_START,
        EventType.CEASEFIRE_END,
    }
)
_BLOCKER_TYPES = frozenset({EventType.AID_BLOCKED, EventType.SIEGE_IMPOSED})
# what a state that "has lasted" a while dates ("has been under siege for 18 months")
_LASTING_TYPES = frozenset(
    {EventType.SIEGE_IMPOSED, EventType.CEASEFIRE_START, EventType.TERRITORY_CONTROL, EventType.AID_BLOCKED}
)
_WATCHERS = frozenset({Role.MONITOR, Role.GUARANTOR})


def _specificity(place: Place) -> int:
    return _SPECIFICITY.get(place.kind, 3)


def _distance(m: Mention, t: Trigger) -> int:
    if m.end <= t.start:
        return t.start - m.end
    if m.start >= t.end:
        return m.start - t.end
    return 0


def _distance_to_words(m: Mention, t: Trigger) -> int:
    """_distance, but a mention inside the trigger's span is as far as the nearer end of it: a date
    in the gap of a rule ("the truce signed on 3 June is largely holding") is not that rule's word."""
    if t.start < m.start and m.end < t.end:
        return min(m.start - t.start, t.end - m.end)
    return _distance(m, t)


def story_place(places: Sequence[PlaceMention]) -> Place | None:
    """The document's main place: the most mentioned specific place, those of the headline and
    lede counting twice, earliest first on ties; with no town named, a province or region of
    the most told country before that country ("a town in Hiran region ... central Somalia",
    but not "Russia, which annexed Crimea in 2014, ... Russia")."""
    if not places:
        return None
    specific = [m for m in places if _specificity(m.place) < _BROAD]
    if not specific:
        told = _told(places)
        countries = [m for m in places if m.place.kind == "country"]
        top = max(countries, key=lambda m: told[_key(m)]).place.country_code if countries else None
        specific = [
            m for m in places if m.place.kind != "country" and (top is None or m.place.country_code == top)
        ] or (countries or list(places))
    counts = _told(specific)
    first: dict[str, int] = {}
    by_key: dict[str, Place] = {}
    for m in specific:
        first.setdefault(_key(m), m.start)
        by_key.setdefault(_key(m), m.place)
    best = min(counts, key=lambda k: (-counts[k], _specificity(by_key[k]), first[k]))
    return by_key[best]


def _key(m: PlaceMention) -> str:
    return m.place.id or m.place.name


def _told(mentions: Sequence[PlaceMention]) -> Counter[str]:
    """How often each place is told, those of the headline and lede counting twice."""
    counts = Counter(_key(m) for m in mentions)
    counts.update(_key(m) for m in mentions if m.start < _LEAD)
    return counts


def story_country(places: Sequence[PlaceMention], main: Place | None) -> Place | None:
    """The country the story's place is in, as the text names it; None when it names none."""
    if main is None or main.country_code is None:
        return None
    if main.kind == "country":
        return main
    return next(
        (m.place for m in places if m.place.kind == "country" and m.place.country_code == main.country_code),
        None,
    )


def _same_clause(
    trigger: Trigger, others: Sequence[Trigger], norm: str, cues: Cues, timed: bool = False
) -> bool:
    """Whether one of `others` is told in `trigger`'s clause ("ambushed a convoy near Boni, while a
    roadside bomb killed three near Douentza": two attacks, not the ambush told by its means);
    with `timed`, not told as before or after it either ("struck Kuzu, hours after a massacre in
    Tula": cues.sequel)."""
    for other in others:
        lo, hi = (trigger.end, other.start) if trigger.end <= other.start else (other.end, trigger.start)
        if hi <= lo or not (
            cues.clause_break.search(norm, lo, hi) or (timed and cues.sequel.search(norm, lo, hi))
        ):
            return True
    return False


def _touch(a: Trigger, b: Trigger) -> bool:
    """Whether two triggers overlap or stand side by side ("drone" + "attack on a wedding")."""
    return a.start <= b.end + 1 and b.start <= a.end + 1


_MEANS_REACH = 30  # characters from a toll's words to the means that follow it in its clause


def _another_attack(
    where: Place | None,
    places: Sequence[Mention],
    sentence: tuple[int, int],
    norm: str,
    parents: dict[str, str | None],
    cues: Cues,
) -> bool:
    """Whether a sentence that would tell again the attack told at `where` tells another: it says
    so ("in a separate attack") or names a place that is neither that one nor inside it ("In
    Aleppo, gunmen killed three")."""
    if cues.separately is not None and cues.separately.search(norm, *sentence):
        return True
    named = [m.place for m in places if isinstance(m, PlaceMention)]
    if not named or where is None:
        return False
    return not any(p.name == where.name or _contains(where, p, parents) for p in named)


def _told_by(toll: Trigger, means: Trigger, norm: str, cues: Cues) -> bool:
    """Whether `means` tells how the attack `toll` tells of was made: beside it, or in the few
    words after it in its clause, led by a word of means ("killed 12 civilians in air strikes",
    not "shot dead five villagers before shelling resumed")."""
    if _touch(toll, means):
        return True
    gap = means.start - toll.end
    return (
        0 <= gap <= _MEANS_REACH
        and cues.clause_break.search(norm, toll.end, means.start) is None
        and cues.means.search(norm, toll.end, means.start) is not None
    )


_TRUCE_TYPES = frozenset({EventType.CEASEFIRE_START, EventType.CEASEFIRE_END})
_DEAL_TYPES = frozenset({EventType.CEASEFIRE_START, EventType.AGREEMENT_REACHED})  # what "it" may stand for
# what a date before "deal" or "talks" dates: "the August deal" was reached, "the March talks" met then
_NAMED_BY_DATE = frozenset({EventType.AGREEMENT_REACHED, EventType.NEGOTIATION_MEETING})
_NATIONWIDE_REACH = 40  # characters around a truce's words where "nationwide" tells its extent


def _nationwide(
    kind: EventType,
    trigger: Trigger,
    best: PlaceMention | None,
    country: Place,
    norm: str,
    sentence: tuple[int, int],
    cues: Cues,
) -> bool:
    """Whether a claim is the country's: the sentence says "nationwide" / "across the country" and
    names no place for it; or, for a truce, says so beside its words and names only the
    dateline's town or a place of that country ("Yangon - the junta announced a nationwide truce")."""
    start, end = sentence
    if best is not None and kind not in _TRUCE_TYPES:
        return False
    lo, hi = (
        (start, end) if best is None else (trigger.start - _NATIONWIDE_REACH, trigger.end + _NATIONWIDE_REACH)
    )
    # "across the country's south" is a part of it, not the whole
    whole = [
        m
        for m in cues.the_country.finditer(norm, max(start, lo), min(end, hi))
        if cues.country_part is None or not cues.country_part.match(norm, m.end())
    ]
    if not whole:
        return False
    return best is None or best.rule == "dateline" or best.place.country_code == country.country_code


def _unnamed_country(
    main: Place | None,
    parent_of: Callable[[str], str | None] | None,
    place_of: Callable[[str], Place | None] | None,
) -> Place | None:
    """The country holding the story's place, looked up (for a text that never names it)."""
    if main is None or main.id is None or parent_of is None or place_of is None:
        return None
    seen: set[str] = set()
    key: str | None = main.id
    while key and key not in seen:
        seen.add(key)
        place = place_of(key)
        if place is not None and place.kind == "country":
            return place if place.country_code == main.country_code else None
        key = parent_of(key)
    return None


def national_place(places: Sequence[PlaceMention], main: Place | None, country: Place | None) -> Place | None:
    """`country` (the story's, see story_country) when the report is about the country, not the
    town: the country is named at least as often as its most-named place ("the truce in Yemen"
    in a report filed from Sanaa). A ceasefire, deal or talks a sentence does not place are the
    country's then; in a story about one town (a local truce) they stay the town's."""
    if main is None or country is None or main.kind == "country":
        return None
    key = main.id or main.name
    told = sum(1 for m in places if (m.place.id or m.place.name) == key)
    named = sum(1 for m in places if m.place.kind == "country" and m.place.country_code == main.country_code)
    return country if named >= told else None


_LEAD = 700  # characters: a report's headline and lede, which name the place it is about
_FOLLOW_UP = 2  # sentences: an unplaced claim this close after a placed one of its type goes on telling it
_PLACE_REACH = 120  # characters: a place farther from its trigger than this rarely locates it
_TRUCE_OWN = 25  # characters from a truce's words to the "in" that places it
_ANAPHOR_REACH = 60  # characters before a trigger where "the town" stands for the story's place


def _locates(
    m: PlaceMention, trigger: Trigger, norm: str, sentence_start: int, cues: Cues | None = None
) -> bool:
    """Whether a place mention can be where the triggered event happened."""
    cues = cues or language_cues(DEFAULT_LANGUAGE)
    lo, hi = (m.end, trigger.start) if m.end <= trigger.start else (trigger.end, m.start)
    if hi - lo > _PLACE_REACH or cues.clause_break.search(norm, lo, hi):
        return False
    if _specificity(m.place) >= _BROAD:
        # "Russia's ministry", "France and Britain called": a country locates an event only "in" it
        if cues.locative_clitic is not None and cues.locative_clitic.match(norm, m.start):
            return True
        before = norm[max(sentence_start, m.start - 40) : m.start]
        if cues.possessor is not None:
            before = cues.possessor.sub("", before)  # "in Syria's Idlib province": the "in" before
        if trigger.type is EventType.AID_DELIVERED and cues.aid_to is not None and cues.aid_to.search(before):
            return True  # "delivered medicine to the Kherson region"
        if trigger.type is EventType.EVACUATION and cues.origin is not None and cues.origin.search(before):
            return True  # "evacuated from the Kherson region": where they left
        struck = trigger.type.is_attack or trigger.type is EventType.TERRITORY_CONTROL
        if struck and m.start >= trigger.end and cues.aimed_at.fullmatch(norm, trigger.end, m.start):
            return True  # "أطلقوا صواريخ على إسرائيل" ("fired rockets at Israel"): where it struck
        return bool(cues.locative.search(before))
    return True


def _stands_for_a_party(m: PlaceMention, norm: str, cues: Cues) -> bool:
    if cues.backer is not None and cues.backer.match(norm, m.end):
        return True
    if cues.partner is not None and cues.partner.search(norm, max(0, m.start - 30), m.start):
        return True  # "swapped prisoners with Moscow": the other side
    if cues.actor_base is not None and cues.actor_base.search(norm, max(0, m.start - 40), m.start):
        return True  # "a jihadist affiliate in Mali freed three": who freed them, not where
    # "Kyiv said" is its government; "officials in Gaza said" a place
    return (
        cues.speaker is not None
        and cues.speaker.match(norm, m.end) is not None
        and not cues.locative.search(norm[max(0, m.start - 30) : m.start])
    )


def _not_parties(places: Sequence[PlaceMention], norm: str, cues: Cues) -> list[PlaceMention]:
    """`places` less those that stand for a party (see _stands_for_a_party), and those named
    as the doers of a passive verb with the names listed after them ("brokered by Qatar and Egypt")."""
    out: list[PlaceMention] = []
    agent: PlaceMention | None = None  # the last name that was a doer
    for m in sorted(places, key=lambda m: m.start):
        # the doer of a passive verb, as roles.py reads one ("brokered by", "على يد")
        doer = cues.roles.agent.search(norm, max(0, m.start - 20), m.start)
        if doer or (agent is not None and cues.list_gap.match(norm, agent.end, m.start)):
            agent = m
        else:
            agent = None
            if not _stands_for_a_party(m, norm, cues):
                out.append(m)
    return out


def _outside_actor_names(places: list[PlaceMention], actors: Sequence[ActorMention]) -> list[PlaceMention]:
    """`places` less those inside the longer name of an actor of the lexicon ("the African Union
    Mission in Somalia", "Kyiv government"): a party's name, not where anything happened."""
    named = Cover((a.start, a.end) for a in actors if a.rule.startswith("lexicon:"))
    return [m for m in places if not (named.holds(m.start - 1, m.end) or named.holds(m.start, m.end + 1))]


def _place_for(
    kind: EventType,
    trigger: Trigger,
    places: list[PlaceMention],
    norm: str,
    sentence_start: int,
    cues: Cues | None = None,
) -> PlaceMention | None:
    cues = cues or language_cues(DEFAULT_LANGUAGE)
    candidates = [m for m in places if _locates(m, trigger, norm, sentence_start, cues)]
    candidates = _finest_of_chains(candidates, places, norm, cues, trigger)
    # "in Atbara, 300 km north of Khartoum": the reference point yields to the place it locates
    located = [
        m for m in candidates if not cues.reference.search(norm, max(sentence_start, m.start - 60), m.start)
    ]
    candidates = located or candidates
    if cues.place_of is not None:
        # "shelled the Darfur town of Kutum": the town; the region's name only says where it lies
        finer = [m for m in candidates if not _names_where(m, places, norm, cues.place_of)]
        candidates = finer or candidates
    if kind is EventType.DETAINEES_RELEASED and cues.people_of is not None:
        # "the Chibok schoolgirls were freed in Maiduguri": where they come from, unless nothing else
        where = [m for m in candidates if not cues.people_of.match(norm, m.end)]
        candidates = where or candidates
    if kind is EventType.AID_DELIVERED and cues.route is not None:
        # "entered Tigray through Gondar": where the aid arrived, not the way it came
        arrived = [
            m for m in candidates if not cues.route.search(norm[max(sentence_start, m.start - 40) : m.start])
        ]
        candidates = arrived or candidates
    if kind is EventType.AID_DELIVERED and cues.origin is not None:
        # "trucks from Port Sudan reached Kadugli": where the aid came from is not where it arrived
        candidates = [
            m for m in candidates if not cues.origin.search(norm, max(sentence_start, m.start - 30), m.start)
        ]
    if kind is EventType.NEGOTIATION_MEETING and cues.talk_topic is not None:
        # "talks on a Gaza ceasefire resumed in Cairo": where they were held, not what they were about
        held = [m for m in candidates if not cues.talk_topic.match(norm, m.end)]
        candidates = held or candidates
    if kind is EventType.NEGOTIATION_MEETING and cues.origin is not None:
        # "negotiators from Kinshasa met in Doha": where the talks were, not where a side came from
        held = [
            m for m in candidates if not cues.origin.search(norm, max(sentence_start, m.start - 30), m.start)
        ]
        candidates = held or candidates
    if kind not in _TALK_TYPES:
        # "withdrew from Afar under the Pretoria agreement": the deal's name locates nothing else
        candidates = [m for m in candidates if not _names_a_deal(m, norm, cues)]
    # "twenty held over the conflict in Mali were freed": which war, not where (the story's place is)
    candidates = [m for m in candidates if not _names_a_war(m, norm, cues)]
    # "troops based in Gao shelled Kuzu", "militants operating inside Mali fired on a convoy": where
    # a party is posted; a town may be where it acted too when the sentence names no other place
    posted = [m for m in candidates if _posted(m, norm, cues)]
    if posted:
        rest = [m for m in candidates if m not in posted]
        candidates = rest or [m for m in posted if _specificity(m.place) < _BROAD]
    if kind is EventType.EVACUATION:
        # people leave a place: the destination ("bound for Jarablus") is not where it happened, nor
        # the places listed after it ("to shelters in Maarrat Misrin and Maarrat al-Numan")
        bound: set[int] = set()
        previous: PlaceMention | None = None
        for m in sorted(places, key=lambda m: m.start):
            listed = previous is not None and id(previous) in bound
            if cues.destination.search(norm[max(sentence_start, m.start - 60) : m.start]) or (
                listed and previous is not None and cues.list_gap.match(norm, previous.end, m.start)
            ):
                bound.add(id(m))
            previous = m
        candidates = [m for m in candidates if id(m) not in bound]
        if cues.origin is not None:
            # "the transfer of 57 patients from Khan Younis to hospitals in Rafah": where they left
            left = [
                m for m in candidates if cues.origin.search(norm, max(sentence_start, m.start - 30), m.start)
            ]
            candidates = left or candidates
    if not candidates:
        return None
    if kind in _TRUCE_TYPES and cues.made_in is not None:
        # "the ceasefire agreed in Doha took effect in Gaza": where the deal was made, not the truce
        # (alone, still not the truce's: "announced a truce after talks in Minsk" is the story's)
        candidates = [
            m for m in candidates if not cues.made_in.search(norm, max(sentence_start, m.start - 30), m.start)
        ]
        if not candidates:
            return None
    if kind in _TRUCE_TYPES:
        # "the truce in Tigray has collapsed, ... accusing troops of shelling Adigrat": the place
        # named between the truce's own words is the truce's, however broad
        own = [m for m in candidates if trigger.start <= m.start and m.end <= trigger.end]
        if own:
            return min(own, key=lambda m: m.start)
        # "the truce in Yemen" (a word or two between): the truce's own place, not a town told before it
        told = [
            m
            for m in candidates
            if trigger.end <= m.start <= trigger.end + _TRUCE_OWN
            and cues.locative.search(norm[trigger.end : m.start])
            and len(norm[trigger.end : m.start].split()) <= 2
        ]
        if told:
            return min(told, key=lambda m: m.start)
    # "fired rockets into Israel", "shells fell on Kuzu": where it struck, however broad; "took
    # control of the town of Kuzu": where it was taken
    if kind.is_attack or kind is EventType.TERRITORY_CONTROL:
        struck = [
            m
            for m in candidates
            if m.start >= trigger.end and cues.aimed_at.fullmatch(norm, trigger.end, m.start)
        ]
        if struck:
            return struck[0]
    return min(candidates, key=lambda m: (_specificity(m.place), _distance(m, trigger)))


def _past_another_event(trigger: Trigger, m: PlaceMention, others: Sequence[Trigger], norm: str) -> bool:
    """Whether `m` lies past the words of another event told in another clause, with a comma
    between ("hours after the two states agreed a truce, shelling hit Batken"): that event's place."""
    for other in others:
        if trigger.end <= other.start and other.end <= m.start and "," in norm[trigger.end : other.start]:
            return True
        if m.end <= other.start and other.end <= trigger.start and "," in norm[other.end : trigger.start]:
            return True
    return False


def _two_states(
    places: Sequence[PlaceMention], country: Place, norm: str, list_gap: re.Pattern[str]
) -> PlaceMention | None:
    """The mention of `country` (the story's) listed with another country in a sentence that
    places a truce, deal or talks nowhere: "Kyrgyzstan and Tajikistan agreed to a ceasefire" in a
    story from a border town is the two states' truce, not the town's."""
    states = sorted((m for m in places if m.place.kind == "country"), key=lambda m: m.start)
    for a, b in pairwise(states):
        if a.place.country_code != b.place.country_code and list_gap.match(norm, a.end, b.start):
            return next((m for m in (a, b) if m.place.country_code == country.country_code), None)
    return None


def _names_a_war(m: PlaceMention, norm: str, cues: Cues) -> bool:
    """Whether `m` says which war ("the Darfur war", "the conflict in Mali", "النزاع في مالي")."""
    if cues.war_of is not None and cues.war_of.match(norm, m.end):
        return True
    if cues.war_before is None:
        return False
    before = norm[max(0, m.start - 40) : m.start]
    if cues.possessor is not None:
        before = cues.possessor.sub("", before)  # "the war in Chad's Lac province": the "in" before
    return cues.war_before.search(before) is not None


def _posted(m: PlaceMention, norm: str, cues: Cues) -> bool:
    """Whether `m` says where a party is posted ("troops based in Gao", "متمركزون في تشاد")."""
    posted = cues.stationed_in
    return posted is not None and posted.search(norm, max(0, m.start - 40), m.start) is not None


def _names_a_deal(m: PlaceMention, norm: str, cues: Cues) -> bool:
    """Whether `m` names a deal, talks or a process ("the Pretoria agreement", "مسار أستانا")."""
    if cues.deal_of is not None and cues.deal_of.match(norm, m.end):
        return True
    before = cues.deal_before
    return before is not None and before.search(norm, max(0, m.start - 30), m.start) is not None


def _names_where(m: PlaceMention, places: list[PlaceMention], norm: str, place_of: re.Pattern[str]) -> bool:
    """Whether `m` only says where the place named right after it lies ("the Darfur town of
    Kutum", "Mogadishu's Hodan district"): that place is no broader than `m`."""
    told = place_of.match(norm, m.end)
    if told is None:
        return False
    # the place named in the words matched ("'s Hodan district") or right after them ("town of Kutum")
    after = sorted((p for p in places if m.end <= p.start <= told.end() + 2), key=lambda p: p.start)
    return bool(after) and _specificity(after[0].place) <= _specificity(m.place)


def _finest_of_chains(
    candidates: list[PlaceMention],
    places: list[PlaceMention],
    norm: str,
    cues: Cues,
    trigger: Trigger | None = None,
) -> list[PlaceMention]:
    """Each candidate that names where the place before it lies ("Machava village, in Nangade
    district", "the Azovstal plant in Mariupol") replaced by that place, if it is no broader;
    a list of places ("Homs, Hama and Idlib") is not such a chain."""
    ordered = sorted(places, key=lambda m: m.start)

    def joined(a: int, b: int) -> bool:
        return cues.list_gap.match(norm, ordered[a].end, ordered[b].start) is not None

    holder_of: dict[int, PlaceMention] = {}
    for i in range(1, len(ordered)):
        inner, outer = ordered[i - 1], ordered[i]
        listed = (i >= 2 and joined(i - 2, i - 1)) or (i + 1 < len(ordered) and joined(i, i + 1))
        finer = _specificity(inner.place) <= _specificity(outer.place)
        # "the Darfur town of Kutum" is no chain: the first name says where the town named next lies;
        # nor "a Gaza ceasefire ... in Cairo": the first names what the words after it are about
        modifier = (cues.place_of is not None and _names_where(inner, places, norm, cues.place_of)) or any(
            cue is not None and cue.match(norm, inner.end) for cue in (cues.talk_topic, cues.deal_of)
        )
        # "the ceasefire agreed in Doha took effect in Rafah": the event's own words between are no chain
        split = trigger is not None and (
            inner.end <= trigger.start < outer.start or inner.end < trigger.end <= outer.start
        )
        if (
            finer
            and not listed
            and not modifier
            and not split
            and cues.within.match(norm, inner.end, outer.start)
        ):
            holder_of[id(outer)] = holder_of.get(id(inner), inner)
    return list({id(m): m for m in (holder_of.get(id(c), c) for c in candidates)}.values())


# "the towns of A, B, C and D": one happening per town of the list
# Types that happen at each place of a list; talks and deals between capitals do not
_PER_PLACE = frozenset(t for t in EventType) - _TALK_TYPES


def _listed_with(
    best: PlaceMention,
    places: list[PlaceMention],
    norm: str,
    list_gap: re.Pattern[str],
    route: re.Pattern[str] | None = None,
) -> list[PlaceMention]:
    """`best` and the places joined to it by commas and "and", in text order."""
    ordered = sorted(places, key=lambda m: m.start)
    at = ordered.index(best)
    lo = hi = at
    while lo > 0 and list_gap.match(norm, ordered[lo - 1].end, ordered[lo].start):
        lo -= 1
    while hi + 1 < len(ordered) and list_gap.match(norm, ordered[hi].end, ordered[hi + 1].start):
        hi += 1
    listed = ordered[lo : hi + 1]
    kinds = {_specificity(m.place) for m in listed}
    if len(kinds) != 1:
        return [best]  # "Aleppo, Syria" is one place, not two
    if len(listed) == 2 and not norm[listed[0].end : listed[1].start].strip(" ,،\n"):
        return [best]  # "Khan Younis, Gaza": a town and where it lies; two towns take an "and"
    first = listed[0].start
    if len(listed) == 2 and route is not None and route.search(norm, max(0, first - 30), first):
        return [best]  # "ambushed a convoy between Kaga Bandoro and Bangui": one road, one attack
    return listed


def _between(a: Mention, b: Mention, other: Mention) -> bool:
    lo, hi = (a.end, b.start) if a.end <= b.start else (b.end, a.start)
    return lo <= other.start and other.end <= hi


# "reached during UN-sponsored talks", "killed in an airstrike": the other event is part of this one
_ADJUNCT = re.compile(r"\b(?:during|amid|in|at)\s+(?:[\w-]+\s+){0,3}\Z", re.IGNORECASE)


def _adjunct(norm: str, trigger: Trigger, other: Trigger) -> bool:
    """Whether `other` follows `trigger` as a prepositional phrase of it, so shares its date."""
    return (
        trigger.end <= other.start
        and other.start - trigger.end <= 60
        and _ADJUNCT.search(norm, trigger.end, other.start) is not None
    )


def _when_for(
    kind: EventType,
    trigger: Trigger,
    dates: list[DateMention],
    others: list[Trigger],
    norm: str,
    sentence: tuple[int, int],
    published: dt.date | None,
    cues: Cues | None = None,
) -> When | None:
    cues = cues or language_cues(DEFAULT_LANGUAGE)
    if kind not in _NAMED_BY_DATE and cues.deal_of is not None:
        # "the detainees promised under the August deal were freed on Tuesday", "under the
        # January deal, a truce took effect on Sunday": the deal's date, not theirs
        dates = [d for d in dates if not cues.deal_of.match(norm, d.end)]
    # a date past another event's trigger belongs to that event ("entered, ... since a siege began in 2012")
    usable = [
        d
        for d in dates
        if (kind in _STATE_TYPES or not d.when.open_ended)
        # "have occupied the crossing for two weeks" dates that state, not a shelling beside it
        and (d.rule != LASTING_RULE or kind in _LASTING_TYPES)
        and (
            d.start - sentence[0]
            <= _OPENING  # "Last month they fired on ... and bombed ...": scopes over all
            or not any(
                o.type is not kind and _between(trigger, d, o) and not _adjunct(norm, trigger, o)
                for o in others
            )
        )
    ]
    # "forged a ceasefire Thursday afternoon to end the hostilities that flared up on Tuesday":
    # a date nearer another event's word than this one's is that event's, while one is left
    own = [
        d
        for d in usable
        if d.start - sentence[0] <= _OPENING
        or not any(o.type is not kind and _distance_to_words(d, o) < _distance(d, trigger) for o in others)
    ]
    usable = own or usable
    # "Russia, which annexed Crimea in 2014, freed 40 prisoners (on Monday)": a date in a clause
    # set off by commas that tells something else and does not hold the trigger never dates it
    # (cues.aside); with no other date the trigger is undated, unless the aside tells the scene on
    # a day of the report's week ("hit the market, which was packed on Sunday morning, killing 15")
    # "the ceasefire, agreed on 28 April, took effect on 1 May": a date in a clause set off by
    # commas between a trigger's words tells that clause, while the sentence has a date outside
    # it ("aid trucks on Monday entered the town" is dated by its Monday)
    told = [d for d in usable if not _in_aside(norm, trigger, d, sentence, cues)]
    usable = told or [d for d in usable if _the_scene(norm, d, sentence, published, cues)]
    outside = [d for d in usable if not _set_off_inside(norm, trigger, d)]
    usable = outside or usable
    # "two nurses kidnapped in May were freed on Sunday": a date in the gap between a rule's
    # words tells what the gap says of its subject, when a date right after the rule dates it
    # (not a date after a comma: "aid trucks on Monday entered X, the UN said on Tuesday")
    # "agreed in Stockholm in 2018, although clashes erupted on Tuesday": a date across a clause
    # break from the trigger tells the other clause, while one is left in the trigger's own
    near = [
        d
        for d in usable
        if d.start - sentence[0] <= _OPENING
        or not cues.clause_break.search(norm, *sorted((min(d.end, trigger.end), max(d.start, trigger.start))))
    ]
    usable = near or usable
    inside = [d for d in usable if trigger.start < d.start and d.end < trigger.end]
    if inside and any(d.start >= trigger.end and _right_after(norm, trigger, d) for d in usable):
        usable = [d for d in usable if d not in inside]
    if usable:
        return min(usable, key=lambda d: (_distance(d, trigger), d.start)).when
    if published is None:
        return None
    before = norm[max(sentence[0], trigger.start - 40) : trigger.end]
    if cues.present.search(before):
        day = published if not isinstance(published, dt.datetime) else published.date()
        return When(dt.datetime(day.year, day.month, day.day), Precision.DAY)
    return None


def _right_after(norm: str, trigger: Trigger, d: DateMention) -> bool:
    """Whether date `d` follows the trigger in its clause, at most two words after it."""
    gap = norm[trigger.end : d.start]
    return len(gap.split()) <= 2 and not any(mark in gap for mark in ",;:،؛")


def _set_off_inside(norm: str, trigger: Trigger, d: DateMention) -> bool:
    """Whether date `d` lies between a trigger's words in a clause set off by commas."""
    return (
        trigger.start < d.start
        and d.end < trigger.end
        and "," in norm[trigger.start : d.start]
        and "," in norm[d.end : trigger.end]
    )


_COMMA = re.compile(r"[,،]")


def _in_aside(norm: str, trigger: Trigger, d: Mention, sentence: tuple[int, int], cues: Cues) -> bool:
    """Whether mention `d` lies in a clause set off by commas that tells something else (", which
    ... ,", "، كانت العصابة قد خطفتهم في ...،": cues.aside) and does not hold the trigger: a
    trigger that begins or ends in it is told there ("Mediators, who met in Doha, said ...")."""
    left = max(norm.rfind(",", sentence[0], d.start), norm.rfind("،", sentence[0], d.start))
    right = _COMMA.search(norm, d.end, sentence[1])
    if left < 0 or right is None or not cues.aside.match(norm, left):
        return False
    return not (left < trigger.start < right.start() or left < trigger.end <= right.start())


_SCENE_DAYS = 7  # days before the report's in which an aside's day may be the scene's


def _the_scene(
    norm: str, d: DateMention, sentence: tuple[int, int], published: dt.date | None, cues: Cues
) -> bool:
    """Whether date `d`, in an aside, is a day of the report's week and the aside tells no
    background ("had", "كانت ... قد", "since"): the scene of the event told around it."""
    if published is None or d.when.precision is not Precision.DAY or d.when.end is not None:
        return False
    day = d.when.start.date()
    if not published - dt.timedelta(days=_SCENE_DAYS) <= day <= published:
        return False
    left = max(norm.rfind(",", sentence[0], d.start), norm.rfind("،", sentence[0], d.start))
    right = _COMMA.search(norm, d.end, sentence[1])
    return cues.background.search(norm, left + 1, right.start() if right else sentence[1]) is None


def _role(kind: EventType, actor: ActorMention) -> Role:
    side = (actor.side or "").lower()
    if kind.is_attack:
        if actor.kind in _VICTIM_KINDS:
            return Role.TARGET
        return Role.PERPETRATOR
    if kind in _TALK_TYPES:
        if side in _MEDIATOR_SIDES or actor.kind in _MEDIATOR_KINDS:
            return Role.MEDIATOR
        return Role.PARTY
    if kind in _BLOCKER_TYPES and actor.kind in _ATTACKER_KINDS:
        return Role.PERPETRATOR
    if kind in _BLOCKER_TYPES and actor.kind in _VICTIM_KINDS:
        return Role.TARGET
    return Role.PARTY


def _subject_inside(actor: ActorMention, trigger: Trigger, norm: str, cues: Cues) -> bool:
    """Whether `actor` is named between a verb-first trigger's verb and its object ("أطلق مسلحون
    مجهولون النار"), not as what was hit ("مواقع قوات ...")."""
    return (
        trigger.start < actor.start
        and actor.end < trigger.end
        and cues.roles.target.search(norm, max(trigger.start, actor.start - 40), actor.start) is None
    )


def _speaks_here(actor: ActorMention, norm: str, cues: Cues) -> bool:
    """Whether a verb of saying is next to `actor`, before or after it: its speaker."""
    return (
        cues.said_after.match(norm, actor.end) is not None
        or cues.said_before.search(norm, max(0, actor.start - 24), actor.start) is not None
        or _cited(actor, norm, cues)
    )


def _tells_of_another(actor: ActorMention, trigger: Trigger, norm: str, cues: Cues) -> bool:
    """Whether a verb of saying follows `actor` before the trigger, and the speaker does not
    tell of its own act ("the WFP said it had suspended deliveries")."""
    if actor.end > trigger.start:
        return False
    said = cues.reports.search(norm, actor.end, trigger.start)
    return said is not None and cues.self_reference.match(norm, said.end()) is None


def _cited(actor: ActorMention, norm: str, cues: Cues) -> bool:
    """Whether words that cite a source are right before `actor` ("according to UNHCR, ..."), and
    it does not tell of its own act ("according to Israel, its forces killed ...")."""
    return (
        cues.cited.search(norm, max(0, actor.start - 24), actor.start) is not None
        and cues.self_reference.match(norm, actor.end) is None
    )


def _listed_after(roles: list[ActorRole], actor: ActorMention, norm: str, list_gap: re.Pattern[str]) -> bool:
    """Whether `actor` follows the last of `roles` in one list ("Russia and Turkey")."""
    last = roles[-1] if roles else None
    return (
        last is not None
        and last.span is not None
        and list_gap.match(norm, last.span.end, actor.start) is not None
    )


def _actors_for(
    kind: EventType,
    actors: list[ActorMention],
    document_id: str,
    trigger: Trigger | None = None,
    norm: str = "",
    cues: Cues | None = None,
    sentence: tuple[int, int] | None = None,
    previous: tuple[int, int] | None = None,
    earlier: Sequence[ActorMention] = (),
) -> tuple[ActorRole, ...]:
    """The actors of a claim with their roles; `earlier`: the document's actor mentions,
    where "they" finds, in the `previous` sentence, the actor it stands for."""
    cues = cues or language_cues(DEFAULT_LANGUAGE)
    seen: set[str] = set()
    roles: list[ActorRole] = []
    told: Role | None = None  # the role the clause gave the last actor, which a list after it shares
    for a in actors:
        if a.actor in seen:
            continue
        role = _role(kind, a)
        if kind.is_attack and trigger is not None:
            if a.end <= trigger.start and cues.reports.search(norm, a.end, trigger.start):
                continue  # the source of the report, not a party to the attack
            said = clause_says(a, trigger, norm, sentence or (0, len(norm)), cues.roles)
            if said == "denied":
                continue
            if cues.verb_first and _subject_inside(a, trigger, norm, cues):
                said = Role.PERPETRATOR.value  # the subject between the verb and its object
            cited = _cited(a, norm, cues)
            if cited or (a.start >= trigger.end and _speaks_here(a, norm, cues)):
                # "..., the UN said", "..., said the army", "according to the WFP, gunmen ...":
                # who told of it, not who did it
                said = Role.MONITOR.value
            # "pounded Houthi and army units": a list shares what the clause said of its first name
            listed = said is None and told is not None and _listed_after(roles, a, norm, cues.list_gap)
            if said is not None:
                role = Role(said)
            elif listed and told is not None:
                role = told
            # "according to the WFP, gunmen attacked": the comma ends the source, not a list of them
            told = role if (said is not None and not cited) or listed else None
        elif (
            trigger is not None
            and a.kind == ActorKind.CIVILIANS.value
            and (
                _tells_of_another(a, trigger, norm, cues)
                or (a.start >= trigger.end and _speaks_here(a, norm, cues))
            )
        ):
            # "residents said the blockade had been eased", "the truce held, residents said": who
            # told of it.
            # (An agency that tells of a delivery or a blockade is most often the one that made it
            # or was stopped: "the WFP said 20 trucks arrived" keeps the WFP a party.)
            continue
        elif kind in _TALK_TYPES and (watch := watch_role(a, norm, sentence or (0, len(norm)), cues.roles)):
            role = Role(watch)
        elif (
            role is Role.MEDIATOR
            and trigger is not None
            and signed_it(a, trigger, norm, cues.roles)
            and not cues.reports.search(norm, a.end, trigger.start)  # "UNSMIL said a truce reached"
        ):
            role = Role.PARTY  # a state that signs or declares a truce is a party to it, not its broker
        elif (
            kind in _TALK_TYPES
            and roles
            and roles[-1].role in _WATCHERS
            and _listed_after(roles, a, norm, cues.list_gap)
        ):
            role = roles[-1].role  # "guaranteed by Russia and Turkey"
        seen.add(a.actor)
        roles.append(ActorRole(a.actor, role, Span(document_id, a.start, a.end)))
    unattributed = not any(r.role is Role.PERPETRATOR for r in roles)
    if kind.is_attack and trigger is not None and sentence is not None and unattributed:
        they = antecedent(trigger, sentence, previous, earlier, norm, cues.roles, _ATTACKER_KINDS)
        if they is not None and they.actor not in seen:
            roles.append(ActorRole(they.actor, Role.PERPETRATOR, Span(document_id, they.start, they.end)))
    return tuple(roles)


# Who was freed is counted as detainees, whatever the text calls them ("released 105 schoolgirls")
_HELD = (QuantityKind.PEOPLE, QuantityKind.CIVILIANS, QuantityKind.FIGHTERS)
# Who left is people moved, not a place's population ("5,000 residents left"); whom aid reached or
# failed to reach is people affected ("aid for 60,000 children"), as humanitarian counts go
_COUNTED_AS_PEOPLE = {
    EventType.EVACUATION: frozenset({QuantityKind.RESIDENTS}),
    EventType.AID_DELIVERED: frozenset({QuantityKind.CIVILIANS}),
    EventType.AID_BLOCKED: frozenset({QuantityKind.CIVILIANS}),
}


_ATTACKS = frozenset(t for t in EventType if t.is_attack)
# What each type of event is counted in: "the truce collapsed as shelling killed five" gives
# the shelling its toll, not the truce; "Luhansk, besieged since April, where a convoy of
# 260 trucks ..." gives the siege no trucks. A figure no event of its sentence takes
# elaborates the event just reported ("... blocking the road. 40 UN trucks were still waiting").
_FITS: dict[QuantityKind, frozenset[EventType]] = {
    # trucks that carried aid, were turned back, or were burnt in an attack
    QuantityKind.TRUCKS: frozenset({EventType.AID_DELIVERED, EventType.AID_BLOCKED, *_ATTACKS}),
    QuantityKind.BUSES: frozenset({EventType.EVACUATION, EventType.AGREEMENT_REACHED}),
    QuantityKind.PEOPLE: frozenset(
        {
            EventType.EVACUATION,
            EventType.AGREEMENT_REACHED,
            EventType.AID_BLOCKED,
            EventType.AID_DELIVERED,
            EventType.SIEGE_IMPOSED,
            EventType.SIEGE_LIFTED,
        }
    ),
    QuantityKind.FIGHTERS: frozenset(
        {EventType.EVACUATION, EventType.AGREEMENT_REACHED, EventType.TERRITORY_CONTROL, *_ATTACKS}
    ),
    QuantityKind.CIVILIANS: frozenset(
        {
            EventType.EVACUATION,
            EventType.AGREEMENT_REACHED,
            EventType.SIEGE_IMPOSED,
            EventType.SIEGE_LIFTED,
            *_ATTACKS,
        }
    ),
    QuantityKind.DETAINEES: frozenset({EventType.DETAINEES_RELEASED, EventType.AGREEMENT_REACHED}),
    QuantityKind.RESIDENTS: frozenset(
        {
            EventType.SIEGE_IMPOSED,
            EventType.SIEGE_LIFTED,
            EventType.AID_BLOCKED,
            EventType.AID_DELIVERED,
            EventType.TERRITORY_CONTROL,
            *_ATTACKS,
        }
    ),
    QuantityKind.KILLED: frozenset({EventType.EVACUATION, *_ATTACKS}),
    QuantityKind.INJURED: frozenset({EventType.EVACUATION, *_ATTACKS}),
}


def _counted(kind: EventType, counted: QuantityKind, chosen: dict[str, Quantity]) -> QuantityKind:
    """What a figure counts for an event of `kind` (see _HELD, _COUNTED_AS_PEOPLE)."""
    if kind is EventType.DETAINEES_RELEASED and counted in _HELD and "detainees" not in chosen:
        return QuantityKind.DETAINEES
    if counted in _COUNTED_AS_PEOPLE.get(kind, ()) and "people" not in chosen:
        return QuantityKind.PEOPLE
    return counted


def _quantities_for(
    kind: EventType, trigger: Trigger, mentions: Sequence[Mention], document_id: str
) -> tuple[Quantity, ...]:
    chosen: dict[str, Quantity] = {}
    for q in sorted(
        (m for m in mentions if isinstance(m, QuantityMention)),
        key=lambda m: (_distance(m, trigger), m.start),
    ):
        counted = _counted(kind, q.kind, chosen)
        if kind in _FITS[counted] and counted.value not in chosen:
            chosen[counted.value] = Quantity(counted, q.value, q.qualifier, Span(document_id, q.start, q.end))
    return tuple(sorted(chosen.values(), key=lambda q: q.span.start if q.span else 0))


def _told_apart(
    triggers: list[Trigger], sentence: tuple[int, int]
) -> list[tuple[list[Trigger], tuple[int, int]]] | None:
    """A swap's other release apart from the one it pays for ("released 116 soldiers in return
    for 80 prisoners"): two happenings, each reading its places and figures from where it is
    told to where the other is; None unless the sentence tells both."""
    apart = [t for t in triggers if t.apart]
    # words that begin inside the other release's words tell that release ("in return, X freed 39")
    rest = [t for t in triggers if not t.apart and not any(a.start <= t.start < a.end for a in apart)]
    apart = [t for t in triggers if t not in rest]
    if not apart or not rest:
        return None
    first, second = (rest, apart) if rest[0].start < apart[0].start else (apart, rest)
    cut = second[0].start
    return [(first, (sentence[0], cut)), (second, (cut, sentence[1]))]


def _by_clause(
    kind: EventType,
    triggers: list[Trigger],
    places_in: Inside,
    sentence: tuple[int, int],
    norm: str,
    cues: Cues,
) -> list[tuple[list[Trigger], tuple[int, int]]]:
    """A sentence's triggers of one type as happenings: one, over the whole sentence, unless its
    clauses tell them at different places ("shelling destroyed two houses in Tarn, while the
    shelling also wounded four people in Barton"): then one per such clause, each reading the
    places and figures from its clause to the next one's."""
    start, end = sentence
    if len(triggers) < 2:
        return [(triggers, sentence)]
    breaks = [m.start() for m in cues.clause_break.finditer(norm, start, end)]
    if not breaks:
        return [(triggers, sentence)]
    clauses: dict[int, list[Trigger]] = {}
    for t in triggers:
        clauses.setdefault(bisect_right(breaks, t.start), []).append(t)
    if len(clauses) < 2:
        return [(triggers, sentence)]
    bounds = [start, *breaks, end]
    happenings: list[list[Trigger]] = []
    opens: list[int] = []  # where each happening's clause begins
    seen: set[str | None] = set()
    for c, told in sorted(clauses.items()):
        places = [m for m in places_in(bounds[c], bounds[c + 1]) if isinstance(m, PlaceMention)]
        best = _place_for(kind, told[0], places, norm, start, cues)
        where = best.place.id or best.place.name if best is not None else None
        if happenings and (where is None or where in seen):
            happenings[-1].extend(told)  # the same happening told again, or told with no place of its own
            continue
        seen.add(where)
        happenings.append(list(told))
        opens.append(bounds[c])
    if len(happenings) < 2:
        return [(triggers, sentence)]
    # each happening reads from its clause to the next one's (the first from the sentence's start)
    cuts = [start, *opens[1:], end]
    return [(told, (cuts[k], cuts[k + 1])) for k, told in enumerate(happenings)]


def _respectively(
    kind: EventType, mentions: Sequence[Mention], towns: int, document_id: str
) -> dict[QuantityKind, list[Quantity]]:
    """For a sentence that names `towns` towns, the kinds it gives exactly one figure per town,
    in the order told ("the sides exchanged 30 and 12 prisoners between Tarn and Barton"; "5 were
    killed in Tarn and 3 in Barton")."""
    if towns < 2:
        return {}
    by_kind: dict[QuantityKind, list[Quantity]] = {}
    for q in sorted((m for m in mentions if isinstance(m, QuantityMention)), key=lambda m: m.start):
        counted = _counted(kind, q.kind, {})
        if kind in _FITS[counted] and q.value is not None:
            span = Span(document_id, q.start, q.end)
            by_kind.setdefault(counted, []).append(Quantity(counted, q.value, q.qualifier, span))
    return {k: figures for k, figures in by_kind.items() if len(figures) == towns}


def _town_figures(
    total: tuple[Quantity, ...], each: dict[QuantityKind, list[Quantity]], n: int
) -> tuple[Quantity, ...]:
    """The figures of the `n`th town's claim: its own of `each`, and of the rest the totals (the
    first town's claim carries those)."""
    own = [figures[n] for figures in each.values()]
    if n == 0:
        own += [q for q in total if q.kind not in each]
    return tuple(sorted(own, key=lambda q: q.span.start if q.span else 0))


class _ParentMap(dict[str, str | None]):
    """Parents known from the mentions, else asked of the gazetteer."""

    def __init__(self, known: dict[str, str | None], parent_of: Callable[[str], str | None]) -> None:
        super().__init__(known)
        self.parent_of = parent_of

    def __missing__(self, key: str) -> str | None:
        value = self.parent_of(key)
        self[key] = value
        return value


def _contains(outer: Place, inner: Place, parents: dict[str, str | None]) -> bool:
    """Whether `inner` lies inside `outer` (walking parent ids up from `inner`)."""
    if outer.id is None or inner.id is None or outer.id == inner.id:
        return False
    current: str | None = inner.id
    for _ in range(12):  # gazetteer trees are shallow; a cycle must not loop forever
        current = parents.get(current) if current is not None else None
        if current is None:
            return False
        if current == outer.id:
            return True
    return False


def assemble_claims(
    analysis: Analysis,
    extractor: str = EXTRACTOR,
    extractor_version: str = EXTRACTOR_VERSION,
    parent_of: Callable[[str], str | None] | None = None,
    place_of: Callable[[str], Place | None] | None = None,
) -> tuple[Claim, ...]:
    """The claims an Analysis supports, in text order. `place_of` (a place by id) lets a
    "nationwide" truce be placed at the country of the story's place when the text does not
    name the country ("KINSHASA - A nationwide ceasefire ...")."""
    sentences = analysis.sentences or ((0, len(analysis.text)),)
    starts = [s for s, _ in sentences]
    norm = (
        analysis.normalised
        if analysis.normalised and len(analysis.normalised) == len(analysis.text)
        else analysis.text
    )
    cues = language_cues(analysis.language)
    norm = pack(analysis.language).letters(norm)  # cue words are read letter-folded (same length)
    # "Ankara-backed groups" names a party's sponsor, "Nairobi has warned" its government:
    # not where anything happened
    located = _not_parties(analysis.places, norm, cues)
    # "the Pretoria agreement" says which deal: where the deal's own claims are, not the story's town
    told_of = [m for m in located if not _names_a_deal(m, norm, cues)]
    main_place = story_place(told_of)
    whole_country = story_country(located, main_place)
    country = national_place(located, main_place, whole_country)
    nationwide = whole_country or _unnamed_country(main_place, parent_of, place_of)
    parents = {m.place.id: m.place.parent_id for m in analysis.places if m.place.id}
    if parent_of is not None:
        parents = _ParentMap(parents, parent_of)
    groups: dict[tuple[int, EventType], list[Trigger]] = {}
    for t in sorted(analysis.triggers, key=lambda t: (t.start, t.end)):
        i = bisect_right(starts, t.start) - 1
        if i < 0 or t.start >= sentences[i][1]:
            continue
        groups.setdefault((i, t.type), []).append(t)
    for i, kind in [key for key in groups if key[1] is EventType.ATTACK_CLASH]:
        told = [t for (j, k), ts in groups.items() if j == i and k.is_attack and k is not kind for t in ts]
        if told and all(
            cues.generic_attack.fullmatch(norm, t.start, t.end) and _same_clause(t, told, norm, cues)
            for t in groups[(i, kind)]
        ):
            del groups[(i, kind)]  # "killed in an ambush on aid workers": the attack on aid, not a clash too
    for i, kind in [key for key in groups if key[1] is EventType.ATTACK_CIVILIANS]:
        means = [t for (j, k), ts in groups.items() if j == i and k in ATTACK_MEANS for t in ts]
        if means and all(
            any(_told_by(t, m, norm, cues) for m in means)
            or (
                cues.atrocity.fullmatch(norm, t.start, t.end)
                and _same_clause(t, means, norm, cues, timed=True)
            )
            for t in groups[(i, kind)]
        ):
            # "a drone attack on a wedding party", "killed 12 civilians in air strikes on Idlib"
            # ("قتلت 12 مدنيا في غارات"): the air strike, told by what it hit; "committed a massacre
            # ... with a drone": the drone strike, which the massacre judges (in its clause: not
            # "a massacre in one village, while jets struck another")
            del groups[(i, kind)]
    for i, kind in [key for key in groups if key[1] is EventType.ATTACK_AIRSTRIKE]:
        shelled = (i, EventType.ATTACK_SHELLING) in groups
        if shelled and all(cues.generic_bombing.fullmatch(norm, t.start, t.end) for t in groups[(i, kind)]):
            del groups[(i, kind)]  # "bombed the airport with rockets": shelling, not an air strike too
    by_sentence: dict[int, list[Trigger]] = {}
    for (i, _), ts in groups.items():
        by_sentence.setdefault(i, []).extend(ts)
    claims: list[Claim] = []
    doc = analysis.document_id
    # each layer's mentions within a sentence, looked up rather than scanned for every claim
    # a place inside an actor's name locates no claim; the story's place above still counts it,
    # since actors are found only in the claims' sentences and the story's place may not depend on that
    dates_in, places_in = Inside(analysis.dates), Inside(_outside_actor_names(located, analysis.actors))
    actors_in, quantities_in = Inside(analysis.actors), Inside(analysis.quantities)
    deadline = analysis.deadline
    placed: dict[EventType, tuple[int, Place]] = {}  # each type's last placed claim: its sentence, place
    # each type's last happening, its sentence, where and when: the swap a release told apart pays for
    swapped: dict[EventType, tuple[int, list[Place | None], When | None]] = {}
    ordered = sorted(groups.items(), key=lambda kv: (kv[1][0].start, kv[0][1].value))
    happenings = [
        (i, kind, told, region)
        for (i, kind), triggers in ordered
        for told, region in _told_apart(triggers, sentences[i])
        or _by_clause(kind, triggers, places_in, sentences[i], norm, cues)
    ]
    # the sentence, first claim and place of the last attack told
    last_attack: tuple[int, Claim, Place | None] | None = None
    last_deal: tuple[int, Place | None] | None = None  # the sentence and place of the last truce or deal told
    for n, (i, kind, triggers, (lo, hi)) in enumerate(happenings):
        if deadline is not None and not n % 64:
            deadline.check("assemble")
        retells: Claim | None = None
        if (
            all(t.retold for t in triggers)
            and last_attack is not None
            and i - last_attack[0] <= _FOLLOW_UP
            and not _another_attack(last_attack[2], places_in(lo, hi), sentences[i], norm, parents, cues)
        ):
            retells = last_attack[1]  # "The attack took place near Kuzu": the attack just told, told again
            kind = retells.type
        deal_told = last_deal is not None and i - last_deal[0] == 1
        if all(t.retold for t in triggers) and not kind.is_attack and not deal_told:
            # "It took effect at midnight" not right after a truce or deal: "it" may be a law, or a
            # curfew told in between
            continue
        start, end = sentences[i]
        previous = sentences[i - 1] if i else None
        trigger = triggers[0]
        dates = [m for m in dates_in(start, end) if isinstance(m, DateMention)]
        places = [m for m in places_in(lo, hi) if isinstance(m, PlaceMention)]
        # "X, the group linked to al-Qaeda in Syria, freed 16 soldiers": a place in an aside that does
        # not hold the trigger says who the party is, not where it happened
        places = [m for m in places if not _in_aside(norm, trigger, m, (start, end), cues)]
        actors = [m for m in actors_in(start, end) if isinstance(m, ActorMention)]
        if kind in _TALK_TYPES:
            # "hours after the two states agreed a truce, shelling hit Batken": the shelling's place
            others = [t for t in by_sentence[i] if t.type not in _TALK_TYPES]
            places = [m for m in places if not _past_another_event(trigger, m, others, norm)]
        best = _place_for(kind, trigger, places, norm, start, cues)
        for other in triggers[1:] if not kind.is_attack else ():
            if best is not None:
                break
            # "65 buses, carrying 3,500 people, fighters and civilians, who had left Rastan": the
            # place too far from the first of a happening's words may be near a later one
            best = _place_for(kind, other, places, norm, start, cues)
        pair = (
            _two_states(
                [m for m in places_in(start, end) if isinstance(m, PlaceMention)],
                whole_country,
                norm,
                cues.list_gap,
            )
            if best is None and kind in _TALK_TYPES and whole_country is not None
            else None
        )
        # "the town, which fell into rebel hands ... in northern Syria": the story's town, not the country
        the_town = (
            main_place is not None
            and main_place.kind != "country"  # "the town" is never a country
            and (best is None or _specificity(best.place) >= _BROAD)
            and cues.the_town.search(norm, max(start, trigger.start - _ANAPHOR_REACH), trigger.start)
            is not None
        )
        targets: list[Place | None] = [best.place] if best else [None]
        if best is not None and kind in _PER_PLACE:
            # a swap "between Idlib and Hama" frees people at both ends; an attack there hits one road
            road = cues.route if kind.is_attack else None
            targets = [m.place for m in _listed_with(best, places, norm, cues.place_list_gap, road)]
        if the_town:
            targets = [main_place]
        elif nationwide is not None and _nationwide(
            kind, trigger, best, nationwide, norm, (start, end), cues
        ):
            targets = [nationwide]  # "a truce across the country", "a nationwide ceasefire"
        elif pair is not None:
            targets = [pair.place]  # "Kyrgyzstan and Tajikistan agreed to a ceasefire": the states'
        elif best is None and kind in _TALK_TYPES and country is not None:
            targets = [country]
        elif best is None and nationwide is not None and cues.country_region.search(norm, start, end):
            targets = [nationwide]  # "raids in the far north": in the country, not the story's town
        elif best is None and kind in placed and i - placed[kind][0] <= _FOLLOW_UP:
            targets = [placed[kind][1]]  # "Shelling hit Kuzu on Monday. The shelling killed five."
        elif best is None and all(t.retold for t in triggers) and last_deal is not None and last_deal[1]:
            targets = [last_deal[1]]  # "A truce was agreed for Kuzu. It took effect at 6 pm."
        elif best is None or (
            main_place is not None
            and _contains(best.place, main_place, parents)
            and _specificity(best.place) < _BROAD
            and not cues.extent.search(norm, max(start, best.start - 30), best.start)
        ):
            # "the last rebel district of Homs city" in a story about Waer: Waer, the finer place;
            # but a governorate or country the sentence names ("villages in Homs province") is
            # where it happened, not the story's town inside it
            targets = [main_place]
        if best is not None:
            placed[kind] = (i, best.place)
        rule = "+".join(dict.fromkeys(t.rule for t in triggers))
        when = _when_for(kind, trigger, dates, by_sentence[i], norm, (start, end), analysis.published, cues)
        partner = swapped.get(kind)
        if trigger.apart and partner is not None and i - partner[0] <= 1:
            # the other side of one swap, told with it or just after: its place and day, unless it
            # names its own ("..., فيما أفرجت الحكومة عن 25 معتقلا من سجن عدرا")
            _, theirs, their_day = partner
            targets = targets if best is not None else theirs
            when = when or their_day
        swapped[kind] = (i, targets, when)
        here = list(quantities_in(lo, hi))
        figures = _quantities_for(kind, trigger, here, doc)
        each = _respectively(kind, here, len(targets), doc)
        claims.extend(
            Claim(
                type=kind,
                document_id=doc,
                evidence=(Span(doc, start, end),),
                when=when,
                place=place.name if place else None,
                place_id=place.id if place else None,
                actors=_actors_for(
                    kind, actors, doc, trigger, norm, cues, (start, end), previous, analysis.actors
                ),
                # a toll over a list of towns is one total, unless a figure is told for each
                quantities=_town_figures(figures, each, n),
                extractor=extractor,
                extractor_version=extractor_version,
                rule=rule,
            )
            for n, place in enumerate(targets)
        )
        if retells is not None:  # its parties and toll are the attack's it tells again
            claims[-len(targets) :] = [
                replace(c, actors=c.actors or retells.actors, quantities=c.quantities or retells.quantities)
                for c in claims[-len(targets) :]
            ]
        elif kind.is_attack:
            last_attack = (i, claims[-len(targets)], targets[0])
        if kind in _DEAL_TYPES:
            last_deal = (i, targets[0])
    return _attach_orphans(claims, analysis, sentences)


ORPHAN_REACH = 3  # sentences (the quantities component reads this far past an event)
ORPHAN_AHEAD = 1  # sentences: a toll may be told just before its event (and is read that far ahead)


def _attach_orphans(
    claims: list[Claim], analysis: Analysis, sentences: Sequence[tuple[int, int]]
) -> tuple[Claim, ...]:
    """Each figure that fits no claim of its own sentence given to the nearest claim it fits: the
    latest 1 to ORPHAN_REACH sentences before, unless that is 2 or more sentences back and a claim
    ORPHAN_AHEAD sentences after fits ("Two soldiers died. The bomb was hidden in a truck.")."""
    if not claims or not analysis.quantities:
        return tuple(claims)
    starts = [s for s, _ in sentences]
    claim_sentence = [bisect_right(starts, c.evidence[0].start) - 1 for c in claims]
    types_in: dict[int, set[EventType]] = {}
    for c, i in zip(claims, claim_sentence, strict=True):
        types_in.setdefault(i, set()).add(c.type)
    # the claims, latest sentence first (in order within one), looked up by their sentence
    order = sorted(range(len(claims)), key=lambda j: -claim_sentence[j])
    keys = [-claim_sentence[j] for j in order]

    def fitting(js: Sequence[int], kind: QuantityKind) -> list[int]:
        return [j for j in js if claims[j].type in _FITS[kind] and claims[j].quantity(kind) is None]

    for q in analysis.quantities:
        i = bisect_right(starts, q.start) - 1
        if i < 0 or q.value is None or any(t in _FITS[_counted(t, q.kind, {})] for t in types_in.get(i, ())):
            continue
        # the claims 1 to ORPHAN_REACH sentences before the figure's (latest first), then the next's
        before = order[bisect_left(keys, 1 - i) : bisect_right(keys, ORPHAN_REACH - i)]
        fits = fitting(before, q.kind)
        far = not fits or claim_sentence[fits[0]] < i - 1  # no claim it fits in the sentence before
        if far and any(claim_sentence[j] == i - 1 and claims[j].type in _FITS[q.kind] for j in before):
            # "11 trucks reached Goma. Another 25 were waiting at the border": more of the event just
            # told, which has its figure; not a figure of an event told after
            continue
        if far:
            fits = (
                fitting(order[bisect_left(keys, -ORPHAN_AHEAD - i) : bisect_right(keys, -1 - i)], q.kind)
                + fits
            )
        if fits:
            j = _at_named_place(fits, claims, claim_sentence, analysis.places, sentences[i])
            c = claims[j]
            quantity = Quantity(q.kind, q.value, q.qualifier, Span(c.document_id, q.start, q.end))
            claims[j] = replace(c, quantities=(*c.quantities, quantity))
    return tuple(claims)


def _at_named_place(
    fits: list[int],
    claims: list[Claim],
    claim_sentence: list[int],
    places: Sequence[PlaceMention],
    sentence: tuple[int, int],
) -> int:
    """Of the first fitting claim and the others of its sentence (one per town it names), the one
    at a place the figure's own sentence names: "... an exchange between Town A and Town B. 19
    prisoners held in Town B were handed over" gives Town B's claim the 19."""
    siblings = [j for j in fits if claim_sentence[j] == claim_sentence[fits[0]]]
    if len(siblings) > 1:
        start, end = sentence
        named = {m.place.id for m in places if start <= m.start < end and m.place.id}
        for j in siblings:
            if claims[j].place_id in named:
                return j
    return fits[0]


class AssembleComponent:
    """Fills `analysis.claims` from the other layers."""

    name = "assemble"

    def __init__(
        self,
        extractor: str = EXTRACTOR,
        extractor_version: str = EXTRACTOR_VERSION,
        parent_of: Callable[[str], str | None] | None = None,
        place_of: Callable[[str], Place | None] | None = None,
    ) -> None:
        self.extractor = extractor
        self.extractor_version = extractor_version
        self.parent_of = parent_of
        self.place_of = place_of

    def __call__(self, analysis: Analysis) -> Analysis:
        claims = assemble_claims(
            analysis, self.extractor, self.extractor_version, self.parent_of, self.place_of
        )
        return replace(analysis, claims=claims)
