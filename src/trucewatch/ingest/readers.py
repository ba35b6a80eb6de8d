"""Read report files into Documents. Pure edges: nothing here writes anywhere.

`read_file` never raises for bad input: every problem becomes one ReadFailure
with a message the user can act on, so a batch of a thousand files keeps going.

Precedence of metadata (what ends up on the Document):
- title, url, published, language: the file's own metadata (HTML meta tags, JSON
  fields, PDF title) wins; ReadOptions only fill what the file does not say;
  language falls back to the script of the text (Arabic script: "ar", see
  extract/lang/detect.py; else "en").
- source: ReadOptions.source (--source) wins over the file's (HTML site name,
  JSON "source"): the person ingesting knows who they got the file from.
- confidential: True if ReadOptions.confidential or the file (JSON "confidential")
  says so; a file can make a document more secret, never less. The Source then
  carries the mark too, so a source first seen this way is created confidential
  (an existing source keeps the mark an analyst gave it: store.add_document).
- A published date in a JSON Lines record that cannot be parsed makes that line a
  ReadFailure ("bad_date"): a wrong publication date would shift every relative
  date in the report, so it is never silently replaced. An HTML page's date comes
  from trafilatura already normalised; if it is unusable it is ignored and
  ReadOptions.published is used.
- url: the page's own canonical URL wins; ReadOptions.url (where a feed item's page was
  fetched from) fills it otherwise. URLs other than http(s) (javascript:, data:, file:) are dropped.
- Text of .txt/.md/.jsonl is the decoded file exactly (a leading BOM removed);
  --language also hints the legacy encoding of non-UTF-8 files (ar -> cp1256).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from trucewatch.config import DEFAULT_MAX_FILE_BYTES, read_timeout_from_env
from trucewatch.extract.lang.detect import detect_language
from trucewatch.ingest.decode import declared_html_charset, decode_text
from trucewatch.ingest.failures import ReadFailure, ReadProblem
from trucewatch.ingest.html import extract_html
from trucewatch.ingest.html import warm_up as warm_up_html
from trucewatch.ingest.jsonl import JsonRecord, iter_records
from trucewatch.ingest.pdf import extract_pdf, skipped_message
from trucewatch.ingest.pdf import warm_up as warm_up_pdf
from trucewatch.ingest.worker import run_limited, unexpected
from trucewatch.model import Document, Source
from trucewatch.plugins import registered

DEFAULT_LANGUAGE = "en"
_META_LIMIT = 1000  # characters kept of a title, source name or URL
_WHITESPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_LANGUAGE = re.compile(r"[a-z]{2,3}")


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What the user says about the files; fills what the files do not say (see module docstring)."""

    source: str | None = None
    published: dt.date | None = None
    language: str | None = None
    confidential: bool = False
    max_bytes: int = DEFAULT_MAX_FILE_BYTES
    # Seconds a PDF or HTML file may take to read (TRUCEWATCH_READ_TIMEOUT); the parse is killed after.
    time_limit: float = field(default_factory=read_timeout_from_env)
    url: str | None = None  # where the input was fetched from (a feed item's page), if the page does not say


def content_hash(text: str) -> str:
    """sha256 hex of the text normalised for dedup: NFC, whitespace runs collapsed, stripped."""
    # split() breaks on exactly the characters `\s` matches (str.isspace): the same hash as
    # collapsing runs with a regex and stripping, at a fifth of the time (ingest hashes every text).
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()


