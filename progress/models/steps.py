"""A learner's progress on roadmap steps, their notes and evidence, plans, resets and activity."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from accounts.querysets import LearnerQuerySet
from roadmap.models import Roadmap, Step


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    SKIPPED = "skipped", "Skipped"

    # What the status control shows for each status (the template loops over StepStatus; the
    # scripts read the rendered button classes and data-shortcut attributes).
    @property
    def button_label(self):
        return "Skip" if self == StepStatus.SKIPPED else self.label

    @property
    def variant(self):
        """The Bootstrap colour of the button when pressed."""
        return {"not_started": "secondary", "in_progress": "primary", "done": "success"}.get(
            self.value, "dark"
        )

    @property
    def shortcut(self):
        """The roadmap page's keyboard shortcut for the status."""
        return {"not_started": "r", "in_progress": "i", "done": "d"}.get(self.value, "s")


STARTED = {StepStatus.IN_PROGRESS, StepStatus.DONE}


def status_times(status, *, at, started_at=None, completed_at=None):
    """(started_at, completed_at) of a step moving to `status` at `at`, for a learner's row and a
    visitor's session alike: started the first time it moves to in progress or done (an earlier
    `started_at` is kept), completed while done (at `completed_at` when known, else `at`)."""
    if started_at is None and status in STARTED:
        started_at = at
    return started_at, ((completed_at or at) if status == StepStatus.DONE else None)


class StepProgressQuerySet(LearnerQuerySet):
    def on_site(self):
        """Progress on steps the site still shows (archived steps stay in history only)."""
        return self.filter(step__is_archived=False)

    def for_roadmap(self, roadmap):
        return self.filter(step__roadmap=roadmap)

    def for_dashboard(self):
        """Every row with its step, roadmap and evidence: one query plus one for the evidence."""
        return self.select_related("step__roadmap").prefetch_related("evidence")

    def with_verification(self):
        """Annotate `has_evidence` and `quiz_confirms` (no extra query): what "verified" needs.

        `quiz_confirms` is true when the learner's most recent answer to every active question
        of the roadmap's published quiz that is linked to the step is right (attempts they
        reset are left out). A step no question is linked to needs no quiz answer.
        """
        from quizzes.models import AttemptAnswer, Question, published_quiz

        latest_answer_right = Subquery(
            AttemptAnswer.objects.filter(
                question_id=OuterRef("pk"),
                attempt__learner_id=OuterRef(OuterRef("learner_id")),
                attempt__reset_at__isnull=True,
            )
            .order_by("-attempt__submitted_at", "-attempt_id")
            .values("is_correct")[:1]
        )
        unconfirmed = (
            Question.objects.filter(
                published_quiz("quiz__"),
                is_archived=False,
                step_id=OuterRef("step_id"),
                quiz__roadmap_id=OuterRef("step__roadmap_id"),
            )
            .annotate(latest_right=latest_answer_right)
            .filter(Q(latest_right__isnull=True) | Q(latest_right=False))
        )
        return self.annotate(
            has_evidence=Exists(EvidenceLink.objects.filter(progress_id=OuterRef("pk"))),
            quiz_confirms=~Exists(unconfirmed),
        )


