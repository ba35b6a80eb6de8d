"""Places an Arabic text names that the gazetteer lacks: the name after a word for a kind of place.

"مخيم زمزم", "معسكر أبو شوك", "قرية بسيمة", "قضاء سمرين", "إقليم (كردان)", "حي القابون":
camps, villages, small towns, crossings, islands, quarters, districts, regions, areas, bases,
mountains, dams and municipalities are named places that
GeoNames seldom holds (or holds without an Arabic name). The
name after such a word is a place even when no gazetteer knows it: its Place
has no id, the kind the cue word says, and a name in Latin script as English
reports write such names (transliterate), since a monitor logs places in
English; the other usual spellings of it (romanisations) are its alternate
names. After a plural cue ("بلدات دوما وسقبا، عربين") every name of the list is one.
A cue after a number ("62 قرية") counts places and names none.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from itertools import compress, repeat

from trucewatch.extract.base import PlaceMention
from trucewatch.extract.lang.ar.fold import fold_word
from trucewatch.extract.lang.names import levantine
from trucewatch.model import Place

__all__ = ["arabic_cue_places", "romanisations", "transliterate"]

# cue word (folded, with its clitics stripped) -> the kind of place it names
_KINDS = {
    "مخيم": "camp",
    "معسكر": "camp",
    "قريه": "village",
    "بلده": "town",
    "مدينه": "city",
    "معبر": "facility",
    "مطار": "facility",
    "سجن": "facility",
    "جزيره": "area",
    "حي": "neighbourhood",
    "اقليم": "region",
    "ناحيه": "district",
    "قضاء": "district",
    "مديريه": "district",
    "بلديه": "town",
    "منطقه": "area",
    "قاعده": "facility",
    "جبل": "area",
    "سد": "facility",
    # plurals: each name of the list after them is a place ("بلدات دوما وسقبا، عربين")
    "مدن": "city",
    "بلدات": "town",
    "قري": "village",
    "مخيمات": "camp",
}
_PLURALS = frozenset({"مدن", "بلدات", "قري", "مخيمات"})


def _folded(words: str) -> frozenset[str]:
    return frozenset(fold_word(w) for w in words.split())


# Words that open a longer name ("عين زارة", "أبو شوك", "كرم أبو ...": an opener after an opener).
_OPENERS = _folded(
    "عين أبو أم بئر تل دير كفر خان بيت رأس جسر بني وادي حوش باب مرج قصر سوق جبل شيخ الشيخ عرب كرم"
)
# Words that end a name: prepositions, directions, adjectives of place, relatives.
_STOP = _folded(
    """
    في من على الى إلى عن مع بين قرب شمال جنوب شرق غرب شمالي جنوبي شرقي غربي وسط ريف التابعة التابع الواقعة
    الشمال الجنوب الشرق الغرب الوسط
    الواقع المحاصرة المحاصر الشرقي الغربي الشمالي الجنوبي الشرقية الغربية الشمالية الجنوبية القديمة الحدودية
    الاستراتيجية الاستراتيجي الدولي العسكري العسكرية الذي التي حيث بعد قبل أمس اليوم خلال عند لدى نحو حتى كل
    عدة بعض الليلة الماضية الماضي الجاري الحالي المقبل المقبلة الاخيرة الأخيرة
    المدينة البلدة القرية المنطقة المخيم الحي المحافظة الريف تقع يقع تبعد يبعد تضم يضم تحيط يحيط
    """
) | _folded(  # the offices a "مديرية" (directorate) may be: "مديرية الأمن" names no district
    "الأمن الشرطة الصحة التربية الزراعة الإعلام المالية الأوقاف الدفاع الداخلية الخارجية العدل"
)
# ordinary words after a cue that name no place: "قرية جديدة", "مدينة كبيرة", "مخيم النازحين",
# "معسكر الجيش", "قرية أخرى"
_STOP |= _folded(
    """
    جديدة جديد كبيرة كبير صغيرة صغير أخرى آخر مجاورة مجاور قريبة قريب نائية نائي واحدة واحد ثانية
    النازحين للنازحين نازحين اللاجئين للاجئين لاجئين الجيش للجيش القوات للقوات الشرطة للشرطة الأمم
    المتحدة تابعة تابع عسكري مؤقت مؤقتة مكتظ مكتظة بأكملها كاملة
    عازلة آمنة خاضعة منزوعة محايدة مفتوحة مغلقة محررة محتلة خالية واسعة
    """
)
# verbs of news prose that may follow a list ("قرى س وص وأسفرت عن مقتل")
_STOP |= _folded(
    """
    أسفر أسفرت أدى أدت قتل قتلت أصيب أصيبت قال قالت أضاف أضافت أكد أكدت أشار أشارت تسبب تسببت شهد شهدت
    """
)
# A number or a word of amount before the cue counts places ("62 قرية", "عدة بلدات"): no name follows.
_COUNTED = re.compile(r"(?:\d|عدة|عشرات|مئات|بضع|[٠-٩])[^\S\n]*$")
# "بلدة القاع اللبنانية": a second word with the article ending in a relative suffix is an adjective
_NISBA = re.compile(r"^ال.{2,}يه$")
# "منطقة دارفور الأوسع": a second word of the pattern al-af'al is a comparative (wider, greater)
_COMPARATIVE = re.compile(r"^الا...$")
# no name opens with the preposition and article ("قاعدة للتحالف") or ends with a pronoun
# ("منطقة تمركزها": where it was posted)
_NOT_A_NAME = re.compile(r"^لل|^.{3,}(?:ها|هم|هما)$")
_WORD = re.compile(r"[#\"“”«»(]?([\u0621-\u064a\u0640\u064b-\u0652]+)")
_GAP = re.compile(r"[ \t]+|[ \t]*[\"“”«»#(][ \t]*")
_CLITICS = ("وب", "فب", "ول", "فل", "و", "ف", "ب", "ل", "ك")
# a name written in quotes after its cue word ("مدينة “عيل واق”"): all of it, to the closing quote
_QUOTED = re.compile(r"[\"“«]")
_CLOSING = re.compile(r"[\"”»]")


def _cue_kind(word: str) -> str | None:
    """The kind of place a cue word names; None for other words and for a cue with the article
    ("المخيم الكبير": what follows it describes it, it names no place)."""
    kind = _KIND_SEEN.get(word)
    if kind is None:
        kind = _kinds_of([word])[0]
    return kind or None


def _kinds_of(words: list[str]) -> list[str]:
    """`_cue_kind` of each word, "" for no cue: read from the answers for spellings seen before
    (in C: most words of a text are none, and words repeat), the others worked out once."""
    try:
        return list(map(_KIND_SEEN.__getitem__, words))
    except KeyError:
        if len(_KIND_SEEN) > _KIND_SEEN_MAX:  # hostile text of endless distinct words: start afresh
            _KIND_SEEN.clear()
        for word in set(words).difference(_KIND_SEEN):
            _KIND_SEEN[word] = _fold_kind(word)
        return list(map(_KIND_SEEN.__getitem__, words))


def _fold_kind(word: str) -> str:
    return _KINDS.get(_cue_word(word), "")


def _cue_word(word: str) -> str:
    """The cue word `word` is with its clitics removed (folded), "" for none."""
    key = fold_word(word)
    for clitic in ("", *_CLITICS):
        if key.startswith(clitic) and key[len(clitic) :] in _KINDS:
            return key[len(clitic) :]
    return ""


_KIND_SEEN: dict[str, str] = {}  # spelling -> its cue's kind, "" for no cue word
_KIND_SEEN_MAX = 100_000


# an indefinite relative adjective after the cue describes it ("معسكر تدريبي", "مخيم عشوائي");
# after a feminine cue word it is feminine too ("قرية نائية"), so "بلدة آمرلي" names a town
_ADJECTIVE = re.compile(r"(?:يه|ي|يا)$")
_FEMININE_ADJECTIVE = re.compile(r"يه$")
_FEMININE = frozenset({"village", "town", "city"})


def arabic_cue_places(text: str, found: Sequence[PlaceMention]) -> list[PlaceMention]:
    """Mentions of places named after a cue word that `found` (the gazetteer's mentions) lacks."""
    out: list[PlaceMention] = []
    taken = [(m.start, m.end) for m in found]
    words = list(_WORD.finditer(text))
    kinds = _kinds_of(list(map(re.Match.group, words, repeat(1))))  # in C but for new spellings
    for i in compress(range(len(words) - 1), kinds):
        cue, kind = words[i], kinds[i]
        if _COUNTED.search(text, max(0, cue.start() - 8), cue.start()):
            continue
        adjective = _FEMININE_ADJECTIVE if kind in _FEMININE else _ADJECTIVE
        name = _name_after(text, words, i + 1, adjective)
        rule = f"cue:{fold_word(cue.group(1))}"
        listed = name is not None and _cue_word(cue.group(1)) in _PLURALS
        while name is not None:
            start, end = name
            if not any(a < end and start < b for a, b in taken):  # else the gazetteer knows it
                latin = transliterate(text[start:end])
                if latin:
                    others = tuple(romanisations(text[start:end])[1:])
                    place = Place(name=latin, kind=kind, alternate_names=others)
                    out.append(PlaceMention(start, end, rule, place))
                    taken.append((start, end))
            name = _next_listed(text, words, end, adjective) if listed else None
    return out


_LIST_COMMA = re.compile(r"[ \t]*[،,][ \t]*")


def _next_listed(
    text: str, words: list[re.Match[str]], end: int, adjective: re.Pattern[str]
) -> tuple[int, int] | None:
    """The next name of a list whose name before ends at `end`: after a comma, or written
    with و on it ("دوما وسقبا", "حرستا، سقبا")."""
    k = bisect_left(words, end, key=re.Match.start)
    if k >= len(words):
        return None
    gap, written = text[end : words[k].start()], words[k].group(1)
    # "وادي" opens a name of its own; other words starting with و carry the conjunction
    clitic = 1 if written.startswith("و") and fold_word(written) not in _OPENERS else 0
    if not (_LIST_COMMA.fullmatch(gap) or (clitic and gap in (" ", "\t"))):
        return None
    return _name_after(text, words, k, adjective, clitic, joined=True)


def _name_after(
    text: str,
    words: list[re.Match[str]],
    j: int,
    adjective: re.Pattern[str],
    clitic: int = 0,
    joined: bool = False,
) -> tuple[int, int] | None:
    """The span of the name of one to three words that opens at words[j] (past its first
    `clitic` letters), if it is a name; `joined`: the caller has read the gap before it."""
    first = words[j]
    if not joined and not _GAP.fullmatch(text[words[j - 1].end() : first.start()]):
        return None
    written = first.group(1)[clitic:]
    key = fold_word(written)
    if key in _STOP or (len(key) < 3 and key not in _OPENERS) or _cue_kind(written) is not None:
        return None
    if _NOT_A_NAME.search(key):
        return None
    start, end = first.start(1) + clitic, first.end(1)
    quoted = _QUOTED.match(text, first.start(), end)  # “عيل واق”: the words up to the closing quote
    if quoted:  # a quoted word is a name even when it ends like an adjective (جبل “موية”)
        closing = _CLOSING.search(text, end, min(len(text), end + 40))
        if closing and all(c not in ".،,؛\n" for c in text[end : closing.start()]):
            return start, closing.start()
    if not key.startswith("ال") and adjective.search(key) and key not in _OPENERS:
        return None
    for k in range(j + 1, min(j + 3, len(words))):
        following = words[k]
        following_key = fold_word(following.group(1))
        joined = text[end : following.start(1)] == " "
        last_opens = key in _OPENERS
        names_more = last_opens or (
            k == j + 1
            and following_key.startswith("ال")
            and not _NISBA.match(following_key)
            and not _COMPARATIVE.match(following_key)
        )
        if not (joined and following_key not in _STOP and names_more):
            break
        end, key = following.end(1), following_key
    return start, end


# Letters as English reports romanise them (short vowels are not written: see _vowels)
_CONSONANTS = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z",
    "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "gh", "ف": "f", "ق": "q", "ك": "k",
    "ل": "l", "م": "m", "ن": "n", "ه": "h", "ع": "", "ء": "", "ؤ": "", "ئ": "",
}  # fmt: skip


