"""Readers: every format into Documents, and every kind of bad input into one ReadFailure.

All sample texts here are synthetic, written for these tests.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import os
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from trucewatch.ingest import ReadFailure, ReadOptions, content_hash, iter_files, read_file
from trucewatch.ingest.decode import declared_html_charset, decode_text
from trucewatch.model import Document

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "corpus" / "syriadirect-2017-03-08-waer-surrender-talks.txt"

# Synthetic samples (our own words).
ARABIC = "نص تجريبي مكتوب للاختبار فقط: أعلنت لجنة محلية في بلدة خيالية عن هدنة لمدة ثلاثة أيام.\n"
FRENCH = "Texte synthétique : le comité a annoncé une trêve à Évreux ; les élèves étaient déjà réunis.\n"
GERMAN = "Synthetischer Text: Die Übergabe der Hilfsgüter verzögerte sich, größere Lieferungen folgen.\n"


def read_all(path: Path, options: ReadOptions | None = None) -> list[Document | ReadFailure]:
    return list(read_file(path, options or ReadOptions()))


def read_one(path: Path, options: ReadOptions | None = None) -> Document:
    results = read_all(path, options)
    assert len(results) == 1, results
    assert isinstance(results[0], Document), str(results[0])
    return results[0]


def fail_one(path: Path, options: ReadOptions | None = None) -> ReadFailure:
    results = read_all(path, options)
    assert len(results) == 1, results
    assert isinstance(results[0], ReadFailure), results[0]
    failure = results[0]
    assert failure.origin == str(path)
    assert "\n" not in failure.message and failure.message
    return failure


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def make_pdf(lines: list[str], title: str | None = None) -> bytes:
    """A real one-page PDF with a Helvetica text layer, built with pypdf."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=612, height=792)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    fonts = DictionaryObject({NameObject("/F1"): writer._add_object(font)})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
    ops = ["BT", "/F1 12 Tf", "72 720 Td", "14 TL"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({escaped}) Tj T*")
    ops.append("ET")
    stream = DecodedStreamObject()
    stream.set_data("\n".join(ops).encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    if title:
        writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- plain text ---------------------------------------------------------------------


def test_seed_report_round_trips_byte_for_byte() -> None:
    if not SEED.exists():
        pytest.skip(f"seed report not found at {SEED} (the shared folder beside the repo)")
    doc = read_one(SEED, ReadOptions(source="Syria Direct", published=dt.date(2017, 3, 8)))
    assert doc.text.encode("utf-8") == SEED.read_bytes()
    assert "\xa0" in doc.text  # the non-breaking spaces survive
    assert doc.origin == str(SEED)
    assert doc.published == dt.date(2017, 3, 8)
    assert doc.source is not None and doc.source.name == "Syria Direct"
    assert doc.content_hash == content_hash(SEED.read_text("utf-8"))


def test_text_is_kept_exactly_nbsp_crlf_and_tabs(tmp_path: Path) -> None:
    text = "  Synthetic\xa0line one.\r\n\tSecond\u2009line  \r\n\n"
    doc = read_one(write(tmp_path, "a.txt", text))
    assert doc.text == text
    assert doc.language == "en" and doc.title is None and doc.source is None and not doc.confidential


def test_markdown_is_kept_as_is_and_extension_case_is_ignored(tmp_path: Path) -> None:
    text = "# Synthetic heading\n\n* a *made-up* item\n"
    assert read_one(write(tmp_path, "notes.MD", text)).text == text
    assert read_one(write(tmp_path, "notes.Markdown", text)).text == text
    assert read_one(write(tmp_path, "NOTES.TXT", text)).text == text
    assert read_one(write(tmp_path, "notes.text", text)).text == text


def test_options_fill_language_source_date_and_confidential(tmp_path: Path) -> None:
    options = ReadOptions(
        source="Synthetic Wire", published=dt.date(2020, 1, 2), language="ar", confidential=True
    )
    doc = read_one(write(tmp_path, "a.txt", ARABIC), options)
    assert doc.language == "ar"
    assert doc.source is not None and doc.source.name == "Synthetic Wire"
    assert doc.published == dt.date(2020, 1, 2)
    assert doc.confidential and doc.is_confidential


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", "\xa0\u3000\n".encode()])
def test_empty_or_whitespace_file_is_one_failure(tmp_path: Path, data: bytes) -> None:
    failure = fail_one(write(tmp_path, "empty.txt", data))
    assert failure.reason == "empty"
    assert "empty" in failure.message


def test_binary_file_named_txt_is_refused(tmp_path: Path) -> None:
    png_like = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    assert fail_one(write(tmp_path, "image.txt", png_like)).reason == "binary"


def test_mostly_control_characters_without_nul_is_binary(tmp_path: Path) -> None:
    data = bytes(b for b in range(1, 32) if b not in b"\t\n\r\x0b\x0c") * 40 + b"some words"
    assert fail_one(write(tmp_path, "noise.txt", data)).reason == "binary"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (ARABIC, "cp1256"),
        ("هدنة في البلدة", "cp1256"),
        (FRENCH, "latin-1"),
        ("Trêve à Évreux", "latin-1"),
        (GERMAN, "latin-1"),
        (FRENCH, "cp1252"),
    ],
)
def test_legacy_encodings_decode_to_the_right_text(tmp_path: Path, text: str, encoding: str) -> None:
    data = text.encode(encoding)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the test is only meaningful if UTF-8 fails
    assert read_one(write(tmp_path, "legacy.txt", data)).text == text


