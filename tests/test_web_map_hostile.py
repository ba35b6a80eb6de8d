"""A place whose name carries markup (say, from an ACLED import) shows on the map as text only.

The map's tooltip and popup are built from DOM nodes whose text is set with
textContent; Leaflet renders a string it is given as HTML, so a string would
put the name's <img onerror> into the page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_helpers import chromium, require_browser, serving, watched_page
from databases import migrated_sqlite
from trucewatch.api.app import create_app
from trucewatch.model import Claim, Document, EventType, Place, Precision, Source, Span, When
from trucewatch.store import add_document, open_store, replace_claims, upsert_places
from trucewatch.store.accounts import add_user

playwright_api = require_browser()

HOSTILE_NAME = 'Tell <img src="x" onerror="window.__pwned = 1; alert(1)"><b>Bold</b> Qasr'
PASSWORD = "a long synthetic password"
TEXT = "SYNTHETIC NOTE. Mortar fire hit the village on 4 May 2019."
# Where the hostile place's circle is drawn, in page pixels.
HOSTILE_MARKER = """() => {
  const el = document.getElementById("map");
  let found = null;
  el.leafletMap.eachLayer((l) => {
    if (l.feature && l.feature.properties.place_id === "plc_hostile") { found = l; }
  });
  const p = el.leafletMap.latLngToContainerPoint(found.getLatLng());
  const box = el.getBoundingClientRect();
  return [box.left + p.x, box.top + p.y];
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path: Path = tmp_path_factory.mktemp("hostile-map") / "map.db"
    store = open_store(migrated_sqlite(path))
    with store.session() as s:
        upsert_places(
            s,
            [
                Place("Syria", "SY", 35.0, 38.0, "country", id="plc_syria"),
                Place(HOSTILE_NAME, "SY", 35.2, 37.1, "village", parent_id="plc_syria", id="plc_hostile"),
            ],
        )
        doc = Document(
            text=TEXT,
            content_hash=hashlib.sha256(TEXT.encode()).hexdigest(),
            published=dt.date(2019, 5, 5),
            source=Source("Synthetic Wire"),
        )
        doc_id, _ = add_document(s, doc)
        claim = Claim(
            EventType.ATTACK_SHELLING,
            doc_id,
            (Span(doc_id, 16, len(TEXT)),),
            When(dt.datetime(2019, 5, 4), Precision.DAY),
            HOSTILE_NAME,
            "plc_hostile",
        )
        replace_claims(s, doc_id, "synthetic", "1", [claim])
        add_user(s, "ana", "analyst", PASSWORD)
    with serving(create_app(store)) as base:
        yield base
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(playwright_api) as b:
        yield b


def _map_page(browser: Any, base: str) -> Any:
    page = watched_page(browser)
    page.goto(base + "/login")
    page.fill("input[name=name]", "ana")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
    page.goto(base + "/map")
    page.wait_for_selector("#map.loaded", timeout=15000)
    return page


def _nothing_injected(page: Any, where: str) -> None:
    assert page.locator(f"{where} img, {where} b, {where} script").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.dialogs == []


def test_tooltip_shows_a_hostile_place_name_as_text(site: str, browser: Any) -> None:
    page = _map_page(browser, site)
    x, y = page.evaluate(HOSTILE_MARKER)
    page.mouse.move(x, y)
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=5000)
    assert HOSTILE_NAME in tooltip.inner_text()
    assert "attack.shelling 1" in tooltip.inner_text()
    _nothing_injected(page, ".leaflet-tooltip")
    page.context.close()


def test_popup_and_place_list_show_a_hostile_place_name_as_text(site: str, browser: Any) -> None:
    page = _map_page(browser, site)
    x, y = page.evaluate(HOSTILE_MARKER)
    page.mouse.click(x, y)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5000)
    assert HOSTILE_NAME in popup.locator("strong").inner_text()
    _nothing_injected(page, ".leaflet-popup-content")
    assert HOSTILE_NAME in page.inner_text("#map-places")
    _nothing_injected(page, "#map-places")
    assert not [u for u in page.requested if u.endswith("/x")]  # the name's <img src="x"> never loaded
    page.context.close()
