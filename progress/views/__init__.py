"""The progress app's views: step progress (steps.py) and progress inside steps (learning.py)."""

from .learning import (
    add_personal_resource_view,
    delete_personal_resource,
    mark_resource_view,
    mark_topic_view,
    project_detail,
)
from .steps import (
    dashboard,
    delete_evidence,
    mark_reviewed,
    mark_step_view,
    replan_view,
    reset_done,
    reset_progress,
    reset_quiz,
    set_plan_view,
    step_notes,
    undo_reset,
)

__all__ = [
    "add_personal_resource_view",
    "dashboard",
    "delete_evidence",
    "delete_personal_resource",
    "mark_resource_view",
    "mark_reviewed",
    "mark_step_view",
    "mark_topic_view",
    "project_detail",
    "replan_view",
    "reset_done",
    "reset_progress",
    "reset_quiz",
    "set_plan_view",
    "step_notes",
    "undo_reset",
]
