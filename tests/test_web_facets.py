"""The document library's facets over real HTTP through the ASGI app: counts by source, language,
event type of the documents' claims and month, each a link that narrows the search; parameters
checked and shown escaped; a viewer never counts a confidential document.

Real stores (SQLite, and PostgreSQL when configured). Every sentence here is synthetic.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from synthetic import SyntheticIds, seed_synthetic
from trucewatch.api.app import create_app
from trucewatch.model import Document, Source, Status
from trucewatch.store import Store, add_document, set_claim_status
from trucewatch.store.accounts import add_user, audit_entries
from trucewatch.store.facets import claim_types
from trucewatch.store.search import Filters

ARABIC_TEXT = "نص مصطنع للاختبار. وصلت قافلة مساعدات إلى حي الوعر."  # synthetic


@pytest.fixture
def library(store: Store) -> Iterator[tuple[Store, SyntheticIds, str]]:
    with store.session() as s:
        ids = seed_synthetic(s, hostile=True)
        arabic = add_document(
            s,
            Document(
                text=ARABIC_TEXT,
                content_hash=hashlib.sha256(ARABIC_TEXT.encode()).hexdigest(),
                published=dt.date(2017, 4, 2),
                language="ar",
                source=Source("Synthetic Arabic Wire", "outlet"),
                title="نشرة مصطنعة",
            ),
        )[0]
        for name, role in (("ana", "analyst"), ("vic", "viewer")):
            add_user(s, name, role, f"{name}-password-1")
    yield store, ids, arabic


def _client(store: Store, name: str) -> TestClient:
    client = TestClient(create_app(store, public_read=False))
    response = client.post(
        "/login", data={"name": name, "password": f"{name}-password-1"}, follow_redirects=False
    )
    assert response.status_code == 303
    return client


def _facet(html: str, name: str) -> str:
    return html.split(f'id="facet-{name}"')[1].split("</ul>")[0]


def _counts(html: str, name: str) -> dict[str, int]:
    """A facet's entries as {value: count}, from its links and its chosen (bold) entry."""
    found = re.findall(r">(?:<bdi>)?([^<>]+)(?:</bdi>)?</(?:a|strong)> \((\d+)\)", _facet(html, name))
    return {value: int(n) for value, n in found}


def test_event_type_facet_counts_documents_by_their_claims_types(
    library: tuple[Store, SyntheticIds, str],
) -> None:
    store, _ids, _arabic = library
    analyst = _client(store, "ana").get("/documents").text
    viewer = _client(store, "vic").get("/documents").text
    expected = {
        "ceasefire.start": 1,
        "agreement.reached": 1,
        "detainees.released": 1,
        "aid.delivered": 1,
        "siege.imposed": 1,
        "attack.airstrike": 1,  # the hostile report
    }
    assert _counts(viewer, "type") == expected  # not the confidential note's shelling
    assert _counts(analyst, "type") == {**expected, "attack.shelling": 1}
    assert '<a href="/documents?type=attack.shelling">attack.shelling</a> (1)' in analyst
    assert "attack.shelling" not in _facet(viewer, "type")


