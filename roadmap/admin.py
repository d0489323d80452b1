"""Admin for roadmap content: a roadmap with its parts inline, each part also on its own."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV

from sources.admin import CitationInline

from .content_cache import bump_content_version
from .models import (
    FAQ,
    Callout,
    CareerStage,
    Highlight,
    KeyTerm,
    Pillar,
    Project,
    ProjectCriterion,
    RelatedTopic,
    Resource,
    Roadmap,
    SalaryFigure,
    Step,
    Topic,
)
from .resource_csv import ResourceCsv
from .signals import step_revised


class OrderedInline(admin.StackedInline):
    extra = 0
    ordering = ["position", "id"]
    show_change_link = True


class PillarInline(OrderedInline):
    model = Pillar
    fields = ["position", "title", "body", "editor_note"]


class KeyTermInline(OrderedInline):
    model = KeyTerm
    fields = ["position", "term", "definition"]


class StepInline(OrderedInline):
    model = Step
    fields = [
        "position",
        "title",
        "slug",
        "summary",
        "editor_note",
        ("start_month", "end_month"),
        "is_archived",
    ]
    prepopulated_fields = {"slug": ["title"]}

    def has_delete_permission(self, request, obj=None):
        # Steps are archived (is_archived) rather than deleted from the roadmap form, so
        # learners' progress on them is never lost; the Step admin archives on delete too.
        return False


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


class CalloutInline(OrderedInline):
    model = Callout
    fields = ["position", "kind", "title", "body", "editor_note"]


class SalaryFigureInline(admin.TabularInline):
    model = SalaryFigure
    extra = 0
    ordering = ["position", "id"]
    show_change_link = True
    fields = ["position", "role", "median_annual_usd", "reference_period", "is_highlighted", "note"]


class CareerStageInline(OrderedInline):
    model = CareerStage
    fields = ["position", "title", ("start_year", "end_year"), "description", "editor_note"]


class FAQInline(OrderedInline):
    model = FAQ
    fields = ["position", "question", "answer"]


class HighlightInline(admin.TabularInline):
    model = Highlight
    extra = 0
    ordering = ["position", "id"]
    fields = ["position", "text"]


class RelatedTopicInline(admin.TabularInline):
    model = RelatedTopic
    fk_name = "roadmap"
    extra = 0
    ordering = ["position", "id"]
    fields = ["position", "related"]
    autocomplete_fields = ["related"]


@admin.register(Roadmap)
class RoadmapAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "status", "position", "active_steps", "updated_at"]
    list_editable = ["position", "status"]
    list_filter = ["status"]
    search_fields = ["title", "summary", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "updated_at"
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "position", "summary", "duration_label"]}),
        (
            "Introduction",
            {"fields": ["intro", "intro_editor_note", "pillars_intro", "terms_intro", "overview"]},
        ),
        (
            "Section headings",
            {
                "classes": ["collapse"],
                "fields": [
                    "steps_heading",
                    "steps_subheading",
                    "salary_heading",
                    "salary_subheading",
                    "timeline_heading",
                    "faq_heading",
                    "quiz_heading",
                    "quiz_teaser",
                    "related_heading",
                ],
            },
        ),
    ]
    inlines = [
        CitationInline,
        PillarInline,
        KeyTermInline,
        StepInline,
        ProjectInline,
        CalloutInline,
        SalaryFigureInline,
        CareerStageInline,
        FAQInline,
        HighlightInline,
        RelatedTopicInline,
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(_active_steps=Count("steps", filter=Q(steps__is_archived=False)))
        )

    @admin.display(description="Steps", ordering="_active_steps")
    def active_steps(self, obj):
        return obj._active_steps

    def view_on_site(self, obj):
        # Drafts have no address until they get a slug; staff can preview drafts that have one.
        return obj.get_absolute_url() if obj.slug else None


class ArchiveInsteadOfDelete:
    """Deleting content that learners' data points to archives it instead (hidden from the site,
    kept in their history and export); content nobody used is deleted. `learner_data` names the
    reverse relations that hold learners' rows. Adds "Archive" and "Restore" actions.
    """

    learner_data: list = []
    actions = ["archive", "restore"]

    def _used(self, queryset):
        used = queryset.none()
        for relation in self.learner_data:
            used = used | queryset.filter(**{f"{relation}__isnull": False})
        return queryset.filter(pk__in=used.values("pk"))

    @admin.action(description="Archive selected (hide from the site, keep learners' data)")
    def archive(self, request, queryset):
        count = queryset.update(is_archived=True)
        bump_content_version()  # update() sends no signal: drop the cached pages ourselves
        name = self.model._meta.verbose_name_plural
        self.message_user(request, f"Archived {count} {name}.", messages.SUCCESS)

    @admin.action(description="Restore selected")
    def restore(self, request, queryset):
        count = queryset.update(is_archived=False)
        bump_content_version()
        name = self.model._meta.verbose_name_plural
        self.message_user(request, f"Restored {count} {name}.", messages.SUCCESS)

    def delete_model(self, request, obj):
        if self._used(type(obj).objects.filter(pk=obj.pk)).exists():
            obj.is_archived = True
            obj.save()
            self.message_user(
                request,
                f"“{obj}” has learners' progress or links, so it was archived instead of deleted.",
                messages.WARNING,
            )
        else:
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        used = self._used(queryset)
        archived = used.update(is_archived=True)
        queryset.exclude(pk__in=used.values("pk")).delete()
        bump_content_version()
        if archived:
            name = self.model._meta.verbose_name_plural
            self.message_user(
                request,
                f"{archived} {name} had learners' progress or links and were archived instead "
                "of deleted.",
                messages.WARNING,
            )

    def get_deleted_objects(self, objs, request):
        # Learners' rows protect the content; since deleting archives such content, don't let
        # Django's "protected" check block the confirmation page.
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, model_count, perms_needed, []


class PartAdmin(admin.ModelAdmin):
    """Shared set-up for the parts of a roadmap edited on their own pages."""

    list_filter = ["roadmap"]
    list_editable = ["position"]
    list_select_related = ["roadmap"]
    inlines = [CitationInline]
    ordering = ["roadmap", "position", "id"]


class StepAdminForm(forms.ModelForm):
    significant_change = forms.BooleanField(
        required=False,
        label="Significant change (tell learners who completed this step)",
        help_text="Learners who marked this step done before this save see what changed "
        "(the old and new title and summary) until they mark it reviewed.",
    )


@admin.register(Step)
class StepAdmin(ArchiveInsteadOfDelete, PartAdmin):
    form = StepAdminForm
    list_display = ["title", "roadmap", "position", "start_month", "end_month", "is_archived"]
    list_filter = ["roadmap", "is_archived"]
    search_fields = ["title", "summary", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CitationInline, TopicInline]
    learner_data = ["progress"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.cleaned_data.get("significant_change"):
            step_revised.send(
                sender=Step,
                step=obj,
                old_title=form.initial.get("title", obj.title),
                old_summary=form.initial.get("summary", obj.summary),
                changed_by=request.user,
            )
            self.message_user(
                request,
                "Learners who completed this step will see what changed until they review it.",
                messages.INFO,
            )


@admin.register(Pillar)
class PillarAdmin(PartAdmin):
    list_display = ["title", "roadmap", "position"]
    search_fields = ["title", "body"]


@admin.register(KeyTerm)
class KeyTermAdmin(PartAdmin):
    list_display = ["term", "roadmap", "position"]
    search_fields = ["term", "definition"]


@admin.register(Callout)
class CalloutAdmin(PartAdmin):
    list_display = ["heading", "kind", "roadmap", "position"]
    list_filter = ["roadmap", "kind"]
    search_fields = ["title", "body"]


@admin.register(SalaryFigure)
class SalaryFigureAdmin(PartAdmin):
    list_display = ["role", "median_annual_usd", "reference_period", "roadmap", "position"]
    search_fields = ["role", "note"]


@admin.register(CareerStage)
class CareerStageAdmin(PartAdmin):
    list_display = ["title", "years_label", "roadmap", "position"]
    search_fields = ["title", "description"]


@admin.register(FAQ)
class FAQAdmin(PartAdmin):
    list_display = ["question", "roadmap", "position"]
    search_fields = ["question", "answer"]


@admin.register(Highlight)
class HighlightAdmin(PartAdmin):
    list_display = ["text", "roadmap", "position"]
    search_fields = ["text"]
    inlines = []


@admin.register(RelatedTopic)
class RelatedTopicAdmin(admin.ModelAdmin):
    list_display = ["roadmap", "related", "position"]
    list_filter = ["roadmap"]
    list_select_related = ["roadmap", "related"]
    autocomplete_fields = ["roadmap", "related"]
    search_fields = ["roadmap__title", "related__title"]


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
