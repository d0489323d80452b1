"""Admin for what a learner studies in a step: topics, resources (with CSV) and projects."""

from django.contrib import admin
from django.db.models import Count
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV

from ..models import (
    Project,
    ProjectCriterion,
    Resource,
    Topic,
)
from ..resource_csv import ResourceCsv
from .base import ArchiveInsteadOfDelete, OrderedInline, PartAdmin


class TopicInline(OrderedInline):
    model = Topic
    fields = ["position", "title", "slug", "explanation", "know_it_when", "is_archived"]
    prepopulated_fields = {"slug": ["title"]}

    def has_delete_permission(self, request, obj=None):
        return False  # archived, never deleted from the step form (see TopicAdmin)


class ResourceInline(admin.TabularInline):
    model = Resource
    extra = 0
    ordering = ["position", "id"]
    fields = [
        "position",
        "title",
        "url",
        "kind",
        "cost",
        "level",
        "hours",
        "is_alternative",
        "why",
        "is_archived",
        "last_check",
    ]
    readonly_fields = ["last_check"]

    def has_delete_permission(self, request, obj=None):
        return False  # archived, never deleted from the topic form (see ResourceAdmin)

    @admin.display(description="Last link check")
    def last_check(self, obj):
        return check_summary(obj)


def check_summary(resource):
    """What `manage.py check_links` last found for a resource, for the admin."""
    if resource.last_checked_at is None:
        return "Never checked"
    verdict = "OK" if resource.last_check_ok else "Broken"
    when = resource.last_checked_at.strftime("%Y-%m-%d %H:%M")
    return f"{verdict} ({resource.last_check_result}) on {when} UTC"


class ProjectCriterionInline(admin.TabularInline):
    model = ProjectCriterion
    extra = 0
    ordering = ["position", "id"]
    fields = ["position", "text"]


class ProjectInline(OrderedInline):
    model = Project
    fields = ["position", "title", "slug", "goal", "is_archived"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Topic)
class TopicAdmin(ArchiveInsteadOfDelete, admin.ModelAdmin):
    list_display = ["title", "step", "roadmap", "position", "resource_count", "is_archived"]
    list_editable = ["position"]
    list_filter = ["step__roadmap", "is_archived"]
    list_select_related = ["step__roadmap"]
    search_fields = ["title", "explanation", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    ordering = ["step__roadmap", "step__position", "position", "id"]
    autocomplete_fields = ["step"]
    inlines = [ResourceInline]
    learner_data = ["progress", "personal_resources"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_resources=Count("resources"))

    @admin.display(description="Roadmap", ordering="step__roadmap")
    def roadmap(self, obj):
        return obj.step.roadmap

    @admin.display(description="Resources", ordering="_resources")
    def resource_count(self, obj):
        return obj._resources


@admin.register(Resource)
class ResourceAdmin(ArchiveInsteadOfDelete, ImportExportMixin, admin.ModelAdmin):
    """Resources, with CSV import (preview, row errors, all or nothing) and export."""

    resource_classes = [ResourceCsv]
    formats = [CSV]
    list_display = [
        "title",
        "topic",
        "kind",
        "cost",
        "level",
        "hours",
        "last_check",
        "position",
        "is_archived",
    ]
    list_editable = ["position"]
    list_filter = ["kind", "cost", "level", "last_check_ok", "is_archived", "topic__step__roadmap"]
    learner_data = ["done_by"]
    list_select_related = ["topic"]
    search_fields = ["title", "url", "why"]
    autocomplete_fields = ["topic"]
    readonly_fields = ["last_check"]
    ordering = ["topic", "position", "id"]

    @admin.display(description="Last link check", ordering="last_checked_at")
    def last_check(self, obj):
        return check_summary(obj)


@admin.register(Project)
class ProjectAdmin(ArchiveInsteadOfDelete, PartAdmin):
    list_display = ["title", "roadmap", "position", "is_archived"]
    list_filter = ["roadmap", "is_archived"]
    search_fields = ["title", "goal"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["topics"]
    inlines = [ProjectCriterionInline]
    learner_data = ["criteria__learner_links"]