def test_each_facet_link_narrows_the_search_and_the_chosen_one_can_be_removed(
    library: tuple[Store, SyntheticIds, str],
) -> None:
    store, ids, arabic = library
    client = _client(store, "ana")
    by_type = client.get("/documents", params={"type": "attack.shelling", "q": "Waer"}).text
    assert "1 document with" in by_type and f'href="/documents/{ids.documents["shelling"]}"' in by_type
    assert f'href="/documents/{ids.documents["main"]}"' not in by_type
    assert "<strong>attack.shelling</strong> (1)" in by_type
    assert 'href="/documents?q=Waer" aria-label="remove this filter"' in by_type  # the remover keeps q
    assert _counts(by_type, "type")["ceasefire.start"] == 1  # the other types stay listed
    assert '<input type="hidden" name="type" value="attack.shelling">' in by_type  # kept by a new search
    assert _counts(by_type, "source") == {"Anonymous negotiator": 1}
    # A month's link gives that month exactly; chosen, it is shown bold with a remover.
    everything = client.get("/documents").text
    assert _counts(everything, "month") == {"2017-04": 1, "2017-03": 3}
    assert 'href="/documents?from=2017-04-01&amp;to=2017-04-30"' in everything
    april = client.get("/documents", params={"from": "2017-04-01", "to": "2017-04-30"}).text
    assert "1 document" in april and f'href="/documents/{arabic}"' in april
    assert '<strong dir="ltr">2017-04</strong> (1)' in april
    by_language = client.get("/documents", params={"language": "ar"}).text
    assert "1 document" in by_language and "<strong>ar</strong> (1)" in by_language
    assert _counts(by_language, "type") == {}  # the Arabic note has no claims
    # A search result lists its document's claims, each a link to the claim's page.
    main = client.get("/documents", params={"q": "truce", "type": "aid.delivered"}).text
    assert f'href="/claims/{ids.claims["aid"]}"' in main and f'href="/claims/{ids.claims["siege"]}"' in main


def test_a_rejected_claim_is_not_counted_in_the_type_facet(library: tuple[Store, SyntheticIds, str]) -> None:
    store, ids, _arabic = library
    with store.session() as s:
        set_claim_status(s, ids.claims["aid"], Status.REJECTED)
    page = _client(store, "ana").get("/documents").text
    assert "aid.delivered" not in _facet(page, "type")
    assert (
        _client(store, "ana").get("/documents", params={"type": "aid.delivered"}).text.count('class="hit"')
        == 0
    )
    with store.session() as s:
        assert "aid.delivered" not in {f.value for f in claim_types(s, Filters(), None)}


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ({"type": "attack.<script>"}, "type: no event type"),
        ({"language": "<b>ar</b>"}, "language: not a language code"),
        ({"from": "2017-04-01", "to": "2017-03-01"}, "after the end date"),
        ({"from": "2017-02-30"}, "from:"),
    ],
)
def test_bad_facet_parameters_are_a_400_that_says_which_shown_as_text(
    library: tuple[Store, SyntheticIds, str], query: dict[str, str], says: str
) -> None:
    store, _ids, _arabic = library
    response = _client(store, "vic").get("/documents", params=query)
    assert response.status_code == 400 and says in response.text
    assert "<script>" not in response.text.split("<main>")[1] and "<b>" not in response.text


def test_hostile_source_and_title_are_text_in_facets_and_results(
    library: tuple[Store, SyntheticIds, str],
) -> None:
    store, ids, _arabic = library
    client = _client(store, "vic")
    page = client.get("/documents", params={"q": "hostile"}).text
    main = page.split("<main>")[1]
    assert "<script>" not in main and "<img" not in main
    assert "Hostile &lt;script&gt;window.__pwned = 1&lt;/script&gt;" in _facet(page, "source")
    assert f'href="/claims/{ids.claims["hostile"]}"' in page
    # The hostile source's own facet link carries its name URL-encoded and narrows to it.
    link = re.search(r'<a href="(/documents\?[^"]*source=Hostile[^"]*)"', _facet(page, "source"))
    assert link is not None
    narrowed = client.get(link.group(1).replace("&amp;", "&")).text
    assert "1 document" in narrowed and "<script>" not in narrowed.split("<main>")[1]


def test_a_viewers_search_audits_nothing_an_analysts_audits_the_confidential_hit(
    library: tuple[Store, SyntheticIds, str],
) -> None:
    store, ids, _arabic = library
    _client(store, "vic").get("/documents", params={"type": "attack.shelling"})
    _client(store, "ana").get("/documents", params={"type": "attack.shelling"})
    with store.session() as s:
        reads = [
            (e.user_name, e.resource_id)
            for e in audit_entries(s)
            if e.action == "confidential.read" and e.resource == "documents"
        ]
    assert reads == [("ana", ids.documents["shelling"])]
