"""The ledger: compliance, violations and access, computed from claims.

Pure functions over trucewatch.model values (no I/O here, except
`agreements_file` which reads one file); the ledger over a store is
trucewatch.ledger_service, its queries trucewatch.store.ledger_inputs. Every
figure carries the claim ids and evidence spans it came from.
"""

from trucewatch.ledger.ceasefires import (
    CeasefireLedger,
    DayViolations,
    ViolationCounts,
    Window,
    ceasefire_ledger,
    ceasefire_ledger_of,
)
from trucewatch.ledger.compliance import (
    AgreementLedger,
    Compliance,
    ComplianceStatus,
    SourceFigure,
    agreement_ledger,
    agreement_ledger_of,
    commitment_compliance,
)
from trucewatch.ledger.happenings import UNATTRIBUTED, DocInfo, Happening, group_happenings
from trucewatch.ledger.propose import (
    merge_overlapping,
    propose_agreements,
    propose_ceasefires,
    propose_sieges,
    stable_id,
)
from trucewatch.ledger.scope import PlaceTree, Scope, in_scope
from trucewatch.ledger.sieges import PopulationFigure, SiegeLedger, siege_ledger, siege_ledger_of

__all__ = [
    "UNATTRIBUTED",
    "AgreementLedger",
    "CeasefireLedger",
    "Compliance",
    "ComplianceStatus",
    "DayViolations",
    "DocInfo",
    "Happening",
    "PlaceTree",
    "PopulationFigure",
    "Scope",
    "SiegeLedger",
    "SourceFigure",
    "ViolationCounts",
    "Window",
    "agreement_ledger",
    "agreement_ledger_of",
    "ceasefire_ledger",
    "ceasefire_ledger_of",
    "commitment_compliance",
    "group_happenings",
    "in_scope",
    "merge_overlapping",
    "propose_agreements",
    "propose_ceasefires",
    "propose_sieges",
    "siege_ledger",
    "siege_ledger_of",
    "stable_id",
]
