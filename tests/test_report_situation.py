"""Situation reports: HTML and PDF with the compliance table and chart; hostile text stays text."""

from __future__ import annotations

import datetime as dt
import subprocess
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

import tools
from databases import migrated_sqlite
from synthetic import HOSTILE_MARKUP, seed_synthetic
from trucewatch.cli import app
from trucewatch.cli import commands as _commands  # noqa: F401  registers the verbs
from trucewatch.report import build_situation, html_to_pdf, render_report_html
from trucewatch.store import Store

AS_OF = dt.date(2017, 3, 10)


class _Tags(HTMLParser):
    """Every start tag with its attributes, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


@pytest.fixture
def report_html(store: Store) -> str:
    with store.session() as s:
        seed_synthetic(s, hostile=True)
    with store.session() as s:
        return render_report_html(build_situation(s, "Waer", until=AS_OF))


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_report_html_has_compliance_status_access_and_sources(report_html: str) -> None:
    assert "194 of 7,300 detainees released — 2.7 %" in report_html
    assert f"{(AS_OF - dt.date(2016, 10, 26)).days} days since the last aid delivery" in report_html
    assert "violated" in report_html  # one shelling after the start
    assert "Synthetic Outlet" in report_html
    assert 'class="bar-after"' in report_html and 'class="bar-before"' in report_html


def test_report_withholds_confidential_sources_unless_allowed(store: Store) -> None:
    with store.session() as s:
        seed_synthetic(s)
    with store.session() as s:
        hidden = render_report_html(build_situation(s, "Waer", until=AS_OF))
        shown = render_report_html(build_situation(s, "Waer", until=AS_OF, show_confidential=True))
    assert "Anonymous negotiator" not in hidden and "Government artillery" not in hidden
    assert "confidential source" in hidden
    assert "Anonymous negotiator" in shown and "Government artillery" in shown


def test_hostile_text_is_shown_as_text_in_the_html(report_html: str) -> None:
    parser = _Tags()
    parser.feed(report_html)
    assert not [t for t, _ in parser.tags if t in ("script", "img", "a", "iframe", "object")]
    for _, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on")
            assert "javascript:" not in (value or "")
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in report_html


def test_pdf_renders_with_compliance_table_chart_and_hostile_text_as_text(
    report_html: str, tmp_path: Path
) -> None:
    pdf = html_to_pdf(report_html)
    text = _pdf_text(pdf)
    flat = " ".join(text.split())
    assert "194 of 7,300 detainees released" in flat and "2.7 %" in flat
    assert "Agreements and compliance" in flat
    assert "Attacks per day" in flat and "ceasefire start" in flat  # the chart's caption and SVG label
    assert "<script>window.__pwned = 1</script>" in flat
    tools.require("pdftoppm")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")], check=True
    )
    pngs = list(tmp_path.glob("page*.png"))
    assert pngs and pngs[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and pngs[0].stat().st_size > 5000


def test_report_cli_writes_html_and_pdf(tmp_path: Path) -> None:
    from trucewatch.store import open_store

    db = tmp_path / "r.db"
    with open_store(migrated_sqlite(db)) as st, st.session() as s:
        seed_synthetic(s, hostile=True)
    runner = CliRunner()
    for name in ("r.html", "r.pdf"):
        out = tmp_path / name
        args = ["--db", str(db), "report", "--place", "Waer", "--to", "2017-03-10", "--output", str(out)]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    assert (
        HOSTILE_MARKUP.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
        in (tmp_path / "r.html").read_text()
    )
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    missing = runner.invoke(
        app, ["--db", str(db), "report", "--place", "Atlantis", "-o", str(tmp_path / "x.pdf")]
    )
    assert missing.exit_code == 1
    wrong = runner.invoke(app, ["--db", str(db), "report", "--place", "Waer", "-o", str(tmp_path / "x.docx")])
    assert wrong.exit_code == 2
