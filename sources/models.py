"""Sources and the citations that point any piece of content at them."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models


class Source(models.Model):
    """A published page the site's claims rest on (an article, a statistics table, a guide)."""

    key = models.SlugField(
        max_length=80, unique=True, help_text="Stable identifier used by the content fixtures."
    )
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200)
    url = models.URLField(max_length=500, verbose_name="URL")
    description = models.CharField(
        max_length=300, blank=True, help_text="What the source offers, shown in the Sources list."
    )
    period = models.CharField(
        max_length=100, blank=True, help_text="Reference period of its figures, e.g. 'May 2024'."
    )

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return f"{self.title} ({self.publisher})"


class Citation(models.Model):
    """One place where a piece of content cites a source.

    Generic, so a pillar, step, term, salary figure, FAQ answer or quiz question can each cite
    one or more sources; `position` orders the markers when an item cites several.
    """

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    position = models.PositiveSmallIntegerField(default=0)
    locator = models.CharField(
        max_length=200, blank=True, help_text="Optional pointer inside the source (section, table)."
    )

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "source"], name="unique_source_per_item"
            )
        ]

    def __str__(self):
        return f"{self.content_type.model} #{self.object_id} cites {self.source.key}"

    def clean(self):
        if self.content_type_id and self.object_id is not None:
            model = self.content_type.model_class()
            if model is None or not model._default_manager.filter(pk=self.object_id).exists():
                raise ValidationError({"object_id": "No such item to attach this citation to."})
