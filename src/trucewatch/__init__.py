"""trucewatch: a sourced, auditable ledger of ceasefires, agreements, sieges and access.

`from trucewatch import Trucewatch` gives the Python API (trucewatch.python_api).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Trucewatch", "__version__"]

if TYPE_CHECKING:
    from trucewatch.python_api import Trucewatch


def __getattr__(name: str) -> Any:
    # imported on first use: the command line should not pay for the store and ledger at start-up
    if name == "Trucewatch":
        from trucewatch.python_api import Trucewatch

        return Trucewatch
    raise AttributeError(f"module 'trucewatch' has no attribute {name!r}")
