"""Importing a question CSV: every row or none, in one transaction."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from roadmap.content_cache import bump_content_version
from sources.models import Citation

from ..models import Choice, Question, Quiz
from .format import ImportRejected
from .plan import ImportPlan, read_plan


@transaction.atomic
def import_questions(*, text: str) -> ImportPlan:
    """Create or update the questions of a CSV `text`, all or nothing.

    A row updates the question of the same quiz with exactly the same text, if any: its choices
    are matched by text (kept, created, and the ones no longer listed deleted, or archived when
    learners answered the question). Raises `ImportRejected` when any row is invalid.
    """
    plan = read_plan(text)
    # Serialise imports into the same quizzes, so two at once cannot create a question twice;
    # then check again what the rows would do, now that no other import can change it.
    quizzes = {row.quiz.pk for row in plan.rows if row.quiz is not None}
    list(Quiz.objects.select_for_update().filter(pk__in=quizzes).values_list("pk"))
    plan = read_plan(text)
    if not plan.is_valid:
        raise ImportRejected(plan)
    from ..services import questions_with_answers

    answered = questions_with_answers([row.existing.pk for row in plan.rows if row.existing])
    content_type = ContentType.objects.get_for_model(Question)
    for row in plan.rows:
        if row.action != "unchanged":
            _save_row(row, plan, answered, content_type)
    if plan.created or plan.updated:
        bump_content_version()
    return plan


def _save_row(row, plan, answered, content_type):
    question = row.existing or Question(quiz=row.quiz)
    question.kind, question.text, question.explanation = row.kind, row.text, row.explanation
    if row.position is not None:
        question.position = row.position
    if plan.sets_step:
        question.step = row.step
    question.save()

    by_text = {}
    old = sorted(row.existing.choices.all(), key=lambda c: c.is_archived) if row.existing else []
    for choice in reversed(old):  # an active choice wins over an archived one with its text
        by_text[choice.text] = choice
    kept = set()
    for position, wanted in enumerate(row.choices):
        choice = by_text.get(wanted.text) or Choice(question=question, text=wanted.text)
        choice.position, choice.is_correct = position, wanted.is_correct
        choice.feedback, choice.is_archived = wanted.feedback, False
        choice.save()
        kept.add(choice.pk)
    dropped = [c.pk for c in old if c.pk not in kept and not c.is_archived]
    if dropped:
        if question.pk in answered:  # past attempts show these choices: archive, never delete
            Choice.objects.filter(pk__in=dropped).update(is_archived=True)
        else:
            Choice.objects.filter(pk__in=dropped).delete()

    if plan.sets_sources:
        current = {c.source_id: c for c in (row.existing.citations.all() if row.existing else [])}
        for position, source in enumerate(row.sources):
            citation = current.pop(source.pk, None)
            if citation is None:
                Citation.objects.create(
                    source=source,
                    content_type=content_type,
                    object_id=question.pk,
                    position=position,
                )
            elif citation.position != position:
                Citation.objects.filter(pk=citation.pk).update(position=position)
        if current:
            Citation.objects.filter(pk__in=[c.pk for c in current.values()]).delete()