def test_language_option_settles_a_few_ambiguous_legacy_bytes(tmp_path: Path) -> None:
    word = "سوريا"  # five cp1256 bytes: too short for detection alone
    path = write(tmp_path, "short.txt", word.encode("cp1256"))
    assert read_one(path, ReadOptions(language="ar")).text == word
    latin = write(tmp_path, "latin.txt", FRENCH.encode("latin-1"))
    assert read_one(latin, ReadOptions(language="ar")).text == FRENCH  # not valid cp1256: ignored


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_bom_is_honoured_and_removed(tmp_path: Path, bom: bytes, encoding: str) -> None:
    text = ARABIC + FRENCH
    doc = read_one(write(tmp_path, "bom.txt", bom + text.encode(encoding)))
    assert doc.text == text


# --- limits and paths --------------------------------------------------------------------


def test_file_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: no real data on disk
    tracemalloc.start()
    try:
        failure = fail_one(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert failure.reason == "too_large"
    assert "200.0 MB" in failure.message and "50.0 MB" in failure.message
    assert "TRUCEWATCH_MAX_FILE_MB" in failure.message and "--max-file-mb" in failure.message
    assert peak < 5 * 1024 * 1024  # the 200 MB were never loaded


def test_max_bytes_option_is_the_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "synthetic " * 20)  # 200 bytes
    assert fail_one(path, ReadOptions(max_bytes=199)).reason == "too_large"
    assert read_one(path, ReadOptions(max_bytes=200)).text == "synthetic " * 20


def test_missing_file_is_not_found_whatever_its_extension(tmp_path: Path) -> None:
    assert fail_one(tmp_path / "nope.txt").reason == "not_found"
    assert fail_one(tmp_path / "nope.xlsx").reason == "not_found"


def test_folder_passed_as_file_is_unreadable(tmp_path: Path) -> None:
    folder = tmp_path / "looks_like.txt"
    folder.mkdir()
    failure = fail_one(folder)
    assert failure.reason == "unreadable" and "folder" in failure.message


def test_broken_symlink_is_unreadable(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "gone.txt")
    failure = fail_one(link)
    assert failure.reason == "unreadable" and "link" in failure.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    failure = fail_one(pipe)
    assert failure.reason == "unreadable" and "regular file" in failure.message


