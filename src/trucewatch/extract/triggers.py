"""Event triggers: the words that say an event of some type happened.

Rules live in lang/<code>/triggers.yaml: ordered sequences of word classes
("ceasefire" ... "went into effect") at most a few words apart within one
sentence. A match is kept only when the text asserts the event: the words just
before its deciding verb must not negate it or make it hypothetical ("have
not offered to release", "neither side will block", "seeking to deliver"),
no modal may follow a trigger noun ("the bombing can continue"), and
questions assert nothing. Where triggers overlap, the higher priority wins.

Each language has its own grammar (lang/<code>/triggers.yaml), matched on the
language pack's folded copy of the text (Arabic: letter variants unified, short
vowels dropped), whose offsets map back to the original. A grammar may name the
clitics a word carries before a part's first stem (Arabic و ف ب ل ك ال), what
its last word may carry after (attached pronouns), its own clause words and its
own infinitive marker.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from itertools import chain, pairwise
from re import _constants, _parser  # type: ignore[attr-defined]  # the stdlib's own parser
from typing import Any

from trucewatch.extract.base import ATTACK_MEANS, Analysis, Trigger
from trucewatch.extract.boundary import BoundaryPattern
from trucewatch.extract.budget import Deadline
from trucewatch.extract.intervals import Cover
from trucewatch.extract.joiner import joiner
from trucewatch.extract.lang import LanguagePack, pack
from trucewatch.extract.normalise import normalise
from trucewatch.extract.sentences import split_sentences
from trucewatch.model import EventType

__all__ = ["TriggerComponent", "apart_rules", "find_triggers"]

_BARRIER = "\x00"  # written between sentences so no pattern can span two


@dataclass(frozen=True)
class _Rule:
    name: str
    type: EventType
    pattern: re.Pattern[str]
    stems: tuple[str, ...]  # one of these (3+ characters) starts every match; () if unknown
    # else, per part of the rule whose words are known: any of them (each part is in every
    # match, so a sentence lacking one part's words is skipped)
    needs: tuple[re.Pattern[str], ...]
    verb: int  # index of the part whose context decides polarity
    negatable: bool
    priority: int
    # the deciding word with a purpose clitic before it is an aim, not a report (Arabic
    # "لإجلاء", "to evacuate"): the grammar's `purpose_clitics`
    purpose: bool = False
    # for a rule with no stems, `pattern` tried only after a non-word character (see
    # boundary.py): the same matches as its finditer, without entering it at every character
    scanner: BoundaryPattern | None = None
    # a last resort ("insurgents killed five people"): kept only where no other attack is
    # told in its sentence, which then says how they were killed ("shelling killed five")
    fallback: bool = False
    # its matches are happenings apart from the others of their sentence (base.Trigger.apart)
    apart: bool = False
    # its matches tell again an attack told before (base.Trigger.retold)
    retold: bool = False
    # its matches are the subject of their clause ("talks between the two sides"), whose verb
    # comes after them: the grammar's `unreal_predicate` there makes them unreal
    subject: bool = False
    # its parts are one clause: a clause opener between them (the grammar's `gap_barrier`) parts
    # them ("the town was shelled as an aid convoy entered": the convoy is not what was shelled)
    one_clause: bool = False
    parts: int = 1  # how many parts its sequence has (groups p0, p1, ...)


@dataclass(frozen=True)
class _Grammar:
    rules: tuple[_Rule, ...]
    unreal_before: re.Pattern[str]
    infinitive: re.Pattern[str]
    # an aim that was set going is no infinitive: "began an operation to carry them out"
    begun_aim: re.Pattern[str] | None
    # a reported-speech verb whose "that" the marker is ("قال المتحدث إن غارة ..."), not an aim
    speech: re.Pattern[str] | None
    # a denial scoping over the clause its "that" opens ("denied that its troops had shelled")
    denial: re.Pattern[str] | None
    # right before an event word the denied clause takes as given ("denied that civilians were
    # killed in the airstrike": the airstrike is not what it denies)
    given: re.Pattern[str] | None
    # the second of two infinitives is one too: "trying to reach and free the hostages" (read
    # across the "and" that ends a clause for negation)
    infinitive_pair: re.Pattern[str] | None
    unreal_after: re.Pattern[str]
    # the verb a subject match is told with, when it tells of no happening ("are scheduled to
    # resume", "will open", "was postponed"), read in the subject's clause (see _Rule.subject)
    unreal_predicate: re.Pattern[str] | None
    # where a subject's clause ends, read forward: not at "and", which may join its parties
    # ("talks between Kinshasa and Kigali will resume")
    predicate_end: re.Pattern[str] | None
    window_words: int
    # the longest stem found at a position -> the rules one of whose stems starts there
    heads: dict[str, tuple[int, ...]]
    head_finder: re.Pattern[str]  # the longest of `heads` at each word start (zero-width)
    # the same led by the character before the word, which the engine can skip to (group 1)
    head_after: re.Pattern[str]
    clause: re.Pattern[str]  # where a clause ends: negation before it does not reach past it
    # clitics a word may carry before a rule's first stem (Arabic); () when words stand bare
    prefixes: tuple[str, ...] = ()
    purpose_clitics: frozenset[str] = frozenset()  # see _Rule.purpose
    stem_at: re.Pattern[str] | None = None  # the longest of `heads` at a position (with prefixes)
    fallbacks: frozenset[str] = frozenset()  # the names of the fallback rules (_Rule.fallback)
    aparts: frozenset[str] = frozenset()  # the names of the rules told apart (_Rule.apart)
    # words that open a deal's terms ("the agreement stipulates", "ينص على"): what follows
    # them in their sentence is what was agreed, not what happened
    terms: re.Pattern[str] | None = None
    # a relative clause ends the terms: "provides for the truce that took effect on Sunday"
    terms_end: re.Pattern[str] | None = None
    # a war's running toll before an attack's verb ("the conflict, which has devastated the
    # north and killed 500,000"): the war's sum, not one happening (matched to the verb)
    toll: re.Pattern[str] | None = None
    # words right before an attack's word that make it no happening of this report: a habit
    # ("often ambush"), a count of many ("documented 40 attacks"), a threat guarded against
    # ("shields against air strikes"), a time reference ("before the group's offensive")
    generic_before: re.Pattern[str] | None = None
    # right after an attack's words, in their clause, a trend: "attacks on clinics have risen"
    generic_after: re.Pattern[str] | None = None
    # right before an attack's words, long past or remembered ("the anniversary of the massacre"),
    # whatever its sentence says of a day
    past_before: re.Pattern[str] | None = None
    # in the sentence, what tells one happening however it is worded: a day, a toll ("on Monday",
    # "killing five")
    happening: re.Pattern[str] | None = None
    # words that open a clause of their own between a `one_clause` rule's parts
    gap_barrier: re.Pattern[str] | None = None
    # this grammar with its negation and clause patterns matched case-sensitively, for a work
    # text in lower-case ASCII (see _case_sensitive); None when none of them can be
    lower_ascii: _Grammar | None = None


def _compact(fragment: str) -> str:
    # Long fragments are YAML literal blocks ("|-") broken into lines: drop each line break with
    # the indentation around it. Spaces inside a line are the pattern's own ("(?:the |a )?").
    return re.sub(r"[ \t]*\n[ \t]*", "", fragment.strip())


def _top_level_alternatives(fragment: str) -> list[str]:
    """The alternatives of a fragment "(?:a|b|c)" (or "a|b|c") at its outermost level."""
    inner = fragment[3:-1] if fragment.startswith("(?:") and _closes_at_end(fragment) else fragment
    parts, depth, current = [], 0, []
    escaped = False
    for ch in inner:
        if escaped:
            current.append(ch)
            escaped = False
            continue
        if ch == "\\":
            escaped = True
            current.append(ch)
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "|" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _closes_at_end(fragment: str) -> bool:
    depth = 0
    for i, ch in enumerate(fragment):
        if ch == "(" and (i == 0 or fragment[i - 1] != "\\"):
            depth += 1
        elif ch == ")" and fragment[i - 1] != "\\":
            depth -= 1
            if depth == 0:
                return i == len(fragment) - 1
    return False


# "\." is a literal full stop ("u\.n\."); Arabic letters are the literals of the Arabic grammar
_LITERAL = re.compile(r"(?:[a-z0-9' \u0621-\u064a-]|\\\.)+")


_MIN_STEM = 3  # shorter stems ("a", "the") would not narrow the search


def _group_end(fragment: str) -> int:
    """Index of the ")" closing the group that opens `fragment`, or -1."""
    depth, escaped = 0, False
    for i, ch in enumerate(fragment):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _literal_start(fragment: str) -> str:
    """The literal text every match of `fragment` opens with (lower case, "" if none)."""
    m = _LITERAL.match(fragment)
    literal = m.group() if m else ""
    # a quantifier right after the literal makes its last character optional
    if m and m.end() < len(fragment) and fragment[m.end()] in "?*{":
        literal = literal[:-2] if literal.endswith("\\.") else literal[:-1]
    return literal.replace("\\.", ".")


def _stem_or_none(literal: str, shortest: int) -> set[str] | None:
    # a stem must open a word: matches are only tried at word starts; a short one must be a
    # whole word ("a ", "is ") to be worth a stop
    long_enough = len(literal) >= shortest or (len(literal) >= 2 and literal.endswith(" "))
    return {literal} if long_enough and literal[:1].isalnum() else None


def _alternative_stems(alt: str, shortest: int = _MIN_STEM) -> set[str] | None:
    """Stems of one alternative: its literal start, or the stems of a leading "(?:...)"
    group (plus those of what follows when the group is optional)."""
    if alt.startswith(("(?<!", "(?<=")):
        # a look-behind consumes nothing ("(?<!evacuation )convoys?"): what follows it opens
        # the match
        close = _group_end(alt)
        rest = alt[close + 1 :] if close != -1 else ""
        return _alternative_stems(rest, shortest) if rest and rest[0] not in "?*+{|" else None
    if alt.startswith("(?:"):
        close = _group_end(alt)
        if close == -1:
            return None
        group, rest = alt[: close + 1], alt[close + 1 :]
        inner = _stems(group, shortest)
        if not inner:
            if rest[:1] in ("?", "*", "+", "{"):
                return None
            # a group of short words followed by text: a whole-word alternative reads on into
            # that text ("(?:is|are) " -> "is ", "are "), long enough to be a stem
            return _group_then_stems(group, _literal_start(rest), shortest)
        if rest[:1] not in ("?", "*") and not rest.startswith("{0"):
            return set(inner)
        rest = rest[rest.index("}") + 1 :] if rest.startswith("{") else rest[1:]
        rest = rest.removeprefix("?")  # a lazy quantifier
        after = _alternative_stems(rest, shortest) if rest and not rest.startswith("|") else None
        return None if after is None else set(inner) | after
    return _stem_or_none(_literal_start(alt), shortest)


def _group_then_stems(group: str, following: str, shortest: int) -> set[str] | None:
    """Stems of a group matched once and then `following` (the literal text after it)."""
    stems: set[str] = set()
    for alt in _top_level_alternatives(group):
        if _LITERAL.fullmatch(alt):
            found = _stem_or_none(alt.replace("\\.", ".") + following, shortest)
        else:
            found = _alternative_stems(alt, shortest)
        if not found:
            return None
        stems |= found
    return stems


def _stems(fragment: str, shortest: int = _MIN_STEM) -> tuple[str, ...]:
    """Literal lower-case prefixes (`shortest`+ characters) one of which starts every match; () if unknown."""
    stems: set[str] = set()
    for alt in _top_level_alternatives(fragment):
        found = _alternative_stems(alt, shortest)
        if not found:
            return ()
        stems |= found
    return tuple(sorted(stems))


_LITERAL_CAP = 4096  # openings a rule's first part may grow to before they stop growing
_LONG_ENOUGH = 10  # an opening this long narrows the search enough: it stops growing
_Openings = set[tuple[str, bool]]  # (literal text, whether it is the whole of what was matched)


def _opening_literals(fragment: str, shortest: int = _MIN_STEM) -> tuple[str, ...]:
    """Stems as `_stems` gives them, read off the parsed pattern and each grown through what
    follows it while that is literal too: "(?:has|have) been (?:besieged|encircled)" gives "has
    been besieged", "has been encircled", ... where `_stems` stops at "has", "have". Every match
    opens with one of them, so a rule tried only where one is written finds what it found
    before, at fewer places. () when unknown or when one of them is too short to be a stem."""
    try:
        parsed = _parser.parse(fragment)
    except (re.error, RecursionError):
        return ()
    if parsed.state.flags & re.IGNORECASE:
        return ()
    found = _sequence_openings(list(parsed))
    if found is None:
        return ()
    stems = {text for text, _ in found}
    if not all(_stem_or_none(stem, shortest) for stem in stems):
        return ()
    return tuple(sorted(stems))


def _sequence_openings(items: list[tuple[Any, Any]]) -> _Openings | None:
    """The openings of a sequence of parsed items: those of the first, each grown by those of
    the next while it is the whole of what its items matched."""
    out: _Openings = {("", True)}
    for op, av in items:
        if not any(whole for _, whole in out):
            break
        one = _item_openings(op, av)
        grown: _Openings = set()
        for text, whole in out:
            if not whole or one is None or len(text) >= _LONG_ENOUGH:
                grown.add((text, False))
            else:
                grown.update((text + more, rest) for more, rest in one)
        if len(grown) > _LITERAL_CAP:
            return {(text, False) for text, _ in out}
        out = grown
    return out


def _item_openings(op: Any, av: Any) -> _Openings | None:
    """The openings of one parsed item; None when any character may open it."""
    if op is _constants.LITERAL:
        return {(chr(av), True)}
    if op in (_constants.AT, _constants.ASSERT, _constants.ASSERT_NOT):
        return {("", True)}  # zero-width
    if op is _constants.IN:
        if not all(kind is _constants.LITERAL for kind, _ in av) or len(av) > 8:
            return None
        return {(chr(code), True) for _, code in av}
    if op is _constants.SUBPATTERN:
        _, add, _, sub = av
        return None if add & re.IGNORECASE else _sequence_openings(list(sub))
    if op is _constants.ATOMIC_GROUP:
        return _sequence_openings(list(av))
    if op is _constants.BRANCH:
        out: _Openings = set()
        for alternative in av[1]:
            one = _sequence_openings(list(alternative))
            if one is None:
                return None
            out |= one
        return out
    if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT):
        low, high, sub = av
        inner = _sequence_openings(list(sub))
        once = low <= 1 and high == 1  # the whole of one match of `sub`, or (low 0) nothing
        if inner is None:
            return {("", True), ("", False)} if low == 0 else None
        found = {(text, whole and once) for text, whole in inner}
        return found | {("", True)} if low == 0 else found
    return None  # any character, a category, a back-reference...


def _compile_rule(raw: dict[str, Any], vocab: dict[str, str], prefix: str = "", suffix: str = "") -> _Rule:
    """`prefix`/`suffix`: what a part's first word may carry before it and its last word after
    (clitics); the parts' own words (group s<i>) stay the stems that open them."""
    words = [vocab[name] for name in raw["seq"]]
    parts = [f"{prefix}(?P<s{i}>{w}){suffix}" for i, w in enumerate(words)] if prefix or suffix else words
    gap = int(raw.get("gap", 4))
    body = f"(?P<p0>{parts[0]})" + "".join(
        f"{joiner(gap, part)}(?P<p{i}>{part})" for i, part in enumerate(parts[1:], 1)
    )
    # matched against lower-cased text: no IGNORECASE, which would slow every scan
    pattern = re.compile(rf"(?<![\w-]){body}(?![\w-])")
    verb = int(raw.get("verb", len(parts) - 1))
    stems = _opening_literals(words[0]) or _stems(words[0])
    needs = tuple(
        re.compile(_trie(sorted(found)))  # a trie: found where the flat alternation is, faster
        for part in (words if not stems else ())
        if (found := _stems(part, 1))
    )
    if len(needs) < 2:  # one part's short words ("the", "was") are in most sentences: not worth a check
        needs = ()
    return _Rule(
        name=str(raw["name"]),
        type=EventType(raw["type"]),
        pattern=pattern,
        stems=stems,
        needs=needs,
        verb=verb,
        negatable=bool(raw.get("negatable", True)),
        priority=int(raw.get("priority", 0)),
        purpose=bool(raw.get("purpose", False)),
        fallback=bool(raw.get("fallback", False)),
        apart=bool(raw.get("apart", False)),
        retold=bool(raw.get("retold", False)),
        subject=bool(raw.get("subject", False)),
        one_clause=bool(raw.get("one_clause", False)),
        parts=len(parts),
        scanner=None if stems else BoundaryPattern(r"\w-", rf"{body}(?![\w-])"),
    )


