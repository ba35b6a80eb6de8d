"""The evaluation's prediction format: one JSON object per extracted event.

Claims about one happening repeat across sentences of a report (the lede and
the body both say the convoy entered). A prediction is an event, so claims of
one type at one place whose dates agree (equal, one undated, or one a
coarser form of the other) merge into one event: the most precise date, the
union of actors and, for each quantity kind, the figure of the claim told at the
event's place, exact before rounded ("more than 100" in a headline, "104" in the
body: 104). A repeat told at a finer place inside the event's moves it there, when
its own sentence writes that place (not when the story's place was lent to it).

An event the text does not date is logged at the report's publication day,
as monitors log what a report tells as news, unless every sentence stating it
marks itself as background ("had", "earlier", "years ago"). The stored claims
stay undated: only this projection applies the convention.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from trucewatch.extract.base import Analysis, DateMention, PlaceMention
from trucewatch.extract.capitals import CAPITAL_RULE
from trucewatch.extract.cues import cues
from trucewatch.extract.gazetteer import admin1_forms
from trucewatch.extract.lang import DEFAULT_LANGUAGE, pack
from trucewatch.extract.lang.detect import detect_language
from trucewatch.extract.lang.names import latin_spellings
from trucewatch.extract.pipeline import Pipeline, extract_document
from trucewatch.extract.triggers import apart_rules
from trucewatch.model import ActorRole, Claim, EventType, Place, Precision, Qualifier, When

__all__ = ["claims_to_events", "event_lines", "predict_article", "predict_file", "read_article"]

_PRECISION_RANK = {"year": 0, "month": 1, "week": 2, "day": 2, "hour": 3, "minute": 4}


@dataclass(frozen=True)
class _Figure:
    value: int
    exact: bool
    place: str | None  # the place (id, else name) of the claim that gives it


def _figure(told: list[_Figure], place: str | None) -> int:
    """The figure a merged event logs for one kind: the first given by a claim at the event's own
    place, exact before rounded; else the first exact; else the first ("more than 1,000 freed" in
    the lede, "700 freed in Sanaa" in the body: 700 for the Sanaa event)."""
    return min(told, key=lambda f: (f.place != place, not f.exact)).value


@dataclass
class _Event:
    type: str
    place: str | None
    place_id: str | None
    when: When | None
    actors: list[str] = field(default_factory=list)
    figures: dict[str, list[_Figure]] = field(default_factory=dict)  # by quantity kind, in claim order
    surface: str | None = None  # the place as the event's own evidence spells it
    news: bool = False  # some claim of it is told as news, not as background
    told_at: int | None = None  # where its first claim not retold (see _retells) begins
    apart: bool = False  # made by a rule whose happenings are their own (triggers.apart_rules)


def _is_news(claim: Claim, letters: str | None, background: re.Pattern[str]) -> bool:
    """Told as this report's news, not as background; `letters`: the text letter-folded."""
    if letters is None or not claim.evidence:
        return False
    span = claim.evidence[0]
    return background.search(letters, span.start, span.end) is None


def _date(when: When | None) -> str | None:
    return when.iso() if when else None


def _compatible(a: When | None, b: When | None) -> bool:
    """Undated, the same date at two precisions, or days a day apart (one report's "today" and "Thursday")."""
    if a is None or b is None:
        return True
    x, y = a.iso(), b.iso()
    if x.startswith(y) or y.startswith(x):
        return True
    day = {Precision.DAY, Precision.HOUR, Precision.MINUTE}
    return a.precision in day and b.precision in day and abs((a.start.date() - b.start.date()).days) <= 1


def _finer(a: When | None, b: When | None) -> When | None:
    if a is None:
        return b
    if b is None:
        return a
    return b if _PRECISION_RANK[b.precision.value] > _PRECISION_RANK[a.precision.value] else a


