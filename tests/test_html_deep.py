"""Pages nested hundreds of levels deep are flattened before extraction; other pages are not touched."""

from __future__ import annotations

import lxml.html
from lxml import etree

from trucewatch.ingest.deep_markup import MAX_DEPTH, tamed
from trucewatch.ingest.html import extract_html

PARAGRAPH = "<p>Synthetic words about a made-up truce in a fictional valley.</p>"
HUGE = lxml.html.HTMLParser(huge_tree=True)


def depth_of(markup: str) -> int:
    deepest = depth = 0
    for event, _ in etree.iterwalk(
        lxml.html.document_fromstring(markup, parser=HUGE), events=("start", "end")
    ):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def unclosed_rows(lines: int = 1200) -> str:
    """A broken page whose <div> rows are never closed: each line nests one level deeper."""
    rows = "".join(
        f"<div class=row>Synthetic line {i} of a made-up bulletin.<script>var x{i};</script>"
        for i in range(lines)
    )
    return f"<html><head><title>Broken</title></head><body>{PARAGRAPH}{rows}</body></html>"


def test_text_past_depth_256_of_a_broken_page_is_kept() -> None:
    markup = unclosed_rows()
    assert depth_of(markup) > 1000
    flat = tamed(markup)
    assert depth_of(flat) <= MAX_DEPTH + 1
    lines = extract_html(markup).text.splitlines()
    # The parser alone stops near line 250; flattened, the rest is kept, a line each.
    assert "Synthetic line 600 of a made-up bulletin." in lines
    assert "Synthetic line 1199 of a made-up bulletin." in lines
    assert not [line for line in lines if "var x" in line]


def test_links_nested_hundreds_deep_are_flattened() -> None:
    links = "<a href='/n'>made-up link " * 2000  # 2,000 links under 240 open <div>s: 480,000 link-depth
    markup = "<html><body>" + PARAGRAPH + "<div>" * 240 + links
    flat = tamed(markup)
    assert flat != markup and depth_of(flat) <= MAX_DEPTH + 1
    assert extract_html(markup).text.count("made-up link") >= 1900


def test_an_ordinary_page_goes_to_trafilatura_untouched() -> None:
    links = "".join(f"<li><a href='/a{i}'>Synthetic link {i}</a></li>" for i in range(800))
    markup = f"<html><body><article>{PARAGRAPH * 20}<ul>{links}</ul></article></body></html>"
    assert tamed(markup) is markup
    nested = "<html><body>" + "<div>" * 200 + PARAGRAPH + "</div>" * 200 + "</body></html>"
    assert tamed(nested) is nested  # deep, but within the parser's reach and without links


def test_markup_lxml_refuses_is_left_to_trafilatura() -> None:
    declared = (
        "<?xml version='1.0' encoding='utf-8'?><html><body>" + "<div>" * 300 + PARAGRAPH + "</body></html>"
    )
    assert tamed(declared) is declared
    assert tamed("") == ""
