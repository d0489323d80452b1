"""Admin views beyond ModelAdmin: the questions' CSV import (preview, then confirm) and export."""

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from . import csv_io
from .models import Question

IMPORT_SALT = "quizzes.question-csv-import"
IMPORT_MAX_AGE = 60 * 60  # seconds between the preview and the confirmation


class QuestionImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=f"UTF-8, at most {csv_io.MAX_BYTES // 1024} KB. See docs/question-csv.md.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > csv_io.MAX_BYTES:
            raise ValidationError(f"The file is larger than {csv_io.MAX_BYTES // 1024} KB.")
        try:
            self.cleaned_data["text"] = csv_io.decode(upload.read(csv_io.MAX_BYTES + 1))
        except csv_io.CsvFileError as error:
            raise ValidationError(str(error)) from None
        return upload


def csv_response(questions, name):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    response.write("\ufeff" + csv_io.export_csv(questions))  # the mark lets Excel read UTF-8
    return response


SAMPLE_SIZE = 3  # questions in the sample file


def question_csv_sample(request, *, model_admin):
    """A sample file to start from: a few of the site's own questions, in the import format (so
    it imports as "unchanged")."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    sample = Question.objects.active().order_by("quiz_id", "position", "id")[:SAMPLE_SIZE]
    return csv_response(sample, "questions-sample")


def question_csv_help(request, *, model_admin):
    """The question CSV format, on a page an author opens from the import page."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "The question CSV format",
        "max_kb": csv_io.MAX_BYTES // 1024,
        "max_rows": csv_io.MAX_ROWS,
    }
    return TemplateResponse(request, "admin/quizzes/question/import_help.html", context)


def export_questions(request, *, model_admin):
    """Every question not archived, in the import format."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    return csv_response(Question.objects.active(), "questions")


def import_questions(request, *, model_admin):
    """Upload a CSV, see what it would do row by row, confirm: all rows or nothing."""
    if not (model_admin.has_add_permission(request) and model_admin.has_change_permission(request)):
        raise PermissionDenied
    form, plan, payload, expired = QuestionImportForm(), None, "", False
    if request.method == "POST" and "payload" in request.POST:
        try:
            text = signing.loads(request.POST["payload"], salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
        except signing.BadSignature:
            expired = True
        else:
            try:
                plan = csv_io.import_questions(text=text)
            except csv_io.ImportRejected as rejected:  # the content changed since the preview
                plan = rejected.plan
            else:
                model_admin.message_user(
                    request,
                    f"Imported: {plan.created} question(s) created, {plan.updated} updated, "
                    f"{plan.unchanged} unchanged.",
                    messages.SUCCESS,
                )
                return redirect("admin:quizzes_question_changelist")
    elif request.method == "POST":
        form = QuestionImportForm(request.POST, request.FILES)
        if form.is_valid():
            text = form.cleaned_data["text"]
            plan = csv_io.read_plan(text)
            if plan.is_valid:
                payload = signing.dumps(text, salt=IMPORT_SALT, compress=True)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Import questions from CSV",
        "form": form,
        "plan": plan,
        "payload": payload,
        "expired": expired,
        "max_kb": csv_io.MAX_BYTES // 1024,
    }
    return TemplateResponse(request, "admin/quizzes/question/import.html", context)