def claims_to_events(
    claims: Sequence[Claim],
    place_names: dict[str, str] | None = None,
    text: str | None = None,
    place_mentions: Sequence[PlaceMention] = (),
    published: dt.date | None = None,
    language: str = DEFAULT_LANGUAGE,
    date_mentions: Sequence[DateMention] | None = None,
) -> list[dict[str, object]]:
    """Events (eval "Prediction file" objects without `doc`), merged as described above.

    `place_names` maps place ids to the name as the text writes it ("Daraya",
    not the gazetteer's "Dārayyā"), which is what the evaluation compares.
    With `text`, each actor is written as the text names it ("pro-regime
    forces") followed by its canonical name ("Syrian government") when that
    differs: monitors code the party in the source's words, while the store
    keeps the canonical actor with the span. With `place_mentions`, the place
    is spelled as the event's own evidence spells it ("Al-Wair" where the
    report elsewhere writes "al-Waer"). With `date_mentions`, a figure whose sentence writes
    neither a place nor a date ("There are now at least 122 dead") is the toll of a happening
    told elsewhere: its claim joins the event of its type told nearest in the text.
    """
    events: list[_Event] = []
    names = place_names or {}
    parents = {m.place.id: m.place.parent_id for m in place_mentions if m.place.id}
    places = {m.place.id: m.place for m in place_mentions if m.place.id}
    # places named by a cue and no gazetteer, by name: their other spellings (lang/ar/cue_places)
    unlisted = {m.place.name: m.place for m in place_mentions if not m.place.id and m.place.alternate_names}
    letters = pack(language).letters(text) if text is not None else None  # folded once, not per claim
    background = cues(language).background
    aparts = apart_rules(language)
    # dated claims first, so an undated claim joins the dated event it repeats; retold tolls last,
    # to join the happening another sentence places or dates
    retold = {
        id(c) for c in claims if date_mentions is not None and _retells(c, place_mentions, date_mentions)
    }
    ordered = sorted(
        claims, key=lambda c: (id(c) in retold, c.when is None, c.evidence[0].start if c.evidence else 0)
    )
    for claim in ordered:
        start = claim.evidence[0].start if claim.evidence else 0
        apart = not aparts.isdisjoint((claim.rule or "").split("+"))
        target = _joined(claim, [e for e in events if e.apart == apart], parents, places)
        if target is None and id(claim) in retold:
            target = _nearest(events, claim.type.value, start)
        if target is None:
            target = _Event(claim.type.value, claim.place, claim.place_id, claim.when, apart=apart)
            target.surface = _surface(claim, place_mentions, text)
            events.append(target)
        elif id(claim) not in retold:
            target.when = _finer(target.when, claim.when)
            finer = claim.type not in _NATIONWIDE and _within(
                places.get(target.place_id or ""), places.get(claim.place_id or "")
            )
            surface = _surface(claim, place_mentions, text) if target.place is None or finer else None
            # a finer place the claim's own sentence writes, not one it was given from the story
            written = surface is not None or target.surface is None or text is None
            if target.place is None or (finer and written):
                # the finer place names the happening ("in Somalia" then "in Mogadishu")
                target.place, target.place_id = claim.place, claim.place_id
                target.surface = surface
        if id(claim) not in retold and target.told_at is None:
            target.told_at = start
        target.news = target.news or _is_news(claim, letters, background)
        for role in claim.actors:
            for name in _actor_names(role, text):
                if name not in target.actors:
                    target.actors.append(name)
        for q in claim.quantities:
            if q.value is not None:
                figure = _Figure(q.value, q.qualifier is Qualifier.EXACT, claim.place_id or claim.place)
                target.figures.setdefault(q.kind.value, []).append(figure)
    return [
        {
            "type": e.type,
            "date": _date(e.when) or (published.isoformat() if published and e.news else None),
            "place": _logged_place(e, names, places, unlisted),
            "actors": e.actors,
            "quantities": {kind: _figure(told, e.place_id or e.place) for kind, told in e.figures.items()},
        }
        for e in events
    ]


def _logged_place(
    event: _Event, names: dict[str, str], places: dict[str, Place], unlisted: dict[str, Place]
) -> str | list[str] | None:
    """The event's place as the text writes it, then its other spellings in English reports
    (lang/names.py: "Al-Fou'aa", then "Foua"); when the text does not write it in Latin script,
    those spellings alone (for a place no gazetteer holds, its romanisations): the evaluation
    format's list of equally acceptable names of the one place."""
    written = event.surface or names.get(event.place_id or "", "")
    place = places.get(event.place_id or "")
    if not written and place is None and event.place in unlisted:
        return [event.place, *unlisted[event.place].alternate_names]
    if place is None:
        return _spelled(written or event.place or "") or None
    spellings = latin_spellings(place)
    if place.kind == "admin1":  # "Hama Governorate" is "Hama" in reports, as ACLED's admin1 names it
        spellings += admin1_forms(spellings[0])[:1]
    if written:
        spelled = _spelled(written)
        by_key: dict[str, str] = {}
        for name in [spelled, *spellings] if spelled else []:
            by_key.setdefault(name.casefold(), name)
        spellings = list(by_key.values())
        return spellings[0] if len(spellings) == 1 else spellings or None
    spellings = list(dict.fromkeys(spellings))
    return spellings[0] if len(spellings) == 1 else spellings


