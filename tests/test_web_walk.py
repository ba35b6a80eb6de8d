"""A monitor's walk in a real browser (Debian's Chromium through Playwright), over a real SQLite file:
the overview, the map filtered by type and by the time slider, a cluster opened, a claim with its
evidence brought into view, a search of the document library.

The same walk runs in the English and in the Arabic (right-to-left) interface; then an analyst
enters an incident by hand for review, may not confirm it herself, a second analyst confirms it
from the review queue, and it shows on the map and reaches an alert rule's webhook (a real HTTP receiver on
127.0.0.1). Screenshots go to artifacts/screenshots/walk-*.png (kept by CI as artefacts). Every
sentence in the data is synthetic.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_helpers import chromium, foreign, require_browser, serving, watched_page
from databases import migrated_sqlite
from receivers import webhook_receiver
from synthetic import GOV, seed_synthetic
from trucewatch.alerts import check_alerts
from trucewatch.model import ActorRole, Claim, Document, EventType, Place, Precision, Role, Source, Span, When
from trucewatch.store import add_document, get_claim, open_store, replace_claims, upsert_places
from trucewatch.store.accounts import add_user
from trucewatch.store.alerts import add_rule
from trucewatch.store.db import Store

SHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
PASSWORD = "walk-analyst-pass-1"
VILLAGES = (  # close together north of Homs: one cluster at the zoom the map opens on
    Place("Talbiseh", "SY", 34.84, 36.73, "town", "Homs", "plc_syria", id="plc_talbiseh"),
    Place("Ghanto", "SY", 34.85, 36.74, "village", "Homs", "plc_syria", id="plc_ghanto"),
    Place("Rastan", "SY", 34.92, 36.73, "town", "Homs", "plc_syria", id="plc_rastan"),
)
OUTLIER = Place("Brussels", "BE", 50.85, 4.35, "city", id="plc_brussels")
# A long synthetic log whose last line is the evidence: far below the top of the page.
FILLER = "".join(
    f"Synthetic log line {n}: the checkpoint was quiet and nothing was reported.\n" for n in range(90)
)
MORTAR = "Mortar rounds fell on Talbiseh, Ghanto and Rastan on 3 March 2017, the synthetic log says."
LOG_TEXT = "SYNTHETIC FIELD LOG.\n" + FILLER + MORTAR
BRIEFING = "SYNTHETIC BRIEFING. Envoys met in Brussels on 2 March 2017 to discuss the truce."
INCIDENTS = {  # (words, day, place): each walk's own, so neither's alert rule sees the other's
    "en": (
        "Synthetic call from Rastan: a mortar round hit the flour mill at dawn, one worker killed.",
        "2017-03-06",
        "plc_rastan",
    ),
    "ar": (
        "اتصال تجريبي من تلبيسة: قذيفة هاون أصابت مطحنة الطحين فجرًا وقتلت عاملًا واحدًا.",
        "2017-03-05",
        "plc_talbiseh",
    ),
}
WAITS = {"en": "another analyst confirms it", "ar": "يؤكده محلل آخر"}

playwright_api = require_browser()


def _doc(s: Any, text: str, published: dt.date, title: str) -> str:
    digest = hashlib.sha256(text.encode()).hexdigest()
    doc = Document(
        text=text, content_hash=digest, published=published, source=Source("Synthetic Wire"), title=title
    )
    return str(add_document(s, doc)[0])


@pytest.fixture(scope="module")
def walk_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = open_store(migrated_sqlite(tmp_path_factory.mktemp("walk") / "walk.db"))
    with store.session() as s:
        seed_synthetic(s, hostile=True)
        upsert_places(s, [*VILLAGES, OUTLIER])
        log = _doc(s, LOG_TEXT, dt.date(2017, 3, 4), "Synthetic field log")
        start = LOG_TEXT.index(MORTAR)
        replace_claims(
            s,
            log,
            "test",
            "1",
            [
                Claim(
                    EventType.ATTACK_SHELLING,
                    log,
                    (Span(log, start, start + len(MORTAR)),),
                    When(dt.datetime(2017, 3, 3), Precision.DAY),
                    p.name,
                    p.id,
                    (ActorRole(GOV, Role.PERPETRATOR),),
                )
                for p in VILLAGES
            ],
        )
        far = _doc(s, BRIEFING, dt.date(2017, 3, 2), "Synthetic briefing")
        meeting = Claim(
            EventType.NEGOTIATION_MEETING,
            far,
            (Span(far, 20, len(BRIEFING)),),
            When(dt.datetime(2017, 3, 2), Precision.DAY),
            "Brussels",
            "plc_brussels",
        )
        replace_claims(s, far, "test", "1", [meeting])
        add_user(s, "ana", "analyst", PASSWORD)
        add_user(s, "omar", "analyst", PASSWORD)  # the second analyst who confirms what ana enters
    yield store
    store.close()


@pytest.fixture(scope="module")
def site(walk_store: Store) -> Iterator[str]:
    from trucewatch.api.app import create_app

    with serving(create_app(walk_store)) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(playwright_api) as b:
        yield b


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"walk-{name}.png"), full_page=True)


def _in_view(page: Any, selector: str) -> bool:
    """Whether the element is on screen: inside the window and inside its scrolling box."""
    return bool(
        page.evaluate(
            """(sel) => {
          const el = document.querySelector(sel);
          const r = el.getBoundingClientRect();
          const box = document.getElementById("document").getBoundingClientRect();
          const inWindow = r.bottom > 0 && r.top < window.innerHeight;
          const inBox = r.bottom > box.top && r.top < box.bottom;
          return inWindow && inBox;
        }""",
            selector,
        )
    )


def _logged_in(browser: Any, site: str, name: str = "ana") -> Any:
    page = watched_page(browser)
    page.goto(site + "/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(site + "/")
    return page


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_monitor_walks_from_the_overview_to_a_claim_and_the_library(
    site: str, browser: Any, lang: str
) -> None:
    page = _logged_in(browser, site)

    # 1. The overview, in the interface language asked for: a chart per ceasefire, the last report.
    page.goto(site + f"/?as_of=2017-03-10&lang={lang}")
    assert page.get_attribute("html", "dir") == ("rtl" if lang == "ar" else "ltr")
    assert page.locator("#ceasefires .small-chart svg").count() >= 1
    assert "2017-03-10" in page.inner_text("#last-report")
    _shot(page, f"{lang}-1-overview")

    # 2. The map opens on Homs, not on Europe, in spite of the Brussels meeting.
    page.click("nav a[href='/map']")
    page.wait_for_selector("#map.loaded", timeout=15000)
    centre = page.evaluate(
        "(() => { const c = document.getElementById('map').leafletMap.getCenter();"
        " return [c.lat, c.lng]; })()"
    )
    assert 34 < centre[0] < 36 and 36 < centre[1] < 38, centre
    assert page.locator(".place-cluster").count() >= 1  # the three villages, grouped

    # 3. Filtered by type, then by time with the slider (keyboard, as a visitor may).
    page.select_option("#filter-type", "attack")
    page.wait_for_selector("#map.loaded[data-query='type=attack']", timeout=15000)
    assert page.get_attribute("#map", "data-places") == "4"  # Waer and the three villages
    assert "2017-03-03 – 2017-03-09" in page.inner_text("#slider-text")
    page.focus("#slider-to")
    earlier = "ArrowRight" if lang == "ar" else "ArrowLeft"  # a right-to-left slider runs leftwards
    for _ in range(4):
        page.keyboard.press(earlier)
    page.wait_for_selector("#map.loaded[data-query='type=attack&to=2017-03-05']", timeout=15000)
    assert page.get_attribute("#map", "data-places") == "3"  # Waer's March attacks are later
    assert page.input_value("#filter-to") == "2017-03-05"
    assert "to=2017-03-05" in page.url  # the filtered map is a link to share
    _shot(page, f"{lang}-2-map-filtered")

    # 4. The cluster opens onto its villages.
    page.locator(".place-cluster").first.click()
    talbiseh = page.locator(".place-marker[title^='Talbiseh']")
    talbiseh.wait_for(state="visible", timeout=10000)
    page.wait_for_selector(".place-cluster", state="detached", timeout=10000)  # zoomed in, apart
    _shot(page, f"{lang}-3-cluster-opened")
    talbiseh.click()
    page.locator(".leaflet-popup-content a.type-link", has_text="attack.shelling").click()
    page.wait_for_url("**/places/*/claims?type=attack.shelling")

    # 5. The claim, its evidence (the last line of a long log) brought into view.
    page.locator("table.records a", has_text="attack.shelling").first.click()
    page.wait_for_selector("body[data-evidence-shown='1']", timeout=10000)
    assert page.inner_text("#evidence-1").startswith("Mortar rounds fell on Talbiseh")
    assert _in_view(page, "#evidence-1")
    _shot(page, f"{lang}-4-claim-evidence")

    # 6. The document library: search, a facet.
    page.click("nav a[href='/documents']")
    page.fill("#q", "mortar")
    page.click("#document-search button[type=submit]")
    page.wait_for_url("**/documents?q=mortar*")
    count = page.inner_text("#result-count")
    assert "mortar" in count and ("1 document with" in count if lang == "en" else "1 document" not in count)
    assert page.inner_text("#hits mark").lower() == "mortar"
    page.locator("#facet-source a", has_text="Synthetic Wire").click()
    page.wait_for_url("**source=Synthetic+Wire*")
    assert "Synthetic field log" in page.inner_text("#hits")
    _shot(page, f"{lang}-5-documents")

    assert foreign(page.requested, site) == []  # everything from the app itself, no CDN
    assert page.dialogs == []
    page.context.close()


def test_the_claim_page_without_the_scroll_would_hide_the_evidence(site: str, browser: Any) -> None:
    """The walk's "in view" check can fail: with scripts off, the same evidence is out of view."""
    context = browser.new_context(viewport={"width": 1100, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/login")
    page.fill("input[name=name]", "ana")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(site + "/")
    page.goto(site + "/places/Talbiseh/claims?type=attack.shelling")
    href = page.locator("table.records a", has_text="attack.shelling").first.get_attribute("href")
    page.goto(site + href)
    with_js = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    with_js.goto(site + "/login")
    with_js.fill("input[name=name]", "ana")
    with_js.fill("input[name=password]", PASSWORD)
    with_js.click("button[type=submit]")
    with_js.wait_for_url(site + "/")
    with_js.goto(site + href)
    with_js.wait_for_selector("body[data-evidence-shown='1']", timeout=10000)
    assert _in_view(with_js, "#evidence-1")
    # evaluate() runs even with page scripts off; the page's own claim.js did not.
    assert not _in_view(page, "#evidence-1")
    page.click("a.to-evidence")  # the link works without scripts
    assert _in_view(page, "#evidence-1")
    context.close()
    with_js.context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_an_incident_added_by_hand_shows_on_the_map_and_reaches_the_alert_receiver(
    walk_store: Store, site: str, browser: Any, lang: str
) -> None:
    words, day, place_id = INCIDENTS[lang]
    with webhook_receiver() as (url, hook):
        with walk_store.session() as s:
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            add_rule(
                s, place_id=place_id, types=[EventType.ATTACK_SHELLING], threshold=1, webhook=url, now=now
            )
        page = _logged_in(browser, site)
        page.goto(site + f"/?lang={lang}")  # the interface language, remembered from here on
        page.click("nav a[href='/incidents/new']")
        assert page.get_attribute("html", "dir") == ("rtl" if lang == "ar" else "ltr")
        page.select_option("select[name=type]", "attack.shelling")
        page.fill("textarea[name=description]", words)
        page.fill("input[name=date]", day)
        page.select_option("select[name=place]", place_id)
        page.select_option("select[name=qualifier]", "exact")
        page.fill("input[name=value]", "1")
        page.select_option("select[name=kind]", "killed")
        page.check("input[name=review]")  # a second look before it counts as confirmed
        page.click("#incident button[type=submit]")
        page.wait_for_url("**/claims/*")
        assert words in page.inner_text("main")
        _shot(page, f"{lang}-6-incident-added")
        claim_id = page.url.rsplit("/", 1)[-1]

        page.click("nav a[href='/review']")  # the review queue holds it; its author may not confirm it
        assert WAITS[lang] in page.inner_text(f"#claim-{claim_id}")
        assert page.locator(f"#claim-{claim_id} button.confirm").count() == 0
        page.context.close()

        page = _logged_in(browser, site, "omar")  # a second analyst confirms it from the queue
        page.goto(site + f"/review?lang={lang}")
        page.locator(f"#claim-{claim_id} button.confirm").click()
        page.wait_for_url(site + "/review")
        assert page.locator(f"#claim-{claim_id}").count() == 0
        with walk_store.session() as s:
            confirmed = get_claim(s, claim_id)
        assert confirmed is not None and confirmed.status.value == "confirmed"

        page.goto(site + f"/map?type=attack&from={day}&to={day}")
        page.wait_for_selector(f"#map.loaded[data-query='type=attack&from={day}&to={day}']", timeout=15000)
        assert page.get_attribute("#map", "data-places") == "1"  # that place, that day: the incident alone
        _shot(page, f"{lang}-7-incident-on-map")
        page.context.close()

        report = check_alerts(walk_store)
    assert [n for _, n in report.sent] == [1]
    (body,) = hook.bodies
    (told,) = body["claims"]
    assert told["type"] == "attack.shelling" and told["date"] == day and told["figures"] == {"killed": 1}
    assert words not in json.dumps(body)  # a notice never quotes the words
