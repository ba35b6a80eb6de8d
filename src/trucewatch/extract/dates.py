"""Date expressions: find them in text and resolve them against the publication date.

Reports speak of the past, so a date the text leaves open ("last November",
"on Saturday", "October 26") resolves to the most recent matching date at or
before publication unless the text says "next". A resolved date keeps the
precision the text gives (model.Precision): "in August" is a month, never a
made-up day.

How it works, in three passes over a length-preserving normalisation of the
text (odd spaces, curly quotes and dashes folded, so offsets are shared):

1. atoms: compiled regular expressions built once from the lexicon in
   data/dates.yaml find absolute dates, relative dates, clock times and
   durations; overlapping atoms are resolved longest first;
2. combinations of neighbouring atoms: clock time + day ("12:01 am on
   Wednesday"), "from A to B", "since A" (open-ended), and a duration next to
   a start ("from Wednesday for 48 hours" gets an end);
3. a final longest-first selection so mentions never overlap.

Choices worth knowing:
- A range keeps the start's precision; `end` is the start of the last unit it
  names ("from 1 to 3 March" ends 03-03T00:00); a duration gives an exact end.
- "over the past three months" is a period ending at publication: start = the
  publication month minus three (precision month), end = publication.
  Hours/days/weeks periods get precision day, years precision year.
- A plain duration ("for six months") is not a date: it appears in
  find_durations(), and in find_dates() only as the end of a start it is
  attached to (adjacent, or "for N hours/days/weeks" a few words away in the
  same sentence).
- A lone clock time with no day is not a date. A hedged time ("just after
  midnight", "around 3 p.m.") keeps only the day.
- "last March" is the most recent March strictly before the publication
  month; "in March" may be the publication month itself; a weekday is the most
  recent such day on or before publication ("last Monday": strictly before).
- Month and weekday names count only in Title case or UPPER case; a month
  alone needs a cue word before it ("in", "since", "the", ...), stricter for
  "March" and "May"; a bare year needs one too ("in 2014", "since 2012").
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

import yaml

from trucewatch.extract.alternation import trie_alternation
from trucewatch.extract.base import Analysis, DateMention, Mention
from trucewatch.extract.boundary import BoundaryPattern
from trucewatch.extract.dateline import DATELINE_REACH, dateline_filing_spans
from trucewatch.extract.lang import pack
from trucewatch.model import Precision, When

__all__ = [
    "LASTING_RULE",
    "DateComponent",
    "DurationMention",
    "apply_duration",
    "find_dates",
    "find_durations",
    "normalise",
    "opening_date",
    "resolve",
]


@dataclass(frozen=True, slots=True)
class DurationMention(Mention):
    """A length of time ("for 48 hours", "72-hour"): amount of unit."""

    amount: int
    unit: str  # hour, day, week, month, year ("fortnight" is folded into days)


# --- normalisation ---------------------------------------------------------------------------

_FOLD = {
    **{c: " " for c in "\u00a0\u202f\u205f\t\r"},
    **{chr(c): " " for c in range(0x2000, 0x200B)},  # en quad .. hair space
    **{c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u00b4`"},
    **{c: '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"},
    **{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"},
    **{c: "\u0627" for c in "\u0622\u0623\u0625\u0671"},  # alef with hamza or madda -> bare alef
    "\u0649": "\u064a",  # alef maqsura -> ya
    "\u060c": ",",  # Arabic comma
    **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + i): str(i) for i in range(10)},  # Extended Arabic-Indic digits
}
_SPECIAL = re.compile("[" + "".join(re.escape(c) for c in _FOLD) + "]")
_ASCII_SPECIAL = tuple(c for c in _FOLD if c.isascii())  # tab, carriage return, backquote


def _fold(match: re.Match[str]) -> str:
    return _FOLD[match.group()]


def normalise(text: str) -> str:
    """Fold spaces, quotes, dashes and digits one character for one: offsets are unchanged."""
    # An ASCII text without the few ASCII characters folded has nothing to fold: most texts,
    # once the pipeline's own normalisation has folded their quotes, dashes and spaces.
    if text.isascii() and not any(c in text for c in _ASCII_SPECIAL):
        return text
    return _SPECIAL.sub(_fold, text)  # only the characters that change: faster than str.translate


# --- lexicon and grammar -----------------------------------------------------------------------


@cache
def _lexicon() -> dict[str, Any]:
    raw = resources.files("trucewatch.extract").joinpath("data/dates.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(raw)
    # Arabic date words live in the Arabic language pack, read as normalise() leaves text
    data["arabic"] = _normalised(pack("ar").yaml("dates.yaml"))
    return data


def _normalised(value: Any) -> Any:
    """Every string of a lexicon (keys too) as normalise() would leave it in a text."""
    if isinstance(value, str):
        return normalise(value)
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    if isinstance(value, dict):
        return {_normalised(k): _normalised(v) for k, v in value.items()}
    return value


def _alt(words: Iterable[str]) -> str:
    """A regex alternation (as a trie), longest first, multi-word entries matching any run of spaces."""
    return trie_alternation(words, "[ ]+")


def _cased(words: Iterable[str]) -> list[str]:
    """Title case and UPPER case only: 'march' the verb and 'may' the modal stay out."""
    return [v for w in words for v in (w.title(), w.upper())]


_WS = r"(?:[ ]+(?:\n[ ]*)?|\n[ ]*)"  # spaces with at most one line break
_GAP_TIME_DATE = re.compile(r"(?i)[ \n]*,?[ \n]*(?:(?:on|of)[ \n]+)?(?:the[ \n]+)?\Z")
_PARAGRAPH = re.compile(r"\n[ ]*\n")  # a blank line: a time or range never spans one
_GAP_DATE_TIME = re.compile(
    r"(?i)[ \n]*,?[ \n]*(?:(?:at|from|as[ ]of|starting[ ]at|beginning[ ]at|effective)[ \n]+)?\Z"
)
_GAP_RANGE = re.compile(r"(?i)[ \n]*(?P<w>to|until|till|through|thru|and|-|to[ ]the)[ \n]*\Z")
_BEFORE_RANGE = re.compile(r"(?i)\b(?P<w>from|between)[ \n]+(?:the[ \n]+)?\Z")
_BEFORE_SINCE = re.compile(r"(?i)(?:\b(?:ever[ \n]+)?since[ \n]+(?P<the>the[ \n]+)?|(?<!\w)[و]?منذ[ \n]+)\Z")
_PREV_WORD_AR = re.compile(r"(\w+)[ \n]*\Z")
_GAP_DURATION = re.compile(
    r"(?i)\A[ \n]*,?[ \n]*(?:(?:from|on|starting|starting[ ]on|starting[ ]from|beginning|beginning[ ]on|"
    r"as[ ]of|effective|effective[ ]from|to[ ]begin|to[ ]start)[ \n]+)?\Z"
)
_SENTENCE_BREAK = re.compile(r"[!?;\n]|\.[ ]+[A-Z\"'(\[]")
_PREV_WORD = re.compile(r"(?i)([a-z]+)[ \n-]*\Z")
# a year naming what follows it: "the 2017 truck bombing", "a 2016 deal"
_ATTRIBUTE_BEFORE = re.compile(r"(?i)\b(?:the|a|its|their)(?:[ ]+[a-z-]+)?[ ]+\Z")
_ATTRIBUTE_AFTER = re.compile(r"[ ]+[a-z][a-z-]+")
_PREV_YEAR_LINK = re.compile(r"(?i)\b(?:1[89]|2[01])\d\d[ ]*(?:to|-|until|till|and|through)[ ]*\Z")

_WEEK_UNITS = {"hour", "day", "week"}


@dataclass(frozen=True, slots=True)
class _Date:
    start: int
    end: int
    rule: str
    when: When | None
    month: int | None = None  # for re-resolving a yearless start of a range
    day: int | None = None
    year_given: bool = True


@dataclass(frozen=True, slots=True)
class _Time:
    start: int
    end: int
    rule: str
    hour: int
    minute: int
    precision: Precision | None  # None: hedged ("just after midnight"), keep the day only


_Hit = _Date | _Time | DurationMention
_Handler = Callable[[re.Match[str], str, dt.date | None], _Hit | None]


_MONTH_REACH = 200  # characters back from "on the 9th" to a month the sentence named before it


class _Grammar:
    """All patterns, compiled once."""

    def __init__(self, lex: dict[str, Any]) -> None:
        self.month_of: dict[str, int] = {}
        full: list[str] = []
        every: list[str] = []
        for number, names in enumerate(lex["months"], start=1):
            for name in names:
                self.month_of[name] = number
            full.append(names[0])
            every.extend(names)
        self.weekday_of = {name: i for i, name in enumerate(lex["weekdays"])}
        # a month named in the sentence before "on the 9th" ("on March 2 and on the 9th"): whose 9th
        # the text leaves to that month, not to the report's
        named = sorted((re.escape(n) for n in full if n.isascii()), key=len, reverse=True)
        self.month_named = re.compile(rf"(?i)\b(?:{'|'.join(named)})\b")
        self.ambiguous = set(lex["ambiguous_months"])
        self.month_cues = set(lex["month_cues"])
        self.strict_cues = set(lex["strict_cues"])
        self.numbers: dict[str, int] = dict(lex["number_words"])
        self.units: dict[str, str] = dict(lex["units"])
        # a day told from the date before it, not the start of a period ("since that day")
        self.shift_of = {str(p).lower(): int(days) for days, ps in lex["day_anaphors"].items() for p in ps}
        # the last two words of each, tested as plain strings before the phrases are sought: far
        # cheaper, and most texts have none
        self.anaphor_keys = (*{" ".join(p.split()[-2:]) for p in self.shift_of}, "days later", "days earlier")
        counted = rf"(?P<n>\d{{1,2}}|{_alt(list(self.numbers))})\s+days?\s+(?P<dir>later|earlier)"
        self.day_anaphor = re.compile(
            rf"(?<![\w'])(?<!since )(?<!until )(?<!till )(?<!from )"
            rf"(?:(?P<said>{_alt(list(self.shift_of))})|{counted})(?![\w'])",
            re.IGNORECASE,
        )

        month_full = rf"\b(?:{_alt(_cased(full))})\b"
        month_any = rf"\b(?:{_alt(_cased(every))})\b\.?"
        weekday = rf"\b(?:{_alt(_cased(lex['weekdays']))})\b"
        qual = rf"(?i:{_alt(lex['qualifiers'])})"
        pod = rf"(?i:{_alt(lex['parts_of_day'])})"
        hedge = rf"(?i:{_alt(lex['time_hedges'])})"
        season = rf"(?i:{_alt(lex['seasons'])})"
        ones = [w for w, n in self.numbers.items() if 1 <= n <= 9 and w not in ("a", "an")]
        tens = [w for w, n in self.numbers.items() if n >= 20]
        words = rf"\b(?:{_alt(tens)})(?:[ -](?:{_alt(ones)}))?\b|\b(?:{_alt(self.numbers)})\b"
        self.number_re = rf"(?:\b\d{{1,4}}\b|(?i:{words}))"
        num_units = rf"(?P<n>{self.number_re})[ -]+(?:(?i:(?:{_alt(lex['duration_fillers'])})[ ]+))?"
        self.bare_duration = re.compile(rf"{num_units}(?P<u>(?i:(?:{_alt(self.units)})\b))")
        num = self.number_re
        units = rf"(?i:(?:{_alt(self.units)})\b)"
        filler = rf"(?i:(?:{_alt(lex['duration_fillers'])})[ ]+)"
        self.event_nouns = re.compile(rf"(?i)[ ]+(?:{_alt(lex['event_nouns'])})\b")

        def g(name: str, pattern: str) -> str:
            return f"(?P<{name}>{pattern})"

        day = r"(?:3[01]|[12]\d|0?[1-9])"
        ordinal = r"(?:st|nd|rd|th)?\b"
        year = r"(?<![\d,.$£€-])(?:1[89]\d\d|2[01]\d\d)(?!\d|[,.]\d)"
        wd_prefix = rf"(?:{g('wd', weekday)}[ ]*,?[ ]+)?"
        s = _WS

        rules: list[tuple[str, str, _Handler]] = [
            # October 26, 2016 / Sunday, March 19, 2017 / Oct. 26 2016
            (
                "month_day_year",
                rf"{wd_prefix}{g('m', month_any)}[ ]*{g('d', day)}{ordinal}(?:[ ]*,[ ]*|{s}){g('y', year)}",
                self._absolute_day,
            ),
            # 26 October 2016 / 26th of October, 2016
            (
                "day_month_year",
                rf"{wd_prefix}(?:the[ ]+)?(?<![\d,.]){g('d', day)}{ordinal}(?:[ ]+of)?{s}{g('m', month_any)}"
                rf"[ ]*,?{s}{g('y', year)}",
                self._absolute_day,
            ),
            # March 18 / Oct. 26 / next March 5
            (
                "month_day",
                rf"(?:(?P<rel>(?i:next))[ ]+)?{wd_prefix}{g('m', month_any)}[ ]*{g('d', day)}{ordinal}"
                r"(?![\d:]|[.,]\d)",
                self._yearless_day,
            ),
            # 18 March / the 1st of June / Monday 13 March
            (
                "day_month",
                rf"(?:(?P<rel>(?i:next))[ ]+)?{wd_prefix}(?:the[ ]+)?(?<![\d,.:]){g('d', day)}{ordinal}"
                rf"(?:[ ]+of)?[ ]+{g('m', month_any)}",
                self._yearless_day,
            ),
            # from 1 to 3 March 2016 / 1-3 March / between 1 and 3 March
            (
                "day_range_month",
                rf"(?:(?P<pre>(?i:from|between))[ ]+)?(?:the[ ]+)?(?<![\d,.:]){g('d', day)}{ordinal}[ ]*"
                rf"(?P<link>-|(?i:to|until|till|through|and))[ ]*(?:the[ ]+)?{g('d2', day)}{ordinal}"
                rf"(?:[ ]+of)?[ ]+{g('m', month_any)}(?:[ ]*,?[ ]+{g('y', year)})?",
                self._day_range,
            ),
            # March 1-3, 2016 / from March 1 to 3
            (
                "month_day_range",
                rf"(?:(?P<pre>(?i:from|between))[ ]+)?{g('m', month_any)}[ ]*{g('d', day)}{ordinal}[ ]*"
                rf"(?P<link>-|(?i:to|until|till|through|and))[ ]*{g('d2', day)}{ordinal}(?![\d:])"
                rf"(?:[ ]*,?[ ]+{g('y', year)})?",
                self._day_range,
            ),
            # November 2016 / early November 2016 / Nov. 2016
            (
                "month_year",
                rf"(?:{g('q', qual)}[ -]*)?{g('m', month_any)}[ ]*,?{s}(?:of[ ]+)?{g('y', year)}",
                self._month_year,
            ),
            # 2017-03-18 / 2017/03/18 (optionally T00:01)
            (
                "iso_date",
                r"(?<![\d./-])(?P<y>(?:1[89]|2[01])\d\d)(?P<sep>[-/])(?P<mo>0[1-9]|1[0-2])(?P=sep)"
                r"(?P<d>0[1-9]|[12]\d|3[01])(?:T(?P<hh>[01]\d|2[0-3]):(?P<mi>[0-5]\d)(?::[0-5]\d)?)?(?![\d/])",
                self._iso,
            ),
            # 26/10/2016 or 10/26/2016: only when one part is over 12 (or both are equal)
            (
                "numeric_date",
                rf"(?<![\d/.-])(?P<a>\d{{1,2}})(?P<sep>[/.])(?P<b>\d{{1,2}})(?P=sep){g('y', year)}(?![\d/])",
                self._numeric,
            ),
            # in August / last November / mid-February / May of last year
            (
                "month",
                rf"(?:{g('q', qual)}[ -]*)?(?:(?P<rel>(?i:last|next|this|past))[ ]+)?{g('m', month_full)}"
                rf"(?:[ ]*,?[ ]+(?:of[ ]+)?(?P<yrel>(?i:last|this|next))[ ]+(?i:year)\b)?",
                self._month,
            ),
            # in 2014 / late 2015 / since 2012 / summer 2016 / 2011's
            (
                "year",
                rf"(?:{g('q', qual)}[ -]*)?(?:(?P<season>{season})[ ]+(?:of[ ]+)?)?{g('y', year)}"
                r"(?P<poss>'s)?",
                self._year,
            ),
            (
                "relative_year",
                rf"(?:{g('q', qual)}[ -]*)?(?:(?P<adv>(?i:earlier|later))[ ]+)?(?P<rel>(?i:last|this|next))"
                r"[ ]+(?i:year)\b(?!-)",
                self._relative_unit,
            ),
            (
                "relative_month",
                rf"(?:{g('q', qual)}[ -]*)?(?:(?P<adv>(?i:earlier|later))[ ]+)?(?P<rel>(?i:last|this|next))"
                r"[ ]+(?i:month)\b(?!-)",
                self._relative_unit,
            ),
            (
                "relative_week",
                r"(?:(?P<adv>(?i:earlier|later))[ ]+)?(?P<rel>(?i:last|this|next))[ ]+(?i:week)\b(?!-)",
                self._relative_unit,
            ),
            # yesterday / today / last night / this morning / yesterday afternoon / overnight (the
            # night that ended the report's day)
            (
                "relative_day",
                r"(?i:\b(?P<w>the[ ]+day[ ]+before[ ]+yesterday|yesterday|today|tonight|tomorrow|"
                r"overnight(?![ ]+(?:(?:into|to|on|before)[ ]+)?(?:monday|tuesday|wednesday|thursday|friday"
                r"|saturday|sunday))|"
                r"last[ ]+night|this[ ]+(?:morning|afternoon|evening))\b)"
                rf"(?:[ ]+(?P<pod>{pod})\b)?",
                self._relative_day,
            ),
            # Wednesday / on Tuesday night / last Monday
            (
                "weekday",
                rf"(?:(?P<rel>(?i:last|next|this|past))[ ]+)?{g('wd', weekday)}(?:[ ]+(?P<pod>{pod})\b)?",
                self._weekday,
            ),
            # over the weekend / last weekend: its Saturday (a day either way is that weekend)
            (
                "weekend",
                r"(?P<rel>(?i:last|this|over[ ]+the|at[ ]+the|during[ ]+the|on[ ]+the))[ ]+(?i:weekend)\b"
                r"(?![\w-]|[ ]+(?i:of|market|markets|edition|curfew)\b)",  # not "the weekend of April 6"
                self._weekend,
            ),
            # on the 5th: that day of the month, the latest one by the report's day
            (
                "day_of_month",
                r"(?i:on[ ]+the)[ ]+(?P<d>[12]\d|3[01]|[1-9])(?i:st|nd|rd|th)\b"
                r"(?=[ ]*[.,;:)]|[ ]*$|[ ]+(?i:of[ ]+(?:this|the)[ ]+month)\b)",
                self._day_of_month,
            ),
            # three days ago / a year ago
            (
                "ago",
                rf"(?<![\w-]){g('n', num)}[ ]+(?:{filler})?{g('u', units)}[ ]+(?i:ago)\b",
                self._ago,
            ),
            # over the past three months / in the last 48 hours / these past three years
            (
                "period",
                rf"(?:(?P<prep>(?i:over|in|during|for|throughout|within))[ ]+)?"
                rf"(?:(?P<det>(?i:the|these))[ ]+)?(?P<rel>(?i:past|last))[ ]+(?:{g('n', num)}[ ]+)?"
                rf"(?:{filler})?{g('u', units)}",
                self._period,
            ),
            # 12:01 am / 3 p.m. / 17:30 / noon / just after midnight
            (
                "time",
                rf"(?:(?P<hedge>{hedge})[ ]+)?(?:(?i:at)[ ]+)?(?:"
                r"(?<![\d:.])(?P<h>1[0-2]|0?\d)(?:[:.](?P<mi>[0-5]\d))?[ ]?"
                r"(?P<ap>(?i:a\.m\.|p\.m\.|a\.m|p\.m|am|pm))"
                r"(?![A-Za-z])(?:[ ]+(?:(?:[A-Z][a-z]+|local)[ ]+time|GMT|UTC)\b)?"
                r"|(?<![\d:.])(?P<h24>[01]?\d|2[0-3]):(?P<mi24>[0-5]\d)(?::[0-5]\d)?(?![\d:])"
                r"(?:[ ]*(?i:GMT|UTC|local[ ]time)\b|[ ]+[A-Z][a-z]+[ ]+time\b"
                r"|[ ]*(?P<ar_ap>ص|م|صباحا|مساء|مساءا)(?!\w))?"
                r"|(?:12[ ]+)?(?P<word>(?i:noon|midday|midnight))\b)",
                self._time,
            ),
            # for 48 hours / for two straight days / lasting a week / within seven days
            (
                "duration",
                rf"(?P<prep>(?i:for|lasting|within))[ ]+(?:(?i:another|a[ ]+further|an[ ]+additional|"
                rf"a[ ]+period[ ]+of)[ ]+)?{g('n', num)}[ ]+(?:{filler})?{g('u', units)}",
                self._duration,
            ),
            # 48-hour / three-day
            (
                "duration_adjective",
                rf"(?<![\w-]){g('n', num)}-{g('u', units)}(?!-)",
                self._duration,
            ),
        ]
        english = len(rules)
        rules.extend(self._arabic_rules(lex["arabic"], day, year))
        # Every expression starts at a word start; BoundaryPattern lets the engine skip to
        # the character before one instead of trying every optional prefix everywhere.
        self.rules = [(name, BoundaryPattern(r"\w", pattern), handler) for name, pattern, handler in rules]
        # A rule is only run over text that holds one of the words every match of it
        # contains (see _cue_words); None = always run.
        cues = self._rule_cues(lex)
        arabic = frozenset({_ARABIC_CUE}) if _all_arabic(lex["arabic"]) else None
        self.cues: list[frozenset[str] | None] = [
            cues.get(name) if n < english else arabic for n, (name, _, _) in enumerate(rules)
        ]
        # The rules whose cue is any digit run in most windows (most sentences hold a
        # number): a window must also hold the digits every match of them holds, found by
        # one search, before the rule is run there.
        needs = self._rule_needs()
        self.needs: list[re.Pattern[str] | None] = [
            needs.get(name) if n < english else None for n, (name, _, _) in enumerate(rules)
        ]

    @staticmethod
    def _rule_needs() -> dict[str, re.Pattern[str]]:
        """For some English rules, a pattern every match of them contains (see `needs`)."""
        year = re.compile(r"(?:1[89]|2[01])\d\d")  # the year of `year` above
        out = dict.fromkeys(("month_day_year", "day_month_year", "month_year", "year"), year)
        out["iso_date"] = re.compile(r"(?:1[89]|2[01])\d\d[-/]")
        out["numeric_date"] = re.compile(r"\d[/.]\d")
        return out

    def _rule_cues(self, lex: dict[str, Any]) -> dict[str, frozenset[str]]:
        """For each English rule, words (lower case; a digit stands for any number) one of
        which every match contains: a month name, a weekday, a digit, a unit..."""
        months = frozenset(w.split()[0].rstrip(".") for w in self.month_of if w.isascii())
        weekdays = frozenset(w.lower() for w in lex["weekdays"])
        digits = frozenset("0123456789")
        units = frozenset(w for unit in self.units for w in unit.lower().split())
        out = dict.fromkeys(
            (
                "month_day_year",
                "day_month_year",
                "month_day",
                "day_month",
                "day_range_month",
                "month_day_range",
                "month_year",
                "month",
            ),
            months,
        )
        out.update(dict.fromkeys(("iso_date", "numeric_date", "year"), digits))
        out.update(dict.fromkeys(("period", "duration", "duration_adjective"), units))
        out["relative_year"] = frozenset({"year"})
        out["relative_month"] = frozenset({"month"})
        out["relative_week"] = frozenset({"week"})
        out["relative_day"] = frozenset(
            {
                "yesterday",
                "today",
                "tonight",
                "tomorrow",
                "overnight",
                "night",
                "morning",
                "afternoon",
                "evening",
            }
        )
        out["weekday"] = weekdays
        out["ago"] = frozenset({"ago"})
        out["weekend"] = frozenset({"weekend"})
        out["day_of_month"] = digits
        out["time"] = digits | {"noon", "midday", "midnight"}
        return {k: frozenset(v) for k, v in out.items()}

    # -- helpers --

    def _arabic_rules(self, ar: dict[str, Any], day: str, year: str) -> list[tuple[str, str, _Handler]]:
        """Arabic dates: "14 يناير/ كانون الثاني 2016", "الخميس الماضي", "منذ العام 2012"."""
        for number, names in enumerate(ar["months"], start=1):
            for name in names:
                self.month_of[name] = number
        self.ar_weekday_of = {name: i for i, name in enumerate(ar["weekdays"])}
        self.ar_last, self.ar_next, self.ar_this = set(ar["last"]), set(ar["next"]), set(ar["this"])
        self.ar_cues = set(ar["month_cues"]) | set(ar["since"])
        self.ar_units: dict[str, str] = dict(ar["units"])
        self.ar_relative = {w: unit for unit, words in ar["relative"].items() for w in words}
        self.ar_yesterday = set(ar["yesterday"])
        self.ar_day_before_yesterday = set(ar["day_before_yesterday"])
        self.ar_ordinals: dict[str, int] = {k: int(v) for k, v in ar["day_ordinals"].items()}
        self.ar_numbers: dict[str, int] = {k: int(v) for k, v in ar["numbers"].items()}
        self.ar_single_units: dict[str, str] = dict(ar["single_units"])
        self.ar_dual_units: dict[str, str] = dict(ar["dual_units"])
        self.hijri_of = {name: n for n, names in enumerate(ar["hijri_months"], start=1) for name in names}
        clitic = "[وبلف]?"
        names = _alt(n for n in self.month_of if not n.isascii())
        month = rf"{clitic}(?P<m>{names})(?:[ ]*/[ ]*(?:{names}))?(?!\w)"
        rel_words = _alt([*ar["last"], *ar["next"], *ar["this"]])
        rel = rf"(?:[ ]+(?P<rel>{rel_words})(?!\w))?"
        weekdays = _alt(ar["weekdays"])
        weekday = (
            rf"(?:{clitic}(?P<pod>{_alt(ar['parts_of_day'])})[ ]+)?(?:{clitic}يوم[ ]+)?{clitic}"
            rf"(?P<wd>{weekdays})(?:-(?P<wd2>{weekdays}))?(?!\w){rel}"
        )
        optional_weekday = rf"(?:(?:يوم[ ]+)?{clitic}(?:{weekdays})[ ]*,?[ ]+)?"
        d = rf"(?:(?<![\d,.:])(?P<d>{day})|(?P<dw>{_alt(self.ar_ordinals)}))(?:[ ]+من)?"
        units = _alt([*self.ar_units, *self.ar_single_units])
        # "آذار/ مارس عام 2020", "نيسان من العام 2017": a word for year may stand before the year
        of_year = rf"(?:(?:من[ ]+)?{clitic}(?:{_alt(ar['year_words'])})[ ]+)?"
        return [
            (
                "ar_hijri_day",
                rf"(?<![\d,.:])(?P<d>{day})[ ]+(?P<hm>{_alt(self.hijri_of)})[ ]+(?P<y>1[34]\d\d)"
                r"(?:[ ]*هـ?)?(?!\d)",
                self._hijri_day,
            ),
            (
                "ar_ago",
                rf"{clitic}(?P<ago>{_alt(ar['ago'])})[ ]+"
                rf"(?:(?P<n>\d{{1,3}}|{_alt(self.ar_numbers)})[ ]+(?P<u>{units})"
                rf"|(?P<u2>{_alt(self.ar_dual_units)})|(?P<u1>{_alt(self.ar_single_units)}))(?!\w)"
                # "منذ يوم 2 مارس": since the day of a date, not a day ago
                rf"(?![ ]+(?:\d|{_alt(ar['weekdays'])}))(?P<half>[ ]+ونصف)?",
                self._ar_ago,
            ),
            (
                "ar_day_month_year",
                rf"{optional_weekday}\(?{d}[ ]+{month}[ ]*,?[ ]+{of_year}(?P<y>{year})",
                self._absolute_day,
            ),
            ("ar_day_month", rf"{optional_weekday}{d}[ ]+{month}{rel}", self._ar_yearless_day),
            ("ar_month_year", rf"{month}[ ]*,?[ ]+{of_year}(?P<y>{year})", self._month_year),
            ("ar_month", rf"(?:{clitic}شهر[ ]+)?{month}{rel}", self._ar_month),
            ("ar_year", rf"(?:{clitic}(?P<q>{_alt(ar['year_words'])})[ ]+)?(?P<y>{year})", self._ar_year),
            ("ar_weekday", weekday, self._ar_weekday),
            (
                "ar_relative_unit",
                rf"{clitic}(?:(?P<this>هذا|هذه)[ ]+(?P<u1>{_alt(self.ar_relative)})(?!\w)"
                rf"|(?P<u2>{_alt(self.ar_relative)})(?!\w)[ ]+(?P<rel>{rel_words})(?!\w))",
                self._ar_relative_unit,
            ),
            (
                "ar_relative_day",
                rf"{clitic}(?P<w>{_alt([*ar['today'], *ar['yesterday'], *ar['day_before_yesterday']])})(?!\w)"
                r"(?![ ]+(?:التالي|السابق|الذي|الاول|الثاني|الثالث|العالمي|الوطني))",
                self._ar_relative_day,
            ),
            (
                "duration",
                rf"{clitic}(?P<prep>{_alt(ar['for'])})[ ]+(?P<n>\d{{1,4}})[ ]+"
                rf"(?P<u>{_alt(self.ar_units)})(?!\w)",
                self._duration,
            ),
        ]

    def month_number(self, name: str) -> int:
        return self.month_of[" ".join(name.lower().rstrip(".").split())]

    def _unit(self, word: str) -> str:
        return self.units.get(word.lower()) or self.ar_units[word]

    def _ar_rel(self, word: str | None) -> str:
        if not word:
            return ""
        return "last" if word in self.ar_last else "next" if word in self.ar_next else "this"

    def _ar_yearless_day(self, m: re.Match[str], text: str, pub: dt.date | None) -> _Hit | None:
        month, day = self.month_number(m["m"]), self._day(m)
        if day > _MAX_DAYS[month]:
            return None
        rel = self._ar_rel(m["rel"])
        if pub is not None and rel == "this":  # "العاشر من أكتوبر الجاري": this year's
            year: int | None = pub.year
        else:
            year = _year_for(pub, month, day, future=rel == "next") if pub else None
        when = _day_when(year, month, day) if year else None
        return _Date(m.start(), m.end(), "", when, month, day, year_given=False)

    def _ar_month(self, m: re.Match[str], text: str, pub: dt.date | None) -> _Hit | None:
        rel = self._ar_rel(m["rel"])
        if not rel and not m.group(0).lstrip("وبلف").startswith("شهر"):
            prev = _PREV_WORD_AR.search(text, max(0, m.start() - 24), m.start())
            if prev is None or prev.group(1) not in self.ar_cues:
                return None
        month = self.month_number(m["m"])
        if pub is None:
            return _Date(m.start(), m.end(), "", None, month, None, year_given=False)
        year = _month_year_for(pub, month, rel)
        return _Date(m.start(), m.end(), "", When(dt.datetime(year, month, 1), Precision.MONTH))

    def _ar_year(self, m: re.Match[str], text: str, pub: dt.date | None) -> _Hit | None:
        if not m["q"]:
            prev = _PREV_WORD_AR.search(text, max(0, m.start() - 24), m.start())
            if prev is None or prev.group(1) not in self.ar_cues:
                return None
        return _Date(m.start(), m.end(), "", When(dt.datetime(int(m["y"]), 1, 1), Precision.YEAR))

    def _ar_weekday(self, m: re.Match[str], text: str, pub: dt.date | None) -> _Hit | None:
        if pub is None:
            return None
        # "منتصف ليل الإثنين-الثلاثاء": the night between two days; the later one is the date.
        target = self.ar_weekday_of[m["wd2"] or m["wd"]]
        return _Date(m.start(), m.end(), "", _weekday_when(pub, target, self._ar_rel(m["rel"])))

    def _ar_relative_unit(self, m: re.Match[str], text: str, pub: dt.date | None) -> _Hit | None:
        if pub is None:
            return None
        unit = self.ar_relative[m["u1"] or m["u2"]]
        shift = {"last": -1, "this": 0, "next": 1}[self._ar_rel(m["rel"]) or "this"]
        return _Date(m.start(), m.end(), "", _relative_when(pub, unit, shift))

    def _ar_relative_day(self, m: re.Match[str], text: str, pub: dt.date | None) -> _Hit | None:
        if pub is None:
            return None
        word = " ".join(m["w"].split())
        offset = -2 if word in self.ar_day_before_yesterday else -1 if word in self.ar_yesterday else 0
        return _Date(m.start(), m.end(), "", When(_midnight(pub + dt.timedelta(days=offset)), Precision.DAY))

    def number(self, word: str) -> int | None:
        w = word.lower()
        if w.isdigit():
            return int(w)
        if w in self.numbers:
            return self.numbers[w]
        parts = re.split(r"[ -]+", w)
        if len(parts) == 2 and parts[0] in self.numbers and parts[1] in self.numbers:
            return self.numbers[parts[0]] + self.numbers[parts[1]]
        return None

    def _cue_before(self, text: str, start: int, cues: set[str]) -> bool:
        m = _PREV_WORD.search(text, max(0, start - 24), start)
        return m is not None and m.group(1).lower() in cues

    # -- handlers: each returns an atom or None (no date the text supports) --

    def _day(self, m: re.Match[str]) -> int:
        """The day of a match: digits, or an Arabic ordinal ("العاشر")."""
        word = m.groupdict().get("dw")
        return self.ar_ordinals[" ".join(word.split())] if word else int(m["d"])

    def _hijri_day(self, m: re.Match[str], text: str, pub: dt.date | None) -> _Hit | None:
        day = int(m["d"])
        if day > 30:
            return None
        gregorian = _from_hijri(int(m["y"]), self.hijri_of[" ".join(m["hm"].split())], day)
        return _Date(m.start(), m.end(), "", When(_midnight(gregorian), Precision.DAY))

    def _ar_ago(self, m: re.Match[str], text: str, pub: dt.date | None) -> _Hit | None:
        if pub is None:
            return None
        if m["u2"]:
            n, unit = 2, self.ar_dual_units[m["u2"]]
        elif m["u1"]:
            n, unit = 1, self.ar_single_units[m["u1"]]
        else:
            n = int(m["n"]) if m["n"].isdigit() else self.ar_numbers[m["n"]]
            unit = self.ar_units.get(m["u"]) or self.ar_single_units[m["u"]]
        if n > 500:
            return None
        if m["half"] and unit == "year":  # "منذ سنة ونصف": eighteen months
            n, unit = 12 * n + 6, "month"
            back = _back_from(pub, n, unit)
            when = When(dt.datetime(back.start.year, 1, 1), Precision.YEAR) if back else None
        else:
            when = _back_from(pub, n, unit)
        return _Date(m.start(), m.end(), "", when) if when else None

    def _absolute_day(self, m: re.Match[str], text: str, pub: dt.date | None) -> _Hit | None:
        month, day, year = self.month_number(m["m"]), self._day(m), int(m["y"])
        when = _day_when(year, month, day)
        return _Date(m.start(), m.end(), "", when, month, day) if when else None

    def _yearless_day(self, m: re.Match[str], text: str, pub: dt.date | None) -> _Hit | None:
        month, day = self.month_number(m["m"]), int(m["d"])
        if day > _MAX_DAYS[month]:
            return None
        year = _year_for(pub, month, day, future=m["rel"] is not None) if pub else None
        when = _day_when(year, month, day) if year else None
        return _Date(m.start(), m.end(), "", when, month, day, year_given=False)

    def _day_range(self, m: re.Match[str], text: str, pub: dt.date | None) -> _Hit | None:
        month, d1, d2 = self.month_number(m["m"]), int(m["d"]), int(m["d2"])
        link = m["link"].lower()
        if d2 <= d1 or (link == "and") != (m["pre"] is not None and m["pre"].lower() == "between"):
            return None
        if m["y"]:
            year: int | None = int(m["y"])
        else:
            year = _year_for(pub, month, d1, future=False) if pub else None
        if year is None:
            return None
        first, last = _day_when(year, month, d1), _day_when(year, month, d2)
        if not first or not last:
            return None
        return _Date(m.start(), m.end(), "", replace(first, end=last.start), month, d1, m["y"] is not None)

    def _month_year(self, m: re.Match[str], text: str, pub: dt.date | None) -> _Hit | None:
        when = When(dt.datetime(int(m["y"]), self.month_number(m["m"]), 1), Precision.MONTH)
        return _Date(m.start(), m.end(), "", when)

    def _iso(self, m: re.Match[str], text: str, pub: dt.date | None) -> _Hit | None:
        when = _day_when(int(m["y"]), int(m["mo"]), int(m["d"]))
        if when and m["hh"]:
            when = When(when.start.replace(hour=int(m["hh"]), minute=int(m["mi"])), Precision.MINUTE)
        return _Date(m.start(), m.end(), "", when) if when else None

    def _numeric(self, m: re.Match[str], text: str, pub: dt.date | None) -> _Hit | None:
        a, b = int(m["a"]), int(m["b"])
        if a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a or a == b:
            day, month = b, a
        else:
            return None  # 03/04/2017: day-first or month-first? The text does not say.
        when = _day_when(int(m["y"]), month, day)
        return _Date(m.start(), m.end(), "", when) if when else None

    def _month(self, m: re.Match[str], text: str, pub: dt.date | None) -> _Hit | None:
        name = m["m"].lower()
        if not (m["q"] or m["rel"] or m["yrel"]):
            cues = self.strict_cues if name in self.ambiguous else self.month_cues
            if not self._cue_before(text, m.start(), cues):
                return None
        month = self.month_of[name]
        rel = (m["rel"] or "").lower()
        yrel = (m["yrel"] or "").lower()
        if pub is None:  # unresolved, but "from August to October 2016" can still give it a year
            return _Date(m.start(), m.end(), "", None, month, None, year_given=False)
        if yrel:
            year = pub.year + {"last": -1, "this": 0, "next": 1}[yrel]
        else:
            year = _month_year_for(pub, month, "last" if rel == "past" else rel)
        return _Date(m.start(), m.end(), "", When(dt.datetime(year, month, 1), Precision.MONTH))

    def _year(self, m: re.Match[str], text: str, pub: dt.date | None) -> _Hit | None:
        if not (m["q"] or m["season"] or m["poss"]):
            before = text[max(0, m.start() - 16) : m.start()]
            if not (
                self._cue_before(text, m.start(), self.strict_cues)
                or _PREV_YEAR_LINK.search(before)
                or (_ATTRIBUTE_BEFORE.search(before) and _ATTRIBUTE_AFTER.match(text, m.end()))
            ):
                return None
        return _Date(m.start(), m.end(), "", When(dt.datetime(int(m["y"]), 1, 1), Precision.YEAR))

    def _relative_unit(self, m: re.Match[str], text: str, pub: dt.date | None) -> _Hit | None:
        if pub is None:
            return None
        shift = {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
        unit = m.group(0).rstrip().rsplit(None, 1)[-1].lower()
        return _Date(m.start(), m.end(), "", _relative_when(pub, unit, shift))

    def _relative_day(self, m: re.Match[str], text: str, pub: dt.date | None) -> _Hit | None:
        if pub is None:
            return None
        w = " ".join(m["w"].lower().split())
        # overnight: the night that ended the report's day; today, tonight, this morning: that day
        offset = {"the day before yesterday": -2, "yesterday": -1, "last night": -1, "tomorrow": 1}.get(w, 0)
        return _Date(m.start(), m.end(), "", When(_midnight(pub + dt.timedelta(days=offset)), Precision.DAY))

    def _weekday(self, m: re.Match[str], text: str, pub: dt.date | None) -> _Hit | None:
        if pub is None:
            return None
        rel = (m["rel"] or "").lower()
        when = _weekday_when(pub, self.weekday_of[m["wd"].lower()], "last" if rel == "past" else rel)
        return _Date(m.start(), m.end(), "", when)

    def _weekend(self, m: re.Match[str], text: str, pub: dt.date | None) -> _Hit | None:
        if pub is None:
            return None
        saturday = _weekday_when(pub, 5, "").start.date()
        if m["rel"].lower() == "last" and pub.weekday() >= 5:  # told on the weekend: the one before
            saturday -= dt.timedelta(weeks=1)
        return _Date(m.start(), m.end(), "", When(_midnight(saturday), Precision.DAY))

    def _day_of_month(self, m: re.Match[str], text: str, pub: dt.date | None) -> _Hit | None:
        if pub is None:
            return None
        day, (year, month) = int(m["d"]), (pub.year, pub.month)
        reach = max(0, m.start() - _MONTH_REACH)
        if self.month_named.search(text, max(reach, text.rfind(".", reach, m.start()) + 1), m.start()):
            return None
        if day > pub.day:  # not yet this month: last month's
            year, month = _shift_month(year, month, -1)
        if day > calendar.monthrange(year, month)[1]:
            return None
        return _Date(m.start(), m.end(), "", When(dt.datetime(year, month, day), Precision.DAY))

    def _ago(self, m: re.Match[str], text: str, pub: dt.date | None) -> _Hit | None:
        n, unit = self.number(m["n"]), self.units[m["u"].lower()]
        if pub is None or n is None or n > 500:
            return None
        when = _back_from(pub, n, unit)
        return _Date(m.start(), m.end(), "", when) if when else None

    def _period(self, m: re.Match[str], text: str, pub: dt.date | None) -> _Hit | None:
        n = self.number(m["n"]) if m["n"] else 1
        unit = self.units[m["u"].lower()]
        plural = m["u"].lower().endswith("s")
        # "last month" alone is the calendar month (relative_month); a period needs "the"/"these",
        # a count, "past", or a plural unit.
        if not (m["det"] or m["n"] or m["rel"].lower() == "past" or plural):
            return None
        if pub is None or n is None or n > 500 or (plural and not m["n"]):
            return None  # "over the past months": how many the text does not say
        start = _back_from(pub, n, unit)
        if start is None:
            return None
        return _Date(m.start(), m.end(), "", replace(start, end=_midnight(pub)))

    def _time(self, m: re.Match[str], text: str, pub: dt.date | None) -> _Hit | None:
        start = m.start()
        at = re.match(r"(?i)at[ ]+", text[start : m.end()])
        if at and not m["hedge"]:
            start += at.end()
        if m["word"]:
            hour = 0 if m["word"].lower() == "midnight" else 12
            minute, precision = 0, Precision.MINUTE
        elif m["h24"] is not None:
            hour, minute, precision = int(m["h24"]), int(m["mi24"]), Precision.MINUTE
            if m["ar_ap"] and hour <= 12:  # Arabic ص (morning) / م (evening) after a 12-hour clock
                hour = hour % 12 + (12 if m["ar_ap"].startswith("م") else 0)
        else:
            hour = int(m["h"]) % 12 + (12 if m["ap"].lower().startswith("p") else 0)
            minute = int(m["mi"]) if m["mi"] else 0
            precision = Precision.MINUTE if m["mi"] else Precision.HOUR
        return _Time(start, m.end(), "", hour, minute, None if m["hedge"] else precision)

    def _duration(self, m: re.Match[str], text: str, pub: dt.date | None) -> _Hit | None:
        n, unit = self.number(m["n"]), self._unit(m["u"])
        if n is None or n == 0 or n > 10000:
            return None
        if unit == "fortnight":
            n, unit = n * 14, "day"
        prep = m.groupdict().get("prep")
        rule = f"duration:{prep.lower()}" if prep else "duration_adjective"
        return DurationMention(m.start(), m.end(), rule, n, unit)


_MAX_DAYS = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _from_hijri(year: int, month: int, day: int) -> dt.date:
    """The Gregorian date of a Hijri date by the arithmetical (tabular) Islamic calendar."""
    julian_day = day + math.ceil(29.5 * (month - 1)) + (year - 1) * 354 + (3 + 11 * year) // 30 + 1948439
    return dt.date.fromordinal(julian_day - 1721425)


def _midnight(d: dt.date) -> dt.datetime:
    return dt.datetime(d.year, d.month, d.day)


def _day_when(year: int | None, month: int, day: int) -> When | None:
    if year is None or not 1 <= year <= 9999 or not 1 <= month <= 12:
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return When(dt.datetime(year, month, day), Precision.DAY)


def _year_for(pub: dt.date, month: int, day: int, *, future: bool) -> int | None:
    """The year that puts month/day at or before publication (after it, for "next")."""
    years = range(pub.year, pub.year + 9) if future else range(pub.year, pub.year - 9, -1)
    for year in years:
        if day <= calendar.monthrange(year, month)[1]:
            d = dt.date(year, month, day)
            if (d > pub) if future else (d <= pub):
                return year
    return None


def _month_year_for(pub: dt.date, month: int, rel: str) -> int:
    """The year of a named month: "last" strictly before the publication month, "next" after it,
    "this" the publication year, no word: the most recent at or before it."""
    if rel == "last":
        return pub.year if month < pub.month else pub.year - 1
    if rel == "next":
        return pub.year if month > pub.month else pub.year + 1
    if rel == "this":
        return pub.year
    return pub.year if month <= pub.month else pub.year - 1


def _weekday_when(pub: dt.date, target: int, rel: str) -> When:
    """A named weekday: on or before publication; "last" strictly before; "next" strictly after."""
    if rel == "next":
        delta = -(((target - pub.weekday()) % 7) or 7)
    else:
        delta = (pub.weekday() - target) % 7
        if rel == "last" and delta == 0:
            delta = 7
    return When(_midnight(pub - dt.timedelta(days=delta)), Precision.DAY)


def _relative_when(pub: dt.date, unit: str, shift: int) -> When:
    """Last/this/next calendar week, month or year."""
    if unit == "year":
        return When(dt.datetime(pub.year + shift, 1, 1), Precision.YEAR)
    if unit == "month":
        y, mo = _shift_month(pub.year, pub.month, shift)
        return When(dt.datetime(y, mo, 1), Precision.MONTH)
    monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=shift)
    return When(_midnight(monday), Precision.WEEK)


def _shift_month(year: int, month: int, shift: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + shift
    return index // 12, index % 12 + 1


def _add(start: dt.datetime, amount: int, unit: str) -> dt.datetime | None:
    try:
        if unit in ("month", "year"):
            y, mo = _shift_month(start.year, start.month, amount * (12 if unit == "year" else 1))
            return start.replace(year=y, month=mo, day=min(start.day, calendar.monthrange(y, mo)[1]))
        step = {"hour": dt.timedelta(hours=1), "day": dt.timedelta(days=1), "week": dt.timedelta(weeks=1)}
        return start + step[unit] * amount
    except (OverflowError, ValueError, KeyError):
        return None


def _back_from(pub: dt.date, n: int, unit: str) -> When | None:
    """`n` units before publication, at that unit's precision ("three months ago" -> a month);
    weeks are counted in days ("a week ago" in a Thursday's report is the Thursday before, not
    that calendar week)."""
    if unit == "fortnight":
        n, unit = n * 14, "day"
    base = _midnight(pub)
    moved = _add(base, -n, unit)
    if moved is None or moved.year < 1:
        return None
    if unit == "year":
        return When(dt.datetime(moved.year, 1, 1), Precision.YEAR)
    if unit == "month":
        return When(dt.datetime(moved.year, moved.month, 1), Precision.MONTH)
    return When(dt.datetime(moved.year, moved.month, moved.day), Precision.DAY)


@cache
def _grammar() -> _Grammar:
    return _Grammar(_lexicon())


# --- finding -------------------------------------------------------------------------------------


_ARABIC_CUE = "\u0627"  # stands for "the document has Arabic letters"
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
_CUE_WORDS = re.compile(r"[a-z]+|[0-9]")


def _all_arabic(section: dict[str, Any]) -> bool:
    """Whether every word of the Arabic lexicon is written in Arabic (so its rules need Arabic text)."""
    words: list[str] = []
    for value in section.values():
        if isinstance(value, dict):  # words as keys (units, ordinals), or lists of words as values
            lists = all(isinstance(v, list) for v in value.values())
            words.extend([w for ws in value.values() for w in ws] if lists else list(value))
        else:
            words.extend(w for names in value for w in ([names] if isinstance(names, str) else names))
    return all(_ARABIC_LETTER.search(w) for w in words)


def _cue_words(norm: str, lo: int, hi: int, arabic: bool) -> set[str]:
    """The lower-case words and digits of norm[lo:hi]: which rules can match there."""
    words = set(_CUE_WORDS.findall(norm[lo:hi].lower()))
    if arabic:
        words.add(_ARABIC_CUE)
    return words


def _atoms(norm: str, pub: dt.date | None, spans: Sequence[tuple[int, int]] | None = None) -> list[_Hit]:
    grammar = _grammar()
    hits: list[_Hit] = []
    # Searching inside spans still lets look-behinds and handlers see the text around them.
    windows = ((0, len(norm)),) if spans is None else spans
    # Arabic rules also read cue words before a match (isascii: a fast "no Arabic" for most texts)
    arabic = not norm.isascii() and _ARABIC_LETTER.search(norm) is not None
    present = [_cue_words(norm, lo, hi, arabic) for lo, hi in windows]
    anywhere = set().union(*present)
    for (name, regex, handler), cues, need in zip(grammar.rules, grammar.cues, grammar.needs, strict=True):
        if cues is not None and cues.isdisjoint(anywhere):  # most rules: no cue word in any window
            continue
        where = [
            w
            for w, words in zip(windows, present, strict=True)
            if (cues is None or not cues.isdisjoint(words)) and (need is None or need.search(norm, *w))
        ]
        for m in (m for lo, hi in where for m in regex.finditer(norm, lo, hi)):
            try:
                hit = handler(m, norm, pub)
            except (ValueError, OverflowError):  # a date outside datetime's range: no date
                continue
            if hit is not None and hit.end > hit.start:
                hits.append(hit if isinstance(hit, DurationMention) else replace(hit, rule=name))
    return _longest_first(hits)


def _longest_first(hits: list[_Hit]) -> list[_Hit]:
    """Non-overlapping hits, longer first, then earlier; returned in text order."""
    starts: list[int] = []  # chosen hits, kept sorted by start: they never overlap
    chosen: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start - h.end, h.start)):
        i = bisect.bisect_right(starts, hit.start)
        if (i == 0 or chosen[i - 1].end <= hit.start) and (i == len(chosen) or hit.end <= starts[i]):
            starts.insert(i, hit.start)
            chosen.insert(i, hit)
    return chosen


def _merge_times(norm: str, hits: list[_Hit]) -> list[_Hit]:
    """Clock time + day: "12:01 am on Wednesday", "June 1 2016 from 00:01 am"."""
    out: list[_Hit] = []
    i = 0
    while i < len(hits):
        a = hits[i]
        b = hits[i + 1] if i + 1 < len(hits) else None
        pair: tuple[_Time, _Date] | None = None
        if b is not None and _PARAGRAPH.search(norm, a.end, b.start):
            pass
        elif isinstance(a, _Time) and isinstance(b, _Date) and _GAP_TIME_DATE.match(norm, a.end, b.start):
            pair = (a, b)
        elif isinstance(a, _Date) and isinstance(b, _Time) and _GAP_DATE_TIME.match(norm, a.end, b.start):
            pair = (b, a)
        if pair and b is not None:
            time, date = pair
            if date.when and date.when.precision is Precision.DAY and date.when.end is None:
                if time.precision is None:
                    when = date.when  # hedged: the day is all the text gives
                else:
                    moment = date.when.start.replace(hour=time.hour, minute=time.minute)
                    when = When(moment, time.precision)
                out.append(replace(date, start=a.start, end=b.end, rule=f"{a.rule}+{b.rule}", when=when))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _merge_ranges(norm: str, hits: list[_Hit], pub: dt.date | None) -> list[_Hit]:
    """ "from A to B", "between A and B", "A - B"."""
    out: list[_Hit] = []
    i = 0
    while i < len(hits):
        a = hits[i]
        b = hits[i + 1] if i + 1 < len(hits) else None
        if (
            isinstance(a, _Date)
            and isinstance(b, _Date)
            and b.when
            and b.when.end is None
            and not _PARAGRAPH.search(norm, a.end, b.start)
        ):
            gap = _GAP_RANGE.match(norm, a.end, b.start)
            lead = _BEFORE_RANGE.search(norm, max(0, a.start - 16), a.start)
            link = gap["w"].lower() if gap else ""
            ok = gap is not None and (
                (lead is not None and (link != "and") == (lead["w"].lower() == "from"))
                or (lead is None and link in ("to", "until", "till", "through", "thru", "-"))
            )
            first = a.when
            if ok and not a.year_given and a.month:
                # "from 30 October to 2 November 2016": the start takes its year from the end.
                year = b.when.start.year - (1 if a.month > b.when.start.month else 0)
                if a.day:
                    first = _day_when(year, a.month, a.day)
                else:
                    first = When(dt.datetime(year, a.month, 1), Precision.MONTH) if year >= 1 else None
            if ok and first and first.end is None and first.start <= b.when.start:
                start = lead.start() if lead else a.start
                when = replace(first, end=b.when.start)
                out.append(_Date(start, b.end, f"range({a.rule},{b.rule})", when))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _merge_since(norm: str, hits: list[_Hit]) -> list[_Hit]:
    """ "since August", "since the August agreement": open-ended from the date."""
    out: list[_Hit] = []
    for h in hits:
        if isinstance(h, _Date) and h.when and h.when.end is None:
            lead = _BEFORE_SINCE.search(norm, max(0, h.start - 20), h.start)
            if lead:
                end = h.end
                if lead["the"]:
                    noun = _grammar().event_nouns.match(norm, h.end)
                    end = noun.end() if noun else end
                h = replace(
                    h,
                    start=lead.start(),
                    end=end,
                    rule=f"since({h.rule})",
                    when=replace(h.when, open_ended=True),
                )
        out.append(h)
    return out


def _attach_durations(norm: str, hits: list[_Hit]) -> list[_Hit]:
    """A duration next to a start gives it an end: "from Wednesday for 48 hours"."""
    out = list(hits)
    for k, dur in enumerate(hits):
        if not isinstance(dur, DurationMention):
            continue
        best: tuple[int, int, bool] | None = None  # (distance, index, adjacent)
        for j in (k - 1, k + 1):
            if not 0 <= j < len(out):
                continue
            anchor = out[j]
            if not (isinstance(anchor, _Date) and anchor.when and anchor.when.end is None):
                continue
            if anchor.when.open_ended or anchor.when.precision not in (
                Precision.MINUTE,
                Precision.HOUR,
                Precision.DAY,
            ):
                continue
            lo, hi = (anchor.end, dur.start) if j < k else (dur.end, anchor.start)
            gap = norm[lo:hi]
            adjacent = _GAP_DURATION.match(gap) is not None
            near = (
                dur.rule in ("duration:for", "duration:lasting")
                and dur.unit in _WEEK_UNITS
                and len(gap.split()) <= 6
                and not _SENTENCE_BREAK.search(gap)
            )
            if (adjacent or near) and (best is None or len(gap) < best[0]):
                best = (len(gap), j, adjacent)
        if best is None:
            continue
        _, j, adjacent = best
        anchor = out[j]
        assert isinstance(anchor, _Date) and anchor.when is not None
        end = _add(anchor.when.start, dur.amount, dur.unit)
        if end is None:
            continue
        when = replace(anchor.when, end=end)
        if adjacent:
            out[j] = replace(
                anchor,
                start=min(anchor.start, dur.start),
                end=max(anchor.end, dur.end),
                rule=f"{anchor.rule}+duration",
                when=when,
            )
            out[k] = replace(dur, end=dur.start)  # consumed: an empty hit is dropped below
        else:
            out[j] = replace(anchor, rule=f"{anchor.rule}+duration", when=when)
    return [h for h in out if h.end > h.start]


def _find(norm: str, pub: dt.date | None, spans: Sequence[tuple[int, int]] | None = None) -> list[_Date]:
    if isinstance(pub, dt.datetime):  # a datetime would not compare with the dates made here
        pub = pub.date()
    found = _find_written(norm, pub, spans)
    grammar = _grammar()
    lowered = norm.lower()
    if not any(key in lowered for key in grammar.anaphor_keys):  # most texts: no regex scan
        return found
    windows = ((0, len(norm)),) if spans is None else spans
    anaphors = [m for lo, hi in windows for m in grammar.day_anaphor.finditer(norm, lo, hi)]
    if not anaphors:
        return found
    # counted along the whole text, whatever part is read: a day's date never depends on it
    told = _day_anaphors(norm, found if spans is None else _find_written(norm, pub, None))
    wanted = {m.start() for m in anaphors}
    return sorted([*found, *(d for d in told if d.start in wanted)], key=lambda d: d.start)


def _find_written(norm: str, pub: dt.date | None, spans: Sequence[tuple[int, int]] | None) -> list[_Date]:
    """The dates the text writes out (all but those told from another date)."""
    hits = _atoms(norm, pub, spans)
    hits = _merge_times(norm, hits)
    hits = _merge_ranges(norm, hits, pub)
    hits = _merge_since(norm, hits)
    hits = _attach_durations(norm, hits)
    hits = _lasting_to_now(norm, hits, pub)
    return [h for h in _longest_first(hits) if isinstance(h, _Date) and h.when is not None]


LASTING_RULE = "lasting"  # the rule of a date a state that has lasted a while gives (_lasting_to_now)
# "has been under siege for", "have besieged the town for", "has held for": a state the report
# says goes on until now (not a length agreed or announced: "has extended the truce for two months")
_STILL_SO = re.compile(
    r"\b(?:has|have)\s+(?:been|besieged|blockaded|encircled|held|lasted|raged|continued|gone on|persisted"
    r"|remained|stayed|controlled|occupied|ruled|sheltered|lived)\b[^.;:!?]{0,60}\Z",
    re.IGNORECASE,
)
_STILL_SO_UNITS = frozenset({"day", "week", "month", "year"})  # not hours: "a daily pause for four hours"


def _lasting_to_now(norm: str, hits: list[_Hit], pub: dt.date | None) -> list[_Hit]:
    """A state that "has been" so "for 18 months" began that long before the report, and has not
    ended: a date open-ended from then, at the unit's precision (a length with a start of its own,
    "from Friday for 72 hours", has been given to it by _attach_durations)."""
    if pub is None:
        return hits
    out: list[_Hit] = []
    for h in hits:
        if (
            isinstance(h, DurationMention)
            and h.rule == "duration:for"
            and h.unit in _STILL_SO_UNITS
            and _STILL_SO.search(norm, max(0, h.start - 80), h.start)
            and (began := _back_from(pub, h.amount, h.unit)) is not None
        ):
            h = _Date(h.start, h.end, LASTING_RULE, replace(began, open_ended=True))
        out.append(h)
    return out


_ANTECEDENT_REACH = 1_000  # characters back to the date a day anaphor counts from


def _day_anaphors(norm: str, written: list[_Date]) -> list[_Date]:
    """The days told from the date before them ("the same day", "two days later"), each counted
    from the nearest earlier date to the day (a day so told counts too), in one pass in text order;
    `written`: the text's other dates, in text order."""
    grammar = _grammar()
    told: list[_Date] = []
    last: tuple[int, dt.date] | None = None  # where the latest date to the day ends, and its day
    covered, i = 0, 0  # the end of the written dates passed (a phrase inside one is part of it)
    for m in grammar.day_anaphor.finditer(norm):
        while i < len(written) and written[i].start < m.start():
            d = written[i]
            covered = max(covered, d.end)
            if d.when is not None and d.when.precision in _TO_THE_DAY and (last is None or d.end > last[0]):
                last = (d.end, d.when.start.date())
            i += 1
        inside = m.start() < covered or (i < len(written) and written[i].start < m.end())
        if inside or last is None or m.start() - last[0] > _ANTECEDENT_REACH:
            continue
        if m["said"] is not None:
            shift = grammar.shift_of[re.sub(r"\s+", " ", m["said"].lower())]
        else:
            n = int(m["n"]) if m["n"].isdigit() else grammar.numbers[m["n"].lower()]
            shift = n if m["dir"].lower() == "later" else -n
        day = last[1] + dt.timedelta(days=shift)
        told.append(_Date(m.start(), m.end(), "day-anaphor", When(_midnight(day), Precision.DAY)))
        last = (m.end(), day)
    return told


