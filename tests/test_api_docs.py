"""/docs and /redoc come from the app itself: no CDN, nothing fetched from a third party.

FastAPI's own pages load Swagger UI from a CDN that the app's
Content-Security-Policy blocks, so /docs was blank. The libraries now come from
node_modules (swagger-ui-dist, redoc) through the app.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import tools
from api_helpers import client
from databases import migrated_sqlite
from trucewatch.store import open_store

_REFERENCE = re.compile(r"""(?:src|href)=['"]([^'"]+)['"]""")


@pytest.fixture
def api(tmp_path: Path) -> Iterator[TestClient]:
    tools.require("node_modules")
    with open_store(migrated_sqlite(tmp_path / "docs.db")) as store, client(store) as c:
        yield c


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_doc_pages_and_their_assets_come_from_the_app(api: TestClient, page: str) -> None:
    r = api.get(page)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "http://" not in r.text and "https://" not in r.text and "//" not in r.text.replace("://", "")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert re.search(r"<script>(?!</script>)", r.text) is None  # no inline script: the policy forbids it
    references = _REFERENCE.findall(r.text)
    assert any(ref.endswith(".js") for ref in references)
    for ref in references:
        assert ref.startswith("/") and not ref.startswith("//"), ref
        asset = api.get(ref)
        assert asset.status_code == 200, ref
        assert len(asset.content) > 100, ref
    starter = api.get("/static/app/docs.js").text
    assert "validatorUrl: null" in starter and "https://" not in starter


def test_only_the_documentation_files_are_served(api: TestClient) -> None:
    assert (
        api.get("/static/docs/index.html").status_code == 404
    )  # the package's demo page, which fetches a petstore
    assert api.get("/static/docs/..%2Fpackage.json").status_code == 404


# --- in a real browser ---------------------------------------------------------------


def test_docs_render_the_operations_without_leaving_the_app(tmp_path: Path) -> None:
    from browser_helpers import chromium, foreign, require_browser, serving, watched_page
    from trucewatch.api.app import create_app

    playwright_api = require_browser()
    with (
        open_store(migrated_sqlite(tmp_path / "docs.db")) as store,
        serving(create_app(store)) as base,
        chromium(playwright_api) as browser,
    ):
        page: Any = watched_page(browser)
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(base + "/docs")
        page.wait_for_selector(".opblock", timeout=20000)
        assert page.locator(".opblock").count() >= 20
        assert "List documents" in page.inner_text("#swagger-ui")
        page.goto(base + "/redoc")
        page.locator("h2", has_text="List documents").first.wait_for(timeout=20000)
        assert page.locator("h2").count() >= 20  # one heading per operation
        print(errors)
        assert foreign(page.requested, base) == []
        assert [e for e in errors if "Content Security Policy" in e] == []
        assert page.dialogs == []
