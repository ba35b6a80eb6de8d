"""Who am I, tokens from a password, and the audit log (admins only, read-only)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from trucewatch.api import schemas as s
from trucewatch.api.auth import Admin, Reader, StoreDep
from trucewatch.api.pagination import Limit
from trucewatch.api.problems import Problem
from trucewatch.store.accounts import AccountError, audit_entries, issue_token, record, verify_password

router = APIRouter(tags=["accounts"])


@router.get("/api/auth/me", response_model=s.MeOut, summary="The caller's account and role")
def me(who: Reader) -> s.MeOut:
    return s.MeOut(name=who.name, role=who.role.value, token_id=who.token_id)


@router.post(
    "/api/auth/token",
    status_code=201,
    response_model=s.TokenOut,
    summary="A new API token for a name and password",
    description="The token is shown once; revoke it with `trucewatch users revoke TOKEN_ID`.",
)
def login(body: s.LoginIn, store: StoreDep) -> s.TokenOut:
    with store.session() as session:
        user = verify_password(session, body.name, body.password)
        if user is None:
            raise Problem(401, "wrong name or password, or the account is disabled")
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
