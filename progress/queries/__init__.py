"""Reads for the pages, by what they read: the plan, the roadmap page's progress, the dashboard,
step revisions, reset previews, projects. Each runs a fixed number of queries whatever the size."""

from .dashboard import Dashboard, PortfolioItem, learner_dashboard
from .page import roadmap_progress, roadmap_summary, step_topics_row
from .plan import (
    PlanSchedule,
    PlanStatus,
    StepHours,
    add_months,
    finish_dates,
    plan_moment,
    plan_schedule,
    plan_status,
    step_hours,
    step_target,
)
from .projects import ProjectProgress, portfolio_projects, project_progress
from .resets import reset_preview
from .revisions import RevisionNotice, revision_notices, word_diff
from .rows import RoadmapProgress, StepRow

__all__ = [
    "Dashboard",
    "PlanSchedule",
    "PlanStatus",
    "PortfolioItem",
    "ProjectProgress",
    "RevisionNotice",
    "RoadmapProgress",
    "StepHours",
    "StepRow",
    "add_months",
    "finish_dates",
    "learner_dashboard",
    "plan_moment",
    "plan_schedule",
    "plan_status",
    "portfolio_projects",
    "project_progress",
    "reset_preview",
    "revision_notices",
    "roadmap_progress",
    "roadmap_summary",
    "step_hours",
    "step_target",
    "step_topics_row",
    "word_diff",
]
