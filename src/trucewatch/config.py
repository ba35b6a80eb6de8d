"""Settings read from the environment, with defaults that work on a laptop."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite:///trucewatch.db"
DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    gazetteer_path: Path | None = None


def settings_from_env(env: dict[str, str] | None = None) -> Settings:
    """TRUCEWATCH_DATABASE_URL, TRUCEWATCH_MAX_FILE_MB, TRUCEWATCH_GAZETTEER."""
    env = dict(os.environ) if env is None else env
    max_mb = env.get("TRUCEWATCH_MAX_FILE_MB")
    gazetteer = env.get("TRUCEWATCH_GAZETTEER")
    return Settings(
        database_url=env.get("TRUCEWATCH_DATABASE_URL") or DEFAULT_DATABASE_URL,
        max_file_bytes=int(float(max_mb) * 1024 * 1024) if max_mb else DEFAULT_MAX_FILE_BYTES,
        gazetteer_path=Path(gazetteer) if gazetteer else None,
    )
