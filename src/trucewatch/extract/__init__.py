"""Extraction: from a report's text to sourced claims.

    from trucewatch.extract import extract_document
    analysis = extract_document("doc-1", text, dt.date(2017, 3, 8))
    for claim in analysis.claims: ...

A pipeline of small named components over one Analysis (see pipeline.py);
every mention and every claim's evidence keeps offsets into the original text.
"""

from trucewatch.extract.acled import acled_type, acled_types
from trucewatch.extract.assemble import EXTRACTOR, EXTRACTOR_VERSION, AssembleComponent, assemble_claims
from trucewatch.extract.base import (
    ActorMention,
    Analysis,
    Component,
    DateMention,
    Mention,
    PlaceMention,
    QuantityMention,
    Trigger,
)
from trucewatch.extract.eval_format import claims_to_events, event_lines, predict_file
from trucewatch.extract.normalise import NormaliseComponent, normalise
from trucewatch.extract.pipeline import (
    DEFAULT_COMPONENTS,
    ENTRY_POINT_GROUP,
    Pipeline,
    PipelineError,
    available_components,
    build_pipeline,
    default_pipeline,
    extract_document,
)
from trucewatch.extract.quantities import QuantityComponent, find_quantities, parse_number
from trucewatch.extract.sentences import SentenceComponent, split_sentences
from trucewatch.extract.triggers import TriggerComponent, find_triggers

__all__ = [
    "DEFAULT_COMPONENTS",
    "ENTRY_POINT_GROUP",
    "EXTRACTOR",
    "EXTRACTOR_VERSION",
    "ActorMention",
    "Analysis",
    "AssembleComponent",
    "Component",
    "DateMention",
    "Mention",
    "NormaliseComponent",
    "Pipeline",
    "PipelineError",
    "PlaceMention",
    "QuantityComponent",
    "QuantityMention",
    "SentenceComponent",
    "Trigger",
    "TriggerComponent",
    "acled_type",
    "acled_types",
    "assemble_claims",
    "available_components",
    "build_pipeline",
    "claims_to_events",
    "default_pipeline",
    "event_lines",
    "extract_document",
    "find_quantities",
    "find_triggers",
    "normalise",
    "parse_number",
    "predict_file",
    "split_sentences",
]
