"""Password hashing: production cost by default, a minimal cost only when a test suite asks for it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from trucewatch.config import password_hashing_from_env, settings_from_env
from trucewatch.store import Store
from trucewatch.store.accounts import UserRow, add_user, password_hasher, verify_password


def test_the_default_is_argon2_at_production_cost():
    assert password_hashing_from_env({}) == "argon2" == settings_from_env({}).password_hashing
    production = password_hasher("argon2")
    assert production.time_cost >= 2 and production.memory_cost >= 19 * 1024  # RFC 9106 / OWASP floor


def test_an_unknown_hashing_is_refused_with_the_names_it_takes():
    with pytest.raises(ValueError, match="argon2, argon2-minimal"):
        password_hashing_from_env({"TRUCEWATCH_PASSWORD_HASHING": "md5"})


def test_the_suite_hashes_at_minimal_cost():
    assert password_hashing_from_env() == "argon2-minimal"  # set by tests/conftest.py
    assert password_hasher().memory_cost == 8


def _stored_hash(store: Store, name: str) -> str:
    with store.session() as s:
        stored = s.scalar(select(UserRow.password_hash).where(UserRow.name == name))
        assert stored is not None
        return stored


def test_a_login_rehashes_up_to_production_cost_never_down(sqlite_store: Store, monkeypatch):
    with sqlite_store.session() as s:
        add_user(s, "cheap", "viewer", "a long synthetic password")  # minimal cost (the suite's)
    assert "m=8," in _stored_hash(sqlite_store, "cheap")

    monkeypatch.setenv("TRUCEWATCH_PASSWORD_HASHING", "argon2")
    with sqlite_store.session() as s:
        assert verify_password(s, "cheap", "a long synthetic password") is not None
    strong = _stored_hash(sqlite_store, "cheap")
    assert "m=8," not in strong and password_hasher("argon2").check_needs_rehash(strong) is False

    monkeypatch.setenv("TRUCEWATCH_PASSWORD_HASHING", "argon2-minimal")
    with sqlite_store.session() as s:
        assert verify_password(s, "cheap", "a long synthetic password") is not None
        assert verify_password(s, "cheap", "not the password") is None
    assert _stored_hash(sqlite_store, "cheap") == strong  # the cheap setting left the strong hash alone
