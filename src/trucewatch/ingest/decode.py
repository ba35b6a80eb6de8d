"""Bytes to text: BOM, then strict UTF-8, then a declared charset, then detection.

Valid UTF-8 always wins: it is by far the most likely encoding, and detection on
short texts guesses wrong. Detection (charset-normalizer) only runs on bytes that
are not UTF-8; among its nearly equally clean candidates we take the one whose
text reads most like a language, then the encodings news files actually come in
(cp1252 for Western Europe, cp1256 for Arabic, ...).
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer
from charset_normalizer.md import mess_ratio

from trucewatch.ingest.failures import ReadProblem

# Longest BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Tie-break order among detection candidates that decode equally cleanly.
_PREFERRED = (
    "cp1252",  # Western European; a superset of latin-1's printable range
    "cp1256",  # Arabic (Windows)
    "iso8859_6",  # Arabic (ISO)
    "cp1251",  # Cyrillic
    "cp1250",  # Central European
    "cp1254",  # Turkish
    "cp1255",  # Hebrew
    "cp1253",  # Greek
    "iso8859_15",
    "utf_16",
)
_CHAOS_MARGIN = 0.1
_SAMPLE = 65536  # characters examined by the plausibility checks

# Characters that do not occur in real text: C0/C1 controls other than the usual
# whitespace, and the replacement character.
_NON_TEXT = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
_MAX_NON_TEXT_RATIO = 0.02

# As browsers do (WHATWG Encoding): these labels mean windows-1252.
_WHATWG_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252"}
_WHATWG_ALIASES |= {"us-ascii": "cp1252", "ascii": "cp1252", "l1": "cp1252"}

_HTML_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})""", re.I)


def declared_html_charset(data: bytes) -> str | None:
    """The charset a page declares in <meta> or its XML declaration (first 4 KB), if any."""
    head = data[:4096]
    match = _XML_ENCODING.search(head) or _HTML_CHARSET.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def decode_text(data: bytes, declared: str | None = None, hint: str | None = None) -> str:
    """Decode file bytes to text, or raise ReadProblem("binary", ...).

    `declared` is the charset the file itself claims (<meta charset>): tried after
    strict UTF-8 and before detection, ignored if the bytes are not valid in it.
    `hint` is a likely charset from what the user said (cp1256 for --language ar):
    it replaces the detected one when it reads at least as cleanly, which settles
    very short texts that detection alone gets wrong.
    The BOM is removed (it is not part of the text); nothing else is changed.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data[len(bom) :].decode(encoding))
            except UnicodeDecodeError:
                data = data[len(bom) :]  # a lying BOM: fall through to detection
                break
    if b"\x00" in data:
        raise ReadProblem(
            "binary", "this is a binary file (it contains NUL bytes), not text; convert it to UTF-8 text"
        )
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if declared:
        text = _try_decode(data, _WHATWG_ALIASES.get(declared, declared))
        if text is not None:
            return _checked(text)
    return _checked(_detect(data, hint))


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None


def _detect(data: bytes, hint: str | None = None) -> str:
    detected = _detect_charset(data)
    hinted = _try_decode(data, hint) if hint else None
    if hinted is not None and (detected is None or _mess(hinted) <= _mess(detected)):
        return hinted
    if detected is None:
        raise ReadProblem(
            "binary",
            "this is not text in UTF-8 or any encoding that could be detected; "
            "if it is text, convert it to UTF-8 (e.g. iconv -f CP1256 -t UTF-8)",
        )
    return detected


def _mess(text: str) -> float:
    return float(mess_ratio(text[:_SAMPLE], 1.0))


def _detect_charset(data: bytes) -> str | None:
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    # charset-normalizer's "chaos" is noisy on short texts (cp1257 can beat cp1252 on
    # French): keep every clean-enough candidate, then trust its language model
    # ("coherence"), then our list of common encodings.
    floor = min(m.chaos for m in matches)
    close = [m for m in matches if m.chaos <= floor + _CHAOS_MARGIN]
    best = min(close, key=lambda m: (-m.coherence, _rank(m.could_be_from_charset)))
    for encoding in _PREFERRED:
        if encoding in best.could_be_from_charset:
            text = _try_decode(data, encoding)
            if text is not None:
                return text
    return str(best)


def _rank(encodings: list[str]) -> int:
    return min((_PREFERRED.index(e) for e in encodings if e in _PREFERRED), default=len(_PREFERRED))


def _checked(text: str) -> str:
    """Refuse 'text' that is mostly control characters: a binary file that happened to decode."""
    if text:
        sample = text[:_SAMPLE]
        if len(_NON_TEXT.findall(sample)) > _MAX_NON_TEXT_RATIO * len(sample):
            raise ReadProblem(
                "binary",
                "this looks like a binary file (many control characters), not text; convert it to text",
            )
    return text
