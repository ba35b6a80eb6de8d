"""PDF to text: the text layer, read with pypdf. No OCR."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from pypdf import PdfReader

from trucewatch.ingest.failures import ReadProblem

logging.getLogger("pypdf").addHandler(logging.NullHandler())  # failures are reported as ReadFailures

_HEADER_WINDOW = 1024  # readers tolerate junk before %PDF- within the first KB


@dataclass(frozen=True, slots=True)
class PdfText:
    text: str
    title: str | None = None


def extract_pdf(data: bytes) -> PdfText:
    """The text of every page (pages separated by a blank line) and the document title."""
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise ReadProblem("not_pdf", "this is not a PDF (no %PDF- header); check the file or its extension")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _decrypt_blank(reader):
            raise ReadProblem(
                "encrypted", "the PDF is password-protected; save an unprotected copy and retry"
            )
        pages = reader.pages
    except ReadProblem:
        raise
    except Exception as exc:
        raise ReadProblem(
            "bad_pdf", f"the PDF is damaged and could not be opened ({type(exc).__name__}); re-export it"
        ) from exc
    texts = []
    for number, page in enumerate(pages, start=1):
        try:
            texts.append(page.extract_text() or "")
        except Exception as exc:
            # Fail the whole file: a document silently missing a page would mislead analysts.
            raise ReadProblem(
                "bad_pdf", f"page {number} of the PDF could not be read ({type(exc).__name__}); re-export it"
            ) from exc
    text = "\n\n".join(t.strip("\n") for t in texts)
    if not text.strip():
        raise ReadProblem(
            "no_text",
            "the PDF has no text layer (a scanned image?); run OCR (e.g. ocrmypdf) and ingest the result",
        )
    return PdfText(text=text, title=_title(reader))


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
