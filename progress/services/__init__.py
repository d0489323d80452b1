"""Writes on a learner's progress, one service per business action (keyword-only, atomic):
step progress (steps.py), resets and undo (resets.py), topics, resources and projects
(learning.py)."""

from .learning import (
    LimitReached,
    add_personal_resource,
    mark_resource_done,
    mark_topic,
    merge_visitor_topics,
    save_project_link,
)
from .resets import (
    UndoRefused,
    progress_reset_summary,
    quiz_reset_summary,
    reset_progress,
    reset_quiz_history,
    resettable_attempts,
    resettable_progress,
    resettable_resources,
    resettable_topics,
    undo_reset,
)
from .steps import (
    MAX_EVIDENCE_PER_LEARNER,
    MAX_EVIDENCE_PER_STEP,
    STATUS_FIELDS,
    EvidenceLimitReached,
    add_evidence_link,
    mark_step,
    mark_step_reviewed,
    merge_visitor_progress,
    record_activity,
    record_step_revision,
    save_step_note,
    set_plan,
)

__all__ = [
    "MAX_EVIDENCE_PER_LEARNER",
    "MAX_EVIDENCE_PER_STEP",
    "EvidenceLimitReached",
    "STATUS_FIELDS",
    "LimitReached",
    "UndoRefused",
    "add_evidence_link",
    "add_personal_resource",
    "mark_resource_done",
    "mark_step",
    "mark_step_reviewed",
    "mark_topic",
    "merge_visitor_progress",
    "merge_visitor_topics",
    "progress_reset_summary",
    "quiz_reset_summary",
    "record_activity",
    "record_step_revision",
    "reset_progress",
    "reset_quiz_history",
    "resettable_attempts",
    "resettable_progress",
    "resettable_resources",
    "resettable_topics",
    "save_project_link",
    "save_step_note",
    "set_plan",
    "undo_reset",
]
