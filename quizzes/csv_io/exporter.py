"""Exporting questions in the import format, so an exported file imports back unchanged."""

import csv
import io

from django.db import models

from roadmap.csv_cells import guard_cell
from sources.models import Citation

from ..models import Choice, Question
from .format import COLUMNS, join_list


def questions_for_export(questions):
    """`questions` (any queryset of them) with what the CSV shows, in a fixed number of queries."""
    return (
        Question.objects.filter(pk__in=questions.values("pk"))
        .select_related("quiz__roadmap", "step")
        .prefetch_related(
            models.Prefetch("choices", Choice.objects.active().order_by("position", "id")),
            models.Prefetch("citations", Citation.objects.select_related("source")),
        )
        .order_by("quiz__roadmap__position", "quiz__roadmap__slug", "position", "id")
    )


def export_row(question):
    choices = list(question.choices.all())
    feedback = [choice.feedback for choice in choices]
    return {
        "quiz": question.quiz.roadmap.slug,
        "kind": question.kind,
        "text": question.text,
        "choices": join_list([choice.text for choice in choices]),
        "correct": ";".join(str(i) for i, c in enumerate(choices, start=1) if c.is_correct),
        "explanation": question.explanation,
        "feedback": join_list(feedback) if any(feedback) else "",
        "step": question.step.slug if question.step_id else "",
        "source": join_list([citation.source.key for citation in question.citations.all()]),
        "position": str(question.position),
    }


def export_csv(questions) -> str:
    """The CSV text of `questions` (header first), in the import format, formulas guarded."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for question in questions_for_export(questions):
        writer.writerow({name: guard_cell(cell) for name, cell in export_row(question).items()})
    return out.getvalue()
