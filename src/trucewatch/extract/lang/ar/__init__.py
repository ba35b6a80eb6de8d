"""Arabic: rules matched on a folded copy (fold.py), clitics before trigger stems
(segment.py), quantities with Arabic number words (quantities.py)."""

from trucewatch.extract.lang.ar.fold import fold, letters, source_fold
from trucewatch.extract.lang.ar.quantities import find_quantities
from trucewatch.extract.lang.ar.segment import proclitic_forms

# a trigger's first word may carry a conjunction, a preposition and the article
WORD_PREFIXES = proclitic_forms()

__all__ = ["WORD_PREFIXES", "find_quantities", "fold", "letters", "source_fold"]