_BROAD_KINDS = {"country": 2, "admin1": 1}
# a truce told for a country and for one of its towns is the country's ("a ceasefire in eastern
# Ukraine" ... "the truce came into force" in a town's sentence)
_NATIONWIDE = frozenset({EventType.CEASEFIRE_START, EventType.CEASEFIRE_END})


def _joined(
    claim: Claim, events: list[_Event], parents: dict[str, str | None], places: dict[str, Place]
) -> _Event | None:
    """The event a claim repeats: its type, at its place (or one holding it, or unplaced), at a
    compatible date; the event told at the claim's own place first."""
    return min(
        (
            e
            for e in events
            if e.type == claim.type.value
            and (
                e.place == claim.place
                or e.place is None
                or claim.place is None
                or _nested(e.place_id, claim.place_id, parents)
                or _within(places.get(e.place_id or ""), places.get(claim.place_id or ""))
                or _within(places.get(claim.place_id or ""), places.get(e.place_id or ""))
            )
            and _compatible(e.when, claim.when)
        ),
        key=lambda e: e.place != claim.place,
        default=None,
    )


def _retells(claim: Claim, places: Sequence[PlaceMention], dates: Sequence[DateMention]) -> bool:
    """Whether the claim gives a figure in a sentence that writes no place and no date ("There are
    now at least 122 dead"): the toll of a happening another sentence tells."""
    if not claim.evidence or not claim.quantities:
        return False
    span = claim.evidence[0]
    return not any(span.start <= m.start and m.end <= span.end for m in itertools.chain(places, dates))


def _nearest(events: list[_Event], type_: str, start: int) -> _Event | None:
    """The event of this type whose own placed or dated telling begins nearest `start`."""
    told = [e for e in events if e.type == type_ and e.told_at is not None]
    return min(told, key=lambda e: abs(e.told_at - start), default=None)  # type: ignore[operator]


def _within(outer: Place | None, inner: Place | None) -> bool:
    """Whether `outer` is a country or first-level region holding `inner`, a finer place."""
    if outer is None or inner is None or outer.id == inner.id or outer.kind not in _BROAD_KINDS:
        return False
    if _BROAD_KINDS.get(inner.kind, 0) >= _BROAD_KINDS[outer.kind]:
        return False
    same_country = outer.country_code is not None and outer.country_code == inner.country_code
    return same_country and (outer.kind == "country" or outer.admin1 == inner.admin1)


def _nested(a: str | None, b: str | None, parents: dict[str, str | None]) -> bool:
    """Whether one place lies inside the other ("eastern Aleppo" and "Aleppo"): one happening, told twice."""
    if a is None or b is None:
        return False
    for inner, outer in ((a, b), (b, a)):
        current = parents.get(inner)
        for _ in range(12):  # shallow trees; a cycle must not loop forever
            if current is None:
                break
            if current == outer:
                return True
            current = parents.get(current)
    return False


def _surface(claim: Claim, mentions: Sequence[PlaceMention], text: str | None) -> str | None:
    """The claim's place as first written inside its evidence, if it is written there."""
    if text is None or claim.place_id is None or not claim.evidence:
        return None
    span = claim.evidence[0]
    for m in mentions:
        if m.place.id == claim.place_id and span.start <= m.start and m.end <= span.end and _spells(m):
            return _spelled(text[m.start : m.end])
    return None


_NON_LATIN_LETTER = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


def _latin(surface: str) -> bool:
    """Whether a name is written in Latin script: monitors log places and parties in it, so a
    name as an Arabic text writes it gives way to the gazetteer's or catalogue's name."""
    return _NON_LATIN_LETTER.search(surface) is None


