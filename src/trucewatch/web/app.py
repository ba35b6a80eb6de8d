"""Mounting the pages, static files and security headers on a FastAPI app."""

from __future__ import annotations

import inspect
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from trucewatch.store.db import Store
from trucewatch.web import session as web_session
from trucewatch.web.i18n import N_

STATIC = Path(__file__).resolve().parent / "static"
# Only these parts of node_modules are served.
VENDOR = {
    "leaflet": "leaflet/dist",
    "leaflet.markercluster": "leaflet.markercluster/dist",
    "world-atlas": "world-atlas",
    "topojson-client": "topojson-client/dist",
}


def vendor_dir() -> Path | None:
    """node_modules: TRUCEWATCH_NODE_MODULES, else beside the source tree, else in the working directory."""
    candidates = [os.environ.get("TRUCEWATCH_NODE_MODULES", "")]
    candidates += [str(p / "node_modules") for p in Path(__file__).resolve().parents]
    candidates.append(str(Path.cwd() / "node_modules"))
    for c in candidates:
        if c and (Path(c) / "leaflet" / "dist" / "leaflet.js").is_file():
            return Path(c)
    return None


def tile_url() -> str | None:
    """TRUCEWATCH_TILE_URL (https://tile.openstreetmap.org/{z}/{x}/{y}.png, say) to go online; else None."""
    return os.environ.get("TRUCEWATCH_TILE_URL") or None


def content_security_policy(tiles: str | None) -> str:
    img = "'self' data:"
    if tiles:
        from urllib.parse import urlsplit

        parts = urlsplit(tiles.replace("{s}", "a"))
        if parts.scheme in ("https", "http") and parts.hostname:
            host = parts.hostname.replace("a.", "*.", 1) if "{s}" in tiles else parts.hostname
            img += f" {parts.scheme}://{host}"
    return (
        "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
        f"img-src {img}; style-src 'self' 'unsafe-inline'; connect-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'"
    )


class SecurityHeaders:
    """CSP (no inline scripts), no sniffing, no framing, no referrer leaks, on every response."""

    def __init__(self, app: ASGIApp, csp: str) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"same-origin"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    h for h in self.headers if h[0] not in have
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _to_login(request: Request, _exc: Exception) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


async def _forbidden(request: Request, _exc: Exception) -> Response:
    """A styled page (the visitor is logged in, their role may not do this), not bare text."""
    from trucewatch.web.views import page

    return page(
        request,
        "error.html",
        _visitor_or_none(request),
        status=403,
        message=N_(
            "Forbidden: your role may not do this, or the form has expired. "
            "Ask an admin if you need an analyst's access."
        ),
    )


def _visitor_or_none(request: Request) -> Any:
    from trucewatch.web.views import LoginRequired, visitor

    try:
        return visitor(request)
    except LoginRequired:
        return None


def is_page(request: Request) -> bool:
    """Whether a request is for one of the pages (HTML errors) rather than the API (problem JSON):
    the route it matched is a page's; unmatched, a browser asking for HTML outside /api."""
    route = request.scope.get("route")
    if route is not None:
        return getattr(getattr(route, "endpoint", None), "__module__", "") == "trucewatch.web.views"
    path = request.url.path
    return "text/html" in request.headers.get("accept", "") and not path.startswith(("/api", "/static"))


def _field_list(exc: RequestValidationError) -> str:
    """'type (missing); page (should be a number)': what to fix, for a person."""
    out = []
    for e in exc.errors()[:5]:
        field = ".".join(str(x) for x in e.get("loc", ())[1:]) or "the request"
        problem = "missing" if e.get("type") == "missing" else str(e.get("msg", "not valid")).lower()
        out.append(f"{field} ({problem})")
    return "; ".join(out)


async def _answer(response: Any) -> Response:
    """A handler's answer, whether it was a coroutine or a plain response."""
    if inspect.isawaitable(response):
        response = await response
    assert isinstance(response, Response)
    return response


def _html_errors(app: FastAPI) -> None:
    """Pages answer a bad query or an unknown path with an HTML page; the API keeps its problems
    (and a 405 keeps the API's answer, with its Allow header)."""
    from trucewatch.web.views import page

    api_invalid = app.exception_handlers.get(RequestValidationError)
    api_http = app.exception_handlers.get(StarletteHTTPException)

    async def invalid(request: Request, exc: Exception) -> Response:
        if api_invalid is not None and not is_page(request):
            return await _answer(api_invalid(request, exc))
        assert isinstance(exc, RequestValidationError)
        message = N_(
            "This page cannot be shown with that address: %(fields)s. "
            "Its links are on the map and the overview."
        )
        fields = {"fields": _field_list(exc)}
        return page(
            request, "error.html", _visitor_or_none(request), status=422, message=message, message_args=fields
        )

    async def http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if api_http is not None and (not is_page(request) or exc.status_code != 404):
            return await _answer(api_http(request, exc))
        return page(request, "error.html", _visitor_or_none(request), status=404, message=N_("No such page."))

    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(StarletteHTTPException, http)


async def _bad_query(request: Request, exc: Exception) -> Response:
    from trucewatch.web.views import LoginRequired, page, visitor

    try:
        who = visitor(request)
    except LoginRequired:
        who = None
    return page(request, "error.html", who, status=400, message=str(exc))


async def _public_refused(request: Request, _exc: Exception) -> Response:
    from trucewatch.web.publicread import REFUSAL
    from trucewatch.web.views import page, visitor

    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return page(
        request,
        "error.html",
        visitor(request),
        status=403,
        message=REFUSAL,
        login=f"/login?next={quote(target, safe='')}",
    )


def mount_web(app: FastAPI, store: Store) -> FastAPI:
    """Add the pages to `app` (the API app from create_app), over the same store."""
    from trucewatch.web.views import BadQuery, Forbidden, LoginRequired, PublicRefused, router

    app.state.store = store
    if not hasattr(app.state, "public_read"):
        from trucewatch.api.auth import public_read_from_env

        app.state.public_read = public_read_from_env()
    app.state.web_key = web_session.secret_key()
    app.state.tile_url = tile_url()
    app.include_router(router)
    app.add_exception_handler(LoginRequired, _to_login)
    app.add_exception_handler(Forbidden, _forbidden)
    app.add_exception_handler(PublicRefused, _public_refused)
    app.add_exception_handler(BadQuery, _bad_query)
    _html_errors(app)
    app.mount("/static/app", StaticFiles(directory=STATIC), name="static-app")
    modules = vendor_dir()
    if modules is not None:
        for name, sub in VENDOR.items():
            app.mount(f"/static/vendor/{name}", StaticFiles(directory=modules / sub), name=f"vendor-{name}")
    app.add_middleware(SecurityHeaders, csp=content_security_policy(app.state.tile_url))
    return app
