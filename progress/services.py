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
    StepProgress,
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


@transaction.atomic
def add_evidence_link(*, learner, step, url, label="") -> EvidenceLink:
    """Attach a link (a repository, a certificate) to the learner's row for the step."""
    progress, _ = _locked_progress(learner=learner, step=step)
    link = EvidenceLink(progress=progress, url=url, label=label)
    link.full_clean()
    link.save()
    progress.save(update_fields=["updated_at"])  # last activity
    record_activity(learner=learner, kind=ActivityKind.EVIDENCE, step=step, at=link.created_at)
    return link
