"""The web interface's languages: message catalogues (Babel, gettext .po files under web/locale/)
and the direction each is written in.

A page is in the language the reader chose (`?lang=ar`, kept in a cookie), else the first of
their browser's languages the interface has, else English. Labels go through `_()` in the
templates; report text keeps its own language and direction whatever the interface's (the
`bidi` filter). A new language is one catalogue: web/locale/<code>/LC_MESSAGES/messages.po
(`make messages` extracts the labels from the templates), and a line in LANGUAGES.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from gettext import NullTranslations
from importlib import resources

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

__all__ = ["COOKIE", "DEFAULT", "LANGUAGES", "N_", "Language", "choose", "translations"]


def N_(label: str) -> str:
    """gettext's name for "mark for translation, translate later": `make messages` collects the
    label, the page translates it (a menu label, an error page's message)."""
    return label


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in the language itself
    direction: str  # ltr or rtl


LANGUAGES = {"en": Language("en", "English", "ltr"), "ar": Language("ar", "العربية", "rtl")}
DEFAULT = "en"
COOKIE = "tw_lang"


def choose(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The interface language: the one asked for, else the remembered one, else the browser's."""
    for asked in (query, cookie):
        if asked in LANGUAGES:
            return asked
    for part in (accept_language or "").split(","):  # "ar-SY,ar;q=0.9,en;q=0.8": in order given
        code = part.split(";")[0].strip().split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return DEFAULT


@cache
def translations(code: str) -> NullTranslations:
    """The catalogue of `code`, compiled from its .po file once per process (English: the labels)."""
    if code == DEFAULT or code not in LANGUAGES:
        return NullTranslations()
    path = resources.files("trucewatch.web").joinpath("locale", code, "LC_MESSAGES", "messages.po")
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(fp=compiled)
