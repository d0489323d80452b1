"""Authoring quizzes in the admin: choice rules, archive instead of delete, answer statistics."""

import uuid

import pytest
from django.urls import reverse

from quizzes.models import Choice, Question, QuizAttempt
from quizzes.services import submit_attempt
from tests.helpers import right_answers, wrong_answers

pytestmark = pytest.mark.django_db

CITATIONS = "sources-citation-content_type-object_id"


def change_url(question):
    return reverse("admin:quizzes_question_change", args=[question.pk])


def question_form_data(question, *, kind=None, choices=None, **changes):
    """The question's change form as the admin posts it; `choices` maps a choice to its changes."""
    data = {
        "quiz": question.quiz_id,
        "position": question.position,
        "kind": kind or question.kind,
        "text": question.text,
        "explanation": question.explanation,
        "step": question.step_id or "",
        "section_anchor": question.section_anchor,
        f"{CITATIONS}-TOTAL_FORMS": 0,
        f"{CITATIONS}-INITIAL_FORMS": 0,
    }
    data.update(changes)
    existing = list(question.choices.all())
    choices = choices or {}
    data.update({"choices-TOTAL_FORMS": len(existing), "choices-INITIAL_FORMS": len(existing)})
    for i, choice in enumerate(existing):
        values = {
            "id": choice.pk,
            "question": question.pk,
            "position": choice.position,
            "text": choice.text,
            "is_correct": choice.is_correct,
            "feedback": choice.feedback,
            "is_archived": choice.is_archived,
            "DELETE": False,
        }
        values.update(choices.get(choice.position, {}))
        for name, value in values.items():
            if value is True:
                data[f"choices-{i}-{name}"] = "on"
            elif value is not False:
                data[f"choices-{i}-{name}"] = value
    return data


def snapshot(question):
    question.refresh_from_db()
    return (
        question.kind,
        question.text,
        list(question.choices.values_list("text", "is_correct", "is_archived")),
    )


def answer_once(quiz):
    return submit_attempt(quiz=quiz, answers=right_answers(quiz), token=uuid.uuid4())


def test_a_valid_edit_is_saved(editor_client, quiz):
    question = quiz.questions.get(position=0)
    data = question_form_data(
        question, text="Reworded?", choices={0: {"is_correct": False}, 2: {"is_correct": True}}
    )

    response = editor_client.post(change_url(question), data)

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text == "Reworded?"
    assert list(question.choices.filter(is_correct=True).values_list("position", flat=True)) == [2]


