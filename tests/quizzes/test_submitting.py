"""Submitting the quiz form: saved once, scored on the server, bad input never saved."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quizzes.drafts import DRAFTS_KEY
from quizzes.models import AttemptAnswer, QuizAttempt
from tests.helpers import right_answers, statements, wrong_answers
from tests.quizzes.helpers import form_data, open_quiz, submit, take_url

pytestmark = pytest.mark.django_db


def test_a_visitor_submits_and_lands_on_the_review(csrf_client, quiz):
    response = submit(csrf_client, quiz, right_answers(quiz))

    attempt = QuizAttempt.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/quiz/attempts/{attempt.token}/"
    assert attempt.learner is None
    assert (attempt.score, attempt.total, attempt.passed) == (3, 3, True)
    assert attempt.answers.count() == 3
    review = csrf_client.get(response["Location"])
    assert "3 / 3 (100%)" in review.content.decode()


def test_a_learners_attempt_is_saved_as_theirs(csrf_client, learner, quiz):
    csrf_client.force_login(learner)

    submit(csrf_client, quiz, wrong_answers(quiz))

    attempt = QuizAttempt.objects.get()
    assert attempt.learner == learner
    assert attempt.score == 0


def test_the_attempt_uses_the_token_of_the_form(csrf_client, quiz):
    _, token = open_quiz(csrf_client, quiz)
    submit(csrf_client, quiz, right_answers(quiz), token=token)

    assert str(QuizAttempt.objects.get().token) == token


def test_unanswered_questions_get_an_error_and_keep_the_other_answers(csrf_client, quiz):
    first, second, third = quiz.questions.all()
    answers = wrong_answers(quiz)
    kept_single = next(iter(answers[first.pk]))
    kept_multiple = sorted(right_answers(quiz)[third.pk])
    answers[third.pk] = set(kept_multiple)
    del answers[second.pk]

    response = submit(csrf_client, quiz, answers)
    html = response.content.decode()

    assert response.status_code == 200
    assert html.count("Please answer this question.") == 1
    invalid = re.findall(r'class="form-check-input is-invalid"\s+name="(question_\d+)"', html)
    assert set(invalid) == {f"question_{second.pk}"}
    checked = re.findall(r'name="(question_\d+)" value="(\d+)"[^>]*checked', html)
    assert sorted(checked) == sorted(
        [(f"question_{first.pk}", str(kept_single))]
        + [(f"question_{third.pk}", str(c)) for c in kept_multiple]
    )
    assert QuizAttempt.objects.count() == 0


def test_nothing_answered_marks_every_question(csrf_client, quiz):
    response = submit(csrf_client, quiz, {})

    assert response.content.decode().count("Please answer this question.") == 3
    assert QuizAttempt.objects.count() == 0


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("other-question", id="choice of another question"),
        pytest.param("999999", id="unknown choice id"),
        pytest.param("abc", id="not a number"),
        pytest.param("1 OR 1=1", id="injection-looking"),
    ],
)
def test_a_forged_choice_is_a_form_error_and_saves_nothing(csrf_client, quiz, value):
    first, second, _ = quiz.questions.all()
    if value == "other-question":
        value = str(second.choices.first().pk)
    _, token = open_quiz(csrf_client, quiz)
    data = form_data(csrf_client, token, right_answers(quiz))
    data[f"question_{first.pk}"] = [value]

    response = csrf_client.post(take_url(quiz), data)

    assert response.status_code == 200
    assert "That is not one of this question&#x27;s choices." in response.content.decode()
    assert QuizAttempt.objects.count() == 0
    assert AttemptAnswer.objects.count() == 0


def test_two_choices_on_a_single_answer_question_are_refused(csrf_client, quiz):
    first = quiz.questions.get(position=0)
    _, token = open_quiz(csrf_client, quiz)
    data = form_data(csrf_client, token, right_answers(quiz))
    data[f"question_{first.pk}"] = [str(c.pk) for c in first.choices.all()[:2]]

    response = csrf_client.post(take_url(quiz), data)

    assert response.status_code == 200
    assert "Please choose one answer." in response.content.decode()
    assert QuizAttempt.objects.count() == 0


@pytest.mark.parametrize("token", ["", "not-a-uuid", "1234", None])
def test_a_missing_or_forged_token_is_a_400(csrf_client, quiz, token):
    _, real = open_quiz(csrf_client, quiz)
    data = form_data(csrf_client, real, right_answers(quiz))
    if token is None:
        del data["token"]
    else:
        data["token"] = token

    response = csrf_client.post(take_url(quiz), data)

    assert response.status_code == 400
    assert QuizAttempt.objects.count() == 0


def test_a_token_of_another_quizs_attempt_is_a_400(csrf_client, quiz, make_quiz):
    submit(csrf_client, quiz, right_answers(quiz))
    used = str(QuizAttempt.objects.get().token)
    other = make_quiz(2)

    response = submit(csrf_client, other, right_answers(other), token=used)

    assert response.status_code == 400
    assert "This form belongs to another quiz" in response.content.decode()
    assert QuizAttempt.objects.count() == 1


def test_a_token_of_another_quiz_is_a_400_even_when_the_answers_do_not_fit(
    csrf_client, quiz, make_quiz
):
    submit(csrf_client, quiz, right_answers(quiz))
    used = str(QuizAttempt.objects.get().token)
    other = make_quiz(2)

    response = submit(csrf_client, other, right_answers(quiz), token=used)  # quiz's answers

    assert response.status_code == 400
    assert "This form belongs to another quiz" in response.content.decode()


def test_a_submit_is_checked_for_a_twin_once(csrf_client, quiz):
    """The double-submit check is the service's, and it is the attempt's insert: a first submit
    never looks the token up, in the view or before inserting."""
    _, token = open_quiz(csrf_client, quiz)
    data = form_data(csrf_client, token, right_answers(quiz))
    with CaptureQueriesContext(connection) as queries:
        csrf_client.post(take_url(quiz), data)
    run = statements(queries)
    lookups = [sql for sql in run if '"token" =' in sql and "INSERT" not in sql]
    inserts = [sql for sql in run if 'INSERT INTO "quizzes_quizattempt"' in sql]
    assert lookups == []
    assert len(inserts) == 1
    assert 'ON CONFLICT ("token") DO NOTHING' in inserts[0]


def test_submitting_needs_the_csrf_token(csrf_client, quiz):
    _, token = open_quiz(csrf_client, quiz)
    data = form_data(csrf_client, token, right_answers(quiz))
    del data["csrfmiddlewaretoken"]

    assert csrf_client.post(take_url(quiz), data).status_code == 403
    assert QuizAttempt.objects.count() == 0


def test_double_submit_makes_one_attempt_and_one_review(csrf_client, quiz):
    _, token = open_quiz(csrf_client, quiz)
    first = submit(csrf_client, quiz, right_answers(quiz), token=token)
    second = submit(csrf_client, quiz, right_answers(quiz), token=token)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert QuizAttempt.objects.count() == 1
    assert AttemptAnswer.objects.count() == 3
    assert csrf_client.get(second["Location"]).status_code == 200


def test_back_and_resubmit_with_other_answers_keeps_the_first_attempt(csrf_client, quiz):
    _, token = open_quiz(csrf_client, quiz)
    first = submit(csrf_client, quiz, right_answers(quiz), token=token)
    again = submit(csrf_client, quiz, wrong_answers(quiz), token=token)

    assert again["Location"] == first["Location"]
    assert QuizAttempt.objects.get().score == 3


def test_after_submitting_the_next_visit_starts_a_new_attempt(csrf_client, quiz):
    _, token = open_quiz(csrf_client, quiz)
    submit(csrf_client, quiz, right_answers(quiz), token=token)
    draft = csrf_client.session[DRAFTS_KEY][str(quiz.pk)]
    assert draft["token"] != token

    _, new_token = open_quiz(csrf_client, quiz)
    submit(csrf_client, quiz, wrong_answers(quiz), token=new_token)

    assert new_token == draft["token"]
    assert QuizAttempt.objects.count() == 2


def test_a_form_posted_after_a_retake_started_is_scored_with_its_own_token(csrf_client, quiz):
    """Two tabs: the second tab's form (an older token) still makes its own attempt."""
    _, old_token = open_quiz(csrf_client, quiz)
    session = csrf_client.session
    session[DRAFTS_KEY] = {}
    session.save()
    _, new_token = open_quiz(csrf_client, quiz)

    submit(csrf_client, quiz, right_answers(quiz), token=old_token)

    assert old_token != new_token
    assert str(QuizAttempt.objects.get().token) == old_token