class StepProgress(models.Model):
    """One learner's status on one step: exactly one row per learner and step.

    The step is protected: content that progress points at is archived, never deleted.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="step_progress"
    )
    step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="progress")
    status = models.CharField(
        max_length=12, choices=StepStatus.choices, default=StepStatus.NOT_STARTED
    )
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the status last changed (merges compare it)."
    )
    reviewed_revision_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the learner marked the step's significant changes reviewed.",
    )
    note = models.TextField(blank=True, max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StepProgressQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "step progress"
        constraints = [
            models.UniqueConstraint(fields=["learner", "step"], name="one_progress_per_step")
        ]
        # No index holds a column a mark changes (status, its times, updated_at), so Postgres
        # updates the row in place (a HOT update: no new index entries, and the old version is
        # pruned from its page by the next reader, autovacuum or not). Marks are the site's most
        # frequent write; docs/benchmarks.md, sixth pass.

    def __str__(self):
        return f"{self.learner} · {self.step} · {self.get_status_display()}"

    @property
    def is_done(self):
        return self.status == StepStatus.DONE

    @property
    def is_verified(self):
        """Done, with at least one evidence link, and confirmed by the quiz (see
        `StepProgressQuerySet.with_verification`, which annotates the last two)."""
        return (
            self.is_done
            and getattr(self, "has_evidence", False)
            and getattr(self, "quiz_confirms", False)
        )


class EvidenceLink(models.Model):
    """A link a learner attaches to a step as proof of work (a repository, a certificate)."""

    progress = models.ForeignKey(StepProgress, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(
        "URL",
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="An http:// or https:// address: a repository, a certificate, a write-up.",
    )
    label = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.label or self.url


# Hours a week a plan may count on: one hour at least, and no more than a full-time week and a half.
HOURS_PER_WEEK_RANGE = (1, 80)


class LearningPlan(models.Model):
    """A learner's plan on a roadmap: a start date and, optionally, hours a week.

    With hours a week, each step's finish date counts the hours left from the start date (see
    `progress.queries.plan`); without, each step's target month counts from it. "Re-plan from
    today" moves the start to today (`replanned_at` is when), keeping the earlier plan as a
    `PlanRevision`.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plans"
    )
    roadmap = models.ForeignKey(Roadmap, on_delete=models.PROTECT, related_name="plans")
    start_date = models.DateField()
    hours_per_week = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[
            MinValueValidator(HOURS_PER_WEEK_RANGE[0]),
            MaxValueValidator(HOURS_PER_WEEK_RANGE[1]),
        ],
        help_text="Hours of study a week; empty: each step's target month counts instead.",
    )
    replanned_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the learner last re-planned from today (work ticked before then is "
        "not counted in the plan's hours).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LearnerQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["learner", "roadmap"], name="one_plan_per_roadmap"),
            models.CheckConstraint(
                condition=Q(hours_per_week__isnull=True)
                | Q(hours_per_week__range=HOURS_PER_WEEK_RANGE),
                name="plan_hours_per_week_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.learner} · {self.roadmap} from {self.start_date}"


class PlanRevisionQuerySet(models.QuerySet):
    def for_learner(self, learner):
        """This learner's rows, through their plans (a revision belongs to one plan)."""
        return self.filter(plan__learner=learner)


class PlanRevision(models.Model):
    """An earlier version of a learner's plan, kept when it was re-planned or changed."""

    class Reason(models.TextChoices):
        REPLANNED = "replanned", "Re-planned from today"
        CHANGED = "changed", "Changed"

    plan = models.ForeignKey(LearningPlan, on_delete=models.CASCADE, related_name="revisions")
    start_date = models.DateField()
    hours_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=10, choices=Reason.choices)
    replaced_at = models.DateTimeField(default=timezone.now)

    objects = PlanRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-replaced_at", "-id"]

    def __str__(self):
        return f"{self.plan} · until {self.replaced_at:%Y-%m-%d}"


class ActivityKind(models.TextChoices):
    STEP = "step", "Step status changed"
    NOTE = "note", "Note written"
    EVIDENCE = "evidence", "Evidence link added"
    TOPIC = "topic", "Topic ticked"
    RESOURCE = "resource", "Resource done"
    PROJECT = "project", "Project link saved"


class ActivityEvent(models.Model):
    """One thing a learner did on a day: a status change, a note saved, an evidence link added.

    An append-only log read by the activity calendar (progress/activity.py). StepProgress keeps
    only the last change of each row; this keeps every change, so two status changes on two days
    count on both days. Quiz attempts are rows of their own and are counted from QuizAttempt.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activity_events"
    )
    kind = models.CharField(max_length=10, choices=ActivityKind.choices)
    step = models.ForeignKey(
        Step, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    occurred_at = models.DateTimeField(default=timezone.now)

    objects = LearnerQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["learner", "occurred_at"])]

    def __str__(self):
        return f"{self.learner} · {self.get_kind_display()} · {self.occurred_at:%Y-%m-%d %H:%M}"


class StepRevisionQuerySet(models.QuerySet):
    def pending_for(self, learner):
        """Revisions made after `learner` completed the step, not yet marked reviewed.

        A revision is pending while the learner's row on its step is done, was completed before
        the revision, and was not marked reviewed after it. The conditions sit in one filter()
        so they apply to that learner's single row.
        """
        not_reviewed = Q(step__progress__reviewed_revision_at__isnull=True) | Q(
            step__progress__reviewed_revision_at__lt=models.F("changed_at")
        )
        return self.filter(
            not_reviewed,
            step__is_archived=False,
            step__progress__learner=learner,
            step__progress__status=StepStatus.DONE,
            step__progress__completed_at__lt=models.F("changed_at"),
        ).order_by("step_id", "changed_at", "id")


class StepRevision(models.Model):
    """A significant change an author made to a step (ticked "significant change" on save).

    Learners who completed the step before it see what changed until they mark it reviewed.
    """

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="revisions")
    old_title = models.CharField(max_length=200)
    old_summary = models.TextField()
    new_title = models.CharField(max_length=200)
    new_summary = models.TextField()
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = StepRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.step} · changed {self.changed_at:%Y-%m-%d %H:%M}"


UNDO_WINDOW = timedelta(hours=24)  # how long a reset can be undone


class ProgressResetQuerySet(LearnerQuerySet):
    def undoable(self, *, now=None):
        """Resets not undone yet and made within the undo window."""
        now = now or timezone.now()
        return self.filter(undone_at__isnull=True, created_at__gt=now - UNDO_WINDOW)


class ProgressReset(models.Model):
    """A learner's reset of one roadmap's step statuses, or of its quiz history, kept for undo.

    `snapshot` holds exactly what the reset changed: for "progress", each row's id, status and
    dates as they were; for "quiz", the ids of the attempts it hid. Undo puts them back.
    """

    class Kind(models.TextChoices):
        PROGRESS = "progress", "Step progress"
        QUIZ = "quiz", "Quiz history"

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="progress_resets"
    )
    roadmap = models.ForeignKey(Roadmap, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    snapshot = models.JSONField(default=list)
    summary = models.CharField(max_length=300, help_text="What the reset removed, in words.")
    created_at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)

    objects = ProgressResetQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["learner", "created_at"])]

    def __str__(self):
        return f"{self.learner} · {self.roadmap} · {self.get_kind_display()} reset"

    @property
    def undo_until(self):
        return self.created_at + UNDO_WINDOW

    def can_undo(self, *, now=None):
        return self.undone_at is None and (now or timezone.now()) < self.undo_until