def transliterate(name: str, short: str = "") -> str:
    """A plain Latin spelling of an Arabic place name, in the style of English news ("قرية بسيمة"
    -> "Basima", "عين زارة" -> "Ain Zara", "حوش الضواهرة" -> "Hawsh al-Dawahira"). With `short`,
    that vowel is also written inside a word's first run of consonants, before its last one
    ("حزرما" -> "Hazrama" with "a"), as many spellings do."""
    out = []
    for n, word in enumerate(fold_word(name).split()):
        article = word.startswith("ال") and len(word) > 3
        stem = word[2:] if article else word
        latin = _word(stem, short)
        if not latin:
            continue
        latin = latin[0].upper() + latin[1:]
        out.append(f"al-{latin}" if article and n > 0 else latin)
    return " ".join(out)


def romanisations(name: str, most: int = 12) -> list[str]:
    """`transliterate(name)` first, then other spellings English reports use for the same
    Arabic name, as romanisations differ: o or ou for u ("Jobar", "Shouk"), a final -ah or -eh for -a
    ("Shifuniyah"), a short vowel Arabic does not write inside a cluster ("Hazrama",
    "Rashidin", "Amerli"), and ay for ai ("Ayn"); then the unwritten vowels as e or i
    ("Menagh", "Khamer", "Tishrin"), ee or ei for a written i ("Tishreen", "Beit"), one or two
    of them at once ("Zebdiyeh"), the fewest changes first (`_respellings`). At most `most`."""
    first = transliterate(name)
    if not first:
        return []
    variants = [
        first,
        first.replace("u", "o").replace("U", "O"),
        re.sub(r"u(?=[b-df-hj-np-tv-z])", "ou", first),  # French-school "ou" ("Shouk")
        re.sub(r"([Aa])i(?=[b-df-hj-np-tv-z])", r"\1y", first),  # a diphthong as "ay" ("Ayn", "Ayth")
        transliterate(name, short="a"),
        transliterate(name, short="i"),
        transliterate(name, short="e"),
        re.sub(r"(?<=[^aeiou])a\b", "ah", first),
    ]
    if name.endswith("ة"):  # a final taa marbuta
        variants.append(levantine(first))
    spellings = list(dict.fromkeys(variants))
    for spelling in _respellings(name):
        if len(spellings) >= most:
            break
        if spelling not in spellings:
            spellings.append(spelling)
    return spellings[:most]


