"""Knowledge checks: quizzes, questions and choices (content) and attempts (learner data)."""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse

from roadmap.models import Roadmap, Step


class QuizQuerySet(models.QuerySet):
    def published(self):
        """Quizzes learners can take: published, on a published roadmap."""
        return self.filter(is_published=True, roadmap__status=Roadmap.Status.PUBLISHED)

    def for_taking(self, question_ids=None):
        """The quiz page: roadmap, active questions (with step) and their active choices.

        Only the questions in `question_ids` when given (a review session). Three queries
        whatever the number of questions.
        """
        choices = models.Prefetch(
            "choices", queryset=Choice.objects.active(), to_attr="active_choices"
        )
        questions = Question.objects.active().select_related("step").prefetch_related(choices)
        if question_ids is not None:
            questions = questions.filter(pk__in=list(question_ids))
        return self.select_related("roadmap").prefetch_related(
            models.Prefetch("questions", queryset=questions, to_attr="active_questions")
        )

    def summary_for(self, *, roadmap, learner=None):
        """What the roadmap page shows about its quiz, or None when it has none to take.

        The quiz and its size are content, cached under the content version (the roadmap page
        sets `roadmap.content_version`; other callers read it): a miss is one query. A signed-in
        learner's best attempt is read fresh, one more query.
        """
        from roadmap.content_cache import content_version, versioned

        def load():
            quiz = (
                self.published()
                .filter(roadmap=roadmap)
                .annotate(
                    question_count=models.Count(
                        "questions", filter=models.Q(questions__is_archived=False)
                    )
                )
                .first()
            )
            if quiz is None or not quiz.question_count:
                return None
            quiz.roadmap = None  # cached without the roadmap: the caller has it already
            return quiz

        version = getattr(roadmap, "content_version", None) or content_version()
        quiz = versioned(f"roadmap-quiz:{version}:{roadmap.pk}", load, version=version)
        if quiz is None:
            return None
        quiz.roadmap = roadmap
        best = None
        if learner is not None and learner.is_authenticated:
            best = QuizAttempt.objects.for_learner(learner).best_for(quiz)
        return QuizSummary(quiz=quiz, question_count=quiz.question_count, best=best)


@dataclass
class QuizSummary:
    """The quiz of a roadmap as its page shows it: size and the learner's best attempt."""

    quiz: "Quiz"
    question_count: int
    best: "QuizAttempt | None" = None


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

    objects = QuizQuerySet.as_manager()

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

    def teaching_label(self):
        """What the review's "Revisit: ..." link names: the step, or the section."""
        if self.step_id:
            return self.step.title
        anchor = self.section_anchor
        if not anchor:
            return self.quiz.roadmap.title
        roadmap = self.quiz.roadmap
        named = {
            "pillars": "The pillars of the journey",
            "key-terms": "Key technical terms",
            "roadmap-steps": roadmap.steps_heading,
            "salaries": roadmap.salary_heading,
            "career-timeline": roadmap.timeline_heading,
            "faq": roadmap.faq_heading,
            "related-topics": roadmap.related_heading,
        }
        if anchor in named:
            return named[anchor]
        if anchor.startswith("callout"):
            return "Pro Tip and Common Pitfall"
        return anchor.replace("-", " ").capitalize()


def choice_rule_errors(kind, choices):
    """What is wrong with a question of `kind` offering `choices` (is_correct flags), or [].

    The rules an author must meet: at least two choices; a single-answer question has exactly one
    right choice, a multiple-answer question at least one. Archived choices are not passed in.
    """
    choices = list(choices)
    right = sum(1 for is_correct in choices if is_correct)
    errors = []
    if len(choices) < 2:
        errors.append("Every question needs at least two choices (not counting archived ones).")
    if kind == Question.Kind.SINGLE and right != 1:
        errors.append(
            f"A single-answer question needs exactly one right choice; {right} are marked right."
        )
    if kind == Question.Kind.MULTIPLE and right < 1:
        errors.append("A multiple-answer question needs at least one right choice.")
    return errors


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


def _percent_expression():
    """An attempt's whole percent in SQL (score * 100 // total), 0 for an empty attempt."""
    return models.Case(
        models.When(total=0, then=models.Value(0)),
        default=models.F("score") * 100 / models.F("total"),
        output_field=models.IntegerField(),
    )


BEST_FIRST = ("-_percent", "-score", "submitted_at", "id")


class QuizAttemptQuerySet(models.QuerySet):
    def for_learner(self, learner):
        return self.filter(learner=learner)

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
        return self.quizzes().in_history().filter(quiz=quiz).best_first().first()

    def best_by_roadmap(self, learner):
        """{roadmap_id: best attempt} for a learner, in one query (best percent, then earliest)."""
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
        indexes = [models.Index(fields=["learner", "quiz", "-score"])]

    def __str__(self):
        return f"{self.quiz} · {self.score}/{self.total}"

    @property
    def is_review(self):
        return self.kind == self.Kind.REVIEW

    @property
    def percent(self):
        """Whole percent, rounded down: it never shows a pass the attempt did not reach."""
        return self.score * 100 // self.total if self.total else 0

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


REVIEW_INTERVALS = (1, 3, 7, 21)  # days before a card comes back, by box (1 to 4)
GRADUATED_BOX = len(REVIEW_INTERVALS) + 1  # right at the last interval: the card retires


class ReviewCardQuerySet(models.QuerySet):
    def due(self, learner, today):
        """`learner`'s cards due on or before `today`, of active questions of published quizzes."""
        return self.filter(
            learner=learner,
            due_on__lte=today,
            question__is_archived=False,
            question__quiz__is_published=True,
            question__quiz__roadmap__status=Roadmap.Status.PUBLISHED,
        )

    def due_by_roadmap(self, learner, today):
        """The learner's questions due on `today`, counted by roadmap, in one query."""
        rows = (
            self.due(learner, today)
            .values(
                slug=models.F("question__quiz__roadmap__slug"),
                title=models.F("question__quiz__roadmap__title"),
                position=models.F("question__quiz__roadmap__position"),
            )
            .annotate(count=models.Count("id"))
            .order_by("position", "title")
        )
        return DueReviews(
            roadmaps=[{key: row[key] for key in ("slug", "title", "count")} for row in rows]
        )


@dataclass
class DueReviews:
    """What the dashboard and the review page show: [{"slug", "title", "count"}] per roadmap."""

    roadmaps: list

    @property
    def total(self):
        return sum(row["count"] for row in self.roadmaps)


class ReviewCard(models.Model):
    """A question a learner once missed, scheduled for spaced review (a Leitner box).

    Box 1 comes back after 1 day, box 2 after 3, box 3 after 7, box 4 after 21; a right answer
    when due moves the card up a box, a miss sends it back to box 1. Right at box 4, the card
    graduates (box 5, no due date) until the learner misses the question again.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_cards"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="review_cards")
    box = models.PositiveSmallIntegerField(default=1)
    due_on = models.DateField(null=True, blank=True, help_text="Empty once graduated.")
    last_reviewed_at = models.DateTimeField()

    objects = ReviewCardQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "question"], name="one_review_card_per_question"
            )
        ]
        indexes = [models.Index(fields=["learner", "due_on"])]

    def __str__(self):
        return f"{self.learner} · {self.question} · box {self.box}"

    @property
    def is_graduated(self):
        return self.due_on is None
