"""Writes on a learner's step progress: statuses, visitor progress, plans, notes, evidence."""

import functools
import re

from django.db import connection, transaction
from django.utils import timezone

from accounts.prepared import prepared_statement
from roadmap.learner_pages import learner_changed
from roadmap.models import Step

from .. import visitors
from ..models import (
    STARTED,
    ActivityEvent,
    ActivityKind,
    EvidenceLink,
    LearningPlan,
    PlanRevision,
    StepProgress,
    StepRevision,
    StepStatus,
    status_times,
)


def _check_status(status):
    if status not in StepStatus.values:
        expected = ", ".join(StepStatus.values)
        raise ValueError(f"Unknown status {status!r}; expected one of {expected}.")
    return StepStatus(status)


def _locked_progress(*, learner, step, defaults=None):
    """(row, created): the learner's row for the step, locked until the transaction ends.

    `get_or_create` creates inside a savepoint; when a concurrent request inserted the same row
    first, the unique constraint raises IntegrityError there and it reads (and locks) that row.
    `defaults` are the new row's values (ignored when the row exists).
    """
    return StepProgress.objects.select_for_update().get_or_create(
        learner=learner, step=step, defaults=defaults
    )


def _apply_status(progress, status, *, at, started_at=None, completed_at=None):
    """Set the status and its timestamps on a row (the caller checks it is a change).

    `started_at` and `completed_at` are a visitor's times being merged, when known.
    """
    progress.status = status
    progress.status_changed_at = at
    first_start = progress.started_at or (started_at if status in STARTED else None)
    progress.started_at, progress.completed_at = status_times(
        status, at=at, started_at=first_start, completed_at=completed_at
    )


STATUS_FIELDS = ["status", "status_changed_at", "started_at", "completed_at", "updated_at"]


def record_activity(*, learner, kind, step=None, at=None) -> ActivityEvent:
    """Log one thing the learner did, for the activity calendar (an append-only row)."""
    return ActivityEvent.objects.create(
        learner=learner, kind=kind, step=step, occurred_at=at or timezone.now()
    )