@pytest.mark.skipif(
    os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root reads chmod 000 files"
)
def test_permission_denied_is_unreadable(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", "synthetic")
    path.chmod(0)
    try:
        failure = fail_one(path)
    finally:
        path.chmod(0o600)
    assert failure.reason == "unreadable" and "permission" in failure.message.lower()


def test_unknown_extension_is_unsupported(tmp_path: Path) -> None:
    failure = fail_one(write(tmp_path, "sheet.xlsx", b"PK\x03\x04"))
    assert failure.reason == "unsupported"
    assert ".xlsx" in failure.message and ".jsonl" in failure.message
    assert fail_one(write(tmp_path, "README", "synthetic")).reason == "unsupported"


def test_failure_prints_as_origin_and_message() -> None:
    failure = ReadFailure("a/b.txt", "empty", "the file is empty")
    assert str(failure) == "a/b.txt: the file is empty"


# --- HTML --------------------------------------------------------------------------------

PAGE = """<!doctype html>
<html lang="ar-SY"><head><meta charset="utf-8">
<title>Synthetic page title</title>
<meta property="og:site_name" content="Synthetic Outlet">
<meta property="article:published_time" content="2019-05-04T10:00:00+03:00">
<link rel="canonical" href="https://example.org/news/synthetic-story">
<script>var leaked = "SCRIPT_BODY";</script>
<style>.ad { content: "STYLE_BODY"; }</style>
</head><body>
<nav><a href="/">Home</a> | <a href="/about">About us</a></nav>
<article><h1>Synthetic page title</h1>
<p>A made-up crossing point reopened for two hours on a fictional morning, said a local committee.</p>
<p>Trucks waited at the gate while officials checked lists, according to the same synthetic account.</p>
</article>
<footer>All rights reserved, synthetic footer</footer>
</body></html>"""


def test_html_text_and_metadata_come_from_the_page(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path, "page.html", PAGE), ReadOptions(published=dt.date(2000, 1, 1)))
    assert "crossing point reopened" in doc.text and "Trucks waited" in doc.text
    for absent in ("SCRIPT_BODY", "STYLE_BODY", "leaked", "About us"):
        assert absent not in doc.text
    assert doc.title == "Synthetic page title"
    assert doc.published == dt.date(2019, 5, 4)  # the page's date wins over the option
    assert doc.url == "https://example.org/news/synthetic-story"
    assert doc.source is not None and doc.source.name == "Synthetic Outlet"
    assert doc.language == "ar"  # from <html lang>
    assert doc.content_hash == content_hash(doc.text)


def test_source_option_wins_over_site_name_and_date_option_fills(tmp_path: Path) -> None:
    page = PAGE.replace('<meta property="article:published_time" content="2019-05-04T10:00:00+03:00">', "")
    options = ReadOptions(source="Analyst upload", published=dt.date(2018, 2, 3), language="fr")
    doc = read_one(write(tmp_path, "page.htm", page), options)
    assert doc.source is not None and doc.source.name == "Analyst upload"
    assert doc.published == dt.date(2018, 2, 3)
    assert doc.language == "ar"  # the page says so; the option only fills gaps


HOSTILE = """<html><head><title>Hostile synthetic</title>
<meta property="og:url" content="javascript:alert('OGURL')"></head><body>
<p>Synthetic text that should survive the cleaning, describing a fictional calm night.</p>
<img src="x" onerror="alert('ONERROR')">
<a href="javascript:alert('JSLINK')">read more</a>
<div onclick="CLICKHANDLER()" onmouseover="HOVERHANDLER()">Clickable synthetic words.</div>
<svg><script>alert('SVGSCRIPT')</script></svg>
<iframe srcdoc="<p>IFRAMEDOC</p>"></iframe>
<template><p>TEMPLATEBODY</p></template>
<SCRIPT type="text/javascript">document.write('UPPERSCRIPT')</SCRIPT>
<script>/* unterminated script
</body></html>"""


def test_hostile_html_comes_out_as_plain_text(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path, "hostile.html", HOSTILE))
    assert "fictional calm night" in doc.text and "read more" in doc.text
    for bad in ("alert", "ONERROR", "JSLINK", "javascript", "CLICKHANDLER", "HOVERHANDLER", "SVGSCRIPT"):
        assert bad not in doc.text
    for bad in ("IFRAMEDOC", "TEMPLATEBODY", "UPPERSCRIPT", "unterminated", "<", "onerror"):
        assert bad not in doc.text
    assert doc.url is None  # a javascript: URL is never kept


