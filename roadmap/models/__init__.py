"""Roadmap content: the roadmap (roadmap.py) and every part its page shows (parts.py).
Tables and app label are unchanged: `roadmap_*`."""

from .parts import (
    FAQ,
    Callout,
    CareerStage,
    Highlight,
    KeyTerm,
    Pillar,
    RelatedTopic,
    SalaryFigure,
    Step,
    StepQuerySet,
)
from .roadmap import Citation_prefetch, Roadmap, RoadmapPart, RoadmapQuerySet

__all__ = [
    "FAQ",
    "Callout",
    "CareerStage",
    "Citation_prefetch",
    "Highlight",
    "KeyTerm",
    "Pillar",
    "RelatedTopic",
    "Roadmap",
    "RoadmapPart",
    "RoadmapQuerySet",
    "SalaryFigure",
    "Step",
    "StepQuerySet",
]
