"""Roadmap content: the roadmap (roadmap.py), every part its page shows (parts.py), and what a
learner studies within a step: topics, resources and projects (learning.py).
Tables and app label are unchanged: `roadmap_*`."""

from .learning import Project, ProjectCriterion, Resource, ResourceQuerySet, Topic, TopicQuerySet
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
from .roadmap import Citation_prefetch, Roadmap, RoadmapPage, RoadmapPart, RoadmapQuerySet

__all__ = [
    "FAQ",
    "Callout",
    "CareerStage",
    "Citation_prefetch",
    "Highlight",
    "KeyTerm",
    "Pillar",
    "Project",
    "ProjectCriterion",
    "RelatedTopic",
    "Resource",
    "ResourceQuerySet",
    "Roadmap",
    "RoadmapPage",
    "RoadmapPart",
    "RoadmapQuerySet",
    "SalaryFigure",
    "Step",
    "StepQuerySet",
    "Topic",
    "TopicQuerySet",
]