def test_broken_tags_still_give_clean_text(tmp_path: Path) -> None:
    broken = (
        "<html><body><div><p>First synthetic <b><i>paragraph</b></i> with bad nesting"
        "<p>Second synthetic paragraph <span>never closed<script>evil('BROKEN')</script>"
        "<p>Third <unknown-tag attr=>synthetic</unknown-tag> paragraph</div></div></div>"
    )
    doc = read_one(write(tmp_path, "broken.html", broken))
    assert "First synthetic paragraph with bad nesting" in doc.text
    assert "Second synthetic paragraph" in doc.text and "Third" in doc.text
    assert "evil" not in doc.text and "<" not in doc.text


def test_html_fragment_without_document_structure_is_read(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path, "frag.html", "<p>A short synthetic note.</p>"))
    assert doc.text.strip() == "A short synthetic note."


def test_html_with_only_scripts_has_no_text(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Empty</title><script>run('x')</script></head>"
        "<body><script>a()</script></body></html>"
    )
    failure = fail_one(write(tmp_path, "app.html", page))
    assert failure.reason == "no_text"


def test_html_in_a_legacy_charset_decodes(tmp_path: Path) -> None:
    body = f"<p>{ARABIC}</p><p>{ARABIC}</p>"
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
    page = f"<html><head>{meta}</head><body>{body}</body></html>"
    doc = read_one(write(tmp_path, "ar.html", page.encode("cp1256")))
    assert ARABIC.strip() in doc.text


def test_declared_charset_decides_between_legacy_encodings() -> None:
    baltic = "Synthetic: Šiaulių žemė, ąčęėįšųūž."
    data = baltic.encode("cp1257")
    assert declared_html_charset(b'<html><head><meta charset="windows-1257">') == "windows-1257"
    assert decode_text(data, declared="windows-1257") == baltic
    assert decode_text(b"caf\xe9", declared="iso-8859-1") == "café"  # read as windows-1252, as browsers do


def test_html_with_an_unusable_date_falls_back_to_the_option(tmp_path: Path) -> None:
    page = PAGE.replace("2019-05-04T10:00:00+03:00", "sometime last spring")
    doc = read_one(write(tmp_path, "page.html", page), ReadOptions(published=dt.date(2018, 2, 3)))
    assert doc.published == dt.date(2018, 2, 3)


# --- PDF ---------------------------------------------------------------------------------


def test_real_pdf_text_layer_and_title(tmp_path: Path) -> None:
    data = make_pdf(["Synthetic line one (made up).", "Second synthetic line."], title="Synthetic PDF")
    doc = read_one(write(tmp_path, "report.PDF", data), ReadOptions(published=dt.date(2021, 6, 7)))
    assert "Synthetic line one (made up)." in doc.text and "Second synthetic line." in doc.text
    assert doc.text.index("line one") < doc.text.index("Second")
    assert doc.title == "Synthetic PDF"
    assert doc.published == dt.date(2021, 6, 7)


def test_text_file_named_pdf_is_not_pdf(tmp_path: Path) -> None:
    failure = fail_one(write(tmp_path, "fake.pdf", "just synthetic words, no PDF here"))
    assert failure.reason == "not_pdf"


def test_damaged_pdf_is_one_failure(tmp_path: Path) -> None:
    data = make_pdf(["Synthetic text."])
    failure = fail_one(write(tmp_path, "cut.pdf", data[:60]))
    assert failure.reason in {"bad_pdf", "no_text"}


def test_pdf_without_text_layer_says_to_ocr(tmp_path: Path) -> None:
    failure = fail_one(write(tmp_path, "scan.pdf", make_pdf([])))
    assert failure.reason == "no_text" and "OCR" in failure.message


# --- JSON Lines --------------------------------------------------------------------------


