"""What a learner studies inside a step: topics, their curated resources, and project briefs.

The text here is the site's own (editorial): it carries no citations.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, IntegerField, Value, When

from .roadmap import RoadmapPart


class TopicQuerySet(models.QuerySet):
    def active(self):
        """Topics shown on the site; archived topics keep learners' history but leave the page."""
        return self.filter(is_archived=False)


class Topic(RoadmapPart):
    """One thing to learn within a step, in order: what and why, and how to tell it is learnt."""

    step = models.ForeignKey("roadmap.Step", on_delete=models.CASCADE, related_name="topics")
    slug = models.SlugField(max_length=100, help_text="Unique within the step; part of its anchor.")
    title = models.CharField(max_length=200)
    explanation = models.TextField(help_text="What to learn and why it matters (editorial).")
    know_it_when = models.TextField(
        "you know it when…",
        blank=True,
        help_text="Two or three things the learner can do once it is learnt, one per line.",
    )
    is_archived = models.BooleanField(
        default=False, help_text="Archived topics are hidden from the site; learners keep history."
    )

    objects = TopicQuerySet.as_manager()

    class Meta(RoadmapPart.Meta):
        constraints = [
            models.UniqueConstraint(fields=["step", "slug"], name="unique_topic_slug_per_step")
        ]

    def __str__(self):
        return self.title

    @property
    def anchor(self):
        return f"{self.step.slug}--{self.slug}"

    def get_absolute_url(self):
        return f"{self.step.roadmap.get_absolute_url()}#{self.anchor}"

    @property
    def outcomes(self):
        """The "you know it when…" lines, without blanks."""
        return [line.strip() for line in self.know_it_when.splitlines() if line.strip()]

    @property
    def hours(self):
        """Hours of one path through the topic: its resources, alternatives left out.

        Reads the prefetched resources (`Roadmap.objects.for_page()`), so it runs no query there.
        """
        return sum(r.hours for r in self.resources.all() if not r.is_alternative)


class ResourceQuerySet(models.QuerySet):
    def active(self):
        """Resources shown on the site; archived ones keep learners' "done" marks."""
        return self.filter(is_archived=False)

    def listed(self):
        """In the order the page lists them: official documentation first, then free ones."""
        return self.order_by(
            Case(When(kind=Resource.Kind.DOCS, then=Value(0)), default=Value(1)),
            Case(
                When(cost=Resource.Cost.FREE, then=Value(0)),
                When(cost=Resource.Cost.FREE_TO_AUDIT, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            "is_alternative",
            "position",
            "id",
        )


class Resource(models.Model):
    """A curated place to learn a topic from: a link with what it is, what it costs and why."""

    class Kind(models.TextChoices):
        DOCS = "docs", "Official documentation"
        COURSE = "course", "Course"
        BOOK = "book", "Book"
        VIDEO = "video", "Video"
        ARTICLE = "article", "Article"
        EXERCISE = "exercise", "Interactive exercise"
        TOOL = "tool", "Tool"

    class Cost(models.TextChoices):
        FREE = "free", "Free"
        FREE_TO_AUDIT = "free_audit", "Free to audit"
        PAID = "paid", "Paid"

    class Level(models.TextChoices):
        BEGINNER = "beginner", "Beginner"
        INTERMEDIATE = "intermediate", "Intermediate"
        ADVANCED = "advanced", "Advanced"

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="resources")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    url = models.URLField("address", max_length=500)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    cost = models.CharField(max_length=10, choices=Cost.choices)
    level = models.CharField(max_length=12, choices=Level.choices)
    hours = models.PositiveSmallIntegerField(help_text="A realistic estimate for one learner.")
    why = models.CharField("why this one", max_length=300, help_text="One line.")
    is_alternative = models.BooleanField(
        "alternative",
        default=False,
        help_text="Teaches what another resource of the topic teaches, another way: its hours "
        "are not added to the topic's.",
    )
    is_archived = models.BooleanField(
        default=False, help_text="Archived resources are hidden from the site; learners keep marks."
    )
    last_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_check_result = models.CharField(
        max_length=300, blank=True, editable=False, help_text="What `check_links` last found."
    )
    last_check_ok = models.BooleanField(null=True, editable=False)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "url"], name="unique_resource_url_per_topic")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.topic.get_absolute_url()

    @property
    def is_free(self):
        return self.cost == self.Cost.FREE


class Project(RoadmapPart):
    """A project brief: a goal, the topics it practises, and criteria a reviewer can check."""

    roadmap = models.ForeignKey(
        "roadmap.Roadmap", on_delete=models.CASCADE, related_name="projects"
    )
    slug = models.SlugField(max_length=100)
    title = models.CharField(max_length=200)
    goal = models.TextField()
    topics = models.ManyToManyField(Topic, blank=True, related_name="projects")
    is_archived = models.BooleanField(
        default=False, help_text="Archived projects are hidden from the site; learners keep links."
    )

    class Meta(RoadmapPart.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap", "slug"], name="unique_project_slug_per_roadmap"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def anchor(self):
        return f"project-{self.slug}"


class ProjectCriterion(models.Model):
    """One acceptance criterion of a project ("done when…"), checkable from a link."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=400)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "acceptance criterion"
        verbose_name_plural = "acceptance criteria"

    def __str__(self):
        return self.text[:80]

    def clean(self):
        if not (self.text or "").strip():
            raise ValidationError({"text": "A criterion needs its text."})
