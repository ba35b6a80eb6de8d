"""HTML to clean text and page metadata, with trafilatura.

trafilatura parses once and gives both the main text (boilerplate, scripts,
styles and attributes such as event handlers never reach it) and the page's own
metadata (title, date, canonical URL, site name). Dates come only from the page's
markup (meta tags, structured data, URL), never guessed from the body text: the
publication date anchors every relative date in the report.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
from dataclasses import dataclass
from typing import Any

import trafilatura

from trucewatch.ingest.deep_markup import tamed
from trucewatch.ingest.failures import ReadProblem

# trafilatura logs every page it rejects; our ReadFailure already says it, so keep its
# chatter off stderr unless the application configures logging.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

_DATE_PARAMS: dict[str, Any] = {"extensive_search": False, "original_date": True}
_DOCUMENT_TAG = re.compile(r"<(?:html|head|body)\b", re.I)
_HTML_LANG = re.compile(r"""<html\b[^>]{0,500}?\blang\s*=\s*["']?\s*([A-Za-z]{2,3})\b""", re.I)


@dataclass(frozen=True, slots=True)
class HtmlPage:
    text: str
    title: str | None = None
    date: str | None = None  # ISO date as trafilatura/htmldate normalise it
    url: str | None = None
    sitename: str | None = None
    language: str | None = None  # primary subtag of <html lang>


def extract_html(markup: str) -> HtmlPage:
    """Main text and metadata of one page; ReadProblem if nothing readable is left."""
    try:
        page = _bare(tamed(markup), metadata=True)
        text = _text_of(page)
        if not text.strip() and not _DOCUMENT_TAG.search(markup):
            # trafilatura rejects bare fragments ("<p>x</p>", plain words); parse them wrapped.
            text = _text_of(_bare(tamed(f"<html><body><div>{markup}</div></body></html>"), metadata=False))
    except Exception as exc:  # hostile markup can break the parser in many ways
        raise ReadProblem("bad_html", f"the HTML could not be parsed ({type(exc).__name__})") from exc
    if not text.strip():
        raise ReadProblem(
            "no_text",
            "the page has no readable text once scripts, styles and boilerplate are removed; "
            "check that it is the article itself, not an index or a script-rendered page",
        )
    lang = _HTML_LANG.search(markup[:4096])
    return HtmlPage(
        text=text,
        title=getattr(page, "title", None),
        date=getattr(page, "date", None),
        url=getattr(page, "url", None),
        sitename=getattr(page, "sitename", None),
        language=lang.group(1).lower() if lang else None,
    )


@functools.cache
def warm_up() -> None:
    """Load what trafilatura loads on its first page (0.5 s), once, here: each reading worker
    is forked from this process and starts with it loaded, even one replaced after a timeout."""
    with contextlib.suppress(ReadProblem):
        extract_html("<html><head><title>t</title></head><body><p>A first page, read once.</p></body></html>")


def _bare(markup: str, *, metadata: bool) -> Any:
    return trafilatura.bare_extraction(
        markup,
        with_metadata=metadata,
        include_comments=False,  # reader comments are not the report
        include_images=False,
        include_links=False,
        date_extraction_params=_DATE_PARAMS,
        prune_xpath=["//template"],  # inert markup a browser never shows
    )


def _text_of(page: Any) -> str:
    text = getattr(page, "text", None) if page is not None else None
    return text if isinstance(text, str) else ""