def test_jsonl_good_lines_land_and_each_bad_line_fails_with_its_number(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": "First synthetic report.", "title": "One", "published": "2017-03-08"}),
        "",
        "{not json",
        json.dumps({"title": "no text here"}),
        json.dumps(["a", "list"]),
        "   ",
        json.dumps(
            {"text": "Second synthetic\u2028report.", "url": "https://example.org/2", "source": "Wire"},
            ensure_ascii=False,
        ),
        json.dumps({"text": "Third.", "published": "the day after"}),
        json.dumps({"text": "Fourth.", "title": 42}),
        json.dumps({"text": "Fifth.", "published": "2017-03-09T23:30:00Z", "language": "ar"}),
    ]
    path = write(tmp_path, "batch.jsonl", "\n".join(lines) + "\n")
    results = read_all(path, ReadOptions(published=dt.date(2000, 1, 1)))
    docs = [r for r in results if isinstance(r, Document)]
    failures = {r.origin: r.reason for r in results if isinstance(r, ReadFailure)}
    assert [d.origin for d in docs] == [f"{path}:1", f"{path}:7", f"{path}:10"]
    assert failures == {
        f"{path}:3": "bad_json",
        f"{path}:4": "no_text",
        f"{path}:5": "bad_json",
        f"{path}:8": "bad_date",
        f"{path}:9": "bad_record",
    }
    first, second, fifth = docs
    assert first.title == "One" and first.published == dt.date(2017, 3, 8)
    assert second.text == "Second synthetic\u2028report."  # U+2028 is inside the text, not a line break
    assert second.published == dt.date(2000, 1, 1)  # the option fills
    assert second.source is not None and second.source.name == "Wire"
    assert fifth.published == dt.date(2017, 3, 9) and fifth.language == "ar"


def test_jsonl_bad_date_message_names_the_value(tmp_path: Path) -> None:
    path = write(tmp_path, "b.ndjson", json.dumps({"text": "Synthetic.", "published": "31/02/2017"}))
    (failure,) = read_all(path)
    assert isinstance(failure, ReadFailure) and failure.reason == "bad_date"
    assert "31/02/2017" in failure.message and "2017-03-08" in failure.message
    assert str(failure).startswith(f"{path}:1: ")


def test_jsonl_source_option_wins_and_confidential_is_never_lowered(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": "Synthetic A.", "source": "Their outlet", "confidential": True}),
        json.dumps({"text": "Synthetic B.", "url": "javascript:alert(1)"}),
    ]
    path = write(tmp_path, "c.jsonl", "\n".join(lines))
    a, b = read_all(path, ReadOptions(source="My source"))
    assert isinstance(a, Document) and isinstance(b, Document)
    assert a.source is not None and a.source.name == "My source"
    assert a.confidential and not b.confidential
    assert b.url is None
    a2, b2 = read_all(path, ReadOptions(confidential=True))
    assert isinstance(a2, Document) and isinstance(b2, Document) and a2.confidential and b2.confidential


def test_jsonl_rejects_nul_and_deep_nesting_per_line(tmp_path: Path) -> None:
    lines = [json.dumps({"text": "has\u0000nul"}), "[" * 100_000, json.dumps({"text": "Fine synthetic."})]
    results = read_all(write(tmp_path, "d.jsonl", "\n".join(lines)))
    kinds = [r.reason if isinstance(r, ReadFailure) else "doc" for r in results]
    assert kinds == ["bad_text", "bad_json", "doc"]


def test_jsonl_with_only_blank_lines_is_empty(tmp_path: Path) -> None:
    assert fail_one(write(tmp_path, "e.jsonl", "\n\n  \n")).reason == "empty"


# --- iter_files --------------------------------------------------------------------------


def test_iter_files_walks_folders_sorted_skipping_hidden(tmp_path: Path) -> None:
    root = tmp_path / "in"
    (root / "b").mkdir(parents=True)
    (root / "a").mkdir()
    (root / ".git").mkdir()
    for rel in ["z.txt", "b/2.html", "b/1.txt", "a/x.pdf", ".hidden.txt", ".git/config", "a/.DS_Store"]:
        write(root, rel, "synthetic")
    single = write(tmp_path, "single.md", "synthetic")
    results = list(iter_files([root, tmp_path / "missing", single, root / "z.txt"]))
    paths = [r for r in results if isinstance(r, Path)]
    failures = [r for r in results if isinstance(r, ReadFailure)]
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == [
        "in/z.txt",
        "in/a/x.pdf",
        "in/b/1.txt",
        "in/b/2.html",
        "single.md",
    ]  # root files first, then folders in order; in/z.txt named twice, yielded once
    assert [(f.origin, f.reason) for f in failures] == [(str(tmp_path / "missing"), "not_found")]


