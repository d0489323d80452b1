"""The roadmap itself: its page from introduction to related topics, and what its parts share."""

from dataclasses import dataclass

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse

from sources.footnotes import FootnoteRegistry, PageFootnotes

from ..content_cache import cache_timeout, content_version, versioned, versioned_many

_UNREAD = object()  # a content version the caller has not read (None: the cache is away)


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
        from .learning import Project, Resource, Topic
        from .parts import (
            FAQ,
            Callout,
            CareerStage,
            Highlight,
            KeyTerm,
            Pillar,
            RelatedTopic,
            SalaryFigure,
            Step,
        )

        cited = Citation_prefetch()
        return self.prefetch_related(
            cited,
            Prefetch("pillars", queryset=Pillar.objects.prefetch_related(cited)),
            Prefetch("terms", queryset=KeyTerm.objects.prefetch_related(cited)),
            Prefetch("steps", queryset=Step.objects.active().prefetch_related(cited)),
            Prefetch("steps__topics", queryset=Topic.objects.active()),
            Prefetch("steps__topics__resources", queryset=Resource.objects.active().listed()),
            Prefetch(
                "projects",
                queryset=Project.objects.filter(is_archived=False).prefetch_related(
                    "criteria",
                    Prefetch("topics", queryset=Topic.objects.active().select_related("step")),
                ),
            ),
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

    def cached_slugs(self, version):
        """{pk: slug} of the published roadmaps, cached under the content version."""
        return versioned(
            f"roadmap-slugs:{version}",
            lambda: dict(self.published().values_list("pk", "slug")),
            version=version,
            shared=True,
        )

    def cached_pages(self, pks, *, user):
        """The `RoadmapPage` of each roadmap in `pks` that `user` may see, in the site's order:
        published ones from the content cache as `cached_page` keeps them (those missing read in
        one go), a staff member's drafts read fresh."""
        version = content_version()
        slugs = self.cached_slugs(version)
        wanted = {slugs[pk] for pk in pks if pk in slugs}

        def read(wanted_slugs):
            roadmaps = self.published().for_page().filter(slug__in=wanted_slugs)
            return {roadmap.slug: RoadmapPage.of(roadmap, version) for roadmap in roadmaps}

        keys = {slug: _page_key(version, slug) for slug in wanted}
        pages = list(versioned_many(keys, read, version=version).values())
        if user.is_authenticated and user.is_staff and set(pks) - set(slugs):
            drafts = self.visible_to(user).for_page().filter(pk__in=set(pks) - set(slugs))
            pages += [RoadmapPage.of(roadmap, version) for roadmap in drafts]
        return sorted(pages, key=lambda page: (page.roadmap.position, page.roadmap.title))

    def cached_published_page(self, slug, *, version=_UNREAD, cached_only=False):
        """The published roadmap's `RoadmapPage` from the content cache, or None (no such
        published roadmap). A hit runs no query; any content save or load shows at once.
        `version`: the content version, when the caller has just read it. With `cached_only`,
        None too when the cache is unreachable (the caller has a cheaper query than the page's
        whole content, read afresh for every request while Redis is away)."""
        if len(slug) > self.model._meta.get_field("slug").max_length:
            return None  # no such roadmap, and no over-long cache key
        if version is _UNREAD:
            version = content_version()
        if version is None and cached_only:
            return None

        def read():
            roadmap = self.published().for_page().filter(slug=slug).first()
            return RoadmapPage.of(roadmap, version) if roadmap is not None else None

        # Shared: the page only reads it (what is the reader's is built apart, as dataclasses).
        return versioned(_page_key(version, slug), read, version=version, shared=True)

    def cached_page(self, slug, *, user):
        """The roadmap page's `RoadmapPage`, or None when `user` may not see it.

        Published roadmaps come from the content cache (`cached_published_page`). Staff
        previews of drafts are read fresh each time.
        """
        version = content_version()
        page = self.cached_published_page(slug, version=version)
        if page is None and user.is_authenticated and user.is_staff:
            roadmap = self.visible_to(user).for_page().filter(slug=slug).first()
            page = RoadmapPage.of(roadmap, version) if roadmap is not None else None
        return page


def _page_key(version, slug):
    """Where the content cache keeps a published roadmap's `RoadmapPage`."""
    return f"roadmap-page:{version}:{slug}"


@dataclass
class RoadmapPage:
    """What the roadmap page shows of its content, read once per content version.

    `roadmap` has every section prefetched (`for_page()`); `cited` numbers its citations (the
    Sources list, each item's markers); `content_version` is the version it was read at, which
    keys the template's cached sections.
    """

    roadmap: "Roadmap"
    cited: PageFootnotes
    content_version: int

    @classmethod
    def of(cls, roadmap, version):
        """The page of `roadmap` (read with `for_page()`) at content version `version`."""
        return cls(roadmap, roadmap.number_citations(), content_version=version)

    @property
    def cache_timeout(self):
        """How long the template may keep sections read at this version (0 when the version is
        unknown because the cache is down: then nothing is kept)."""
        return cache_timeout(self.content_version)


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
    summary = models.TextField(
        blank=True,
        help_text="One or two sentences: the home page card, and the card where another roadmap "
        "lists this one as a related topic (where it may be the source page's own words).",
    )
    home_summary = models.TextField(
        blank=True,
        help_text="The home page card's text when it must differ from the summary (the site's "
        "own words where the summary quotes a source).",
    )
    summary_editor_note = models.TextField(
        "editor's note on the summary",
        blank=True,
        help_text="Shown beside the summary on related-topic cards when its words need one.",
    )
    duration_label = models.CharField(max_length=50, blank=True, help_text="e.g. '12 months'.")
    skills = models.TextField(
        blank=True,
        help_text="The skills a learner shows by completing it, one per line (on certificates).",
    )
    intro = models.TextField("Introduction", blank=True)
    intro_editor_note = models.TextField(
        "editor's note on the introduction",
        blank=True,
        help_text="Shown beside the introduction when its words have aged.",
    )
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

    @property
    def skill_list(self):
        return [line.strip() for line in self.skills.splitlines() if line.strip()]

    @property
    def hours(self):
        """Hours of one path through every active step (prefetched by `for_page()`)."""
        return sum(step.hours for step in self.steps.all())

    def number_citations(self) -> PageFootnotes:
        """Walk the page's sections in order, numbering the sources each item cites: the Sources
        list and each item's markers (`markers_of(item)`).

        Works on the prefetched sections of `for_page()`, so it runs no query.
        """
        registry = FootnoteRegistry()
        registry.cite(self)
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
                registry.cite(item)
        return registry.page()


class RoadmapPart(models.Model):
    """Common shape of a roadmap's ordered, citable parts."""

    position = models.PositiveSmallIntegerField(default=0)
    citations = GenericRelation("sources.Citation")

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def get_absolute_url(self):
        return f"{self.roadmap.get_absolute_url()}#{self.anchor}"
