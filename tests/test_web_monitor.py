"""The monitoring pages through the ASGI app: the map's filters and region, the overview's
"what changed", the document library's search and facets, and the HTML error pages.

Real stores (SQLite, and PostgreSQL when configured). Every sentence here is synthetic.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from synthetic import GOV, SyntheticIds, seed_synthetic
from trucewatch.api.app import create_app
from trucewatch.model import ActorRole, Claim, Document, EventType, Place, Precision, Role, Source, Span, When
from trucewatch.store import Store, add_document, replace_claims, upsert_places
from trucewatch.store.accounts import add_user

BRUSSELS = Place("Brussels", "BE", 50.85, 4.35, "city", id="plc_brussels")
NEAR_HOMS = (
    Place("Talbiseh", "SY", 34.84, 36.73, "town", "Homs", "plc_syria", id="plc_talbiseh"),
    Place("Rastan", "SY", 34.92, 36.73, "town", "Homs", "plc_syria", id="plc_rastan"),
)
# Synthetic sentences, written for these tests.
OUTLIER_TEXT = "SYNTHETIC BRIEFING. Envoys met in Brussels on 2 March 2017 to discuss the truce."
MORTAR_TEXT = "SYNTHETIC FIELD NOTE. Mortar rounds fell on Talbiseh and Rastan on 3 March 2017."


def _day(y: int, m: int, d: int) -> When:
    return When(dt.datetime(y, m, d), Precision.DAY)


def _doc(s: object, text: str, source: Source, published: dt.date, **kw: object) -> str:
    doc = Document(
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        published=published,
        source=source,
        **kw,  # type: ignore[arg-type]
    )
    return add_document(s, doc)[0]  # type: ignore[arg-type]


@pytest.fixture
def monitored(store: Store) -> Iterator[tuple[Store, SyntheticIds]]:
    with store.session() as s:
        ids = seed_synthetic(s, hostile=True)
        upsert_places(s, [BRUSSELS, *NEAR_HOMS])
        wire = Source("Synthetic Wire", "outlet")
        far = _doc(s, OUTLIER_TEXT, wire, dt.date(2017, 3, 2), title="Synthetic briefing")
        replace_claims(
            s,
            far,
            "test",
            "1",
            [
                Claim(
                    EventType.NEGOTIATION_MEETING,
                    far,
                    (Span(far, 0, 20),),
                    _day(2017, 3, 2),
                    "Brussels",
                    "plc_brussels",
                )
            ],
        )
        near = _doc(s, MORTAR_TEXT, wire, dt.date(2017, 3, 4), title="Synthetic field note")
        shell = [
            Claim(
                EventType.ATTACK_SHELLING,
                near,
                (Span(near, 22, len(MORTAR_TEXT)),),
                _day(2017, 3, 3),
                name,
                pid,
                (ActorRole(GOV, Role.PERPETRATOR),),
            )
            for name, pid in (("Talbiseh", "plc_talbiseh"), ("Rastan", "plc_rastan"))
        ]
        replace_claims(s, near, "test", "1", shell)
        for name, role in (("ana", "analyst"), ("vic", "viewer")):
            add_user(s, name, role, f"{name}-password-1")
    yield store, ids


def _client(store: Store, name: str) -> TestClient:
    client = TestClient(create_app(store, public_read=False))
    response = client.post(
        "/login", data={"name": name, "password": f"{name}-password-1"}, follow_redirects=False
    )
    assert response.status_code == 303
    return client


# --- the map ------------------------------------------------------------------------------


def test_map_opens_on_the_main_region_not_on_a_far_outlier(monitored: tuple[Store, SyntheticIds]) -> None:
    store, _ids = monitored
    data = _client(store, "ana").get("/map/events.geojson").json()
    assert "Brussels" in {f["properties"]["place"] for f in data["features"]}  # still drawn
    (south, west), (north, east) = data["region"]
    assert 34 < south <= north < 36 and 36 < west <= east < 37.5  # Homs governorate, not Belgium


def test_map_filters_by_actor_and_type_and_reports_the_date_extent(
    monitored: tuple[Store, SyntheticIds],
) -> None:
    store, _ids = monitored
    client = _client(store, "ana")
    by_actor = client.get("/map/events.geojson", params={"actor": GOV, "type": "attack"}).json()
    places = {f["properties"]["place"] for f in by_actor["features"]}
    assert places == {"Waer", "Talbiseh", "Rastan"}  # the airstrike names no actor; Brussels no attack
    assert by_actor["extent"] == {"first": "2017-03-03", "last": "2017-03-09"}
    window = client.get(
        "/map/events.geojson", params={"type": "attack", "from": "2017-03-08", "to": "2017-03-31"}
    ).json()
    assert {(f["properties"]["place"], f["properties"]["type"]) for f in window["features"]} == {
        ("Waer", "attack.shelling")
    }
    assert window["extent"]["first"] == "2017-03-03"  # the slider keeps its ends while it moves


def test_map_page_lists_actor_names_as_text(monitored: tuple[Store, SyntheticIds]) -> None:
    store, _ids = monitored
    page = _client(store, "vic").get("/map", params={"type": "attack"}).text
    assert f'<option value="{GOV}"' in page
    assert '<option value="attack" selected>' in page
    assert _client(store, "vic").get("/map", params={"type": "no-such"}).status_code == 400


# --- the overview -------------------------------------------------------------------------


def test_overview_links_each_figure_to_its_evidence_and_draws_a_chart_per_ceasefire(
    monitored: tuple[Store, SyntheticIds],
) -> None:
    store, ids = monitored
    page = _client(store, "ana").get("/", params={"as_of": "2017-03-10"}).text
    ceasefires = page.split('id="ceasefires"')[1].split('id="agreements"')[0]
    assert ceasefires.count('class="small-chart"') == ceasefires.count("ceasefire-card") >= 1
    assert 'class="bar-after"' in ceasefires  # the 9 March shelling, after the start
    # Each bar opens the map on its day's attacks at the ceasefire's place.
    assert 'href="/map?type=attack&amp;place=plc_waer&amp;from=2017-03-09&amp;to=2017-03-09"' in ceasefires
    day = {"type": "attack", "place": "plc_waer", "from": "2017-03-09", "to": "2017-03-09"}
    points = _client(store, "ana").get("/map/events.geojson", params=day).json()["features"]
    assert [(f["properties"]["type"], f["properties"]["count"]) for f in points] == [("attack.shelling", 1)]
    assert f'<a class="last-violation" href="/claims/{ids.claims["shelling"]}">' in ceasefires
    sieges = page.split('id="sieges"')[1]
    assert f'<a href="/claims/{ids.claims["aid"]}">135</a>' in sieges  # 26 October 2016 to 10 March 2017
    assert f'<a href="/claims/{ids.claims["siege"]}">50,000</a>' in sieges
    assert "Last report received" in page and 'id="stale"' not in page


def test_overview_warns_of_stale_data_and_hides_a_confidential_last_report(
    monitored: tuple[Store, SyntheticIds],
) -> None:
    store, ids = monitored
    late = _client(store, "ana").get("/", params={"as_of": "2017-06-30"}).text
    assert 'id="stale"' in late and "112 days since" in late  # the confidential note of 10 March
    assert f'href="/documents/{ids.documents["shelling"]}"' in late
    viewer = _client(store, "vic").get("/", params={"as_of": "2017-03-10"}).text
    last = viewer.split('id="last-report"')[1].split("</p>")[0]
    assert ids.documents["shelling"] not in viewer and "shelling note" not in viewer
    assert "2017-03-08" in last  # the newest report a viewer may see


# --- the document library -----------------------------------------------------------------

ARABIC_TEXT = "نص اختباري مصطنع. قصفت المدفعية حي الوعر صباح اليوم."
SECRET_TEXT = "SYNTHETIC CONFIDENTIAL MEMO. The quartermaster counted ninety trucks at the crossing."


@pytest.fixture
def library(monitored: tuple[Store, SyntheticIds]) -> Iterator[tuple[Store, SyntheticIds, str]]:
    store, ids = monitored
    with store.session() as s:
        _doc(s, ARABIC_TEXT, Source("Synthetic Arabic Wire", "outlet"), dt.date(2017, 4, 2), language="ar")
        memo = _doc(
            s,
            SECRET_TEXT,
            Source("Synthetic Wire", "outlet"),  # an open source; the memo itself is confidential
            dt.date(2017, 4, 3),
            title="Synthetic quartermaster memo",
            confidential=True,
        )
    yield store, ids, memo


def test_search_finds_words_in_any_language_and_facets_count_what_is_shown(
    library: tuple[Store, SyntheticIds, str],
) -> None:
    store, ids, _memo = library
    client = _client(store, "vic")
    page = client.get("/documents", params={"q": "Waer"}).text
    assert f'href="/documents/{ids.documents["main"]}"' in page
    assert "<mark>Waer</mark>" in page
    assert "2 documents with" in page  # the main report and the hostile one; not the confidential note
    arabic = client.get("/documents", params={"q": "الوعر"}).text
    assert "1 document with" in arabic and "<mark>الوعر</mark>" in arabic
    assert '<a href="/documents?q=%D8%A7%D9%84%D9%88%D8%B9%D8%B1&amp;language=ar">ar</a> (1)' in arabic
    by_source = client.get("/documents", params={"source": "Synthetic Wire"}).text
    assert "2 documents" in by_source  # the briefing and the field note
    assert "<script>" not in client.get("/documents", params={"q": "pwned"}).text.split("<main>")[1]


def test_a_viewer_never_sees_a_confidential_document_or_its_count(
    library: tuple[Store, SyntheticIds, str],
) -> None:
    store, ids, memo = library
    analyst = _client(store, "ana").get("/documents", params={"q": "trucks"}).text
    assert "1 document with" in analyst and f'href="/documents/{memo}"' in analyst
    viewer = _client(store, "vic")
    hidden = viewer.get("/documents", params={"q": "trucks"}).text
    assert "0 documents with" in hidden and memo not in hidden and "quartermaster" not in hidden
    everything = viewer.get("/documents").text
    assert "Anonymous negotiator" not in everything  # the confidential source, not even as a facet
    assert "Synthetic Wire</bdi></a> (2)" in everything  # the memo is not counted under its open source
    assert "2017-04</a> (1)" in everything  # April: the Arabic note alone
    assert viewer.get(f"/documents/{memo}").status_code == 404
    assert viewer.get(f"/documents/{ids.documents['shelling']}").status_code == 404
    assert _client(store, "ana").get(f"/documents/{memo}").status_code == 200


def test_search_treats_query_syntax_as_plain_words(library: tuple[Store, SyntheticIds, str]) -> None:
    store, _ids, _memo = library
    client = _client(store, "ana")
    for odd in ('"unbalanced', "NEAR(", "text:Waer OR", "*", "-"):
        response = client.get("/documents", params={"q": odd})
        assert response.status_code == 200, odd
    assert "1 document with" in client.get("/documents", params={"q": 'artillery"'}).text


# --- error pages --------------------------------------------------------------------------


def test_pages_answer_errors_with_styled_html_and_the_api_keeps_problem_json(
    monitored: tuple[Store, SyntheticIds],
) -> None:
    store, _ids = monitored
    viewer = _client(store, "vic")
    forbidden = viewer.get("/review")
    assert forbidden.status_code == 403 and forbidden.headers["content-type"].startswith("text/html")
    assert "<h1>Forbidden</h1>" in forbidden.text and 'href="/static/app/app.css"' in forbidden.text
    missing = viewer.get("/places/Waer/claims")
    assert missing.status_code == 422 and missing.headers["content-type"].startswith("text/html")
    assert "type (missing)" in missing.text and "<h1>" in missing.text
    unknown = viewer.get("/no-such-page", headers={"accept": "text/html"})
    assert unknown.status_code == 404 and "<h1>Not found</h1>" in unknown.text
    api = viewer.get("/api/no-such-thing", headers={"accept": "text/html"})
    assert api.status_code == 404 and api.headers["content-type"] == "application/problem+json"
    assert viewer.get("/no-such-page").headers["content-type"] == "application/problem+json"


def test_claim_page_marks_the_first_evidence_as_the_place_to_scroll_to(
    monitored: tuple[Store, SyntheticIds],
) -> None:
    store, ids = monitored
    page = _client(store, "ana").get(f"/claims/{ids.claims['aid']}").text
    assert '<script src="/static/app/claim.js" defer></script>' in page
    assert '<mark class="evidence" id="evidence-1"' in page and 'href="#evidence-1"' in page


def test_public_read_searches_only_documents_of_public_sources(
    library: tuple[Store, SyntheticIds, str],
) -> None:
    from trucewatch.store.sources import update_source

    store, ids, _memo = library
    with store.session() as s:
        update_source(s, "Synthetic Outlet", public=True, actor="cli:test")
    anonymous = TestClient(create_app(store, public_read=True))
    page = anonymous.get("/documents", params={"q": "Waer"}).text
    assert "1 document with" in page and f'href="/documents/{ids.documents["main"]}"' in page
    assert "Synthetic Wire" not in anonymous.get("/documents").text  # a source not marked public
    assert anonymous.get(f"/documents/{ids.documents['main']}").status_code == 200
    assert anonymous.get(f"/documents/{ids.documents['hostile']}").status_code == 404


def test_the_search_index_migration_indexes_documents_stored_before_it(tmp_path: Path) -> None:
    from trucewatch.store import open_store
    from trucewatch.store.db import create_store_engine, upgrade
    from trucewatch.store.search import Filters, search

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_store_engine(url)
    upgrade(engine, "0008_feeds")
    engine.dispose()
    old = open_store(url, migrate=False)
    with old.session() as s:
        _doc(
            s, "SYNTHETIC OLD NOTE. A water tanker reached the camp.", Source("Old Wire"), dt.date(2016, 1, 2)
        )
    upgrade(old.engine)
    with old.session() as s:
        assert search(s, Filters("tanker"), None).total == 1
        _doc(
            s, "SYNTHETIC NEW NOTE. A second tanker was turned back.", Source("Old Wire"), dt.date(2016, 1, 3)
        )
        assert search(s, Filters("tanker"), None).total == 2  # the trigger indexed the new one
        assert search(s, Filters("tanker turned"), None).total == 1  # every word required
    old.close()


def test_a_hostile_actor_name_is_text_in_the_map_filter(monitored: tuple[Store, SyntheticIds]) -> None:
    store, ids = monitored
    hostile = '<img src=x onerror="window.__pwned=1">Militia'
    doc = ids.documents["main"]
    with store.session() as s:
        claim = Claim(
            EventType.ATTACK_SHELLING,
            doc,
            (Span(doc, 0, 9),),
            _day(2017, 3, 5),
            "Waer",
            "plc_waer",
            (ActorRole(hostile, Role.PERPETRATOR),),
        )
        replace_claims(s, doc, "test-hostile", "1", [claim])
    client = _client(store, "vic")
    page = client.get("/map").text
    options = page.split('id="filter-actor"')[1].split("</select>")[0]
    assert "&lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt;Militia" in options
    assert "<img" not in options
    data = client.get("/map/events.geojson", params={"actor": hostile}).json()
    assert [(f["properties"]["place"], f["properties"]["count"]) for f in data["features"]] == [("Waer", 1)]


def test_search_folds_arabic_vowel_marks_and_hamza_forms_both_ways(store: Store) -> None:
    import importlib

    from trucewatch.store import search as search_module
    from trucewatch.store.search import Filters, search

    voweled = "نص مصطنع للاختبار. سقطت قذائف على حيّ الوَعر، وقد أُغلِق الطريق."
    plain = "نص مصطنع آخر. قالت لجنة الاحياء ان الطريق اغلق مساء امس."
    with store.session() as s:
        _doc(s, voweled, Source("Synthetic Arabic Wire", "outlet"), dt.date(2017, 4, 1), language="ar")
        _doc(s, plain, Source("Synthetic Arabic Wire", "outlet"), dt.date(2017, 4, 2), language="ar")
        assert search(s, Filters("الوعر"), None).total == 1  # no vowels typed, a voweled text
        assert search(s, Filters("الوَعر"), None).total == 1  # vowels typed
        assert search(s, Filters("أغلق"), None).total == 2  # hamza typed; one text has it, one not
        assert search(s, Filters("اغلق الطريق"), None).total == 2
        hit = next(
            h for h in search(s, Filters("الوعر"), None).hits if "الوَعر" in "".join(t for t, _ in h.snippet)
        )
        assert ("الوَعر", True) in hit.snippet  # the text as written is what is marked
    migration = importlib.import_module("trucewatch.store.migrations.versions.0011_search_arabic_folding")
    assert (migration.MARKS, migration.ALEF_FORMS) == (search_module.ARABIC_MARKS, search_module.ALEF_FORMS)
