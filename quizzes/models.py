"""Knowledge checks: quizzes, questions and choices (content) and attempts (learner data)."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse

from roadmap.models import Roadmap, Step


class Quiz(models.Model):
    """The knowledge check of a roadmap."""

    roadmap = models.OneToOneField(Roadmap, on_delete=models.PROTECT, related_name="quiz")
    title = models.CharField(max_length=200)
    intro = models.TextField(blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        default=70, help_text="Percentage of questions answered right needed to pass (0–100)."
    )
    shuffle_questions = models.BooleanField(
        default=False, help_text="Show the questions in a different order on each attempt."
    )
    is_published = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "quizzes"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("quizzes:take", kwargs={"slug": self.roadmap.slug})


class QuestionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_archived=False)


class Question(models.Model):
    """A question of a quiz: single answer or "select all that apply"."""

    class Kind(models.TextChoices):
        SINGLE = "single", "Single answer"
        MULTIPLE = "multiple", "Multiple answers (select all that apply)"

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    text = models.TextField()
    explanation = models.TextField(
        help_text="Shown after submitting: why the right answer is right."
    )
    step = models.ForeignKey(
        Step,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        help_text="The step that teaches this; the review links to it.",
    )
    section_anchor = models.SlugField(
        max_length=100,
        blank=True,
        help_text="Or the roadmap section that teaches it (e.g. 'pillars', 'key-terms').",
    )
    is_archived = models.BooleanField(default=False)
    citations = GenericRelation("sources.Citation")
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.text[:90]

    @property
    def is_multiple(self):
        return self.kind == self.Kind.MULTIPLE

    @property
    def anchor(self):
        if self.step_id:
            return self.step.slug
        return self.section_anchor

    def teaching_url(self):
        anchor = self.anchor
        url = self.quiz.roadmap.get_absolute_url()
        return f"{url}#{anchor}" if anchor else url


class ChoiceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_archived=False)


class Choice(models.Model):
    """A possible answer to a question, with feedback shown when a learner picks it."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=500)
    is_correct = models.BooleanField(default=False)
    feedback = models.TextField(blank=True, help_text="Why this is (or is not) the answer.")
    is_archived = models.BooleanField(default=False)

    objects = ChoiceQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.text


class QuizAttemptQuerySet(models.QuerySet):
    def for_learner(self, learner):
        return self.filter(learner=learner)

    def best_by_roadmap(self, learner):
        """{roadmap_id: best attempt} for a learner, in one query (highest score, then earliest)."""
        if not learner or not learner.is_authenticated:
            return {}
        attempts = (
            self.filter(learner=learner)
            .select_related("quiz")
            .order_by("quiz__roadmap_id", "-score", "submitted_at")
        )
        best = {}
        for attempt in attempts:
            best.setdefault(attempt.quiz.roadmap_id, attempt)
        return best


class QuizAttempt(models.Model):
    """A submitted attempt. It keeps the wording it was answered against in its answers.

    `token` is issued with the quiz form; a second submit of the same form finds the same attempt.
    """

    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="quiz_attempts",
    )
    session_key = models.CharField(max_length=64, blank=True, db_index=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    score = models.PositiveSmallIntegerField(default=0)
    total = models.PositiveSmallIntegerField(default=0)
    pass_mark = models.PositiveSmallIntegerField(default=70)
    passed = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(auto_now_add=True)

    objects = QuizAttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["learner", "quiz", "-score"])]

    def __str__(self):
        return f"{self.quiz} · {self.score}/{self.total}"

    @property
    def percent(self):
        return round(100 * self.score / self.total) if self.total else 0

    def get_absolute_url(self):
        return reverse("quizzes:review", kwargs={"token": self.token})


class AttemptAnswer(models.Model):
    """A learner's answer to one question, with a snapshot of the question as it was asked."""

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    position = models.PositiveSmallIntegerField(default=0)
    question_text = models.TextField()
    explanation = models.TextField(blank=True)
    kind = models.CharField(max_length=10, choices=Question.Kind.choices)
    teaching_url = models.CharField(max_length=300, blank=True)
    # [{"id": 12, "text": "...", "is_correct": true, "feedback": "...", "selected": false}, ...]
    choices = models.JSONField(default=list)
    is_correct = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="one_answer_per_question")
        ]

    def __str__(self):
        return f"{self.attempt_id} · {self.question_text[:40]}"

    @property
    def selected_choices(self):
        return [c for c in self.choices if c.get("selected")]

    @property
    def correct_choices(self):
        return [c for c in self.choices if c.get("is_correct")]
