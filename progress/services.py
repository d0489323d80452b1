"""Writes on a learner's progress: statuses, visitor progress, plans, notes, evidence."""

import logging
from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone

from roadmap.models import Step

from .models import (
    ActivityEvent,
    ActivityKind,
    EvidenceLink,
    LearningPlan,
    ProgressReset,
    StepProgress,
    StepRevision,
    StepStatus,
)

logger = logging.getLogger(__name__)

VISITOR_SESSION_KEY = "visitor_progress"
STARTED = {StepStatus.IN_PROGRESS, StepStatus.DONE}


def _check_status(status):
    if status not in StepStatus.values:
        expected = ", ".join(StepStatus.values)
        raise ValueError(f"Unknown status {status!r}; expected one of {expected}.")
    return StepStatus(status)


def _locked_progress(*, learner, step):
    """(row, created): the learner's row for the step, locked until the transaction ends.

    `get_or_create` creates inside a savepoint; when a concurrent request inserted the same row
    first, the unique constraint raises IntegrityError there and it reads (and locks) that row.
    """
    return StepProgress.objects.select_for_update().get_or_create(learner=learner, step=step)


def _apply_status(progress, status, *, at, started_at=None, completed_at=None):
    """Set the status and its timestamps on a row (the caller checks it is a change)."""
    progress.status = status
    progress.status_changed_at = at
    if status in STARTED and progress.started_at is None:
        progress.started_at = started_at or at
    progress.completed_at = (completed_at or at) if status == StepStatus.DONE else None


STATUS_FIELDS = ["status", "status_changed_at", "started_at", "completed_at", "updated_at"]


def record_activity(*, learner, kind, step=None, at=None) -> ActivityEvent:
    """Log one thing the learner did, for the activity calendar (an append-only row)."""
    return ActivityEvent.objects.create(
        learner=learner, kind=kind, step=step, occurred_at=at or timezone.now()
    )


@transaction.atomic
def mark_step(*, learner, step, status) -> StepProgress:
    """Set a learner's status on a step; setting the same status twice changes nothing.

    One row per learner and step (a database constraint), even when two requests race.
    `started_at` is set the first time the step moves to in progress or done; `completed_at`
    is set on done and cleared when the step leaves done.
    """
    status = _check_status(status)
    progress, _ = _locked_progress(learner=learner, step=step)
    if progress.status == status:
        return progress
    _apply_status(progress, status, at=timezone.now())
    progress.save(update_fields=STATUS_FIELDS)
    record_activity(
        learner=learner, kind=ActivityKind.STEP, step=step, at=progress.status_changed_at
    )
    return progress


def visitor_progress(session):
    """{step_id (str): {"status", "updated_at", ...}} a visitor (not signed in) has marked."""
    data = session.get(VISITOR_SESSION_KEY)
    return data if isinstance(data, dict) else {}


def mark_visitor_step(session, step, status):
    """Keep a visitor's status on a step in their session; the same status twice changes nothing.

    Returns the stored entry. It is merged into their account when they sign up or log in.
    """
    status = _check_status(status)
    data = dict(visitor_progress(session))
    key = str(step.pk)
    entry = data.get(key)
    if isinstance(entry, dict) and entry.get("status") == status:
        return entry
    now = timezone.now().isoformat()
    entry = dict(entry) if isinstance(entry, dict) else {}
    entry["status"] = str(status)
    entry["updated_at"] = now
    if status in STARTED and not entry.get("started_at"):
        entry["started_at"] = now
    entry["completed_at"] = now if status == StepStatus.DONE else None
    data[key] = entry
    session[VISITOR_SESSION_KEY] = data  # reassigned, so the session is saved
    return entry


def _parse_time(value):
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


@transaction.atomic
def merge_visitor_progress(*, learner, session) -> int:
    """Move the statuses a visitor kept in the session onto their account, then clear them.

    Per step, the newer status wins: the account's when its status changed after the visitor's
    mark, the visitor's otherwise. Notes and evidence on the account are never touched.
    Returns how many rows were created or changed.
    """
    data = visitor_progress(session)
    entries = {}
    for key, entry in data.items():
        if str(key).isdigit() and isinstance(entry, dict):
            marked_at = _parse_time(entry.get("updated_at"))
            if entry.get("status") in StepStatus.values and marked_at is not None:
                entries[int(key)] = (entry, marked_at)
    changed = 0
    for step in Step.objects.filter(pk__in=entries).order_by("pk"):
        entry, marked_at = entries[step.pk]
        progress, created = _locked_progress(learner=learner, step=step)
        account_changed_at = progress.status_changed_at or progress.updated_at
        if not created and account_changed_at >= marked_at:
            continue  # the account's status is newer: it wins
        if progress.status == entry["status"]:
            continue
        _apply_status(
            progress,
            StepStatus(entry["status"]),
            at=marked_at,
            started_at=_parse_time(entry.get("started_at")),
            completed_at=_parse_time(entry.get("completed_at")),
        )
        progress.save(update_fields=STATUS_FIELDS)
        record_activity(learner=learner, kind=ActivityKind.STEP, step=step, at=marked_at)
        changed += 1
    session.pop(VISITOR_SESSION_KEY, None)
    return changed


def merge_on_login(sender, request, user, **kwargs):
    """`user_logged_in` receiver: merge the visitor's session progress into the account."""
    session = getattr(request, "session", None)
    if session is None or not visitor_progress(session):
        return
    try:
        merge_visitor_progress(learner=user, session=session)
    except Exception:  # never block a login; the session copy stays for the next one
        logger.exception("Could not merge visitor progress for user %s", user.pk)


