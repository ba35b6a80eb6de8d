"""Unit tests for the extraction components: normalise, sentences, quantities, triggers, assemble.

Sample sentences here are synthetic (written for these tests)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trucewatch.extract import triggers as triggers_module
from trucewatch.extract.assemble import assemble_claims, story_place
from trucewatch.extract.base import Analysis, DateMention, Trigger
from trucewatch.extract.cues import cues
from trucewatch.extract.eval_format import claims_to_events
from trucewatch.extract.normalise import normalise
from trucewatch.extract.pipeline import PipelineError, build_pipeline, extract_document
from trucewatch.extract.quantities import find_quantities, parse_number
from trucewatch.extract.sentences import split_sentences
from trucewatch.extract.triggers import find_triggers
from trucewatch.model import Claim, EventType, Precision, Qualifier, QuantityKind, When


def test_normalise_keeps_length_and_folds_typography() -> None:
    text = "\u201cA truce\u201d \u2014 it\u2019s\u00a0holding\u2026"
    out = normalise(text)
    assert len(out) == len(text)
    assert out == '"A truce" - it\'s holding.'


@given(st.text())
def test_normalise_never_changes_length(text: str) -> None:
    assert len(normalise(text)) == len(text)


def test_sentences_respect_abbreviations_prompts_and_editor_notes() -> None:
    text = (
        "Gen. Smith met the U.N. envoy on Monday. Q: Did it work? "
        "It did. [Ed.: The town fell in May.] Fighting resumed."
    )
    quotes = [text[s:e] for s, e in split_sentences(text)]
    assert quotes[0] == "Gen. Smith met the U.N. envoy on Monday."
    assert "Q: Did it work?" in quotes
    assert "[Ed.: The town fell in May.]" in quotes
    assert quotes[-1] == "Fighting resumed."


def test_a_clock_time_ends_a_sentence_only_before_a_new_one() -> None:
    text = "The truce starts at 6 p.m. (1500 GMT) on Friday. It held until 5 a.m. Gunfire resumed."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "The truce starts at 6 p.m. (1500 GMT) on Friday.",
        "It held until 5 a.m.",
        "Gunfire resumed.",
    ]


def test_sentences_do_not_split_hard_wrapped_lines() -> None:
    text = "The besieged town of\nExampleville received its first\nconvoy on Friday. Next one."
    spans = split_sentences(text)
    assert len(spans) == 2


def test_a_bullet_line_ends_at_its_line_break() -> None:
    text = (
        "Relief convoy reaches the valley\n"
        "- Twelve people were killed in shelling on the market town last week\n"
        "at least 30 trucks crossed into the valley on Monday, officials said."
    )
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Relief convoy reaches the valley",
        "- Twelve people were killed in shelling on the market town last week",
        "at least 30 trucks crossed into the valley on Monday, officials said.",
    ]


@pytest.mark.parametrize(
    ("text", "kind", "value", "qualifier"),
    [
        ("more than 7,300 detainees", QuantityKind.DETAINEES, 7300, Qualifier.MORE_THAN),
        ("some 1,500 people", QuantityKind.PEOPLE, 1500, Qualifier.ABOUT),
        ("40 trucks", QuantityKind.TRUCKS, 40, Qualifier.EXACT),
        ("three buses", QuantityKind.BUSES, 3, Qualifier.EXACT),
        ("killing 12 civilians", QuantityKind.KILLED, 12, Qualifier.EXACT),
        ("at least 9 people were wounded", QuantityKind.INJURED, 9, Qualifier.AT_LEAST),
        ("dozens of fighters", QuantityKind.FIGHTERS, None, Qualifier.IMPRECISE),
        ("home to an estimated 20,000 people", QuantityKind.RESIDENTS, 20000, Qualifier.ABOUT),
        ("two and a half thousand people", QuantityKind.PEOPLE, 2500, Qualifier.EXACT),
        ("up to 60 prisoners", QuantityKind.DETAINEES, 60, Qualifier.LESS_THAN),
        ("around 300 rebel fighters", QuantityKind.FIGHTERS, 300, Qualifier.ABOUT),
        ("40 gunmen and their families", QuantityKind.FIGHTERS, 40, Qualifier.EXACT),
        ("110 Sudanese, including 12 children, were killed", QuantityKind.KILLED, 110, Qualifier.EXACT),
        ("at least 18 people are now dead", QuantityKind.KILLED, 18, Qualifier.AT_LEAST),
        ("the death toll has climbed to 85", QuantityKind.KILLED, 85, Qualifier.EXACT),
        ("the blast killed hundreds", QuantityKind.KILLED, None, Qualifier.IMPRECISE),
        ("a nine-truck convoy", QuantityKind.TRUCKS, 9, Qualifier.EXACT),
        ("four aid workers were killed", QuantityKind.KILLED, 4, Qualifier.EXACT),
        ("at least 11 members of the border police were killed", QuantityKind.KILLED, 11, Qualifier.AT_LEAST),
        (
            "over 90 fighters on both sides of the line near the dam were killed",
            QuantityKind.KILLED,
            90,
            Qualifier.MORE_THAN,
        ),
        ("40+ buses", QuantityKind.BUSES, 40, Qualifier.AT_LEAST),
        ("15 soldiers and civilians evacuated", QuantityKind.PEOPLE, 15, Qualifier.EXACT),
        # the sick and wounded may be fighters or civilians: counted as people
        ("60 sick and wounded people moved", QuantityKind.PEOPLE, 60, Qualifier.EXACT),
        (
            "some 700 people, most of them women and children, left",
            QuantityKind.CIVILIANS,
            700,
            Qualifier.ABOUT,
        ),
        ("some 300 people, mostly fighters, left", QuantityKind.PEOPLE, 300, Qualifier.ABOUT),
        ("a nurse and a driver were killed", QuantityKind.KILLED, 2, Qualifier.EXACT),
        ("an old woman and her grandson were wounded", QuantityKind.INJURED, 2, Qualifier.EXACT),
        # a partitive takes no modifier's place: "of the" before "missing Kuzu"
        ("twelve of the missing Kuzu schoolgirls", QuantityKind.CIVILIANS, 12, Qualifier.EXACT),
        ("fifteen of the abducted Kuzu pupils", QuantityKind.CIVILIANS, 15, Qualifier.EXACT),
    ],
)
def test_quantities_table(text: str, kind: QuantityKind, value: int | None, qualifier: Qualifier) -> None:
    found = find_quantities(f"Reports said {text} were there.")
    assert [(q.kind, q.value, q.qualifier) for q in found][:1] == [(kind, value, qualifier)]


def test_a_toll_of_one_is_told_in_the_singular() -> None:
    found = find_quantities("One person was killed and one more was wounded when the mortar round landed.")
    assert [(q.kind, q.value) for q in found][:1] == [(QuantityKind.KILLED, 1)]


def test_a_breakdown_inside_an_aside_is_not_the_toll() -> None:
    found = find_quantities("Shelling killed 30 people, among them nine women and four boys, in the market.")
    assert [(q.kind, q.value) for q in found] == [
        (QuantityKind.KILLED, 30),
        (QuantityKind.CIVILIANS, 9),
        (QuantityKind.CIVILIANS, 4),
    ]
    # a part of the group counts at least that many of it
    freed = "The rebels handed over the captured troops, including 12 injured soldiers, at dawn."
    found = find_quantities(freed)
    assert [(q.kind, q.value, q.qualifier) for q in found] == [
        (QuantityKind.FIGHTERS, 12, Qualifier.AT_LEAST)
    ]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("About 3,000 residents left the besieged town on buses on Sunday.", EventType.EVACUATION),
        ("The convoy delivered food to some 8,000 children in the camp.", EventType.AID_DELIVERED),
    ],
)
def test_people_who_left_or_whom_aid_reached_are_counted_as_people(text: str, kind: EventType) -> None:
    claims = [c for c in extract_document("d", text, dt.date(2021, 5, 3)).claims if c.type is kind]
    assert QuantityKind.PEOPLE in [q.kind for q in claims[0].quantities]


def test_people_freed_are_not_placed_where_they_come_from() -> None:
    text = "Forty Goma students were freed by the militia in Bukavu on Friday."
    claims = extract_document("d", text, dt.date(2021, 5, 3)).claims
    assert [(c.type, c.place) for c in claims] == [(EventType.DETAINEES_RELEASED, "Bukavu")]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The rebels released 116 soldiers in Kuzu on Saturday in return for 80 prisoners.", "en"),
        # synthetic: the same swap in Arabic
        ("أطلق المسلحون سراح 116 جنديا في البلدة يوم السبت مقابل 80 أسيرا.", "ar"),
    ],
)
def test_a_swap_is_two_releases_one_for_each_side(text: str, language: str) -> None:
    analysis = extract_document("d", text, dt.date(2021, 5, 3), language=language)
    released = [c for c in analysis.claims if c.type is EventType.DETAINEES_RELEASED]
    assert [[(q.kind, q.value) for q in c.quantities] for c in released] == [
        [(QuantityKind.DETAINEES, 116)],
        [(QuantityKind.DETAINEES, 80)],
    ]
    assert len({(c.place, c.when) for c in released}) == 1  # one swap: one place, one day
    events = claims_to_events(analysis.claims, text=text, language=language)
    assert sorted(e["quantities"]["detainees"] for e in events) == [80, 116]


def test_people_set_free_are_counted_as_detainees() -> None:
    text = "The armed group released 64 civilians seized in a raid on the hamlet last month."
    claims = extract_document("d", text, dt.date(2021, 5, 3)).claims
    released = [c for c in claims if c.type is EventType.DETAINEES_RELEASED]
    assert [(q.kind, q.value) for q in released[0].quantities] == [(QuantityKind.DETAINEES, 64)]


@pytest.mark.parametrize("people", ["Cambodians", "Eritreans", "Kurds"])
def test_nationals_set_free_are_detainees_released_and_counted(people: str) -> None:
    text = f"The border guards released 18 {people} at the crossing on Tuesday."
    claims = extract_document("d", text, dt.date(2021, 5, 3)).claims
    assert [c.type for c in claims] == [EventType.DETAINEES_RELEASED]
    assert [(q.kind, q.value) for q in claims[0].quantities] == [(QuantityKind.DETAINEES, 18)]


def test_a_people_releasing_words_frees_no_one() -> None:
    text = "The Russians released a statement on Tuesday."
    assert extract_document("d", text, dt.date(2021, 5, 3)).claims == ()


def test_numbers_without_a_counted_noun_are_not_quantities() -> None:
    assert find_quantities("In 2016 at 12:01 the 3rd round began.") == ()
    # a day of the month before a toll's noun is not the toll
    assert find_quantities("Since fighting began on Oct. 9, deaths have mounted.") == ()
    # nor a day written before its month, whatever nouns follow
    assert find_quantities("The truce broke down on 14 May when army troops shelled the town.") == ()
    found = find_quantities("On 3 March 12 soldiers were killed.")
    assert [(q.kind, q.value) for q in found] == [(QuantityKind.KILLED, 12)]
    # the year of a dateline is not a count of what the next line names
    found = find_quantities("Posted June 4, 2019\n\nFighters left the town.")
    assert found == ()
    # nor the year of a dateline a count of the members the next paragraph names
    found = find_quantities("Filed July 2, 2020\n\nAt least nine members of the police were killed.")
    assert [(q.kind, q.value) for q in found] == [(QuantityKind.KILLED, 9)]
    # a figure after a full date still counts
    found = find_quantities("On June 4, at least 12 fighters left the town.")
    assert [(q.kind, q.value, q.qualifier) for q in found] == [
        (QuantityKind.FIGHTERS, 12, Qualifier.AT_LEAST)
    ]


@pytest.mark.parametrize(
    "text",
    ["The enclave, where some 40,000 civilians live, is cut off.", "Some 40,000 people still live there."],
)
def test_people_who_live_in_a_place_are_its_residents(text: str) -> None:
    assert [(q.kind, q.value) for q in find_quantities(text)] == [(QuantityKind.RESIDENTS, 40_000)]


@pytest.mark.parametrize(
    ("words", "value"),
    [("7,300", 7300), ("1.5 million", 1_500_000), ("forty-two", 42), ("three hundred and twenty", 320)],
)
def test_parse_number(words: str, value: int) -> None:
    assert parse_number(words) == value


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("A truce went into effect at noon.", EventType.CEASEFIRE_START),
        ("The truce collapsed after two days.", EventType.CEASEFIRE_END),
        ("The two sides reached a deal on Monday.", EventType.AGREEMENT_REACHED),
        ("Army negotiators met rebel delegates in the town.", EventType.NEGOTIATION_MEETING),
        ("A convoy of twenty trucks entered the town.", EventType.AID_DELIVERED),
        ("Soldiers turned back the aid convoy at the checkpoint.", EventType.AID_BLOCKED),
        ("Troops imposed a siege on the valley.", EventType.SIEGE_IMPOSED),
        ("The siege was lifted in spring.", EventType.SIEGE_LIFTED),
        ("Hundreds of fighters left the district by bus.", EventType.EVACUATION),
        ("The authorities released 40 detainees.", EventType.DETAINEES_RELEASED),
        ("Airstrikes hit the market.", EventType.ATTACK_AIRSTRIKE),
        ("Mortar fire hit the school.", EventType.ATTACK_SHELLING),
        ("Clashes broke out near the bridge.", EventType.ATTACK_CLASH),
        ("A sniper shot a boy.", EventType.ATTACK_CIVILIANS),
        ("A car bomb went off in the square.", EventType.ATTACK_EXPLOSION),
        ("Gunmen fired on an aid convoy.", EventType.ATTACK_AID),
        ("Rebels captured the hill.", EventType.TERRITORY_CONTROL),
        # the many ways reports say the same things
        ("Two farmers died in heavy Indian firing on the border.", EventType.ATTACK_SHELLING),
        ("Witnesses heard tanks firing near the bridge.", EventType.ATTACK_SHELLING),
        ("Fighting flared again in the hills on Sunday.", EventType.ATTACK_CLASH),
        ("Gunmen carried out an attack on a displacement camp at night.", EventType.ATTACK_CIVILIANS),
        ("Army units have been fighting a local militia in the hills since June.", EventType.ATTACK_CLASH),
        ("A war broke out in the north in spring.", EventType.ATTACK_CLASH),
        ("Gunmen continue to shell families fleeing the valley.", EventType.ATTACK_SHELLING),
        ("Looters made off with medical supplies from the depot.", EventType.ATTACK_AID),
        ("Blue helmets escorted about 900 families out of the old town.", EventType.EVACUATION),
        ("A corridor for the wounded was agreed upon by both commanders.", EventType.AGREEMENT_REACHED),
        ("Under a Kenyan-mediated deal the militia handed over its guns.", EventType.AGREEMENT_REACHED),
        ("Friday's accord opened the road to the port.", EventType.AGREEMENT_REACHED),
        ("Both sides kept to the March 9 deal.", EventType.AGREEMENT_REACHED),
        ("Eleven fishermen were freed from captivity at dawn.", EventType.DETAINEES_RELEASED),
        ("A bomb went off outside the checkpoint.", EventType.ATTACK_EXPLOSION),
        ("Eight shepherds were killed in strikes on the hills at dawn.", EventType.ATTACK_AIRSTRIKE),
        ("A guard was hurt when a tank fired at the gate.", EventType.ATTACK_SHELLING),
        ("The villagers were brutally murdered by masked gunmen.", EventType.ATTACK_CIVILIANS),
        ("Medics carried 70 wounded people out of the valley overnight.", EventType.EVACUATION),
        ("Some 200 Islamists left the old quarter by bus.", EventType.EVACUATION),
        ("Militia units helped the army regain control of the hill town.", EventType.TERRITORY_CONTROL),
        ("The Red Cross saw to the release of 40 farmers held by the militia.", EventType.DETAINEES_RELEASED),
        (
            "On Monday, 12 fishermen held since the spring by the island's coast guard were freed.",
            EventType.DETAINEES_RELEASED,
        ),
        (
            "The raiders broke through and expelled the border troops from the post.",
            EventType.TERRITORY_CONTROL,
        ),
        ("The rebels pressed on, wresting three villages from army control.", EventType.TERRITORY_CONTROL),
        ("A convoy of 14 buses arrived at the camp on Friday.", EventType.EVACUATION),
        ("The truce took force at midnight.", EventType.CEASEFIRE_START),
        ("The truce appeared to be largely holding on its third day.", EventType.CEASEFIRE_START),
        ("A truce for the harvest in the northern villages ended on Tuesday.", EventType.CEASEFIRE_END),
        ("Militants fired rocket-propelled grenades at the market.", EventType.ATTACK_SHELLING),
        ("The agency delivered flour and blankets to the camp.", EventType.AID_DELIVERED),
        ("Troops gunned down two rebel fighters at the river crossing.", EventType.ATTACK_CLASH),
        ("Twelve passengers and the driver were seized at a roadblock.", EventType.ATTACK_CIVILIANS),
        ("The militia held the port until it was driven out last spring.", EventType.TERRITORY_CONTROL),
        ("Traders suffered after the army sealed all crossings into the valley.", EventType.SIEGE_IMPOSED),
        ("The siege of the town has ended.", EventType.SIEGE_LIFTED),
        ("An agreement on the exit of the fighters was reached on Monday.", EventType.AGREEMENT_REACHED),
        ("Nearly 50 detainees are being released by both sides this week.", EventType.DETAINEES_RELEASED),
        ("Two hostages were returned to their families on Sunday.", EventType.DETAINEES_RELEASED),
        ("Troops advanced on Friday, seizing the hilltop town.", EventType.TERRITORY_CONTROL),
        ("Jihadists took the border town of Kassar in 2012.", EventType.TERRITORY_CONTROL),
        ("The port town came under rebel militia control in June.", EventType.TERRITORY_CONTROL),
        ("The mediation produced an accord on the checkpoints.", EventType.AGREEMENT_REACHED),
        ("The airport, which is now blocked, handled grain.", EventType.AID_BLOCKED),
        ("Traders suffered from the closure of the main Kassab border crossing.", EventType.AID_BLOCKED),
        ("The enclave was last month besieged by militias.", EventType.SIEGE_IMPOSED),
        ("The town has been under a de facto blockade for a year.", EventType.SIEGE_IMPOSED),
        ("After weeks of mediated talks the two sides signed nothing.", EventType.NEGOTIATION_MEETING),
        ("Envoys spoke at a meeting in the port city on Friday.", EventType.NEGOTIATION_MEETING),
        ("Talks between the army and the militia resumed quietly.", EventType.NEGOTIATION_MEETING),
        ("At the talks, hosted by Qatar, both delegations listened.", EventType.NEGOTIATION_MEETING),
        (
            "Nine UN trucks loaded with flour, lentils, blankets and fuel for the clinic arrived at noon.",
            EventType.AID_DELIVERED,
        ),
        ("We saw a handful of trucks arrive at the camp.", EventType.AID_DELIVERED),
        ("The pause in fighting began at dawn.", EventType.CEASEFIRE_START),
        ("Crowds cheered at the start of the truce.", EventType.CEASEFIRE_START),
        ("Heavy gunfire shattered the truce near the bridge.", EventType.CEASEFIRE_END),
        ("The cabinet decided not to renew the ceasefire.", EventType.CEASEFIRE_END),
        ("The two armies agreed to a renewed ceasefire at the weekend.", EventType.AGREEMENT_REACHED),
        ("Militia leaders forged a ceasefire on Thursday.", EventType.AGREEMENT_REACHED),
        ("Peace talks resumed in the capital.", EventType.NEGOTIATION_MEETING),
        ("A cargo plane carried out an airdrop of flour over the valley.", EventType.AID_DELIVERED),
        ("No food has reached the hill villages for a month.", EventType.AID_BLOCKED),
        ("The militia disrupted the delivery of medicine to the camp.", EventType.AID_BLOCKED),
        ("Forty patients were evacuated from the hospital.", EventType.EVACUATION),
        ("A prisoner swap took place at the border post.", EventType.DETAINEES_RELEASED),
        ("Drones struck a fuel depot overnight.", EventType.ATTACK_AIRSTRIKE),
        ("Shellfire wrecked the bakery.", EventType.ATTACK_SHELLING),
        ("Fighting resumed in the northern suburbs.", EventType.ATTACK_CLASH),
        ("Insurgents ambushed an army patrol.", EventType.ATTACK_CLASH),
        ("Raiders torched twenty houses in the hamlet.", EventType.ATTACK_CIVILIANS),
        ("Troops swept through Kuzu district, torching twenty houses.", EventType.ATTACK_CIVILIANS),
        ("Negotiators from Kinshasa and the rebels met in Doha.", EventType.NEGOTIATION_MEETING),
        ("A patrol was hit by explosives near the ford.", EventType.ATTACK_EXPLOSION),
        ("Three aid workers were killed in the ambush.", EventType.ATTACK_AID),
        ("The militia took back the crossing.", EventType.TERRITORY_CONTROL),
        ("The hill villages have been encircled for weeks.", EventType.SIEGE_IMPOSED),
        ("Farmers there are living under a total blockade.", EventType.SIEGE_IMPOSED),
        ("Nine students were released by their captors.", EventType.DETAINEES_RELEASED),
        ("The two commanders met for talks at a farmhouse.", EventType.NEGOTIATION_MEETING),
        ("A one-day truce announced by the governor held.", EventType.CEASEFIRE_START),
        ("There was a breakdown in the truce after dusk.", EventType.CEASEFIRE_END),
        ("The rebels launched an offensive on the river port.", EventType.ATTACK_CLASH),
        ("Raiders attacked army positions near the dam.", EventType.ATTACK_CLASH),
        ("The medicine has not reached the clinics in the valley.", EventType.AID_BLOCKED),
        ("Guards stopped the relief team from entering the camp.", EventType.AID_BLOCKED),
        ("Wounded men were escorted out of the old town.", EventType.EVACUATION),
        ("A truck bombing wrecked the customs post.", EventType.ATTACK_EXPLOSION),
        ("Police said they had retaken the fuel depot.", EventType.TERRITORY_CONTROL),
        ("The garrison retreated from the river town.", EventType.TERRITORY_CONTROL),
        ("The market town fell into militia hands in spring.", EventType.TERRITORY_CONTROL),
        ("The local truce was extended for a month.", EventType.AGREEMENT_REACHED),
        ("Militia columns marched into the provincial capital.", EventType.TERRITORY_CONTROL),
        ("Battles between the two brigades resumed at dawn.", EventType.ATTACK_CLASH),
        ("Two aid workers killed in roadside ambush", EventType.ATTACK_AID),
        ("Both brigades accepted the truce on Sunday.", EventType.AGREEMENT_REACHED),
        ("The two councils agreed in March to swap 40 captives.", EventType.AGREEMENT_REACHED),
        ("Some 300 captives had been exchanged by dusk.", EventType.DETAINEES_RELEASED),
        ("The militia besieged the river port for a month.", EventType.SIEGE_IMPOSED),
        ("The garrison held out in the fort under siege from the militia.", EventType.SIEGE_IMPOSED),
        ("The two envoys met in the capital on Friday to negotiate a truce.", EventType.NEGOTIATION_MEETING),
        ("Unprovoked firing hit the border villages overnight.", EventType.ATTACK_SHELLING),
        ("Dozens died in two weeks of combat along the river.", EventType.ATTACK_CLASH),
        ("Militia fighters occupied the hilltop village at dawn.", EventType.TERRITORY_CONTROL),
        ("Medics began an operation to carry 60 injured men out of the valley.", EventType.EVACUATION),
        ("Volunteers were evacuating the last families from the quarter.", EventType.EVACUATION),
        ("The fire on the ward forced the evacuation of 40 patients.", EventType.EVACUATION),
        ("Two relief workers were shot dead on the road to the camp.", EventType.ATTACK_AID),
        ("A UNICEF vehicle was hijacked at gunpoint outside the town.", EventType.ATTACK_AID),
        ("A relief convoy came under mortar fire outside the town.", EventType.ATTACK_AID),
        ("No relief trucks have been allowed into the district since spring.", EventType.AID_BLOCKED),
        ("Only very limited food aid was let into the valley this week.", EventType.AID_BLOCKED),
        ("Thirty trucks have been permitted into the enclave since Sunday.", EventType.AID_DELIVERED),
        ("Police opened fire on a crowd of mourners at the cemetery.", EventType.ATTACK_CIVILIANS),
        ("Masked men stormed several homes on the edge of the village.", EventType.ATTACK_CIVILIANS),
        ("Jihadists stormed the market town of Kassar at dawn.", EventType.ATTACK_CLASH),
        ("Raiders attacked a poor neighbourhood on the edge of the town.", EventType.ATTACK_CIVILIANS),
        ("Insurgents killed four policemen on the highway at dusk.", EventType.ATTACK_CLASH),
        ("The raid on an army outpost near the river left two dead.", EventType.ATTACK_CLASH),
        ("Shelling near the clinic prompted the emergency evacuation of its staff.", EventType.EVACUATION),
        ("A strike on a school in the river town killed six people.", EventType.ATTACK_AIRSTRIKE),
        ("Helicopter gunships pounded the hills above the town.", EventType.ATTACK_AIRSTRIKE),
        ("A bomb strapped to a bicycle exploded outside the market.", EventType.ATTACK_EXPLOSION),
        ("Two boys stepped on an anti-personnel mine near the school.", EventType.ATTACK_EXPLOSION),
        ("Five farmers were gunned down near the river.", EventType.ATTACK_CIVILIANS),
        ("Two soldiers were wounded in combat near the ridge.", EventType.ATTACK_CLASH),
        ("The militia handed back 40 captured fishermen.", EventType.DETAINEES_RELEASED),
        ("Two nurses abducted in March were freed on Sunday.", EventType.DETAINEES_RELEASED),
        ("Soldiers turned away a convoy of relief trucks at the bridge.", EventType.AID_BLOCKED),
        ("Forty trucks of flour remain stranded at the port.", EventType.AID_BLOCKED),
        ("Relief flights to the valley remain suspended.", EventType.AID_BLOCKED),
        ("The rival brigades signed a declaration of principles.", EventType.AGREEMENT_REACHED),
        ("The two councils initialled an accord on the river port.", EventType.AGREEMENT_REACHED),
        ("Raiders hacked nine herders to death near the well.", EventType.ATTACK_CIVILIANS),
        ("Gunmen killed a herder at the well on Sunday.", EventType.ATTACK_CIVILIANS),
        ("The truce between the two brigades largely held overnight.", EventType.CEASEFIRE_START),
        ("Looters ransacked a relief warehouse at the port.", EventType.ATTACK_AID),
        ("Gunmen attacked a health centre in the hill district.", EventType.ATTACK_AID),
        ("Two Doctors Without Borders employees were wounded at the ford.", EventType.ATTACK_AID),
        ("Militiamen torched the UNICEF office in the market town.", EventType.ATTACK_AID),
        ("Gunmen killed as many as 30 villagers near the river.", EventType.ATTACK_CIVILIANS),
        ("The truce, which took effect on April 2, collapsed on Sunday.", EventType.CEASEFIRE_END),
        ("Militia fighters have surrounded the river town.", EventType.SIEGE_IMPOSED),
        ("Red Crescent teams handed out flour to displaced families.", EventType.AID_DELIVERED),
        ("The ICRC facilitated the evacuation of 40 patients from the clinic.", EventType.EVACUATION),
        ("Fresh fighting erupted on Sunday, shattering a year-long truce.", EventType.CEASEFIRE_END),
        ("The foreign ministers of both states met to discuss the truce.", EventType.NEGOTIATION_MEETING),
        ("The river port is now under militia control.", EventType.TERRITORY_CONTROL),
        ("The hill town is now in the hands of the rebels.", EventType.TERRITORY_CONTROL),
        (
            "The militia denied that civilians were killed in the shelling of the market.",
            EventType.ATTACK_SHELLING,
        ),
    ],
)
def test_each_type_has_a_general_trigger(sentence: str, kind: EventType) -> None:
    assert kind in {t.type for t in find_triggers(sentence)}


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials gave no word on freeing any of the jailed men.",
        "The army did not release a single prisoner this week.",
        "Both parties pledged that relief trucks would not be stopped.",
        "No one will block the food deliveries, the mediator promised.",
        "Will the truce hold?",
        "The shelling can continue at any time.",
        "Officials were seeking to deliver aid to the town.",
        "There haven't been any airstrikes since then.",
        "The rebels would leave the town if the deal held.",
        "About two hundred families were left behind in the old quarter.",
        "The army gave the rebels a day, threatening to launch an offensive on the town.",
        "Families returned to the valley after years of bombardment.",
        "Residents of the occupied territories held a vigil.",
        "The gunmen's raid on Monday left three people dead.",
        "Tensions exploded into a war of words between the two ministers.",
        "A bombed house stood at the corner.",
        "Rescuers were working to reach and evacuate families in the quarter.",
        "The council planned an operation to evacuate the hamlet.",
        "It took the town ten years to rebuild its market.",
        "It took the city of Kassar a decade to recover.",
        "The minister came under pressure to rule out a second vote.",
        "The council was forced to halt the evacuation of the quarter.",
        "Angry residents stormed the town hall on Monday.",
        "The port authority came under scrutiny for rule breaches.",
        "The truce in Kuzu district may collapse within days.",
        "This may lead to the release of 50 prisoners next week.",
        "Protesters were torching tyres on the main road.",
        "Officials warned of future clashes in the valley.",
        "The rebels released a statement on the prisoners.",
        "Workers began a general strike on the railways.",
        "Police dismantled an IED workshop in the old town.",
        "Families mourned those killed in fighting last year.",
        "The governor denied blocking relief trucks.",
        "No accord has been reached on the swap of prisoners.",
        "The 1949 armistice ended the fighting along the river.",
        "The cabinet is weighing air strikes on the camps.",
        "Students burned tyres outside the relief warehouse.",
        "A teachers' strike hit schools across the province.",
        "Aircraft dropped leaflets over the river town.",
        "Police seized a cache of grenades in the market.",
        "The company struck a gold mine in the hills.",
        "Deminers destroyed unexploded ordnance near the school.",
        "Five passengers were killed when their bus overturned near the river.",
        "An aid conference was held at the UN headquarters.",
        "The clinic announced a new health protocol on Monday.",
        "The club captured the league title on Sunday.",
        "Families in the camp received no food aid last month.",
        "The minister was surrounded by bodyguards at the rally.",
        "The envoy focused on ending truce violations in the valley.",
        "Finance ministers met in the capital to discuss the budget.",
        "The port offloaded 30,000 tonnes of coal on Monday.",
        "The company relocated its staff to the coast.",
        "Riot police surrounded the parliament on Monday.",
        "The blaze at the depot is now under control.",
        "The withdrawal, which the ministry announced in May, drew criticism.",
        # a denial scopes over the whole clause its "that" opens
        "The militia denied that its fighters had shelled the river port on Sunday.",
        "The governor rejected claims by the opposition that the hamlet was besieged.",
    ],
)
def test_negated_and_hypothetical_events_are_not_triggers(sentence: str) -> None:
    assert find_triggers(sentence) == ()


def test_a_denial_reaches_no_further_than_its_clause() -> None:
    text = "The militia denied that the talks had failed, but said gunmen shelled the river port."
    assert [t.type for t in find_triggers(text)] == [EventType.ATTACK_SHELLING]


@pytest.mark.parametrize(
    "sentence",
    [  # synthetic
        "A truce agreed on May 2 remains fragile in Kuzu district.",
        "A truce agreed on 2 May remains fragile in Kuzu district.",
        "A truce agreed in early May remains fragile in Kuzu district.",
    ],
)
def test_the_month_of_may_is_no_modal(sentence: str) -> None:
    kinds = [t.type for t in find_triggers(sentence)]
    assert kinds == [EventType.AGREEMENT_REACHED, EventType.CEASEFIRE_START]


def test_a_date_between_the_words_of_a_longer_rule_stays_with_the_nearer_one() -> None:
    text = "In a statement on Thursday, the mission said a truce reached on May 2 remains fragile in Kuzu."
    claims = extract_document("syn", text, dt.date(2021, 5, 20)).claims  # synthetic
    assert [(c.type.value, c.when.iso() if c.when else None) for c in claims] == [
        ("agreement.reached", "2021-05-02"),
        ("ceasefire.start", "2021-05-02"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "The war has killed more than 40,000 people.",
        "The coast was spared by the conflict that has ravaged the north and killed 300,000 people.",
        "Villagers recall the insurgency of the 1990s, which has left 20,000 dead and seen many bombings.",
    ],
)
def test_a_war_s_running_toll_is_no_attack(sentence: str) -> None:
    assert not [t for t in find_triggers(sentence) if t.type.is_attack]


def test_an_attack_during_a_war_is_still_an_attack() -> None:
    kinds = {t.type for t in find_triggers("During the war, shelling killed 12 people in the town on Monday")}
    assert EventType.ATTACK_SHELLING in kinds


@pytest.mark.parametrize(
    "sentence",
    [
        # a habit
        "Bandits frequently ambush traders on the road to Kayes.",
        "The militia routinely attacks checkpoints around Gao.",
        "Officials said the raid differed from the usual roadside bombing in Tahoua.",
        # a count over a period
        "The agency documented 212 attacks on schools in Kasai over six months.",
        "Monitors recorded more than 90 air strikes on Marib last year.",
        # a threat guarded against, feared or warned of
        "Gunmen keep villagers in Ndele as shields against air strikes.",
        "Elders in Ouham fear a massacre if the militia returns.",
        "The envoy warned of renewed clashes around Kindu.",
        # a state lived through
        "Families spent weeks trapped in cellars in Soledar under relentless bombardment.",
        # concern at reports, no attack told
        "The mission said it was alarmed by reports of abductions in Kalehe.",
        # a time reference
        "Before the rebels' latest offensive, traders crossed to Masisi freely.",
        # a trend
        "Attacks on clinics in Ituri have risen sharply this year.",
        # long past, remembered, or many alike
        "Three years after their abduction, 14 pupils from Kankara were freed on Monday.",
        "Residents of Kuzu marked the anniversary of the massacre on Sunday.",
        "It was the latest of several previous attacks on aid workers in Ituri.",
    ],
)
def test_an_attack_told_as_a_habit_count_threat_or_trend_is_no_happening(sentence: str) -> None:
    assert not [t for t in find_triggers(sentence) if t.type.is_attack]


@pytest.mark.parametrize(
    "sentence",
    [
        # a day or a toll in the sentence makes it one happening, however it is worded
        "Monitors recorded 17 air strikes on Marib on Thursday, the coalition said.",
        "Two women died under heavy bombardment in Kherson on Saturday.",
        "Before the shelling of Kupiansk on Monday, residents had already fled.",
        "The toll from Sunday's shelling of Kuzu has risen from 9 to 21, medics said.",
        "Raids on villages near Tibati have increased, killing four farmers, residents said.",
    ],
)
def test_an_attack_dated_to_a_day_or_told_with_its_toll_is_a_happening(sentence: str) -> None:
    assert [t for t in find_triggers(sentence) if t.type.is_attack]


@pytest.mark.parametrize(
    "sentence",
    [
        "The militia has stepped up its raids on border posts near Tibati since June.",
        "Since spring the insurgents have intensified attacks on villages around Mocimboa.",
    ],
)
def test_stepping_up_attacks_is_a_trend_not_one_attack(sentence: str) -> None:
    assert "launched-attack" not in {t.rule for t in find_triggers(sentence)}


def test_an_offensive_stepped_up_is_still_an_attack() -> None:
    assert "launched-attack" in {
        t.rule for t in find_triggers("The army intensified its offensive on Kidal on Monday.")
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "Saada was shelled while a UN convoy unloaded food.",
        "Jets targeted the market as an aid convoy arrived in Kayes.",
    ],
)
def test_aid_in_a_clause_of_its_own_is_not_what_was_attacked(sentence: str) -> None:
    assert EventType.ATTACK_AID not in {t.type for t in find_triggers(sentence)}


@pytest.mark.parametrize(
    "sentence",
    [
        "Militants attacked and looted an aid convoy near Gao on Sunday.",
        "Gunmen shot at a UN convoy near Kayes on Monday.",
        # the staff of an aid body named after them; an adverb before the passive verb
        "Two local employees of a foreign charity were seized by gunmen in Yei.",
        "Gunmen abducted employees of a local aid group near Kayes on Monday.",
        "A UN aid convoy and a Red Crescent depot were both hit by warplanes near Saada.",
    ],
)
def test_aid_an_attack_s_verb_takes_is_attacked(sentence: str) -> None:
    assert EventType.ATTACK_AID in {t.type for t in find_triggers(sentence)}


def test_the_staff_of_no_aid_body_are_no_aid_workers() -> None:
    assert EventType.ATTACK_AID not in {
        t.type for t in find_triggers("Staff of the ministry were detained in Yei.")
    }


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Bandits ambushed traders on the road to Kayes on Monday.", EventType.ATTACK_CLASH),
        ("A roadside bomb exploded in Tahoua on Sunday, killing two.", EventType.ATTACK_EXPLOSION),
        ("Air strikes hit Marib on Tuesday, killing six.", EventType.ATTACK_AIRSTRIKE),
        ("Ten people were feared killed in an air strike on Marib on Sunday.", EventType.ATTACK_AIRSTRIKE),
        ("The village of Soledar came under heavy shelling overnight.", EventType.ATTACK_SHELLING),
        ("Troops advanced on Kindu under cover of artillery fire.", EventType.ATTACK_SHELLING),
        ("The toll from Sunday's air strikes on Marib has risen to 40.", EventType.ATTACK_AIRSTRIKE),
        ("The agency said militants abducted 12 aid workers in Kalehe.", EventType.ATTACK_AID),
        ("Gunmen abducted 14 pupils from a school in Kankara on Monday.", EventType.ATTACK_CIVILIANS),
        ("Ten days after the siege began, shelling killed four people in Saada.", EventType.ATTACK_SHELLING),
    ],
)
def test_one_attack_told_in_like_words_is_still_an_attack(sentence: str, kind: EventType) -> None:
    assert kind in {t.type for t in find_triggers(sentence)}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("A relief convoy came under mortar fire outside the town.", "en"),
        ("تعرضت قافلة مساعدات لإطلاق رصاص أثناء دخولها البلدة.", "ar"),  # synthetic: the weapon after
    ],
)
def test_the_weapon_of_an_attack_on_aid_is_no_attack_of_its_own(text: str, language: str) -> None:
    assert [t.type for t in find_triggers(text, language=language)] == [EventType.ATTACK_AID]


def test_an_operation_to_move_people_is_no_military_operation() -> None:
    kinds = {t.type for t in find_triggers("Medics launched an operation to evacuate 50 patients.")}
    assert kinds == {EventType.EVACUATION}
    retaking = find_triggers("The army launched an operation to retake it.")
    assert EventType.ATTACK_CLASH in {t.type for t in retaking}


def test_an_attack_on_aid_is_not_also_shelling() -> None:
    kinds = {t.type for t in find_triggers("Artillery units shelled a relief convoy on the road.")}
    assert EventType.ATTACK_AID in kinds
    assert EventType.ATTACK_SHELLING not in kinds


def _when(day: dt.date) -> When:
    return When(dt.datetime(day.year, day.month, day.day), Precision.DAY)


def test_assemble_one_claim_per_type_and_sentence_with_nearest_date() -> None:
    text = "On Friday a convoy entered the town and trucks reached the square. Later, talks were held."
    first_end = text.index(".") + 1
    analysis = Analysis(
        document_id="d",
        text=text,
        published=dt.date(2020, 5, 10),
        sentences=((0, first_end), (first_end + 1, len(text))),
        dates=(DateMention(3, 9, "weekday", _when(dt.date(2020, 5, 8))),),
        triggers=(
            Trigger(12, 30, "aid-arrived", EventType.AID_DELIVERED),
            Trigger(44, 58, "aid-arrived", EventType.AID_DELIVERED),
            Trigger(74, 89, "talks-held", EventType.NEGOTIATION_MEETING),
        ),
    )
    claims = assemble_claims(analysis)
    assert [c.type for c in claims] == [EventType.AID_DELIVERED, EventType.NEGOTIATION_MEETING]
    assert claims[0].when is not None and claims[0].when.iso() == "2020-05-08"
    assert claims[1].when is None  # past tense, no date in its sentence: not guessed
    for c in claims:
        span = c.evidence[0]
        assert text[span.start : span.end] in text and span.end <= len(text)


def test_events_merge_repeated_claims_and_keep_the_precise_date() -> None:
    text = "A convoy entered Exampleville on 3 May 2020. The convoy reached the town."
    analysis = extract_document(
        "d",
        text,
        dt.date(2020, 5, 4),
        pipeline=build_pipeline(["normalise", "sentences", "dates", "quantities", "triggers", "assemble"]),
    )
    events = claims_to_events(analysis.claims)
    assert [(e["type"], e["date"]) for e in events] == [("aid.delivered", "2020-05-03")]


def test_unknown_component_is_a_clear_error() -> None:
    with pytest.raises(PipelineError, match="no-such-component"):
        build_pipeline(["normalise", "no-such-component"])


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=400))
def test_no_text_breaks_the_pipeline_and_spans_stay_in_bounds(text: str) -> None:
    analysis = extract_document("h", text, dt.date(2017, 3, 8))
    n = len(text)
    for s, e in analysis.sentences:
        assert 0 <= s < e <= n
    for layer in (analysis.places, analysis.actors, analysis.dates, analysis.quantities, analysis.triggers):
        for m in layer:
            assert 0 <= m.start <= m.end <= n
    for c in analysis.claims:
        for span in c.evidence:
            assert 0 <= span.start < span.end <= n


_WORDS = st.sampled_from(
    [
        "the",
        "a",
        "truce",
        "ceasefire",
        "went",
        "into",
        "effect",
        "convoy",
        "entered",
        "not",
        "will",
        "released",
        "40",
        "detainees",
        "more",
        "than",
        "dozens",
        "of",
        "fighters",
        "left",
        "shelling",
        "Homs",
        "Waer",
        "on",
        "Monday",
        "March",
        "8",
        ",",
        ".",
        "?",
        "Q:",
        "[Ed.:",
        "]",
        "\n",
        "killing",
    ]
)


@settings(max_examples=80, deadline=None)
@given(st.lists(_WORDS, max_size=60).map(" ".join))
def test_wordy_noise_keeps_evidence_verbatim(text: str) -> None:
    analysis = extract_document("h", text, dt.date(2017, 3, 8))
    for c in analysis.claims:
        span = c.evidence[0]
        assert c.evidence[0].quote(text) == text[span.start : span.end]
        assert span.quote(text).strip() == span.quote(text)


# -- the speed-ups must not change what is extracted ------------------------------------------

_DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"
_WHOLE_TEXT = ["normalise", "sentences", "places", "actors", "dates", "quantities", "triggers", "assemble"]


def _dev_articles() -> list[dict[str, str]]:
    if not _DEV.is_dir():
        pytest.skip(f"evaluation set not found at {_DEV}")
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(_DEV.glob("*.json"))]


def test_focus_on_trigger_sentences_gives_the_same_claims_as_the_whole_text() -> None:
    # triggers last: no focus is set yet when actors, dates and quantities run, so they read it all
    whole = build_pipeline(_WHOLE_TEXT)
    for article in _dev_articles():
        published = dt.date.fromisoformat(article["published"])
        fast = extract_document("d", article["text"], published)
        slow = extract_document("d", article["text"], published, pipeline=whole)
        assert fast.focus is not None
        assert fast.claims == slow.claims


@settings(max_examples=60, deadline=None)
@given(st.lists(_WORDS, max_size=80).map(" ".join))
def test_focus_gives_the_same_claims_on_noise(text: str) -> None:
    whole = build_pipeline(_WHOLE_TEXT)
    fast = extract_document("h", text, dt.date(2017, 3, 8))
    assert fast.claims == extract_document("h", text, dt.date(2017, 3, 8), pipeline=whole).claims


def _work_texts() -> Iterator[tuple[str, dict[int, list[int]]]]:
    """Each dev article as the trigger finder reads it, with where each rule may start."""
    grammar = triggers_module._grammar()
    for article in _dev_articles():
        norm = normalise(article["text"])
        work = triggers_module._lower(
            triggers_module._barriered(norm, split_sentences(article["text"], norm))
        )
        yield work, triggers_module._starts(grammar, work)


def test_triggers_tried_at_stem_positions_find_what_a_full_scan_finds() -> None:
    grammar = triggers_module._grammar()
    for work, starts in _work_texts():
        for n, rule in enumerate(grammar.rules):
            if rule.stems:
                fast = [m.span() for m in triggers_module._matches(rule, work, starts.get(n, []))]
                assert fast == [m.span() for m in rule.pattern.finditer(work)], rule.name


def test_negation_read_case_sensitively_in_lower_case_ascii_finds_the_same() -> None:
    grammar = triggers_module._grammar()
    plain = grammar.lower_ascii
    assert plain is not None and not plain.unreal_before.flags & re.IGNORECASE
    for work, starts in _work_texts():
        for n, rule in enumerate(grammar.rules):
            for m in triggers_module._matches(rule, work, starts.get(n, [])):
                want = triggers_module._asserted(grammar, rule, work, m)
                assert triggers_module._asserted(plain, rule, work, m) == want, rule.name


@pytest.mark.parametrize("source", ["(?:Ceasefire|truce)", r"\Bnot", r"\x41id", r"n\u00f6t", "n\u00f6t"])
def test_patterns_that_may_match_another_case_keep_ignorecase(source: str) -> None:
    pattern = re.compile(source, re.IGNORECASE)
    assert triggers_module._case_sensitive(pattern) is pattern


@pytest.mark.parametrize(
    ("fragment", "stems"),
    [
        ("(?:truce|ceasefire)s?", ("ceasefire", "truce")),
        # a look-behind consumes nothing: the word after it opens the match
        ("(?:aid|(?<!evacuation )convoys?)", ("aid", "convoy")),
        # short words read on into the text after their group
        ("(?:is|are|remains?) (?:still )?besieged", ("are ", "is ", "remain")),
        ("(?:by|with) explosives", ("by explosives", "with explosives")),
        # unknown: a class opens it, or a short word with a quantifier after its group
        ("[a-z]+-brokered", ()),
        ("(?:is|are)? besieged", ()),
    ],
)
def test_stems_open_every_match(fragment: str, stems: tuple[str, ...]) -> None:
    assert triggers_module._stems(fragment) == stems


@pytest.mark.parametrize(
    ("sentence", "kind", "taken_in"),
    [
        # synthetic: the optional words before a class's head word are matched with their space
        (
            "Both delegations held direct talks in the capital on Monday.",
            EventType.NEGOTIATION_MEETING,
            "held direct talks",
        ),
        (
            "By evening the district came under the control of the army.",
            EventType.TERRITORY_CONTROL,
            "came under the control",
        ),
        ("Militiamen fired on a relief convoy near the bridge.", EventType.ATTACK_AID, "a relief convoy"),
        # the controller may stand between "under" and "control"
        (
            "The port town came under rebel militia control in June.",
            EventType.TERRITORY_CONTROL,
            "militia control",
        ),
    ],
)
def test_optional_words_with_spaces_in_trigger_classes(sentence: str, kind: EventType, taken_in: str) -> None:
    found = [t for t in find_triggers(sentence) if t.type is kind]
    assert found, sentence
    assert taken_in in sentence[found[0].start : found[0].end]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet="abAB -", min_size=1, max_size=6), min_size=1, max_size=8),
    st.text(alphabet="abAB -x", max_size=30),
    st.booleans(),
)
def test_trie_alternation_matches_what_the_longest_first_alternation_does(
    words: list[str], text: str, ignore_case: bool
) -> None:
    import re

    from trucewatch.extract.alternation import trie_alternation

    words = [w.lower() for w in words] if ignore_case else words
    words = [w for w in words if w.strip(" ") == w and "  " not in w] or ["a"]
    flags = re.IGNORECASE if ignore_case else 0
    flat = "|".join(re.escape(w).replace(r"\ ", "[ ]+") for w in sorted(set(words), key=len, reverse=True))
    # followed by "x": the engine must back off to a shorter entry the same way
    for tail in ("", "x"):
        trie = re.compile(f"(?:{trie_alternation(words, '[ ]+')}){tail}", flags)
        plain = re.compile(f"(?:{flat}){tail}", flags)
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


# --- general precision rules (synthetic sentences) ---

_PUB = dt.date(2017, 3, 8)


def _claims(text: str) -> list[tuple[str, str | None]]:
    analysis = extract_document("syn", text, _PUB)
    return [(c.type.value, c.place) for c in analysis.claims]


def test_a_route_named_after_departure_is_not_where_people_left() -> None:
    text = "Synthetic: buses carrying rebels left Waer by a road passing through the towns of Salamiyeh."
    places = {place for kind, place in _claims(text) if kind == "evacuation"}
    assert places and "As Salamīyah" not in places


def test_talks_abroad_are_kept_with_their_own_place() -> None:
    # Talks in Geneva or Astana about a Syrian town are part of the record a monitor keeps.
    text = (
        "Synthetic: the siege of Waer in Homs went on. Waer residents waited in Waer. "
        "Diplomats held talks in Brussels on Tuesday."
    )
    assert ("negotiation.meeting", "Brussels") in _claims(text)


def test_a_round_of_talks_that_fell_apart_is_no_meeting() -> None:
    failed = "Synthetic: in Madaya the third round of talks collapsed within a day."
    held = "Synthetic: in Madaya the third round of talks opened on Monday."
    assert all(kind != "negotiation.meeting" for kind, _ in _claims(failed))
    assert any(kind == "negotiation.meeting" for kind, _ in _claims(held))


def test_keeping_an_encirclement_is_a_siege() -> None:
    for text in (
        "Synthetic: army units kept a tight blockade around Waer through the winter.",
        "Synthetic: militia fighters encircled the district of Waer in early spring.",
    ):
        assert ("siege.imposed", "Waer") in _claims(text), text
    # the adjective describes a place, it reports nothing
    adjective = _claims("Synthetic: the encircled district of Waer got food.")
    assert all(kind != "siege.imposed" for kind, _ in adjective)


def test_eval_events_spell_the_place_as_their_evidence_does_and_merge_nested_places() -> None:
    text = (
        "Synthetic: the al-Waer talks went on.\n\n"
        "On 6 March some forty coaches carried families away from Al-Wair.\n\n"
        "Government forces blocked the aid convoy to eastern Aleppo on Tuesday. "
        "On Wednesday the regime was still blocking the road into Aleppo."
    )
    analysis = extract_document("syn", text, _PUB)
    events = claims_to_events(analysis.claims, text=text, place_mentions=analysis.places)
    evacuations = [e for e in events if e["type"] == "evacuation"]
    # as the evidence spells it, then the gazetteer's spellings of the place
    assert [e["place"][0] for e in evacuations] == ["Al-Wair"] and "Waer" in evacuations[0]["place"]
    blocked = [e for e in events if e["type"] == "aid.blocked"]
    assert len(blocked) == 1 and blocked[0]["place"] == "eastern Aleppo"


def test_who_reports_an_attack_is_not_its_perpetrator() -> None:
    reported = "Synthetic: Russian officers said on Tuesday that they had recorded the shelling of Waer."
    attacked = "Synthetic: Russian jets bombed Waer on Tuesday."
    roles = [r for c in extract_document("syn", reported, _PUB).claims for r in c.actors]
    assert all(r.actor != "Russia" for r in roles)
    roles = [r for c in extract_document("syn", attacked, _PUB).claims for r in c.actors]
    assert any(r.actor == "Russia" and r.role.value == "perpetrator" for r in roles)


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen ambushed an aid convoy near Mellit on Monday, killing four drivers, the UN said.",
        "Gunmen ambushed an aid convoy near Mellit on Monday, killing four drivers, said the UN.",
        "Gunmen ambushed an aid convoy near Mellit on Monday, the UN has said.",
    ],
)
def test_who_tells_of_an_attack_after_it_is_its_monitor_not_its_perpetrator(text: str) -> None:
    roles = {(r.actor, r.role.value) for c in extract_document("syn", text, _PUB).claims for r in c.actors}
    assert ("United Nations", "monitor") in roles
    assert ("United Nations", "perpetrator") not in roles


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Drone strikes pounded Russian units near Kupiansk on Tuesday.", "target"),
        ("Mortar shells hit the Russian base near Kupiansk on Tuesday.", "target"),
        ("Drone strikes by Russian forces hit Kupiansk on Tuesday.", "perpetrator"),
    ],
)
def test_the_object_of_the_verb_an_attack_noun_takes_suffered_it(text: str, role: str) -> None:
    roles = [(r.actor, r.role.value) for c in extract_document("syn", text, _PUB).claims for r in c.actors]
    assert ("Russia", role) in roles


def test_who_accuses_another_of_an_attack_is_not_its_perpetrator() -> None:
    text = "The army accused the RSF of shelling the market on Monday."
    roles = [(r.actor, r.role.value) for c in extract_document("syn", text, _PUB).claims for r in c.actors]
    assert ("RSF", "perpetrator") in roles and all(actor == "RSF" for actor, _ in roles)


def test_a_list_of_actors_shares_the_role_the_clause_gives_its_first_name() -> None:
    text = "Rebels shelled Russian and Wagner positions near Kupiansk on Tuesday."
    roles = [(r.actor, r.role.value) for c in extract_document("syn", text, _PUB).claims for r in c.actors]
    assert roles == [("rebels", "perpetrator"), ("Russia", "target"), ("Wagner Group", "target")]


@pytest.mark.parametrize(
    ("text", "actor", "role"),
    [
        (
            "The rebels and the Saudi-led coalition agreed to a truce in Taiz on Monday.",
            "Saudi-led coalition",
            "party",
        ),
        ("Russia announced a unilateral truce in Ukraine for Orthodox Christmas.", "Russia", "party"),
        ("Qatar announced a truce between the two sides in Gaza on Monday.", "Qatar", "mediator"),
        ("UNSMIL noted that the truce agreed on Monday in Tripoli was still fragile.", "UNSMIL", "mediator"),
    ],
)
def test_a_state_that_signs_or_declares_a_truce_is_a_party_to_it(text: str, actor: str, role: str) -> None:
    claims = extract_document("syn", text, _PUB).claims
    assert claims and all((actor, role) in [(r.actor, r.role.value) for r in c.actors] for c in claims)


_CUE_TEXT = st.lists(
    st.sampled_from([*"abcdeinorstuvwxyzK -,.5", "İ", "dozen", "dozens", "ten", "tens", "Ten", "twenty-one"])
).map("".join)


@given(text=_CUE_TEXT)
def test_quantity_cue_search_is_the_cue_word_test(text: str) -> None:
    import re

    from trucewatch.extract.quantities import _lexicon

    lexicon = _lexicon()
    lowered = text.lower()
    tokens = re.findall(r"[a-z]+|[0-9]", lowered)  # a cue is one whole run of letters, or a digit
    assert lexicon.has_cue(lowered) == (not lexicon.cues.isdisjoint(tokens))


def test_one_sentence_naming_several_towns_gives_one_claim_per_town_and_the_toll_once() -> None:
    text = "Shelling hit Aleppo, Idlib and Hama on Monday, killing 12 people."
    claims = extract_document("d", text, dt.date(2019, 5, 7)).claims
    assert [c.type for c in claims] == [EventType.ATTACK_SHELLING] * 3
    assert len({c.place_id for c in claims}) == 3
    assert sum(q.value or 0 for c in claims for q in c.quantities) == 12


@pytest.mark.parametrize(
    "text",
    [
        "Air strikes hit Kabul and in the besieged northern cities of Kunduz and Mazar-i-Sharif on Monday.",
        "Air strikes hit Kabul, and the northern cities of Kunduz and Mazar-i-Sharif on Monday.",
    ],
)
def test_a_list_of_towns_goes_on_past_a_preposition_and_the_kind_of_place(text: str) -> None:
    claims = extract_document("d", text, dt.date(2019, 5, 7)).claims
    assert [c.type for c in claims] == [EventType.ATTACK_AIRSTRIKE] * 3
    assert [c.place for c in claims][:2] == ["Kabul", "Kunduz"]


def test_a_town_in_the_region_that_holds_it_is_not_a_list_though_a_preposition_follows() -> None:
    text = "Clashes erupted in Bentiu, in Unity State, on Monday."
    claims = extract_document("d", text, dt.date(2019, 5, 7)).claims
    assert [c.place for c in claims] == ["Bentiu"]


def test_a_town_and_the_area_it_lies_in_are_one_place_though_alike_in_kind() -> None:
    claims = extract_document(
        "d", "Shelling hit a clinic in Khan Younis, Gaza, on Monday.", dt.date(2019, 5, 7)
    ).claims
    # the gazetteer's town (GeoNames writes it "Khān Yūnis"), or the name as written when a cue found it
    assert [c.place for c in claims] in (["Khan Younis"], ["Khān Yūnis"])


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Twelve relief trucks entered Darfur through Adre, Chad, on Monday.", "Darfur"),
        ("Forty aid trucks entered Gaza via the Kerem Shalom crossing on Sunday.", "Gaza"),
    ],
)
def test_aid_arrived_where_it_entered_not_on_the_way(text: str, place: str) -> None:
    claims = extract_document("d", text, dt.date(2019, 5, 7)).claims
    assert [(c.type, c.place) for c in claims] == [(EventType.AID_DELIVERED, place)]


def test_a_place_that_names_a_deal_places_no_other_event() -> None:
    text = "Rebel forces withdrew from Bunia under the Lusaka agreement on Monday."
    claims = extract_document("d", text, dt.date(2019, 5, 7)).claims
    assert [(c.type, c.place) for c in claims] == [(EventType.TERRITORY_CONTROL, "Bunia")]
    text = "Rebel forces withdrew from the hills under the Lusaka agreement on Monday."
    claims = extract_document("d", text, dt.date(2019, 5, 7)).claims
    assert [(c.type, c.place) for c in claims] == [(EventType.TERRITORY_CONTROL, None)]
    signed = extract_document("d", "The Lusaka agreement was signed on Monday.", dt.date(2019, 5, 7)).claims
    assert [(c.type, c.place) for c in signed] == [(EventType.AGREEMENT_REACHED, "Lusaka")]


def test_a_town_and_its_country_are_one_place_not_a_list() -> None:
    claims = extract_document("d", "Clashes erupted in Aleppo, Syria on Monday.", dt.date(2019, 5, 7)).claims
    assert [c.place for c in claims] == ["Aleppo"]


@pytest.mark.parametrize(
    "text",
    [
        "In Ntchinga village, in Meluco district, gunmen killed three people on Monday.",
        "Gunmen killed three people on Monday in Ntchinga village, in Meluco district.",
    ],
)
def test_a_place_named_with_the_place_that_holds_it_is_the_finer_one(text: str) -> None:
    claims = extract_document("d", text, dt.date(2019, 5, 7)).claims
    assert [c.place for c in claims] == ["Ntchinga"]


def test_a_region_the_sentence_names_is_kept_though_the_story_s_town_lies_in_it() -> None:
    text = (
        "Synthetic: residents of Kramatorsk queued for water in Kramatorsk. Buses left Kramatorsk "
        "at dawn. Shelling hit villages in the Donetsk region on Monday."
    )
    claims = extract_document("d", text, dt.date(2024, 5, 9)).claims
    shelling = [c for c in claims if c.type is EventType.ATTACK_SHELLING]
    assert [(c.place, c.place_id) for c in shelling] == [("Donetsk", "gn:UA.05")]  # the oblast, not the city


def test_an_evacuation_is_placed_where_people_left_not_where_they_arrived() -> None:
    text = "The second evacuation convoy reached the Dnipro region at dusk, officials in Kharkiv said."
    claims = extract_document("d", text, dt.date(2022, 3, 9)).claims
    assert [(c.type, c.place) for c in claims] == [(EventType.EVACUATION, "Kharkiv")]


def test_the_town_without_its_name_is_the_story_s_town_not_a_country_named_after() -> None:
    text = "Bosra residents wait for fuel.\n\nThe town, which fell to rebels in 2013, lies in southern Syria."
    claims = extract_document("d", text, dt.date(2016, 1, 8)).claims
    assert [c.place for c in claims if c.type is EventType.TERRITORY_CONTROL] == ["Buşrá ash Shām"]


def test_a_date_nearer_another_event_s_word_is_that_event_s() -> None:
    text = "The sides signed a truce deal Friday afternoon to end clashes that erupted in Kuzu on Tuesday."
    claims = extract_document("d", text, dt.date(2022, 11, 12)).claims
    dated = {c.type: c.when.iso() if c.when else None for c in claims}
    assert dated == {EventType.AGREEMENT_REACHED: "2022-11-11", EventType.ATTACK_CLASH: "2022-11-08"}


def test_an_attack_is_placed_where_it_struck_however_broad() -> None:
    claims = extract_document(
        "d", "Gunmen in Rafah launched rockets into Israel overnight.", dt.date(2020, 1, 1)
    ).claims
    assert [(c.type, c.place) for c in claims] == [(EventType.ATTACK_SHELLING, "Israel")]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (
            "Residents of Kassala, some 400 km east of Khartoum, said drones struck a fuel depot on Friday.",
            "Kassala",
        ),
        ("Drones struck a fuel depot in Kassala, east of Khartoum, on Friday.", "Kassala"),
        ("Drones struck a fuel depot 30 kilometres from Khartoum on Friday.", "Khartoum"),  # the only place
        ("Drones struck a fuel depot in the east of Sudan and in Kassala on Friday.", "Kassala"),
    ],
)
def test_a_place_named_as_a_reference_point_yields_to_the_place_it_locates(text: str, place: str) -> None:
    claims = extract_document("d", text, dt.date(2025, 3, 7)).claims
    assert [(c.type, c.place) for c in claims] == [(EventType.ATTACK_AIRSTRIKE, place)]


def test_a_reference_point_is_told_by_a_distance_or_a_bare_direction_not_a_locative() -> None:
    reference = cues("en").reference
    assert reference.search("a village 20 km north of ")
    assert reference.search("some miles from the town of ")
    assert reference.search("Kassala, east of ")
    assert not reference.search("fighting in the north of ")
    assert not reference.search("shelling in ")
    arabic = cues("ar").reference
    assert arabic.search("على بعد 20 كيلومترا شمال ")
    assert arabic.search("بلدة تقع شرقي ")
    assert not arabic.search("المعارك في شرقي ")


def test_a_city_and_a_town_rank_alike_so_the_nearer_one_places_the_event() -> None:
    text = "Rebels shelled Kherson on Monday; a drone strike then hit a car in the nearby town of Nikopol."
    claims = extract_document("d", text, dt.date(2024, 5, 7)).claims
    assert {(c.type, c.place) for c in claims} == {
        (EventType.ATTACK_SHELLING, "Kherson"),
        (EventType.ATTACK_AIRSTRIKE, "Nikopol"),
    }


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Six aid workers were killed in an ambush on their convoy near Kuzu on Sunday.", ["attack.aid"]),
        (
            "Clashes erupted in Kuzu and an airstrike hit the market on Sunday.",
            ["attack.airstrike", "attack.clash"],
        ),
        ("Gunmen ambushed an army patrol near Kuzu on Sunday.", ["attack.clash"]),
        # a village raided is an attack on civilians, unless the sentence tells fighting
        ("Gunmen raided two remote villages near Kuzu on Sunday.", ["attack.civilians"]),
        ("Gunmen stormed the village and clashed with local guards on Sunday.", ["attack.clash"]),
        ("Gunmen did not attack the village on Sunday.", []),
        # positions struck from the air are an airstrike, not a clash besides
        ("Jets struck militia positions near Kuzu on Sunday.", ["attack.airstrike"]),
        ("Militiamen attacked army positions near Kuzu on Sunday.", ["attack.clash"]),
        # fighting people fled is why they left; fighting that made them flee is news
        ("Thousands of families fled the heavy fighting near Kuzu last year.", []),
        ("Heavy fighting near Kuzu on Sunday forced thousands of families to flee.", ["attack.clash"]),
        # "strikes" that hit or kill are from the air; a strike of workers is no attack
        ("Overnight strikes pounded the outskirts of Kuzu.", ["attack.airstrike"]),
        ("A general strike hit the port of Kuzu on Sunday.", []),
    ],
)
def test_an_attack_of_no_kind_is_a_clash_only_when_its_sentence_tells_no_kind(
    text: str, kinds: list[str]
) -> None:
    claims = extract_document("d", text, dt.date(2020, 1, 1)).claims
    assert sorted(c.type.value for c in claims) == kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # "over" is a siege's end only as "is over", not a figure's qualifier
        ("The blockade has left over 20,000 people hungry.", set()),
        # people seized are abducted, not a place taken
        ("Nine students were seized at the school gate.", {EventType.ATTACK_CIVILIANS}),
        # civilians forced to flee are displaced, not a side giving up ground
        ("Families were forced to flee the valley.", set()),
        # captives freed: "captured" and "kidnapped" describe them, they tell no new deed
        ("The militia freed 40 captured soldiers.", {EventType.DETAINEES_RELEASED}),
        ("The kidnapped students were freed at dawn.", {EventType.DETAINEES_RELEASED}),
    ],
)
def test_words_that_only_look_like_an_event(text: str, kinds: set[EventType]) -> None:
    assert {t.type for t in find_triggers(text)} == kinds


@pytest.mark.parametrize(
    ("text", "blocked"),
    [
        ("Humanitarian access to the hill town remains severely restricted.", True),
        ("Access to the besieged district of Kuzu has been denied since May.", True),
        ("The militia impeded humanitarian access to the camp.", True),
        ("Access to the town was not restricted.", False),
        ("Humanitarian access to the town improved after the truce.", False),
    ],
)
def test_access_told_restricted_or_denied_is_aid_blocked(text: str, blocked: bool) -> None:
    assert ({t.type for t in find_triggers(text)} == {EventType.AID_BLOCKED}) is blocked


def test_the_blast_of_a_fired_shell_is_shelling_not_an_explosion() -> None:
    assert {t.type for t in find_triggers("Mortar blasts shook the town.")} == {EventType.ATTACK_SHELLING}


def test_a_truce_declared_over_is_its_end_not_its_start() -> None:
    kinds = {t.type for t in find_triggers("The governor declared that the truce in the valley is over.")}
    assert kinds == {EventType.CEASEFIRE_END}


def test_an_unplaced_truce_in_a_report_about_a_country_is_the_country_s() -> None:
    national = (
        "Synthetic: fighting in Yemen eased. Yemen's parties met again and aid reached Yemen. "
        "Officials in Sanaa said the truce took effect on Monday."
        " The truce took effect on Monday, a spokesman said."
    )
    local = (
        "Synthetic: Waer residents queued in Waer. Buses left Waer for Jarablus and returned to Waer. "
        "Syria's government spoke. The truce took effect on Monday, a spokesman said."
    )
    assert ("ceasefire.start", "Yemen") in _claims(national)
    # in a story about one town a local truce stays the town's
    assert [p for kind, p in _claims(local) if kind == "ceasefire.start"] == ["Waer"]


def test_a_place_naming_a_party_s_sponsor_is_not_where_it_acted() -> None:
    text = "Synthetic: Moscow-backed fighters shelled the village on Monday."
    assert _claims(text) == [("attack.shelling", None)]


def test_a_capital_that_speaks_is_its_government_not_where_it_happened() -> None:
    spoken = "Synthetic: Relief groups could not deliver flour, and Nairobi has warned against the convoys."
    assert _claims(spoken) == [("aid.blocked", None)]
    # a place with a locative before it is where the speakers are, and may be where it happened
    located = "Synthetic: Officials in Gaza said an air strike hit a school."
    assert _claims(located) == [("attack.airstrike", "Gaza")]


def test_a_year_before_a_singular_noun_counts_nothing() -> None:
    found = find_quantities("Residents recalled the 2009 bus bombing and the 2014 prisoner swap.")
    assert found == ()
    assert [(q.kind, q.value) for q in find_quantities("One truck and 30 buses left.")] == [
        (QuantityKind.TRUCKS, 1),
        (QuantityKind.BUSES, 30),
    ]


def test_an_event_across_the_country_is_the_country_s() -> None:
    text = (
        "Synthetic: Waer residents queued in Waer, Syria. Buses left Waer and returned to Waer. "
        "Shelling resumed across the war-torn country on Monday."
    )
    assert ("attack.shelling", "Syria") in _claims(text)


def test_a_killing_with_no_means_told_is_an_attack_on_civilians_else_the_attack_it_names() -> None:
    assert {t.type for t in find_triggers("Gunmen killed four farmers near the river.")} == {
        EventType.ATTACK_CIVILIANS
    }
    # the sentence says how they were killed: that attack, not a second one
    assert {t.type for t in find_triggers("Mortar fire killed four farmers near the river.")} == {
        EventType.ATTACK_SHELLING
    }


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("Gunmen bombed the depot with mortars at dawn.", {EventType.ATTACK_SHELLING}),
        ("Jets bombed the depot at dawn.", {EventType.ATTACK_AIRSTRIKE}),
    ],
)
def test_bombing_beside_shells_is_that_shelling(text: str, types: set[EventType]) -> None:
    assert {c.type for c in extract_document("d", text, dt.date(2022, 1, 9)).claims} == types


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Troops have been fighting the militia since March.", EventType.ATTACK_CLASH),
        ("Artillery has shelled the northern villages since March.", EventType.ATTACK_SHELLING),
    ],
)
def test_fighting_that_has_gone_on_since_a_month_is_dated_to_it(text: str, kind: EventType) -> None:
    claims = extract_document("d", text, dt.date(2025, 5, 9)).claims
    assert [(c.type, c.when.iso() if c.when else None) for c in claims] == [(kind, "2025-03")]


def test_a_deal_reached_during_talks_shares_the_talks_date() -> None:
    text = "The truce deal was reached during a round of talks in Oslo on June 4, officials said."
    claims = extract_document("d", text, dt.date(2021, 6, 20)).claims
    dated = {c.type: c.when.iso() if c.when else None for c in claims}
    assert dated[EventType.AGREEMENT_REACHED] == dated[EventType.NEGOTIATION_MEETING] == "2021-06-04"


def test_an_unplaced_claim_just_after_one_of_its_type_goes_on_telling_it() -> None:
    text = (
        "Synthetic: Waer residents queued in Waer. Buses left Waer and returned to Waer. "
        "Shelling hit Kuzumbe village on Monday. Officials said the shelling killed five people."
    )
    assert [p for kind, p in _claims(text) if kind == "attack.shelling"] == ["Kuzumbe", "Kuzumbe"]


def test_the_story_place_is_the_one_its_headline_and_lede_name() -> None:
    lede = "Synthetic: shelling hit Kuzumbe village on Monday; the village of Kuzumbe burned."
    body = " " * 800 + "Later, officials of Dabbas town, Dabbas district and the town of Dabbas spoke."
    analysis = extract_document("d", lede + body, dt.date(2020, 5, 5))
    assert story_place(analysis.places) is not None and story_place(analysis.places).name == "Kuzumbe"


def test_a_country_after_a_locative_and_an_adjective_locates_the_event() -> None:
    text = (
        "Synthetic: Waer residents queued in Waer. Buses left Waer and returned to Waer. "
        "On Sunday militants overran an army base in neighbouring Lebanon."
    )
    assert ("territory.control", "Lebanon") in _claims(text)


def test_a_convoy_of_buses_is_an_evacuation_not_aid() -> None:
    kinds = {t.type for t in find_triggers("The evacuation convoy with 30 coaches reached the city.")}
    assert kinds == {EventType.EVACUATION}


def test_a_figure_goes_to_the_event_it_counts() -> None:
    text = "A truce took hold in Fooville on Monday after shelling killed 12 people there."
    claims = extract_document("d", text, dt.date(2021, 5, 3)).claims
    tolls = {c.type: [(q.kind, q.value) for q in c.quantities] for c in claims}
    assert tolls[EventType.CEASEFIRE_START] == []
    assert tolls[EventType.ATTACK_SHELLING] == [(QuantityKind.KILLED, 12)]


def test_a_figure_no_event_of_its_sentence_takes_elaborates_the_one_before() -> None:
    text = (
        "An aid convoy reached Barton on Friday. The convoy of 30 trucks is carrying flour for "
        "Barton, which has been besieged by the militia since May."
    )
    claims = extract_document("d", text, dt.date(2021, 5, 3)).claims
    figures = {c.type: [(q.kind, q.value) for q in c.quantities] for c in claims}
    assert figures[EventType.AID_DELIVERED] == [(QuantityKind.TRUCKS, 30)]
    assert figures[EventType.SIEGE_IMPOSED] == []


def test_a_toll_goes_to_the_event_told_next_before_one_told_two_sentences_back() -> None:
    text = (
        "Synthetic: Militants have attacked army posts near Tarn since May.\n\n"
        "The victims were named on Monday.\n\n"
        "Officials said two soldiers died and five were hurt.\n\n"
        "A car bomb exploded at the gate of the base in Tarn on Monday."
    )
    claims = extract_document("d", text, dt.date(2021, 5, 3)).claims
    figures = {c.type: [(q.kind, q.value) for q in c.quantities] for c in claims}
    assert figures[EventType.ATTACK_EXPLOSION] == [(QuantityKind.KILLED, 2), (QuantityKind.INJURED, 5)]
    assert figures[EventType.ATTACK_CLASH] == []
    # right after an event, the toll stays with it
    told_after = text.replace("The victims were named on Monday.\n\n", "")
    claims = extract_document("d", told_after, dt.date(2021, 5, 3)).claims
    figures = {c.type: [(q.kind, q.value) for q in c.quantities] for c in claims}
    assert figures[EventType.ATTACK_CLASH] == [(QuantityKind.KILLED, 2), (QuantityKind.INJURED, 5)]


def test_a_figure_after_a_list_of_towns_goes_to_the_town_its_sentence_names() -> None:
    text = (
        "Prisoners were exchanged between Idlib and Hama on Tuesday. "
        "Officials said 19 prisoners had been held in Hama for a year."
    )
    claims = extract_document("d", text, dt.date(2021, 5, 3)).claims
    released = {
        c.place: [(q.kind, q.value) for q in c.quantities]
        for c in claims
        if c.type is EventType.DETAINEES_RELEASED
    }
    assert released == {"Idlib": [], "Ḩamāh": [(QuantityKind.DETAINEES, 19)]}


def test_clauses_that_tell_one_type_at_two_places_are_two_happenings() -> None:
    text = "Artillery shelled houses in Idlib on Monday, while shelling also wounded four people in Hama."
    claims = extract_document("d", text, dt.date(2021, 5, 3)).claims
    shelling = [(c.place, [(q.kind, q.value) for q in c.quantities]) for c in claims]
    assert shelling == [("Idlib", []), ("Ḩamāh", [(QuantityKind.INJURED, 4)])]
    # told again at the same place, or with no place of its own, it is one happening
    for again in ("in Idlib.", "there."):
        claims = extract_document("d", text.replace("in Hama.", again), dt.date(2021, 5, 3)).claims
        assert [(c.place, [(q.kind, q.value) for q in c.quantities]) for c in claims] == [
            ("Idlib", [(QuantityKind.INJURED, 4)])
        ]


def test_one_figure_per_town_listed_goes_to_each_town_in_order() -> None:
    text = "The two sides exchanged 250 prisoners and 72 prisoners between Idlib and Hama on Friday."
    claims = extract_document("d", text, dt.date(2021, 5, 3)).claims
    freed = {
        c.place: [q.value for q in c.quantities] for c in claims if c.type is EventType.DETAINEES_RELEASED
    }
    assert freed == {"Idlib": [250], "Ḩamāh": [72]}


def test_aid_brought_to_a_region_is_delivered_there_not_in_the_story_s_town() -> None:
    text = (  # synthetic
        "A convoy reached the town of Kupiansk on Monday. "
        "Four lorries brought blankets and medicine to the Kherson region on Thursday."
    )
    assert _claims(text) == [("aid.delivered", "Kupyansk"), ("aid.delivered", "Kherson")]


@pytest.mark.parametrize(
    "text",
    [  # synthetic
        "Militiamen stopped a convoy carrying flour from entering Kuzu on Sunday.",
        "Since early May, no relief convoy has been able to reach Kuzu.",
    ],
)
def test_aid_kept_from_entering_is_blocked_and_not_delivered(text: str) -> None:
    assert [t for t, _ in _claims(text)] == ["aid.blocked"]


def test_states_that_brokered_a_truce_are_parties_not_its_place() -> None:
    text = "A truce brokered by Qatar and Egypt took effect at 7 a.m. on Sunday."  # synthetic
    assert _claims(text) == [("agreement.reached", None), ("ceasefire.start", None)]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [  # synthetic
        # a truce extended is an agreement
        ("The two sides extended the truce around Kuzu by two months on Friday.", ["agreement.reached"]),
        ("The parties agreed on Friday to extend their ceasefire in Kuzu until June.", ["agreement.reached"]),
        ("The army has not extended the truce around Kuzu.", []),
        ("Both sides are pushing for an extended ceasefire in Kuzu district.", []),
        # deals told in other words
        ("A peace roadmap agreed upon between both delegations opens the Kuzu road.", ["agreement.reached"]),
        ("The reform plan agreed with the lenders cuts fuel subsidies in Kuzu district.", []),
        ("The two sides agreed on creating a buffer zone around Kuzu district.", ["agreement.reached"]),
        # a release after the deal on it is a release
        (
            "Under the agreement on the release of hostages, the militia freed 13 hostages in Kuzu district.",
            ["detainees.released"],
        ),
        # control told in other words
        ("Militia fighters entered Kuzu district on Monday.", ["territory.control"]),
        ("The army regained the town of Kuzu on Friday.", ["territory.control"]),
        ("The militia announced its control of Kuzu district on Friday.", ["territory.control"]),
        ("Government troops lost Kuzu district to the rebels on Friday.", ["territory.control"]),
        ("Aid trucks entered Kuzu district on Friday.", ["aid.delivered"]),
        ("The team lost 3-1 to the army side in Kuzu district on Friday.", []),
        ("Government troops occupied Mopti on Friday.", ["territory.control"]),
        ("Kidal has been under the control of the rebels since March 2012.", ["territory.control"]),
        ("The fire in the Kidal market has been under control since Monday.", []),
        # aid told by its coming in; kept out, it is blocked
        ("The entry of 40 aid trucks into Gaza was confirmed on Monday.", ["aid.delivered"]),
        ("The army halted the entry of aid into Gaza on Sunday.", ["aid.blocked"]),
        ("Mediators called for the entry of fuel into Gaza.", []),
        # leaving a truce ends it; leaving a deal or talks is no withdrawal from a place
        ("The rebels withdrew from the ceasefire in Kuzu district on Monday.", ["ceasefire.end"]),
        ("In Kuzu district, the militia declared the truce over on Monday.", ["ceasefire.end"]),
        ("The rebels pulled out of the talks on Kuzu district on Monday.", []),
        ("The army withdrew from the ceasefire line near Kuzu district on Monday.", []),
        # one side's truce starts a ceasefire; no agreement was reached
        ("The militia announced a truce over the Eid holiday in Kuzu district.", ["ceasefire.start"]),
        ("The district has been under rebel control for years.", []),
        # a holder named, armed men, a town: not "full control", not homes
        ("The situation in Kuzu district has been under full control since Tuesday.", []),
        ("Gunmen occupied Kuzu district on Monday.", ["territory.control"]),
        ("Militants occupied homes in Kuzu district on Monday.", []),
        ("Officials prepared for the arrival of aid workers in Kuzu district.", []),
    ],
)
def test_deals_and_control_told_in_other_words(text: str, kinds: list[str]) -> None:
    assert [t for t, _ in _claims(text)] == kinds


def test_the_side_dealt_or_fought_with_is_not_the_place() -> None:
    text = (  # synthetic
        "Kuzu district swapped 40 prisoners with Moscow on Saturday. "
        "Shelling in Aleppo, along with Idlib, was reported on Monday."
    )
    assert _claims(text) == [("detainees.released", "Kuzu"), ("attack.shelling", "Aleppo")]
    # after a comma, "with" goes on to another place; a border "with" a country is there
    text = "Fighting raged in Khartoum on Wednesday, with Omdurman also shelled."  # synthetic
    assert _claims(text) == [("attack.clash", "Khartoum"), ("attack.shelling", "Omdurman")]
    assert _claims("Clashes broke out on the border with Niger on Monday.") == [("attack.clash", "Niger")]


@pytest.mark.parametrize(
    ("text", "claim"),
    [  # synthetic
        # the states a deal was reached between are its parties, not where it was reached
        (
            "Gunmen attacked Mopti on Sunday. A deal was reached between Niger and Algeria on Monday.",
            ("agreement.reached", "Mopti"),
        ),
        # one adjective between the cue word and the country still locates
        (
            "Gunmen attacked Mopti on Sunday. Aid reached neighbouring Mali on Monday.",
            ("aid.delivered", "Mali"),
        ),
    ],
)
def test_a_preposition_after_a_locative_word_is_no_adjective_of_the_country(
    text: str, claim: tuple[str, str]
) -> None:
    assert claim in _claims(text)


@pytest.mark.parametrize(
    ("text", "claim"),
    [  # synthetic
        # the country only says where the party is: the story's town
        (
            "Gunmen stormed Mopti on Tuesday. "
            "Three soldiers were freed on Wednesday by a jihadist affiliate in Mali.",
            ("detainees.released", "Mopti"),
        ),
        (
            "Gunmen attacked Mopti on Monday. "
            "Armed men operating inside Mali fired on UN aid trucks on Sunday.",
            ("attack.aid", "Mopti"),
        ),
        ("Militants based in Gao shelled Mopti on Monday.", ("attack.shelling", "Mopti")),
        # told "in" the country, the release stays there
        (
            "Gunmen stormed Mopti on Tuesday. "
            "Three soldiers were freed in Mali on Wednesday by a jihadist group.",
            ("detainees.released", "Mali"),
        ),
    ],
)
def test_a_place_that_says_where_a_party_is_based_is_not_where_it_acted(
    text: str, claim: tuple[str, str]
) -> None:
    assert claim in _claims(text)


@pytest.mark.parametrize(
    ("text", "place"),
    [  # synthetic
        # the place of another event told in another clause is not the truce's
        (
            "Kunduz - Fighting hit Kunduz on Monday. The army and the rebels agreed to a truce on Tuesday, "
            "hours before shelling was reported in Baghlan.",
            "Kunduz",
        ),
        (
            "Kunduz - Fighting hit Kunduz on Monday. The army and the rebels agreed to a truce in Baghlan.",
            "Baghlān",
        ),
        # two states that agree a truce: the story's state, not the town the story is from
        (
            "Batken - Shelling hit Batken on Monday. Shelling also hit Batken on Tuesday. "
            "Kyrgyzstan and Tajikistan agreed to a ceasefire on Tuesday.",
            "Kyrgyzstan",
        ),
        (
            "Batken - Shelling hit Batken on Monday. Shelling also hit Batken on Tuesday. "
            "Kyrgyzstan's army and the rebels agreed to a ceasefire on Tuesday.",
            "Batken",
        ),
    ],
)
def test_a_truce_is_not_placed_at_another_clause_s_event_and_two_states_truce_is_theirs(
    text: str, place: str
) -> None:
    assert [p for kind, p in _claims(text) if kind == "agreement.reached"] == [place]


@pytest.mark.parametrize(
    ("text", "place"),
    [  # synthetic
        # where the truce was made, alone in its sentence, is still not where it holds
        (
            "Sirte - Fighting hit Sirte on Monday. The parties announced a ceasefire after talks in Moscow.",
            "Sirte",
        ),
        (
            "Sirte - Fighting hit Sirte on Monday. A ceasefire agreed in Cairo took effect on Tuesday.",
            "Sirte",
        ),
        ("Sirte - Fighting hit Sirte on Monday. Both parties declared a truce in Misrata.", "Misratah"),
    ],
)
def test_where_a_truce_was_made_is_never_where_it_holds(text: str, place: str) -> None:
    assert [p for kind, p in _claims(text) if kind == "ceasefire.start"] == [place]


def test_where_a_delegation_came_from_is_not_where_its_talks_were() -> None:
    text = "Delegates from Khartoum met rebel envoys in Jeddah on Saturday."  # synthetic
    assert _claims(text) == [("negotiation.meeting", "Jeddah")]


def test_a_country_inside_an_actor_s_name_is_not_where_its_claim_happened() -> None:
    text = (  # synthetic
        "Militants raided Jowhar on Monday. "
        "The African Union Mission in Somalia shelled their positions on Tuesday."
    )
    assert ("attack.shelling", "Jawhar") in _claims(text)


def test_a_date_in_a_relative_clause_dates_that_clause_not_the_sentence_s_event() -> None:
    text = "Russia, which annexed Crimea in 2014, freed 40 prisoners on Monday, its ministry said."
    claims = extract_document("syn", text, _PUB).claims  # synthetic
    assert [(c.type.value, c.when.iso() if c.when else None) for c in claims] == [
        ("detainees.released", "2017-03-06")
    ]


def test_a_date_in_a_relative_clause_never_dates_the_event_told_around_it() -> None:
    text = "Russia, which annexed Crimea in 2014, freed 40 prisoners, its ministry said."
    claims = extract_document("syn", text, _PUB).claims  # synthetic
    assert [(c.type.value, c.when) for c in claims] == [("detainees.released", None)]


def test_an_aside_that_tells_the_scene_on_a_day_of_the_report_s_week_dates_the_event() -> None:
    # synthetic: the market's state on the day of the strike, with no other date told
    text = "A drone struck the cattle market in Kuzu, which was crowded with traders on Sunday, killing 9."
    (claim,) = extract_document("syn", text, dt.date(2024, 5, 3)).claims
    assert claim.when is not None and claim.when.start.date() == dt.date(2024, 4, 28)
    # near miss: told as background ("had"), it still dates nothing
    text = "A drone struck the cattle market in Kuzu, which had been shut on Sunday morning, killing 9."
    (claim,) = extract_document("syn", text, dt.date(2024, 5, 3)).claims
    assert claim.when is None


def test_a_place_in_an_aside_that_holds_the_trigger_s_verb_places_it() -> None:
    # synthetic: the meeting is told in the aside its subject opens
    text = "Envoys, who met in Nairobi on Sunday, said a truce in Kuzu would begin on Monday."
    claims = [
        c
        for c in extract_document("syn", text, dt.date(2024, 5, 3)).claims
        if c.type.value == "negotiation.meeting"
    ]
    assert [(c.place, c.when.start.date() if c.when else None) for c in claims] == [
        ("Nairobi", dt.date(2024, 4, 28))
    ]


def test_a_province_of_another_country_is_not_the_story_s_place() -> None:
    text = "Russia, which annexed Crimea years ago, freed 40 prisoners on Monday, its ministry said."
    assert _claims(text) == [("detainees.released", "Russia")]  # synthetic


def test_with_no_town_named_the_story_is_about_its_province_not_its_country() -> None:
    text = (  # synthetic
        "Troops retook a town in Hiran region on Monday. Somalia's army said the town had been "
        "held by militants for two years. Officials in Somalia praised the operation."
    )
    assert _claims(text)[0] == ("territory.control", "Hiran")
    assert story_place(extract_document("syn", text, _PUB).places).name == "Hiran"


def test_a_date_in_the_gap_of_a_trigger_s_words_dates_its_own_clause() -> None:
    text = "The ceasefire, agreed on 28 April, took effect on 1 May in Kuzu district."  # synthetic
    claims = extract_document("syn", text, _PUB).claims
    starts = {c.type.value: c.when.start.date().isoformat() for c in claims if c.when}
    assert starts["ceasefire.start"].endswith("-05-01")
    # not set off by commas, the date in the gap is the trigger's own
    text = "Twenty aid trucks on Monday entered Kuzu district, the UN said on Tuesday."
    claims = extract_document("syn", text, _PUB).claims
    assert [c.when.iso() for c in claims if c.when] == ["2017-03-06"]


def test_an_arabic_report_s_town_named_without_its_name_is_the_story_s_town() -> None:
    # synthetic: "the opposition took the town of Maarat al-Numan on Monday. Activists said the
    # town came under heavy shelling on Tuesday in Syria."
    text = (
        "سيطرت فصائل المعارضة على مدينة معرة النعمان يوم الاثنين. "
        "وقال ناشطون إن المدينة تعرضت لقصف مدفعي عنيف يوم الثلاثاء في سوريا."
    )
    claims = extract_document("ar", text, _PUB, language="ar").claims
    assert [(c.type.value, c.place) for c in claims] == [
        ("territory.control", "Ma‘arrat an Nu‘mān"),
        ("attack.shelling", "Ma‘arrat an Nu‘mān"),
    ]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [  # synthetic
        # an aim: "organisations seek, with the aim of bringing aid into the besieged town"
        ("تسعى المنظمات بهدف إدخال المساعدات إلى البلدة المحاصرة.", []),
        # a convoy of people is no aid: "a convoy carrying hundreds of civilians entered Idlib"
        ("دخلت قافلة تضم مئات المدنيين إلى مدينة إدلب يوم الاثنين.", []),
        ("دخلت قافلة تحمل مساعدات غذائية إلى مدينة إدلب يوم الاثنين.", ["aid.delivered"]),
    ],
)
def test_arabic_aid_aimed_at_or_carrying_people_is_not_delivered(text: str, kinds: list[str]) -> None:
    claims = extract_document("ar", text, _PUB, language="ar").claims
    assert [c.type.value for c in claims] == kinds


def test_a_state_that_has_lasted_dates_that_state_not_an_attack_beside_it() -> None:
    text = "Troops, who have held the crossing of Kuzu for two weeks, shelled the district on Monday."
    claims = extract_document("syn", text, _PUB).claims  # synthetic
    assert [c.when.iso() for c in claims if c.type is EventType.ATTACK_SHELLING] == ["2017-03-06"]


def test_a_truce_that_has_held_a_while_began_that_long_ago() -> None:
    claims = extract_document("syn", "The truce has held for three weeks in Kuzu district.", _PUB).claims
    assert [(c.type.value, c.when.iso() if c.when else None) for c in claims] == [
        ("ceasefire.start", "2017-02-15")
    ]


@pytest.mark.parametrize(
    ("text", "dated"),
    [  # synthetic
        ("The army has besieged Kuzu for six months.", "2016-09"),
    ],
)
def test_a_siege_told_actively_is_imposed(text: str, dated: str | None) -> None:
    claims = extract_document("syn", text, _PUB).claims
    assert [(c.type.value, c.when.iso() if c.when else None) for c in claims] == [("siege.imposed", dated)]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [  # synthetic: the rules above, where their words mean something else
        ("Since the ceasefire, the militia has held 30 hostages in Kuzu district.", []),
        ("After the siege of Kuzu district, the population continued to shrink.", []),
        ("Government troops have held on to the village of Kuzu.", []),
        ("Rail strikes hit commuters across Kuzu district on Monday.", []),
        ("Thousands were displaced by clashes in Kuzu district on Monday.", ["attack.clash"]),
        ("Turkey extended support for the agreement on Kuzu district.", []),
        ("Russian missile strikes hit Kuzu district overnight.", ["attack.shelling"]),
    ],
)
def test_words_of_a_rule_that_mean_something_else(text: str, kinds: list[str]) -> None:
    assert [t for t, _ in _claims(text)] == kinds


def test_an_arabic_deal_on_a_truce_does_not_hide_what_happened_after_it() -> None:
    # synthetic: "despite the agreement on a ceasefire, warplanes launched strikes on Idlib"
    text = "رغم الاتفاق على وقف إطلاق النار، شنت الطائرات الحربية غارات على مدينة إدلب."
    claims = extract_document("ar", text, _PUB, language="ar").claims
    assert "attack.airstrike" in [c.type.value for c in claims]


def test_captives_taken_on_one_day_and_freed_on_another_are_freed_then_not_taken_anew() -> None:
    text = "Two nurses abducted in March were freed on Sunday in the river town, officials said."
    claims = extract_document("syn", text, _PUB).claims
    assert [(c.type.value, c.when.iso() if c.when else None) for c in claims] == [
        ("detainees.released", "2017-03-05")
    ]


def test_a_truce_one_side_announces_starts_a_ceasefire_but_is_no_agreement() -> None:
    one_side = {t.type for t in find_triggers("The militia announced a unilateral truce on Sunday.")}
    assert one_side == {EventType.CEASEFIRE_START}
    both = {t.type for t in find_triggers("The mediators announced an accord between the two councils.")}
    assert both == {EventType.AGREEMENT_REACHED}


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # a region or country before "town of", "city of": where the town named next lies
        ("Shelling hit the Darfur town of Kutum on Monday.", "Kutum"),
        ("A car bomb exploded in Mogadishu's Hodan district on Monday.", "Hodan"),
        # a finer place first, then the city it is in
        ("Fighting broke out in the Abu Salim neighbourhood of Tripoli on Monday.", "Abu Salim"),
        # a province named after its country's possessive, the "in" before the country
        ("Rebels shelled villages in Somalia's Hiran region on Monday.", "Hiran"),
        # talks held in one city about a truce named after another
        ("Talks on a Mogadishu ceasefire resumed in Nairobi on Monday.", "Nairobi"),
    ],
)
def test_a_place_named_as_where_a_town_lies_yields_to_the_town(text: str, place: str) -> None:
    assert [c.place for c in extract_document("syn", text, _PUB).claims] == [place]


@pytest.mark.parametrize(
    "text",
    [
        "The truce in Kuzu district took effect at 6 p.m. Baghdad time on Monday.",
        "The truce in Kuzu district took effect at 18:00 Baghdad time on Monday.",
    ],
)
def test_a_city_whose_time_a_clock_time_is_told_in_is_no_place_or_party(text: str) -> None:
    claims = extract_document("syn", text, _PUB).claims
    assert [(c.type.value, c.when.iso() if c.when else None) for c in claims] == [
        ("ceasefire.start", "2017-03-06T18" if "p.m." in text else "2017-03-06T18:00")
    ]
    assert all(c.place != "Baghdad" and not c.actors for c in claims)


def test_an_attack_told_again_by_a_word_of_no_kind_is_the_attack_just_told() -> None:
    text = (
        "Gunmen killed six herders in the hill district, officials said on Tuesday. "
        "The attack took place on Sunday near the town of Kutum."
    )
    claims = extract_document("syn", text, _PUB).claims
    retold = [c for c in claims if c.rule == "attack-retold"]
    assert [(c.type.value, c.place, c.when.iso() if c.when else None) for c in retold] == [
        ("attack.civilians", "Kutum", "2017-03-05")
    ]
    assert [(q.kind.value, q.value) for q in retold[0].quantities] == [("killed", 6)]
    # with no attack told before it, an attack of no kind
    alone = extract_document("syn", "The attack took place on Sunday near the town of Kutum.", _PUB).claims
    assert [c.type.value for c in alone] == ["attack.clash"]


def test_a_deal_the_sentence_acts_under_is_no_new_agreement() -> None:
    text = "The two militias swapped 40 captives at the ford under a deal brokered by the elders."
    assert [t.type for t in find_triggers(text)] == [EventType.DETAINEES_RELEASED]


@pytest.mark.parametrize(
    "text",
    [
        "TIMBUKTU, 9 June (Reuters) - Gunmen attacked an aid convoy near Ber on 7 June, killing a driver.",
        "TIMBUKTU, June 9 - Gunmen attacked an aid convoy near Ber on Saturday, killing a driver.",
    ],
)
def test_a_datelines_day_is_when_the_story_was_filed_not_when_its_first_event_happened(text: str) -> None:
    claims = extract_document("d", text, dt.date(2025, 6, 9)).claims
    assert [(c.type, c.when.start.date() if c.when else None) for c in claims] == [
        (EventType.ATTACK_AID, dt.date(2025, 6, 7))
    ]


def test_seizing_trucks_or_supplies_is_no_change_of_control() -> None:
    text = "Gunmen ambushed an aid convoy near Menaka on Monday, seizing four trucks and their fuel."
    types = {c.type for c in extract_document("d", text, dt.date(2025, 6, 9)).claims}
    assert EventType.TERRITORY_CONTROL not in types
    assert EventType.ATTACK_AID in types


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen attacked an aid convoy near Menaka on Monday, according to the World Food Programme.",
        "According to the World Food Programme, gunmen attacked an aid convoy near Menaka on Monday.",
        "MENAKA, 9 June (WFP) - Gunmen attacked an aid convoy near the town on Monday.",
    ],
)
def test_who_tells_of_an_attack_or_carries_the_story_did_not_do_it(text: str) -> None:
    (claim,) = extract_document("d", text, dt.date(2025, 6, 9)).claims
    roles = {(a.actor, a.role.value) for a in claim.actors}
    assert ("gunmen", "perpetrator") in roles
    assert not any(role == "perpetrator" for actor, role in roles if actor != "gunmen")


@pytest.mark.parametrize(
    "text",
    [
        "بحسب برنامج الأغذية العالمي، هاجم مسلحون قافلة مساعدات قرب الفاشر يوم الاثنين.",
        "هاجم مسلحون قافلة مساعدات قرب الفاشر يوم الاثنين، وفقا لبرنامج الأغذية العالمي.",
    ],
)
def test_the_source_an_arabic_report_cites_did_not_do_it(text: str) -> None:
    (claim,) = extract_document("d", text, dt.date(2025, 6, 9), language="ar").claims
    assert {(a.actor, a.role.value) for a in claim.actors} == {
        ("gunmen", "perpetrator"),
        ("World Food Programme", "monitor"),
    }


def test_inmates_freed_are_detainees_released_and_counted() -> None:
    text = "The authorities freed more than 300 inmates from the central prison in Bria on Friday."
    (claim,) = extract_document("d", text, dt.date(2025, 6, 9)).claims
    assert claim.type is EventType.DETAINEES_RELEASED
    assert [(q.kind, q.value, q.qualifier) for q in claim.quantities] == [
        (QuantityKind.DETAINEES, 300, Qualifier.MORE_THAN)
    ]


def test_supplies_named_by_how_they_came_are_no_delivery() -> None:
    text = "No convoy has reached Tessalit since March; its 9,000 residents depend on airlifted supplies."
    types = {c.type for c in extract_document("d", text, dt.date(2025, 6, 9)).claims}
    assert EventType.AID_DELIVERED not in types
    assert EventType.AID_BLOCKED in types


@pytest.mark.parametrize(
    "text",
    [
        "Residents said the blockade of Kadugli had been eased on Sunday.",
        "Government troops lifted the siege of Kadugli on Saturday, residents said.",
        "A truce declared by the SPLM-N took effect in Kadugli on Saturday, residents said.",
    ],
)
def test_residents_who_tell_of_a_siege_or_a_truce_are_not_its_parties(text: str) -> None:
    (claim,) = extract_document("d", text, dt.date(2025, 6, 9)).claims
    assert claim.type in {EventType.SIEGE_LIFTED, EventType.CEASEFIRE_START}
    assert all(a.actor not in {"civilians", "residents"} for a in claim.actors)


def test_residents_who_tell_of_their_own_evacuation_are_its_party() -> None:
    text = "Residents of Kadugli said they had been evacuated to El Obeid on Monday."
    (claim,) = extract_document("d", text, dt.date(2025, 6, 9)).claims
    assert claim.type is EventType.EVACUATION
    assert [a.actor for a in claim.actors] == ["Kadugli residents"]


def test_a_further_figure_of_the_event_just_told_does_not_go_to_the_next() -> None:
    text = (
        "Rebels shelled Baraka on Monday. Eleven aid trucks reached Kalemie on Tuesday. "
        "Another 25 trucks were waiting at the border. Fighting broke out near Uvira on Wednesday."
    )
    claims = extract_document("d", text, dt.date(2025, 6, 9)).claims
    figures = {c.type: [(q.kind, q.value) for q in c.quantities] for c in claims}
    assert figures[EventType.AID_DELIVERED] == [(QuantityKind.TRUCKS, 11)]
    assert figures[EventType.ATTACK_SHELLING] == figures[EventType.ATTACK_CLASH] == []


@pytest.mark.parametrize(
    ("text", "met"),
    [
        ("Talks between Kinshasa and Kigali are scheduled to resume in Luanda next week.", False),
        ("Talks between the two sides will resume in Doha on Monday.", False),
        ("A new round of talks between the army and the rebels was postponed on Saturday.", False),
        ("Talks between Kinshasa and Kigali resumed in Luanda on Monday.", True),
        ("A new round of talks opened in Jeddah on Saturday, and the two sides will meet again.", True),
        ("The two sides signed the deal at a meeting in Jeddah. The truce will start on Monday.", True),
    ],
)
def test_talks_told_with_a_future_or_a_postponement_did_not_happen(text: str, met: bool) -> None:
    types = {c.type for c in extract_document("d", text, dt.date(2025, 6, 9)).claims}
    assert (EventType.NEGOTIATION_MEETING in types) is met


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Government forces killed 12 civilians in air strikes on Ariha on Monday.", "en"),
        ("قتلت القوات الحكومية 12 مدنيا في غارات جوية على أريحا يوم الاثنين.", "ar"),
    ],
)
def test_civilians_killed_in_an_air_strike_are_its_toll_not_a_second_attack(text: str, language: str) -> None:
    claims = extract_document("d", text, dt.date(2025, 6, 9), language=language).claims
    assert [c.type for c in claims] == [EventType.ATTACK_AIRSTRIKE]


def test_a_deal_reached_at_talks_somewhere_tells_of_the_talks() -> None:
    text = "The government and the ELN agreed at talks in Caracas on Monday to extend the truce."
    claims = extract_document("d", text, dt.date(2025, 6, 9)).claims
    assert (EventType.NEGOTIATION_MEETING, "Caracas") in {(c.type, c.place) for c in claims}


@pytest.mark.parametrize(
    ("text", "places"),
    [
        (
            "Al-Shabaab fighters attacked army bases in Bulo Burde, Gawaan and Qoryooley Dhexe on Sunday.",
            ["Bulo Burde", "Gawaan", "Qoryooley Dhexe"],
        ),
        ("In Khartoum, Burhan and Hemedti agreed on Monday to a seven-day truce.", ["Khartoum"]),
    ],
)
def test_unknown_towns_listed_after_a_known_one_are_places_too(text: str, places: list[str]) -> None:
    claims = extract_document("d", text, dt.date(2025, 6, 9)).claims
    assert [c.place for c in claims] == places


@pytest.mark.parametrize(
    ("text", "started"),
    [
        ("The two sides signed a truce in Kutum on Saturday. It took effect at 9:45 pm on Monday.", True),
        ("The parliament passed the law on Monday. It came into force on Friday.", False),
    ],
)
def test_it_took_effect_tells_of_a_truce_only_after_one(text: str, started: bool) -> None:
    claims = extract_document("d", text, dt.date(2025, 6, 9)).claims
    starts = [c for c in claims if c.type is EventType.CEASEFIRE_START]
    assert [(c.place, c.when.start if c.when else None) for c in starts] == (
        [("Kutum", dt.datetime(2025, 6, 9, 21, 45))] if started else []
    )


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        (
            "Only 150 of the more than 2,000 detainees promised under the deal have been released.",
            (QuantityKind.DETAINEES, 150, Qualifier.EXACT),
        ),
        (
            "Rebels freed about 40 of the 90 hostages they held in Ber.",
            (QuantityKind.DETAINEES, 40, Qualifier.ABOUT),
        ),
        # a part of a toll is not the toll
        (
            "Nine of the 14 people killed in the shelling were children.",
            (QuantityKind.KILLED, 14, Qualifier.EXACT),
        ),
    ],
)
def test_the_part_told_of_a_whole_is_the_count_of_those_released(
    text: str, figure: tuple[QuantityKind, int, Qualifier]
) -> None:
    assert figure in [(q.kind, q.value, q.qualifier) for q in find_quantities(text)]


def test_a_date_that_names_a_deal_does_not_date_what_happened_under_it() -> None:
    text = (
        "Only 150 of the 2,000 detainees promised under the August deal have been released, "
        "officials said on Tuesday."
    )
    (claim,) = extract_document("d", text, dt.date(2025, 6, 12)).claims
    assert claim.type is EventType.DETAINEES_RELEASED
    assert claim.when is not None and claim.when.start.date() == dt.date(2025, 6, 10)


def test_a_toll_told_after_an_attack_is_that_attacks_toll() -> None:
    text = "Government forces shelled Kutum on Monday. Five civilians were killed, residents said."
    claims = extract_document("d", text, dt.date(2025, 6, 12)).claims
    assert {c.type for c in claims} == {EventType.ATTACK_SHELLING}
    assert [(q.kind, q.value) for c in claims for q in c.quantities] == [(QuantityKind.KILLED, 5)]


# English extraction of f17e7b7..ceb6373: each test below fails at f17e7b7.


def _en_claims(text: str) -> list[Claim]:
    return list(extract_document("d", text, dt.date(2024, 5, 3)).claims)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Sudanese troops retook Sinja on Monday.", "Singa"),
        ("Yemeni government forces recaptured Hays on Monday.", "Ḩays"),
        ("Ethiopian troops captured Alamata on Sunday.", "Alamata"),
    ],
)
def test_a_country_adjective_votes_for_the_documents_country(text: str, place: str) -> None:
    (claim,) = _en_claims(text)
    assert claim.type is EventType.TERRITORY_CONTROL
    assert claim.place == place


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("The king pardoned 1,200 prisoners on Tuesday to mark the holiday.", 1200),
        ("Authorities amnestied about 700 political prisoners in Asmara on Friday.", 700),
        ("The army freed 60 migrants held by traffickers near Kufra on Monday.", 60),
    ],
)
def test_pardoned_amnestied_and_freed_migrants_are_released(text: str, count: int) -> None:
    (claim,) = _en_claims(text)
    assert claim.type is EventType.DETAINEES_RELEASED
    assert [q.value for q in claim.quantities] == [count]


def test_a_truce_told_with_its_parties_before_its_verb_starts() -> None:
    text = "A ceasefire between the Ethiopian army and the Fano militia took effect on Sunday."
    assert EventType.CEASEFIRE_START in {c.type for c in _en_claims(text)}


def test_a_truce_told_with_its_parties_before_its_verb_ends() -> None:
    text = (
        "A truce between the army and the militias in South Kivu ended on Tuesday, "
        "when fighters attacked Uvira."
    )
    (claim,) = [c for c in _en_claims(text) if c.type is EventType.CEASEFIRE_END]
    assert claim.place == "South Kivu"


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("JUBA - A nationwide ceasefire took effect on Friday.", "South Sudan"),
        ("A nationwide truce in Sudan took effect on Friday, the army said in Port Sudan.", "Sudan"),
    ],
)
def test_a_nationwide_truce_is_the_countrys(text: str, country: str) -> None:
    (claim,) = _en_claims(text)
    assert claim.type is EventType.CEASEFIRE_START
    assert claim.place == country


def test_an_ambush_beside_a_bombing_in_another_clause_is_a_second_attack() -> None:
    text = (
        "Gunmen ambushed soldiers near Tessit, "
        "while a roadside bomb killed four civilians near Menaka on Sunday."
    )
    places = {c.type: c.place for c in _en_claims(text)}
    assert places == {EventType.ATTACK_CLASH: "Tessit", EventType.ATTACK_EXPLOSION: "Menaka"}


@pytest.mark.parametrize(
    "text",
    [
        "Jihadists killed nine soldiers in an ambush on an army convoy near Djibo on Monday.",
        "Gunmen ambushed a police convoy near Zamfara on Monday, killing 10 officers.",
    ],
)
def test_an_army_or_police_convoy_is_no_aid_target(text: str) -> None:
    assert [c.type for c in _en_claims(text)] == [EventType.ATTACK_CLASH]


def test_a_transfer_of_the_wounded_is_an_evacuation_from_where_they_left() -> None:
    text = "MSF oversaw the transfer of 35 wounded from Kutum to hospitals in El Fasher on Monday."
    (claim,) = _en_claims(text)
    assert claim.type is EventType.EVACUATION
    assert claim.place == "Kutum"


def test_an_english_spelling_of_a_conflict_city_is_trusted_without_its_country() -> None:
    (claim,) = _en_claims("Airstrikes hit Jabalia on Tuesday, killing 14 people.")
    assert claim.place == "Jabālyā"


def test_the_bodies_of_people_are_the_dead_not_detainees() -> None:
    (swap,) = _en_claims("The two sides exchanged the bodies of 45 soldiers on Friday.")
    assert swap.quantity(QuantityKind.DETAINEES) is None
    (strike,) = _en_claims(
        "Rescuers recovered the bodies of seven people from the rubble in Rafah "
        "on Monday after an air strike."
    )
    assert strike.type is EventType.ATTACK_AIRSTRIKE
    assert [(q.kind, q.value) for q in strike.quantities] == [(QuantityKind.KILLED, 7)]


@pytest.mark.parametrize(
    "text",
    [
        "Of the 60 abductees, none had been freed by Friday.",
        "Militants kidnapped 20 villagers near Zamfara; none have been freed.",
    ],
)
def test_none_before_a_release_negates_it(text: str) -> None:
    assert EventType.DETAINEES_RELEASED not in {c.type for c in _en_claims(text)}


def test_a_date_across_a_clause_break_yields_to_one_in_the_events_clause() -> None:
    text = "The truce was signed in Jeddah last year, although fighting erupted in El Fasher on Monday."
    (clash,) = [c for c in _en_claims(text) if c.type is EventType.ATTACK_CLASH]
    assert clash.when is not None
    assert clash.when.start.date() == dt.date(2024, 4, 29)


def test_a_truce_is_placed_at_the_place_named_in_its_own_words() -> None:
    text = "The truce in Tigray has broken down, officials said, accusing the army of shelling Mekele."
    places = {c.type: c.place for c in _en_claims(text)}
    assert places[EventType.CEASEFIRE_END] == "Tigray"
    assert places[EventType.ATTACK_SHELLING] == "Mek'ele"


def test_an_attack_on_civilians_told_beside_its_means_is_that_means() -> None:
    (claim,) = _en_claims("A drone attack on a market in Kutum killed 15 people on Sunday.")
    assert claim.type is EventType.ATTACK_AIRSTRIKE
    assert claim.when is not None
    assert claim.when.start.date() == dt.date(2024, 4, 28)


def test_people_captured_by_a_side_are_no_place_taken() -> None:
    text = "Thirty soldiers captured by al-Shabaab near Baidoa were freed on Sunday."
    assert [c.type for c in _en_claims(text)] == [EventType.DETAINEES_RELEASED]


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("A UN helicopter was fired upon near Bentiu on Tuesday.", "United Nations"),
        ("Médecins Sans Frontières staff were shot at in Kutum on Sunday.", "MSF"),
        ("Gunmen gunned down two aid workers in Kutum on Tuesday.", None),
    ],
)
def test_attacks_on_aid_helicopters_msf_and_aid_workers_gunned_down(text: str, target: str | None) -> None:
    (claim,) = _en_claims(text)
    assert claim.type is EventType.ATTACK_AID
    if target is not None:
        assert (target, "target") in {(a.actor, a.role.value) for a in claim.actors}


def test_a_participle_after_a_noun_is_no_aim_of_the_verb_that_follows() -> None:
    text = (
        "Only 120 of the 900 detainees promised under the agreement have been freed, "
        "officials said on Monday."
    )
    assert [c.type for c in _en_claims(text)] == [EventType.DETAINEES_RELEASED]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("A convoy of evacuees from Tessit reached Gao on Sunday.", EventType.EVACUATION),
        ("A convoy carrying wounded fighters from Tessit arrived in Gao on Sunday.", EventType.EVACUATION),
        ("A convoy of 14 trucks carrying flour from Tessit reached Gao on Sunday.", EventType.AID_DELIVERED),
    ],
)
def test_a_convoy_of_people_is_an_evacuation_not_aid(text: str, kind: EventType) -> None:
    (claim,) = _en_claims(text)
    assert claim.type is kind


def test_an_evacuation_from_a_region_is_placed_where_it_left() -> None:
    (claim,) = _en_claims("Buses carrying evacuees from the Mopti region arrived in Bamako on Sunday.")
    assert claim.type is EventType.EVACUATION
    assert claim.place == "Mopti"


@pytest.mark.parametrize(
    ("text", "told"),
    [
        ("Dozens of buses carrying families were expected to leave Tessit on Sunday.", False),
        ("Buses carrying the last fighters will leave Tessit tomorrow.", False),
        ("Dozens of buses carrying families left Tessit on Sunday, residents said.", True),
    ],
)
def test_buses_yet_to_leave_are_no_evacuation(text: str, told: bool) -> None:
    assert (EventType.EVACUATION in [c.type for c in _en_claims(text)]) is told


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("KIDAL - Twenty men held over the conflict in Mali were freed on Monday. Kidal cheered.", "Kidal"),
        ("KIDAL - Twenty men held since the Mali war were freed on Monday. Kidal cheered.", "Kidal"),
        # where they were freed, when the sentence says so
        ("KIDAL - Twenty men held over the conflict were freed in Mali on Monday. Kidal cheered.", "Mali"),
    ],
)
def test_a_place_that_names_the_war_is_not_where_its_events_happened(text: str, place: str) -> None:
    (claim,) = _en_claims(text)
    assert claim.type is EventType.DETAINEES_RELEASED
    assert claim.place == place


@pytest.mark.parametrize(
    ("second", "place"),
    [
        ("The army launched air raids in the south early on Wednesday.", "Mali"),
        ("Air strikes hit targets across the country's north on Wednesday.", "Mali"),
        ("Aid agencies sent the first shipments of food into the country on Wednesday.", "Mali"),
        # a bearing of the town, or another place named, is not the country's part
        ("Air strikes hit the south of the town on Wednesday.", "Kidal"),
        ("The army launched air raids in the south, near Tessalit, on Wednesday.", "Tessalit"),
    ],
)
def test_a_part_of_the_country_named_by_its_bearing_is_the_country(second: str, place: str) -> None:
    text = f"Fighting raged in Kidal on Monday. {second} Residents said Kidal was calm."
    claims = [c for c in _en_claims(text) if c.type is not EventType.ATTACK_CLASH]
    assert [c.place for c in claims] == [place]


def test_a_truce_in_a_part_of_the_country_is_not_nationwide() -> None:
    (claim,) = _en_claims("A truce took effect in Daraa on Monday across the country's south.")
    assert claim.type is EventType.CEASEFIRE_START
    assert claim.place == "Dar‘ā"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Airstrikes hit Jabalia on Monday, killing six people.", "Jabālyā"),
        ("Hamas official Khalil al-Masri said Israeli strikes killed 20 people on Monday.", None),
    ],
)
def test_another_spelling_of_a_conflict_town_is_trusted_but_not_another_name(
    text: str, place: str | None
) -> None:
    claims = extract_document("d", text, dt.date(2025, 6, 12)).claims
    assert [c.place for c in claims] == [place]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Authorities returned 300 Sudanese refugees to Darfur on Tuesday.", None),
        ("Some 200 migrants were returned to Zuwara by the coastguard on Monday.", None),
        ("Police freed 60 migrants held by traffickers in Kufra on Sunday.", EventType.DETAINEES_RELEASED),
        ("Russia completed the transfer of 20 people detained in Kherson to Crimea on Tuesday.", None),
        ("A UN fuel convoy was attacked near Rafah on Thursday.", EventType.ATTACK_AID),
    ],
)
def test_people_sent_home_or_moved_in_custody_and_aid_fuel_convoys(text: str, kind: EventType | None) -> None:
    claims = extract_document("d", text, dt.date(2025, 6, 12)).claims
    assert [c.type for c in claims] == ([kind] if kind else [])


def test_prisoner_release_named_as_an_issue_is_no_release() -> None:
    text = "The question of prisoner release still divides the two delegations in Kidal."
    types = {c.type for c in extract_document("d", text, dt.date(2025, 6, 12)).claims}
    assert EventType.DETAINEES_RELEASED not in types


def test_aid_that_has_not_entered_is_blocked_as_of_the_report_in_arabic() -> None:
    text = "ولم تدخل أي مساعدات إلى مدينة كادقلي منذ أكثر من شهرين بسبب الحصار."
    claims = extract_document("d", text, dt.date(2025, 6, 13), language="ar").claims
    blocked = [c for c in claims if c.type is EventType.AID_BLOCKED]
    assert [c.when.start.date() if c.when else None for c in blocked] == [dt.date(2025, 6, 13)]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The Houthis announced an end to the truce on Friday.", EventType.CEASEFIRE_END),
        ("Israel resumed strikes on Rafah on Tuesday.", EventType.ATTACK_AIRSTRIKE),
        ("Russia launched strikes on Kharkiv overnight.", EventType.ATTACK_AIRSTRIKE),
        ("Workers went on strike in Port Sudan on Monday.", None),
    ],
)
def test_an_end_announced_and_strikes_resumed(text: str, kind: EventType | None) -> None:
    claims = extract_document("d", text, dt.date(2025, 6, 12)).claims
    assert [c.type for c in claims] == ([kind] if kind else [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a dateline's day dates what its sentence tells when the sentence gives no day of its own
        (
            "KADUGLI, June 9 (Reuters) - The army shelled the town of Dilling, killing 12 civilians.",
            [(EventType.ATTACK_SHELLING, "Dilling", dt.date(2025, 6, 9))],
        ),
        # "it" is the curfew told in between, not the truce two sentences back
        (
            "A ceasefire was agreed for Kutum on Monday. The army also imposed a curfew. "
            "It took effect at 6 pm.",
            [(EventType.AGREEMENT_REACHED, "Kutum", dt.date(2025, 6, 9))],
        ),
        # a toll in another town, or told as a separate attack, is not the air strike's
        (
            "Air strikes hit Saraqib on Monday. In Aleppo, gunmen killed three civilians on Tuesday.",
            [
                (EventType.ATTACK_AIRSTRIKE, "Saraqib", dt.date(2025, 6, 9)),
                (EventType.ATTACK_CIVILIANS, "Aleppo", dt.date(2025, 6, 10)),
            ],
        ),
        # talks that took place, and will resume
        (
            "Talks between the army and the RSF took place in Jeddah on Monday and will resume next week.",
            [(EventType.NEGOTIATION_MEETING, "Jeddah", dt.date(2025, 6, 9))],
        ),
        ("Doctors resumed strikes on Monday over unpaid salaries in Kassala.", []),
        ("The coast guard rescued 45 migrants off Zuwara on Monday.", []),
        (
            "In Goma, Nangaa and Makenga on Tuesday announced a ceasefire.",
            [(EventType.CEASEFIRE_START, "Goma", dt.date(2025, 6, 10))],
        ),
    ],
)
def test_what_a_review_found_the_new_rules_overreached(
    text: str, expected: list[tuple[EventType, str, dt.date]]
) -> None:
    claims = extract_document("d", text, dt.date(2025, 6, 12)).claims
    assert [(c.type, c.place, c.when.start.date() if c.when else None) for c in claims] == expected


def test_a_part_that_is_no_number_between_none_and_the_whole_is_no_count() -> None:
    found = find_quantities("Around half of the 200 detainees were released on Tuesday.")
    assert [(q.kind, q.value) for q in found] == [(QuantityKind.DETAINEES, 200)]
    found = find_quantities("Two of the 300 detainees freed on Sunday were children.")
    assert [(q.kind, q.value) for q in found] == [(QuantityKind.DETAINEES, 300)]


def test_a_cited_source_that_acted_and_a_killing_before_shelling() -> None:
    (claim,) = extract_document(
        "d", "According to the army, its troops shelled Kutum on Monday.", dt.date(2025, 6, 12)
    ).claims
    assert {a.role.value for a in claim.actors} == {"perpetrator"}
    claims = extract_document(
        "d", "Armed men shot dead five villagers before shelling resumed on Kutum.", dt.date(2025, 6, 12)
    ).claims
    assert EventType.ATTACK_CIVILIANS in {c.type for c in claims}
    claims = extract_document(
        "d", "The rebels announced an end to hostilities and a ceasefire in Goma.", dt.date(2025, 6, 12)
    ).claims
    assert EventType.CEASEFIRE_END not in {c.type for c in claims}


def test_a_truce_under_a_deal_named_by_its_month_takes_its_own_day() -> None:
    text = "Under the January deal, a ceasefire took effect in Kutum on Sunday."
    (claim,) = extract_document("d", text, dt.date(2025, 6, 12)).claims
    assert claim.type is EventType.CEASEFIRE_START
    assert claim.when is not None and claim.when.start.date() == dt.date(2025, 6, 8)


@pytest.mark.parametrize(
    "text",
    [
        "The ceasefire agreed in Doha took effect in Rafah on Sunday.",
        "The truce, signed in Jeddah, took effect in Rafah at 9:45 pm on Sunday.",
    ],
)
def test_a_truce_holds_where_it_took_effect_not_where_it_was_agreed(text: str) -> None:
    claims = extract_document("d", text, dt.date(2025, 6, 12)).claims
    assert [c.place for c in claims if c.type is EventType.CEASEFIRE_START] == ["Rafaḩ"]


def test_a_sides_sources_who_tell_of_an_attack_did_not_make_it_in_arabic() -> None:
    text = "قالت مصادر حوثية إن طائرات حربية قصفت مدينة صعدة يوم الاثنين."
    (claim,) = extract_document("d", text, dt.date(2025, 6, 9), language="ar").claims
    assert ("Houthis", "perpetrator") not in {(a.actor, a.role.value) for a in claim.actors}


@pytest.mark.parametrize(
    ("text", "kinds"),
    [  # synthetic
        # a truce's start told in a relative clause, beside its end
        (
            "The truce, which began at dawn on Monday, collapsed a day later in Gao.",
            ["ceasefire.end", "ceasefire.start"],
        ),
        ("The truce, which the mediators had proposed, collapsed on Monday in Gao.", ["ceasefire.end"]),
        # a truce told by the hours it keeps, or its length and day
        ("Residents of Sokoto used the 7 a.m.-to-3 p.m. truce to buy food.", ["ceasefire.start"]),
        ("A 10-hour humanitarian pause on Sunday brought calm to Kano.", ["ceasefire.start"]),
        ("The rebels rejected a 72-hour truce around Kano.", []),
        ("The governor called for a 10-hour humanitarian pause on Sunday in Kano.", []),
    ],
)
def test_truce_starts_told_in_passing(text: str, kinds: list[str]) -> None:
    assert sorted(t for t, _ in _claims(text)) == kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [  # synthetic
        # a deal named and dated, with no verb: dated then
        ("Fighters withdrew from Mopti under the Bamako accord of 2015.", [("agreement.reached", "2015")]),
        ("The Arusha agreement in August 1993 ended the war.", [("agreement.reached", "1993-08")]),
        ("The 2015 budget funds new barracks in Mopti.", []),
        # what a deal between the parties laid down
        (
            "Some 300 gunmen quit Kindia according to a deal between both sides.",
            [("agreement.reached", None)],
        ),
        ("Some 300 fighters left Kindia according to the army.", []),
        # a side saying it keeps to a truce
        ("The militias in Bouar stated that they would adhere to the truce.", [("agreement.reached", None)]),
        ("The militia in Bouar said it would not abide by the truce.", []),
        # the parties agreeing to a step named before
        ("Every armed group agreed to this operation in Kasungu.", [("agreement.reached", None)]),
        ("The governor backs a plan to prolong the ceasefire in Kasungu.", []),
    ],
)
def test_deals_told_without_a_verb_of_reaching(text: str, kinds: list[tuple[str, str | None]]) -> None:
    claims = [c for c in _en_claims(text) if c.type.value.startswith(("agreement", "ceasefire"))]
    assert [c.type.value for c in claims] == [kind for kind, _ in kinds]
    for claim, (_, when) in zip(claims, kinds, strict=True):
        if when is not None:  # a deal's own date, where one is told
            assert claim.when is not None and claim.when.iso() == when


@pytest.mark.parametrize(
    ("text", "kinds"),
    [  # synthetic
        # an infinitive right after a quote or a comma is an aim all the same
        ('The president called the talks a "final opportunity" to reach a settlement in Kayes.', []),
        ("The envoy flew to Kayes on Monday, to broker a truce between the militias.", []),
        ("The militias reached a settlement in Kayes on Monday.", ["agreement.reached"]),
    ],
)
def test_an_aim_after_a_clause_edge_is_no_deal(text: str, kinds: list[str]) -> None:
    assert [c.type.value for c in _en_claims(text)] == kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [  # synthetic
        # a body or a topic named after a truce is no truce
        ('The UN mission set up a new "truce committee" in Kayes.', []),
        ("The army declared a ceasefire in Kayes on Monday.", ["ceasefire.start"]),
        ("Ceasefire talks began in Kayes on Monday.", ["negotiation.meeting"]),
    ],
)
def test_a_body_named_after_a_truce_is_no_truce(text: str, kinds: list[str]) -> None:
    assert [c.type.value for c in _en_claims(text)] == kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [  # synthetic
        # a brokered truce told as it took hold is its start, no deal of the day
        ("Fighting stopped after a Qatari-brokered truce came into effect in Kayes.", ["ceasefire.start"]),
        ("The Qatari-brokered truce in Kayes is holding.", ["agreement.reached", "ceasefire.start"]),
        # one phase of a deal set going is no truce
        ("More families will leave Kayes when the third phase of the deal commences.", []),
        ("The deal went into effect in Kayes on Monday.", ["ceasefire.start"]),
    ],
)
def test_deal_or_truce_told_as_it_took_hold(text: str, kinds: list[str]) -> None:
    assert sorted(c.type.value for c in _en_claims(text)) == kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [  # synthetic
        # held, then freed, in one breath: the release is its own happening
        (
            "Two herders were abducted near Kayes on Sunday and released three days later.",
            ["attack.civilians", "detainees.released"],
        ),
        ("Police arrested and released 12 students in Kayes on Monday.", ["detainees.released"]),
        ("The rebels seized the town of Kayes and released a statement on Monday.", ["territory.control"]),
        # suspects and kidnap victims are people held; the captor's captivity may be named
        ("The army released 40 suspects in Kayes on Monday.", ["detainees.released"]),
        ("Police freed eight kidnap victims in Kayes on Wednesday.", ["detainees.released"]),
        ("The navy brought home 30 of its sailors from rebel captivity on Friday.", ["detainees.released"]),
        # a patient sent home is no detainee freed
        ("Two soldiers were released from hospital in Kayes on Monday.", []),
    ],
)
def test_releases_told_in_other_words(text: str, kinds: list[str]) -> None:
    assert sorted(c.type.value for c in _en_claims(text)) == kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [  # synthetic
        # an armed side driven off loses the place; civilians fleeing hand over nothing
        ("The rebel battalion was forced to flee the district of Kayes on Monday.", ["territory.control"]),
        ("Thousands of civilians were forced to flee the district of Kayes on Monday.", []),
        # victory claimed over a side in a place; not an election won
        ("The army declared victory over the insurgents in Kayes on Monday.", ["territory.control"]),
        ("The governor declared victory in the election in Kayes on Monday.", []),
        # held by a side since a day: the takeover dated then
        ("Kayes has been held by the militia since 2016.", ["territory.control"]),
        # a redeployment of a side out of a place hands it over
        ("The redeployment of the militia from the port of Kayes ended on Monday.", ["territory.control"]),
        ("Residents retreated from the river bank in Kayes as the water rose.", []),
    ],
)
def test_control_told_in_other_words(text: str, kinds: list[str]) -> None:
    assert sorted(c.type.value for c in _en_claims(text)) == kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [  # synthetic
        # homes burned, a wedding or a bus fired on: violence against civilians
        ("Militiamen burned dozens of huts in Kayes on Sunday.", ["attack.civilians"]),
        ("Soldiers burned the rebel flag in Kayes on Sunday.", []),
        ("Gunmen opened fire on a wedding party in Kayes on Sunday.", ["attack.civilians"]),
        ("Gunmen opened fire on a passenger bus near Kayes on Sunday.", ["attack.civilians"]),
        # killed as they fled, told as a report of it
        ("The UN received reports of civilians being killed while fleeing Kayes.", ["attack.civilians"]),
        # a massacre feared, even in quotes, is none
        ('Residents of Kayes now fear a new "massacre", the council said.', []),
    ],
)
def test_violence_against_civilians_told_in_other_words(text: str, kinds: list[str]) -> None:
    assert sorted(c.type.value for c in _en_claims(text)) == kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [  # synthetic
        # a possible outcome is no report of aid blocked
        ("The offensive is potentially cutting off the only road for aid to Kayes.", ["attack.clash"]),
        ("The offensive is cutting off the main road for aid to Kayes.", ["aid.blocked", "attack.clash"]),
    ],
)
def test_a_potential_outcome_is_no_blocking(text: str, kinds: list[str]) -> None:
    assert sorted(c.type.value for c in _en_claims(text)) == kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [  # synthetic: near misses of the detainee, territory, deal and convoy rules
        ("Police arrested 12 suspects after the riot in Nairobi and released them on bail on Friday.", []),
        (
            "The army said it captured the ridge and freed the main highway linking Goma to Sake.",
            ["territory.control"],
        ),
        (
            "Gunmen abducted 20 passengers near Kaduna on Monday and released them three days later.",
            ["attack.civilians", "detainees.released"],
        ),
        ("Incumbent President Mahama declared victory in Sunday's election, officials said.", []),
        ("Al Ahly claimed victory over Esperance in Cairo on Friday.", []),
        ("The army announced victory over the jihadist militants in Kidal on Monday.", ["territory.control"]),
        ("The hostages have been held by the militia since October, their families said.", []),
        ("The clinic in Aweil has been run by a charity since 2008.", []),
        ("Government soldiers were forced to abandon their vehicles near Kidal, the army said.", []),
        ("Rebel fighters were forced to abandon their positions in Kidal on Tuesday.", ["territory.control"]),
        ("The redeployment of UN peacekeepers from Kidal was completed on Tuesday.", []),
        ("The M23 said it would respect the ceasefire if the army stopped its attacks.", []),
        ("The movement said it would accept the truce proposal put forward by the mediators.", []),
        ("Potentially hundreds of people were evacuated from Kharkiv on Sunday.", ["evacuation"]),
        (
            "The truce, potentially the longest since the war began, took effect in Hodeidah.",
            ["ceasefire.start"],
        ),
        (
            "A UN convoy carrying supplies for displaced families arrived in Kalehe on Tuesday.",
            ["aid.delivered"],
        ),
        ("A convoy carrying residents' belongings arrived in Goma on Sunday.", ["aid.delivered"]),
    ],
)
def test_near_misses_of_the_release_takeover_deal_and_convoy_rules(text: str, kinds: list[str]) -> None:
    assert sorted(c.type.value for c in _en_claims(text)) == kinds


@pytest.mark.parametrize(
    ("text", "place"),
    [  # synthetic
        # where a party is posted, a town, is where it acted when the sentence names no other place
        ("Three soldiers stationed in Kidal died when a drone struck their post on Monday.", "Kidal"),
        ("Militants based in Gao shelled Mopti on Monday.", "Mopti"),
        # a country it operates in says nothing of where
        (
            "Gunmen stormed Mopti on Tuesday. Men operating inside Mali fired on UN aid trucks on Sunday.",
            "Mopti",
        ),
        # a war's name counts for the story's place, and locates no event
        ("Drones hit Gaza on Tuesday, one of the deadliest days of the war in Gaza this month.", "Gaza"),
    ],
)
def test_where_a_party_is_posted_and_which_war(text: str, place: str) -> None:
    assert [c.place for c in _en_claims(text) if c.type is not EventType.ATTACK_CIVILIANS][-1:] == [place]


@pytest.mark.parametrize(
    ("text", "kind", "place"),
    [
        # a count with its qualifier before the homes burned
        (
            "Soldiers burned at least 60 houses in the village of Tar Taw on Monday.",
            "attack.civilians",
            "Tar Taw",
        ),
        ("Militiamen burnt more than 200 huts in Kutum on Sunday.", "attack.civilians", "Kutum"),
        # held, then freed
        (
            "Rebels held the two soldiers for three weeks in Kivu and released them on Thursday.",
            "detainees.released",
            "Kivu",
        ),
        ("In Mali, gunmen held the crew near Gao and freed them on Sunday.", "detainees.released", "Gao"),
        # agreeing to reopen a crossing is a deal
        (
            "Sudan and South Sudan agreed on Monday to reopen the border crossing at Joda.",
            "agreement.reached",
            "Joda",
        ),
        # a truce's start told past an aside on its deal
        (
            "The ceasefire, which was signed in Addis Ababa on Monday, took effect in Tigray on Tuesday.",
            "ceasefire.start",
            "Tigray",
        ),
        # an armed side told as attacked
        ("UN peacekeepers came under fire near Naqoura on Friday, UNIFIL said.", "attack.clash", "Naqoura"),
        ("Troops stationed in Kidal came under attack on Tuesday, the army said.", "attack.clash", "Kidal"),
        (
            "Israeli forces raided the Jenin refugee camp on Monday, killing five Palestinians.",
            "attack.civilians",
            None,
        ),
        # the war's sum, then a clause of its own dated to a day
        (
            "The war in Sudan has uprooted millions, and on Monday the RSF shelled El Obeid.",
            "attack.shelling",
            "El Obeid",
        ),
        # the armed side's own camp
        ("Soldiers repelled an attack on their camp in Gao on Monday.", "attack.clash", "Gao"),
    ],
)
def test_review_events_are_told(text: str, kind: str, place: str | None) -> None:
    claims = [c for c in _en_claims(text) if c.type.value == kind]
    assert claims, [(c.type.value, c.place) for c in _en_claims(text)]
    if place is not None:
        assert any(c.place == place for c in claims)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # a habit told after the attack's word
        ("Drone attacks usually hit the town at night, residents said.", "attack.airstrike"),
        ("Russian forces have shelled Mykolaiv almost daily.", "attack.shelling"),
        ("Rebels fire rockets at the camp every night, aid workers said.", "attack.shelling"),
        # talks on a truce ending are no truce ending
        ("Talks on a ceasefire, which opened on Monday in Geneva, ended without a deal.", "ceasefire.end"),
        ("Negotiations on a truce collapsed in Doha on Sunday.", "ceasefire.end"),
        # a plot is no deed
        (
            "Police arrested the suspects, accused of planning a bombing in Kano, on Monday.",
            "attack.airstrike",
        ),
        ("Three men were charged with plotting attacks on the capital.", "attack.clash"),
        # held talks and freed nothing
        ("The army held talks with the rebels and released a statement on Monday.", "detainees.released"),
        # the armed side's camp is no civilian site
        ("Soldiers repelled an attack on their camp in Gao on Monday.", "attack.civilians"),
        # a toll of the war alone, undated
        (
            "The conflict has killed thousands, and air strikes have flattened whole towns.",
            "attack.airstrike",
        ),
        ("The army came under pressure from the rebels on Monday.", "attack.clash"),
    ],
)
def test_review_non_events_are_not_told(text: str, kind: str) -> None:
    assert kind not in {c.type.value for c in _en_claims(text)}


@pytest.mark.parametrize(
    ("text", "kind", "place"),
    [
        # near misses that keep today's behaviour
        (
            "Russian forces shelled Mykolaiv on Monday, as they have almost daily.",
            "attack.shelling",
            "Mykolayiv",
        ),
        ("The ceasefire collapsed on Monday in Tigray.", "ceasefire.end", "Tigray"),
        (
            "Gunmen carried out an attack on a camp for displaced people in Gao on Monday.",
            "attack.civilians",
            "Gao",
        ),
        ("Troops came under heavy shelling in Gao on Monday.", "attack.shelling", "Gao"),
        (
            "Police arrested two men in Kano on Monday after a bombing that killed four.",
            "attack.airstrike",
            "Kano",
        ),
    ],
)
def test_review_near_misses_keep_todays_claims(text: str, kind: str, place: str) -> None:
    assert any(c.type.value == kind and c.place == place for c in _en_claims(text))


@pytest.mark.parametrize(
    ("text", "kind", "places"),
    [
        # where aid came from is not where it arrived
        ("In Sudan, trucks from Kassala reached Kadugli on Tuesday.", "aid.delivered", ["Kadugli"]),
        ("Trucks carrying food from Port Sudan arrived in Kadugli on Tuesday.", "aid.delivered", ["Kadugli"]),
        # a past happening or a war named by its place says which, not where
        (
            "Ten years after the Chibok abductions, gunmen kidnapped 30 students in Kaduna on Thursday.",
            "attack.civilians",
            ["Kaduna"],
        ),
        (
            "Fighting in the war in Chad's Lac province killed at least 40 people in Bol on Monday.",
            "attack.civilians",
            ["Bol"],
        ),
        # a road between two towns is one attack
        (
            "Gunmen attacked a UN convoy as it travelled between Kaga Bandoro and Bangui on Friday.",
            "attack.aid",
            ["Kaga-Bandoro"],
        ),
        # near misses: a list of towns is one claim each; "from" still locates an evacuation
        ("Air strikes hit Aleppo and Idlib on Monday.", "attack.airstrike", ["Aleppo", "Idlib"]),
        ("In Sudan, aid reached Kadugli on Tuesday.", "aid.delivered", ["Kadugli"]),
        ("Gunmen kidnapped 30 students in Chibok on Thursday.", "attack.civilians", ["Chibok"]),
    ],
)
def test_review_places(text: str, kind: str, places: list[str]) -> None:
    assert sorted(c.place for c in _en_claims(text) if c.type.value == kind) == sorted(places)


@pytest.mark.parametrize(
    ("text", "kind", "dates"),
    [
        # a bound on a figure negates nothing
        (
            "No fewer than 40 barrel bombs were dropped on Kafr Nabl in April 2016.",
            "attack.airstrike",
            ["2016-04"],
        ),
        ("Not less than 12 airstrikes hit Maarat in March.", "attack.airstrike", ["2024-03"]),
        # the present of a statement or headline declares a truce; a singular attack repelled is a clash
        ("The ELN rebels declare a ceasefire in Arauca from Friday.", "ceasefire.start", ["2024-05-03"]),
        (
            "Rebels said their fighters repelled an attack by troops near Kadugli on Tuesday.",
            "attack.clash",
            ["2024-04-30"],
        ),
        # a deal told by its signing, or by peace made
        (
            "Aid flowed to Bor soon after the signing of a peace accord on 5 March.",
            "agreement.reached",
            ["2024-03-05"],
        ),
        ("Bujumbura made peace with the FNL rebels in 2009.", "agreement.reached", ["2009"]),
        # near misses: a negation stays one; a signing awaited, expected or put off is none; repelling
        # many attacks is no one clash; a future peace is none
        ("No airstrikes hit Maarat on Monday.", "attack.airstrike", []),
        ("Ahead of the signing of the peace agreement in Juba, the envoy left.", "agreement.reached", []),
        ("The signing of the accord in Juba is expected next week.", "agreement.reached", []),
        ("The signing of the accord in Juba was postponed.", "agreement.reached", []),
        ("Kalay's farmers repelled several militia raids.", "attack.clash", []),
        ("The government hopes to make peace with the rebels in Bujumbura.", "agreement.reached", []),
        ("The army will announce a truce in Kordofan.", "ceasefire.start", []),
    ],
)
def test_bounds_present_declarations_and_signings(text: str, kind: str, dates: list[str]) -> None:
    assert sorted(c.when.iso() if c.when else "" for c in _en_claims(text) if c.type.value == kind) == dates


@pytest.mark.parametrize(
    ("text", "ended"),
    [
        # a truce broken many times is violated, not ended
        ("The army said the rebels broke the ceasefire dozens of times in Daraa.", False),
        ("Moscow said the rebels had broken the truce more than 300 times in Idlib on Sunday.", False),
        ("The truce was broken 40 times in Idlib on Sunday.", False),
        ("The militia broke the truce repeatedly around Kalay.", False),
        # near misses: broken once, it ended
        ("The rebels broke the ceasefire in Daraa on Monday.", True),
        ("The truce was broken in Idlib on Sunday.", True),
    ],
)
def test_a_truce_broken_many_times_is_not_ended(text: str, ended: bool) -> None:
    assert any(c.type.value == "ceasefire.end" for c in _en_claims(text)) is ended


@pytest.mark.parametrize(
    ("text", "met"),
    [
        # a meeting set for a day in the present tense is yet to come
        ("Talks between Khartoum and the rebels are scheduled for Monday in Jeddah.", False),
        ("Talks between Khartoum and the rebels are set for next week in Jeddah.", False),
        # near miss: held, it is one
        ("Talks between Khartoum and the rebels were held on Monday in Jeddah.", True),
    ],
)
def test_talks_scheduled_for_a_day_are_not_held(text: str, met: bool) -> None:
    assert any(c.type.value == "negotiation.meeting" for c in _en_claims(text)) is met


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # attacks stepped up tell a trend, not one attack
        ("The Houthis have intensified their raids on army posts around Marib since June.", []),
        ("The militia stepped up assaults on border posts near Kidal this year.", []),
        # near misses: an offensive stepped up is one; a trend dated to a day tells one happening
        ("The army intensified its offensive on Kalay.", ["attack.clash"]),
        ("Russian forces intensified shelling of Kharkiv on Monday.", ["attack.shelling"]),
    ],
)
def test_attacks_stepped_up_are_a_trend(text: str, kinds: list[str]) -> None:
    assert sorted({c.type.value for c in _en_claims(text) if c.type.is_attack}) == kinds
