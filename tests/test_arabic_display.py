"""Arabic evidence where people read it: in a real browser and on a rendered PDF page.

The world is the synthetic Waer data set plus one Arabic report whose source,
title, perpetrator (as the text names it) and evidence are Arabic, with a figure
and a date inside the evidence. Every Arabic sentence here is invented for this
test, not taken from any report.

Checked: the Arabic reads right-to-left (computed direction, and where the
glyphs land), the figures and dates inside it left-to-right, and the English
around it keeps its order; the situation PDF carries the Arabic words in an
embedded Arabic-capable font, laid out right-to-left. Screenshots and the
rasterised PDF pages go to artifacts/screenshots/ (kept by CI as artefacts).

A missing tool fails its test with one line saying what to install; only
TRUCEWATCH_TEST_SKIP=browser (the suite's loud opt-out) skips the browser test.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any, NoReturn

import pytest
from pypdf import PdfReader

from synthetic import SyntheticIds, seed_synthetic
from trucewatch.model import (
    Actor,
    ActorKind,
    ActorRole,
    Claim,
    Document,
    EventType,
    Precision,
    Quantity,
    QuantityKind,
    Reliability,
    Role,
    Source,
    Span,
    When,
)
from trucewatch.report import build_situation, html_to_pdf, render_report_html
from trucewatch.report.render import bidi, ltr, text_direction
from trucewatch.store import Store, add_document, open_store, replace_claims, upsert_actors
from trucewatch.store.accounts import add_user

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARABIC_FONT = "DejaVu Sans"  # the report's font (report/templates/situation.html); .ci/run installs it

# Invented for this test.
AR_SOURCE = "شبكة الرصد التجريبية"
AR_ACTOR = "مدفعية النظام"
AR_TITLE = "قصف على حي الوعر بعد ثلاثة أيام من الهدنة"
AR_EVIDENCE = "قصفت مدفعية النظام حي الوعر يوم 11 آذار 2017 وقتل 3 مدنيين"
# A Latin slug line first, as wire copy often has: the document as a whole starts left-to-right.
AR_TEXT = f"SYNTHETIC TEST NOTE (ar)\nقال ناشطون محليون إن {AR_EVIDENCE}، وفق ما نقلته الشبكة."
# Logical order of the evidence: drawn right to left, so each lies left of the one before.
AR_ORDER = ("قصفت", "مدفعية", "الوعر", "يوم", "11", "آذار", "2017", "وقتل", "3", "مدنيين")
AR_WORDS = ("قصفت", "مدفعية", "النظام", "الوعر", "آذار", "مدنيين", "الرصد")
AS_OF = dt.date(2017, 3, 12)
ANALYST = ("ana", "analyst-pass-1")


def _need(what: str) -> NoReturn:
    pytest.fail(f"missing {what}", pytrace=False)


def _seed_arabic(s: Any) -> tuple[SyntheticIds, str]:
    """The synthetic world and one Arabic report about Waer; returns the Arabic claim's id."""
    ids = seed_synthetic(s)
    upsert_actors(s, [Actor(AR_ACTOR, ActorKind.STATE, "government")])
    source = Source(AR_SOURCE, "outlet", Reliability.B)
    doc = Document(
        text=AR_TEXT,
        content_hash=hashlib.sha256(AR_TEXT.encode()).hexdigest(),
        title=AR_TITLE,
        published=dt.date(2017, 3, 11),
        language="ar",
        source=source,
    )
    doc_id = add_document(s, doc)[0]
    start = AR_TEXT.index(AR_EVIDENCE)
    claim = Claim(
        EventType.ATTACK_SHELLING,
        doc_id,
        (Span(doc_id, start, start + len(AR_EVIDENCE)),),
        When(dt.datetime(2017, 3, 11), Precision.DAY),
        "الوعر",
        ids.place_id,
        (ActorRole(AR_ACTOR, Role.PERPETRATOR),),
        (Quantity(QuantityKind.KILLED, 3),),
    )
    return ids, replace_claims(s, doc_id, "synthetic", "1", [claim])[0]


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        (AR_EVIDENCE, "rtl"),
        ("3 مدنيين قتلوا", "rtl"),  # a figure first: the first letter decides
        ("«الوعر»", "rtl"),
        ("Waer (الوعر)", "ltr"),
        ("\u2067abc\u2069 حمص", "rtl"),  # what is inside an isolate does not count
        ("2017-03-11", "ltr"),
        ("", "ltr"),
        (None, "ltr"),
    ],
)
def test_text_direction_is_that_of_the_first_strong_letter(text: str | None, direction: str) -> None:
    assert text_direction(text) == direction


