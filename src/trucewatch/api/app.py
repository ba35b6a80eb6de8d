"""The FastAPI application: one object over one store.

    app = create_app(open_store(url))

Every error is a problem document (problems.py); every write and every read
of confidential material is in the audit log (store/accounts.py).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from trucewatch import __version__
from trucewatch.api import docs as api_docs
from trucewatch.api import problems
from trucewatch.api.auth import public_read_from_env
from trucewatch.api.nostore import NoStore
from trucewatch.api.routers import accounts, claims, documents, events, gazetteer, health, ledger
from trucewatch.api.routers import exports as export_routes
from trucewatch.api.routers import sources as source_routes
from trucewatch.config import settings_from_env
from trucewatch.store.db import Store

_MULTIPART_OVERHEAD = 64 * 1024  # form fields and part headers around an upload
_PROBLEM_REF = {"$ref": "#/components/schemas/ProblemOut"}
_DOCUMENTED_ERRORS = {
    "400": "Bad request (a forged cursor, ...)",
    "401": "No token, or an unknown or revoked one",
    "403": "The caller's role may not do this",
    "404": "No such item",
    "413": "The request body is too large",
    "415": "Unsupported file type",
    "422": "Invalid parameters or body; `detail` says which and why",
}


class RequestGuard:
    """Refuse NUL characters in URLs, and bodies over a limit before they are read (memory or disk)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if b"%00" in scope.get("query_string", b"") or "\x00" in scope.get("path", ""):
            body = problems.problem_response(422, "the URL contains a NUL character (%00); remove it")
            await send({"type": "http.response.start", "status": 422, "headers": body.raw_headers})
            await send({"type": "http.response.body", "body": body.body})
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                await _too_large(send, self.max_bytes)
                return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _BodyTooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _BodyTooLarge:
            await _too_large(send, self.max_bytes)


class _BodyTooLarge(Exception):
    pass


async def _too_large(send: Send, limit: int) -> None:
    body = problems.problem_response(
        413, f"the request body is larger than the limit of {limit:,} bytes; split the file or ask an admin"
    )
    await send({"type": "http.response.start", "status": 413, "headers": body.raw_headers})
    await send({"type": "http.response.body", "body": body.body})


def _openapi_with_problems(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema, with every operation's errors documented as problem details."""
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["ProblemOut"] = {
        "type": "object",
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
        },
    }
    for key in ("HTTPValidationError", "ValidationError"):
        components.pop(key, None)
    content = {problems.MEDIA_TYPE: {"schema": _PROBLEM_REF}}
    for path_item in schema.get("paths", {}).values():
        for op in path_item.values():
            responses = op.setdefault("responses", {})
            for code, text in _DOCUMENTED_ERRORS.items():
                responses[code] = {"description": text, "content": content}
    app.openapi_schema = schema
    return schema


def create_app(
    store: Store, *, public_read: bool | None = None, max_upload_bytes: int | None = None
) -> FastAPI:
    """The API over `store`. `public_read` None reads TRUCEWATCH_PUBLIC_READ (off by default)."""
    app = FastAPI(
        title="trucewatch",
        version=__version__,
        description="A sourced, auditable ledger of ceasefires, local agreements, sieges and "
        "humanitarian access. Authenticate with `Authorization: Bearer <token>`.",
        docs_url=None,  # FastAPI's pages load from a CDN; api/docs.py serves them from the app
        redoc_url=None,
    )
    app.state.store = store
    app.state.public_read = public_read_from_env() if public_read is None else public_read
    app.state.max_upload_bytes = max_upload_bytes or settings_from_env().max_file_bytes
    problems.install(app)
    for module in (accounts, documents, claims, events, gazetteer, ledger, health):
        app.include_router(module.router)
    app.include_router(source_routes.router)
    app.include_router(export_routes.router)
    app.include_router(api_docs.router)
    app.add_middleware(RequestGuard, max_bytes=app.state.max_upload_bytes + _MULTIPART_OVERHEAD)
    app.add_middleware(NoStore)  # nothing read from the store is kept by caches
    app.openapi = lambda: _openapi_with_problems(app)  # type: ignore[method-assign]
    __import__("trucewatch.web").web.mount_web(app, store)  # the pages (web/), over the same store and roles
    return app


def app_from_env() -> FastAPI:
    """The app over TRUCEWATCH_DATABASE_URL: the factory `trucewatch serve` gives each uvicorn worker."""
    from trucewatch.store import open_store

    return create_app(open_store(settings_from_env().database_url))