def find_dates(text: str, published: dt.date | None) -> tuple[DateMention, ...]:
    """Every date expression in `text`, resolved against `published`, in text order.

    Offsets slice `text` exactly; mentions never overlap (the longest wins).
    With `published` None only dates that carry their own year resolve.
    """
    return _to_mentions(_find(normalise(text), published))


_TO_THE_DAY = frozenset({Precision.DAY, Precision.HOUR, Precision.MINUTE})


def opening_date(text: str) -> dt.date | None:
    """The day a report with no publication date speaks from: the first single date to the day,
    with its own year, in its opening, where a title, a dateline or an "as of" line gives it
    ("Daily report, 3 March 2022", "Humanitarian update (as of 14 May 2024)")."""
    cut = text.find(" ", DATELINE_REACH)  # never inside a date's words
    for mention in find_dates(text[: cut if cut >= 0 else len(text)], None):
        if mention.when.precision in _TO_THE_DAY and mention.when.end is None:
            return mention.when.start.date()
    return None


def _to_mentions(found: list[_Date]) -> tuple[DateMention, ...]:
    return tuple(DateMention(h.start, h.end, h.rule, h.when) for h in found if h.when is not None)


def find_durations(text: str) -> tuple[DurationMention, ...]:
    """Every length of time ("for 48 hours", "72-hour", "within seven days"), in text order."""
    norm = normalise(text)
    return tuple(h for h in _atoms(norm, None) if isinstance(h, DurationMention))


