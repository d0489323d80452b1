"""Roadmap content: the roadmap itself and every section its page shows, in order."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse

from sources.footnotes import FootnoteRegistry

from .content_cache import cache_timeout, content_version, versioned

CITED = "citations__source"


class RoadmapQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Roadmap.Status.PUBLISHED)

    def visible_to(self, user):
        """Published roadmaps; staff also see drafts, to preview them before publishing."""
        if user.is_authenticated and user.is_staff:
            return self.exclude(slug=None)
        return self.published()

    def for_home(self):
        """Cards on the home page: each roadmap with its active step count."""
        return self.annotate(
            step_count=models.Count("steps", filter=models.Q(steps__is_archived=False))
        ).order_by("position", "title")

    def for_page(self):
        """Everything the roadmap page shows, in a fixed number of queries whatever its size."""
        cited = Citation_prefetch()
        return self.prefetch_related(
            cited,
            Prefetch("pillars", queryset=Pillar.objects.prefetch_related(cited)),
            Prefetch("terms", queryset=KeyTerm.objects.prefetch_related(cited)),
            Prefetch("steps", queryset=Step.objects.active().prefetch_related(cited)),
            Prefetch("callouts", queryset=Callout.objects.prefetch_related(cited)),
            Prefetch("salary_figures", queryset=SalaryFigure.objects.prefetch_related(cited)),
            Prefetch("stages", queryset=CareerStage.objects.prefetch_related(cited)),
            Prefetch("faqs", queryset=FAQ.objects.prefetch_related(cited)),
            "highlights",
            Prefetch(
                "related_links",
                queryset=RelatedTopic.objects.filter(
                    related__status=Roadmap.Status.PUBLISHED
                ).select_related("related"),
            ),
            Prefetch(
                "related_links__related__highlights",
                queryset=Highlight.objects.all(),
            ),
        )

    def cached_page(self, slug, *, user):
        """(roadmap, footnotes) for the roadmap page, or None when `user` may not see it.

        The roadmap comes with every section prefetched (`for_page()`), its footnote markers
        numbered and `content_version` set (the templates key their cached sections with it).
        Published roadmaps are cached under the content version, so a hit runs no query and any
        content save or load shows at once. Staff previews of drafts are read fresh each time.
        """
        version = content_version()

        def load():
            roadmap = self.published().for_page().filter(slug=slug).first()
            return (roadmap, roadmap.number_citations()) if roadmap is not None else None

        page = versioned(f"roadmap-page:{version}:{slug}", load, version=version)
        if page is None and user.is_authenticated and user.is_staff:
            roadmap = self.visible_to(user).for_page().filter(slug=slug).first()
            page = (roadmap, roadmap.number_citations()) if roadmap is not None else None
        if page is not None:
            page[0].content_version = version
            page[0].content_cache_timeout = cache_timeout(version)
        return page


def Citation_prefetch():  # noqa: N802 - reads as the thing it builds
    from sources.models import Citation

    return Prefetch("citations", queryset=Citation.objects.select_related("source"))


class Roadmap(models.Model):
    """A career roadmap: its page, from introduction to related topics, and the headings between.

    The section headings are content too, so an admin can reword any of them.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True, null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on the home page.")
    summary = models.TextField(blank=True, help_text="One or two sentences for the home page.")
    duration_label = models.CharField(max_length=50, blank=True, help_text="e.g. '12 months'.")
    intro = models.TextField("Introduction", blank=True)
    pillars_intro = models.CharField(max_length=300, blank=True)
    terms_intro = models.CharField(max_length=300, blank=True)
    overview = models.TextField(
        blank=True, help_text="The paragraph that leads from the terms to the roadmap."
    )
    steps_heading = models.CharField(max_length=200, default="The roadmap")
    steps_subheading = models.CharField(max_length=200, blank=True)
    salary_heading = models.CharField(max_length=200, default="Average Salary Comparison (U.S.)")
    salary_subheading = models.CharField(max_length=200, blank=True)
    timeline_heading = models.CharField(max_length=200, default="Career Progression Timeline")
    faq_heading = models.CharField(max_length=200, default="Frequently Asked Questions")
    quiz_heading = models.CharField(max_length=200, default="Knowledge Check")
    quiz_teaser = models.CharField(max_length=300, blank=True)
    related_heading = models.CharField(max_length=200, default="Explore Related Topics")
    citations = GenericRelation("sources.Citation")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RoadmapQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.status == self.Status.PUBLISHED:
            errors = {}
            if not self.slug:
                errors["slug"] = "A published roadmap needs a slug (its address)."
            if not (self.title or "").strip():
                errors["title"] = "A published roadmap needs a title."
            if errors:
                raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = None  # blank drafts stay unique (NULLs never collide)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("roadmap:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def number_citations(self):
        """Walk the page's sections in order; attach markers to each item; return the Sources list.

        Works on the prefetched sections of `for_page()`, so it runs no query.
        """
        registry = FootnoteRegistry()
        self.footnote_markers = registry.cite(self)
        for section in (
            self.pillars.all(),
            self.terms.all(),
            self.steps.all(),
            self.callouts.all(),
            self.salary_figures.all(),
            self.stages.all(),
            self.faqs.all(),
        ):
            for item in section:
                item.footnote_markers = registry.cite(item)
        return registry.footnotes


class RoadmapPart(models.Model):
    """Common shape of a roadmap's ordered, citable parts."""

    position = models.PositiveSmallIntegerField(default=0)
    citations = GenericRelation("sources.Citation")

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def get_absolute_url(self):
        return f"{self.roadmap.get_absolute_url()}#{self.anchor}"


class Pillar(RoadmapPart):
    """One of the pillars the journey divides into (Foundational Knowledge, ...)."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="pillars")
    title = models.CharField(max_length=200)
    body = models.TextField()

    class Meta(RoadmapPart.Meta):
        pass

    def __str__(self):
        return self.title

    @property
    def anchor(self):
        return "pillars"


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
        return "key-terms"


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
        return "salaries"


class CareerStage(RoadmapPart):
    """A stage of the career timeline with its year range ('7+ yrs' has no end year)."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="stages")
    title = models.CharField(max_length=200)
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Leave empty for an open-ended stage ('7+ yrs')."
    )
    description = models.TextField()

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
        return "career-timeline"

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
        return "highlights"


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
