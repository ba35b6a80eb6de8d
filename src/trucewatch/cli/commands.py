"""Imports every command module so their commands register on the app.

Each module adds its verbs to trucewatch.cli.app when imported:
core (db upgrade, ingest, documents, show, demo).
"""

from trucewatch.cli import core

__all__ = ["core"]  # imported for their side effect: registering verbs