@transaction.atomic
def set_plan(*, learner, roadmap, start_date) -> LearningPlan:
    """Set (or move) the learner's start date on a roadmap; one plan per learner and roadmap."""
    plan, _ = LearningPlan.objects.update_or_create(
        learner=learner, roadmap=roadmap, defaults={"start_date": start_date}
    )
    return plan


@transaction.atomic
def save_step_note(*, learner, step, note) -> StepProgress:
    """Save the learner's private note on a step (its status is left as it is)."""
    progress, _ = _locked_progress(learner=learner, step=step)
    if progress.note != note:
        progress.note = note
        progress.save(update_fields=["note", "updated_at"])
        record_activity(learner=learner, kind=ActivityKind.NOTE, step=step)
    return progress


MAX_EVIDENCE_PER_STEP = 20
MAX_EVIDENCE_PER_LEARNER = 500


class EvidenceLimitReached(Exception):
    """A learner has as many evidence links as the site keeps (per step, or in all)."""


@transaction.atomic
def add_evidence_link(*, learner, step, url, label="") -> EvidenceLink:
    """Attach a link (a repository, a certificate) to the learner's row for the step.

    At most MAX_EVIDENCE_PER_STEP links on a step and MAX_EVIDENCE_PER_LEARNER in all; the row
    lock makes the count and the insert one step for a step's links.
    """
    progress, _ = _locked_progress(learner=learner, step=step)
    if progress.evidence.count() >= MAX_EVIDENCE_PER_STEP:
        raise EvidenceLimitReached(
            f"A step keeps at most {MAX_EVIDENCE_PER_STEP} evidence links. "
            "Delete one to add another."
        )
    if EvidenceLink.objects.filter(progress__learner=learner).count() >= MAX_EVIDENCE_PER_LEARNER:
        raise EvidenceLimitReached(
            f"You have {MAX_EVIDENCE_PER_LEARNER} evidence links, as many as the site keeps "
            "for one learner. Delete some to add more."
        )
    link = EvidenceLink(progress=progress, url=url, label=label)
    link.full_clean()
    link.save()
    progress.save(update_fields=["updated_at"])  # last activity
    record_activity(learner=learner, kind=ActivityKind.EVIDENCE, step=step, at=link.created_at)
    return link


# Significant changes to steps -----------------------------------------------------------------


@transaction.atomic
def record_step_revision(*, step, old_title, old_summary, changed_by=None) -> StepRevision:
    """Record that an author changed `step` significantly (its title/summary before and after).

    Learners who completed the step before now see "Updated since you completed it" with the
    change, until they mark it reviewed.
    """
    return StepRevision.objects.create(
        step=step,
        old_title=old_title,
        old_summary=old_summary,
        new_title=step.title,
        new_summary=step.summary,
        changed_by=changed_by if getattr(changed_by, "pk", None) else None,
    )


@transaction.atomic
def mark_step_reviewed(*, learner, step) -> StepProgress | None:
    """Acknowledge every change made to `step` so far; None when the learner has no row on it."""
    progress = StepProgress.objects.select_for_update().filter(learner=learner, step=step).first()
    if progress is not None:
        progress.reviewed_revision_at = timezone.now()
        progress.save(update_fields=["reviewed_revision_at"])
    return progress


# Reset and undo -------------------------------------------------------------------------------

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


def progress_reset_summary(counts) -> str:
    """'N step statuses (X done, Y in progress, Z skipped)' from {status: count}."""
    total = sum(counts.values())
    parts = ", ".join(
        f"{counts.get(status, 0)} {StepStatus(status).label.lower()}"
        for status in (StepStatus.DONE, StepStatus.IN_PROGRESS, StepStatus.SKIPPED)
    )
    noun = "step status" if total == 1 else "step statuses"
    return f"{total} {noun} ({parts})"


@transaction.atomic
def reset_progress(*, learner, roadmap) -> ProgressReset | None:
    """Set every step of `roadmap` back to "not started" for `learner`, keeping an exact snapshot.

    Notes and evidence are not touched. The snapshot holds each changed row's status and dates
    (`updated_at` too), so `undo_reset` puts back exactly these rows. None when nothing to reset.
    """
    rows = list(resettable_progress(learner=learner, roadmap=roadmap).select_for_update())
    if not rows:
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
    now = timezone.now()
    StepProgress.objects.filter(pk__in=[row.pk for row in rows]).update(
        status=StepStatus.NOT_STARTED,
        started_at=None,
        completed_at=None,
        status_changed_at=now,  # visitor marks older than the reset do not win a later merge
        updated_at=now,
    )
    return ProgressReset.objects.create(
        learner=learner,
        roadmap=roadmap,
        kind=ProgressReset.Kind.PROGRESS,
        snapshot=snapshot,
        summary=progress_reset_summary(counts),
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
        entries = {entry["id"]: entry for entry in reset.snapshot}
        rows = list(
            StepProgress.objects.select_for_update().filter(
                pk__in=list(entries), learner=reset.learner
            )
        )
        for row in rows:
            entry = entries[row.pk]
            row.status = entry["status"]
            for name in SNAPSHOT_FIELDS[1:]:
                setattr(row, name, _from_json_time(entry[name]))
        # bulk_update writes the values given, updated_at included (auto_now is not applied).
        StepProgress.objects.bulk_update(rows, list(SNAPSHOT_FIELDS))
        restored = len(rows)
    reset.undone_at = now
    reset.save(update_fields=["undone_at"])
    return restored
