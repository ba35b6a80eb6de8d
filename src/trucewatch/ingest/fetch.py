"""Fetch one feed or page over HTTP(S) with httpx: bounded in size, time, redirects and reach.

Only http and https, at every hop of a redirect (followed here, one hop at a
time, at most MAX_REDIRECTS). The body is read as it arrives and dropped past
`max_bytes` (after decompression, so a small gzip cannot unpack into
gigabytes), and the whole fetch, slow trickle included, stops at `deadline`
seconds. Every problem is a FetchProblem with a one-line message; nothing here
writes anywhere.

Reach: a feed's items are written by whoever publishes the feed, and what is
fetched is stored for analysts to read, so an item must not make the watcher
read the network it runs in (a cloud's metadata service at 169.254.169.254, an
admin page on localhost). Each hop's host is resolved and its address scope
(public, loopback, private, link-local, reserved) must be in `reach`: public,
plus the scopes of the feed's own host (a feed on the intranet may link to the
intranet). The check resolves the name before httpx connects, so a name whose
address changes between the two (DNS rebinding) is not caught.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

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


PUBLIC = "public"
_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT (RFC 6598): not public either


def address_scope(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return address_scope(ip.ipv4_mapped)
    if ip.is_loopback or ip.is_unspecified:  # 0.0.0.0 reaches this machine too
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast or ip.is_reserved:
        return "reserved"
    if ip.is_private or (isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED):
        return "private"
    return PUBLIC


def _addresses(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        return [ipaddress.ip_address(host.strip("[]").split("%", 1)[0])]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, OSError):
        return []  # unresolvable: httpx says so when it tries
    found = []
    for info in infos:
        try:
            found.append(ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]))
        except ValueError:
            continue
    return found


def reach_of(url: str) -> frozenset[str]:
    """What a feed at `url` may reach: the public internet and its own host's scopes."""
    host = urlsplit(url).hostname or ""
    return frozenset({PUBLIC, *(address_scope(ip) for ip in _addresses(host))})


def _check_reach(url: str, reach: frozenset[str]) -> None:
    if not is_http_url(url):
        raise FetchProblem("bad_url", f"{url[:200]} is not an http or https address; only those are fetched")
    host = urlsplit(url).hostname or ""
    for ip in _addresses(host):
        scope = address_scope(ip)
        if scope not in reach:
            raise FetchProblem(
                "refused_address",
                f"{host} is a {scope} address ({ip}); refused, since the feed is not on such a network",
            )


def new_client() -> httpx.Client:
    return httpx.Client(
        follow_redirects=False,  # followed in fetch(), each hop checked
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
    reach: frozenset[str] = frozenset({PUBLIC}),
) -> Fetched:
    """GET `url`; a conditional GET when `etag`/`last_modified` are given (304 comes back as is).

    Each hop's address must be in `reach` (see the module docstring)."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    started = time.monotonic()
    try:
        request = client.build_request("GET", url, headers=headers)
        redirects: list[str] = []
        while True:
            _check_reach(str(request.url), reach)
            response = client.send(request, stream=True, follow_redirects=False)
            if response.next_request is None:
                break
            response.close()
            redirects.append(str(response.url))
            if len(redirects) > MAX_REDIRECTS:
                raise FetchProblem("redirects", f"more than {MAX_REDIRECTS} redirects; stopped")
            request = response.next_request
        try:
            if response.status_code == 304:
                return Fetched(str(response.url), 304, redirects=tuple(redirects))
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
                redirects=tuple(redirects),
            )
        finally:
            response.close()
    except FetchProblem:
        raise
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
