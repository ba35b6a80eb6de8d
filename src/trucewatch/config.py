"""Settings read from the environment, with defaults that work on a laptop."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite:///trucewatch.db"
DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024
# Seconds one PDF or HTML file may take to read. A 100-page report takes about 10 s on a busy
# two-core machine; crafted files that would keep a reader busy for ever are stopped at this limit.
DEFAULT_READ_TIMEOUT = 60.0
# Seconds one document may take to extract. A 1 MB report takes about 2 s; a document that
# would take longer fails alone (named), and a batch goes on with the others.
DEFAULT_EXTRACT_BUDGET = 20.0
# How account passwords are hashed. "argon2" (the default) is argon2id at argon2-cffi's RFC 9106
# cost, slow on purpose. "argon2-minimal" is argon2id at its smallest cost, for test suites only
# (tests/conftest.py sets it): a production database must never be run with it.
PASSWORD_HASHINGS = ("argon2", "argon2-minimal")
DEFAULT_PASSWORD_HASHING = "argon2"


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    gazetteer_path: Path | None = None
    read_timeout: float = DEFAULT_READ_TIMEOUT
    password_hashing: str = DEFAULT_PASSWORD_HASHING


def settings_from_env(env: dict[str, str] | None = None) -> Settings:
    """TRUCEWATCH_DATABASE_URL, TRUCEWATCH_MAX_FILE_MB, TRUCEWATCH_GAZETTEER, TRUCEWATCH_READ_TIMEOUT,
    TRUCEWATCH_PASSWORD_HASHING."""
    env = dict(os.environ) if env is None else env
    max_mb = env.get("TRUCEWATCH_MAX_FILE_MB")
    gazetteer = env.get("TRUCEWATCH_GAZETTEER")
    return Settings(
        database_url=env.get("TRUCEWATCH_DATABASE_URL") or DEFAULT_DATABASE_URL,
        max_file_bytes=int(float(max_mb) * 1024 * 1024) if max_mb else DEFAULT_MAX_FILE_BYTES,
        gazetteer_path=Path(gazetteer) if gazetteer else None,
        read_timeout=read_timeout_from_env(env),
        password_hashing=password_hashing_from_env(env),
    )


def password_hashing_from_env(env: dict[str, str] | None = None) -> str:
    """TRUCEWATCH_PASSWORD_HASHING: "argon2" (default) or "argon2-minimal" (tests only); ValueError else."""
    value = (os.environ if env is None else env).get("TRUCEWATCH_PASSWORD_HASHING", "").strip()
    if not value:
        return DEFAULT_PASSWORD_HASHING
    if value not in PASSWORD_HASHINGS:
        names = ", ".join(PASSWORD_HASHINGS)
        raise ValueError(f"TRUCEWATCH_PASSWORD_HASHING must be one of {names}, not {value!r}")
    return value


def read_timeout_from_env(env: dict[str, str] | None = None) -> float:
    """TRUCEWATCH_READ_TIMEOUT: seconds per file, more than 0; ValueError saying so otherwise."""
    value = (os.environ if env is None else env).get("TRUCEWATCH_READ_TIMEOUT", "").strip()
    if not value:
        return DEFAULT_READ_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not (0 < seconds < math.inf):
        raise ValueError(f"TRUCEWATCH_READ_TIMEOUT must be a number of seconds above 0, not {value!r}")
    return seconds


def extract_budget_from_env(env: dict[str, str] | None = None) -> float:
    """TRUCEWATCH_EXTRACT_BUDGET: seconds per document, more than 0; ValueError saying so otherwise."""
    value = (os.environ if env is None else env).get("TRUCEWATCH_EXTRACT_BUDGET", "").strip()
    if not value:
        return DEFAULT_EXTRACT_BUDGET
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not (0 < seconds < math.inf):
        raise ValueError(f"TRUCEWATCH_EXTRACT_BUDGET must be a number of seconds above 0, not {value!r}")
    return seconds
