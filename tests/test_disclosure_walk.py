"""Walk every route, page, export, report and CLI listing as each role, looking for confidential material.

The routes are read from the application itself (its route table, checked
against the OpenAPI schema), so a route added later is walked too; a route
with a path parameter this file has no value for fails the walk, asking for
one. Viewers and anonymous callers must never meet a confidential source's
name, a confidential document's id, title, URL or words. Analysts may, and
each such read must leave an audit entry. All text is synthetic
(disclosure_world.py).
"""

from __future__ import annotations

import getpass
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel
from pypdf import PdfReader

from disclosure_world import PASSWORD, SECRET_SOURCE, World, build
from trucewatch.api.app import create_app
from trucewatch.store import Store, open_store
from trucewatch.store.accounts import audit_entries

UNKNOWN_DOC = "doc_00000000deadbeef"
UNKNOWN_SOURCE = "Nobody In Particular"


@dataclass(frozen=True)
class Route:
    path: str
    method: str
    query: tuple[str, ...]  # query parameter names (aliases)
    required: tuple[str, ...]


def _query_fields(params) -> Iterator[tuple[str, bool]]:
    """(name, required) of each query parameter; a pydantic query model ("query:
    Annotated[Filters, Query()]") stands for its fields, as the request and the schema have them."""
    for p in params:
        model = p.field_info.annotation
        if isinstance(model, type) and issubclass(model, BaseModel):
            for name, field in model.model_fields.items():
                yield field.alias or name, field.is_required()
        else:
            yield p.alias, p.field_info.is_required()


def _routes(app) -> list[Route]:
    """Every HTTP route of the app, with its query parameters, flattened through included routers."""

    def flat(routes, prefix: str = "") -> Iterator[Route]:
        for r in routes:
            if hasattr(r, "original_router"):
                yield from flat(r.original_router.routes, prefix + r.include_context.prefix)
            elif getattr(r, "methods", None):
                dependant = getattr(r, "dependant", None)
                params = list(_query_fields(dependant.query_params if dependant is not None else []))
                for method in sorted(r.methods - {"HEAD"}):
                    yield Route(
                        prefix + r.path,
                        method,
                        tuple(name for name, _ in params),
                        tuple(name for name, required in params if required),
                    )

    found = list(flat(app.routes))
    schema_paths = {p.replace("{source}", "{source:path}") for p in app.openapi()["paths"]}
    assert schema_paths <= {r.path for r in found}, "the walk must cover every route in the OpenAPI schema"
    return found


def _path_values(w: World) -> dict[str, list[str]]:
    return {
        "document_id": [w.secret_doc, w.hidden_doc, w.open_doc, w.radio_doc],
        "claim_id": w.secret_claims + w.hidden_claims + w.open_claims + w.radio_claims,
        "event_id": [w.mixed_event, w.open_event],
        "agreement_id": [w.agreement],
        "ceasefire_id": [w.ceasefire],
        "siege_id": [w.siege],
        "place_id": ["lowmill", "orchard"],
        "place_ref": ["lowmill", "orchard"],
        "source:path": [SECRET_SOURCE, "Lantern Wire"],
    }


def _query_values(w: World) -> dict[str, list[str]]:
    """Values to try, one parameter at a time, beside the request with none."""
    return {
        "source": [SECRET_SOURCE, "Lantern Wire"],
        "document": [w.secret_doc, w.hidden_doc],
        "confidential": ["true", "false"],
        "format": ["csv", "acled", "geojson", "json", "hxl", "html", "pdf"],
        "place": ["lowmill"],
        "agreement": [w.agreement],
        "type": ["attack.shelling", "aid.delivered"],
        "resource_id": [w.secret_doc],
        "as_of": ["2017-03-20"],
    }


def _decoys(w: World) -> dict[str, str]:
    """Each secret a caller might type, and an unknown value of its kind to compare it with."""
    return {w.secret_doc: UNKNOWN_DOC, w.hidden_doc: UNKNOWN_DOC, SECRET_SOURCE: UNKNOWN_SOURCE}


def _requests(app, w: World) -> Iterator[tuple[Route, str, dict[str, str], str | None]]:
    """(route, url, query, the secret the caller typed or None) for every GET request of the walk."""
    paths, queries, decoys = _path_values(w), _query_values(w), _decoys(w)
    for route in _routes(app):
        if route.method != "GET" or route.path.startswith("/static"):
            continue
        names = [part[1:-1] for part in route.path.split("/") if part.startswith("{")]
        assert len(names) <= 1, route.path
        fills: list[str | None] = [None]
        if names:
            assert names[0] in paths, f"the walk has no value for {{{names[0]}}} in {route.path}: add one"
            fills = list(paths[names[0]])
        for fill in fills:
            url = route.path if fill is None else route.path.replace("{" + names[0] + "}", fill)
            base = {q: queries[q][0] for q in route.required}
            variants = [base] + [
                {**base, q: v} for q in route.query if q in queries for v in queries[q] if base.get(q) != v
            ]
            for query in variants:
                typed = [v for v in (fill, *query.values()) if v in decoys]
                yield route, url, query, typed[0] if typed else None


