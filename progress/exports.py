"""The progress app's part of a learner's data export and account deletion."""

from django.dispatch import receiver

from accounts.learner_data import register
from accounts.signals import account_deleting

from .models import (
    ActivityEvent,
    LearningPlan,
    PersonalResource,
    PlanRevision,
    ProgressReset,
    ProjectLink,
    ResourceDone,
    StepProgress,
    TopicProgress,
)


def export(learner) -> dict:
    """Every progress row (archived steps included) with its note and evidence links, plans
    with their earlier versions, resets, the activity log, topics ticked, resources done, their
    own resources and project links: ten queries whatever the amount of data (nine without a
    plan)."""
    progress_rows = (
        StepProgress.objects.for_learner(learner)
        .select_related("step__roadmap")
        .prefetch_related("evidence")
        .order_by("step__roadmap__position", "step__roadmap_id", "step__position", "step_id")
    )
    plans = (
        LearningPlan.objects.for_learner(learner)
        .select_related("roadmap")
        .prefetch_related("revisions")
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
    topics = (
        TopicProgress.objects.for_learner(learner)
        .select_related("topic__step__roadmap")
        .order_by("topic__step__roadmap_id", "topic__step__position", "topic__position", "id")
    )
    resources_done = (
        ResourceDone.objects.for_learner(learner)
        .select_related("resource__topic__step__roadmap")
        .order_by("done_at", "id")
    )
    personal = (
        PersonalResource.objects.for_learner(learner)
        .select_related("topic__step__roadmap")
        .order_by("created_at", "id")
    )
    project_links = (
        ProjectLink.objects.for_learner(learner)
        .select_related("criterion__project__roadmap")
        .order_by("criterion__project_id", "criterion__position", "id")
    )
    return {
        "progress": [_progress(row) for row in progress_rows],
        "topics": [
            {
                "roadmap": row.topic.step.roadmap.slug,
                "step": row.topic.step.slug,
                "topic": row.topic.slug,
                "topic_title": row.topic.title,
                "status": row.status,
                "status_changed_at": row.status_changed_at,
            }
            for row in topics
        ],
        "resources_done": [
            {
                "roadmap": row.resource.topic.step.roadmap.slug,
                "topic": row.resource.topic.slug,
                "title": row.resource.title,
                "url": row.resource.url,
                "done_at": row.done_at,
            }
            for row in resources_done
        ],
        "personal_resources": [
            {
                "roadmap": item.topic.step.roadmap.slug,
                "topic": item.topic.slug,
                "title": item.title,
                "url": item.url,
                "created_at": item.created_at,
            }
            for item in personal
        ],
        "project_links": [
            {
                "roadmap": link.criterion.project.roadmap.slug,
                "project": link.criterion.project.slug,
                "project_title": link.criterion.project.title,
                "criterion": link.criterion.text,
                "url": link.url,
                "created_at": link.created_at,
                "updated_at": link.updated_at,
            }
            for link in project_links
        ],
        "plans": [
            {
                "roadmap": plan.roadmap.slug,
                "roadmap_title": plan.roadmap.title,
                "start_date": plan.start_date,
                "hours_per_week": plan.hours_per_week,
                "replanned_at": plan.replanned_at,
                "created_at": plan.created_at,
                "updated_at": plan.updated_at,
                "earlier_plans": [
                    {
                        "start_date": revision.start_date,
                        "hours_per_week": revision.hours_per_week,
                        "reason": revision.reason,
                        "replaced_at": revision.replaced_at,
                    }
                    for revision in plan.revisions.all()
                ],
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
    """The learner's statuses (with notes and evidence), plans (with their earlier versions),
    resets, activity log, topics, resources done, own resources and project links."""
    for model in (
        ActivityEvent,
        ProgressReset,
        PlanRevision,
        LearningPlan,
        StepProgress,
        TopicProgress,
        ResourceDone,
        PersonalResource,
        ProjectLink,
    ):
        model.objects.for_learner(learner).delete()


register(export)
