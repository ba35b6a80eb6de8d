"""Which language a text is in, when its source does not say: a rule on the letters' script.

The extractor has packs for English and Arabic, which are written in different
scripts, so the script of most letters decides: Arabic script is Arabic unless
letters only Persian or Urdu use are frequent (then "fa"/"ur", read with the
English fallback like any language without a pack), Cyrillic is Russian or
Ukrainian by the letters only Ukrainian uses, Latin is English. The rule never
loads a model; texts of other Latin-script languages are called English, which
is what the extractor would read them with anyway.
"""

from __future__ import annotations

import re

__all__ = ["detect_language"]

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_PERSIAN_ONLY = re.compile(r"[پچژگکی]")  # letters Arabic does not use (ک ی: Persian kaf, yeh)
_URDU_ONLY = re.compile(r"[ٹڈڑںےھ]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UKRAINIAN_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_SAMPLE = 20_000  # characters read: a language shows in the opening of a text


def detect_language(text: str, default: str = "en") -> str:
    """The ISO 639-1 code of the script-majority language of `text`; `default` when it has no letters."""
    sample = text[:_SAMPLE]
    if sample.isascii():
        return "en" if _LATIN.search(sample) else default
    arabic = len(_ARABIC_SCRIPT.findall(sample))
    cyrillic = len(_CYRILLIC.findall(sample))
    latin = len(_LATIN.findall(sample))
    if not arabic and not cyrillic and not latin:
        return default
    if arabic >= max(cyrillic, latin):
        urdu, persian = len(_URDU_ONLY.findall(sample)), len(_PERSIAN_ONLY.findall(sample))
        if max(urdu, persian) * 50 >= arabic:  # more than 2% of the letters
            return "ur" if urdu > persian else "fa"
        return "ar"
    if cyrillic >= latin:
        return "uk" if len(_UKRAINIAN_ONLY.findall(sample)) * 100 >= cyrillic else "ru"
    return "en"
