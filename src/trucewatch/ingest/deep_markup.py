"""Pages nested hundreds of levels deep: flattened before extraction, so no text is lost or slow.

Broken pages (a <div> or <font> never closed, one more level per line) and
crafted ones nest hundreds of levels deep. Two things then go wrong in
trafilatura: its parser stops at depth 256 and silently drops the rest of the
page, and its link-density test walks, for each block element, every link below
it (work = the sum of link depths), so an 18 KB page of nested links takes 18 s.
Such pages are parsed here without the depth limit, and what lies deeper than
MAX_DEPTH is unwrapped into the text of its ancestor at that depth (scripts,
styles and comments dropped first, a line break kept where a block ended).
Every other page goes to trafilatura untouched: real pages nest a few dozen deep.
"""

from __future__ import annotations

import contextlib

import lxml.html
from lxml import etree

MAX_DEPTH = 48
WORK_LIMIT = 100_000  # sum of link depths; a page of 500 links 30 deep is 15,000
_TRUNCATED_AT = 255  # the depth past which trafilatura's parser drops the rest of a page
_PARSER = lxml.html.HTMLParser(huge_tree=True)
_HIDDEN = ("script", "style", "template", "noscript")
_BLOCKS = frozenset(
    ("p", "div", "br", "li", "dd", "tr", "td", "th", "h1", "h2", "h3", "h4", "pre", "blockquote")
)


def tamed(markup: str) -> str:
    """`markup` itself, or flattened below MAX_DEPTH if it nests deep enough to lose text or time."""
    if markup.count("<") <= MAX_DEPTH:  # too few tags to nest that deep
        return markup
    try:
        tree = lxml.html.document_fromstring(markup, parser=_PARSER)
    except (ValueError, etree.ParserError):  # trafilatura reports what it cannot parse
        return markup
    deep: list[lxml.html.HtmlElement] = []
    work = depth = deepest = 0
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        if event == "end":
            depth -= 1
            continue
        depth += 1
        deepest = max(deepest, depth)
        if element.tag == "a":
            work += depth
        if depth == MAX_DEPTH + 1:
            deep.append(element)
    if deepest <= _TRUNCATED_AT and work <= WORK_LIMIT:
        return markup
    try:
        for element in deep:
            _unwrap_inside(element)
        return str(lxml.html.tostring(tree, encoding="unicode"))
    except (ValueError, etree.LxmlError):  # left as it was: the time limit still bounds it
        return markup


def _unwrap_inside(element: lxml.html.HtmlElement) -> None:
    etree.strip_elements(element, *_HIDDEN, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    for inner in element.iterdescendants():
        if inner.tag in _BLOCKS:  # a line break where the block starts: nested blocks end together
            with contextlib.suppress(ValueError):  # text lxml cannot set back (control characters)
                if inner.tag == "br":
                    inner.tail = "\n" + (inner.tail or "")
                else:
                    inner.text = "\n" + (inner.text or "")
    etree.strip_tags(element, "*")