_POINTS_MOST = 8  # the sounds of a name whose other spellings are tried: bounds the pairs


def _respellings(name: str) -> Iterator[str]:
    """The name spelt with one or two of its sounds written another usual way (`_segments`), by
    cost: the first other way of a sound costs 1, the second 2, ..., and a pair the sum (at most
    about (8 x 3)^2 / 2 spellings, however long the name; each written only when asked for)."""
    words = []
    for word in fold_word(name).split():
        article = word.startswith("ال") and len(word) > 3
        segments = _segments(word[2:] if article else word)
        if segments:
            words.append((article, segments))
    points = [(w, k) for w, (_, segs) in enumerate(words) for k, (_, others) in enumerate(segs) if others]
    points = points[:_POINTS_MOST]
    changes: list[tuple[int, dict[tuple[int, int], str]]] = []
    for a, (w, k) in enumerate(points):
        for rank, other in enumerate(words[w][1][k][1]):
            changes.append((rank + 1, {(w, k): other}))
            for w2, k2 in points[a + 1 :]:
                for rank2, other2 in enumerate(words[w2][1][k2][1]):
                    changes.append((rank + rank2 + 2, {(w, k): other, (w2, k2): other2}))
    changes.sort(key=lambda change: change[0])  # stable: earlier sounds first at equal cost
    for _, chosen in changes:
        latin: list[str] = []
        for w, (article, segments) in enumerate(words):
            spelt = "".join(chosen.get((w, k), sound) for k, (sound, _) in enumerate(segments))
            spelt = spelt[0].upper() + spelt[1:]
            latin.append(f"al-{spelt}" if article and latin else spelt)
        yield " ".join(latin)


