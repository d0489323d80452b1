from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db.models import Count

from .models import Citation, Source


class CitationInline(GenericTabularInline):
    """Citations edited next to the content that makes the claim."""

    model = Citation
    extra = 0
    fields = ["source", "position", "locator"]
    autocomplete_fields = ["source"]
    ordering = ["position"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "period", "url", "citation_count"]
    list_filter = ["publisher"]
    search_fields = ["title", "publisher", "url", "key"]
    prepopulated_fields = {"key": ["title"]}

    @admin.display(description="Cited", ordering="_cited")
    def citation_count(self, obj):
        return obj._cited

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_cited=Count("citations"))


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["source", "content_type", "object_id", "position", "locator"]
    list_filter = ["content_type", "source"]
    search_fields = ["source__title", "locator"]
    autocomplete_fields = ["source"]
    list_select_related = ["source", "content_type"]