def test_iter_files_keeps_a_hidden_file_named_explicitly_and_a_broken_link(tmp_path: Path) -> None:
    hidden = write(tmp_path, ".notes.txt", "synthetic")
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "gone.txt")
    assert list(iter_files([hidden, link])) == [hidden, link]
    assert fail_one(link).reason == "unreadable"


def test_iter_files_reads_a_file_with_two_names_once(tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    report = write(root, "a.txt", "synthetic")
    (root / "b.txt").symlink_to(report)  # a second name in the same folder
    (root / "c.txt").hardlink_to(report)  # and a third
    write(root, "d.txt", "synthetic, another file")
    assert list(iter_files([root, report])) == [report, root / "d.txt"]


# --- content_hash ------------------------------------------------------------------------


def test_content_hash_ignores_whitespace_layout_and_unicode_composition() -> None:
    composed = "Trêve à Évreux.\nSecond line."
    decomposed = "Tre\u0302ve a\u0300 E\u0301vreux.  \r\n Second\xa0line.  "
    assert content_hash(composed) == content_hash(decomposed)
    assert content_hash(composed) != content_hash("Treve a Evreux. Second line.")
    assert len(content_hash(composed)) == 64 and int(content_hash(composed), 16) >= 0


# --- properties ----------------------------------------------------------------------------

_FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".html", ".jsonl", ".pdf", ".md"]))
def test_arbitrary_bytes_never_make_read_file_raise(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = write(tmp_path, f"fuzz{suffix}", data)
    results = list(read_file(path, ReadOptions()))
    assert results
    for result in results:
        assert isinstance(result, Document | ReadFailure)
        if isinstance(result, Document):
            assert result.content_hash == content_hash(result.text)
            assert "\x00" not in result.text


@_FUZZ
@given(markup=st.text(alphabet=st.sampled_from(list("<>/=\"' abc\nscript<p>onerror&;!-[]")), max_size=400))
def test_arbitrary_tag_soup_never_makes_read_file_raise(tmp_path: Path, markup: str) -> None:
    path = write(tmp_path, "soup.html", "<html><body>" + markup)
    for result in read_file(path, ReadOptions()):
        assert isinstance(result, Document | ReadFailure)


_TEXT = st.text(
    # No control characters and no U+FFFD: a "text" made mostly of those is refused as binary.
    alphabet=st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="\ufffd")
    | st.sampled_from("\n\t\r"),
    min_size=1,
    max_size=500,
).filter(lambda s: s.strip() != "")


@_FUZZ
@given(text=_TEXT)
def test_any_utf8_text_round_trips_exactly(tmp_path: Path, text: str) -> None:
    doc = read_one(write(tmp_path, "rt.txt", text.encode("utf-8")))
    expected = text[1:] if text.startswith("\ufeff") else text  # a leading BOM is not text
    assert doc.text == expected


@_FUZZ
@given(text=_TEXT)
def test_any_text_in_a_jsonl_record_round_trips(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, "rt.jsonl", json.dumps({"text": text}, ensure_ascii=False))
    (doc,) = read_all(path)
    assert isinstance(doc, Document) and doc.text == text


_PDF = make_pdf(["Synthetic fuzz seed line."], title="Fuzz")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.integers(0, len(_PDF) - 1), st.integers(0, 255)), min_size=1, max_size=20))
def test_corrupted_pdf_never_makes_read_file_raise(tmp_path: Path, edits: list[tuple[int, int]]) -> None:
    data = bytearray(_PDF)
    for index, value in edits:
        data[index] = value
    path = write(tmp_path, "corrupt.pdf", bytes(data))
    results = list(read_file(path, ReadOptions()))
    assert len(results) == 1 and isinstance(results[0], Document | ReadFailure)