def _words(items: list[str]) -> str:
    return "|".join(
        (w.replace(" ", r"\s+") if "?" in w else re.escape(w).replace(r"\ ", r"\s+"))
        for w in sorted(items, key=len, reverse=True)
    )


def _source(language: LanguagePack) -> dict[str, Any]:
    """The language's trigger grammar (lang/<code>/triggers.yaml)."""
    return dict(language.yaml("triggers.yaml"))


_MACRO = re.compile(r"<([A-Z][A-Z0-9_]*)>")  # "<PV>": upper case, so never a group name or look-behind


def _expand(fragment: str, macros: dict[str, str]) -> str:
    """`fragment` with each "<NAME>" replaced by the grammar's macro of that name (word endings
    shared by many entries, such as a verb's person endings)."""
    if not macros:
        return fragment

    def one(m: re.Match[str]) -> str:
        if m.group(1) not in macros:
            raise ValueError(f"trigger grammar: unknown macro <{m.group(1)}> in {fragment[:60]!r}")
        return f"(?:{macros[m.group(1)]})"

    return _MACRO.sub(one, fragment)


@cache
def _grammar(language: str = "en") -> _Grammar:
    lang = pack(language)
    raw = _source(lang)
    fold = lang.source_fold  # the rules are written as the text reads once folded

    def words(key: str) -> str:
        return _words([fold(str(w)) for w in raw.get(key) or []])

    macros = {str(k): fold(_compact(str(v))) for k, v in (raw.get("macros") or {}).items()}
    macros["PEOPLES"] = _words([fold(w) for w in lang.peoples()]) or "(?!)"
    vocab = {str(k): _expand(fold(_compact(str(v))), macros) for k, v in raw["vocab"].items()}
    prefixes = tuple(p for p in lang.word_prefixes if p)
    prefix = f"(?:{'|'.join(map(re.escape, prefixes))})?" if prefixes else ""
    suffix = f"(?:{fold(str(raw['word_suffix']))})?" if raw.get("word_suffix") else ""
    rules = tuple(_compile_rule(r, vocab, prefix, suffix) for r in raw["rules"])
    before = words("unreal_before")
    aspectual = words("aspectual")
    marker = fold(str(raw.get("infinitive_marker", "to")))
    # cue words may carry the clitics too ("ولم", "وبعد"); English's may open "n't"
    lead = rf"(?<![\w']){prefix}" if prefix else r"(?:(?<![\w'])|(?=n't))"

    def any_word(key: str) -> re.Pattern[str] | None:
        """Any of the grammar's words under `key`, whole; None when the language lists none."""
        return re.compile(rf"{lead}(?:{words(key)})(?![\w'])", re.IGNORECASE) if raw.get(key) else None

    grammar = _Grammar(
        rules=rules,
        fallbacks=frozenset(rule.name for rule in rules if rule.fallback),
        aparts=frozenset(rule.name for rule in rules if rule.apart),
        unreal_before=re.compile(rf"{lead}(?:{before})(?![\w'])", re.IGNORECASE),
        infinitive=re.compile(
            # the marker alone after a clause's edge too: 'their "final opportunity" to sign a deal'
            rf"(?:(?<![\w'])(?!{prefix}(?:{aspectual})\s)(?:[\w']+)\s+|^\s*)(?:{marker})\s*$",
            re.IGNORECASE,
        ),
        begun_aim=re.compile(
            rf"(?<![\w']){prefix}(?:{words('aim_openers')}) (?:[\w'-]+ ){{0,2}}"
            rf"(?:{words('aims')})\s+(?:{marker})\s*$",
            re.IGNORECASE,
        )
        if raw.get("aims") and raw.get("aim_openers")
        else None,
        # the verb, up to _SPEAKER_WORDS words of its subject, then the marker ending the text; the
        # subject may carry one aside set off by commas ("قال المتحدث، العميد فلان، إن ...")
        speech=re.compile(
            rf"{lead}(?:{words('speech_verbs')})(?:\s+{_WORD}){{0,{_SPEAKER_WORDS}}}?"
            rf"(?:\s*[,،](?:\s+{_WORD}){{1,{_ASIDE_WORDS}}}\s*[,،])?\s+(?:{marker})\s*$",
            re.IGNORECASE,
        )
        if raw.get("speech_verbs")
        else None,
        denial=re.compile(
            rf"{lead}(?:{words('denial_verbs')})(?:\s+[\w'-]+){{0,{_SPEAKER_WORDS}}}?\s+(?:{words('that')})(?![\w'])",
            re.IGNORECASE,
        )
        if raw.get("denial_verbs") and raw.get("that")
        else None,
        given=re.compile(rf"{lead}(?:{words('given')})\s*$", re.IGNORECASE) if raw.get("given") else None,
        infinitive_pair=re.compile(
            rf"(?<![\w'])(?!{prefix}(?:{aspectual})\s)(?:[\w']+)\s+(?:{marker})\s+[\w']+\s+"
            rf"(?:{words('coordinators')})\s*$",
            re.IGNORECASE,
        )
        if raw.get("coordinators")
        else None,
        unreal_after=re.compile(rf"^[\s,]*{prefix}(?:{words('unreal_after')})(?![\w'])", re.IGNORECASE),
        unreal_predicate=any_word("unreal_predicate"),
        predicate_end=re.compile(rf"[,;:()\"\x00]|{lead}(?:{words('predicate_end')})(?![\w'])", re.IGNORECASE)
        if raw.get("predicate_end")
        else None,
        window_words=int(raw.get("window_words", 5)),
        clause=re.compile(rf"[,;:()\"]|(?<![\w']){prefix}(?:{words('clause_words')})(?![\w'])", re.IGNORECASE)
        if raw.get("clause_words")
        else _CLAUSE,
        terms=any_word("terms"),
        terms_end=any_word("terms_end"),
        # the war, up to three words on it ("warfare from 2003"), a relative or perfect verb, then
        # up to _TOLL_REACH words of the clause to the attack's verb
        toll=re.compile(
            rf"{lead}(?:{words('toll_nouns')})(?:\s+[\w'-]+){{0,3}}?,?\s+(?:{words('toll_links')})"
            rf"(?:\s+[\w',-]+){{0,{_TOLL_REACH}}}?\s+$",
            re.IGNORECASE,
        )
        if raw.get("toll_nouns")
        else None,
        generic_before=re.compile(rf"{lead}(?:{words('generic_before')})\s*$", re.IGNORECASE)
        if raw.get("generic_before")
        else None,
        past_before=re.compile(rf"{lead}(?:{words('past_before')})\s*$", re.IGNORECASE)
        if raw.get("past_before")
        else None,
        generic_after=any_word("generic_after"),
        happening=any_word("happening_marks"),
        gap_barrier=any_word("gap_barrier"),
        prefixes=prefixes,
        purpose_clitics=frozenset(fold(str(c)) for c in raw.get("purpose_clitics") or ()),
        stem_at=re.compile(_trie(list(_heads(rules)))) if prefixes else None,
        heads=(heads := _heads(rules)),
        # every rule's match begins at a word start (see _compile_rule); the look-ahead lets
        # a stem inside a longer one ("aid" in "humanitarian aid") be found too
        head_finder=re.compile(rf"(?<![\w-])(?=({(trie := _trie(list(heads)))}))"),
        # an ASCII class is a bitmap, Unicode \w a category look-up per character (see boundary.py)
        # (each head's first letter checked first: one bitmap test turns most words down)
        head_after=re.compile(rf"[^0-9A-Za-z_-](?=[{re.escape(''.join({h[0] for h in heads}))}])(?=({trie}))")
        if heads
        else re.compile("(?!)"),
    )
    lower_ascii = replace(
        grammar,
        unreal_before=_case_sensitive(grammar.unreal_before),
        infinitive=_case_sensitive(grammar.infinitive),
        begun_aim=_case_sensitive_or_none(grammar.begun_aim),
        speech=_case_sensitive_or_none(grammar.speech),
        denial=_case_sensitive_or_none(grammar.denial),
        given=_case_sensitive_or_none(grammar.given),
        infinitive_pair=_case_sensitive_or_none(grammar.infinitive_pair),
        unreal_after=_case_sensitive(grammar.unreal_after),
        unreal_predicate=_case_sensitive_or_none(grammar.unreal_predicate),
        predicate_end=_case_sensitive_or_none(grammar.predicate_end),
        clause=_case_sensitive(grammar.clause),
        terms=_case_sensitive_or_none(grammar.terms),
        terms_end=_case_sensitive_or_none(grammar.terms_end),
        toll=_case_sensitive_or_none(grammar.toll),
        generic_before=_case_sensitive_or_none(grammar.generic_before),
        past_before=_case_sensitive_or_none(grammar.past_before),
        generic_after=_case_sensitive_or_none(grammar.generic_after),
        happening=_case_sensitive_or_none(grammar.happening),
        gap_barrier=_case_sensitive_or_none(grammar.gap_barrier),
    )
    return grammar if lower_ascii == grammar else replace(grammar, lower_ascii=lower_ascii)


