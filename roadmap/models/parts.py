"""The parts of a roadmap's page, in page order: pillars, key terms, steps, callouts, salary
figures, career stages, FAQ, highlights and related topics."""

from django.core.exceptions import ValidationError
from django.db import models

from .. import sections
from .roadmap import Roadmap, RoadmapPart


def editor_note_field():
    """An editor's note beside a part's source words: the same field on every part that quotes."""
    return models.TextField(
        "editor's note",
        blank=True,
        help_text="Shown beside the source's own words when they have aged (e.g. a renamed "
        "product); the source text itself stays word for word.",
    )


class Pillar(RoadmapPart):
    """One of the pillars the journey divides into (Foundational Knowledge, ...)."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="pillars")
    title = models.CharField(max_length=200)
    body = models.TextField()
    editor_note = editor_note_field()

    class Meta(RoadmapPart.Meta):
        pass

    def __str__(self):
        return self.title

    @property
    def anchor(self):
        return sections.PILLARS.anchor


class KeyTerm(RoadmapPart):
    """A technical term a learner will meet, with a short definition."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=200)
    definition = models.TextField()

    class Meta(RoadmapPart.Meta):
        verbose_name = "key term"

    def __str__(self):
        return self.term

    @property
    def anchor(self):
        return sections.KEY_TERMS.anchor


class StepQuerySet(models.QuerySet):
    def active(self):
        """Steps shown on the site; archived steps keep learners' history but leave the page."""
        return self.filter(is_archived=False)


class Step(RoadmapPart):
    """A step of the roadmap, with the months of the plan it belongs to.

    Steps that learners' progress points at are archived, never deleted.
    """

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="steps")
    slug = models.SlugField(max_length=100, help_text="The step's anchor on the roadmap page.")
    title = models.CharField(max_length=200)
    summary = models.TextField()
    editor_note = editor_note_field()
    start_month = models.PositiveSmallIntegerField(
        default=1, help_text="Month of the plan in which the step starts (1 = first month)."
    )
    end_month = models.PositiveSmallIntegerField(
        default=1, help_text="Month of the plan by which the step should be done."
    )
    is_archived = models.BooleanField(
        default=False, help_text="Archived steps are hidden from the site; learners keep history."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = StepQuerySet.as_manager()

    class Meta(RoadmapPart.Meta):
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "slug"], name="unique_step_slug_per_roadmap")
        ]

    def __str__(self):
        return self.title

    @property
    def anchor(self):
        return self.slug

    @property
    def hours(self):
        """Hours of one path through the step's topics (prefetched by `for_page()`)."""
        return sum(topic.hours for topic in self.topics.all())

    def clean(self):
        if self.start_month and self.end_month and self.end_month < self.start_month:
            raise ValidationError({"end_month": "The end month cannot be before the start month."})


class Callout(RoadmapPart):
    """A highlighted box after the steps: a Pro Tip, a Common Pitfall or a note."""

    class Kind(models.TextChoices):
        TIP = "tip", "Pro Tip"
        PITFALL = "pitfall", "Common Pitfall"
        NOTE = "note", "Note"

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="callouts")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TIP)
    title = models.CharField(max_length=200, blank=True, help_text="Defaults to the kind's name.")
    body = models.TextField()
    editor_note = editor_note_field()

    class Meta(RoadmapPart.Meta):
        pass

    def __str__(self):
        return self.heading

    @property
    def heading(self):
        return self.title or self.get_kind_display()

    @property
    def anchor(self):
        return f"callout-{self.pk}"


class SalaryFigure(RoadmapPart):
    """A median annual salary for a role, drawn as one bar of the salary chart."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="salary_figures")
    role = models.CharField(max_length=200)
    median_annual_usd = models.PositiveIntegerField("median annual salary (USD)")
    reference_period = models.CharField(max_length=100)
    note = models.CharField(max_length=300, blank=True)
    is_highlighted = models.BooleanField(
        default=False, help_text="Draw this bar in the accent colour (the roadmap's own role)."
    )

    class Meta(RoadmapPart.Meta):
        pass

    def __str__(self):
        return f"{self.role}: ${self.median_annual_usd:,}"

    @property
    def anchor(self):
        return sections.SALARIES.anchor


class CareerStage(RoadmapPart):
    """A stage of the career timeline with its year range ('7+ yrs' has no end year)."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="stages")
    title = models.CharField(max_length=200)
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Leave empty for an open-ended stage ('7+ yrs')."
    )
    description = models.TextField()
    editor_note = editor_note_field()

    class Meta(RoadmapPart.Meta):
        verbose_name = "career stage"

    def __str__(self):
        return f"{self.title} ({self.years_label})"

    @property
    def years_label(self):
        if self.end_year is None:
            return f"{self.start_year}+ yrs"
        return f"{self.start_year}–{self.end_year} yrs"

    @property
    def anchor(self):
        return sections.TIMELINE.anchor

    def clean(self):
        has_both = self.end_year is not None and self.start_year is not None
        if has_both and self.end_year <= self.start_year:
            raise ValidationError({"end_year": "The end year must be after the start year."})


class FAQ(RoadmapPart):
    """A frequently asked question and its answer."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField(max_length=300)
    answer = models.TextField()

    class Meta(RoadmapPart.Meta):
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"

    def __str__(self):
        return self.question

    @property
    def anchor(self):
        return f"faq-{self.pk}"


class Highlight(RoadmapPart):
    """A summary bullet, shown where another roadmap lists this one as a related topic."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="highlights")
    text = models.TextField()

    class Meta(RoadmapPart.Meta):
        pass

    def __str__(self):
        return self.text[:80]

    @property
    def anchor(self):
        return sections.HIGHLIGHTS.anchor


class RelatedTopic(models.Model):
    """A link from one roadmap's "Explore Related Topics" to another roadmap."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="related_links")
    related = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="linked_from")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "related topic"
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "related"], name="unique_related_topic"),
            models.CheckConstraint(
                condition=~models.Q(roadmap=models.F("related")), name="related_topic_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.roadmap} → {self.related}"

    def clean(self):
        if self.roadmap_id and self.roadmap_id == self.related_id:
            raise ValidationError({"related": "A roadmap cannot be related to itself."})
