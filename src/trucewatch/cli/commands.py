"""Imports every command module so their commands register on the app.

Each module adds its verbs to trucewatch.cli.app when imported:
core (db upgrade, ingest, documents, show, demo), api (serve, users, audit).
"""

from trucewatch.cli import api, core

__all__ = ["api", "core"]  # imported for their side effect: registering verbs