def iter_files(paths: Iterable[Path]) -> Iterator[Path | ReadFailure]:
    """Every file named or inside a named folder (recursive, sorted), each once.

    Hidden files and folders (".git", ".DS_Store") inside folders are skipped; a
    hidden file named explicitly is kept. Symlinked folders are not followed (no
    loops); symlinked files are. A missing path yields a ReadFailure.
    """
    seen: set[object] = set()

    def once(path: Path) -> Iterator[Path]:
        # a file is known by its device and inode: a second name for it (a link, a folder named
        # twice) is read once, at a stat per file rather than resolve's lstat per path component
        try:
            info = os.stat(path)
            key: object = (info.st_dev, info.st_ino)
        except OSError:  # a broken link or an unreadable entry: read_file reports it
            key = os.path.abspath(path)
        if key not in seen:
            seen.add(key)
            yield path

    for path in paths:
        path = Path(path)
        if path.is_dir():
            for entry in _walk(path):
                yield from once(entry) if isinstance(entry, Path) else (entry,)
        elif path.exists() or path.is_symlink():
            yield from once(path)  # read_file reports broken links and special files
        else:
            yield ReadFailure(str(path), "not_found", "no such file or folder; check the path")


def _walk(root: Path) -> Iterator[Path | ReadFailure]:
    errors: list[OSError] = []  # os.walk reports folders it cannot list here, and goes on
    for folder, dirs, files in os.walk(root, onerror=errors.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        yield from (Path(folder) / name for name in sorted(files) if not name.startswith("."))
        yield from _listing_failures(errors, folder)
    yield from _listing_failures(errors, root)


def _listing_failures(errors: list[OSError], folder: object) -> Iterator[ReadFailure]:
    while errors:
        error = errors.pop(0)
        where = str(error.filename or folder)
        yield ReadFailure(
            where, "unreadable", f"cannot list this folder ({error.strerror}); check its permissions"
        )


def read_file(path: Path, options: ReadOptions) -> Iterator[Document | ReadFailure]:
    """The Documents in one file (one, or one per JSON Lines record), or ReadFailures."""
    origin = str(path)
    try:
        path = Path(path)
        size = _regular_file_size(path)  # not_found / unreadable first: the most basic problem
        reader = _reader_for(path)
        if size > options.max_bytes:  # refused on stat, before a byte is read
            raise ReadProblem("too_large", _too_large(size, options.max_bytes))
        data = _read_bytes(path, options.max_bytes)
        yield from reader(data, origin, options)
    except ReadProblem as problem:
        yield ReadFailure(origin, problem.reason, problem.message)
    except Exception as exc:  # last line of defence: hostile input must not stop a batch
        yield ReadFailure(origin, "unexpected", unexpected(exc))


def read_data(
    data: bytes, suffix: str, origin: str, options: ReadOptions
) -> Iterator[Document | ReadFailure]:
    """The Documents in bytes fetched from elsewhere (a feed item's page), read as a file named
    `*suffix` would be, with the same limits and failures as read_file."""
    try:
        reader = _reader_for(Path(f"page{suffix}"))
        if len(data) > options.max_bytes:
            raise ReadProblem("too_large", _too_large(len(data), options.max_bytes))
        if not data.strip():
            raise ReadProblem("empty", "the page is empty (or only whitespace); nothing to ingest")
        yield from reader(data, origin, options)
    except ReadProblem as problem:
        yield ReadFailure(origin, problem.reason, problem.message)
    except Exception as exc:  # last line of defence, as in read_file
        yield ReadFailure(origin, "unexpected", unexpected(exc))


# --- loading -----------------------------------------------------------------


def _regular_file_size(path: Path) -> int:
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise ReadProblem("unreadable", "broken symbolic link (its target is missing)") from None
        raise ReadProblem("not_found", "no such file; check the path") from None
    except OSError as exc:
        raise ReadProblem("unreadable", f"cannot read this file ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise ReadProblem(
            "unreadable", "this is a folder, not a file; pass it as a folder to read what is inside"
        )
    if not stat.S_ISREG(info.st_mode):
        raise ReadProblem(
            "unreadable", "not a regular file (a device, pipe or socket); copy the data to a file"
        )
    return info.st_size


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # the file may have grown since stat
    except OSError as exc:
        raise ReadProblem(
            "unreadable", f"cannot read this file ({exc.strerror}); check its permissions"
        ) from None
    if len(data) > max_bytes:
        raise ReadProblem("too_large", _too_large(len(data), max_bytes))
    if not data.strip():
        raise ReadProblem("empty", "the file is empty (or only whitespace); nothing to ingest")
    return data


def _too_large(size: int, limit: int) -> str:
    mb = 1024 * 1024
    return (
        f"the file is {size / mb:.1f} MB, over the {limit / mb:.1f} MB limit; split it, or raise the limit "
        "with the TRUCEWATCH_MAX_FILE_MB setting or the --max-file-mb option"
    )


Reader = Callable[[bytes, str, ReadOptions], Iterator[Document | ReadFailure]]


@dataclass(frozen=True)
class ReaderSpec:
    """A file format ingest reads: the file name endings it takes and the function that reads one.

    Published under the "trucewatch.readers" entry points (trucewatch.plugins), as the
    built-in ones below are in pyproject.toml; a plug-in package adds a format the same way."""

    name: str
    suffixes: tuple[str, ...]  # lower case, with the dot: (".txt", ".md")
    read: Reader
    description: str = ""


def readers() -> dict[str, ReaderSpec]:
    """The registered readers by name (built-in and plug-ins)."""
    return registered("trucewatch.readers", ReaderSpec)


@cache
def _by_suffix() -> dict[str, Reader]:
    table: dict[str, Reader] = {}
    for spec in readers().values():
        for suffix in spec.suffixes:
            table.setdefault(suffix.lower(), spec.read)
    return table


def _reader_for(path: Path) -> Reader:
    suffix = path.suffix.lower()
    table = _by_suffix()
    reader = table.get(suffix)
    if reader is None:
        kinds = " ".join(sorted(table))
        raise ReadProblem(
            "unsupported", f"unsupported file type '{suffix or 'no extension'}'; supported: {kinds}"
        )
    return reader


# --- one reader per format -------------------------------------------------------


def _read_text(data: bytes, origin: str, options: ReadOptions) -> Iterator[Document | ReadFailure]:
    text = decode_text(data, hint=_legacy_charset(options))  # kept exactly: spans index into it
    _require_text(text)
    yield _document(text, origin, options)


def _read_html(data: bytes, origin: str, options: ReadOptions) -> Iterator[Document | ReadFailure]:
    markup = decode_text(data, declared=declared_html_charset(data), hint=_legacy_charset(options))
    warm_up_html()
    page = run_limited(extract_html, (markup,), options.time_limit, "bad_html")
    yield _document(
        _clean_extracted(page.text),
        origin,
        options,
        title=page.title,
        url=page.url,
        published=_iso_date(page.date),
        language=page.language,
        source=page.sitename,
    )


def _read_pdf(data: bytes, origin: str, options: ReadOptions) -> Iterator[Document | ReadFailure]:
    warm_up_pdf()
    pdf = run_limited(extract_pdf, (data,), options.time_limit, "bad_pdf")
    yield _document(_clean_extracted(pdf.text), origin, options, title=pdf.title)
    if pdf.skipped:  # the document is kept without them; the run still ends in failure, naming them
        yield ReadFailure(origin, "bad_page", skipped_message(pdf))


def _read_jsonl(data: bytes, origin: str, options: ReadOptions) -> Iterator[Document | ReadFailure]:
    text = decode_text(data, hint=_legacy_charset(options))
    _require_text(text)
    for number, record in iter_records(text):
        line_origin = f"{origin}:{number}"
        if isinstance(record, ReadProblem):
            yield ReadFailure(line_origin, record.reason, record.message)
            continue
        try:
            yield _record_document(record, line_origin, options)
        except ReadProblem as problem:
            yield ReadFailure(line_origin, problem.reason, problem.message)


def _record_document(record: JsonRecord, origin: str, options: ReadOptions) -> Document:
    published = None
    if record.published is not None and record.published.strip():
        published = _iso_date(record.published)
        if published is None:
            shown = _clean_meta(record.published, 40)
            raise ReadProblem(
                "bad_date",
                f'"published" is not a date: {shown!r}; use ISO 8601 (2017-03-08) or null',
            )
    return _document(
        record.text,
        origin,
        options,
        title=record.title,
        url=record.url,
        published=published,
        language=record.language,
        source=record.source,
        confidential=record.confidential,
    )


# The usual non-UTF-8 encoding for a language the user names (--language): detection
# alone cannot tell a few bytes of cp1256 Arabic from, say, Shift-JIS.
_LEGACY_CHARSETS = {"ar": "cp1256", "fa": "cp1256", "ur": "cp1256", "ru": "cp1251", "uk": "cp1251"}


def _legacy_charset(options: ReadOptions) -> str | None:
    return _LEGACY_CHARSETS.get(_clean_language(options.language) or "")


# The built-in readers, registered in pyproject.toml's "trucewatch.readers" entry points.
TEXT = ReaderSpec("text", (".txt", ".text", ".md", ".markdown"), _read_text, "plain text and Markdown")
HTML = ReaderSpec("html", (".html", ".htm"), _read_html, "web pages (the article, boilerplate removed)")
PDF = ReaderSpec("pdf", (".pdf",), _read_pdf, "PDF documents with a text layer")
JSONL = ReaderSpec("jsonl", (".jsonl", ".ndjson"), _read_jsonl, "JSON Lines, one document per line")


# --- building the Document ---------------------------------------------------------


def _document(
    text: str,
    origin: str,
    options: ReadOptions,
    *,
    title: str | None = None,
    url: str | None = None,
    published: dt.date | None = None,
    language: str | None = None,
    source: str | None = None,
    confidential: bool = False,
) -> Document:
    source_name = _clean_meta(options.source) or _clean_meta(source)
    secret = options.confidential or confidential
    return Document(
        text=text,
        content_hash=content_hash(text),
        title=_clean_meta(title),
        url=_clean_url(url) or _clean_url(options.url),
        published=published or options.published,
        # what the file or the user says, else the script of the text says it (see lang/detect.py)
        language=_clean_language(language)
        or _clean_language(options.language)
        or detect_language(text, DEFAULT_LANGUAGE),
        source=Source(name=source_name, confidential=secret) if source_name else None,
        confidential=secret,
        origin=origin,
    )


def _require_text(text: str) -> None:
    if not text.strip():
        raise ReadProblem("empty", "the file is empty (or only whitespace); nothing to ingest")


def _clean_extracted(text: str) -> str:
    """Text made by an extraction library (not the file's own bytes): drop control characters."""
    text = _CONTROL.sub("", text.encode("utf-8", "replace").decode("utf-8"))
    if not text.strip():
        raise ReadProblem("no_text", "no readable text could be extracted from this file")
    return text


def _clean_meta(value: object, limit: int = _META_LIMIT) -> str | None:
    """A one-line, printable, bounded metadata string, or None."""
    if not isinstance(value, str):
        return None
    value = value.encode("utf-8", "replace").decode("utf-8")  # unpaired surrogates -> "?"
    value = _WHITESPACE.sub(" ", _CONTROL.sub(" ", value)).strip()
    return value[:limit] or None


def _clean_url(value: object) -> str | None:
    url = _clean_meta(value, 2048)
    if url is None:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in {"http", "https"} and parts.netloc else None


def _clean_language(value: object) -> str | None:
    """ISO 639 primary subtag: "ar-SY" -> "ar"; anything else -> None."""
    if not isinstance(value, str):
        return None
    primary = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    return primary if _LANGUAGE.fullmatch(primary) else None


def _iso_date(value: str | None) -> dt.date | None:
    """2017-03-08, or the date part of an ISO 8601 date-time as written; None if neither."""
    if not value:
        return None
    value = value.strip()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        return None
