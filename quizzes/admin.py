"""Quiz authoring: quizzes, questions with their choices inline, and how learners answered them."""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils.html import format_html

from sources.admin import CitationInline

from . import admin_views, services
from .models import Choice, Question, Quiz, QuizAttempt, choice_rule_errors

ARCHIVED_NOT_DELETED = "archived because learners answered it"


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "roadmap",
        "pass_mark",
        "shuffle_questions",
        "is_published",
        "questions",
    ]
    list_filter = ["is_published"]
    search_fields = ["title", "roadmap__title"]
    list_select_related = ["roadmap"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(_active=Count("questions", filter=Q(questions__is_archived=False)))
        )

    @admin.display(description="Questions", ordering="_active")
    def questions(self, obj):
        url = reverse("admin:quizzes_question_changelist") + f"?quiz__id__exact={obj.pk}"
        return format_html('<a href="{}">{} question(s)</a>', url, obj._active)


class ChoiceInlineFormSet(forms.BaseInlineFormSet):
    """Checks a question's choices as a whole and archives, not deletes, answered choices."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        active = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data
            and not self._should_delete_form(form)
            and not form.cleaned_data.get("is_archived")
        ]
        errors = choice_rule_errors(
            self.instance.kind, [bool(data.get("is_correct")) for data in active]
        )
        if errors:
            raise ValidationError(errors)

    def delete_existing(self, obj, commit=True):
        if not commit:
            return super().delete_existing(obj, commit=commit)
        if services.delete_or_archive_choice(choice=obj):
            self.archived_objects = [*getattr(self, "archived_objects", []), obj]


class ChoiceInline(admin.TabularInline):
    model = Choice
    formset = ChoiceInlineFormSet
    fields = ["position", "text", "is_correct", "feedback", "is_archived"]
    ordering = ["position", "id"]
    extra = 2

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "feedback":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 40})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class QuestionCitationInline(CitationInline):
    verbose_name = "source this question's facts come from"


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = [
        "short_text",
        "quiz",
        "kind",
        "position",
        "is_archived",
        "times_answered",
        "answered_right",
    ]
    list_editable = ["position"]
    list_filter = ["quiz", "kind", "is_archived"]
    list_select_related = ["quiz"]
    search_fields = ["text", "explanation", "choices__text"]
    ordering = ["quiz", "position", "id"]
    fieldsets = [
        (None, {"fields": ["quiz", ("position", "kind"), "text", "explanation"]}),
        ("Where it is taught", {"fields": ["step", "section_anchor"]}),
        ("Status", {"fields": ["is_archived"]}),
    ]
    inlines = [ChoiceInline, QuestionCitationInline]
    actions = ["archive", "restore", "export_csv"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _answered=Count("answers", distinct=True),
                _right=Count("answers", filter=Q(answers__is_correct=True), distinct=True),
            )
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "step":
            from roadmap.models import Step

            kwargs["queryset"] = Step.objects.select_related("roadmap")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="Question", ordering="text")
    def short_text(self, obj):
        return str(obj)

    @admin.display(description="Times answered", ordering="_answered")
    def times_answered(self, obj):
        return obj._answered

    @admin.display(description="% answered right")
    def answered_right(self, obj):
        if not obj._answered:
            return "–"
        return f"{round(100 * obj._right / obj._answered)}%"

    @admin.action(description="Archive selected questions (leave new attempts)")
    def archive(self, request, queryset):
        count = services.set_archived(questions=queryset, archived=True)
        self.message_user(request, f"Archived {count} question(s).", messages.SUCCESS)

    @admin.action(description="Restore selected questions")
    def restore(self, request, queryset):
        count = services.set_archived(questions=queryset, archived=False)
        self.message_user(request, f"Restored {count} question(s).", messages.SUCCESS)

    @admin.action(description="Export selected questions as CSV")
    def export_csv(self, request, queryset):
        return admin_views.csv_response(queryset, "questions-selected")

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "import/",
                view(partial(admin_views.import_questions, model_admin=self)),
                name="quizzes_question_import",
            ),
            path(
                "export/",
                view(partial(admin_views.export_questions, model_admin=self)),
                name="quizzes_question_export",
            ),
            path(
                "import/sample/",
                view(partial(admin_views.question_csv_sample, model_admin=self)),
                name="quizzes_question_import_sample",
            ),
            path(
                "import/help/",
                view(partial(admin_views.question_csv_help, model_admin=self)),
                name="quizzes_question_import_help",
            ),
            *super().get_urls(),
        ]

    def delete_model(self, request, obj):
        _, archived = services.delete_or_archive_questions(questions=[obj])
        if archived:
            self.message_user(
                request,
                f"“{obj}” was {ARCHIVED_NOT_DELETED}: "
                "past attempts keep it; new ones leave it out.",
                messages.WARNING,
            )

    def delete_queryset(self, request, queryset):
        _, archived = services.delete_or_archive_questions(questions=queryset)
        if archived:
            self.message_user(
                request,
                f"{len(archived)} question(s) {ARCHIVED_NOT_DELETED} (not deleted): "
                "past attempts keep them; new ones leave them out.",
                messages.WARNING,
            )

    def get_deleted_objects(self, objs, request):
        # Answers protect a question; deleting archives such questions, so nothing is refused.
        deleted, model_count, perms_needed, _ = super().get_deleted_objects(objs, request)
        return deleted, model_count, perms_needed, []

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for choice in getattr(formset, "archived_objects", []):
            self.message_user(
                request,
                f"The choice “{choice}” was {ARCHIVED_NOT_DELETED} (not deleted).",
                messages.WARNING,
            )


@admin.register(QuizAttempt)
class QuizAttemptAdmin(admin.ModelAdmin):
    """Attempts are learners' data: readable here, never edited."""

    list_display = ["quiz", "learner", "kind", "score", "total", "passed", "submitted_at"]
    list_filter = ["quiz", "kind", "passed"]
    list_select_related = ["quiz", "learner"]
    search_fields = ["learner__username", "learner__email"]
    date_hierarchy = "submitted_at"
    readonly_fields = [f.name for f in QuizAttempt._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
