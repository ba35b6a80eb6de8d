"""A real HTTP webhook receiver on 127.0.0.1 for alert tests: it keeps each JSON body POSTed."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver(BaseHTTPRequestHandler):
    bodies: list[dict[str, object]]
    status = 204  # what it answers; a test sets 503 to play a receiver that is down

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        type(self).bodies.append(json.loads(self.rfile.read(length)))
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def webhook_receiver() -> Iterator[tuple[str, type[Receiver]]]:
    """(its URL, its handler class, whose `bodies` and `status` the test reads and sets)."""
    handler = type("Hook", (Receiver,), {"bodies": [], "status": 204})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", handler
    finally:
        server.shutdown()
        server.server_close()
