"""Learner data: submitted attempts and their answers, each keeping the wording as asked."""

import uuid

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.urls import reverse

from accounts.prepared import prepared_statement
from accounts.querysets import LearnerQuerySet

from .content import Question, Quiz


def _percent_expression():
    """An attempt's whole percent in SQL (score * 100 // total), 0 for an empty attempt."""
    return models.Case(
        models.When(total=0, then=models.Value(0)),
        default=models.F("score") * 100 / models.F("total"),
        output_field=models.IntegerField(),
    )


BEST_FIRST = ("-_percent", "-score", "submitted_at", "id")
_TOKEN_TAKEN = {}  # {database vendor: SQL}


class QuizAttemptQuerySet(LearnerQuerySet):
    def in_history(self):
        """Attempts the learner has not reset away (reset ones are kept for undo and export)."""
        return self.filter(reset_at__isnull=True)

    def quizzes(self):
        """Attempts at the whole quiz: review sessions never count toward a best score or pass."""
        return self.filter(kind=QuizAttempt.Kind.QUIZ)

    def best_first(self):
        """Highest percentage first, then highest score, then the earliest."""
        return self.annotate(_percent=_percent_expression()).order_by(*BEST_FIRST)

    def best_for(self, quiz):
        """The best attempt at `quiz` among these (one query), or None. Reviews do not count."""
        return self.best_for_query(quiz_id=quiz.pk).first()

    def best_for_query(self, *, quiz_id):
        """The queryset of `best_for`: the best attempt at the quiz first, one row at most."""
        return self.quizzes().in_history().filter(quiz_id=quiz_id).best_first()[:1]

    def best_by_roadmap(self, learner):
        """{roadmap_id: best attempt} for a learner, in one query (best percent, then earliest).

        One row per roadmap on Postgres (DISTINCT ON): a learner with hundreds of attempts
        costs the dashboard no more than one with a few. Elsewhere every attempt is read."""
        if not learner or not learner.is_authenticated:
            return {}
        attempts = (
            self.quizzes()
            .in_history()
            .filter(learner=learner)
            .select_related("quiz")
            .annotate(_percent=_percent_expression())
            .order_by("quiz__roadmap_id", *BEST_FIRST)
        )
        if connections[self.db].vendor == "postgresql":
            attempts = attempts.distinct("quiz__roadmap_id")
        best = {}
        for attempt in attempts:
            best.setdefault(attempt.quiz.roadmap_id, attempt)
        return best

    def visible_to(self, *, user, tokens=()):
        """Attempts a request may see: a learner's own, and a visitor's made in this session."""
        visitor_attempts = models.Q(learner__isnull=True, token__in=list(tokens))
        if user is not None and user.is_authenticated:
            return self.filter(models.Q(learner=user) | visitor_attempts)
        return self.filter(visitor_attempts)

    def for_review(self):
        """An attempt with everything its review shows, in a fixed number of queries."""
        from sources.models import Citation

        return self.select_related("quiz__roadmap", "learner").prefetch_related(
            models.Prefetch(
                "answers",
                queryset=AttemptAnswer.objects.select_related("question"),
            ),
            models.Prefetch(
                "answers__question__citations",
                queryset=Citation.objects.select_related("source"),
            ),
        )


class QuizAttempt(models.Model):
    """A submitted attempt. It keeps the wording it was answered against in its answers.

    `token` is issued with the quiz form; a second submit of the same form finds the same attempt.
    A "review" attempt answers only the questions due for spaced review: it is scored and kept
    like any attempt but never counts toward the quiz's best score or pass.
    """

    class Kind(models.TextChoices):
        QUIZ = "quiz", "Quiz"
        REVIEW = "review", "Spaced review"

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
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.QUIZ)
    score = models.PositiveSmallIntegerField(default=0)
    total = models.PositiveSmallIntegerField(default=0)
    pass_mark = models.PositiveSmallIntegerField(default=70)
    passed = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(auto_now_add=True)
    reset_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set when the learner reset their quiz history: hidden from their history and "
        "best score, kept for undo and their data export.",
    )

    objects = QuizAttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["learner", "quiz", "-score"]),
            # A learner's attempts newest first: "is the latest answer to this question right"
            # (StepProgressQuerySet.with_verification) stops at the first attempt that answered
            # it, however many attempts the learner has (docs/benchmarks.md, large database).
            models.Index(
                fields=["learner", "-submitted_at", "-id"],
                condition=models.Q(reset_at__isnull=True),
                name="attempt_learner_newest",
            ),
        ]

    def __str__(self):
        return f"{self.quiz} · {self.score}/{self.total}"

    @property
    def is_review(self):
        return self.kind == self.Kind.REVIEW

    @property
    def percent(self):
        """Whole percent, rounded down: it never shows a pass the attempt did not reach."""
        return self.score * 100 // self.total if self.total else 0

    @classmethod
    def token_taken(cls, token) -> bool:
        """Whether an attempt holds `token` (has this quiz form been submitted?), as
        `filter(token=token).exists()` with its SQL built once per process and, on Postgres,
        prepared on the server: the quiz form asks it on every view."""
        connection = connections[DEFAULT_DB_ALIAS]
        sql = _TOKEN_TAKEN.get(connection.vendor)
        if sql is None:
            query = cls._base_manager.filter(token=uuid.UUID(int=0)).values_list("pk")[:1]
            sql = _TOKEN_TAKEN[connection.vendor] = query.query.sql_with_params()[0]
        token = cls._meta.get_field("token").get_db_prep_value(token, connection)
        with connection.cursor() as cursor:
            cursor.execute(prepared_statement("attempt_token_taken", sql, 1), [token])
            return cursor.fetchone() is not None

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
    teaching_label = models.CharField(
        max_length=200, blank=True, help_text="The step or section the review links to."
    )
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

    @property
    def is_multiple(self):
        return self.kind == Question.Kind.MULTIPLE
