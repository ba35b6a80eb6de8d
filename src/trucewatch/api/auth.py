"""Who is asking: bearer tokens, roles, and the public-read switch.

`Authorization: Bearer tw_...` identifies a user; with no header the caller
is anonymous, which is refused unless public read is switched on (then it
reads like a viewer: confidential sources redacted, nothing written).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from trucewatch.api.problems import Problem
from trucewatch.store.accounts import AccessRole, User, authenticate_token
from trucewatch.store.db import Store
from trucewatch.store.logins import DEFAULT_POLICY, Policy

_bearer = HTTPBearer(
    auto_error=False, description="An API token from `trucewatch users add` or POST /api/auth/token."
)
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="trucewatch"'}


def public_read_from_env(env: dict[str, str] | None = None) -> bool:
    """TRUCEWATCH_PUBLIC_READ=1 (or true/yes/on) lets anonymous callers read; off by default."""
    value = (os.environ if env is None else env).get("TRUCEWATCH_PUBLIC_READ", "")
    return value.strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True, slots=True)
class Principal:
    user: User | None  # None: anonymous
    role: AccessRole
    token_id: str | None = None

    @property
    def name(self) -> str:
        return self.user.name if self.user else "anonymous"

    @property
    def sees_confidential(self) -> bool:
        return self.role.sees_confidential


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None:
        if request.headers.get("authorization"):
            raise Problem(401, "the Authorization header must be 'Bearer <token>'", headers=_CHALLENGE)
        if request.app.state.public_read:
            return Principal(None, AccessRole.PUBLIC)
        raise Problem(
            401,
            "this API needs a token: send 'Authorization: Bearer <token>' "
            "(an admin creates one with `trucewatch users add`)",
            headers=_CHALLENGE,
        )
    store = get_store(request)
    with store.session() as session:
        found = authenticate_token(session, credentials.credentials)
    if found is None:
        raise Problem(401, "the token is unknown, revoked, or its user is disabled", headers=_CHALLENGE)
    user, token_id = found
    return Principal(user, user.role, token_id)


def client_address(request: Request) -> str | None:
    """The peer's address: what login throttling counts against (`serve` trusts no proxy header)."""
    return request.client.host if request.client else None


def login_policy(request: Request) -> Policy:
    """The app's login throttling rules (tests may set app.state.login_policy)."""
    return getattr(request.app.state, "login_policy", DEFAULT_POLICY)


def reader(who: Annotated[Principal, Depends(principal)]) -> Principal:
    return who


def writer(who: Annotated[Principal, Depends(principal)]) -> Principal:
    if not who.role.may_write:
        raise Problem(
            403, f"the {who.role.value} role may only read; writing needs an analyst or admin account"
        )
    return who


def admin(who: Annotated[Principal, Depends(principal)]) -> Principal:
    if who.role is not AccessRole.ADMIN:
        raise Problem(403, "only an admin may do this")
    return who


Reader = Annotated[Principal, Depends(reader)]
Writer = Annotated[Principal, Depends(writer)]
Admin = Annotated[Principal, Depends(admin)]
StoreDep = Annotated[Store, Depends(get_store)]
