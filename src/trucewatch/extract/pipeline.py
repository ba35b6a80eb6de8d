"""The extraction pipeline: named components run in order over an Analysis.

    normalise -> sentences -> triggers -> places -> actors -> dates -> quantities -> assemble

Triggers run early because they mark `analysis.focus`, the sentences that
hold an event: the costly per-sentence components after them (actors, dates)
read only those, since claims are assembled from them alone. Places and
quantities still read the whole text (the story's main place is counted over
the document, and stray figures a few sentences on join the claim before).
A plug-in that adds triggers of its own should run before "triggers" or
leave `focus` None (the whole text).

Components are looked up by name in a registry that other packages extend
through the "trucewatch.extractors" entry-point group (a name mapped to a
zero-argument factory returning a Component), so a plug-in such as a trigger
classifier can replace or join the rules: `build_pipeline(["normalise", ...,
"my-classifier", "assemble"])`. The default pipeline is built once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from importlib.metadata import entry_points

from trucewatch.extract.assemble import AssembleComponent
from trucewatch.extract.base import Analysis, Component
from trucewatch.extract.budget import Deadline
from trucewatch.extract.dates import opening_date
from trucewatch.extract.normalise import NormaliseComponent
from trucewatch.extract.quantities import QuantityComponent
from trucewatch.extract.sentences import SentenceComponent
from trucewatch.extract.triggers import TriggerComponent

__all__ = [
    "DEFAULT_COMPONENTS",
    "ENTRY_POINT_GROUP",
    "Pipeline",
    "PipelineError",
    "available_components",
    "build_pipeline",
    "default_pipeline",
    "extract_document",
]

ENTRY_POINT_GROUP = "trucewatch.extractors"
DEFAULT_COMPONENTS = (
    "normalise",
    "sentences",
    "triggers",
    "places",
    "actors",
    "dates",
    "quantities",
    "assemble",
)


class PipelineError(ValueError):
    """A pipeline was asked for a component that does not exist."""


class Pipeline:
    """An ordered list of components; calling it runs each in turn."""

    def __init__(self, components: Iterable[Component]) -> None:
        self.components: tuple[Component, ...] = tuple(components)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.components)

    def __call__(self, analysis: Analysis) -> Analysis:
        deadline = analysis.deadline
        for component in self.components:
            if deadline is not None:  # a document over its budget stops here (see budget.py)
                deadline.stage = component.name
                deadline.check(component.name)
            analysis = component(analysis)
        return analysis

    def __repr__(self) -> str:
        return f"Pipeline({' -> '.join(self.names)})"


def _places() -> Component:
    from trucewatch.extract.gazetteer import Gazetteer
    from trucewatch.extract.places import PlaceComponent

    return PlaceComponent(Gazetteer.default())


def _actors() -> Component:
    from trucewatch.extract.actors import ActorComponent

    return ActorComponent()


def _dates() -> Component:
    from trucewatch.extract.dates import DateComponent

    return DateComponent()


def _assemble() -> Component:
    from trucewatch.extract.gazetteer import Gazetteer

    gazetteer = Gazetteer.default()

    def parent_of(place_id: str) -> str | None:
        place = gazetteer.get(place_id)
        return place.parent_id if place else None

    return AssembleComponent(parent_of=parent_of, place_of=gazetteer.get)


def _learnt() -> Component:
    from trucewatch.extract.learnt import LearntComponent, shipped_models

    return LearntComponent(shipped_models())


_BUILTIN: dict[str, Callable[[], Component]] = {
    "normalise": NormaliseComponent,
    "sentences": SentenceComponent,
    "places": _places,
    "actors": _actors,
    "dates": _dates,
    "quantities": QuantityComponent,
    "triggers": TriggerComponent,
    "learnt": _learnt,
    "assemble": _assemble,
}


def available_components() -> dict[str, Callable[[], Component]]:
    """Built-in component factories by name, plus those registered by installed plug-ins."""
    found = dict(_BUILTIN)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(ep.name, ep.load())
    return found


def build_pipeline(names: Sequence[str] | None = None) -> Pipeline:
    """A pipeline of the named components (default: the rules, in DEFAULT_COMPONENTS order)."""
    wanted = list(names) if names else list(DEFAULT_COMPONENTS)
    factories = available_components()
    unknown = [n for n in wanted if n not in factories]
    if unknown:
        raise PipelineError(
            f"unknown extraction component(s): {', '.join(unknown)}; "
            f"available: {', '.join(sorted(factories))}"
        )
    return Pipeline(factories[n]() for n in wanted)


@cache
def default_pipeline() -> Pipeline:
    """The rule-based pipeline, built once per process (lexicons and gazetteer load here)."""
    return build_pipeline(DEFAULT_COMPONENTS)


def extract_document(
    document_id: str,
    text: str,
    published: dt.date | None,
    language: str = "en",
    pipeline: Pipeline | None = None,
    budget: float | None = None,
    deadline: Deadline | None = None,
) -> Analysis:
    """Run the pipeline over one document; the claims are in `.claims`. With no `published`
    date, the first single date to the day in the report's opening stands for it (a title's
    "as of 14 May 2024", a dateline's day: dates.opening_date).

    `budget`: seconds the document may take, or `deadline` (made by the caller, who may
    also arm `budget.interrupt_at` with it); past it BudgetExceeded is raised (see
    budget.py). Neither: no limit."""
    if isinstance(published, dt.datetime):
        published = published.date()
    if published is None:  # relative dates ("on Tuesday") then read from the report's own day
        published = opening_date(text)
    if deadline is None and budget is not None:
        deadline = Deadline(budget, document_id)
    analysis = Analysis(
        document_id=document_id, text=text, published=published, language=language, deadline=deadline
    )
    return (pipeline or default_pipeline())(analysis)
