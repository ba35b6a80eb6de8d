"""Who am I, tokens from a password, and the audit log (admins only, read-only)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from trucewatch.api import schemas as s
from trucewatch.api.auth import Admin, Reader, StoreDep, client_address, login_policy
from trucewatch.api.pagination import Limit
from trucewatch.api.problems import Problem
from trucewatch.store import logins
from trucewatch.store.accounts import AccountError, audit_entries, get_user, issue_token, record

router = APIRouter(tags=["accounts"])


@router.get("/api/auth/me", response_model=s.MeOut, summary="The caller's account and role")
def me(who: Reader) -> s.MeOut:
    return s.MeOut(name=who.name, role=who.role.value, token_id=who.token_id)


@router.post(
    "/api/auth/token",
    status_code=201,
    response_model=s.TokenOut,
    summary="A new API token for a name and password",
    description="The token is shown once; revoke it with `trucewatch users revoke TOKEN_ID`. "
    "Repeated failures slow the account and the client's address down (429 with Retry-After) "
    "and, in the end, lock the account (403) until an admin unlocks it.",
    responses={429: {"description": "Too many failed logins just now; wait `Retry-After` seconds"}},
)
def login(body: s.LoginIn, request: Request, store: StoreDep) -> s.TokenOut:
    tried = logins.attempt(
        store, body.name, body.password, client_address(request), via="api", policy=login_policy(request)
    )
    if tried.outcome is logins.Outcome.THROTTLED:
        raise Problem(429, tried.message, headers={"Retry-After": str(tried.retry_after)})
    if tried.outcome is logins.Outcome.LOCKED:
        raise Problem(403, tried.message)
    user = tried.user
    if user is None:
        raise Problem(401, tried.message)
    with store.session() as session:
        try:
            info, secret = issue_token(session, user.name, body.label or "api login")
        except AccountError as exc:
            raise Problem(401, str(exc)) from None
        record(
            session,
            user=user,
            action="token.create",
            resource="api_tokens",
            resource_id=info.id,
            after={"label": info.label, "via": "api"},
        )
    return s.TokenOut(token=secret, token_id=info.id, user=user.name, role=user.role.value)


@router.post(
    "/api/users/{name}/unlock",
    response_model=s.UnlockOut,
    summary="Lift an account's login lockout and throttle (admins)",
    description="An account is locked after repeated failed logins; this lets it log in again. Audited.",
)
def unlock(name: Annotated[str, Path(max_length=80)], who: Admin, store: StoreDep) -> s.UnlockOut:
    with store.session() as session:
        was = logins.unlock(session, name)
        if not was and get_user(session, name) is None:
            raise Problem(404, f"no user named {name!r} and no failed logins under that name")
        record(
            session,
            user=who.user,
            action="user.unlock",
            resource="users",
            resource_id=name,
            after={"was_locked": was},
        )
    return s.UnlockOut(name=name, unlocked=was)


@router.get("/api/audit", response_model=list[s.AuditOut], summary="The audit log, newest first (admins)")
def audit(
    who: Admin,
    store: StoreDep,
    limit: Limit = 100,
    before: Annotated[
        int | None, Query(ge=1, le=2**62, description="Entries older than this id (paging).")
    ] = None,
    user: Annotated[str | None, Query(max_length=80)] = None,
    action: Annotated[str | None, Query(max_length=60)] = None,
    resource_id: Annotated[str | None, Query(max_length=80)] = None,
) -> list[s.AuditOut]:
    with store.session() as session:
        entries = audit_entries(
            session, limit=limit, before_id=before, user_name=user, action=action, resource_id=resource_id
        )
    # Stored as naive UTC; said explicitly on the way out.
    out = []
    for e in entries:
        entry = s.AuditOut.model_validate(e, from_attributes=True)
        out.append(entry.model_copy(update={"at": e.at.replace(tzinfo=dt.UTC)}))
    return out
