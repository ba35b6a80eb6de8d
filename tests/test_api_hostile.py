"""Hostile input over real HTTP: clear 4xx problem documents, and nothing stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from api_helpers import auth, client
from trucewatch.store import Store
from trucewatch.store.accounts import audit_count
from trucewatch.store.tables import AgreementRow, DocumentRow

INJECTIONS = [
    "x' OR '1'='1",
    "'; DROP TABLE claims; --",
    'north" OR 1=1 --',
    "%' UNION SELECT * FROM users --",
]


def _counts(store: Store) -> tuple[int, int, int]:
    with store.session() as session:
        docs = session.scalar(select(func.count()).select_from(DocumentRow)) or 0
        agreements = session.scalar(select(func.count()).select_from(AgreementRow)) or 0
        return docs, agreements, audit_count(session)


def _is_problem(r, status: int) -> None:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == status and body["title"] and len(body["detail"]) > 10


@pytest.mark.parametrize("value", INJECTIONS)
def test_sql_shaped_filters_are_plain_values(world, value):
    store, _, toks = world
    h = auth(toks["analyst"])
    with client(store) as c:
        _is_problem(c.get("/api/claims", params={"place": value}, headers=h), 422)
        _is_problem(c.get("/api/claims", params={"type": value}, headers=h), 422)
        _is_problem(c.get("/api/claims", params={"agreement": value}, headers=h), 422)
        for path in ("/api/claims", "/api/events", "/api/documents", "/api/places"):
            key = {"/api/documents": "source", "/api/places": "name"}.get(path, "actor")
            r = c.get(path, params={key: value}, headers=h)
            assert r.status_code == 200 and r.json()["items"] == []
        assert c.get(f"/api/claims/{value}", headers=h).status_code == 404
        assert len(c.get("/api/claims", headers=h).json()["items"]) == 4  # the table is still there


@pytest.mark.parametrize("limit", ["0", "501", "100000000000000000000", "-1", "ten"])
def test_page_sizes_out_of_range_are_422_with_the_bounds(world, limit):
    store, _, toks = world
    with client(store) as c:
        r = c.get(f"/api/events?limit={limit}", headers=auth(toks["viewer"]))
    _is_problem(r, 422)
    assert "limit" in r.json()["detail"]


@pytest.mark.parametrize("cursor", ["garbage", "eyJ4IjoxfQ", "e30", "!!!!"])
def test_forged_cursors_are_400(world, cursor):
    store, _, toks = world
    with client(store) as c:
        _is_problem(c.get(f"/api/claims?cursor={cursor}", headers=auth(toks["viewer"])), 400)


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"", b"[]", b'{"kind": "evacuation"}', b'{"kind": "nope", "title": "x"}', b"\xff\xfe"],
)
def test_malformed_json_is_422_and_stores_nothing(world, body):
    store, _, toks = world
    before = _counts(store)
    with client(store) as c:
        r = c.post(
            "/api/agreements",
            content=body,
            headers={**auth(toks["analyst"]), "Content-Type": "application/json"},
        )
    _is_problem(r, 422)
    assert _counts(store) == before


def test_unknown_fields_in_a_body_are_refused(world):
    store, sd, toks = world
    with client(store) as c:
        r = c.patch(
            f"/api/claims/{sd.open_claims[0]}", json={"stauts": "confirmed"}, headers=auth(toks["analyst"])
        )
    _is_problem(r, 422)
    assert "stauts" in r.json()["detail"]


def test_oversized_upload_is_413_and_stores_nothing(world):
    store, _, toks = world
    before = _counts(store)
    with client(store, max_upload_bytes=1000) as c:
        just_over = c.post(
            "/api/documents",
            files={"file": ("big.txt", b"SYNTHETIC " * 101, "text/plain")},
            headers=auth(toks["analyst"]),
        )
        far_over = c.post(
            "/api/documents",
            files={"file": ("huge.txt", b"x" * 200_000, "text/plain")},
            headers=auth(toks["analyst"]),
        )
    _is_problem(just_over, 413)
    _is_problem(far_over, 413)
    assert "limit" in just_over.json()["detail"]
    assert _counts(store) == before


@pytest.mark.parametrize(
    "name",
    [
        "../../../../tmp/trucewatch-escape.txt",
        "..\\..\\windows\\escape.txt",
        "/etc/passwd.txt",
        "a/../../b.txt",
    ],
)
def test_path_traversal_in_file_names_is_neutralised(world, name):
    store, _, toks = world
    text = f"SYNTHETIC UPLOAD named {name!r}: a short report about a local truce.".encode()
    with client(store) as c:
        r = c.post(
            "/api/documents", files={"file": (name, text, "text/plain")}, headers=auth(toks["analyst"])
        )
        doc = c.get(f"/api/documents/{r.json()['documents'][0]['id']}", headers=auth(toks["analyst"])).json()
    assert r.status_code == 201
    label = doc["origin"].removeprefix("upload:")
    assert "/" not in label and "\\" not in label and not label.startswith(".")
    assert not Path("/tmp/trucewatch-escape.txt").exists()


@pytest.mark.parametrize(
    "name,data,status",
    [
        ("report.exe", b"MZ synthetic", 415),
        ("noextension", b"SYNTHETIC text", 415),
        ("empty.txt", b"", 422),
        ("binary.txt", bytes(range(256)) * 4, 422),
        ("fake.pdf", b"SYNTHETIC not a pdf", 422),
    ],
)
def test_unreadable_uploads_are_refused_and_store_nothing(world, name, data, status):
    store, _, toks = world
    before = _counts(store)
    with client(store) as c:
        r = c.post(
            "/api/documents",
            files={"file": (name, data, "application/octet-stream")},
            headers=auth(toks["analyst"]),
        )
    _is_problem(r, status)
    assert _counts(store) == before


def test_upload_without_a_file_is_422(world):
    store, _, toks = world
    with client(store) as c:
        _is_problem(c.post("/api/documents", data={"source": "x"}, headers=auth(toks["analyst"])), 422)


def test_huge_query_strings_are_refused(world):
    store, _, toks = world
    with client(store) as c:
        _is_problem(c.get("/api/claims", params={"actor": "a" * 5000}, headers=auth(toks["viewer"])), 422)


def test_nul_characters_are_refused_on_every_backend(world):
    store, _sd, toks = world
    before = _counts(store)
    h = auth(toks["analyst"])
    with client(store) as c:
        _is_problem(c.get("/api/documents?source=%00"), 422)
        _is_problem(c.get("/api/claims/clm%00x", headers=h), 422)
        r = c.post("/api/agreements", json={"kind": "other", "title": "SYNTHETIC \x00 title"}, headers=h)
    _is_problem(r, 422)
    assert _counts(store) == before
