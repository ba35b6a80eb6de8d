"""trucewatch: a sourced, auditable ledger of ceasefires, agreements, sieges and access."""

__version__ = "0.1.0"
