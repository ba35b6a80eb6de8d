"""PDF to text: the text layer, read with pypdf. No OCR.

Damaged and crafted files are expected, and each gives one clear answer:
- a page that cannot be read is left out and named (PdfText.skipped); the file is
  refused only when no page can be read;
- the list of pages is checked before any page is read: one that loops, lists the
  same page twice (2**n pages from a 2 KB file) or is longer than MAX_PAGES is refused;
- the drawing instructions read are budgeted by file size, so a small file that
  unpacks into millions of them (a compression bomb, one heavy stream shared by
  hundreds of pages, a form drawn thousands of times) is refused at once instead
  of keeping a core busy until the time limit. Sound PDFs use about one
  instruction per byte of file; the budget allows ten, and at least _WORK_FLOOR.
The time limit itself is enforced around this function (worker.run_limited).
"""

from __future__ import annotations

import contextlib
import functools
import io
import logging
from dataclasses import dataclass

from pypdf import PageObject, PdfReader, apply_configuration

from trucewatch.ingest.failures import ReadProblem

logging.getLogger("pypdf").addHandler(logging.NullHandler())  # failures are reported as ReadFailures

_HEADER_WINDOW = 1024  # readers tolerate junk before %PDF- within the first KB
MAX_PAGES = 10_000
_WORK_FLOOR = 50_000
_WORK_PER_BYTE = 10
_REDO = "download or export the PDF again (or repair it, e.g. with qpdf) and ingest the new copy"


@dataclass(frozen=True, slots=True)
class PdfText:
    text: str
    title: str | None = None
    pages: int = 0
    skipped: tuple[tuple[int, str], ...] = ()  # (page number from 1, why it could not be read)


class _OverBudget(Exception):
    pass


class _Budget:
    """Counts drawing instructions through pypdf's visitor; raises once past the limit."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def count(self, *_args: object) -> None:
        self.used += 1
        if self.used > self.limit:
            raise _OverBudget  # pypdf may swallow it inside a form; the next instruction raises again

    @property
    def exceeded(self) -> bool:
        return self.used > self.limit


def extract_pdf(data: bytes) -> PdfText:
    """The text of every readable page (pages separated by a blank line) and the document title."""
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise ReadProblem("not_pdf", "this is not a PDF (no %PDF- header); check the file or its extension")
    budget = _Budget(max(_WORK_FLOOR, _WORK_PER_BYTE * len(data)))
    with apply_configuration(
        page_tree_maximum_entries=2 * MAX_PAGES,  # pages and the nodes above them
        stream_parsing_work_maximum_count=min(2_000_000, budget.limit),  # one stream within the budget too
    ):
        reader = _open(data)
        pages = _pages(reader)
        texts: list[str] = []
        skipped: list[tuple[int, str]] = []
        for number, page in enumerate(pages, start=1):
            try:
                texts.append(page.extract_text(visitor_operand_before=budget.count) or "")
            except _OverBudget:
                pass
            except Exception as exc:
                skipped.append((number, type(exc).__name__))
            if budget.exceeded:
                raise ReadProblem("bad_pdf", _over_budget(budget, len(data)))
        title = _title(reader)
    return _assembled(texts, skipped, len(pages), title)


@functools.cache
def warm_up() -> None:
    """Import what pypdf imports on its first page, once, here: each reading worker is forked
    from this process and starts with it done."""
    with contextlib.suppress(ReadProblem):
        extract_pdf(_first_pdf())


def _first_pdf() -> bytes:
    """A one-page PDF showing a word in Helvetica, with a correct cross-reference table."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R"
        b"/Resources<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>>>>>>>",
        b"<</Length 33>>stream\nBT /F1 12 Tf 20 100 Td (Hi) Tj ET\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _open(data: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _decrypt_blank(reader):
            raise ReadProblem(
                "encrypted", "the PDF is password-protected; save an unprotected copy and retry"
            )
    except ReadProblem:
        raise
    except Exception as exc:
        raise ReadProblem(
            "bad_pdf",
            f"the PDF is damaged or cut short and could not be opened ({type(exc).__name__}); {_REDO}",
        ) from exc
    return reader


