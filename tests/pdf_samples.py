"""Synthetic PDFs for the reader tests: sound ones, and damaged or crafted ones built byte by byte.

Every text in them is made up for the tests.
"""

from __future__ import annotations

import io
import zlib

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject


def text_pdf(pages: list[list[str]], title: str | None = None) -> bytes:
    """A sound PDF made with pypdf: one page per list of lines, Helvetica text layer."""
    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    font_ref = writer._add_object(font)
    for lines in pages:
        page = writer.add_blank_page(width=612, height=792)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font_ref})}
        )
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


def weasy_pdf(paragraphs: list[str]) -> bytes:
    """A sound PDF as WeasyPrint makes it (compressed streams, embedded font subsets)."""
    from weasyprint import HTML

    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return bytes(HTML(string=f"<html><body>{body}</body></html>").write_pdf())


# --- built byte by byte -------------------------------------------------------------------

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"


def raw_pdf(objects: dict[int, bytes], root: int = 1) -> bytes:
    """A PDF file of these numbered objects, with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        if number in offsets:
            out += b"%010d 00000 n \n" % offsets[number]
        else:
            out += b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"", *, compress: bool = False) -> bytes:
    if compress:
        data, extra = zlib.compress(data, 9), b"/Filter /FlateDecode " + extra
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def page(contents: int, parent: int = 2, resources: bytes = b"/Font << /F1 3 0 R >>") -> bytes:
    return (
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources << %s >> /Contents %d 0 R >>"
        % (
            parent,
            resources,
            contents,
        )
    )


def shown(text: str) -> bytes:
    """A content stream that shows one line of text."""
    return b"BT /F1 12 Tf 72 720 Td (" + text.encode("latin-1") + b") Tj ET"


def pages_pdf(contents: list[bytes]) -> bytes:
    """One page per content stream given, as raw objects (a content stream may be made broken)."""
    objects = {1: CATALOG, 3: FONT}
    kids = []
    for i, content in enumerate(contents):
        page_no, content_no = 10 + 2 * i, 11 + 2 * i
        objects[page_no] = page(content_no)
        objects[content_no] = content
        kids.append(b"%d 0 R" % page_no)
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    return raw_pdf(objects)


# --- crafted: small files that make a reader loop or work for ever -------------------------


def looping_page_tree() -> bytes:
    """Two page-tree nodes, each the other's kid."""
    return raw_pdf(
        {
            1: CATALOG,
            2: b"<< /Type /Pages /Kids [6 0 R] /Count 1 >>",
            6: b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
        }
    )


def repeated_pages(depth: int = 13) -> bytes:
    """Page-tree nodes that list the next node twice: 2**depth pages from a 2 KB file."""
    objects = {
        1: b"<< /Type /Catalog /Pages 20 0 R >>",
        3: FONT,
        4: stream(shown("Repeated synthetic page.")),
    }
    for level in range(depth):
        objects[20 + level] = b"<< /Type /Pages /Kids [%d 0 R %d 0 R] /Count 2 >>" % (21 + level, 21 + level)
    objects[20 + depth] = b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>"
    objects[5] = page(4, parent=20 + depth)
    return raw_pdf(objects)


def huge_declared_length() -> bytes:
    content = shown("Synthetic text behind a false length.")
    return pages_pdf([b"<< /Length 99999999999 >>\nstream\n" + content + b"\nendstream"])


def flate_bomb() -> bytes:
    """A page whose content inflates from about 200 KB to 200 MB."""
    return pages_pdf([stream(b" " * 200_000_000, compress=True)])


def tiny_dense_content() -> bytes:
    """A 1 KB file whose one page unpacks into 30,000 text-showing instructions."""
    return pages_pdf([stream(b"BT /F1 12 Tf " + b"(a) Tj " * 30_000 + b"ET", compress=True)])


def dense_content_bomb() -> bytes:
    """A 30 KB page that unpacks into three million text-showing instructions."""
    return pages_pdf([stream(b"BT /F1 12 Tf " + b"(a) Tj " * 3_000_000 + b"ET", compress=True)])


def shared_heavy_content(pages: int = 300, instructions: int = 100_000) -> bytes:
    """Hundreds of distinct pages drawing one stream of many instructions."""
    heavy = b"BT /F1 12 Tf " + b"(a) Tj " * instructions + b"ET"
    objects = {1: CATALOG, 3: FONT, 4: stream(heavy, compress=True)}
    kids = []
    for i in range(pages):
        objects[10 + i] = page(4)
        kids.append(b"%d 0 R" % (10 + i))
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), pages)
    return raw_pdf(objects)


def form_heavy() -> bytes:
    """One page drawing, 5,000 times, a form of 20,000 instructions."""
    form = b"BT /F1 12 Tf " + b"(b) Tj " * 20_000 + b"ET"
    form_extra = b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /Font << /F1 3 0 R >> >> "
    resources = b"/Font << /F1 3 0 R >> /XObject << /X1 6 0 R >>"
    return raw_pdf(
        {
            1: CATALOG,
            2: b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
            3: FONT,
            4: stream(b"/X1 Do " * 5000, compress=True),
            5: page(4, resources=resources),
            6: stream(form, form_extra, compress=True),
        }
    )
