"""`Cache-Control: no-store` on every response that can carry stored material.

API bodies, pages, exports and reports may quote confidential sources, and
what a browser or a proxy keeps on disk outlives the session that was
allowed to see it. Only the static files (scripts, styles, map outlines),
which hold nothing from the database, may be cached.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CACHEABLE_PREFIX = "/static/"
_HEADER = (b"cache-control", b"no-store")


class NoStore:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path", "").startswith(CACHEABLE_PREFIX):
            await self.app(scope, receive, send)
            return

        async def send_no_store(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
                message["headers"] = [*headers, _HEADER]
            await send(message)

        await self.app(scope, receive, send_no_store)