@pytest.mark.parametrize(
    ("position", "kind", "choices", "message"),
    [
        pytest.param(
            0,
            "single",
            {1: {"is_correct": True}},
            "A single-answer question needs exactly one right choice; 2 are marked right.",
            id="single with two right",
        ),
        pytest.param(
            0,
            "single",
            {0: {"is_correct": False}},
            "A single-answer question needs exactly one right choice; 0 are marked right.",
            id="single with none right",
        ),
        pytest.param(
            2,
            "single",
            {},
            "A single-answer question needs exactly one right choice; 2 are marked right.",
            id="switching a two-right question to single",
        ),
        pytest.param(
            2,
            "multiple",
            {0: {"is_correct": False}, 1: {"is_correct": False}},
            "A multiple-answer question needs at least one right choice.",
            id="multiple with none right",
        ),
        pytest.param(
            0,
            "single",
            {1: {"DELETE": True}, 2: {"DELETE": True}, 3: {"DELETE": True}},
            "Every question needs at least two choices (not counting archived ones).",
            id="one choice left",
        ),
        pytest.param(
            0,
            "single",
            {1: {"is_archived": True}, 2: {"is_archived": True}, 3: {"is_archived": True}},
            "Every question needs at least two choices (not counting archived ones).",
            id="archived choices do not count",
        ),
        pytest.param(
            0,
            "single",
            {0: {"DELETE": True}},
            "A single-answer question needs exactly one right choice; 0 are marked right.",
            id="deleting the right choice",
        ),
    ],
)
def test_choice_rules_are_enforced_with_a_clear_message(
    editor_client, quiz, position, kind, choices, message
):
    question = quiz.questions.get(position=position)
    before = snapshot(question)

    response = editor_client.post(
        change_url(question),
        question_form_data(question, kind=kind, choices=choices, text="Changed?"),
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot(question) == before


def test_adding_a_question_with_its_choices(editor_client, quiz):
    data = {
        "quiz": quiz.pk,
        "position": 9,
        "kind": "multiple",
        "text": "Which are MLOps tools?",
        "explanation": "Both manage models in production.",
        "section_anchor": "key-terms",
        f"{CITATIONS}-TOTAL_FORMS": 0,
        f"{CITATIONS}-INITIAL_FORMS": 0,
        "choices-TOTAL_FORMS": 3,
        "choices-INITIAL_FORMS": 0,
    }
    for i, (text, right) in enumerate([("MLflow", True), ("Docker", True), ("Excel", False)]):
        data.update({f"choices-{i}-position": i, f"choices-{i}-text": text})
        if right:
            data[f"choices-{i}-is_correct"] = "on"
    add_url = reverse("admin:quizzes_question_add")

    assert editor_client.post(add_url, {**data, "choices-TOTAL_FORMS": 1}).status_code == 200
    assert not Question.objects.filter(text="Which are MLOps tools?").exists()

    assert editor_client.post(add_url, data).status_code == 302
    added = Question.objects.get(text="Which are MLOps tools?")
    assert list(added.choices.values_list("text", flat=True)) == ["MLflow", "Docker", "Excel"]


def test_deleting_an_answered_question_archives_it(editor_client, quiz):
    attempt = answer_once(quiz)
    question = quiz.questions.get(position=0)
    url = reverse("admin:quizzes_question_delete", args=[question.pk])

    confirm = editor_client.get(url)
    response = editor_client.post(url, {"post": "yes"}, follow=True)

    assert "Cannot delete" not in confirm.content.decode()
    assert "archived because learners answered it" in response.content.decode()
    question.refresh_from_db()
    assert question.is_archived
    assert question.choices.count() == 4
    assert attempt.answers.count() == 3
    fresh = submit_attempt(quiz=quiz, answers=right_answers(quiz), token=uuid.uuid4())
    assert fresh.total == 2


def test_deleting_an_unanswered_question_deletes_it(editor_client, quiz):
    question = quiz.questions.get(position=0)
    url = reverse("admin:quizzes_question_delete", args=[question.pk])

    response = editor_client.post(url, {"post": "yes"}, follow=True)

    assert response.status_code == 200
    assert not Question.objects.filter(pk=question.pk).exists()
    assert not Choice.objects.filter(question_id=question.pk).exists()


def test_bulk_delete_archives_the_answered_and_deletes_the_rest(editor_client, make_quiz, quiz):
    answer_once(quiz)
    unanswered = make_quiz(2)
    ids = [q.pk for q in quiz.questions.all()] + [q.pk for q in unanswered.questions.all()]

    response = editor_client.post(
        reverse("admin:quizzes_question_changelist"),
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
        follow=True,
    )

    assert "3 question(s) archived because learners answered it" in response.content.decode()
    assert Question.objects.filter(quiz=quiz, is_archived=True).count() == 3
    assert not Question.objects.filter(quiz=unanswered).exists()


def test_deleting_an_answered_choice_in_the_inline_archives_it(editor_client, quiz):
    attempt = answer_once(quiz)
    question = quiz.questions.get(position=0)
    before = attempt.answers.get(question=question).choices

    response = editor_client.post(
        change_url(question),
        question_form_data(question, choices={3: {"DELETE": True}}),
        follow=True,
    )

    assert "was archived because learners answered it" in response.content.decode()
    choice = question.choices.get(position=3)
    assert choice.is_archived
    assert attempt.answers.get(question=question).choices == before
    assert QuizAttempt.objects.count() == 1


def test_deleting_an_unanswered_choice_in_the_inline_deletes_it(editor_client, quiz):
    question = quiz.questions.get(position=0)

    response = editor_client.post(
        change_url(question),
        question_form_data(question, choices={3: {"DELETE": True}}),
        follow=True,
    )

    assert "archived because learners answered it" not in response.content.decode()
    assert question.choices.count() == 3


def test_archive_and_restore_actions(editor_client, quiz):
    ids = [quiz.questions.get(position=0).pk]
    changelist = reverse("admin:quizzes_question_changelist")

    editor_client.post(changelist, {"action": "archive", "_selected_action": ids})
    assert quiz.questions.active().count() == 2

    editor_client.post(changelist, {"action": "restore", "_selected_action": ids})
    assert quiz.questions.active().count() == 3


def test_question_list_shows_how_learners_answered(editor_client, quiz):
    first = quiz.questions.get(position=0)
    submit_attempt(quiz=quiz, answers=right_answers(quiz), token=uuid.uuid4())
    answers = right_answers(quiz)
    answers[first.pk] = wrong_answers(quiz)[first.pk]
    for _ in range(3):
        submit_attempt(quiz=quiz, answers=answers, token=uuid.uuid4())

    response = editor_client.get(reverse("admin:quizzes_question_changelist"))
    rows = {
        question.pk: row
        for question, row in zip(
            response.context["cl"].result_list, response.context["results"], strict=True
        )
    }

    first_row = "".join(rows[first.pk])
    assert ">4<" in first_row and ">25%<" in first_row
    other_row = "".join(rows[quiz.questions.get(position=1).pk])
    assert ">4<" in other_row and ">100%<" in other_row


@pytest.mark.parametrize("size", [5, 25])
def test_question_list_queries_do_not_grow_with_questions(
    editor_client, make_quiz, django_assert_num_queries, size
):
    quiz = make_quiz(size)
    for _ in range(2):
        submit_attempt(quiz=quiz, answers=right_answers(quiz), token=uuid.uuid4())
    url = reverse("admin:quizzes_question_changelist")
    editor_client.get(url)

    # session with the user, two counts (filtered, total), the page of questions with their
    # counts, quiz filter
    with django_assert_num_queries(5):
        response = editor_client.get(url)
    assert len(response.context["cl"].result_list) == size


def test_quiz_list_links_to_its_questions(editor_client, quiz):
    html = editor_client.get(reverse("admin:quizzes_quiz_changelist")).content.decode()

    assert f"/admin/quizzes/question/?quiz__id__exact={quiz.pk}" in html
    assert "3 question(s)" in html


def test_the_import_page_links_a_help_page_and_a_sample_that_imports_unchanged(editor_client, quiz):
    page = editor_client.get(reverse("admin:quizzes_question_import")).content.decode()
    help_url = reverse("admin:quizzes_question_import_help")
    sample_url = reverse("admin:quizzes_question_import_sample")
    assert help_url in page and sample_url in page
    assert "the roadmap's slug" in page

    help_page = editor_client.get(help_url)
    assert help_page.status_code == 200
    assert "<code>machine-learning-engineer</code>" in help_page.content.decode()

    sample = editor_client.get(sample_url)
    assert sample["Content-Disposition"].startswith('attachment; filename="questions-sample-')
    from quizzes import csv_io

    plan = csv_io.read_plan(sample.content.decode("utf-8-sig"))
    assert plan.is_valid and plan.rows and plan.unchanged == len(plan.rows)
