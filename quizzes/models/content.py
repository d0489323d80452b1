"""Quiz content: a roadmap's quiz, its questions and their choices (authors edit these)."""

from dataclasses import dataclass

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse

from accounts.prepared import prepared_rows
from roadmap import sections
from roadmap.models import Roadmap, Step


def published_quiz(prefix=""):
    """The condition "a quiz learners can take" on the quiz at `prefix` ("question__quiz__"):
    published, on a published roadmap. QuizQuerySet.published() and the queries that reach
    quizzes through questions all use it."""
    return models.Q(
        **{f"{prefix}is_published": True, f"{prefix}roadmap__status": Roadmap.Status.PUBLISHED}
    )


class QuizQuerySet(models.QuerySet):
    def published(self):
        """Quizzes learners can take: published, on a published roadmap."""
        return self.filter(published_quiz())

    def of_roadmap(self, roadmap):
        """The roadmap's published quiz (a queryset of one at most): what every page means by
        "the roadmap's quiz"."""
        return self.published().filter(roadmap=roadmap)

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

    def cached_for_taking(self, slug, *, version):
        """The published quiz of the roadmap `slug` as `for_taking()` reads it, or None: kept in
        the content cache under the content `version` the page was read at (shared: read only),
        so taking the quiz reads no content; a miss is three queries."""
        from roadmap.content_cache import versioned
        from roadmap.models import Roadmap

        if len(slug) > Roadmap._meta.get_field("slug").max_length:
            return None  # no such roadmap, and no over-long cache key
        return versioned(
            f"quiz-taking:{version}:{slug}",
            lambda: self.published().for_taking().filter(roadmap__slug=slug).first(),
            version=version,
            shared=True,
        )

    def summary_for(self, *, roadmap, learner=None, version=None):
        """What the roadmap page shows about its quiz, or None when it has none to take.

        The quiz and its size are content, cached under the content version (`version`, which the
        roadmap page has read already; read here when not given): a miss is one query. A
        signed-in learner's best attempt is read fresh, one more query.
        """
        from roadmap.content_cache import content_version, versioned

        def load():
            quiz = (
                self.of_roadmap(roadmap)
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

        version = version or content_version()
        quiz = versioned(f"roadmap-quiz:{version}:{roadmap.pk}", load, version=version)
        if quiz is None:
            return None
        quiz.roadmap = roadmap
        best = None
        if learner is not None and learner.is_authenticated:
            # best_for()'s query, its SQL built once per process: most of the panel's cost.
            found = prepared_rows("quiz-best", _best_attempt, learner=learner.pk, quiz=quiz.pk)
            best = found[0] if found else None
        return QuizSummary(quiz=quiz, question_count=quiz.question_count, best=best)


def _best_attempt(*, learner, quiz):
    from .attempts import QuizAttempt

    return QuizAttempt.objects.filter(learner_id=learner).best_for_query(quiz_id=quiz)


@dataclass
class QuizSummary:
    """The quiz of a roadmap as its page shows it: size and the learner's best attempt."""

    quiz: "Quiz"
    question_count: int
    best: object = None  # the learner's best QuizAttempt, if any


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

    def teaching_url(self, roadmap_url=None):
        """Where the review's "Revisit" link goes; `roadmap_url` saves reversing it per question."""
        anchor = self.anchor
        url = roadmap_url or self.quiz.roadmap.get_absolute_url()
        return f"{url}#{anchor}" if anchor else url

    def teaching_label(self):
        """What the review's "Revisit: ..." link names: the step, or the section."""
        if self.step_id:
            return self.step.title
        if not self.section_anchor:
            return self.quiz.roadmap.title
        return sections.teaching_label(self.section_anchor, self.quiz.roadmap)


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