_UNIT = re.compile(r"kh|gh|sh|th|dh|[a-z]")  # a sound of a romanised word


# a sound (one or more letters of `_word`) as first written, and its other usual spellings
_Segment = tuple[str, tuple[str, ...]]
_UNWRITTEN = ("e", "i")  # an unwritten short vowel "a" is also often "e" or "i" ("Menagh", "Tishrin")


def _word(word: str, short: str = "") -> str:
    """One word: consonants as mapped, ا as a, و/ي as vowels between consonants (u/i) and
    consonants next to vowels (w/y), taa marbuta (folded ه at the end) as a, and an a after
    the first consonant and between two final consonants (Arabic's unwritten short vowels)."""
    latin = "".join(sound for sound, _ in _segments(word))
    if short and latin:  # the first run of two or more consonants after a vowel, broken: an "e" after its
        # first consonant ("Amerli"), another vowel before its last ("Hazrama")
        units = _UNIT.findall(latin)
        shape = "".join("v" if u in "aeiou" else "c" for u in units)
        run = re.search(r"(?<=v)cc+", shape)
        if run:
            at = run.start() + 1 if short == "e" else run.end() - 1
            units[at] = short + units[at]
            latin = "".join(units)
    return latin


def _segments(word: str) -> list[_Segment]:
    """`_word`'s sounds, each with the other ways English reports write it; [] for a word with
    a letter not romanised."""
    if word.startswith("عي"):  # "عين": the ayn and its yaa are "Ai" ("Ayn", "Ein")
        rest = _segments(word[2:]) if len(word) > 2 else []
        return [("ai", ("ay", "ei")), *rest] if rest or len(word) == 2 else []
    letters = list(word)
    kinds: list[str] = []  # "c" consonant, "v" vowel, per letter
    sounds: list[_Segment] = []
    for k, ch in enumerate(letters):
        prev_vowel = k == 0 or (kinds and kinds[-1] == "v")
        last = k == len(letters) - 1
        nxt = letters[k + 1] if not last else ""
        # alef, a final yaa after yaa, and taa marbuta (a final ه once folded) read "a"
        if ch == "ا" or (last and k > 0 and (ch == "ه" or (ch == "ي" and letters[k - 1] == "ي"))):
            kinds.append("v")
            sounds.append(("a", ("eh", "ah") if ch == "ه" else ()))
        elif ch == "ي" and k == len(letters) - 2 and nxt == "ه" and not prev_vowel:  # final "ية": "iya"
            kinds.append("v")
            sounds.append(("iy", ()))
        elif ch == "و" and k == len(letters) - 2 and nxt == "ه" and not prev_vowel:  # "حلوة": "Hilwa"
            kinds.append("c")
            sounds.append(("w", ()))
        elif ch in "وي":
            vowel = not prev_vowel and (last or nxt not in "اوي")
            kinds.append("v" if vowel else "c")
            if not vowel:
                sounds.append(({"و": "w", "ي": "y"}[ch], ()))
            elif ch == "و":
                sounds.append(("u", ("o", "ou")))
            else:  # the first vowel of "بيت", "دير": often the diphthong ("Beit", "Bayt", "Deir")
                sounds.append(("i", ("ee", "ei", "ay") if k == 1 else ("ee",)))
        elif ch in _CONSONANTS:
            kinds.append("c")
            sounds.append((_CONSONANTS[ch], ()))
        else:
            return []  # not an Arabic letter we romanise: no guess
    # the unwritten short vowels: after the first consonant before another, and between two final ones
    if len(kinds) >= 3 and kinds[-1] == "c" and kinds[-2] == "c":
        sounds.insert(len(sounds) - 1, ("a", (*_UNWRITTEN, "")))  # or none: "Sabr", "Nasr"
    if len(kinds) >= 2 and kinds[0] == "c" and kinds[1] == "c":
        sounds.insert(1, ("a", _UNWRITTEN))
    return sounds
