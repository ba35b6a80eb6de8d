"""Fetch one feed or page over HTTP(S) with httpx: bounded in size, time and redirects.

Only http and https, at every hop of a redirect (httpx refuses any other
scheme). The body is read as it arrives and dropped past `max_bytes` (after
decompression, so a small gzip cannot unpack into gigabytes), and the whole
fetch, slow trickle included, stops at `deadline` seconds. Every problem is a
FetchProblem with a one-line message; nothing here writes anywhere.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import httpx

from trucewatch import __version__
from trucewatch.ingest.feeds import is_http_url

USER_AGENT = f"trucewatch/{__version__} (ceasefire monitoring; feed watcher)"
MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 30.0  # seconds without a byte
DEADLINE = 120.0  # seconds for a whole fetch


class FetchProblem(Exception):
    def __init__(self, reason: str, message: str, retry_after: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.retry_after = retry_after  # the server's Retry-After header, if it sent one


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # where the body came from, after redirects
    status: int  # 200, or 304 when the validators matched (content is then empty)
    content: bytes = b""
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    redirects: tuple[str, ...] = field(default_factory=tuple)  # addresses passed through


def new_client() -> httpx.Client:
    return httpx.Client(
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        timeout=httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT),
        headers={"User-Agent": USER_AGENT},
    )


def fetch(
    client: httpx.Client,
    url: str,
    *,
    max_bytes: int,
    etag: str | None = None,
    last_modified: str | None = None,
    deadline: float = DEADLINE,
) -> Fetched:
    """GET `url`; a conditional GET when `etag`/`last_modified` are given (304 comes back as is)."""
    if not is_http_url(url):
        raise FetchProblem("bad_url", "not an http or https address; only those are fetched")
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    started = time.monotonic()
    try:
        with client.stream("GET", url, headers=headers) as response:
            redirects = tuple(str(r.url) for r in response.history)
            if response.status_code == 304:
                return Fetched(str(response.url), 304, redirects=redirects)
            if response.status_code >= 400:
                raise FetchProblem(
                    "http_error",
                    f"HTTP {response.status_code} {response.reason_phrase}".strip(),
                    retry_after=response.headers.get("retry-after"),
                )
            if response.status_code != 200:
                raise FetchProblem("http_error", f"HTTP {response.status_code}: nothing to read")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchProblem("too_large", _too_large(int(declared), max_bytes))
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    raise FetchProblem("too_large", _too_large(len(body), max_bytes, at_least=True))
                if time.monotonic() - started > deadline:
                    raise FetchProblem("too_slow", f"still downloading after {deadline:g} s; stopped")
            return Fetched(
                url=str(response.url),
                status=200,
                content=bytes(body),
                content_type=response.headers.get("content-type"),
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
                redirects=redirects,
            )
    except FetchProblem:
        raise
    except httpx.TooManyRedirects:
        raise FetchProblem("redirects", f"more than {MAX_REDIRECTS} redirects; stopped") from None
    except httpx.UnsupportedProtocol as exc:
        raise FetchProblem("bad_url", f"redirected to an address that is not http(s) ({exc})") from None
    except httpx.TimeoutException as exc:
        raise FetchProblem("timeout", f"timed out ({type(exc).__name__})") from None
    except httpx.HTTPError as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise FetchProblem("unreachable", f"cannot fetch ({detail})") from None


def _too_large(size: int, limit: int, *, at_least: bool = False) -> str:
    mb = 1024 * 1024
    more = "more than " if at_least else ""
    return (
        f"the response is {more}{size / mb:.1f} MB, over the {limit / mb:.1f} MB limit "
        "(TRUCEWATCH_MAX_FILE_MB or --max-file-mb)"
    )