def save_with_activity(row, fields, *, learner, kind, step=None, at) -> None:
    """Save `fields` of a (locked, existing) row and log the activity, in one round trip.

    On Postgres one statement does both, a data-modifying CTE: `WITH changed AS (UPDATE ...
    RETURNING 1) INSERT INTO activity ... SELECT ... FROM changed`. Elsewhere (SQLite) it is the
    UPDATE and then the INSERT. The values are the ones the model computed (auto_now included), so
    the rules stay in Python. No model signal is sent for either row (none is listened to).
    """
    if connection.vendor != "postgresql":
        row.save(update_fields=fields)
        record_activity(learner=learner, kind=kind, step=step, at=at)
        return
    quote = connection.ops.quote_name
    meta = row._meta
    assignments, params = [], []
    for name in fields:
        field = meta.get_field(name)
        value = field.pre_save(row, add=False)  # auto_now fields take the time here
        assignments.append(f"{quote(field.column)} = %s")
        params.append(field.get_db_prep_save(value, connection))
    params.append(row.pk)
    event = ActivityEvent._meta
    columns = ", ".join(
        quote(event.get_field(name).column) for name in ("learner", "kind", "step", "occurred_at")
    )
    occurred_at = event.get_field("occurred_at").get_db_prep_save(at, connection)
    params += [learner.pk, kind, getattr(step, "pk", None), occurred_at]
    sql = (
        f"WITH changed AS (UPDATE {quote(meta.db_table)} SET {', '.join(assignments)} "
        f"WHERE {quote(meta.pk.column)} = %s RETURNING 1) "
        f"INSERT INTO {quote(event.db_table)} ({columns}) SELECT %s, %s, %s, %s FROM changed"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    learner_changed(learner.pk)  # raw SQL sends no model signals


def mark_step(*, learner, step, status) -> StepProgress:
    """Set a learner's status on a step; setting the same status twice changes nothing.

    One row per learner and step (a database constraint), even when two requests race.
    `started_at` is set the first time the step moves to in progress or done; `completed_at`
    is set on done and cleared when the step leaves done (`status_times`). Every change logs an
    activity event. On Postgres all of it is one statement (`_upsert_status`), atomic on its own;
    elsewhere the row is locked, then written, in a transaction.
    """
    status = _check_status(status)
    at = timezone.now()
    if connection.vendor == "postgresql":
        return _upsert_status(learner=learner, step=step, status=status, at=at)
    return _mark_locked(learner=learner, step=step, status=status, at=at)


@transaction.atomic
def _mark_locked(*, learner, step, status, at) -> StepProgress:
    new = StepProgress(learner=learner, step=step)  # the row if there is none yet: this status
    if status != new.status:
        _apply_status(new, status, at=at)
    defaults = {name: getattr(new, name) for name in STATUS_FIELDS if name != "updated_at"}
    progress, created = _locked_progress(learner=learner, step=step, defaults=defaults)
    if created:
        if progress.status != StepStatus.NOT_STARTED:
            record_activity(learner=learner, kind=ActivityKind.STEP, step=step, at=at)
        return progress
    if progress.status == status:
        return progress
    _apply_status(progress, status, at=at)
    save_with_activity(
        progress, STATUS_FIELDS, learner=learner, kind=ActivityKind.STEP, step=step, at=at
    )
    return progress


@functools.cache
def _upsert_sql():
    """`mark_step`'s statement on Postgres and the attributes of the row it returns, built once
    per process from the models' tables.

    Insert the row, or on the learner and step's row update it unless it already has the status
    (the row is locked either way, so racing marks queue); the activity event is inserted from
    what was written: an update, or a new row with a status other than not started. The rule of
    the times stays `status_times`: the statement is given its values and only keeps an earlier
    `started_at` (COALESCE), as `_apply_status` does.

    Returned with its parameters' names in order (a name may come more than once): the
    statement is prepared on the server (`prepared_statement`), parsed and planned once per
    connection.
    """
    quote = connection.ops.quote_name
    meta, event = StepProgress._meta, ActivityEvent._meta
    table = quote(meta.db_table)

    def col(name, model_meta=meta):
        return quote(model_meta.get_field(name).column)

    columns = [field.column for field in meta.concrete_fields]
    returned = ", ".join(quote(c) for c in columns)
    new_row = ["learner", "step", "status", "started_at", "completed_at", "status_changed_at"]
    new_row += ["note", "created_at", "updated_at"]
    sql = (
        f"WITH written AS (INSERT INTO {table} ({', '.join(col(n) for n in new_row)}) "
        "VALUES (%(learner)s, %(step)s, %(status)s, %(new_started)s, %(completed)s, "
        "%(new_changed)s, '', %(at)s, %(at)s) "
        f"ON CONFLICT ({col('learner')}, {col('step')}) DO UPDATE SET "
        f"{col('status')} = %(status)s, {col('status_changed_at')} = %(at)s, "
        f"{col('started_at')} = COALESCE({table}.{col('started_at')}, %(started)s), "
        f"{col('completed_at')} = %(completed)s, {col('updated_at')} = %(at)s "
        f"WHERE {table}.{col('status')} <> %(status)s "
        f"RETURNING {returned}, (xmax = 0) AS inserted), "
        f"logged AS (INSERT INTO {quote(event.db_table)} "
        f"({col('learner', event)}, {col('kind', event)}, {col('step', event)}, "
        f"{col('occurred_at', event)}) "
        f"SELECT {col('learner')}, %(kind)s::text, {col('step')}, %(at)s::timestamptz FROM written "
        f"WHERE NOT inserted OR {col('status')} <> %(not_started)s) "
        f"SELECT {returned} FROM written"
    )
    names = re.findall(r"%\((\w+)\)s", sql)
    sql = re.sub(r"%\((\w+)\)s", "%s", sql)
    return sql, names, [field.attname for field in meta.concrete_fields]


def _upsert_status(*, learner, step, status, at) -> StepProgress:
    """`mark_step` on Postgres: one statement (see `_upsert_sql`), no transaction of its own."""
    started, completed = status_times(status, at=at)
    is_new_start = status != StepStatus.NOT_STARTED
    sql, names, columns = _upsert_sql()
    values = {
        "learner": learner.pk,
        "step": step.pk,
        "status": status.value,
        "started": started,
        "completed": completed,
        "new_started": started if is_new_start else None,
        "new_changed": at if is_new_start else None,
        "at": at,
        "kind": ActivityKind.STEP.value,
        "not_started": StepStatus.NOT_STARTED.value,
    }
    statement = prepared_statement("mark_step", sql, len(names))
    with connection.cursor() as cursor:
        cursor.execute(statement, [values[name] for name in names])
        row = cursor.fetchone()
    if row is None:  # it had this status already: nothing written
        return StepProgress.objects.get(learner=learner, step=step)
    learner_changed(learner.pk)  # raw SQL sends no model signals
    return StepProgress.from_db(connection.alias, columns, row)


@transaction.atomic
def merge_visitor_progress(*, learner, session) -> int:
    """Move the step and topic statuses a visitor kept in the session onto their account, then
    clear them.

    Per step, the newer status wins: the account's when its status changed after the visitor's
    mark, the visitor's otherwise. Notes and evidence on the account are never touched.
    Returns how many rows were created or changed.
    """
    marks = visitors.visitor_marks(session)
    changed = 0
    for step in Step.objects.filter(pk__in=marks).order_by("pk"):
        mark = marks[step.pk]
        progress, created = _locked_progress(learner=learner, step=step)
        account_changed_at = progress.status_changed_at or progress.updated_at
        if not created and account_changed_at >= mark.marked_at:
            continue  # the account's status is newer: it wins
        if progress.status == mark.status:
            continue
        _apply_status(
            progress,
            mark.status,
            at=mark.marked_at,
            started_at=mark.started_at,
            completed_at=mark.completed_at,
        )
        progress.save(update_fields=STATUS_FIELDS)
        record_activity(learner=learner, kind=ActivityKind.STEP, step=step, at=mark.marked_at)
        changed += 1
    from .learning import merge_visitor_topics  # learning builds on this module

    changed += merge_visitor_topics(learner=learner, session=session)
    visitors.clear(session)
    return changed


@transaction.atomic
def set_plan(*, learner, roadmap, start_date, hours_per_week=None) -> LearningPlan:
    """Set (or change) the learner's plan on a roadmap: its start date and hours a week (None:
    month targets). One plan per learner and roadmap; a change keeps the plan it replaces as a
    `PlanRevision`, and setting the same plan again changes nothing."""
    plan, created = LearningPlan.objects.select_for_update().get_or_create(
        learner=learner,
        roadmap=roadmap,
        defaults={"start_date": start_date, "hours_per_week": hours_per_week},
    )
    if created or (plan.start_date, plan.hours_per_week) == (start_date, hours_per_week):
        return plan
    _keep_earlier_plan(plan, PlanRevision.Reason.CHANGED)
    if plan.start_date != start_date:
        plan.replanned_at = None  # a start the learner chose counts from the start of its day
    plan.start_date, plan.hours_per_week = start_date, hours_per_week
    plan.save()
    return plan


@transaction.atomic
def replan_from_today(*, learner, roadmap, today=None, at=None) -> LearningPlan:
    """Start the learner's plan again from `today` (their local date) with the hours left: the
    remaining steps' dates move on, and the plan it replaces is kept as a `PlanRevision`.

    Raises LearningPlan.DoesNotExist when the learner has no plan on the roadmap.
    """
    plan = LearningPlan.objects.select_for_update().get(learner=learner, roadmap=roadmap)
    at = at or timezone.now()
    _keep_earlier_plan(plan, PlanRevision.Reason.REPLANNED, at=at)
    plan.start_date = today or learner.local_today()
    plan.replanned_at = at
    plan.save()
    return plan


def _keep_earlier_plan(plan, reason, *, at=None):
    PlanRevision.objects.create(
        plan=plan,
        start_date=plan.start_date,
        hours_per_week=plan.hours_per_week,
        reason=reason,
        replaced_at=at or timezone.now(),
    )


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
