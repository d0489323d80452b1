"""Resetting a roadmap's progress or quiz history, and undoing a reset within its window."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from ..models import (
    ProgressReset,
    ResourceDone,
    StepProgress,
    StepStatus,
    TopicProgress,
    TopicStatus,
)

SNAPSHOT_FIELDS = ("status", "started_at", "completed_at", "status_changed_at", "updated_at")


class UndoRefused(Exception):
    """The reset cannot be undone (already undone, or too old); the message says why."""


def _as_json_time(value):
    return value.isoformat() if value is not None else None


def _from_json_time(value):
    return datetime.fromisoformat(value) if value else None


def resettable_progress(*, learner, roadmap):
    """The learner's rows a progress reset would change: active steps not at "not started"."""
    return (
        StepProgress.objects.for_learner(learner)
        .for_roadmap(roadmap)
        .on_site()
        .exclude(status=StepStatus.NOT_STARTED)
    )


def resettable_topics(*, learner, roadmap):
    """The learner's topic rows a progress reset would change: ticked done or skipped."""
    return (
        TopicProgress.objects.for_learner(learner)
        .for_roadmap(roadmap)
        .exclude(status=TopicStatus.NOT_STARTED)
    )


def resettable_resources(*, learner, roadmap):
    """The curated resources of `roadmap` the learner marked done."""
    return ResourceDone.objects.for_learner(learner).for_roadmap(roadmap)


def _plural(count, one, many):
    return f"{count} {one if count == 1 else many}"


def progress_reset_summary(counts, *, topics=0, resources=0) -> str:
    """'N step statuses (X done, Y in progress, Z skipped)' from {status: count}, then the
    topics and resources when there are any."""
    total = sum(counts.values())
    parts = ", ".join(
        f"{counts.get(status, 0)} {StepStatus(status).label.lower()}"
        for status in (StepStatus.DONE, StepStatus.IN_PROGRESS, StepStatus.SKIPPED)
    )
    summary = f"{_plural(total, 'step status', 'step statuses')} ({parts})"
    if topics:
        summary += f", {_plural(topics, 'topic', 'topics')}"
    if resources:
        summary += f", {_plural(resources, 'resource done', 'resources done')}"
    return summary


@transaction.atomic
def reset_progress(*, learner, roadmap) -> ProgressReset | None:
    """Set every step and topic of `roadmap` back to "not started" for `learner` and unmark the
    resources done, keeping an exact snapshot.

    Notes, evidence, personal resources and project links are not touched. The snapshot holds
    each changed row as it was (`updated_at` too), so `undo_reset` puts back exactly these rows.
    None when there is nothing to reset.
    """
    rows = list(resettable_progress(learner=learner, roadmap=roadmap).select_for_update())
    topics = list(resettable_topics(learner=learner, roadmap=roadmap).select_for_update())
    done = list(resettable_resources(learner=learner, roadmap=roadmap).select_for_update())
    if not (rows or topics or done):
        return None
    counts = {}
    snapshot = []
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
        entry = {"id": row.pk, "step_id": row.step_id}
        entry.update({name: getattr(row, name) for name in SNAPSHOT_FIELDS})
        for name in SNAPSHOT_FIELDS[1:]:
            entry[name] = _as_json_time(entry[name])
        snapshot.append(entry)
    for row in topics:
        snapshot.append(
            {
                "kind": "topic",
                "id": row.pk,
                "topic_id": row.topic_id,
                "status": row.status,
                "status_changed_at": _as_json_time(row.status_changed_at),
                "updated_at": _as_json_time(row.updated_at),
            }
        )
    for row in done:
        snapshot.append(
            {
                "kind": "resource",
                "resource_id": row.resource_id,
                "done_at": _as_json_time(row.done_at),
            }
        )
    now = timezone.now()
    StepProgress.objects.filter(pk__in=[row.pk for row in rows]).update(
        status=StepStatus.NOT_STARTED,
        started_at=None,
        completed_at=None,
        status_changed_at=now,  # visitor marks older than the reset do not win a later merge
        updated_at=now,
    )
    TopicProgress.objects.filter(pk__in=[row.pk for row in topics]).update(
        status=TopicStatus.NOT_STARTED, status_changed_at=now, updated_at=now
    )
    ResourceDone.objects.filter(pk__in=[row.pk for row in done]).delete()
    return ProgressReset.objects.create(
        learner=learner,
        roadmap=roadmap,
        kind=ProgressReset.Kind.PROGRESS,
        snapshot=snapshot,
        summary=progress_reset_summary(counts, topics=len(topics), resources=len(done)),
        created_at=now,
    )


