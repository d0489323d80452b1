"""Admin for a roadmap with its parts inline, and each part on its own list."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q

from sources.admin import CitationInline

from ..models import (
    FAQ,
    Callout,
    CareerStage,
    Highlight,
    KeyTerm,
    Pillar,
    RelatedTopic,
    Roadmap,
    SalaryFigure,
    Step,
)
from ..signals import step_revised
from .base import ArchiveInsteadOfDelete, OrderedInline, PartAdmin
from .learning import ProjectInline, TopicInline


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
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "status",
                    "position",
                    "summary",
                    "home_summary",
                    "summary_editor_note",
                    "duration_label",
                    "skills",
                ]
            },
        ),
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
