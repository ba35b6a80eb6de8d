"""Accounts, API tokens and the audit log: tables and the functions over them.

Passwords are hashed with argon2id (argon2-cffi) at its RFC 9106 cost; the
cost is a setting (TRUCEWATCH_PASSWORD_HASHING, trucewatch.config) so that a
test suite can choose the minimal one, and a login rehashes a password only at
the production cost, never down to a cheaper one. API tokens are random, shown
once, and stored only as their sha256: a stolen database does not yield
usable tokens, and a fast hash is enough because tokens carry 256 bits of
randomness (no dictionary to attack). The audit log is append-only: there is
no function that updates or deletes it, and the migration adds database
triggers that refuse UPDATE and DELETE on it.

Every function takes an open Session, so a write and its audit entry commit
in one transaction (`with store.session() as s:`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Integer, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from trucewatch.config import password_hashing_from_env
from trucewatch.errors import TrucewatchError
from trucewatch.store.ids import new_id
from trucewatch.store.tables import ID, Base

TOKEN_PREFIX = "tw_"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,79}")
_PRODUCTION_HASHER = PasswordHasher()  # argon2id, argon2-cffi's defaults (RFC 9106, low memory)
# Tests only: argon2id at its smallest cost (one pass over 8 KiB), about 0.1 ms a hash.
_MINIMAL_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def password_hasher(hashing: str | None = None) -> PasswordHasher:
    """The hasher for `hashing`, or the one the settings name ("argon2" unless a test suite says)."""
    hashing = hashing or password_hashing_from_env()
    return _MINIMAL_HASHER if hashing == "argon2-minimal" else _PRODUCTION_HASHER


class AccessRole(StrEnum):
    """What a person may do; ordered from most to least."""

    ADMIN = "admin"  # everything, including users and the audit log
    ANALYST = "analyst"  # read all (confidential included), write
    VIEWER = "viewer"  # read, confidential sources redacted
    PUBLIC = "public"  # anonymous read (when enabled), redacted like a viewer

    @property
    def may_write(self) -> bool:
        return self in (AccessRole.ADMIN, AccessRole.ANALYST)

    @property
    def sees_confidential(self) -> bool:
        return self in (AccessRole.ADMIN, AccessRole.ANALYST)


ACCOUNT_ROLES = (AccessRole.ADMIN, AccessRole.ANALYST, AccessRole.VIEWER)


class AccountError(TrucewatchError):
    """A request about accounts that cannot be done, with the reason."""


# --- tables ------------------------------------------------------------------


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)  # naive UTC, as the other tables


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[str] = mapped_column(String(12))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[dt.datetime]


class TokenRow(Base):
    __tablename__ = "api_tokens"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    user_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]


class AuditRow(Base):
    __tablename__ = "audit_log"

    # BigInteger on PostgreSQL; SQLite only auto-increments an INTEGER primary key.
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(index=True)
    user_id: Mapped[str | None] = mapped_column(ID)
    user_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(12))
    action: Mapped[str] = mapped_column(String(60), index=True)
    resource: Mapped[str] = mapped_column(String(40))
    resource_id: Mapped[str | None] = mapped_column(String(80), index=True)
    before: Mapped[Any | None] = mapped_column(JSON)
    after: Mapped[Any | None] = mapped_column(JSON)


# --- values handed out -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class User:
    id: str
    name: str
    role: AccessRole
    disabled: bool
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class TokenInfo:
    id: str
    user_name: str
    label: str | None
    created_at: dt.datetime
    revoked_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: dt.datetime  # naive UTC
    user_id: str | None
    user_name: str
    role: str
    action: str
    resource: str
    resource_id: str | None
    before: Any | None
    after: Any | None


def _user(row: UserRow) -> User:
    return User(row.id, row.name, AccessRole(row.role), row.disabled, row.created_at)


def _entry(row: AuditRow) -> AuditEntry:
    return AuditEntry(
        row.id,
        row.at,
        row.user_id,
        row.user_name,
        row.role,
        row.action,
        row.resource,
        row.resource_id,
        row.before,
        row.after,
    )


# --- users -------------------------------------------------------------------


def hash_password(password: str) -> str:
    if len(password) < 8:
        raise AccountError("the password is too short; use at least 8 characters")
    return password_hasher().hash(password)


def add_user(session: Session, name: str, role: AccessRole | str, password: str | None = None) -> User:
    """A new account; names are letters, digits and . _ @ - (at most 80)."""
    if not _NAME.fullmatch(name):
        raise AccountError(
            f"bad user name {name!r}: use 1-80 letters, digits, '.', '_', '@' or '-', "
            "starting with a letter or digit"
        )
    try:
        role = AccessRole(role)
    except ValueError:
        raise AccountError(f"unknown role {role!r}; use one of: admin, analyst, viewer") from None
    if role not in ACCOUNT_ROLES:
        raise AccountError("'public' is the anonymous role; give an account admin, analyst or viewer")
    if session.scalar(select(UserRow).where(UserRow.name == name)) is not None:
        raise AccountError(f"a user named {name!r} exists already")
    row = UserRow(
        id=new_id("usr"),
        name=name,
        role=role.value,
        password_hash=hash_password(password) if password is not None else None,
        disabled=False,
        created_at=_utcnow(),
    )
    session.add(row)
    session.flush()
    return _user(row)


def get_user(session: Session, name: str) -> User | None:
    row = session.scalar(select(UserRow).where(UserRow.name == name))
    return _user(row) if row else None


def list_users(session: Session) -> list[User]:
    return [_user(r) for r in session.scalars(select(UserRow).order_by(UserRow.name))]


def verify_password(session: Session, name: str, password: str) -> User | None:
    """The user if the password is theirs and the account is enabled, else None."""
    hasher = password_hasher()
    row = session.scalar(select(UserRow).where(UserRow.name == name))
    if row is None or row.password_hash is None or row.disabled:
        hasher.hash("timing-equaliser")  # as slow as a real check: do not reveal which names exist
        return None
    try:
        hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    # Rehash to the production cost only: a cheaper setting never weakens a stored hash.
    if hasher is _PRODUCTION_HASHER and hasher.check_needs_rehash(row.password_hash):
        row.password_hash = hasher.hash(password)
    return _user(row)


def disable_user(session: Session, name: str) -> tuple[User, int]:
    """Disable an account and revoke all its tokens; returns (user, tokens revoked)."""
    row = session.scalar(select(UserRow).where(UserRow.name == name))
    if row is None:
        raise AccountError(f"no user named {name!r}; see `trucewatch users list`")
    row.disabled = True
    now = _utcnow()
    revoked = 0
    for tok in session.scalars(
        select(TokenRow).where(TokenRow.user_id == row.id, TokenRow.revoked_at.is_(None))
    ):
        tok.revoked_at = now
        revoked += 1
    session.flush()
    return _user(row), revoked


# --- tokens ------------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def issue_token(session: Session, user_name: str, label: str | None = None) -> tuple[TokenInfo, str]:
    """A new API token for the user: (its record, the secret, shown this once only)."""
    row = session.scalar(select(UserRow).where(UserRow.name == user_name))
    if row is None:
        raise AccountError(f"no user named {user_name!r}; see `trucewatch users list`")
    if row.disabled:
        raise AccountError(f"the user {user_name!r} is disabled")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    tok = TokenRow(
        id=new_id("tok"),
        user_id=row.id,
        token_hash=_digest(secret),
        label=label,
        created_at=_utcnow(),
        revoked_at=None,
    )
    session.add(tok)
    session.flush()
    return TokenInfo(tok.id, row.name, tok.label, tok.created_at, None), secret


def authenticate_token(session: Session, secret: str) -> tuple[User, str] | None:
    """(user, token id) for a live token of an enabled user, else None."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    found = session.execute(
        select(UserRow, TokenRow.id)
        .join(TokenRow, TokenRow.user_id == UserRow.id)
        .where(TokenRow.token_hash == _digest(secret), TokenRow.revoked_at.is_(None))
    ).first()
    if found is None or found[0].disabled:
        return None
    return _user(found[0]), found[1]


