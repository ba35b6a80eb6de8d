"""The shapes every extraction component reads and writes.

A component is a pure function `Analysis -> Analysis`: it reads the layers
filled by the components before it and returns a copy with its own layer
filled (`dataclasses.replace`). Every mention keeps offsets into the
original, un-normalised document text, so evidence spans are verbatim slices.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from trucewatch.extract.budget import Deadline
from trucewatch.model import Claim, EventType, Place, Qualifier, QuantityKind, When

# attacks told by how they were made: an attack on civilians or a massacre told by one of these
# in its clause is that attack (triggers.py keeps both; assemble.py keeps the means)
ATTACK_MEANS = frozenset({EventType.ATTACK_AIRSTRIKE, EventType.ATTACK_SHELLING, EventType.ATTACK_EXPLOSION})


@dataclass(frozen=True, slots=True)
class Mention:
    start: int  # offsets into the original text
    end: int
    rule: str  # which pattern or lexicon entry fired (for explanations)


@dataclass(frozen=True, slots=True)
class DateMention(Mention):
    when: When


@dataclass(frozen=True, slots=True)
class PlaceMention(Mention):
    place: Place


@dataclass(frozen=True, slots=True)
class ActorMention(Mention):
    actor: str  # canonical name, e.g. "Syrian government"
    kind: str  # an ActorKind value
    side: str | None = None


@dataclass(frozen=True, slots=True)
class QuantityMention(Mention):
    kind: QuantityKind
    value: int | None
    qualifier: Qualifier = Qualifier.EXACT


@dataclass(frozen=True, slots=True)
class Trigger(Mention):
    type: EventType
    # a happening of its own beside the sentence's other one of its type: the other side's
    # captives freed in a swap ("released 116 soldiers in return for 80 prisoners")
    apart: bool = False
    # an attack told again by a word of no kind ("the attack took place near Kuzu"): of the kind
    # of the attack told just before it, if any (assemble.py)
    retold: bool = False


@dataclass(frozen=True, slots=True)
class Analysis:
    """A document under analysis, one layer per component."""

    document_id: str
    text: str  # the original text, never modified
    published: dt.date | None = None
    language: str = "en"
    normalised: str | None = None  # same length as text: offsets are shared
    sentences: tuple[tuple[int, int], ...] = ()
    places: tuple[PlaceMention, ...] = ()
    actors: tuple[ActorMention, ...] = ()
    dates: tuple[DateMention, ...] = ()
    quantities: tuple[QuantityMention, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    claims: tuple[Claim, ...] = ()
    # Where claims can come from: the spans of the sentences that hold a trigger,
    # set by the trigger component. Components after it that only feed claims
    # from those sentences (actors, dates) read just these; None = the whole text.
    focus: tuple[tuple[int, int], ...] | None = None
    # When the document's time budget runs out (see budget.py): checked between components
    # and in long loops. Not part of what the analysis found.
    deadline: Deadline | None = field(default=None, compare=False, repr=False)


class Component(Protocol):
    """One named step of the pipeline."""

    name: str

    def __call__(self, analysis: Analysis) -> Analysis: ...