# escapes that may stand for an upper-case letter ("\x41", "\101", "\N{...}"): not checked
_CODE_ESCAPE = re.compile(r"\\[0-9xuUN]")


def _case_sensitive_or_none(pattern: re.Pattern[str] | None) -> re.Pattern[str] | None:
    return None if pattern is None else _case_sensitive(pattern)


def _case_sensitive(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` without IGNORECASE when it then matches exactly as before in lower-case
    ASCII text, else `pattern` itself. That holds when every letter it is written with is
    lower-case ASCII: such a letter matches itself either way, and its other case forms
    (upper case, and "K", "ſ", "İ", "ı") are not in such a text. Case-insensitive matching
    is several times slower, and the work text of most documents is lower-case ASCII."""
    source = pattern.pattern
    if not pattern.flags & re.IGNORECASE or not source.isascii() or source != source.lower():
        return pattern
    if _CODE_ESCAPE.search(source):
        return pattern
    return re.compile(source, pattern.flags & ~re.IGNORECASE)


def _heads(rules: tuple[_Rule, ...]) -> dict[str, tuple[int, ...]]:
    """Each stem -> the rules with a stem that is a prefix of it (itself included): the trie
    finds the longest stem written at a position, and every shorter one there is its prefix."""
    owners: dict[str, set[int]] = {}  # each stem -> the rules it is a stem of
    for n, rule in enumerate(rules):
        for stem in rule.stems:
            owners.setdefault(stem, set()).add(n)
    heads = {}
    for longest in owners:
        found: set[int] = set()
        for end in range(1, len(longest) + 1):  # its prefixes that are stems too
            found |= owners.get(longest[:end], found)
        heads[longest] = tuple(sorted(found))
    return heads


def _trie(words: list[str]) -> str:
    """A regex matching any of `words`, shaped as a trie (one branch per next character),
    which the regex engine walks far faster than a flat alternation."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_node(tree)


def _trie_node(node: dict[str, Any]) -> str:
    branches = [re.escape(ch) + _trie_node(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def _starts(grammar: _Grammar, work: str) -> dict[int, list[int]]:
    """For each rule with stems, the word starts where one of its stems is written, in order.

    One pass for all stems replaces a full-text scan per rule: a rule's pattern
    is then only tried where it can match.
    """
    if grammar.prefixes:
        return _starts_after_clitics(grammar, work)
    out: dict[int, list[int]] = {}
    heads, finder = grammar.heads, grammar.head_finder
    first = finder.match(work)
    for m in chain((first,) if first else (), grammar.head_after.finditer(work)):
        pos = m.start(1)
        # after a non-ASCII word character: no word start (head_finder's look-behind says so)
        if pos and not work[pos - 1].isascii() and finder.match(work, pos) is None:
            continue
        for n in heads[m.group(1)]:
            at = out.get(n)
            if at is None:
                out[n] = [pos]
            else:
                at.append(pos)
    return out


_WORD_START = re.compile(r"(?<![\w-])\w")


def _starts_after_clitics(grammar: _Grammar, work: str) -> dict[int, list[int]]:
    """`_starts` for a grammar whose words carry clitics: a stem may follow any of them
    ("والهدنة": و + ال + هدنة); the rule is tried at the start of the word."""
    out: dict[int, list[int]] = {}
    heads, stem_at = grammar.heads, grammar.stem_at
    assert stem_at is not None  # a grammar with prefixes has one
    by_letter: dict[str, list[str]] = {}
    for clitic in grammar.prefixes:
        by_letter.setdefault(clitic[0], []).append(clitic)
    for w in _WORD_START.finditer(work):
        pos = w.start()
        rules: set[int] = set()
        for clitic in ("", *by_letter.get(w.group(), ())):
            if clitic and not work.startswith(clitic, pos):
                continue
            m = stem_at.match(work, pos + len(clitic))
            if m is not None:
                rules.update(heads[m.group()])
        for n in sorted(rules):
            out.setdefault(n, []).append(pos)
    return out


def _matches(
    rule: _Rule, work: str, starts: list[int], deadline: Deadline | None = None
) -> list[re.Match[str]]:
    """What `rule.pattern.finditer(work)` finds, trying only `starts` (leftmost, non-overlapping)."""
    found = []
    resume = 0
    match = rule.pattern.match
    if deadline is None:
        for pos in starts:
            if pos >= resume and (m := match(work, pos)) is not None:
                found.append(m)
                resume = m.end()
        return found
    for n, pos in enumerate(starts):
        if not n % _CHECK_EVERY:
            deadline.check("triggers")
        if pos < resume:
            continue
        m = match(work, pos)
        if m is not None:
            found.append(m)
            resume = m.end()
    return found


def _lower(text: str) -> str:
    """Lower case, one character for one (a few characters lower-case to two; those stay as they are)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    # "İ" is the one character that does (in Python 3.11's Unicode): lower the text around it
    low = _LONGER_LOWER.join(piece.lower() for piece in text.split(_LONGER_LOWER))
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


_LONGER_LOWER = "\u0130"


def _barriered(norm: str, sentences: tuple[tuple[int, int], ...]) -> str:
    """`norm` with the characters between sentences replaced by a barrier (same length)."""
    chars = list(norm)
    previous_end = 0
    for start, end in sentences:
        if start > previous_end:
            chars[previous_end:start] = _BARRIER * (start - previous_end)
        previous_end = end
    if len(chars) > previous_end:
        chars[previous_end:] = _BARRIER * (len(chars) - previous_end)
    # adjacent sentences ("...]Next"): mark the last character of the first if it is punctuation
    for (_, end), (start, _) in pairwise(sentences):
        if end == start and end > 0 and not chars[end - 1].isalnum():
            chars[end - 1] = _BARRIER
    return "".join(chars)


def _window_before(work: str, position: int, words: int) -> str:
    """Up to `words` words before `position`, not crossing a sentence barrier."""
    left = work.rfind(_BARRIER, max(0, position - 12 * words), position) + 1
    chunk = work[max(left, position - 12 * words) : position]
    pieces = chunk.split()
    return " ".join(pieces[-words:]) + (" " if chunk.endswith((" ", "\n")) else "")


_CLAUSE = re.compile(
    r"[,;:()\"]|(?<![\w'])(?:and|but|while|whereas|which|who|that|although|though|after|before|when|as)(?![\w'])",
    re.IGNORECASE,
)


def _clause_tail(chunk: str, clause: re.Pattern[str] = _CLAUSE) -> str:
    """The part of `chunk` after its last clause boundary: negation does not cross "and", "but", ","."""
    last = None
    for last in clause.finditer(chunk):  # noqa: B007 - only the last boundary matters
        pass
    return chunk[last.end() :] if last else chunk


def _asserted(grammar: _Grammar, rule: _Rule, work: str, m: re.Match[str]) -> bool:
    if (
        rule.one_clause
        and grammar.gap_barrier is not None
        and any(
            grammar.gap_barrier.search(work, m.end(f"p{i - 1}"), m.start(f"p{i}"))
            for i in range(1, rule.parts)
        )
    ):
        return False
    if not rule.negatable:
        return True
    anchor = m.start(f"p{rule.verb}")
    if rule.purpose and work[anchor : m.start(f"s{rule.verb}")] in grammar.purpose_clitics:
        return False
    window = _window_before(work, anchor, grammar.window_words)
    if grammar.infinitive_pair is not None and grammar.infinitive_pair.search(window):
        return False
    before = _clause_tail(window, grammar.clause)
    if grammar.unreal_before.search(before) or _denied(grammar, work, anchor):
        return False
    tail = before.rstrip() + " " if before.strip() else ""
    if (
        grammar.infinitive.search(tail)
        and not (grammar.begun_aim and grammar.begun_aim.search(tail))
        and not _reported(grammar, work, anchor)
    ):
        return False
    # the gap inside a match ("ceasefire will not take effect") counts as well
    inside = _clause_tail(work[m.end("p0") : anchor], grammar.clause)
    if rule.verb > 0 and grammar.unreal_before.search(inside):
        return False
    after = work[m.end() : m.end() + 20]
    if grammar.unreal_after.match(after):
        return False
    if rule.subject and grammar.unreal_predicate is not None and grammar.predicate_end is not None:
        # "talks between Kinshasa and Kigali are scheduled to resume": up to the clause's end
        told = work[m.end() : m.end() + _PREDICATE_REACH]
        cut = grammar.predicate_end.search(told)
        if grammar.unreal_predicate.search(told, 0, cut.start() if cut else len(told)):
            return False
    if grammar.toll is not None and rule.type.is_attack and _in_toll(grammar, grammar.toll, work, anchor):
        return False
    if rule.type.is_attack and _generic(grammar, work, m):
        return False
    return not _in_terms(grammar, work, anchor)


_TOLL_REACH = 12  # words between the war's verb and the attack's
_PREDICATE_REACH = 100  # characters after a subject match where its verb is looked for
_SPEAKER_WORDS = 8  # words of a speaker's name between its verb of saying and "that"
_ASIDE_WORDS = 10  # words of an aside set off by commas after the speaker ("، ومقره لندن،")
_WORD = r"[^\s,;:()\"،؛]+"  # a word of a speaker's name: no punctuation


def _denied(grammar: _Grammar, work: str, anchor: int) -> bool:
    """Whether `anchor` is in the clause a denial's "that" opens, that clause unbroken since."""
    if grammar.denial is None:
        return False
    if grammar.given is not None and grammar.given.search(work, max(0, anchor - 20), anchor):
        return False
    left = max(work.rfind(_BARRIER, max(0, anchor - 160), anchor) + 1, anchor - 160)
    last = None
    for last in grammar.denial.finditer(work, left, anchor):  # noqa: B007 - the nearest one scopes
        pass
    return last is not None and grammar.clause.search(work[last.end() : anchor]) is None


def _reported(grammar: _Grammar, work: str, anchor: int) -> bool:
    """Whether the marker before `anchor` is the "that" of reported speech, not an aim."""
    if grammar.speech is None:
        return False
    left = work.rfind(_BARRIER, max(0, anchor - 160), anchor) + 1
    return grammar.speech.search(work, max(left, anchor - 160), anchor) is not None


_GENERIC_WORDS = 8  # words before an attack's first word read for `generic_before`
_GENERIC_REACH = 80  # characters after an attack's words read for `generic_after`


def _generic(grammar: _Grammar, work: str, m: re.Match[str]) -> bool:
    """Whether the attack `m` is told as a habit, a count, a threat or a trend, not one happening
    (which a day or a toll in its sentence would make it: "documented 23 strikes on Thursday")."""
    before = _window_before(work, m.start(), _GENERIC_WORDS)
    if grammar.past_before is not None and grammar.past_before.search(before):
        return True
    if grammar.generic_before is not None and grammar.generic_before.search(before):
        return not _dated_or_tolled(grammar, work, m)
    if grammar.generic_after is None or grammar.predicate_end is None:
        return False
    told = work[m.end() : m.end() + _GENERIC_REACH]
    cut = grammar.predicate_end.search(told)
    if grammar.generic_after.search(told, 0, cut.start() if cut else len(told)) is None:
        return False
    return not _dated_or_tolled(grammar, work, m)


_HAPPENING_REACH = 200  # characters either side of an attack's words read for a day or a toll


def _dated_or_tolled(grammar: _Grammar, work: str, m: re.Match[str]) -> bool:
    left = work.rfind(_BARRIER, max(0, m.start() - _HAPPENING_REACH), m.start()) + 1
    return _tells_a_happening(grammar, work, max(left, m.start() - _HAPPENING_REACH), m.end())


def _tells_a_happening(grammar: _Grammar, work: str, lo: int, past: int) -> bool:
    """Whether a day or a toll is told from `lo` to the end of the sentence holding `past`
    (at most _HAPPENING_REACH characters on)."""
    if grammar.happening is None:
        return False
    right = work.find(_BARRIER, past, past + _HAPPENING_REACH)
    end = right if right >= 0 else min(len(work), past + _HAPPENING_REACH)
    return grammar.happening.search(work, lo, end) is not None


_NEXT_CLAUSE = re.compile(r"[,;] (?:and|but|while|whereas)\b")


def _in_toll(grammar: _Grammar, toll: re.Pattern[str], work: str, anchor: int) -> bool:
    left = work.rfind(_BARRIER, max(0, anchor - 200), anchor) + 1
    found = toll.search(work, max(left, anchor - 200), anchor)
    if found is None:
        return False
    # "the war has displaced millions, and on Monday the RSF shelled El Obeid": a clause of its
    # own, dated to a day, tells one happening past the war's sum
    cuts = list(_NEXT_CLAUSE.finditer(work, found.start(), anchor))  # the last opens the clause
    return not cuts or not _tells_a_happening(grammar, work, cuts[-1].end(), anchor)


_TERMS_REACH = 600  # characters back from a verb to the words that open a deal's terms


def _in_terms(grammar: _Grammar, work: str, anchor: int) -> bool:
    """Whether the sentence lists a deal's terms up to `anchor` ("the deal provides for a truce,
    the exit of fighters and the entry of aid"): what was agreed, not news."""
    if grammar.terms is None:
        return False
    # read back at most _TERMS_REACH characters: a sentence with no end ("a, a, a, ...") stays linear
    reach = max(0, anchor - _TERMS_REACH)
    start = max(work.rfind(_BARRIER, reach, anchor) + 1, reach)
    last = None
    for last in grammar.terms.finditer(work, start, anchor):  # noqa: B007 - the last one opens the terms
        pass
    if last is None:
        return False
    return grammar.terms_end is None or grammar.terms_end.search(work, last.end(), anchor) is None


def _is_question(work: str, start: int, end: int) -> bool:
    return work[start:end].rstrip("\"') ]").endswith("?")


_CHECK_EVERY = 256  # rule starts tried between two looks at the document's deadline


def _find(
    norm: str, sentences: tuple[tuple[int, int], ...], language: str = "en", deadline: Deadline | None = None
) -> list[Trigger]:
    grammar = _grammar(language)
    work = _lower(_barriered(norm, sentences))
    # the patterns that read around a match, case-sensitive when that finds the same
    asserting = grammar.lower_ascii if grammar.lower_ascii is not None and work.isascii() else grammar
    questions = Cover((s, e) for s, e in sentences if _is_question(work, s, e))
    found: list[tuple[int, Trigger]] = []
    starts = _starts(grammar, work)
    # each sentence with what follows it up to the next: matches never cross a barrier
    windows = [(lo, nxt) for (lo, _), (nxt, _) in pairwise([*sentences, (len(work), len(work))])]
    for n, rule in enumerate(grammar.rules):
        if deadline is not None:
            deadline.check("triggers")
        if rule.stems:
            at = starts.get(n)
            if at is None:  # none of its stems is written: most rules in most texts
                continue
            matches: Iterable[re.Match[str]] = _matches(rule, work, at, deadline)
        elif rule.needs:
            matches = (
                m
                for lo, hi in windows
                if all(need.search(work, lo, hi) for need in rule.needs)
                for m in (rule.scanner or rule.pattern).finditer(work, lo, hi)
            )
        else:
            matches = (rule.scanner or rule.pattern).finditer(work)
        for m in matches:
            if not _asserted(asserting, rule, work, m):
                continue
            if m.start() in questions:
                continue
            found.append(
                (rule.priority, Trigger(m.start(), m.end(), rule.name, rule.type, rule.apart, rule.retold))
            )
    displaced = _Displacing(found)
    kept = [t for p, t in found if not displaced.outranked(work, p, t, asserting.clause)]
    if grammar.fallbacks and any(t.rule in grammar.fallbacks for t in kept):
        kept = _without_fallbacks(kept, grammar.fallbacks, sentences)
    return sorted(kept, key=lambda t: (t.start, t.end, t.rule))


def _without_fallbacks(
    triggers: list[Trigger], fallbacks: frozenset[str], sentences: tuple[tuple[int, int], ...]
) -> list[Trigger]:
    """`triggers` less the fallback ones whose sentence tells another attack."""
    starts = [s for s, _ in sentences]
    attacked = {
        bisect_right(starts, t.start) for t in triggers if t.rule not in fallbacks and t.type.is_attack
    }
    return [t for t in triggers if t.rule not in fallbacks or bisect_right(starts, t.start) not in attacked]


# "Artillery units shelled a relief convoy", "a convoy came under fire", "تعرضت قافلة ... لإطلاق
# رصاص": the weapon just before or after an attack on aid
_MEANS_REACH = 40


def _outranks(work: str, q: int, u: Trigger, p: int, t: Trigger, clause: re.Pattern[str] = _CLAUSE) -> bool:
    """Whether trigger `u` (priority q) displaces `t` (priority p): they overlap, or `t` names the
    weapon of the attack `u` just before or after it, in its clause."""
    if q <= p or u.type == t.type:
        return False
    if u.start < t.end and t.start < u.end:
        return True
    if not (t.type.is_attack and u.type.is_attack):
        return False
    if u.type is EventType.ATTACK_CIVILIANS and t.type in ATTACK_MEANS:
        return False  # "a massacre by shelling": the shelling tells how it was made (assemble.py)
    lo, hi = (t.end, u.start) if t.end <= u.start else (u.end, t.start)
    return hi - lo <= _MEANS_REACH and _BARRIER not in work[lo:hi] and not clause.search(work, lo, hi)


# per trigger: the farthest end so far and its type, the farthest end of another type and that type
_Reach = tuple[int, EventType | None, int, EventType | None]


class _Displacing:
    """Which triggers another outranks (`_outranks`), found by sorted look-ups instead of
    comparing every pair: per priority, the triggers by start, with the two farthest ends
    (of different types) among those opening up to each one, for overlaps; the few opening
    or ending within `_MEANS_REACH` of a trigger, for weapons named before or after an attack."""

    def __init__(self, found: list[tuple[int, Trigger]]) -> None:
        self.levels: list[tuple[int, list[int], list[Trigger], list[_Reach]]] = []
        for q in sorted({p for p, _ in found}):
            triggers = sorted((t for p, t in found if p == q), key=lambda t: t.start)
            reach: list[_Reach] = []
            best, best_type, other, other_type = -1, None, -1, None
            for u in triggers:
                if u.end > best:
                    if u.type != best_type:
                        other, other_type = best, best_type
                    best, best_type = u.end, u.type
                elif u.type != best_type and u.end > other:
                    other, other_type = u.end, u.type
                reach.append((best, best_type, other, other_type))
            self.levels.append((q, [t.start for t in triggers], triggers, reach))

    def outranked(self, work: str, p: int, t: Trigger, clause: re.Pattern[str]) -> bool:
        for q, starts, triggers, reach in self.levels:
            if q <= p:
                continue
            opened = bisect_left(starts, t.end)  # those starting before t ends
            if opened:
                best, best_type, other, _ = reach[opened - 1]
                if (best if best_type != t.type else other) > t.start:
                    return True  # overlaps one of another type
            if t.type.is_attack:
                # those opening within reach after t, or ending within reach before it (a trigger's
                # words are a sentence's at the most: _WEAPON_BEFORE characters back is enough)
                near = bisect_left(starts, t.start - _MEANS_REACH - _WEAPON_BEFORE)
                for u in triggers[near : bisect_right(starts, t.end + _MEANS_REACH)]:
                    if _outranks(work, q, u, p, t, clause):  # u is of another level: never t
                        return True
        return False


_WEAPON_BEFORE = 200  # characters: the longest an attack's trigger before its weapon may be


def _find_in(
    norm: str, sentences: tuple[tuple[int, int], ...], language: str, deadline: Deadline | None = None
) -> list[Trigger]:
    """`_find` with the grammar of `language`, over its pack's folded copy of `norm` when it
    has one (offsets mapped back to `norm`, which are the original text's)."""
    lang = pack(language)
    if not lang.own_fold:
        return _find(norm, sentences, lang.code, deadline)
    folded = lang.fold(norm)
    found = _find(folded.text, folded.spans_to_folded(sentences), lang.code, deadline)
    out = []
    for t in found:
        start, end = folded.to_original(t.start, t.end)
        out.append(replace(t, start=start, end=end))
    return out


def apart_rules(language: str = "en") -> frozenset[str]:
    """The names of `language`'s rules whose matches are happenings of their own (Trigger.apart):
    a claim so made is never the same happening as another of its sentence."""
    return _grammar(pack(language).code).aparts


def find_triggers(
    text: str, sentences: tuple[tuple[int, int], ...] | None = None, language: str = "en"
) -> tuple[Trigger, ...]:
    """Every asserted event trigger in `text`, in text order, with offsets into `text`."""
    norm = normalise(text)
    spans = sentences if sentences is not None else split_sentences(text, norm)
    return tuple(_find_in(norm, spans, language))


def trigger_sentences(
    sentences: tuple[tuple[int, int], ...], triggers: tuple[Trigger, ...]
) -> tuple[tuple[int, int], ...]:
    """The sentences that hold a trigger's start, in order: where claims are assembled from."""
    starts = [s for s, _ in sentences]
    held = set()
    for t in triggers:
        i = bisect_right(starts, t.start) - 1
        if i >= 0 and t.start < sentences[i][1]:
            held.add(i)
    return tuple(sentences[i] for i in sorted(held))


class TriggerComponent:
    """Fills `analysis.triggers` (needs sentences; splits them itself if absent) and
    `analysis.focus`, the sentences holding a trigger."""

    name = "triggers"

    def __call__(self, analysis: Analysis) -> Analysis:
        text = analysis.text
        norm = analysis.normalised if analysis.normalised and len(analysis.normalised) == len(text) else None
        norm = norm if norm is not None else normalise(text)
        sentences = analysis.sentences or split_sentences(text, norm)
        triggers = tuple(_find_in(norm, sentences, analysis.language, analysis.deadline))
        return replace(analysis, triggers=triggers, focus=trigger_sentences(sentences, triggers))
