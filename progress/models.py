"""A learner's progress on roadmap steps, their notes and evidence, and their personal plan."""

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from roadmap.models import Roadmap, Step


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    SKIPPED = "skipped", "Skipped"


class StepProgressQuerySet(models.QuerySet):
    def for_learner(self, learner):
        return self.filter(learner=learner)

    def on_site(self):
        """Progress on steps the site still shows (archived steps stay in history only)."""
        return self.filter(step__is_archived=False)

    def for_roadmap(self, roadmap):
        return self.filter(step__roadmap=roadmap)

    def for_dashboard(self):
        """Every row with its step, roadmap and evidence: one query plus one for the evidence."""
        return self.select_related("step__roadmap").prefetch_related("evidence")

    def in_portfolio(self):
        """Rows the learner wrote something on: a note or at least one evidence link."""
        return self.filter(~Q(note="") | Q(evidence__isnull=False)).distinct()


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
    note = models.TextField(blank=True, max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StepProgressQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "step progress"
        constraints = [
            models.UniqueConstraint(fields=["learner", "step"], name="one_progress_per_step")
        ]
        indexes = [models.Index(fields=["learner", "updated_at"])]

    def __str__(self):
        return f"{self.learner} · {self.step} · {self.get_status_display()}"

    @property
    def is_done(self):
        return self.status == StepStatus.DONE


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


class LearningPlanQuerySet(models.QuerySet):
    def for_learner(self, learner):
        return self.filter(learner=learner)


class LearningPlan(models.Model):
    """A learner's start date on a roadmap; each step's target month counts from it."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plans"
    )
    roadmap = models.ForeignKey(Roadmap, on_delete=models.PROTECT, related_name="plans")
    start_date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LearningPlanQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["learner", "roadmap"], name="one_plan_per_roadmap")
        ]

    def __str__(self):
        return f"{self.learner} · {self.roadmap} from {self.start_date}"


class ActivityKind(models.TextChoices):
    STEP = "step", "Step status changed"
    NOTE = "note", "Note written"
    EVIDENCE = "evidence", "Evidence link added"


class ActivityEventQuerySet(models.QuerySet):
    def for_learner(self, learner):
        return self.filter(learner=learner)


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

    objects = ActivityEventQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["learner", "occurred_at"])]

    def __str__(self):
        return f"{self.learner} · {self.get_kind_display()} · {self.occurred_at:%Y-%m-%d %H:%M}"
