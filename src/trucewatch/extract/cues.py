"""The words of one language that assembly reads around a trigger, from the
language pack's `cues.yaml` (lang/<code>/cues.yaml): which words before a
country make it the event's place ("in"), where people went ("bound for"),
where a clause ends, what marks a report of now, who tells of an attack, and
what marks background rather than news. A pack without the file is read with
English's, as the rest of a missing pack is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from trucewatch.extract.lang import DEFAULT_LANGUAGE, pack
from trucewatch.extract.roles import ENGLISH_ROLE_CUES, RoleCues

__all__ = ["Cues", "cues"]


@dataclass(frozen=True)
class Cues:
    locative: re.Pattern[str]  # before a country or region that locates an event ("in")
    locative_clitic: re.Pattern[str] | None  # the same written on the name ("باليمن")
    destination: re.Pattern[str]  # before where people went ("bound for")
    clause_break: re.Pattern[str]
    present: re.Pattern[str]  # a report of now ("today", "has")
    reports: re.Pattern[str]  # a source telling of an attack ("said")
    # right after a name, its verb of saying ("the UN said", "the army has said"), and right
    # before one ("said the UN") (matched to $): the name is who tells of it
    said_after: re.Pattern[str]
    said_before: re.Pattern[str]
    cited: re.Pattern[str]  # right before a name, what makes it a source ("according to") (to $)
    self_reference: re.Pattern[str]  # after "said": the speaker's own act ("said it had", "said Sunday it")
    means: re.Pattern[str]  # a word that tells how an attack was made ("in", "by", "في") (searched)
    background: re.Pattern[str]  # told as background, not news ("had", "last year")
    list_gap: re.Pattern[str]  # between two names of one list: ", ", " and ", ", and " (matched to \Z)
    # between two places of one list, which may go on past a preposition and the kind of place:
    # "Taiz and in Aden", "Kabul and the embattled northern towns of" (matched to \Z)
    place_list_gap: re.Pattern[str] = re.compile(r"(?!)")
    # between a place and the place holding it: "village, in", "sector in", ", " (matched to \Z)
    within: re.Pattern[str] = re.compile(r"(?!)")
    # between an attack's word and the place it struck: "rockets into", "shells fell on the" (matched to \Z)
    aimed_at: re.Pattern[str] = re.compile(r"(?!)")
    # words for an attack of no kind ("an ambush"): a clash only when no kind of attack is told beside
    generic_attack: re.Pattern[str] = re.compile(r"(?!)")
    # words for bombing by air or by guns ("bombed", "bombardment"): shelling when shells are told beside
    generic_bombing: re.Pattern[str] = re.compile(r"(?!)")
    # after a comma, the words that open a clause set off by commas telling something else ("..., which
    # annexed Crimea in 2014, ..."): a date or a place in it does not date or place the event told around it
    aside: re.Pattern[str] = re.compile(r"(?!)")
    # words that tell one happening as before or after another ("hours after", "بعد ساعات من"): a
    # massacre so told beside a strike is not that strike
    sequel: re.Pattern[str] = re.compile(r"(?!)")
    # words that judge an attack by what it did to people, not how it was made ("a massacre"): the
    # attack told by its means when its sentence tells one (an air strike, shelling, a bomb)
    atrocity: re.Pattern[str] = re.compile(r"(?!)")
    # right after a place that says where people come from, not where they were freed ("Chibok schoolgirls")
    people_of: re.Pattern[str] | None = None
    # the language puts the verb before its subject: a party named between an attack's verb and
    # its object did it ("أطلق مسلحون مجهولون النار على")
    verb_first: bool = False
    # right after a place that names where a finer one named next lies ("the Darfur town of
    # Kutum", "Mogadishu's Hodan district"): that finer place is where it happened
    place_of: re.Pattern[str] | None = None
    # a name and its possessive ending right before a place ("in Syria's Idlib province"): the
    # locative before the name locates the place (matched to $)
    possessor: re.Pattern[str] | None = None
    # right after a place that names what talks are about ("a Gaza ceasefire"), not where they were
    talk_topic: re.Pattern[str] | None = None
    # right after a name that names a deal or talks, not where anything happened ("the Pretoria
    # agreement", "the Astana talks"): no place for the other events of its sentence
    deal_of: re.Pattern[str] | None = None
    separately: re.Pattern[str] | None = None  # "in a separate attack": not the attack just told
    made_in: re.Pattern[str] | None = None  # before where a deal was made ("signed in") (to $)
    # after "the country('s)", a part of it ("the country's south"): not the whole (matched)
    country_part: re.Pattern[str] | None = None
    # ... or right before it, where a language names the deal first ("مسار أستانا", "اتفاق جدة")
    # (matched to $)
    deal_before: re.Pattern[str] | None = None
    # right after a name that names a war ("the Darfur war"), or right before it ("the conflict in
    # Mali", matched to $): which war, not where its sentence's events happened if another place is named
    war_of: re.Pattern[str] | None = None
    war_before: re.Pattern[str] | None = None
    # before a place aid or people passed through on the way, not where they arrived ("through
    # Gondar", "via the Rafah crossing") (matched to $)
    route: re.Pattern[str] | None = None
    # before a region or country aid was brought to ("brought supplies to the Kherson region"):
    # where it was delivered, as a locative says (matched to $)
    aid_to: re.Pattern[str] | None = None
    # before where a delegation came from, not where its talks were held ("negotiators from
    # Kinshasa met in Doha") (matched to $)
    origin: re.Pattern[str] | None = None
    # right after a name that qualifies a party, not where it acted ("Ankara-backed groups")
    backer: re.Pattern[str] | None = None
    # right after a name that stands for its government ("Nairobi has warned", "Kyiv said")
    speaker: re.Pattern[str] | None = None
    # before a name that is the side dealt or fought with, not a place ("an exchange with Moscow",
    # "talks with Kyiv") (matched to $)
    partner: re.Pattern[str] | None = None
    # before a place that only names a party's branch ("an affiliate in Mali"): the party's
    # description, not where it acted (matched to $)
    actor_base: re.Pattern[str] | None = None
    # before where a party is posted ("troops based in Gao"): where it acted only failing another place
    stationed_in: re.Pattern[str] | None = None
    # the story's town named without its name: "the town", "the besieged city" (not "the city of X")
    the_town: re.Pattern[str] = re.compile(r"(?!)")
    # the story's country named without its name: "across the country", "nationwide"
    the_country: re.Pattern[str] = re.compile(r"(?!)")
    # a part of the story's country named by its bearing alone: "in the south", "the country's north"
    country_region: re.Pattern[str] = re.compile(r"(?!)")
    # before a place all of which an event spans, not a town inside it: "across Ukraine" (matched to $)
    extent: re.Pattern[str] = re.compile(r"(?!)")
    # before a place named as a reference point: "30 km north of", "east of" (matched to $)
    reference: re.Pattern[str] = re.compile(r"(?!)")
    roles: RoleCues = ENGLISH_ROLE_CUES  # who did it and who suffered it (roles.py)


@cache
def cues(language: str) -> Cues:
    """The cues of `language`'s pack, English's where the pack has none."""
    lang = pack(language)
    if lang.code != language:  # read with another language's pack: its cues, built once
        return cues(lang.code)
    if not lang.has("cues.yaml") and language != DEFAULT_LANGUAGE:
        return cues(DEFAULT_LANGUAGE)
    raw: dict[str, Any] = lang.yaml("cues.yaml")  # English's is required: FileNotFoundError names it
    fold = lang.source_fold

    def words(key: str) -> str:
        return _alternation(raw, key, fold) or "(?!)"

    edge, clitics = r"(?<![\w'])", "|".join(map(re.escape, (p for p in lang.word_prefixes if p)))
    lead = rf"{edge}(?:{clitics})?" if clitics else edge
    articles = rf"(?:(?:{words('articles')})\s+)?" if raw.get("articles") else ""
    clause, comma_clause = words("clause_words"), words("comma_clause_words")

    def compiled(pattern: str) -> re.Pattern[str]:
        return re.compile(pattern, re.IGNORECASE)

    # the one adjective is never a preposition: "reached between Niger and Mali" is no "reached Mali"
    adjective = r"(?-i:[a-z-]+)"
    if raw.get("not_adjectives"):
        adjective = rf"(?!(?:{words('not_adjectives')})\s){adjective}"

    def before_a_name(key: str) -> re.Pattern[str]:
        """The words of `key`, then an article and one adjective, right before a name (matched to $)."""
        return compiled(rf"{lead}(?:{words(key)})\s+{articles}(?:{adjective}\s+)?$")

    return Cues(
        # "in Kenya", "in neighbouring Kenya"
        locative=before_a_name("locative"),
        locative_clitic=compiled(rf"(?:{words('locative_clitics')})")
        if raw.get("locative_clitics")
        else None,
        destination=compiled(rf"{lead}(?:{words('destination')})(?:\s+(?:{words('place_words')}))*\s*$"),
        clause_break=compiled(
            rf"[;؛]|[,،]\s*{lead}(?:{clause}|{comma_clause})(?![\w'])|{lead}(?:{clause})(?![\w'])"
        ),
        present=compiled(rf"{lead}(?:{words('present')})(?![\w'])"),
        reports=compiled(rf"{lead}(?:{words('reports')})(?![\w'])"),
        said_after=compiled(
            rf"[\s,]*(?:(?:{words('speaker_auxiliaries')})\s+)?{lead}(?:{words('reports')})(?![\w'])"
            if raw.get("speaker_auxiliaries")
            else rf"[\s,]*{lead}(?:{words('reports')})(?![\w'])"
        ),
        said_before=compiled(rf"{lead}(?:{words('reports')})[\s,]+{articles}$"),
        cited=compiled(rf"{lead}(?:{words('cited')})[\s,]*{articles}$"),
        # perhaps after a few words that are not a new subject's ("said Sunday it had")
        means=compiled(rf"{lead}(?:{words('means')})(?![\w'])"),
        separately=compiled(rf"{lead}(?:{words('separately')})(?![\w'])") if raw.get("separately") else None,
        made_in=compiled(rf"{lead}(?:{words('made_in')})\s+{articles}$") if raw.get("made_in") else None,
        country_part=compiled(rf"(?:['’]s)?\s+(?:{words('country_part')})(?![\w'])")
        if raw.get("country_part")
        else None,
        self_reference=compiled(
            rf"(?:[\s,]+(?!(?:{words('articles')})(?![\w']))[\w'-]+){{0,3}}?[\s,]+"
            rf"{lead}(?:{words('self_reference')})(?![\w'])"
        ),
        background=compiled(rf"{lead}(?:{words('background')})(?![\w'])"),
        list_gap=compiled(rf"\s*(?:[,،]\s*(?:(?:{words('list_words')})\s*)?|(?:{words('list_words')})\s*)\Z"),
        place_list_gap=compiled(
            rf"\s*(?:[,،]\s*(?:(?:{words('list_words')})\s*)?\Z|(?:[,،]\s*)?(?:{words('list_words')})\s*"
            rf"(?:(?:{words('locative')})\s+)?(?:(?:(?-i:[a-z-]+)\s+){{0,3}}(?:{words('place_words')})\s+of\s+"
            rf"|(?:(?:{words('place_words')})\s+)*)\Z)"
        ),
        # up to two kind words ("village", "steel plant"), never a list word, then a comma or "in"
        within=compiled(
            rf"(?:\s+(?!(?:{words('list_words')})(?![\w']))(?-i:[^\W\d_A-Z][\w-]*)){{0,2}}"
            rf"(?:\s*[,،]\s*(?:{lead}(?:{words('within')})\s+{articles})?|\s+{lead}(?:{words('within')})\s+{articles}"
            rf"|\s+(?:{words('within_clitics')}))\Z"
        ),
        # up to two words ("fell", "were fired"), the preposition, an article and one adjective
        aimed_at=compiled(rf"\s+(?:\S+\s+){{0,2}}?(?:{words('aimed_at')})\s+{articles}(?:(?-i:[a-z-]+)\s+)?"),
        generic_attack=compiled(rf"(?:(?:{words('articles')}|an?)\s+)?(?:{words('generic_attack')})"),
        generic_bombing=compiled(rf"(?:{words('generic_bombing')})"),
        atrocity=compiled(rf"(?:{words('atrocity')})"),
        sequel=compiled(rf"{lead}(?:{words('sequel')})(?![\w'])"),
        aside=compiled(rf"[,،]\s*{lead}(?:{words('aside')})(?![\w'])"),
        roles=_role_cues(raw["roles"], fold, lead) if raw.get("roles") else ENGLISH_ROLE_CUES,
        the_town=compiled(
            rf"{lead}(?:{words('articles')})\s+(?:(?-i:[a-z-]+)\s+)?(?:{words('the_town')})(?![\w'])(?!\s+of\s+(?-i:[A-Z]))"
            rf"|{lead}(?:{words('the_town_written')})(?![\w'])"
        ),
        the_country=compiled(rf"{lead}(?:{words('the_country')})(?![\w'])"),
        country_region=compiled(rf"{lead}(?:{words('country_region')})(?![\w'])"),
        extent=before_a_name("extent"),
        reference=_reference(raw, words, fold, lead, articles),
        verb_first=bool(raw.get("verb_first", False)),
        backer=compiled(rf"[-‐–\s](?:{words('backers')})(?![\w'])") if raw.get("backers") else None,
        speaker=compiled(rf"\s+(?:(?:{words('speaker_auxiliaries')})\s+)?(?:{words('speaks')})(?![\w'])")
        if raw.get("speaks")
        else None,
        people_of=compiled(rf"\s+(?:{words('people_of')})(?![\w'])") if raw.get("people_of") else None,
        place_of=compiled(rf"\s*(?:{words('place_of')})(?![\w'])") if raw.get("place_of") else None,
        possessor=compiled(rf"[\w-]+(?:{words('possessive')})\s+$") if raw.get("possessive") else None,
        talk_topic=compiled(rf"\s+(?:{words('talk_topic')})(?![\w'])") if raw.get("talk_topic") else None,
        deal_of=compiled(rf"\s+(?:{words('deal_of')})(?![\w'])") if raw.get("deal_of") else None,
        deal_before=before_a_name("deal_before") if raw.get("deal_before") else None,
        war_of=compiled(rf"\s+(?:{words('war_of')})(?![\w'])") if raw.get("war_of") else None,
        war_before=before_a_name("war_before") if raw.get("war_before") else None,
        route=before_a_name("route") if raw.get("route") else None,
        aid_to=before_a_name("aid_to") if raw.get("aid_to") else None,
        origin=before_a_name("origin") if raw.get("origin") else None,
        partner=before_a_name("partner") if raw.get("partner") else None,
        actor_base=before_a_name("actor_base") if raw.get("actor_base") else None,
        stationed_in=before_a_name("stationed_in") if raw.get("stationed_in") else None,
    )


def _reference(
    raw: dict[str, Any], words: Callable[[str], str], fold: Callable[[str], str], lead: str, articles: str
) -> re.Pattern[str]:
    """A distance and a direction ("30 km north of"), a distance alone ("kilometres from"), or a
    direction not after a locative or an article ("north of", not "in the north of"), then
    an article and up to two words of a kind of place ("the town of"), to the end."""
    if not raw.get("directions"):
        return re.compile(r"(?!)")
    units, directions = words("distance_units"), words("directions")
    # fixed-width look-behinds, one per word: "in the north of X" locates the event in X
    locatives = {w for key in ("locative", "articles") for w in raw.get(key) or ()}
    unlocated = "".join(rf"(?<!{re.escape(fold(w))}\s)" for w in sorted(locatives))
    measured = rf"(?:{units})\s+(?:(?:{directions})|(?:{words('distance_only')}))"
    bare = rf"{unlocated}{lead}(?:{directions})"
    return re.compile(
        rf"(?:{lead}{measured}|{bare})\s+{articles}(?:(?:{words('place_words')})\s+){{0,2}}$", re.IGNORECASE
    )


def _role_cues(raw: dict[str, Any], fold: Callable[[str], str], lead: str) -> RoleCues:
    """A pack's role words (cues.yaml `roles`) as the patterns roles.py reads: `agent` and `target`
    right before an actor after the trigger, `denial` between an actor and it, `monitor`/`guarantor`
    words before or after the actor's name. Word forms a language marks in morphology (a passive,
    a subject pronoun) have no list: those rules stay off for it."""

    def before(key: str) -> re.Pattern[str] | None:  # the words end right before the name
        found = _alternation(raw, key, fold)
        return re.compile(rf"{lead}(?:{found})\s*$", re.IGNORECASE) if found else None

    def after(key: str) -> re.Pattern[str] | None:  # the words start right after the name
        found = _alternation(raw, key, fold)
        return re.compile(rf"^\s*(?:{found})(?!\w)", re.IGNORECASE) if found else None

    never = re.compile(r"(?!)")
    denial = _alternation(raw, "denial", fold)
    return RoleCues(
        agent=before("agent") or never,
        target=before("target") or never,
        passive=never,
        denial=re.compile(rf"{lead}(?:{denial})(?!\w)") if denial else never,
        pronoun=None,
        active_verb=never,
        monitor_before=before("monitor_before"),
        monitor_after=after("monitor_after"),
        guarantor_before=before("guarantor_before"),
        guarantor_after=after("guarantor_after"),
    )


def _alternation(raw: dict[str, Any], key: str, fold: Callable[[str], str]) -> str:
    """The words of `raw[key]`, folded as the text is, as a regex alternation (longest first;
    a space matches any run of spaces); "" when there are none."""
    entries = (fold(str(w)).replace(" ", r"\s+") for w in raw.get(key) or ())
    return "|".join(sorted(entries, key=len, reverse=True))