def _pages(reader: PdfReader) -> list[PageObject]:
    """The pages in order, once the page tree is known to be sound."""
    try:
        pages = list(reader.pages)  # pypdf walks the tree here, within the configured limits
    except Exception as exc:
        raise ReadProblem(
            "bad_pdf",
            f"the PDF's list of pages is damaged or crafted ({type(exc).__name__}: it loops, "
            f"is cut or is far too long); {_REDO}",
        ) from exc
    if len(pages) > MAX_PAGES:
        raise ReadProblem(
            "bad_pdf", f"the PDF has {len(pages):,} pages, over the limit of {MAX_PAGES:,}; split it"
        )
    seen = {(ref.idnum, ref.generation) for p in pages if (ref := p.indirect_reference) is not None}
    named = sum(p.indirect_reference is not None for p in pages)
    if len(seen) < named:
        raise ReadProblem(
            "bad_pdf",
            f"the PDF's list of pages names the same page more than once ({named:,} entries for "
            f"{len(seen):,} {'page' if len(seen) == 1 else 'pages'}): it is damaged or crafted; {_REDO}",
        )
    return pages


def _assembled(texts: list[str], skipped: list[tuple[int, str]], pages: int, title: str | None) -> PdfText:
    if pages and len(skipped) == pages:
        lost = "its only page could not" if pages == 1 else f"none of its {pages} pages could"
        raise ReadProblem("bad_pdf", f"the PDF is damaged: {lost} be read ({_kinds(skipped)}); {_REDO}")
    text = "\n\n".join(t.strip("\n") for t in texts)
    if not text.strip():
        if skipped:
            raise ReadProblem(
                "bad_pdf",
                f"{page_list([n for n, _ in skipped])} of {pages} could not be read ({_kinds(skipped)}) "
                f"and the others have no text; {_REDO}",
            )
        raise ReadProblem(
            "no_text",
            "the PDF has no text layer (a scanned image?); run OCR (e.g. ocrmypdf) and ingest the result",
        )
    return PdfText(text=text, title=title, pages=pages, skipped=tuple(skipped))


def skipped_message(pdf: PdfText) -> str:
    """One line naming the pages left out of a PDF that was otherwise read."""
    return (
        f"{page_list([n for n, _ in pdf.skipped])} of {pdf.pages} could not be read ({_kinds(pdf.skipped)}) "
        f"and {'was' if len(pdf.skipped) == 1 else 'were'} left out of the document; to include "
        f"{'it' if len(pdf.skipped) == 1 else 'them'}, {_REDO}"
    )


def page_list(numbers: list[int]) -> str:
    """[2] -> 'page 2'; [2, 3, 4, 7] -> 'pages 2-4 and 7' (at most 8 runs shown)."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    shown = [f"{a}" if a == b else f"{a}-{b}" for a, b in runs[:8]]
    if len(runs) > 8:
        shown.append(f"{len(runs) - 8} more runs")
    words = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
    return f"{'page' if len(numbers) == 1 else 'pages'} {words}"


def _kinds(skipped: list[tuple[int, str]] | tuple[tuple[int, str], ...]) -> str:
    return ", ".join(sorted({kind for _, kind in skipped})[:3])


def _over_budget(budget: _Budget, size: int) -> str:
    return (
        f"the PDF asks for over {budget.limit:,} drawing instructions from a {size / 1024:,.0f} KB file "
        f"(a compression bomb or a crafted file), so it was not read; {_REDO}"
    )


def _decrypt_blank(reader: PdfReader) -> bool:
    """Many 'encrypted' PDFs only restrict printing and open with an empty password."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # unsupported cipher, or the cryptography package missing
        return False


def _title(reader: PdfReader) -> str | None:
    try:
        info = reader.metadata
        title = info.title if info is not None else None
    except Exception:  # a broken info dictionary must not lose the text
        return None
    return title if isinstance(title, str) else None
