"""The pages in a real browser (Debian's Chromium through Playwright), over a real SQLite file.

Screenshots go to artifacts/screenshots/ (kept by CI as artefacts).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser_helpers import chromium, require_browser, serving
from databases import migrated_sqlite
from synthetic import SyntheticIds, seed_synthetic
from trucewatch.model import Status
from trucewatch.store import get_claim, open_store
from trucewatch.store.accounts import add_user

SHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
# Where Waer's circles are drawn, in page pixels (the map element exposes its Leaflet map).
WAER_MARKER = """() => {
  const el = document.getElementById("map");
  const map = el.leafletMap;
  let found = null;
  map.eachLayer((l) => { if (l.feature && l.feature.properties.place === "Waer") { found = l; } });
  const p = map.latLngToContainerPoint(found.getLatLng());
  const box = el.getBoundingClientRect();
  return [box.left + p.x, box.top + p.y];
}"""
PASSWORDS = {"ada": "admin-pass-1", "ana": "analyst-pass-1", "vic": "viewer-pass-1"}
ROLES = {"ada": "admin", "ana": "analyst", "vic": "viewer"}

playwright_api = require_browser()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, SyntheticIds]]:
    from trucewatch.api.app import create_app

    db = tmp_path_factory.mktemp("web") / "web.db"
    url = migrated_sqlite(db)
    store = open_store(url)
    with store.session() as s:
        ids = seed_synthetic(s, hostile=True)
        for name, role in ROLES.items():
            add_user(s, name, role, PASSWORDS[name])
    with serving(create_app(store)) as base:
        yield base, url, ids
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium(playwright_api) as b:
        yield b


def _login(browser: object, base: str, name: str) -> object:
    context = browser.new_context(viewport={"width": 1100, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs
    page.goto(base + "/")
    assert "/login" in page.url
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORDS[name])
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
    assert name in page.inner_text("#who")
    return page


def _shot(page: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def _no_script_ran(page: object) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined"  # type: ignore[attr-defined]
    assert page.dialogs == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["ada", "ana", "vic"])
def test_each_role_walks_overview_map_event_evidence(
    served: tuple[str, str, SyntheticIds], browser: object, name: str
) -> None:
    base, _url, ids = served
    page = _login(browser, base, name)
    page.goto(base + "/?as_of=2017-03-10")
    assert "194 of 7,300 detainees released — 2.7 %" in page.inner_text("#agreements")
    assert "Violated" in page.inner_text("#ceasefires")
    _shot(page, f"{name}-1-overview")

    page.goto(base + "/map")
    page.wait_for_selector("#map.loaded", timeout=15000)
    assert int(page.get_attribute("#map", "data-count")) >= 4  # one point per (place, type)
    assert int(page.get_attribute("#map", "data-claims")) >= 6
    page.wait_for_selector("#map[data-outlines]", timeout=15000)  # offline country outlines from world-atlas
    assert int(page.get_attribute("#map", "data-outlines")) > 100
    assert page.locator(".leaflet-overlay-pane canvas").count() >= 1
    assert page.evaluate("document.getElementById('map').leafletMap.getZoom()") <= 9  # not street level
    _shot(page, f"{name}-2-map")

    # Select Waer's circle where it is drawn (a click on the canvas, as a visitor does).
    x, y = page.evaluate(WAER_MARKER)
    page.mouse.click(x, y)
    shelling = page.locator(".leaflet-popup-content a.type-link", has_text="attack.shelling")
    shelling.wait_for(timeout=5000)
    popup = page.inner_text(".leaflet-popup-content")
    assert "Waer" in popup
    assert "Anonymous negotiator" not in popup and "Government artillery" not in popup  # counts only
    shelling.click()
    page.wait_for_url("**/places/*/claims?type=attack.shelling")
    assert "shelling (artillery, mortars, rockets) in Waer" in page.inner_text("h1")
    _shot(page, f"{name}-3-map-point-claims")

    # The hostile report: its markup is shown as text, its script never runs.
    page.goto(f"{base}/claims/{ids.claims['hostile']}")
    evidence = page.inner_text("mark.evidence")
    assert "<script>window.__pwned = 1</script>" in evidence and "onerror" in evidence
    assert page.locator("#document img, #document a, #document script").count() == 0
    _no_script_ran(page)
    _shot(page, f"{name}-3-hostile-evidence")

    # A confidential source, reached from the map's list: analysts and admins see it, viewers see it withheld.
    page.goto(base + "/map")
    page.wait_for_selector("#map.loaded", timeout=15000)
    x, y = page.evaluate(WAER_MARKER)
    page.mouse.click(x, y)
    page.locator(".leaflet-popup-content a.type-link", has_text="attack.shelling").click()
    page.wait_for_url("**/places/*/claims?type=attack.shelling")
    page.click(f"a[href='/claims/{ids.claims['shelling']}']")
    page.wait_for_url(f"**/claims/{ids.claims['shelling']}")
    text = page.inner_text("main")
    if ROLES[name] == "viewer":
        assert "Anonymous negotiator" not in text and "Government artillery" not in text
        assert "confidential source" in page.inner_text("#source")
    else:
        assert "Anonymous negotiator" in page.inner_text("#source")
        assert page.inner_text("mark.evidence").startswith("Government artillery struck Waer")
    _shot(page, f"{name}-4-claim")

    page.goto(f"{base}/places/Waer/timeline")
    assert page.locator("svg rect").count() >= 1
    _no_script_ran(page)

    page.goto(base + "/review")
    if ROLES[name] == "viewer":
        assert "Forbidden" in page.inner_text("body")
    else:
        assert page.locator("article.review").count() >= 1
    page.context.close()


def test_analyst_confirms_a_claim_in_the_review_queue(
    served: tuple[str, str, SyntheticIds], browser: object
) -> None:
    base, url, ids = served
    target = ids.claims["aid"]
    page = _login(browser, base, "ana")
    page.goto(base + "/review")
    card = page.locator(f"#claim-{target}")
    card.locator("button.confirm").click()
    page.wait_for_url(base + "/review")
    assert page.locator(f"#claim-{target}").count() == 0  # no longer proposed
    _shot(page, "ana-5-review-after-confirm")
    with open_store(url) as store, store.session() as s:
        claim = get_claim(s, target)
        assert claim is not None and claim.status == Status.CONFIRMED
    page.goto(f"{base}/claims/{target}")
    assert page.inner_text("#status") == "confirmed"
    page.context.close()


def test_hostile_report_page_runs_no_script(served: tuple[str, str, SyntheticIds], browser: object) -> None:
    base, _url, _ids = served
    page = _login(browser, base, "ana")
    page.goto(base + "/report?place=Waer&to=2017-03-10")
    assert "<script>window.__pwned = 1</script>" in page.inner_text("#claims")
    _no_script_ran(page)
    _shot(page, "ana-6-situation-report")
    page.context.close()


def test_a_claim_opened_from_the_list_shows_its_evidence_and_leads_to_its_document(
    served: tuple[str, str, SyntheticIds], browser: object
) -> None:
    base, _url, ids = served
    page = _login(browser, base, "vic")
    page.goto(f"{base}/places/Waer/claims?type=detainees.released")
    page.click(f"a.claim-link[href='/claims/{ids.claims['released']}']")
    page.wait_for_url(f"**/claims/{ids.claims['released']}")
    page.wait_for_selector("body[data-evidence-shown='1']", timeout=5000)
    assert page.inner_text("h1").endswith("detainees.released")
    assert "to the month" in page.inner_text("#claim-date")
    assert "(perpetrator)" in page.inner_text("#claim-actors")
    assert page.inner_text("mark.evidence") == "so far 194 have been freed"
    assert page.locator("mark.evidence").is_visible()
    _shot(page, "vic-7-claim-detail")
    page.click("#document-link")
    page.wait_for_url(f"**/documents/{ids.documents['main']}")
    assert page.inner_text("#title") == "Synthetic: truce begins"
    assert page.locator("#claims + .scroll a.claim-link").count() == 5
    # The hostile document's page: its title and text are text, no script runs.
    page.goto(f"{base}/documents/{ids.documents['hostile']}")
    assert "<script>window.__pwned = 1</script>" in page.inner_text("#title")
    _no_script_ran(page)
    page.context.close()


def test_the_map_shades_each_country_by_the_claims_inside_it(
    served: tuple[str, str, SyntheticIds], browser: object
) -> None:
    base, _url, _ids = served
    page = _login(browser, base, "ana")
    page.goto(base + "/map")
    page.wait_for_selector("#map.loaded[data-outlines]", timeout=15000)
    assert page.get_attribute("#map", "data-shaded") is None and page.is_hidden("#shade-legend")
    page.check("#shade-countries")
    page.wait_for_selector("#map[data-shaded]", timeout=5000)
    shaded = json.loads(page.get_attribute("#map", "data-shaded"))
    # every synthetic place is in Syria: its outline holds all the claims the points count
    assert shaded == {"Syria": int(page.get_attribute("#map", "data-claims"))}
    assert page.is_visible("#shade-legend")
    assert page.locator(".leaflet-overlay-pane svg path").count() == 1
    _shot(page, "ana-map-shaded-countries")

    # a filter recounts the shading from the points it keeps
    page.select_option("#filter-type", "attack.shelling")
    page.wait_for_function("() => document.getElementById('map').dataset.query === 'type=attack.shelling'")
    page.wait_for_selector("#map.loaded[data-shaded]", timeout=5000)
    shelling = json.loads(page.get_attribute("#map", "data-shaded"))
    assert shelling == {"Syria": int(page.get_attribute("#map", "data-claims"))}
    assert 0 < shelling["Syria"] < shaded["Syria"]

    page.uncheck("#shade-countries")
    assert page.get_attribute("#map", "data-shaded") is None and page.is_hidden("#shade-legend")
    assert page.locator(".leaflet-overlay-pane svg path").count() == 0
    page.context.close()


def test_a_printed_claim_keeps_its_evidence_and_drops_the_navigation(
    served: tuple[str, str, SyntheticIds], browser: object
) -> None:
    base, _url, ids = served
    page = _login(browser, base, "ana")
    page.goto(f"{base}/claims/{ids.claims['released']}")
    assert page.is_visible("header.top")
    page.emulate_media(media="print")
    assert page.is_hidden("header.top")
    assert page.locator("mark.evidence").is_visible()
    after = "(el) => getComputedStyle(el, '::after').content"
    assert page.eval_on_selector("#document-link", after) == f'" (/documents/{ids.documents["main"]})"'
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(SHOTS / "ana-claim-printed.pdf"))  # Chromium's own print of the page
    assert (SHOTS / "ana-claim-printed.pdf").read_bytes().startswith(b"%PDF")
    page.goto(base + "/map")  # a page with forms: on paper its filters are gone, the map stays
    assert page.is_hidden("#map-filters") and page.is_visible("#map")
    page.context.close()
