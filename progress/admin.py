from django.contrib import admin
from django.db import models

from .models import (
    EvidenceLink,
    LearningPlan,
    PersonalResource,
    PlanRevision,
    ProjectLink,
    ResourceDone,
    StepProgress,
    TopicProgress,
)


class EvidenceLinkInline(admin.TabularInline):
    model = EvidenceLink
    extra = 0
    fields = ["url", "label", "created_at"]
    readonly_fields = ["created_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(StepProgress)
class StepProgressAdmin(admin.ModelAdmin):
    list_display = ["learner", "step", "roadmap", "status", "updated_at"]
    list_filter = ["status", "step__roadmap", "step__is_archived", "updated_at"]
    search_fields = ["learner__username", "learner__email", "step__title", "step__slug"]
    raw_id_fields = ["learner", "step"]
    list_select_related = ["learner", "step__roadmap"]
    readonly_fields = [
        "started_at",
        "completed_at",
        "status_changed_at",
        "created_at",
        "updated_at",
    ]
    date_hierarchy = "updated_at"
    inlines = [EvidenceLinkInline]

    @admin.display(ordering="step__roadmap__title")
    def roadmap(self, obj):
        return obj.step.roadmap


class PlanRevisionInline(admin.TabularInline):
    model = PlanRevision
    extra = 0
    can_delete = False
    readonly_fields = ["start_date", "hours_per_week", "reason", "replaced_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(LearningPlan)
class LearningPlanAdmin(admin.ModelAdmin):
    list_display = ["learner", "roadmap", "start_date", "hours_per_week", "updated_at"]
    inlines = [PlanRevisionInline]
    list_filter = ["roadmap"]
    search_fields = ["learner__username", "learner__email", "roadmap__title"]
    raw_id_fields = ["learner"]
    list_select_related = ["learner", "roadmap"]
    readonly_fields = ["replanned_at", "created_at", "updated_at"]


@admin.register(TopicProgress)
class TopicProgressAdmin(admin.ModelAdmin):
    list_display = ["learner", "topic", "status", "updated_at"]
    list_filter = ["status", "topic__step__roadmap"]
    search_fields = ["learner__username", "learner__email", "topic__title"]
    raw_id_fields = ["learner", "topic"]
    list_select_related = ["learner", "topic"]
    readonly_fields = ["status_changed_at", "created_at", "updated_at"]


@admin.register(ResourceDone)
class ResourceDoneAdmin(admin.ModelAdmin):
    list_display = ["learner", "resource", "done_at"]
    search_fields = ["learner__username", "resource__title"]
    raw_id_fields = ["learner", "resource"]
    list_select_related = ["learner", "resource"]


@admin.register(PersonalResource)
class PersonalResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "learner", "topic", "created_at"]
    search_fields = ["learner__username", "title", "url"]
    raw_id_fields = ["learner", "topic"]
    list_select_related = ["learner", "topic"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(ProjectLink)
class ProjectLinkAdmin(admin.ModelAdmin):
    list_display = ["learner", "criterion", "url", "updated_at"]
    list_filter = ["criterion__project__roadmap"]
    search_fields = ["learner__username", "url", "criterion__project__title"]
    raw_id_fields = ["learner", "criterion"]
    list_select_related = ["learner", "criterion__project"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
