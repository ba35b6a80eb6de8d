"""Schemathesis over the whole OpenAPI schema: no 5xx, every response as documented.

Bounded: at most 20 generated requests per operation, as an admin, over a
seeded database. Generated bodies are random, so writes may succeed; each
operation gets a fresh database.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from api_helpers import auth, seed, tokens
from trucewatch.api.app import create_app
from trucewatch.store import Store

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]


def test_api_answers_every_generated_request_as_documented(store: Store):
    # Driven by hand rather than by schemathesis' pytest plugin, so that it runs on the
    # `store` fixture (SQLite and PostgreSQL) like every other API test.
    seed(store)
    headers = auth(tokens(store)["admin"])
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(store, max_upload_bytes=100_000))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 18
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        run()
