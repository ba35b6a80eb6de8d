"""Errors as RFC 9457 problem details: type, title, status, detail.

Every error the API returns, including FastAPI's own validation errors and
unknown routes, has this shape and a `detail` that says what to change.
Unexpected exceptions become a 500 with no internals in the body. The errors
trucewatch raises on purpose (trucewatch.errors) are mapped here, once, to a
status: `problem_status()`.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount

from trucewatch import errors
from trucewatch.store.db import is_locked
from trucewatch.store.errors import DataError, OperationalError, StoreError

MEDIA_TYPE = "application/problem+json"
_log = logging.getLogger("trucewatch.api")

_TITLES = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Content too large",
    415: "Unsupported media type",
    422: "Invalid input",
    429: "Too many requests",
    500: "Internal server error",
    503: "Unavailable",
}
_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
BUSY_RETRY_AFTER = "5"  # seconds: another writer held the database past the store's retries

# trucewatch.errors -> HTTP status, most specific first; the first class the error is an instance of wins.
STATUS_OF_ERROR: tuple[tuple[type[errors.TrucewatchError], int], ...] = (
    (errors.NotFound, 404),
    (errors.Ambiguous, 422),
    (errors.InvalidInput, 422),
    (errors.Forbidden, 403),
    (errors.Conflict, 409),
    (errors.Unavailable, 503),
    (StoreError, 503),  # any other store error: the database, whose details stay in the log
)


def problem_status(exc: errors.TrucewatchError) -> int:
    """The HTTP status of an error raised on purpose (400 when it names no kind)."""
    return next((status for kind, status in STATUS_OF_ERROR if isinstance(exc, kind)), 400)


class Problem(Exception):
    """Raise anywhere in a request to answer with a problem document."""

    def __init__(
        self, status: int, detail: str, *, title: str | None = None, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.title = title or _TITLES.get(status, "Error")
        self.headers = headers


def problem_body(status: int, detail: str, title: str | None = None, **extra: Any) -> dict[str, Any]:
    slug = (title or _TITLES.get(status, "error")).lower().replace(" ", "-")
    return {
        "type": f"https://trucewatch.org/problems/{slug}",
        "title": title or _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        **extra,
    }


def problem_response(
    status: int, detail: str, *, title: str | None = None, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    return JSONResponse(
        problem_body(status, detail, title, **extra),
        status_code=status,
        headers=headers,
        media_type=MEDIA_TYPE,
    )


def _where(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("query", "path", "header", "cookie"):
        return f"{parts[0]} parameter '{'.'.join(parts[1:])}'"
    if parts and parts[0] == "body":
        return "body field '" + ".".join(parts[1:]) + "'" if len(parts) > 1 else "request body"
    return ".".join(parts)


def validation_errors(exc: RequestValidationError) -> list[dict[str, str]]:
    out = []
    for e in exc.errors():
        message = str(e.get("msg", "invalid"))
        if e.get("type") == "json_invalid":
            message = f"the body is not valid JSON ({(e.get('ctx') or {}).get('error', 'parse error')})"
        out.append({"field": _where(e.get("loc", ())), "message": message})
    return out


def allowed_methods(request: Request) -> str:
    """Every method some route accepts at this path (Starlette names only the first route's)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        if isinstance(route, Mount):  # static files: read only
            if route.matches({**request.scope, "method": "GET"})[0] is Match.FULL:
                methods |= {"GET", "HEAD"}
            continue
        methods |= {m for m in _METHODS if route.matches({**request.scope, "method": m})[0] is Match.FULL}
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods))


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into a problem document."""

    @app.exception_handler(Problem)
    async def _problem(_request: Request, exc: Problem) -> JSONResponse:
        return problem_response(exc.status, exc.detail, title=exc.title, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = validation_errors(exc)
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5]) or "the request is not valid"
        return problem_response(422, detail, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else _TITLES.get(exc.status_code, "error")
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 404 and detail == "Not Found":
            detail = "no such resource; see /docs for the API's paths"
        if exc.status_code == 405:
            headers["Allow"] = allowed_methods(request)
            detail = f"this path accepts only {headers['Allow']}; see /docs"
        return problem_response(exc.status_code, detail, headers=headers or None)

    @app.exception_handler(errors.TrucewatchError)
    async def _trucewatch_error(_request: Request, exc: errors.TrucewatchError) -> JSONResponse:
        status = problem_status(exc)
        if status == 503:  # the database: what is wrong with it is for the log, not for the caller
            _log.error("store error: %s", exc)
            detail = "the database is not available; try again later"
            return problem_response(503, detail, title="Unavailable")
        extra: dict[str, Any] = {}
        if isinstance(exc, errors.Ambiguous):
            extra["candidates"] = list(exc.candidates)
        return problem_response(status, str(exc), **extra)

    @app.exception_handler(DataError)
    async def _bad_value(_request: Request, exc: DataError) -> JSONResponse:
        # The transaction was rolled back: nothing of the request was stored.
        return problem_response(
            422, "a value in the request cannot be stored (a NUL character, or a number out of range); fix it"
        )

    @app.exception_handler(OperationalError)
    async def _operational(_request: Request, exc: OperationalError) -> JSONResponse:
        if is_locked(exc):  # nothing was written, and nothing confidential was sent unaudited
            _log.warning("database locked beyond the retries: %s", exc.orig)
            return problem_response(
                503,
                "the database is busy with another writer; try again in a few seconds",
                headers={"Retry-After": BUSY_RETRY_AFTER},
            )
        _log.exception("database error", exc_info=exc)
        return problem_response(500, "an unexpected error occurred; it has been logged, please report it")

    @app.exception_handler(Exception)
    async def _crash(_request: Request, exc: Exception) -> JSONResponse:
        _log.exception("unhandled error", exc_info=exc)
        return problem_response(500, "an unexpected error occurred; it has been logged, please report it")
