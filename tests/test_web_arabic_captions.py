"""The Arabic interface's chart captions and compliance phrases over real HTTP (no English left
where the catalogue has the words), and the English ones unchanged.

Real stores (SQLite, and PostgreSQL when configured). Every sentence here is synthetic.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from synthetic import SyntheticIds, seed_synthetic
from trucewatch.api.app import create_app
from trucewatch.ledger.compliance import Compliance
from trucewatch.model import Qualifier
from trucewatch.report.render import compliance_phrase
from trucewatch.store import Store
from trucewatch.store.accounts import add_user
from trucewatch.web.i18n import translations
from trucewatch.web.views import compliance_text


@pytest.fixture
def viewer(store: Store) -> Iterator[tuple[TestClient, SyntheticIds]]:
    with store.session() as s:
        ids = seed_synthetic(s, hostile=True)
        add_user(s, "vic", "viewer", "vic-password-1")
    client = TestClient(create_app(store, public_read=False))
    response = client.post(
        "/login", data={"name": "vic", "password": "vic-password-1"}, follow_redirects=False
    )
    assert response.status_code == 303
    yield client, ids


def _text(page: str) -> str:
    """The visible text of <main>, tags dropped and entities read (for phrases split by markup)."""
    return html.unescape(re.sub(r"<[^>]+>", "", page.split("<main>")[1]))


def test_overview_captions_and_compliance_in_arabic_and_unchanged_in_english(
    viewer: tuple[TestClient, SyntheticIds],
) -> None:
    client, _ids = viewer
    arabic = client.get("/?as_of=2017-03-10&lang=ar").text
    english = client.get("/?as_of=2017-03-10&lang=en").text
    shown = _text(arabic)
    assert "الإفراج عن المعتقلين: 194 من أصل 7,300 — 2.7 %" in shown
    assert ">جزئي</span>" in arabic  # the commitment's status
    caption = arabic.split('class="small-chart"')[1].split("</figcaption>")[0]
    assert re.search(r"(هجوم واحد خلال الفترة|الهجمات خلال الفترة: \d+)", caption)
    assert "الحد الأقصى" in caption and "in the window" not in caption and "max " not in caption
    assert "<title>الهجمات في اليوم: " in arabic
    assert "194 of 7,300 detainees released — 2.7 %" in _text(english)
    assert re.search(r"\d+ attacks? in the window", english) and "max 1 per day" in english
    assert ">partial</span>" in english


def test_ceasefire_timeline_and_trends_charts_in_arabic(viewer: tuple[TestClient, SyntheticIds]) -> None:
    client, ids = viewer
    ceasefire = _text(client.get(f"/ceasefires/{ids.ceasefire_id}?as_of=2017-03-10&lang=ar").text)
    assert re.search(
        r"الهجمات في اليوم: \d+ خلال الفترة؛ يشير الخط المتقطع إلى بدء وقف إطلاق النار\.", ceasefire
    )
    assert "in the period" not in ceasefire and "ceasefire start" not in ceasefire
    timeline = _text(client.get("/places/plc_waer/timeline?to=2017-03-31&lang=ar").text)
    assert "الهجمات في اليوم: " in timeline and "Attacks per day" not in timeline
    trends = _text(client.get("/trends?to=2017-03-31&weeks=8&lang=ar").text)
    assert "القتلى في الأسبوع: " in trends and "attack.shelling في الأسبوع: " in trends
    assert "per week" not in trends
    english = _text(client.get(f"/ceasefires/{ids.ceasefire_id}?as_of=2017-03-10&lang=en").text)
    assert re.search(
        r"Attacks per day: \d+ in the period; the dashed line marks the ceasefire start\.", english
    )


def test_ceasefire_and_agreement_pages_say_their_labels_in_arabic(
    viewer: tuple[TestClient, SyntheticIds],
) -> None:
    client, ids = viewer
    ceasefire = _text(client.get(f"/ceasefires/{ids.ceasefire_id}?as_of=2017-03-10&lang=ar").text)
    assert "وقف إطلاق النار:" in ceasefire and "الانتهاكات" in ceasefire and "بحسب الفاعل" in ceasefire
    assert re.search(r"(?:مُنتهك|صامد|منتهٍ|غير معروف)", ceasefire)
    for english in (
        "Violations",
        "By perpetrator",
        "days before the start",
        "parties:",
        "Violated",
        "Holding",
    ):
        assert english not in ceasefire
    agreement = _text(client.get(f"/agreements/{ids.agreement_id}?as_of=2017-03-10&lang=ar").text)
    assert (
        "البنود والتقدّم" in agreement and "الطرف الملتزِم" in agreement and "الإفراج عن المحتجزين" in agreement
    )
    for english in ("Obligated", "Commitment", "By source", "Terms and progress", "release detainees"):
        assert english not in agreement


def test_map_and_library_words_in_arabic(viewer: tuple[TestClient, SyntheticIds]) -> None:
    client, _ids = viewer
    page = client.get("/map?lang=ar").text
    labels = json.loads(html.unescape(page.split("data-labels='")[1].split("'")[0]))
    assert labels["timeline"] == "التسلسل الزمني للهجمات" and labels["claims"] == "%(n)s من الادعاءات"
    library = _text(client.get("/documents?lang=ar").text)
    assert "عدد الوثائق: 2" in library and "نوع الحدث" in library and "documents" not in library


def _compliance(target_qualifier: Qualifier = Qualifier.EXACT, **changes: object) -> Compliance:
    import datetime as dt

    from trucewatch.ledger.compliance import ComplianceStatus
    from trucewatch.model import ActionKind, Commitment, QuantityKind

    base = Compliance(
        Commitment(
            "Synthetic party", ActionKind.RELEASE_DETAINEES, 7300, QuantityKind.DETAINEES, target_qualifier
        ),
        dt.date(2017, 3, 10),
        QuantityKind.DETAINEES,
        194,
        194,
        7300,
        194 / 7300,
        ComplianceStatus.PARTIAL,
        False,
        (),
        (),
        (),
        0,
    )
    return dataclasses.replace(base, **changes)


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"delivered_qualifier": Qualifier.AT_LEAST},
        {"target_qualifier": Qualifier.MORE_THAN},
        {"delivered_qualifier": Qualifier.ABOUT, "target_qualifier": Qualifier.LESS_THAN},
        {"target": None, "share": None},
        {"unit": None},
    ],
)
def test_the_pages_compliance_words_are_the_reports_in_english(changes: dict[str, object]) -> None:
    c = _compliance(**changes)
    assert compliance_text(c, translations("en").gettext) == compliance_phrase(c)
    arabic = compliance_text(c, translations("ar").gettext)
    assert re.search(r"[a-z]", arabic) is None, arabic  # no English word left


def test_claim_page_words_in_arabic(viewer: tuple[TestClient, SyntheticIds]) -> None:
    client, ids = viewer
    page = _text(client.get(f"/claims/{ids.claims['released']}?lang=ar").text)
    assert "منذ 2016-08" in page and "بدقة الشهر" in page and "(الفاعل)" in page and "مقترح" in page
    assert "since" not in page and "to the month" not in page and "proposed" not in page
    undated = _text(client.get(f"/claims/{ids.claims['siege']}?lang=ar").text)
    assert "بلا تاريخ" in undated and "(تقريباً)" in undated
