"""`trucewatch watch`: RSS and Atom feeds served by a real HTTP server on 127.0.0.1, and folders.

No mocks: a ThreadingHTTPServer in a thread serves the feeds and pages (with a
redirect, a 404, garbage and an ETag), the watcher fetches them over HTTP and
stores into a real database (an SQLite file; PostgreSQL too when the suite has one).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import trucewatch.cli.commands  # noqa: F401  registers the verbs
from trucewatch.cli import app
from trucewatch.ingest.feeds import MAX_ITEM_ATTEMPTS, backoff, parse_feed
from trucewatch.ingest.watch import WatchOptions, watch_round
from trucewatch.store import Store, get_document, list_documents, open_store
from trucewatch.store.feeds import FEED, FOLDER, RETRY, STORED, FeedItemRow, add_feed, list_feeds

T0 = dt.datetime(2026, 11, 27, 12, 0, 0)


# --- a real HTTP server -----------------------------------------------------------------------------


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


class Site:
    """Routes served on 127.0.0.1, changeable while serving; every request counted by path."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.not_modified: Counter[str] = Counter()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.hits[self.path] += 1
                route = site.routes.get(self.path, Route(404, b"not found", "text/plain"))
                etag = route.headers.get("ETag")
                if etag is not None and self.headers.get("If-None-Match") == etag:
                    site.not_modified[self.path] += 1
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(route.body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def page(self, path: str, title: str, *sentences: str) -> None:
        self.routes[path] = Route(body=article(title, *sentences))


@pytest.fixture
def site() -> Iterator[Site]:
    served = Site()
    thread = threading.Thread(target=served.server.serve_forever, daemon=True)
    thread.start()
    yield served
    served.server.shutdown()
    served.server.server_close()
    thread.join(5)


def article(title: str, *sentences: str) -> bytes:
    paragraphs = "".join(f"<p>{s}</p>" for s in sentences)
    return (
        f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article><footer>Contact us</footer></body></html>"
    ).encode()


def report_text(place: str, n: int) -> tuple[str, ...]:
    return (
        f"Residents of {place} said {n} aid trucks entered the besieged neighbourhood on Tuesday morning, "
        "the first convoy to reach it in several months according to local council members.",
        f"A spokesman for the negotiating committee in {place} said the ceasefire agreed last week was "
        "holding, although shelling was reported on the outskirts overnight and two people were wounded.",
    )


def rss(site: Site, items: list[tuple[str, str, str | None]]) -> bytes:
    """RSS 2.0; items are (guid, title, link or None)."""
    body = "".join(
        f"<item><guid isPermaLink='false'>{guid}</guid><title>{title}</title>"
        + (f"<link>{link}</link>" if link else "")
        + "<pubDate>Tue, 07 Mar 2017 09:00:00 GMT</pubDate></item>"
        for guid, title, link in items
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Homs Monitor</title>"
        f"<link>{site.base}/</link><description>Reports</description>{body}</channel></rss>"
    ).encode()


def atom(entries: list[tuple[str, str, str | None, str | None]]) -> bytes:
    """Atom 1.0; entries are (id, title, relative link or None, inline HTML content or None)."""
    body = "".join(
        f"<entry><id>{id_}</id><title>{title}</title><updated>2017-03-08T06:00:00Z</updated>"
        + (f"<link rel='alternate' href='{link}'/>" if link else "")
        + (f"<content type='html'>{content}</content>" if content else "")
        + "</entry>"
        for id_, title, link, content in entries
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        f"<title>Waer contacts</title><id>urn:waer</id><updated>2017-03-08T06:00:00Z</updated>{body}</feed>"
    ).encode()


def serve_feeds(site: Site) -> None:
    """An RSS feed with two good items, a redirect and a 404; an Atom feed with a page, an item carried
    inline, and garbage."""
    site.page("/news/1", "Aid reaches Waer", *report_text("Waer", 12))
    site.page("/articles/2", "Talks resume in Madaya", *report_text("Madaya", 7))
    site.routes["/news/2"] = Route(301, b"", headers={"Location": "/articles/2"})
    site.page("/news/3", "Shelling in Zabadani", *report_text("Zabadani", 3))
    site.routes["/rss.xml"] = Route(
        body=rss(
            site,
            [
                ("n1", "Aid reaches Waer", site.url("/news/1")),
                ("n2", "Talks resume in Madaya", site.url("/news/2")),
                ("n3", "Shelling in Zabadani", site.url("/news/3")),
                ("n4", "Withdrawn report", site.url("/news/4")),  # 404
            ],
        ),
        content_type="application/rss+xml",
    )
    site.page("/waer/1", "Negotiator on the evacuation", *report_text("al-Waer", 40))
    site.routes["/waer/2"] = Route(body=b"\x00\x01\x02\xff\xfe garbage \x00" * 50, content_type="image/png")
    inline = "&lt;p&gt;" + " ".join(report_text("Foua", 5)) + "&lt;/p&gt;"
    site.routes["/atom.xml"] = Route(
        body=atom(
            [
                ("urn:w1", "Negotiator on the evacuation", "/waer/1", None),
                ("urn:w2", "A photograph", "/waer/2", None),
                ("urn:w3", "Foua, from the feed itself", None, inline),
            ]
        ),
        content_type="application/atom+xml",
    )


# --- the CLI, end to end --------------------------------------------------------------------------

runner = CliRunner()


def tw(*args: str) -> Result:
    return runner.invoke(app, list(args), env={"TRUCEWATCH_DATABASE_URL": ""})


def test_feeds_on_127_0_0_1_are_followed_to_the_end_with_each_item_stored_once(site: Site, tmp_path: Path):
    serve_feeds(site)
    db = f"sqlite:///{tmp_path / 'watch.db'}"
    first = tw("--db", db, "watch", site.url("/rss.xml"), "--once")
    # The 404 is one line naming the feed, the item and the problem, and the run goes on.
    assert first.exit_code == 1, first.output
    lines = [line for line in first.stderr.splitlines() if line.strip()]
    assert lines == [
        f"{site.url('/rss.xml')}: item {site.url('/news/4')}: HTTP 404 Not Found; "
        f"next try in 5 min (attempt 1 of {MAX_ITEM_ATTEMPTS})"
    ], first.stderr
    assert "3 added" in first.stdout
    second = tw(
        "--db", db, "watch", site.url("/atom.xml"), "--source", "Waer negotiator", "--confidential", "--once"
    )
    assert second.exit_code == 1, second.output
    assert "2 added" in second.stdout
    (garbage,) = [line for line in second.stderr.splitlines() if line.strip()]
    assert garbage.startswith(f"{site.url('/atom.xml')}: item {site.url('/waer/2')}: ")
    assert "next try in 5 min" in garbage

    again = tw("--db", db, "watch", "--once")  # every feed watched before, nothing new
    assert again.exit_code == 0, again.output
    assert "0 added, 0 duplicates, 0 failed" in again.stdout
    assert "2 items waiting to retry" in again.stdout
    assert again.stderr.strip() == ""

    # Every page fetched once, the redirect followed once, the broken ones not retried before their time.
    for path in ("/news/1", "/news/2", "/articles/2", "/news/3", "/news/4", "/waer/1", "/waer/2"):
        assert site.hits[path] == 1, (path, site.hits)
    store = open_store(db)
    try:
        with store.session() as s:
            docs = list_documents(s)
            feeds = {f.address: f for f in list_feeds(s)}
        assert len(docs) == 5
        assert len({d.content_hash for d in docs}) == 5
        by_title = {d.title: d for d in docs}
        assert by_title["Talks resume in Madaya"].url == site.url("/articles/2")  # where the text came from
        assert by_title["Aid reaches Waer"].published == dt.date(2017, 3, 7)  # from the feed's pubDate
        assert not any(by_title[t].is_confidential for t in ("Aid reaches Waer", "Shelling in Zabadani"))
        secret = [d for d in docs if d.source is not None and d.source.name == "Waer negotiator"]
        assert len(secret) == 2 and all(d.is_confidential and d.source.confidential for d in secret)  # type: ignore[union-attr]
        assert any("Foua" in d.text for d in secret)  # the item carried inline in the Atom feed
        assert feeds[site.url("/rss.xml")].items == 3 and feeds[site.url("/rss.xml")].waiting == 1
        assert feeds[site.url("/atom.xml")].confidential
    finally:
        store.close()
    listed = tw("--db", db, "watch", "--list")
    assert listed.exit_code == 0 and "rss.xml" in listed.stdout and "atom.xml" in listed.stdout


def test_watch_runs_rounds_on_schedule_until_killed(site: Site, tmp_path: Path):
    site.page("/r/1", "Aid reaches Waer", *report_text("Waer", 12))
    site.routes["/feed"] = Route(body=rss(site, [("1", "one", site.url("/r/1"))]))
    db = f"sqlite:///{tmp_path / 'loop.db'}"
    exe = [sys.executable, "-c", "from trucewatch.cli import main; main()"]
    env = {**os.environ, "TRUCEWATCH_DATABASE_URL": ""}
    command = [*exe, "--db", db, "watch", site.url("/feed"), "--every", "1s"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        wait_for(lambda: site.hits["/r/1"] == 1)
        site.page("/r/2", "Talks resume in Madaya", *report_text("Madaya", 7))
        site.routes["/feed"] = Route(
            body=rss(site, [("2", "two", site.url("/r/2")), ("1", "one", site.url("/r/1"))])
        )
        wait_for(lambda: site.hits["/r/2"] == 1)
        rounds = site.hits["/feed"]
        wait_for(lambda: site.hits["/feed"] >= rounds + 2)  # and it goes on, round after round
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "stopped" in err
    assert out.count("1 added") == 2 and site.hits["/r/1"] == 1 and site.hits["/r/2"] == 1
    store = open_store(db)
    try:
        with store.session() as s:
            assert len(list_documents(s)) == 2
    finally:
        store.close()


def wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_watch_refuses_what_it_cannot_watch(tmp_path: Path):
    db = f"sqlite:///{tmp_path / 'watch.db'}"
    for target in ("file:///etc/passwd", "ftp://example.org/feed.xml", str(tmp_path / "missing")):
        result = tw("--db", db, "watch", target, "--once")
        assert result.exit_code == 2, (target, result.output)
    assert tw("--db", db, "watch", "--once").exit_code == 1  # nothing registered: says so
    assert tw("--db", db, "watch", "--every", "soon").exit_code == 2


# --- rounds through the Python API, with the clock passed in --------------------------------------


# `store` (tests/conftest.py): a fresh database, SQLite and PostgreSQL.


def register(store: Store, address: str, kind: str = FEED, **marks: object) -> None:
    with store.session() as s:
        add_feed(s, address, kind, now=T0, **marks)  # type: ignore[arg-type]


def item_row(store: Store, link: str) -> FeedItemRow:
    with store.session() as s:
        from sqlalchemy import select

        row = s.scalars(select(FeedItemRow).where(FeedItemRow.link == link)).one()
        s.expunge(row)
        return row


def test_a_broken_item_is_retried_with_doubling_backoff_then_stored_once(site: Site, store: Store):
    site.page("/ok", "Aid reaches Waer", *report_text("Waer", 12))
    site.routes["/feed"] = Route(
        body=rss(site, [("ok", "ok", site.url("/ok")), ("late", "late", site.url("/late"))]),
        content_type="application/rss+xml",
    )
    register(store, site.url("/feed"))
    options = WatchOptions(backoff=60)
    lines: list[str] = []

    first = watch_round(store, options=options, now=T0, log=lines.append)
    assert (first.added, first.failed["http_error"]) == (1, 1)
    assert lines == [
        f"{site.url('/feed')}: item {site.url('/late')}: HTTP 404 Not Found; next try in 60 s "
        f"(attempt 1 of {MAX_ITEM_ATTEMPTS})"
    ]
    assert item_row(store, site.url("/late")).next_attempt_at == T0 + dt.timedelta(seconds=60)

    early = watch_round(store, options=options, now=T0 + dt.timedelta(seconds=30))
    assert early.waiting == 1 and early.ok and site.hits["/late"] == 1  # not due: not fetched

    second = watch_round(store, options=options, now=T0 + dt.timedelta(seconds=61), log=lines.append)
    assert site.hits["/late"] == 2 and second.failed["http_error"] == 1
    row = item_row(store, site.url("/late"))
    assert row.failures == 2 and row.status == RETRY
    assert row.next_attempt_at == T0 + dt.timedelta(seconds=61 + 120)  # doubled
    assert lines[-1].endswith("next try in 2 min (attempt 2 of 8)")

    site.page("/late", "Convoy delayed", *report_text("Madaya", 4))  # the page appears
    third = watch_round(store, options=options, now=T0 + dt.timedelta(seconds=200))
    assert third.added == 1 and third.ok
    assert item_row(store, site.url("/late")).status == STORED
    fourth = watch_round(store, options=options, now=T0 + dt.timedelta(seconds=400))
    assert (fourth.added, fourth.duplicates, site.hits["/late"], site.hits["/ok"]) == (0, 0, 3, 1)
    with store.session() as s:
        assert len(list_documents(s)) == 2


def test_an_item_is_given_up_after_its_attempts(site: Site, store: Store):
    site.routes["/feed"] = Route(body=rss(site, [("gone", "gone", site.url("/gone"))]))
    register(store, site.url("/feed"))
    now, lines = T0, []
    for _ in range(MAX_ITEM_ATTEMPTS + 2):
        watch_round(store, options=WatchOptions(backoff=1), now=now, log=lines.append)
        now += dt.timedelta(days=2)
    assert site.hits["/gone"] == MAX_ITEM_ATTEMPTS
    assert lines[-1].endswith(f"given up after {MAX_ITEM_ATTEMPTS} attempts")
    assert backoff(30, 1) == 24 * 3600  # capped at a day


def test_a_failing_feed_backs_off_and_recovers(site: Site, store: Store):
    site.routes["/feed"] = Route(503, b"busy", "text/plain", headers={"Retry-After": "600"})
    register(store, site.url("/feed"))
    lines: list[str] = []
    first = watch_round(store, options=WatchOptions(backoff=60), now=T0, log=lines.append)
    assert lines == [f"{site.url('/feed')}: HTTP 503 Service Unavailable; next try in 10 min (failure 1)"]
    assert not first.ok
    waiting = watch_round(store, options=WatchOptions(backoff=60), now=T0 + dt.timedelta(seconds=300))
    assert waiting.not_due == 1 and site.hits["/feed"] == 1  # Retry-After outranks the 60 s backoff
    site.page("/a", "Aid reaches Waer", *report_text("Waer", 12))
    site.routes["/feed"] = Route(body=rss(site, [("a", "a", site.url("/a"))]))
    back = watch_round(store, options=WatchOptions(backoff=60), now=T0 + dt.timedelta(seconds=601))
    assert back.added == 1 and back.ok
    with store.session() as s:
        (feed,) = list_feeds(s)
    assert feed.failures == 0 and feed.next_attempt_at is None and feed.title == "Homs Monitor"


def test_not_modified_feed_is_not_reread_but_items_left_over_are_still_fetched(site: Site, store: Store):
    items = [(f"i{n}", f"report {n}", site.url(f"/r/{n}")) for n in range(3)]
    for n in range(3):
        site.page(f"/r/{n}", f"Report {n}", *report_text(f"Town{n}", n + 1))
    site.routes["/feed"] = Route(body=rss(site, items), headers={"ETag": '"v1"'})
    register(store, site.url("/feed"))
    options = WatchOptions(max_new_items=2)
    first = watch_round(store, options=options, now=T0)
    assert first.added == 2
    # Not every item was handled: the ETag is not kept, so the next round reads the feed again.
    second = watch_round(store, options=options, now=T0 + dt.timedelta(minutes=15))
    assert second.added == 1 and site.not_modified["/feed"] == 0
    third = watch_round(store, options=options, now=T0 + dt.timedelta(minutes=30))
    assert third.not_modified == 1 and third.added == 0 and site.not_modified["/feed"] == 1
    assert [site.hits[f"/r/{n}"] for n in range(3)] == [1, 1, 1]


def test_the_same_article_in_two_feeds_is_stored_once(site: Site, store: Store):
    site.page("/story", "Aid reaches Waer", *report_text("Waer", 12))
    site.routes["/old-story"] = Route(301, b"", headers={"Location": site.url("/story")})
    site.routes["/one"] = Route(body=rss(site, [("x", "x", site.url("/story"))]))
    site.routes["/two"] = Route(body=atom([("urn:y", "y", "/old-story", None)]))
    register(store, site.url("/one"))
    register(store, site.url("/two"))
    report = watch_round(store, now=T0)
    assert (report.added, report.duplicates) == (1, 1)
    with store.session() as s:
        assert len(list_documents(s)) == 1


def test_limits_links_and_sizes(site: Site, store: Store):
    site.routes["/big"] = Route(body=article("Big", "word " * 5000))
    site.routes["/feed"] = Route(
        body=rss(site, [("big", "big", site.url("/big")), ("js", "js", "javascript:alert(1)")])
    )
    register(store, site.url("/feed"))
    lines: list[str] = []
    report = watch_round(store, options=WatchOptions(max_bytes=10_000), now=T0, log=lines.append)
    assert report.added == 0 and report.failed["too_large"] == 1 and report.failed["no_link"] == 1
    assert any("over the 0.0 MB limit" in line or "MB limit" in line for line in lines)
    assert any("javascript:alert(1): nothing to read: its link is not http(s); given up" in x for x in lines)
    assert all("\n" not in line for line in lines)


def test_parse_feed_reads_rss_and_atom_and_refuses_other_things():
    feed = parse_feed(atom([("urn:a", "A", "/a", None)]), "http://127.0.0.1:9/feeds/atom.xml")
    assert feed.entries[0].link == "http://127.0.0.1:9/a" and feed.entries[0].published == dt.date(2017, 3, 8)
    from trucewatch.ingest.failures import ReadProblem

    with pytest.raises(ReadProblem):
        parse_feed(b"<html><body><p>not a feed</p></body></html>", "http://127.0.0.1:9/")


# --- folders ------------------------------------------------------------------------------------


def write_old(path: Path, text: str, minutes_ago: int = 10) -> None:
    path.write_text(text, encoding="utf-8")
    old = time.time() - minutes_ago * 60
    os.utime(path, (old, old))


def test_a_watched_folder_picks_up_each_new_file_once(store: Store, tmp_path: Path):
    folder = tmp_path / "drop"
    folder.mkdir()
    write_old(folder / "a.txt", " ".join(report_text("Waer", 1)))
    write_old(folder / "b.txt", " ".join(report_text("Madaya", 2)))
    register(store, str(folder), FOLDER, source="Field team", confidential=True)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)

    first = watch_round(store, now=now)
    assert (first.added, first.duplicates) == (2, 0)
    second = watch_round(store, now=now)
    assert (second.added, second.duplicates) == (0, 0)  # not even read again

    write_old(folder / "c.txt", " ".join(report_text("Zabadani", 3)))
    (folder / "d.txt").write_text(" ".join(report_text("Foua", 4)), encoding="utf-8")  # still being copied
    third = watch_round(store, now=now)
    assert third.added == 1
    write_old(folder / "d.txt", " ".join(report_text("Foua", 4)), minutes_ago=1)
    fourth = watch_round(store, now=now)
    assert fourth.added == 1
    with store.session() as s:
        docs = list_documents(s)
    assert len(docs) == 4 and all(d.is_confidential for d in docs)
    doc = docs[0]
    with store.session() as s:
        assert get_document(s, doc.id or "") is not None


def test_items_may_not_lead_the_watcher_into_networks_the_feed_is_not_on(site: Site, store: Store):
    site.routes["/to-private"] = Route(302, b"", headers={"Location": "http://10.0.0.1/admin"})
    site.routes["/to-ftp"] = Route(302, b"", headers={"Location": "ftp://127.0.0.1/file"})
    site.routes["/loop"] = Route(302, b"", headers={"Location": "/loop"})
    items = [
        ("meta", "metadata", "http://169.254.169.254/latest/meta-data/"),
        ("priv", "private", site.url("/to-private")),
        ("ftp", "ftp", site.url("/to-ftp")),
        ("loop", "loop", site.url("/loop")),
    ]
    site.routes["/feed"] = Route(body=rss(site, items))
    register(store, site.url("/feed"))
    lines: list[str] = []
    started = time.monotonic()
    report = watch_round(store, now=T0, log=lines.append)
    assert time.monotonic() - started < 8  # refused before connecting: no connect timeout waited for
    assert report.failed == {"refused_address": 2, "bad_url": 1, "redirects": 1}, lines
    meta, private, ftp, loop = lines
    assert "169.254.169.254 is a link-local address" in meta and meta.endswith("; given up")
    assert "10.0.0.1 is a private address" in private and private.endswith("; given up")
    assert "ftp://127.0.0.1/file is not an http or https address" in ftp and ftp.endswith("; given up")
    assert "more than 5 redirects" in loop and "next try in" in loop
    assert site.hits["/loop"] == 6
    again = watch_round(store, now=T0 + dt.timedelta(days=1), log=lines.append)
    assert again.failed == {"redirects": 1}  # only the loop is tried again


def test_address_scopes():
    import ipaddress

    from trucewatch.ingest.fetch import address_scope, reach_of

    scopes = {
        "127.0.0.1": "loopback",
        "0.0.0.0": "loopback",
        "::1": "loopback",
        "::ffff:127.0.0.1": "loopback",
        "169.254.169.254": "link-local",
        "fe80::1": "link-local",
        "10.1.2.3": "private",
        "192.168.0.1": "private",
        "100.64.0.1": "private",
        "fd00::1": "private",
        "93.184.215.14": "public",
        "2606:4700::1111": "public",
    }
    assert {ip: address_scope(ipaddress.ip_address(ip)) for ip in scopes} == scopes
    assert reach_of("http://127.0.0.1:8080/feed") == {"public", "loopback"}
    assert reach_of("http://[::1]/feed") == {"public", "loopback"}


def test_a_folder_file_that_cannot_be_read_is_said_once_and_read_again_when_it_changes(
    store: Store, tmp_path: Path
):
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "table.xlsx").write_bytes(b"PK\x03\x04 a spreadsheet")
    write_old(folder / "empty.txt", "   ")
    os.utime(folder / "table.xlsx", (time.time() - 600, time.time() - 600))
    register(store, str(folder), FOLDER)
    lines: list[str] = []
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for day in range(3):
        watch_round(store, now=now + dt.timedelta(days=day), log=lines.append)
    assert len(lines) == 2 and all(line.endswith("; given up") for line in lines), lines
    assert any("empty.txt" in line and "empty" in line for line in lines)
    write_old(folder / "empty.txt", " ".join(report_text("Waer", 5)), minutes_ago=5)  # filled in
    report = watch_round(store, now=now + dt.timedelta(days=4), log=lines.append)
    assert report.added == 1 and len(lines) == 2


def test_a_feed_with_entity_bombs_and_external_entities_reads_neither():
    pairs = zip("abcdefg", "bcdefgh", strict=True)
    levels = "".join(f'<!ENTITY {name} "{("&" + prev + ";") * 10}">' for prev, name in pairs)
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
        f'{levels}<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<rss version='2.0'><channel><title>&h;</title>"
        "<item><title>&x;</title><link>http://127.0.0.1:9/a</link></item></channel></rss>"
    ).encode()
    started = time.monotonic()
    feed = parse_feed(bomb, "http://127.0.0.1:9/feed")
    assert time.monotonic() - started < 5
    assert len(feed.title or "") < 100 and "root:" not in (feed.entries[0].title or "")
    assert feed.entries[0].link == "http://127.0.0.1:9/a"