def _text(response) -> str:
    if response.headers.get("content-type", "").startswith("application/pdf"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    return response.text


def _found(body: str, markers: dict[str, list[str]]) -> dict[str, list[str]]:
    return {k: [m for m in ms if m in body] for k, ms in markers.items() if any(m in body for m in ms)}


def _last_audit_id(store: Store) -> int:
    with store.session() as s:
        entries = audit_entries(s, limit=1)
    return entries[0].id if entries else 0


def _reads_since(store: Store, after: int, user: str) -> list:
    with store.session() as s:
        entries = audit_entries(s, limit=10_000, user_name=user, action="confidential.read")
    return [e for e in entries if e.id > after]


def _client(store: Store, w: World, role: str) -> TestClient:
    """A client of the API (bearer token) and the pages (session cookie) as `role`; anonymous: neither."""
    c = TestClient(create_app(store, public_read=True))
    if role in w.tokens:
        c.headers["Authorization"] = f"Bearer {w.tokens[role]}"
        r = c.post("/login", data={"name": f"{role}1", "password": PASSWORD}, follow_redirects=False)
        assert r.status_code == 303, r.text
    return c


@pytest.mark.parametrize("role", ["viewer", "anonymous"])
def test_viewers_and_anonymous_callers_meet_no_confidential_material_anywhere(disclosure_world, role):
    store, w = disclosure_world
    markers, decoys = w.markers(), _decoys(w)
    walked: list[str] = []
    with _client(store, w, role) as c:
        for route, url, query, typed in _requests(c.app, w):
            r = c.get(url, params=query, follow_redirects=False)
            walked.append(route.path)
            assert r.status_code < 500, (url, query, r.text[:300])
            body = _text(r)
            where = f"{role} GET {url} {query} -> {r.status_code}"
            if typed is not None:  # what the caller typed may be echoed; nothing else may differ
                decoy = decoys[typed]
                decoy_url = url.replace(typed, decoy)
                decoy_query = {k: (decoy if v == typed else v) for k, v in query.items()}
                other = c.get(decoy_url, params=decoy_query, follow_redirects=False)
                assert r.status_code == other.status_code, (
                    f"{where}: a known secret answers unlike an unknown one"
                )
                assert body.replace(typed, decoy) == _text(other), f"{where}: differs from an unknown one"
                body = body.replace(typed, "")
            assert _found(body, markers) == {}, f"{where}: {_found(body, markers)}"
        # Writes: refused before anything is read, and nothing confidential in the refusal.
        for route in _routes(c.app):
            if route.method in ("GET",) or route.path.startswith("/static"):
                continue
            url = route.path
            for name, values in _path_values(w).items():
                url = url.replace("{" + name + "}", values[0])
            r = c.request(route.method, url, json={}, follow_redirects=False)
            assert r.status_code < 500, (route, r.text[:300])
            body = r.text.replace(w.secret_doc, "").replace(SECRET_SOURCE, "")
            assert _found(body, markers) == {}, f"{role} {route.method} {url}: {_found(body, markers)}"
        every_get = {r.path for r in _routes(c.app) if r.method == "GET" and not r.path.startswith("/static")}
    assert set(walked) == every_get and len(walked) > 100  # the walk really went everywhere
    if role == "anonymous":
        with store.session() as s:
            assert audit_entries(s, user_name="anonymous", action="confidential.read") == []


def test_every_analyst_read_of_confidential_material_is_audited(disclosure_world):
    store, w = disclosure_world
    markers = w.markers()
    seen: set[str] = set()
    with _client(store, w, "analyst") as c:
        for _route, url, query, _typed in _requests(c.app, w):
            before = _last_audit_id(store)
            r = c.get(url, params=query, follow_redirects=False)
            assert r.status_code < 500, (url, query, r.text[:300])
            found = _found(_text(r), markers)
            reads = _reads_since(store, before, "analyst1")
            where = f"analyst GET {url} {query} -> {r.status_code}: {found}"
            if found:
                assert reads, f"{where}: shown without an audit entry"
            for doc_id in set(found) - {"source"}:
                if found[doc_id] == [doc_id] and doc_id in (url + json.dumps(query)):
                    continue  # only the id the analyst typed, echoed in a "not found"
                assert doc_id in {e.resource_id for e in reads}, f"{where}: {doc_id} not audited"
            seen.update(found)
    assert seen == set(markers)  # analysts do see all of it (the walk is not blind)


_CLI_LISTINGS = [
    ["sources"],
    ["sources", "--json"],
    ["documents"],
    ["documents", "--json"],
    ["siege", "Lowmill", "--as-of", "2017-05-01"],
    ["siege", "Lowmill", "--json"],
    ["claims"],
    ["claims", "--json"],
    ["agreements", "--json"],
    ["agreement", "agr_orchard", "--json"],
    ["ceasefires", "--json"],
    ["ceasefire", "cf_lowmill"],
    ["sieges", "--json"],
]


@pytest.mark.parametrize("argv", _CLI_LISTINGS, ids=" ".join)
def test_cli_listings_audit_what_they_show(store_url, argv):
    s = open_store(store_url)
    try:
        w = build(s)
        before = _last_audit_id(s)
        # The real command, on a terminal wide enough that table cells are not wrapped.
        exe = str(Path(sys.executable).with_name("trucewatch"))
        env = {**os.environ, "COLUMNS": "400", "TRUCEWATCH_DATABASE_URL": ""}
        result = subprocess.run(
            [exe, "--db", store_url, *argv], capture_output=True, text=True, timeout=120, env=env
        )
        assert result.returncode == 0, result.stderr
        found = _found(result.stdout, w.markers())
        reads = _reads_since(s, before, f"cli:{getpass.getuser()}")
    finally:
        s.close()
    assert found, "each listing shows confidential material: the command line reads as an analyst"
    assert reads, f"{argv}: {found} shown without an audit entry"
    assert {e.role for e in reads} == {"analyst"}
    for doc_id in set(found) - {"source"}:
        assert doc_id in {e.resource_id for e in reads}, f"{argv}: {doc_id} not audited"
