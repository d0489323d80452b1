"""The progress app's part of a learner's data export and account deletion."""

from django.dispatch import receiver

from accounts.learner_data import register
from accounts.signals import account_deleting

from .models import ActivityEvent, LearningPlan, ProgressReset, StepProgress


def export(learner) -> dict:
    """Every progress row (archived steps included) with its note and evidence links, plans,
    resets and the activity log: five queries whatever the amount of data."""
    progress_rows = (
        StepProgress.objects.for_learner(learner)
        .select_related("step__roadmap")
        .prefetch_related("evidence")
        .order_by("step__roadmap__position", "step__roadmap_id", "step__position", "step_id")
    )
    plans = (
        LearningPlan.objects.for_learner(learner)
        .select_related("roadmap")
        .order_by("roadmap__position", "roadmap_id")
    )
    resets = (
        ProgressReset.objects.for_learner(learner)
        .select_related("roadmap")
        .order_by("created_at", "id")
    )
    activity = (
        ActivityEvent.objects.for_learner(learner)
        .select_related("step")
        .order_by("occurred_at", "id")
    )
    return {
        "progress": [_progress(row) for row in progress_rows],
        "plans": [
            {
                "roadmap": plan.roadmap.slug,
                "roadmap_title": plan.roadmap.title,
                "start_date": plan.start_date,
                "created_at": plan.created_at,
                "updated_at": plan.updated_at,
            }
            for plan in plans
        ],
        "resets": [
            {
                "roadmap": reset.roadmap.slug,
                "kind": reset.kind,
                "summary": reset.summary,
                "created_at": reset.created_at,
                "undone_at": reset.undone_at,
                "snapshot": reset.snapshot,
            }
            for reset in resets
        ],
        "activity": [
            {
                "kind": event.kind,
                "step": event.step.slug if event.step else None,
                "occurred_at": event.occurred_at,
            }
            for event in activity
        ],
    }


def _progress(row):
    step = row.step
    return {
        "roadmap": step.roadmap.slug,
        "roadmap_title": step.roadmap.title,
        "step": step.slug,
        "step_title": step.title,
        "step_archived": step.is_archived,
        "status": row.status,
        "status_label": row.get_status_display(),
        "started_at": row.started_at,
        "completed_at": row.completed_at,
        "changes_reviewed_at": row.reviewed_revision_at,
        "note": row.note,
        "evidence": [
            {"url": link.url, "label": link.label, "created_at": link.created_at}
            for link in row.evidence.all()
        ],
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    }


@receiver(account_deleting, dispatch_uid=__name__)
def delete(sender, learner, **kwargs) -> None:
    """The learner's statuses (with notes and evidence), plans, resets and activity log."""
    for model in (ActivityEvent, ProgressReset, LearningPlan, StepProgress):
        model.objects.for_learner(learner).delete()


register(export)
