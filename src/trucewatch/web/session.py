"""Browser sessions: a signed cookie naming the user, with a CSRF token.

The cookie holds the user name, a CSRF token and an expiry, signed with
HMAC-SHA256 (TRUCEWATCH_SECRET_KEY, or a random key per process). The role is
read from the database on every request, so disabling a user or changing a
role takes effect at once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass

COOKIE = "tw_session"
MAX_AGE = 12 * 3600


@dataclass(frozen=True, slots=True)
class SessionData:
    user: str
    csrf: str
    expires: int


def secret_key(env: dict[str, str] | None = None) -> bytes:
    """TRUCEWATCH_SECRET_KEY (set it when several workers serve the app); else random per process."""
    value = (os.environ if env is None else env).get("TRUCEWATCH_SECRET_KEY", "")
    return value.encode() if value else secrets.token_bytes(32)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(key: bytes, data: SessionData) -> str:
    payload = _b64(json.dumps([data.user, data.csrf, data.expires]).encode())
    mac = _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest())
    return f"{payload}.{mac}"


def verify(key: bytes, cookie: str | None, now: float | None = None) -> SessionData | None:
    """The session in a cookie, or None if it is missing, forged, malformed or expired."""
    if not cookie or "." not in cookie:
        return None
    payload, _, mac = cookie.partition(".")
    good = _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest())
    if not hmac.compare_digest(mac, good):
        return None
    try:
        user, csrf, expires = json.loads(_unb64(payload))
    except (ValueError, TypeError):
        return None
    if not isinstance(user, str) or not isinstance(csrf, str) or not isinstance(expires, int):
        return None
    if expires < (now if now is not None else time.time()):
        return None
    return SessionData(user, csrf, expires)


def new_session(user: str, now: float | None = None) -> SessionData:
    return SessionData(user, secrets.token_urlsafe(24), int((now or time.time()) + MAX_AGE))


def csrf_ok(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected, given or "")
