"""Imports every command module so their commands register on the app.

core (db upgrade, ingest, documents, show, demo), extract (extract, claims),
ledger (agreements, ceasefires, sieges), report (report, export, import-acled),
api (serve, users, audit).
"""

from trucewatch.cli import alerts as alerts  # rules that notify a webhook or an e-mail address
from trucewatch.cli import api, core, extract, ledger, report
from trucewatch.cli import batch as batch  # extraction over the whole corpus on Dask
from trucewatch.cli import sources as sources  # source grades, confidential and public marks
from trucewatch.cli import watch as watch  # feeds and folders followed on a schedule

__all__ = ["api", "core", "extract", "ledger", "report"]  # imported for their side effect: registering verbs