def test_bidi_and_ltr_escape_what_they_isolate() -> None:
    hostile = '<script>x()</script> حمص "'
    assert str(bidi(hostile)) == '<bdi dir="ltr">&lt;script&gt;x()&lt;/script&gt; حمص &#34;</bdi>'
    assert str(bidi("حمص <b>")) == '<bdi dir="rtl">حمص &lt;b&gt;</bdi>'
    assert str(ltr("2017-03-09 – 2017-03-12")) == '<span dir="ltr">2017-03-09 – 2017-03-12</span>'


# --- the browser ----------------------------------------------------------------

# The box of `needle` (the first text node under `el` that holds it): [left, right, top].
_BOX = """(el, needle) => {
  const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walk.nextNode(); node; node = walk.nextNode()) {
    const i = node.data.indexOf(needle);
    if (i < 0) { continue; }
    const range = document.createRange();
    range.setStart(node, i);
    range.setEnd(node, i + needle.length);
    const b = range.getBoundingClientRect();
    return [b.left, b.right, b.top];
  }
  return null;
}"""


def _playwright() -> Any:
    if "browser" in {p.strip() for p in os.environ.get("TRUCEWATCH_TEST_SKIP", "").split(",")}:
        pytest.skip("TRUCEWATCH_TEST_SKIP=browser: the Arabic browser test IS NOT RUN")
    if not Path(CHROMIUM).is_file():
        _need(f"Chromium ({CHROMIUM}): apt-get install chromium")
    try:
        import playwright.sync_api
    except ImportError:
        _need("the playwright package: make install (pip install -e '.[dev]')")
    return playwright.sync_api


@pytest.fixture(scope="module")
def arabic_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, SyntheticIds, str]]:
    from browser_helpers import serving
    from trucewatch.api.app import create_app

    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('arabic') / 'web.db'}")
    with store.session() as s:
        ids, claim_id = _seed_arabic(s)
        add_user(s, ANALYST[0], "analyst", ANALYST[1])
    try:
        with serving(create_app(store, public_read=False)) as base:
            yield base, ids, claim_id
    finally:
        store.close()


def _direction(locator: Any) -> str:
    return str(locator.evaluate("el => getComputedStyle(el).direction"))


