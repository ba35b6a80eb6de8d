"""One JSON shape per record kind: the CLI's --json, the API and the JSON exports (the export of
claims, the ledger snapshot) give the same object for the same record, `place: {id, name}` included
(trucewatch.serialize). On the seeded synthetic world of tests/api_helpers.py, read by an analyst,
who sees everything, as whoever runs the command line does."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import text
from typer.testing import CliRunner

import trucewatch.cli.commands  # noqa: F401  registers the verbs
from api_helpers import auth, client
from trucewatch.api import schemas
from trucewatch.cli import app

DAY = "2017-03-10"
runner = CliRunner()


def _cli(store_url: str, *args: str) -> str:
    result = runner.invoke(app, ["--db", store_url, *args], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.stdout


def _same_shape(a: Any, b: Any) -> bool:
    """Objects with the same keys, nested (lists by their first items; null matches anything)."""
    if a is None or b is None:
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same_shape(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return not a or not b or _same_shape(a[0], b[0])
    return not isinstance(a, (dict, list)) and not isinstance(b, (dict, list))


def test_each_kind_has_one_shape_in_the_cli_the_api_and_the_exports(world, store_url):
    store, seeded, toks = world
    analyst = auth(toks["analyst"])
    with client(store) as c:
        api = {
            "claim": c.get(f"/api/claims/{seeded.open_claims[0]}", headers=analyst).json(),
            "document": c.get(f"/api/documents/{seeded.open_doc}", headers=analyst).json(),
            "documents": c.get("/api/documents", headers=analyst).json()["items"],
            "sources": c.get("/api/sources", headers=analyst).json(),
            "agreement": c.get(f"/api/agreements/{seeded.agreement}?as_of={DAY}", headers=analyst).json(),
            "ceasefire": c.get(f"/api/ceasefires/{seeded.ceasefire}?as_of={DAY}", headers=analyst).json(),
            "siege": c.get(f"/api/sieges/{seeded.siege}?as_of={DAY}", headers=analyst).json(),
            "export": c.get("/api/export?format=json", headers=analyst).json()["records"],
        }
    claims = [json.loads(line) for line in _cli(store_url, "claims", "--json").splitlines()]
    cli = {
        "claim": next(x for x in claims if x["id"] == seeded.open_claims[0]),
        "document": json.loads(_cli(store_url, "show", seeded.open_doc, "--json")),
        "documents": json.loads(_cli(store_url, "documents", "--json")),
        "sources": [json.loads(line) for line in _cli(store_url, "sources", "--json").splitlines()],
        "agreement": json.loads(_cli(store_url, "agreement", seeded.agreement, "--as-of", DAY, "--json")),
        "ceasefire": json.loads(_cli(store_url, "ceasefire", seeded.ceasefire, "--as-of", DAY, "--json")),
        "siege": json.loads(_cli(store_url, "siege", seeded.siege, "--as-of", DAY, "--json")),
    }
    _cli(store_url, "snapshot", "--as-of", DAY)
    with store.engine.connect() as con:
        rows = con.execute(text("SELECT record_id, data FROM ledger_snapshots")).all()
    snapshot = {r.record_id: r.data if isinstance(r.data, dict) else json.loads(r.data) for r in rows}
    exported = next(x for x in api["export"] if x["id"] == seeded.open_claims[0])

    # a claim: the same object from the CLI, the API and the JSON export
    assert cli["claim"] == api["claim"] == exported
    assert api["claim"]["place"] == {"id": "north", "name": "North district"}
    assert all(_same_shape(x, cli["claim"]) for x in [*api["export"], *claims])
    # documents and sources: the same objects from the CLI and the API
    assert cli["document"] == api["document"]
    assert sorted(cli["documents"], key=lambda d: d["id"]) == sorted(api["documents"], key=lambda d: d["id"])
    assert sorted(cli["sources"], key=lambda s: s["name"]) == sorted(api["sources"], key=lambda s: s["name"])
    # the ledger: the same record from the CLI, the API and the stored snapshot, place included
    for kind, record_id, place in (
        ("agreement", seeded.agreement, {"id": "cap", "name": "Capital"}),
        ("ceasefire", seeded.ceasefire, {"id": "cap", "name": "Capital"}),
        ("siege", seeded.siege, {"id": "far", "name": "Faraway"}),
    ):
        assert cli[kind] == api[kind] == snapshot[record_id], kind
        assert api[kind]["place"] == place, kind
    # and each is what the OpenAPI schema documents: its response model reads it back unchanged
    for model, value in (
        (schemas.ClaimOut, exported),
        (schemas.DocumentDetail, cli["document"]),
        (schemas.SourceOut, cli["sources"][0]),
        (schemas.AgreementOut, cli["agreement"]),
        (schemas.CeasefireOut, cli["ceasefire"]),
        (schemas.SiegeOut, cli["siege"]),
    ):
        assert model.model_validate(value).model_dump(mode="json") == value, model.__name__


def test_lists_give_the_records_of_the_detail_without_the_figures(world, store_url):
    """A list item is the record's object with its figures (compliance, violations, access) null."""
    store, _seeded, toks = world
    with client(store) as c:
        for path, key in (("agreements", "compliance"), ("ceasefires", "violations"), ("sieges", "access")):
            items = c.get(f"/api/{path}?as_of={DAY}", headers=auth(toks["analyst"])).json()["items"]
            listed = json.loads(_cli(store_url, path, "--as-of", DAY, "--json"))
            assert items and items[0][key] is None and listed[0][key] is not None
            assert set(items[0]) == set(listed[0]), path