_POSSESSIVE = re.compile(r"['’]s?\Z")


def _spelled(surface: str) -> str | None:
    """A place as written, whitespace folded and a possessive dropped ("Goma's" -> "Goma");
    None when it is not written in Latin script (see _latin)."""
    return _POSSESSIVE.sub("", " ".join(surface.split())) if _latin(surface) else None


def _actor_names(role: ActorRole, text: str | None) -> list[str]:
    if text is None or role.span is None or not 0 <= role.span.start < role.span.end <= len(text):
        return [role.actor]
    words = text[role.span.start : role.span.end].split()
    if len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
    surface = " ".join(words)
    if not _latin(surface):
        return [role.actor]
    return [surface] if surface.casefold() == role.actor.casefold() else [surface, role.actor]


def event_lines(
    document_id: str,
    claims: Iterable[Claim],
    place_names: dict[str, str] | None = None,
    text: str | None = None,
    place_mentions: Sequence[PlaceMention] = (),
    published: dt.date | None = None,
    language: str = DEFAULT_LANGUAGE,
    date_mentions: Sequence[DateMention] | None = None,
) -> list[str]:
    """JSON Lines of the evaluation's prediction format for one document."""
    events = claims_to_events(
        list(claims), place_names, text, place_mentions, published, language, date_mentions
    )
    return [
        json.dumps({"doc": document_id, **event}, ensure_ascii=False, sort_keys=False) for event in events
    ]


def _spells(m: PlaceMention) -> bool:
    """Whether a mention's words are its place's name ("the Somali capital" does not spell Mogadishu)."""
    return m.rule != CAPITAL_RULE


def surface_names(analysis: Analysis) -> dict[str, str]:
    """Each place id mapped to how the text first names it (whitespace folded)."""
    names: dict[str, str] = {}
    for m in analysis.places:
        if (
            _spells(m)
            and m.place.id
            and m.place.id not in names
            and (spelled := _spelled(analysis.text[m.start : m.end]))
        ):
            names[m.place.id] = spelled
    return names


def read_article(path: Path) -> tuple[str, str | None, dt.date | None]:
    """(text, id, published) of a plain text file or an evaluation-format .json article."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix.lower() == ".json":
        data = json.loads(raw)
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise ValueError(f"{path}: a .json article needs a string 'text' field")
        published = data.get("published")
        return (
            data["text"],
            str(data["id"]) if data.get("id") is not None else None,
            dt.date.fromisoformat(published[:10]) if isinstance(published, str) and published else None,
        )
    return raw, None, None


def predict_file(
    path: Path,
    document_id: str | None = None,
    published: dt.date | None = None,
    pipeline: Pipeline | None = None,
) -> list[str]:
    """The prediction lines for one article file: what `trucewatch extract FILE --format eval` prints.

    `document_id` and `published` override those of a .json article; a plain
    text file takes its id from the file name when none is given. The language
    is the article's `language`, else the one its script shows (lang/detect.py).
    """
    text, file_id, file_published = read_article(path)
    doc_id = document_id or file_id or path.stem
    language = _file_language(path) or detect_language(text)
    analysis = extract_document(
        doc_id, text, published or file_published, language=language, pipeline=pipeline
    )
    return _lines(analysis)


def _file_language(path: Path) -> str | None:
    """The `language` an evaluation-format .json article states, if any."""
    if path.suffix.lower() != ".json":
        return None
    data = json.loads(path.read_text(encoding="utf-8", errors="replace"))
    language = data.get("language") if isinstance(data, dict) else None
    return language if isinstance(language, str) and language else None


def _lines(analysis: Analysis) -> list[str]:
    return event_lines(
        analysis.document_id,
        analysis.claims,
        surface_names(analysis),
        analysis.text,
        analysis.places,
        analysis.published,
        analysis.language,
        analysis.dates,
    )


def predict_article(article: dict[str, object], pipeline: Pipeline | None = None) -> list[str]:
    """The prediction lines for one evaluation article (its text, id, publication date and language)."""
    text, doc_id = str(article["text"]), str(article["id"])
    published = article.get("published")
    day = dt.date.fromisoformat(published[:10]) if isinstance(published, str) and published else None
    language = str(article.get("language") or "en")
    return _lines(extract_document(doc_id, text, day, language=language, pipeline=pipeline))
