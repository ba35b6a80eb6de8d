"""The API's documentation pages, /docs (Swagger UI) and /redoc (ReDoc), served by the app itself.

FastAPI's own pages load their scripts from a CDN, which the app's
Content-Security-Policy blocks (a blank page) and which would tell a third
party who reads the documentation. Here the libraries come from node_modules
(swagger-ui-dist and redoc, installed by `npm ci`), only the files the pages
need are served, and the pages are started by a script of ours
(web/static/docs.js): the policy allows no inline script.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse, Response

router = APIRouter(include_in_schema=False)
ASSET_PREFIX = "/static/docs"
# name served -> (npm package, file inside it, media type)
ASSETS = {
    "swagger-ui-bundle.js": ("swagger-ui-dist", "swagger-ui-bundle.js", "text/javascript"),
    "swagger-ui.css": ("swagger-ui-dist", "swagger-ui.css", "text/css"),
    "favicon.png": ("swagger-ui-dist", "favicon-32x32.png", "image/png"),
    "redoc.standalone.js": ("redoc", "bundles/redoc.standalone.js", "text/javascript"),
}
# ReDoc's sidebar always shows a "powered by" logo loaded from its CDN: an empty source instead
# (the image then hides itself), so opening /redoc asks nothing of anyone else.
_REWRITES = {"redoc.standalone.js": [(b"https://cdn.redoc.ly/redoc/logo-mini.svg", b"")]}
_MISSING = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>trucewatch API</title></head>"
    "<body><h1>trucewatch API</h1><p>The documentation pages need the front-end libraries: run "
    "<code>npm ci</code> (<code>make install</code> does). The schema itself is at "
    "<a href='/openapi.json'>/openapi.json</a>.</p></body></html>"
)


def _asset_path(name: str) -> Path | None:
    from trucewatch.web import vendor_dir

    modules = vendor_dir()
    if modules is None or name not in ASSETS:
        return None
    package, inside, _media = ASSETS[name]
    path = modules / package / inside
    return path if path.is_file() else None


def _page(title: str, head: str, body: str, needs: list[str]) -> Response:
    if any(_asset_path(name) is None for name in needs):
        return HTMLResponse(_MISSING, status_code=503)
    return HTMLResponse(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{title}</title>"
        f"<link rel='icon' type='image/png' href='{ASSET_PREFIX}/favicon.png'>{head}</head>"
        f"<body>{body}</body></html>"
    )


@router.get("/docs")
def swagger_ui() -> Response:
    return _page(
        "trucewatch API",
        f"<link rel='stylesheet' href='{ASSET_PREFIX}/swagger-ui.css'>",
        "<div id='swagger-ui' data-openapi='/openapi.json'></div>"
        f"<script src='{ASSET_PREFIX}/swagger-ui-bundle.js'></script>"
        "<script src='/static/app/docs.js'></script>",
        ["swagger-ui-bundle.js", "swagger-ui.css", "favicon.png"],
    )


@router.get("/redoc")
def redoc() -> Response:
    return _page(
        "trucewatch API (ReDoc)",
        "",
        "<div id='redoc' data-openapi='/openapi.json'></div>"
        f"<script src='{ASSET_PREFIX}/redoc.standalone.js'></script>"
        "<script src='/static/app/docs.js'></script>",
        ["redoc.standalone.js", "favicon.png"],
    )


@lru_cache(maxsize=4)
def _rewritten(path: Path, name: str) -> bytes:
    data = path.read_bytes()
    for old, new in _REWRITES[name]:
        data = data.replace(old, new)
    return data


@router.get(ASSET_PREFIX + "/{name}")
def asset(name: str) -> Response:
    path = _asset_path(name)
    if path is None:
        return Response("no such file", status_code=404, media_type="text/plain")
    if name in _REWRITES:
        return Response(_rewritten(path, name), media_type=ASSETS[name][2])
    return FileResponse(path, media_type=ASSETS[name][2])