def _box(locator: Any, needle: str) -> tuple[float, float, float]:
    box = locator.evaluate(_BOX, needle)
    assert box is not None, f"{needle!r} is not shown"
    return box[0], box[1], box[2]


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_arabic_evidence_reads_right_to_left_in_the_browser(
    arabic_site: tuple[str, SyntheticIds, str],
) -> None:
    api = _playwright()
    from browser_helpers import chromium

    base, ids, claim_id = arabic_site
    with chromium(api) as browser:
        page = browser.new_context(viewport={"width": 1300, "height": 900}).new_page()
        page.goto(base + "/login")
        page.fill("input[name=name]", ANALYST[0])
        page.fill("input[name=password]", ANALYST[1])
        page.click("button[type=submit]")
        page.wait_for_url(base + "/")

        # The claim page: the document opens with a Latin line, the evidence is Arabic.
        page.goto(f"{base}/claims/{claim_id}")
        evidence = page.locator("mark.evidence")
        assert unicodedata.normalize("NFC", evidence.inner_text()) == AR_EVIDENCE
        assert _direction(evidence) == "rtl"
        assert _direction(page.locator("#title")) == "rtl"
        for english in ("h1", "dl.facts dt >> nth=0", "#source"):
            assert _direction(page.locator(english)) == "ltr", english
        # Right to left word by word, on one line; the figure and the date inside left to right.
        boxes = [_box(evidence, word) for word in AR_ORDER]
        assert len({round(top) for _, _, top in boxes}) == 1, "the evidence should fit on one line"
        lefts = [left for left, _, _ in boxes]
        assert lefts == sorted(lefts, reverse=True), list(zip(AR_ORDER, lefts, strict=True))
        assert _box(evidence, "20")[0] < _box(evidence, "17")[0], "2017 is drawn 1720"
        # The English after the Arabic source name stays after it, left to right.
        source = page.locator("#source")
        assert _box(source, AR_SOURCE)[1] <= _box(source, "reliability")[0]
        assert _box(source, "reliability")[1] <= _box(source, "2017-03-11")[0]
        _shot(page, "arabic-1-claim")

        # A list page: the claims of one type at Waer, the Arabic one among them.
        page.goto(f"{base}/places/{ids.place_id}/claims?type=attack.shelling")
        row = page.locator("table.records tbody tr", has_text=AR_ACTOR)
        quote = row.locator("td.quote")
        assert unicodedata.normalize("NFC", quote.inner_text()) == AR_EVIDENCE
        assert _direction(quote) == "rtl"
        assert _direction(page.locator("table.records th", has_text="Evidence")) == "ltr"
        assert _direction(row.locator("td").first) == "ltr" and row.locator("td").first.inner_text() == (
            "2017-03-11"
        )
        # The source cell keeps "name (grade)" in English order.
        cell = row.locator("td").nth(3)
        assert _box(cell, AR_SOURCE)[1] <= _box(cell, "(B)")[0]
        _shot(page, "arabic-2-place-claims")

        # The ceasefire's violations: "<Arabic perpetrator>: 1" must not be drawn "1 :<Arabic>".
        page.goto(f"{base}/ceasefires/{ids.ceasefire_id}?as_of={AS_OF}")
        who = page.locator("li", has_text=AR_ACTOR)
        assert _box(who, AR_ACTOR)[1] <= _box(who, ":")[0], "the count jumped before the Arabic name"
        assert _direction(page.locator("table.records td.quote", has_text="مدفعية")) == "rtl"
        _shot(page, "arabic-3-ceasefire")
        page.context.close()


# --- the PDF --------------------------------------------------------------------


def _arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in unicodedata.normalize("NFKC", text))


def _fonts_of_arabic(reader: PdfReader) -> set[str]:
    """The embedded font (BaseFont) of every piece of Arabic text drawn on any page."""
    names: set[str] = set()

    def visit(text: str, _cm: Any, _tm: Any, font: Any, _size: Any) -> None:
        if font is not None and _arabic(text):
            face = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = face["/FontDescriptor"].get_object()
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            names.add(str(font["/BaseFont"]) + ("" if embedded else " (not embedded)"))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return names


