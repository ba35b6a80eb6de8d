"""Rendering: the Jinja environment (autoescape always on), HTML and PDF.

Document text, source names and titles are hostile: they are only ever
inserted as autoescaped text. No template uses |safe on stored data.

Text from a report (a quote, a title, a source, a place or actor as the text
writes it) may be Arabic inside an English page. The `bidi` filter isolates it
in a <bdi> whose direction is that of its first strong letter (what
dir="auto" does; given explicitly because WeasyPrint does not read
dir="auto"), so it reads right-to-left and does not reorder the English,
numbers and punctuation around it. `ltr` isolates a figure or date we render
so it stays left-to-right whatever surrounds it.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from functools import lru_cache
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from trucewatch.ledger import Compliance
from trucewatch.ledger.figures import figure_text, share_prefix
from trucewatch.model import ActionKind, When
from trucewatch.wording import counted

DONE_VERB: dict[ActionKind, str] = {
    ActionKind.RELEASE_DETAINEES: "released",
    ActionKind.EVACUATE: "evacuated",
    ActionKind.ALLOW_AID: "delivered",
    ActionKind.LIFT_SIEGE: "lifted",
    ActionKind.WITHDRAW: "withdrawn",
    ActionKind.HAND_OVER_WEAPONS: "handed over",
    ActionKind.CEASE_FIRE: "observed",
    ActionKind.OTHER: "done",
}


def number(value: int | float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,}"


def percent(share: float | None) -> str:
    """2.7 % for 194 / 7,300 (one decimal; never rounds a non-zero share to 0)."""
    if share is None:
        return "–"
    pct = share * 100
    if 0 < pct < 0.1:
        return "< 0.1 %"
    return f"{pct:.1f} %"


def compliance_phrase(c: Compliance) -> str:
    """ "194 of more than 7,300 detainees released — at most 2.7 %" (plain text; the template escapes
    it): every figure keeps the qualifier its source gives."""
    unit = c.unit.value if c.unit else "times"
    verb = DONE_VERB.get(c.commitment.action, "done")
    done = figure_text(c.delivered, c.delivered_qualifier, words=True)
    if c.target is None:
        return f"{done} {unit} {verb}"
    target = figure_text(c.target, c.target_qualifier, words=True)
    share = _SHARE_WORDS[share_prefix(c.delivered_qualifier, c.target_qualifier)]
    return f"{done} of {target} {unit} {verb} — {share}{percent(c.share)}"


_SHARE_WORDS = {"": "", "≥ ": "at least ", "≤ ": "at most ", "~": "about "}


def bar_percent(share: float | None) -> float:
    """Width of a compliance bar, 0–100."""
    return 0.0 if share is None else round(min(max(share, 0.0), 1.0) * 100, 1)


def when_text(when: When | None) -> str:
    if when is None:
        return "undated"
    text = when.iso()
    if when.open_ended:
        return f"since {text}"
    if when.end is not None:
        return f"{text} – {when.end.date().isoformat()}"
    return text


def date_text(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


_ISOLATE_OPEN = frozenset({"LRI", "RLI", "FSI"})


def text_direction(text: str | None) -> str:
    """ "rtl" when the first strong letter is right-to-left (Arabic, Hebrew ...), else "ltr".

    The Unicode bidi algorithm's rule for a paragraph's direction (P2, P3),
    which is also what dir="auto" does: characters inside isolates are skipped,
    and text with no strong letter (a figure, a dash) is "ltr".
    """
    depth = 0
    for ch in text or "":
        kind = unicodedata.bidirectional(ch)
        if kind in _ISOLATE_OPEN:
            depth += 1
        elif kind == "PDI":
            depth = max(depth - 1, 0)
        elif depth == 0 and kind == "L":
            return "ltr"
        elif depth == 0 and kind in ("R", "AL"):
            return "rtl"
    return "ltr"


def bidi(text: object) -> Markup:
    """Text from a report, escaped and isolated in its own direction (see the module docstring)."""
    value = "" if text is None else str(text)
    return Markup('<bdi dir="{}">{}</bdi>').format(text_direction(value), escape(value))


def ltr(text: object) -> Markup:
    """A figure or date we render, escaped and kept left-to-right inside any surrounding text."""
    return Markup('<span dir="ltr">{}</span>').format(escape("" if text is None else str(text)))


def configure(env: Environment) -> Environment:
    env.filters.update(
        textdir=text_direction,
        bidi=bidi,
        ltr=ltr,
        number=number,
        percent=percent,
        compliance=compliance_phrase,
        bar_percent=bar_percent,
        when=when_text,
        date=date_text,
        counted=counted,
    )
    return env


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The one environment for reports; the web package builds its own with this loader chained."""
    env = Environment(
        loader=ChoiceLoader([PackageLoader("trucewatch.report", "templates")]),
        autoescape=True,  # everything, whatever the template's extension
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return configure(env)


def render_report_html(report: Any, *, lang: str = "en", direction: str = "ltr") -> str:
    return environment().get_template("situation.html").render(report=report, lang=lang, dir=direction)


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    # A report never loads anything from outside itself (no network, no local files).
    raise ValueError(f"refusing to fetch {url!r} while rendering a PDF")


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # heavy; imported only when a PDF is wanted

    pdf = HTML(string=html, url_fetcher=_no_fetch).write_pdf()
    assert pdf is not None
    return bytes(pdf)
