"""Hostile inputs for every reader, as Hypothesis strategies (the fuzz test and bench/fuzz_readers.py).

Each strategy draws the bytes of one file: text in random bytes and encodings,
HTML with hostile and deeply nested markup, JSON Lines with broken, huge and
wrongly typed lines, and PDFs mutated from sound seeds. Sizes are bounded so an
input's reading time can be compared with a sound file of the same size.
All words in them are synthetic.
"""

from __future__ import annotations

import functools
import json

from hypothesis import strategies as st

import pdf_samples as pdfs

SUFFIX = {"txt": ".txt", "html": ".html", "jsonl": ".jsonl", "pdf": ".pdf"}

# --- plain text ------------------------------------------------------------------------------

ENCODINGS = [
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "cp1252",
    "cp1256",
    "iso8859-6",
    "cp1251",
    "koi8-r",
    "shift_jis",
    "gb18030",
    "big5",
    "mac_roman",
]
BOMS = [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"]


@st.composite
def spliced(draw: st.DrawFn, data: bytes, max_edits: int = 8) -> bytes:
    """`data` with random bytes written over, inserted or removed at random places."""
    out = bytearray(data)
    for _ in range(draw(st.integers(0, max_edits))):
        at = draw(st.integers(0, len(out)))
        junk = draw(st.binary(min_size=1, max_size=16))
        how = draw(st.sampled_from(["over", "insert", "delete"]))
        if how == "over":
            out[at : at + len(junk)] = junk
        elif how == "insert":
            out[at:at] = junk
        else:
            del out[at : at + len(junk)]
    return bytes(out)


@st.composite
def text_files(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["bytes", "encoded", "encoded", "spliced"]))
    if kind == "bytes":
        return draw(st.binary(max_size=6000))
    text = draw(st.text(max_size=1500))
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if draw(st.booleans()):
        data = draw(st.sampled_from(BOMS)) + data  # a BOM that may lie
    return draw(spliced(data)) if kind == "spliced" else data


# --- HTML ------------------------------------------------------------------------------------

TAGS = [
    "html",
    "head",
    "body",
    "div",
    "p",
    "span",
    "table",
    "tr",
    "td",
    "th",
    "ul",
    "ol",
    "li",
    "script",
    "style",
    "template",
    "svg",
    "math",
    "iframe",
    "noscript",
    "title",
    "meta",
    "a",
    "b",
    "i",
    "br",
    "img",
    "article",
    "main",
    "nav",
    "footer",
    "header",
    "h1",
    "h2",
    "form",
    "input",
    "select",
    "option",
    "textarea",
    "pre",
    "code",
    "blockquote",
    "object",
    "embed",
    "frameset",
    "frame",
    "xmp",
    "plaintext",
    "noembed",
]
ATTRIBUTES = [
    "class",
    "id",
    "style",
    "href",
    "src",
    "onerror",
    "onload",
    "lang",
    "charset",
    "content",
    "name",
    "property",
    "itemprop",
]
WORDS = st.sampled_from(
    [
        "synthetic",
        "truce",
        "convoy",
        "council",
        "valley",
        "made-up",
        "town",
        "report",
        "talks",
        "nine",
        "2017-03-08",
        ";&<>\"'",
    ]
)


def _text() -> st.SearchStrategy[str]:
    return st.lists(WORDS, max_size=12).map(" ".join) | st.text(max_size=40)


@st.composite
def _open_tag(draw: st.DrawFn) -> str:
    tag = draw(st.sampled_from(TAGS) | st.text(alphabet="abcxyz-:", min_size=1, max_size=8))
    attrs = []
    for _ in range(draw(st.integers(0, 4))):
        name = draw(st.sampled_from(ATTRIBUTES) | st.text(alphabet="abc-:", min_size=1, max_size=6))
        quote = draw(st.sampled_from(['"', "'", ""]))
        attrs.append(f"{name}={quote}{draw(_text())}{quote}")
    return f"<{tag}{' ' if attrs else ''}{' '.join(attrs)}{draw(st.sampled_from(['>', '/>', '']))}"