def _walk(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _walk(child)


def _evidence_lines(html: str) -> tuple[Any, list[Any]]:
    """WeasyPrint's layout of the Arabic evidence cell: the cell and its lines' text boxes."""
    from weasyprint import HTML

    def refuse(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        raise ValueError(url)

    document = HTML(string=html, url_fetcher=refuse).render()
    for page in document.pages:
        for box in _walk(page._page_box):
            if type(box).__name__ == "TableCellBox" and "قصفت" in "".join(
                getattr(b, "text", "") for b in _walk(box)
            ):
                lines = [b for b in _walk(box) if type(b).__name__ == "TextBox"]
                return box, lines
    raise AssertionError("the Arabic evidence is not in the PDF's layout")


def test_situation_pdf_shows_arabic_shaped_in_an_arabic_font(tmp_path: Path) -> None:
    if shutil.which("fc-list") is None:
        _need("fontconfig: apt-get install fontconfig")
    families = subprocess.run(
        ["fc-list", ":lang=ar", "family"], capture_output=True, text=True, check=True
    ).stdout
    if ARABIC_FONT not in families:
        _need(f"the Arabic font of the PDF report ({ARABIC_FONT}): apt-get install fonts-dejavu-core")
    if shutil.which("pdftoppm") is None:
        _need("pdftoppm: apt-get install poppler-utils")

    store: Store = open_store(f"sqlite:///{tmp_path / 'report.db'}")
    try:
        with store.session() as s:
            _seed_arabic(s)
        with store.session() as s:
            html = render_report_html(build_situation(s, "Waer", until=AS_OF))
    finally:
        store.close()
    assert f'dir="rtl">{AR_EVIDENCE}</td>' in html
    assert f'<bdi dir="rtl">{AR_SOURCE}</bdi>' in html

    pdf = html_to_pdf(html)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "arabic-situation.pdf").write_bytes(pdf)
    reader = PdfReader(BytesIO(pdf))
    pages = [unicodedata.normalize("NFKC", p.extract_text()) for p in reader.pages]
    text = "\n".join(pages)
    missing = [w for w in AR_WORDS if w not in text]
    assert not missing, f"Arabic words not in the PDF's text: {missing}"
    assert "2017-03-11" in text and "Synthetic Outlet" in text  # the English around it is still there

    fonts = _fonts_of_arabic(reader)
    assert fonts, "no Arabic text drawn in the PDF"
    wanted = ARABIC_FONT.replace(" ", "")
    assert all(wanted in f.replace("-", "") and "not embedded" not in f for f in fonts), fonts

    # Laid out right to left: the cell is rtl and its text ends at the cell's right edge.
    cell, lines = _evidence_lines(html)
    assert cell.style["direction"] == "rtl"
    right = cell.content_box_x() + cell.width
    last = lines[-1]
    assert abs(last.position_x + last.width - right) < 1.0, "the Arabic evidence is not right-aligned"
    assert last.position_x > cell.content_box_x() + 1.0

    # The pages with Arabic on them, as pictures (the first page always).
    path = tmp_path / "situation.pdf"
    path.write_bytes(pdf)
    for i in sorted({0} | {i for i, p in enumerate(pages) if "مدفعية" in p}):
        stem = ARTIFACTS / f"arabic-situation-page-{i + 1}"
        page_no = str(i + 1)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                page_no,
                "-l",
                page_no,
                "-singlefile",
                str(path),
                str(stem),
            ],
            check=True,
        )
        assert stem.with_suffix(".png").stat().st_size > 5000


def test_the_interface_in_arabic_reads_right_to_left_in_the_browser(
    arabic_site: tuple[str, SyntheticIds, str],
) -> None:
    api = _playwright()
    from browser_helpers import chromium

    base, _, claim_id = arabic_site
    with chromium(api) as browser:
        page = browser.new_context(viewport={"width": 1300, "height": 900}).new_page()
        page.goto(base + "/login?lang=ar")
        assert page.locator("h1").inner_text() == "تسجيل الدخول"
        page.fill("input[name=name]", ANALYST[0])
        page.fill("input[name=password]", ANALYST[1])
        page.click("button[type=submit]")
        page.wait_for_url(base + "/")
        # the choice is remembered: the overview comes in Arabic, laid out right to left
        assert page.evaluate("document.documentElement.dir") == "rtl"
        assert page.evaluate("document.documentElement.lang") == "ar"
        assert _direction(page.locator("h1")) == "rtl" and "نظرة عامة" in page.locator("h1").inner_text()
        menu = page.locator("header.top nav").first
        first, second = menu.locator("a").nth(0), menu.locator("a").nth(1)
        assert first.inner_text() == "نظرة عامة" and second.inner_text() == "الخريطة"
        assert first.bounding_box()["x"] > second.bounding_box()["x"], "the menu runs right to left"
        _shot(page, "arabic-3-interface-overview")
        # a report's own words keep their direction inside the Arabic interface
        page.goto(f"{base}/claims/{claim_id}")
        assert _direction(page.locator("mark.evidence")) == "rtl"
        _shot(page, "arabic-4-interface-claim")
