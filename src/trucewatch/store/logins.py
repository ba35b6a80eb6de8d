"""Password logins: throttling per account and per client address, lockout, and their audit.

Every login (the web form and POST /api/auth/token) goes through `attempt`.
The state is in the database (table login_failures), so all workers of a
server, and the command line, see the same counts:

- each failure counts against the name tried (whether or not such an account
  exists: the answers never tell which names exist) and against the client's
  address;
- past a few free failures, each further failure shuts that account or
  address for twice as long as the one before (1 s, 2 s, 4 s ... at most
  15 minutes); an attempt while shut is answered 429 with Retry-After and
  its password is not even checked;
- after LOCK_AFTER failures in a row an account is locked until an admin
  unlocks it (`trucewatch users unlock NAME`, POST /api/users/{name}/unlock);
- a success clears the account's count; an address's count fades after an
  hour without failures (a shared address is never locked, only slowed).

An attempt is counted as a failure *before* its password is checked and
cleared if it succeeds: a burst of parallel guesses cannot all slip through
before the first failure is written. Failures, refusals, lockouts and
unlocks go to the audit log.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, Integer, String, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from trucewatch.store.accounts import AccessRole, User, record, verify_password
from trucewatch.store.db import Store
from trucewatch.store.tables import Base

ACCOUNT = "account"
ADDRESS = "address"


@dataclass(frozen=True, slots=True)
class Policy:
    account_free: int = 3  # failures in a row before an account is slowed down
    address_free: int = 20  # more for an address: an office or a proxy shares one
    lock_after: int = 10  # failures in a row that lock an account
    first_delay: float = 1.0  # seconds shut after the first failure past the free ones; doubles
    max_delay: float = 900.0
    account_memory: dt.timedelta = dt.timedelta(days=1)  # a count restarts after this long without failures
    address_memory: dt.timedelta = dt.timedelta(hours=1)


DEFAULT_POLICY = Policy()


class LoginFailureRow(Base):
    __tablename__ = "login_failures"

    scope: Mapped[str] = mapped_column(String(8), primary_key=True)  # account or address
    key: Mapped[str] = mapped_column(String(200), primary_key=True)  # the name tried, or the address
    failures: Mapped[int] = mapped_column(Integer)
    last_failure_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    shut_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    locked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Outcome(StrEnum):
    OK = "ok"
    WRONG = "wrong"  # wrong name or password (or a disabled account)
    THROTTLED = "throttled"  # too many failures just now: try again after retry_after seconds
    LOCKED = "locked"  # too many failures: an admin must unlock the account


@dataclass(frozen=True, slots=True)
class Attempt:
    outcome: Outcome
    user: User | None = None
    retry_after: int = 0  # seconds, when throttled

    @property
    def message(self) -> str:
        if self.outcome is Outcome.LOCKED:
            return (
                "this account is locked after too many failed logins; "
                "ask an admin to unlock it (trucewatch users unlock NAME)"
            )
        if self.outcome is Outcome.THROTTLED:
            return f"too many failed logins; try again in {self.retry_after} s"
        return "wrong name or password, or the account is disabled"


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)  # naive UTC, as the other tables


def _key(value: str) -> str:
    return value[:200]


def _claim(session: Session, scope: str, key: str) -> LoginFailureRow:
    """The row for (scope, key), created if new and locked for this transaction.

    The insert comes first: on SQLite a write takes the database's write lock,
    so two workers cannot both read the same count and both add one to it;
    PostgreSQL locks the row with FOR UPDATE.
    """
    values = {"scope": scope, "key": key, "failures": 0}
    dialect = session.get_bind().dialect.name
    module: Any = postgresql if dialect == "postgresql" else sqlite
    session.execute(module.insert(LoginFailureRow).values(**values).on_conflict_do_nothing())
    row = session.scalars(
        select(LoginFailureRow)
        .where(LoginFailureRow.scope == scope, LoginFailureRow.key == key)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    return row


def _shut_for(failures: int, free: int, policy: Policy) -> float:
    if failures <= free:
        return 0.0
    return min(policy.first_delay * 2 ** (failures - free - 1), policy.max_delay)


def _wait(row: LoginFailureRow, now: dt.datetime) -> int:
    if row.shut_until is None or row.shut_until <= now:
        return 0
    return max(1, math.ceil((row.shut_until - now).total_seconds()))


def _count_failure(
    row: LoginFailureRow, free: int, memory: dt.timedelta, now: dt.datetime, policy: Policy
) -> None:
    if row.last_failure_at is not None and now - row.last_failure_at > memory:
        row.failures = 0  # long quiet: start counting again
    row.failures += 1
    row.last_failure_at = now
    delay = _shut_for(row.failures, free, policy)
    row.shut_until = now + dt.timedelta(seconds=delay) if delay else None


def attempt(
    store: Store,
    name: str,
    password: str,
    address: str | None,
    *,
    via: str,
    policy: Policy = DEFAULT_POLICY,
    now: dt.datetime | None = None,
) -> Attempt:
    """Check a password login against the throttles; `via` ("web", "api") goes in the audit log."""
    now = now or _utcnow()
    name_key, address_key = _key(name), _key(address or "unknown")
    detail: dict[str, Any] = {"via": via, "address": address_key}
    # 1. Count the attempt as a failure unless either throttle shuts it out (one short transaction).
    with store.session() as s:
        _forget_quiet(s, now, policy)
        account = _claim(s, ACCOUNT, name_key)
        place = _claim(s, ADDRESS, address_key)
        refusal = None
        if account.locked_at is not None:
            refusal = Attempt(Outcome.LOCKED)
        elif (wait := max(_wait(account, now), _wait(place, now))) > 0:
            refusal = Attempt(Outcome.THROTTLED, retry_after=wait)
        if refusal is not None:
            _audit(s, "login.refused", name_key, {**detail, "reason": refusal.outcome.value})
            return refusal
        _count_failure(account, policy.account_free, policy.account_memory, now, policy)
        _count_failure(place, policy.address_free, policy.address_memory, now, policy)
        if account.failures >= policy.lock_after:
            account.locked_at = now
        failures, locked = account.failures, account.locked_at is not None
    # 2. The password (argon2: slow on purpose) outside any write transaction.
    with store.session() as s:
        user = verify_password(s, name, password)
    # 3. A success clears what step 1 counted; a failure keeps it, audited.
    with store.session() as s:
        if user is not None:
            s.execute(
                delete(LoginFailureRow).where(
                    LoginFailureRow.scope == ACCOUNT, LoginFailureRow.key == name_key
                )
            )
            place = _claim(s, ADDRESS, address_key)
            place.failures = max(0, place.failures - 1)  # this attempt was not a failure after all
            delay = _shut_for(place.failures, policy.address_free, policy)
            last = place.last_failure_at or now
            place.shut_until = last + dt.timedelta(seconds=delay) if delay else None
            return Attempt(Outcome.OK, user)
        _audit(s, "login.failed", name_key, {**detail, "failures": failures})
        if locked:
            _audit(s, "login.locked", name_key, {**detail, "failures": failures})
    return Attempt(Outcome.LOCKED) if locked else Attempt(Outcome.WRONG)


def _forget_quiet(session: Session, now: dt.datetime, policy: Policy) -> None:
    """Drop counts nobody needs any more (names sprayed once, addresses long quiet); locks stay."""
    quiet = now - max(policy.account_memory, policy.address_memory)
    session.execute(
        delete(LoginFailureRow).where(
            LoginFailureRow.locked_at.is_(None), LoginFailureRow.last_failure_at < quiet
        )
    )


def _audit(session: Session, action: str, name: str, after: dict[str, Any]) -> None:
    # The caller is not logged in: the entry is anonymous and names the account tried.
    record(
        session,
        user=None,
        role=AccessRole.PUBLIC,
        action=action,
        resource="users",
        resource_id=name,
        after=after,
    )


def unlock(session: Session, name: str) -> bool:
    """Lift an account's lockout and throttle; True if it was locked or throttled."""
    row = session.get(LoginFailureRow, (ACCOUNT, _key(name)))
    if row is None:
        return False
    was = row.locked_at is not None or row.failures > 0
    session.delete(row)
    session.flush()
    return was


def locked_names(session: Session) -> set[str]:
    rows = session.scalars(
        select(LoginFailureRow.key).where(
            LoginFailureRow.scope == ACCOUNT, LoginFailureRow.locked_at.is_not(None)
        )
    )
    return set(rows)
