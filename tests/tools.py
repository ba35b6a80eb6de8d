"""What the suite needs installed, and what happens when it is missing.

`make test` (TRUCEWATCH_TEST_STRICT=1) and CI (CI set) are strict: a missing
browser, node_modules or PostgreSQL fails the run at once with one line saying
what to install, instead of skipping those tests in silence. A plain `pytest`
run skips them (each skip says why), so a single test file can be run anywhere.

The one opt-out is explicit and loud: TRUCEWATCH_TEST_SKIP=browser,postgres
skips those tests even under strict, and the summary says so in capitals.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest

CHROMIUM = "/usr/bin/chromium"
INSTALL = {
    "browser": f"Chromium ({CHROMIUM}): apt-get install chromium",
    "node": "node and npm: apt-get install nodejs npm",
    "node_modules": "node_modules: run `npm ci` (make install does)",
    "postgres": "a PostgreSQL server: apt-get install postgresql (make test starts a throw-away one)",
    "pdftoppm": "pdftoppm: apt-get install poppler-utils",
    "sqlite3": "the sqlite3 program: apt-get install sqlite3",
}
OPT_OUTS = ("browser", "postgres")


def strict() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("TRUCEWATCH_TEST_STRICT"))


def opted_out() -> set[str]:
    """The parts TRUCEWATCH_TEST_SKIP names (browser, postgres)."""
    names = {n.strip() for n in os.environ.get("TRUCEWATCH_TEST_SKIP", "").split(",") if n.strip()}
    unknown = names - set(OPT_OUTS)
    if unknown:
        raise pytest.UsageError(
            f"TRUCEWATCH_TEST_SKIP names {', '.join(sorted(unknown))}; it takes {', '.join(OPT_OUTS)}"
        )
    return names


def missing(part: str) -> str | None:
    """What to install for `part`, or None when it is there."""
    if part == "browser":
        if not Path(CHROMIUM).is_file():
            return INSTALL["browser"]
        if shutil.which("node") is None:
            return INSTALL["node"]
        from trucewatch.web import vendor_dir

        if vendor_dir() is None:
            return INSTALL["node_modules"]
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            return "the playwright package: make install (pip install -e '.[dev]')"
        return None
    if part == "node_modules":
        from trucewatch.web import vendor_dir

        return None if vendor_dir() is not None else INSTALL["node_modules"]
    if part == "postgres":
        return None if os.environ.get("TRUCEWATCH_TEST_POSTGRES_URL") else INSTALL["postgres"]
    if part in ("pdftoppm", "sqlite3"):
        return None if shutil.which(part) else INSTALL[part]
    raise ValueError(part)


def all_missing() -> list[str]:
    """Under strict, what the suite lacks (the opted-out parts aside); one entry per tool."""
    skip = opted_out()
    out = []
    for part in ("browser", "postgres", "pdftoppm", "sqlite3"):
        if part in skip:
            continue
        need = missing(part)
        if need:
            out.append(need)
    return out


def _opt_out_of(part: str) -> str:
    return "browser" if part == "node_modules" else part


def unavailable(part: str, *, module: bool = False) -> NoReturn:
    """A test that cannot run here: skipped when opted out or not strict, else failed (what to install)."""
    reason = missing(part) or part
    if _opt_out_of(part) in opted_out():
        pytest.skip(f"TRUCEWATCH_TEST_SKIP={_opt_out_of(part)}: {reason}", allow_module_level=module)
    if strict():
        pytest.fail(f"missing {reason}", pytrace=False)
    pytest.skip(f"missing {reason} (make test fails on this)", allow_module_level=module)


def require(part: str, *, module: bool = False) -> None:
    """Go on if `part` is installed (and not opted out); else see unavailable()."""
    if _opt_out_of(part) in opted_out() or missing(part):
        unavailable(part, module=module)