def resettable_attempts(*, learner, roadmap):
    """The learner's attempts at `roadmap`'s quiz still in their history."""
    from quizzes.models import QuizAttempt

    return QuizAttempt.objects.for_learner(learner).in_history().filter(quiz__roadmap=roadmap)


def quiz_reset_summary(*, count, best) -> str:
    noun = "attempt" if count == 1 else "attempts"
    best_part = f" (best score {best.percent}%)" if best is not None else ""
    return f"{count} {noun}{best_part}"


@transaction.atomic
def reset_quiz_history(*, learner, roadmap) -> ProgressReset | None:
    """Hide the learner's attempts at `roadmap`'s quiz from their history and best score.

    Nothing is deleted: the attempts get `reset_at` (they stay in the data export) and
    `undo_reset` shows them again. None when there is nothing to reset.
    """
    from quizzes.models import QuizAttempt

    attempts = resettable_attempts(learner=learner, roadmap=roadmap)
    ids = list(attempts.select_for_update().order_by("pk").values_list("pk", flat=True))
    if not ids:
        return None
    best = QuizAttempt.objects.filter(pk__in=ids).quizzes().best_first().first()
    summary = quiz_reset_summary(count=len(ids), best=best)
    now = timezone.now()
    QuizAttempt.objects.filter(pk__in=ids).update(reset_at=now)
    return ProgressReset.objects.create(
        learner=learner,
        roadmap=roadmap,
        kind=ProgressReset.Kind.QUIZ,
        snapshot=[{"attempt_id": pk} for pk in ids],
        summary=summary,
        created_at=now,
    )


@transaction.atomic
def undo_reset(*, reset, now=None) -> int:
    """Put back exactly what `reset` changed; returns how many rows were restored.

    Raises UndoRefused when it was undone already or is older than the undo window.
    """
    from quizzes.models import QuizAttempt

    reset = ProgressReset.objects.select_for_update().get(pk=reset.pk)
    now = now or timezone.now()
    if reset.undone_at is not None:
        raise UndoRefused("This reset has already been undone.")
    if not reset.can_undo(now=now):
        raise UndoRefused(
            "This reset was made more than 24 hours ago, so it can no longer be undone."
        )
    if reset.kind == ProgressReset.Kind.QUIZ:
        ids = [entry["attempt_id"] for entry in reset.snapshot]
        restored = QuizAttempt.objects.filter(
            pk__in=ids, learner=reset.learner, reset_at__isnull=False
        ).update(reset_at=None)
    else:
        restored = _restore_progress(reset)
    reset.undone_at = now
    reset.save(update_fields=["undone_at"])
    return restored


def _restore_progress(reset) -> int:
    """Put back the step rows, topic rows and resources done that a progress reset changed.

    Snapshots made before topics existed hold step entries only (no "kind").
    """
    learner = reset.learner
    steps = {e["id"]: e for e in reset.snapshot if e.get("kind", "step") == "step"}
    topics = {e["id"]: e for e in reset.snapshot if e.get("kind") == "topic"}
    resources = [e for e in reset.snapshot if e.get("kind") == "resource"]

    rows = list(
        StepProgress.objects.select_for_update().filter(pk__in=list(steps), learner=learner)
    )
    for row in rows:
        entry = steps[row.pk]
        row.status = entry["status"]
        for name in SNAPSHOT_FIELDS[1:]:
            setattr(row, name, _from_json_time(entry[name]))
    # bulk_update writes the values given, updated_at included (auto_now is not applied).
    StepProgress.objects.bulk_update(rows, list(SNAPSHOT_FIELDS))

    topic_rows = list(
        TopicProgress.objects.select_for_update().filter(pk__in=list(topics), learner=learner)
    )
    for row in topic_rows:
        entry = topics[row.pk]
        row.status = entry["status"]
        row.status_changed_at = _from_json_time(entry["status_changed_at"])
        row.updated_at = _from_json_time(entry["updated_at"])
    TopicProgress.objects.bulk_update(topic_rows, ["status", "status_changed_at", "updated_at"])

    done = ResourceDone.objects.bulk_create(
        [
            ResourceDone(
                learner=learner,
                resource_id=entry["resource_id"],
                done_at=_from_json_time(entry["done_at"]),
            )
            for entry in resources
        ],
        ignore_conflicts=True,  # marked done again since the reset: keep that row
    )
    return len(rows) + len(topic_rows) + len(done)
