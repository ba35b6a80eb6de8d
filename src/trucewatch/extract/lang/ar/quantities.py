"""Arabic quantities: counted things with a kind and a qualifier, over the folded text.

"مقتل /12/ عنصراً" -> (killed, 12); "نحو 250 أسيرا" -> (detainees, 250, about);
"خمسة وستون مدنيا" -> (civilians, 65); "ثلاثة آلاف وخمسمائة شخص" -> (people, 3500);
"50 من أصل 300 معتقل" -> (detainees, 50);
"عشرات المدنيين" -> (civilians, None, imprecise); "قتيلان" -> (killed, 2); "مقتل سيدة"
-> (killed, 1). A number
with neither a counted noun after it nor a toll word around it (a year, an hour)
is not a quantity. Lexicon in quantities.yaml beside this file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from trucewatch.extract.alternation import trie_alternation
from trucewatch.extract.base import QuantityMention
from trucewatch.extract.lang.ar.fold import fold_word
from trucewatch.extract.lang.folded import Folded
from trucewatch.model import Qualifier, QuantityKind

__all__ = ["find_quantities", "parse_number"]

_CONTEXT = 40  # characters read before and after a number for a toll word


def _alt(words: Sequence[str]) -> str:
    return trie_alternation({fold_word(w) for w in words}, r"\s+")


@dataclass(frozen=True)
class _Lexicon:
    values: dict[str, tuple[str, int]]  # folded number word -> (class, value)
    pattern: re.Pattern[str]
    qualifier_of: dict[str, Qualifier]
    noun_kind: dict[str, QuantityKind]
    dual_kind: dict[str, QuantityKind]
    killed_before: re.Pattern[str]
    injured_before: re.Pattern[str]
    killed_after: re.Pattern[str]
    injured_after: re.Pattern[str]
    detainees_before: re.Pattern[str]
    residents_before: re.Pattern[str]
    residents_after: re.Pattern[str]
    mostly_civilians: re.Pattern[str]  # people "mostly women and children" are civilians
    residents_next_to: re.Pattern[str]  # residents_before right before the number
    one_toll: re.Pattern[str]  # a toll word then one person ("وفاة مواطن")
    # one person, at least, then what befell them ("مدنيا على الأقل قتل"); without "at least"
    # the person may be who did it ("رجل قتل زوجته")
    one_fallen: re.Pattern[str]
    # a noun, then "and their number is" right before the number: "الحافلات ... وعددها 40"
    numbered: re.Pattern[str]
    # right before a number, the words that make it the whole a part was told of ("من أصل")
    whole_before: re.Pattern[str]


def _joined_hundreds(raw: dict[str, Any]) -> dict[str, int]:
    """ثلاثمئة، خمسمائة: a unit written joined to the word for a hundred."""
    out = {}
    for unit, value in raw["units"].items():
        if 3 <= value <= 9 and not str(unit).endswith("ة"):
            for hundred in ("مئة", "مائة"):
                out[fold_word(f"{unit}{hundred}")] = value * 100
    return out


@cache
def _lexicon() -> _Lexicon:
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("trucewatch.extract.lang.ar").joinpath("quantities.yaml").read_text(encoding="utf-8")
    )
    values: dict[str, tuple[str, int]] = {}
    for cls in ("units", "tens", "hundreds", "scales"):
        for word, value in raw[cls].items():
            values[fold_word(str(word))] = (cls, int(value))
    for word, value in _joined_hundreds(raw).items():
        values[word] = ("hundreds", value)
    qualifier_of = {fold_word(q): Qualifier(kind) for kind, words in raw["qualifiers"].items() for q in words}
    noun_kind = {fold_word(n): QuantityKind(kind) for kind, nouns in raw["nouns"].items() for n in nouns}
    noun_kind.update({fold_word(n): QuantityKind.KILLED for n in raw["killed_nouns"]})
    noun_kind.update({fold_word(n): QuantityKind.INJURED for n in raw["injured_nouns"]})
    dual_kind = {fold_word(n): QuantityKind(kind) for kind, nouns in raw["duals"].items() for n in nouns}
    digits = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?"
    scales = _alt([w for w, (c, _) in values.items() if c == "scales"])
    numeric = rf"[/(]?(?:{digits})[/)]?(?:\s+(?:{scales}))?"
    word = trie_alternation(values, r"\s+")
    worded = rf"(?:{word})(?:\s+و?(?:{word}))*"
    number = rf"(?:{numeric}|{worded})(?!\w)"
    nouns = trie_alternation(noun_kind, r"\s+")
    duals = trie_alternation(dual_kind, r"\s+")
    pattern = re.compile(
        # a figure may be written on the word before it, its space dropped ("عن100 معتقل")
        rf"(?:(?<![\w.,/])|(?<=[\u0621-\u064a])(?=\d))(?:[وفب]?(?P<qual>{_alt(list(qualifier_of))})\s+)?[وف]?"
        # "مئات المعتقلين" alone is the vague "hundreds", not one hundred: tried before the number
        rf"(?:(?P<vague>{_alt(raw['imprecise'])})(?!\w)"
        rf"|(?P<num>{number})(?:\s*(?:-|الي|او)\s*(?P<upper>{number}))?"
        # a part of a whole: "50 من أصل 300 معتقل" counts 50 detainees (the whole is read with it)
        rf"(?:\s+من\s+(?:{_alt(raw['whole_of'])})\s+(?:{number}))?"
        rf"|(?P<dual>{duals})(?!\w))"
        rf"(?:\s+(?:من\s+)?(?:ال)?(?P<noun>{nouns})(?!\w))?"
    )

    def before(key: str) -> re.Pattern[str]:
        # with a conjunction and a preposition joined on: "ما أدى لمقتل 12", "وبمقتل"
        return re.compile(rf"(?<!\w)[وف]?[لب]?(?:{_alt(raw[key])})(?:\s+\w+){{0,3}}\s*$")

    def after(key: str) -> re.Pattern[str]:
        # who they were may come between: "ثلاثة من أفراد الجيش والمقاومة قتلوا", "(قوات التدخل السريع)"
        return re.compile(rf"(?:\s+\w+){{0,3}}?(?:\s*\([^()]{{0,60}}\))?\s*(?:{_alt(raw[key])})(?!\w)")

    return _Lexicon(
        values=values,
        pattern=pattern,
        qualifier_of=qualifier_of,
        noun_kind=noun_kind,
        dual_kind=dual_kind,
        killed_before=before("killed_before"),
        injured_before=before("injured_before"),
        killed_after=after("killed_after"),
        injured_after=after("injured_after"),
        # who is freed is named right after the release word ("الإفراج عن 39 من النساء")
        detainees_before=re.compile(rf"(?<!\w)[وف]?(?:{_alt(raw['detainees_before'])})(?:\s+\w+)?\s*$"),
        residents_before=before("residents_before"),
        residents_after=after("residents_after"),
        mostly_civilians=re.compile(
            rf"\s*,?\s*[وف]?(?:{_alt(raw['mostly'])})\s+(?:من\s+)?(?:ال)?(?:{_alt(raw['civilian_kinds'])})(?!\w)"
        ),
        residents_next_to=re.compile(rf"(?<!\w)[وف]?(?:{_alt(raw['residents_before'])})\s*$"),
        one_toll=re.compile(
            rf"(?<!\w)[وف]?[لب]?(?:(?P<killed>{_alt(raw['killed_before'])})|{_alt(raw['injured_before'])})"
            rf"\s+(?:{_alt(raw['singulars'])})(?!\w)"
        ),
        numbered=re.compile(
            rf"(?<!\w)(?:ال)?(?P<noun>{nouns})(?!\w)(?:\s+\S+){{0,5}}\s+[وف]?(?:{_alt(raw['their_number'])})"
            rf"(?:\s+\S+)?\s*$"
        ),
        whole_before=re.compile(rf"(?<!\w)من\s+(?:{_alt(raw['whole_of'])})\s+$"),
        one_fallen=re.compile(
            rf"(?<!\w)[وف]?(?:{_alt(raw['singulars'])})ا?\s+(?:{_alt(raw['at_least_one'])})"
            rf"\s+(?:(?P<killed>{_alt(raw['killed_one'])})|{_alt(raw['injured_one'])})(?!\w)"
        ),
    )


def parse_number(expression: str) -> int | None:
    """The value of folded digits ("1,500", "/12/", "2.5 مليون") or number words ("خمسه وستون",
    "ثلاثه الاف وخمسمائه"); None if it is not a number."""
    lex = _lexicon()
    text = expression.strip().strip("/()").strip()
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)[/)]?(?:\s+(\S+))?", text)
    if m:
        value = float(m.group(1).replace(",", ""))
        if m.group(2):
            cls, scale = lex.values.get(m.group(2), ("", 0))
            if cls != "scales":
                return None
            value *= scale
        return round(value)
    total = current = 0
    for i, token in enumerate(text.split()):
        joined = i > 0 and token.startswith("و") and token not in lex.values
        token = token[1:] if joined else token
        cls, value = lex.values.get(token, ("", 0))
        if cls in ("units", "tens"):
            current += value
        elif cls == "hundreds":
            current = current * value if 0 < current < 10 and not joined and value == 100 else current + value
        elif cls == "scales":
            multiple = value >= 2000 or token.endswith("ان") or token.endswith("ين")
            total += value if multiple else (current or 1) * value
            current = 0
        else:
            return None
    value = total + current
    return value or None


def _kind(lex: _Lexicon, text: str, start: int, end: int, noun: str | None) -> QuantityKind | None:
    """What is counted, from the noun and the words around the number phrase."""
    before = text[max(0, start - _CONTEXT) : start]
    after = text[end : end + _CONTEXT]
    kind = lex.noun_kind[noun] if noun else None
    if kind in (QuantityKind.KILLED, QuantityKind.INJURED, QuantityKind.TRUCKS, QuantityKind.BUSES):
        return kind  # "قافلة من 20 حافلة تقل جرحى": the buses, not a toll
    if kind is not None and (part := _PART_OF.search(before)):
        # "قتل 12 مدنيا بينهم أربعة أطفال": a breakdown, not the toll; but a toll word just before
        # the part tells what befell it ("تقل 40 راكبا قتل منهم 9 أشخاص": 9 killed)
        head = before[: part.start()].split()
        if not (head and (lex.killed_before.search(head[-1]) or lex.injured_before.search(head[-1]))):
            return kind
    # the toll word nearest the number: "مقتل ثمانية أشخاص وإصابة تسعة آخرين" (the second is injured)
    killed, injured = lex.killed_before.search(before), lex.injured_before.search(before)
    if killed and (not injured or killed.start() > injured.start()):
        return QuantityKind.KILLED
    if injured:
        return QuantityKind.INJURED
    if lex.killed_after.match(after):
        return QuantityKind.KILLED
    if lex.injured_after.match(after):
        return QuantityKind.INJURED
    if kind is QuantityKind.PEOPLE and lex.mostly_civilians.match(after):
        return QuantityKind.CIVILIANS  # "300 شخص أغلبهم نساء وأطفال"
    if kind in (QuantityKind.PEOPLE, QuantityKind.CIVILIANS) and lex.detainees_before.search(before):
        return QuantityKind.DETAINEES  # "الإفراج عن 39 من النساء": who is freed
    if kind in (QuantityKind.PEOPLE, QuantityKind.CIVILIANS) and (
        lex.residents_before.search(before) or lex.residents_after.match(after)
    ):
        return QuantityKind.RESIDENTS
    if kind is None and (counted := lex.numbered.search(text, max(0, start - 2 * _CONTEXT), start)):
        return lex.noun_kind[re.sub(r"\s+", " ", counted.group("noun"))]
    if kind is None and lex.residents_next_to.search(before):
        return QuantityKind.RESIDENTS  # "يقدر عددهم بنحو 300 ألف": the count is named just before
    return kind


# a part of those just counted: "بينهم أربعة أطفال", "من بينهم 3 نساء", "منهم 5 أطفال"
_PART_OF = re.compile(r"(?<!\w)[وف]?(?:من بين(?:هم|هن|ها)|بين(?:هم|هن|ها)|من(?:هم|هن))\s*$")


def _one(lex: _Lexicon, text: str, m: re.Match[str]) -> tuple[QuantityKind, int | None, Qualifier] | None:
    noun = re.sub(r"\s+", " ", m.group("noun")) if m.group("noun") else None
    if m.group("dual"):
        return lex.dual_kind[re.sub(r"\s+", " ", m.group("dual"))], 2, Qualifier.EXACT
    kind = _kind(lex, text, m.start(), m.end(), noun)
    if kind is None:
        return None
    qual = m.group("qual")
    qualifier = lex.qualifier_of[re.sub(r"\s+", " ", qual)] if qual else Qualifier.EXACT
    if m.group("vague"):
        return kind, None, Qualifier.IMPRECISE
    value = parse_number(m.group("num"))
    if value is None:
        return None
    if m.group("upper") and qualifier is Qualifier.EXACT:
        qualifier = Qualifier.AT_LEAST  # a range "400-500": its lower bound, at least
    return kind, value, qualifier


def find_quantities(
    folded: Folded, windows: Sequence[tuple[int, int]] | None = None
) -> list[QuantityMention]:
    """Quantities in `folded` (within `windows` of it, default all), offsets into the original."""
    lex = _lexicon()
    text = folded.text
    found: list[QuantityMention] = []
    whole = lex.whole_before
    for lo, hi in windows if windows is not None else ((0, len(text)),):
        for m in lex.pattern.finditer(text, lo, hi):
            if not (m.group("num") or m.group("vague") or m.group("dual")):
                continue
            if whole.search(text, max(0, m.start() - 20), m.start()):
                continue  # "20 معتقلا من أصل 150 محتجزا": the whole the part was told of
            read = _one(lex, text, m)
            if read is None:
                continue
            kind, value, qualifier = read
            start, end = folded.to_original(m.start(), m.end())
            found.append(QuantityMention(start, end, f"quantity:{kind.value}", kind, value, qualifier))
        for pattern, qualifier in ((lex.one_toll, Qualifier.EXACT), (lex.one_fallen, Qualifier.AT_LEAST)):
            for m in pattern.finditer(text, lo, hi):
                kind = QuantityKind.KILLED if m.group("killed") else QuantityKind.INJURED
                start, end = folded.to_original(m.start(), m.end())
                found.append(QuantityMention(start, end, f"quantity:{kind.value}:one", kind, 1, qualifier))
    return sorted(found, key=lambda q: q.start)