_PIECES = st.one_of(
    _open_tag(),
    st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
    _text(),
    st.sampled_from(
        [
            "<!--",
            "-->",
            "<!-- synthetic comment -->",
            "<![CDATA[",
            "]]>",
            "<!DOCTYPE html>",
            "<?xml version='1.0'?>",
            "&amp;",
            "&#x10FFFF;",
            "&#99999999;",
            "&nbsp",
            "&bogus;",
            "\x00",
            "\ufeff",
            "<meta charset='utf-16'>",
            "<meta http-equiv='Content-Type' content='text/html; charset=cp1256'>",
            "<meta property='article:published_time' content='2017-13-45T99:99'>",
            "<meta name='date' content='not a date'>",
            "<link rel='canonical' href='javascript:alert(1)'>",
            '<script type="application/ld+json">{"datePublished": [[[',
        ]
    ),
    st.text(alphabet="<>/=\"'&;!-[] \n", max_size=20),
)


@st.composite
def _nested(draw: st.DrawFn) -> str:
    """A tag opened hundreds or thousands of times, sometimes closed, around some text."""
    tag = draw(st.sampled_from(["div", "span", "table", "li", "b", "td", "a"]))
    depth = draw(st.integers(50, 3000))
    inner = draw(_text())
    closed = draw(st.booleans())
    return f"<{tag}>" * depth + f"<p>{inner}</p>" + (f"</{tag}>" * depth if closed else "")


@st.composite
def html_files(draw: st.DrawFn) -> bytes:
    pieces = draw(st.lists(_PIECES | _nested(), max_size=60))
    markup = "".join(pieces)
    if draw(st.booleans()):
        markup = "<html><head><title>Synthetic</title></head><body>" + markup
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "cp1252", "utf-16", "cp1256"]))
    return markup.encode(encoding, errors="replace")


# --- JSON Lines -----------------------------------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
_FIELD = _JSON | _text()
_RECORDS = st.fixed_dictionaries(
    {},
    optional={
        "text": _text() | _FIELD,
        "title": _FIELD,
        "url": st.sampled_from(["https://example.org/a", "javascript:alert(1)", "file:///etc/passwd"])
        | _FIELD,
        "published": st.sampled_from(["2017-03-08", "2017-03-08T10:00:00+02:00", "8 March", "2017-02-30"])
        | _FIELD,
        "source": _FIELD,
        "language": st.sampled_from(["ar", "en-GB", "xx-yy-zz", ""]) | _FIELD,
        "confidential": _FIELD,
    },
)


@st.composite
def _broken(draw: st.DrawFn, line: str) -> str:
    at = draw(st.integers(0, len(line)))
    how = draw(st.sampled_from(["cut", "insert", "drop"]))
    if how == "cut":
        return line[:at]
    if how == "insert":
        return line[:at] + draw(st.sampled_from(['"', "{", "]", ",", "\\", "\\u", "\x00", "\n"])) + line[at:]
    return line[:at] + line[at + 1 :]


