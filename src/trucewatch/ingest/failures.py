"""What a reader returns instead of a Document when the input is bad."""

from __future__ import annotations

from dataclasses import dataclass

from trucewatch.errors import TrucewatchError


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """One input that could not become a Document, and what the user can do about it.

    `reason` is a short stable key for scripts (empty, binary, too_large, unreadable,
    not_found, not_regular, unsupported, not_pdf, bad_pdf, bad_page, encrypted, no_text,
    bad_html, bad_json, bad_record, bad_text, bad_date, too_slow, and unexpected for a
    reader bug); `message` is one line for people. A `bad_page` failure comes with the
    Document of the pages that could be read.
    """

    origin: str  # the path, or "path:LINE" for one line of a JSON Lines file
    reason: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


class ReadProblem(TrucewatchError):
    """Raised inside the readers, turned into a ReadFailure at the read_file boundary."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
