"""The detail pages over real HTTP through the ASGI app: one claim (type, date with its precision,
place, actors with roles, figures with qualifiers, the evidence highlighted in its document, a
link to the document) and one document (its metadata and its claims); linked from the lists and
search results; hostile text shown as text; a confidential source redacted for a viewer and for
anonymous public read, exactly as the other pages do, and audited.

Real stores (SQLite, and PostgreSQL when configured). Every sentence here is synthetic.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from synthetic import HOSTILE_MARKUP, SyntheticIds, seed_synthetic
from trucewatch.api.app import create_app
from trucewatch.model import Document, Source
from trucewatch.store import Store, add_document
from trucewatch.store.accounts import add_user, audit_entries
from trucewatch.store.sources import update_source

SECRET = "Anonymous negotiator"  # the confidential source of synthetic.py


@pytest.fixture
def seeded(store: Store) -> Iterator[tuple[Store, SyntheticIds]]:
    with store.session() as s:
        ids = seed_synthetic(s, hostile=True)
        for name, role in (("ana", "analyst"), ("vic", "viewer")):
            add_user(s, name, role, f"{name}-password-1")
    yield store, ids


def _client(store: Store, name: str | None, **kw: object) -> TestClient:
    client = TestClient(create_app(store, **kw))  # type: ignore[arg-type]
    if name:
        response = client.post(
            "/login", data={"name": name, "password": f"{name}-password-1"}, follow_redirects=False
        )
        assert response.status_code == 303
    return client


def _main(html: str) -> str:
    return html.split("<main>")[1]


def _reads(store: Store, user: str) -> list[tuple[str | None, dict]]:
    with store.session() as s:
        return [
            (e.resource_id, e.after)
            for e in audit_entries(s, user_name=user)
            if e.action == "confidential.read"
        ]


def test_claim_page_shows_type_date_precision_place_actors_figures_and_the_evidence(
    seeded: tuple[Store, SyntheticIds],
) -> None:
    store, ids = seeded
    client = _client(store, "vic")
    released = client.get(f"/claims/{ids.claims['released']}")
    assert released.status_code == 200
    html = released.text
    assert "detainees.released" in html.split("</h1>")[0]
    date = html.split('id="claim-date">')[1].split("</dd>")[0]
    assert "since 2016-08" in date and "to the month" in date
    place = html.split('id="claim-place">')[1].split("</dd>")[0]
    assert 'href="/places/plc_waer/timeline"' in place and "Waer" in place
    assert "Syrian government</bdi> (perpetrator)" in html
    assert '<span dir="ltr">194</span> detainees' in html
    assert '<mark class="evidence" id="evidence-1" dir="ltr">so far 194 have been freed</mark>' in html
    assert '<blockquote class="quote" id="evidence" dir="ltr">so far 194 have been freed</blockquote>' in html
    assert f'href="/documents/{ids.documents["main"]}" id="document-link"' in html
    siege = client.get(f"/claims/{ids.claims['siege']}").text
    assert '<span dir="ltr">~50,000</span> residents <span class="meta">(about)</span>' in siege
    assert "undated" in siege.split('id="claim-date">')[1].split("</dd>")[0]
    truce = client.get(f"/claims/{ids.claims['ceasefire']}").text
    assert "2017-03-08T00:01" in truce and "to the minute" in truce
    assert "Waer rebels</bdi> (party)" in truce
    assert _reads(store, "vic") == []  # nothing confidential was shown


def test_claim_page_of_a_confidential_source_is_redacted_for_a_viewer_and_audited(
    seeded: tuple[Store, SyntheticIds],
) -> None:
    store, ids = seeded
    claim, doc = ids.claims["shelling"], ids.documents["shelling"]
    viewer = _client(store, "vic").get(f"/claims/{claim}")
    analyst = _client(store, "ana").get(f"/claims/{claim}")
    assert viewer.status_code == 200 and analyst.status_code == 200
    seen = _main(viewer.text)
    assert SECRET not in seen and "Government artillery" not in seen and "shelling note" not in seen
    assert "confidential source" in seen.split('id="source">')[1]
    assert f"/documents/{doc}" not in seen and "published" not in seen
    assert "attack.shelling" in seen and "Syrian government" in seen  # the claim itself still counts
    full = _main(analyst.text)
    assert SECRET in full and f'href="/documents/{doc}"' in full
    assert '<mark class="evidence" id="evidence-1"' in full and "Government artillery struck Waer" in full
    assert _reads(store, "vic") == [(doc, {"via": "web:claim", "via_id": claim, "redacted": True})]
    assert _reads(store, "ana") == [(doc, {"via": "web:claim", "via_id": claim, "redacted": False})]


def test_document_page_shows_its_metadata_and_its_claims_each_linked(
    seeded: tuple[Store, SyntheticIds],
) -> None:
    store, ids = seeded
    html = _client(store, "vic").get(f"/documents/{ids.documents['main']}").text
    facts = html.split('id="document-facts"')[1].split("</dl>")[0]
    assert "Synthetic Outlet" in facts and "outlet" in facts and '<strong class="grade">B</strong>' in facts
    assert "2017-03-08" in facts and "<dd>en</dd>" in facts and ids.documents["main"] in facts
    claims = html.split('id="claims"')[1].split("</table>")[0]
    for name in ("ceasefire", "agreement", "released", "aid", "siege"):
        assert f'href="/claims/{ids.claims[name]}" class="claim-link"' in claims
    assert "document-link" not in claims  # no link to the page itself
    assert html.count('<mark class="evidence"') == 5


def test_document_page_links_only_a_web_address(seeded: tuple[Store, SyntheticIds]) -> None:
    store, _ids = seeded
    made = {}
    with store.session() as s:
        for name, url in (("web", "https://example.org/synthetic?a=1&b=2"), ("odd", "javascript:alert(1)")):
            text = f"SYNTHETIC NOTE {name}. Nothing happened."
            made[name] = add_document(
                s,
                Document(
                    text=text,
                    content_hash=hashlib.sha256(text.encode()).hexdigest(),
                    url=url,
                    published=dt.date(2017, 5, 1),
                    source=Source("Synthetic Wire", "outlet"),
                ),
            )[0]
    client = _client(store, "vic")
    web = client.get(f"/documents/{made['web']}").text
    odd = client.get(f"/documents/{made['odd']}").text
    assert '<a href="https://example.org/synthetic?a=1&amp;b=2" rel="noopener noreferrer nofollow"' in web
    assert "javascript:alert(1)" in odd and 'href="javascript:' not in odd


def test_hostile_title_source_and_text_are_text_on_both_detail_pages(
    seeded: tuple[Store, SyntheticIds],
) -> None:
    store, ids = seeded
    client = _client(store, "vic")
    escaped = "&lt;script&gt;window.__pwned = 1&lt;/script&gt;"
    for path in (f"/claims/{ids.claims['hostile']}", f"/documents/{ids.documents['hostile']}"):
        response = client.get(path)
        assert response.status_code == 200, path
        main = _main(response.text)
        assert "<script" not in main and "<img" not in main and 'href="javascript:' not in main, path
        assert f"Synthetic {escaped}" in main.split('id="title"')[1], path  # the title
        assert f"Hostile {escaped}" in main.split('id="source">')[1], path  # the source's name
        assert "&lt;img src=&#34;x&#34; onerror=" in main.split('id="document"')[1], path
    assert HOSTILE_MARKUP not in client.get(f"/documents/{ids.documents['hostile']}").text


def test_a_viewer_and_the_public_never_open_a_confidential_document(
    seeded: tuple[Store, SyntheticIds],
) -> None:
    store, ids = seeded
    with store.session() as s:
        update_source(s, "Synthetic Outlet", public=True, actor="cli:test")
    doc = ids.documents["shelling"]
    viewer = _client(store, "vic").get(f"/documents/{doc}")
    assert viewer.status_code == 404 and SECRET not in viewer.text and "shelling note" not in viewer.text
    anonymous = _client(store, None, public_read=True)
    assert anonymous.get(f"/documents/{doc}").status_code == 404
    assert anonymous.get(f"/claims/{ids.claims['shelling']}").status_code == 404
    assert anonymous.get(f"/documents/{ids.documents['hostile']}").status_code == 404  # not a public source
    public = anonymous.get(f"/claims/{ids.claims['aid']}")
    assert public.status_code == 200 and f'href="/documents/{ids.documents["main"]}"' in public.text
    assert anonymous.get(f"/documents/{ids.documents['main']}").status_code == 200
    assert _client(store, "ana").get(f"/documents/{doc}").status_code == 200
    assert _reads(store, "vic") == []  # refused: nothing shown, nothing audited
    assert [r for r, _ in _reads(store, "ana")] == [doc]


def test_lists_link_each_claim_and_its_document_unless_redacted(seeded: tuple[Store, SyntheticIds]) -> None:
    store, ids = seeded
    path = "/places/plc_waer/claims?type=attack.shelling"
    viewer = _client(store, "vic").get(path).text
    analyst = _client(store, "ana").get(path).text
    claim, doc = ids.claims["shelling"], ids.documents["shelling"]
    assert f'href="/claims/{claim}" class="claim-link"' in viewer and f"/documents/{doc}" not in viewer
    assert f'href="/documents/{doc}" class="document-link"' in analyst
    line = _client(store, "vic").get("/places/plc_waer/timeline?to=2017-03-31").text
    assert f'href="/claims/{ids.claims["hostile"]}" class="claim-link"' in line
    assert f'href="/documents/{ids.documents["hostile"]}" class="document-link"' in line