_LINES = st.one_of(
    _RECORDS.map(json.dumps),
    _RECORDS.map(lambda r: json.dumps(r, ensure_ascii=False)),
    _JSON.map(json.dumps),
    _RECORDS.map(json.dumps).flatmap(_broken),
    st.integers(1, 50_000).map(lambda n: "[" * n),
    st.integers(1, 200_000).map(lambda n: json.dumps({"text": "synthetic " * (n // 10 + 1)})),
    st.integers(4000, 20_000).map(lambda n: '{"text": "x", "title": ' + "9" * n + "}"),
    st.sampled_from(['{"text": "\\ud800 lone"}', '{"text": "a\\u0000b"}', '{"text": "  "}', "null", "   "]),
    _text(),
)


@st.composite
def jsonl_files(draw: st.DrawFn) -> bytes:
    lines = draw(st.lists(_LINES, min_size=1, max_size=12))
    text = draw(st.sampled_from(["\n", "\r\n", "\n\n"])).join(lines)
    return text.encode(draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16"])), errors="replace")


# --- PDF ------------------------------------------------------------------------------------


@functools.cache
def pdf_seeds() -> tuple[bytes, ...]:
    """Sound PDFs of several makes: plain pypdf pages, WeasyPrint, compressed raw objects with a form."""
    lines = [
        [f"Synthetic seed page {n}, line {i}, about a made-up truce." for i in range(6)] for n in (1, 2, 3)
    ]
    form = pdfs.stream(
        pdfs.shown("Text drawn by a synthetic form."),
        b"/Type /XObject /Subtype /Form /BBox [0 0 600 800] /Resources << /Font << /F1 3 0 R >> >> ",
        compress=True,
    )
    with_form = pdfs.raw_pdf(
        {
            1: pdfs.CATALOG,
            2: b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
            3: pdfs.FONT,
            4: pdfs.stream(pdfs.shown("A compressed synthetic page.") + b" /X1 Do", compress=True),
            5: pdfs.page(4, resources=b"/Font << /F1 3 0 R >> /XObject << /X1 6 0 R >>"),
            6: form,
        }
    )
    weasy = pdfs.weasy_pdf([f"Synthetic paragraph {i} of a fictional bulletin." for i in range(12)])
    return (pdfs.text_pdf(lines, title="Seed"), weasy, with_form)


_TOKENS = [
    b"<<",
    b">>",
    b"[",
    b"]",
    b" 0 R",
    b" 2 0 R",
    b"/Kids [2 0 R 2 0 R]",
    b"/Count 999999999",
    b"/Length 99999999999",
    b"/Filter /FlateDecode",
    b"/Filter [/ASCIIHexDecode /LZWDecode]",
    b"stream\n",
    b"endstream",
    b"endobj",
    b"obj",
    b"xref\n0 99999\n",
    b"trailer",
    b"startxref\n0\n",
    b"%%EOF",
    b"/Type /Pages",
    b"/Type /Page",
    b"/Parent 1 0 R",
    b"(unclosed",
    b"<zz>",
    b"/Encrypt << /Filter /Standard /V 9 >>",
    b"9" * 40,
    b"-1",
]


@st.composite
def pdf_files(draw: st.DrawFn) -> bytes:
    out = bytearray(draw(st.sampled_from(pdf_seeds())))
    for _ in range(draw(st.integers(1, 12))):
        # Past the %PDF- header mostly: a file without one is refused before any parsing.
        start = 0 if draw(st.integers(0, 39)) == 17 else min(9, len(out))
        at = draw(st.integers(start, len(out)))
        how = draw(st.sampled_from(["byte", "token", "cut", "delete", "repeat", "digits"]))
        if how == "byte":
            out[at : at + 1] = bytes([draw(st.integers(0, 255))])
        elif how == "token":
            out[at:at] = draw(st.sampled_from(_TOKENS))
        elif how == "cut":
            del out[max(at, 9) :]
        elif how == "delete":
            del out[at : at + draw(st.integers(1, 200))]
        elif how == "repeat":
            chunk = bytes(out[at : at + draw(st.integers(1, 400))])
            out[at:at] = chunk * draw(st.integers(1, 8))
        else:  # a number made huge or negative where one stood
            out[at:at] = draw(st.sampled_from([b"99999999", b"-7", b"0"]))
    return bytes(out)


FILES = {"txt": text_files(), "html": html_files(), "jsonl": jsonl_files(), "pdf": pdf_files()}


def sound_reference(kind: str) -> bytes:
    """A sound file at the top of the size range drawn for `kind`, on its slowest ordinary path."""
    if kind == "txt":  # not UTF-8: decoding goes through detection
        return ("نص تجريبي عن هدنة في بلدة خيالية. " * 140).encode("cp1256")
    if kind == "html":
        paragraphs = "".join(
            f"<p>Synthetic paragraph {i} about a made-up truce in a fictional town.</p>" for i in range(250)
        )
        page = (
            f"<html><head><title>Synthetic</title></head><body><article>{paragraphs}</article></body></html>"
        )
        return page.encode()
    if kind == "jsonl":
        records = [
            {"text": "synthetic words " * 2000, "title": f"Synthetic {i}", "published": "2017-03-08"}
            for i in range(12)
        ]
        return "\n".join(json.dumps(r) for r in records).encode()
    return pdf_seeds()[1]  # the WeasyPrint seed: compressed streams and embedded fonts
