"""A learner's attempt history for a roadmap's quiz."""

import re

import pytest
from django.test import Client

from quizzes.models import QuizAttempt
from tests.helpers import attempt_with_score

pytestmark = pytest.mark.django_db


def history_url(quiz):
    return f"/roadmaps/{quiz.roadmap.slug}/quiz/history/"


def test_history_needs_an_account(client, quiz, settings):
    settings.LOGIN_URL = "/accounts/login/"
    response = client.get(history_url(quiz))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_history_lists_the_learners_attempts_with_the_best_marked(
    learner_client, learner, other_learner, quiz
):
    low = attempt_with_score(quiz, learner, 1)
    best = attempt_with_score(quiz, learner, 3)
    later_equal = attempt_with_score(quiz, learner, 3)
    not_mine = attempt_with_score(quiz, other_learner, 2)

    html = learner_client.get(history_url(quiz)).content.decode()

    for mine in (low, best, later_equal):
        assert mine.get_absolute_url() in html
    assert not_mine.get_absolute_url() not in html
    assert "Best score: <strong>3 / 3 (100%)</strong>" in html
    best_row = re.search(r"<tr class=\"table-success\" data-best-attempt>(.*?)</tr>", html, re.S)
    assert best.get_absolute_url() in best_row.group(1)  # the first to reach it
    assert html.count("data-best-attempt") == 1
    assert "1 / 3 (33%)" in html
    assert html.count(">Passed</span>") == 3  # the best summary and the two 3/3 rows
    assert html.count(">Not passed</span>") == 1
    assert f'href="/roadmaps/{quiz.roadmap.slug}/quiz/">Retake</a>' in html


def test_history_without_attempts_offers_the_quiz(learner_client, quiz):
    html = learner_client.get(history_url(quiz)).content.decode()

    assert "You have not taken this quiz yet." in html
    assert "Take the quiz" in html


def test_history_of_a_roadmap_without_a_quiz_is_404(learner_client):
    assert learner_client.get("/roadmaps/nothing-here/quiz/history/").status_code == 404


@pytest.mark.parametrize("count", [6, 60])
def test_history_queries_do_not_grow_with_attempts(learner, quiz, django_assert_num_queries, count):
    made = [
        QuizAttempt(quiz=quiz, learner=learner, score=i % 4, total=3, pass_mark=70)
        for i in range(count)
    ]
    QuizAttempt.objects.bulk_create(made)
    client = Client()
    client.force_login(learner)
    client.get(history_url(quiz))

    # session with the user, quiz + roadmap, best attempt, page count, page of attempts,
    # "published?"
    with django_assert_num_queries(6):
        response = client.get(history_url(quiz))
    assert response.content.decode().count(">Review</a>") == min(count, 25)