def list_tokens(session: Session, user_name: str | None = None) -> list[TokenInfo]:
    query = select(TokenRow, UserRow.name).join(UserRow, TokenRow.user_id == UserRow.id)
    if user_name is not None:
        query = query.where(UserRow.name == user_name)
    return [
        TokenInfo(t.id, name, t.label, t.created_at, t.revoked_at)
        for t, name in session.execute(query.order_by(TokenRow.id))
    ]


def revoke_token(session: Session, token_id: str) -> TokenInfo:
    """Revoke one token by its id (tok_...); revoking twice is not an error."""
    found = session.execute(
        select(TokenRow, UserRow.name)
        .join(UserRow, TokenRow.user_id == UserRow.id)
        .where(TokenRow.id == token_id)
    ).first()
    if found is None:
        raise AccountError(f"no token with id {token_id!r}; see `trucewatch users list --tokens`")
    tok, name = found
    if tok.revoked_at is None:
        tok.revoked_at = _utcnow()
        session.flush()
    return TokenInfo(tok.id, name, tok.label, tok.created_at, tok.revoked_at)


# --- the audit log -----------------------------------------------------------


def record(
    session: Session,
    *,
    user: User | None,
    action: str,
    resource: str,
    resource_id: str | None = None,
    before: Any | None = None,
    after: Any | None = None,
    role: AccessRole | None = None,
    actor: str | None = None,
) -> None:
    """Append one audit entry in the caller's transaction.

    `user` None is an anonymous caller, or the command line when `actor` names
    who ran it ("cli:alice").
    """
    session.add(
        AuditRow(
            at=_utcnow(),
            user_id=user.id if user else None,
            user_name=user.name if user else (actor or "anonymous"),
            role=(role or (user.role if user else AccessRole.ADMIN if actor else AccessRole.PUBLIC)).value,
            action=action,
            resource=resource,
            resource_id=resource_id,
            before=before,
            after=after,
        )
    )


def audit_entries(
    session: Session,
    *,
    limit: int = 100,
    before_id: int | None = None,
    user_name: str | None = None,
    action: str | None = None,
    resource_id: str | None = None,
) -> list[AuditEntry]:
    """The newest entries first; `before_id` pages back through older ones."""
    query = select(AuditRow)
    if before_id is not None:
        query = query.where(AuditRow.id < before_id)
    if user_name is not None:
        query = query.where(AuditRow.user_name == user_name)
    if action is not None:
        query = query.where(AuditRow.action == action)
    if resource_id is not None:
        query = query.where(AuditRow.resource_id == resource_id)
    rows = session.scalars(query.order_by(AuditRow.id.desc()).limit(limit))
    return [_entry(r) for r in rows]


def audit_authors(session: Session, action: str, resource_ids: list[str]) -> dict[str, set[str | None]]:
    """Who did `action` to each of `resource_ids` (their user ids; None for the command line or an
    anonymous caller), for those the log has it."""
    out: dict[str, set[str | None]] = {}
    if not resource_ids:
        return out
    rows = session.execute(
        select(AuditRow.resource_id, AuditRow.user_id).where(
            AuditRow.action == action, AuditRow.resource_id.in_(resource_ids)
        )
    )
    for resource_id, user_id in rows:
        if resource_id is not None:
            out.setdefault(resource_id, set()).add(user_id)
    return out


def audit_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditRow)) or 0