def resolve(expression: str, published: dt.date | None) -> When | None:
    """The date one expression names ("last November", "12:01 am on Wednesday"), or None."""
    found = _find(normalise(expression), published)
    if not found:
        return None
    return max(found, key=lambda h: h.end - h.start).when


def apply_duration(when: When, expression: str) -> When | None:
    """`when` with its end set `expression` later ("for 48 hours", "three days"); None if not a duration."""
    durations = find_durations(expression)
    if durations:
        amount, unit = durations[0].amount, durations[0].unit
    else:
        g = _grammar()
        m = g.bare_duration.search(normalise(expression))
        number = g.number(m["n"]) if m else None
        if m is None or not number:
            return None
        amount, unit = number, g.units[m["u"].lower()]
        if unit == "fortnight":
            amount, unit = amount * 14, "day"
    end = _add(when.start, amount, unit)
    return None if end is None else replace(when, end=end, open_ended=False)


class DateComponent:
    """Pipeline component: fills `analysis.dates` (only in `analysis.focus` when the
    pipeline has marked one: claims take their dates from those sentences alone)."""

    name = "dates"

    def __call__(self, analysis: Analysis) -> Analysis:
        text = analysis.text
        basis = analysis.normalised if analysis.normalised and len(analysis.normalised) == len(text) else text
        mentions = _to_mentions(_find(normalise(basis), analysis.published, analysis.focus))
        filed = dateline_filing_spans(text)
        if filed:
            mentions = _without_filing_days(mentions, filed, analysis.sentences)
        return replace(analysis, dates=mentions)


def _without_filing_days(
    mentions: tuple[DateMention, ...], filed: Sequence[tuple[int, int]], sentences: Sequence[tuple[int, int]]
) -> tuple[DateMention, ...]:
    """`mentions` less a dateline's day ("BEIRUT, Aug 14 (Reuters) -") where its sentence gives a
    day of its own ("on Aug 12"): the story was filed that day, the event happened on its own. With
    none, the filing day is the best the text says of when."""
    starts = [s for s, _ in sentences]

    def sentence_of(m: DateMention) -> int:
        return bisect.bisect_right(starts, m.start) - 1

    def filing(m: DateMention) -> bool:
        return any(a < m.end and m.start < b for a, b in filed)

    own = {sentence_of(m) for m in mentions if not filing(m)}
    return tuple(m for m in mentions if not (filing(m) and sentence_of(m) in own))
