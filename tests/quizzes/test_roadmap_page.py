"""The knowledge-check panel of the roadmap page: a link, the size and the learner's best score."""

import pytest
from django.template.loader import render_to_string
from django.test import Client

from quizzes.models import Quiz
from quizzes.services import set_archived
from tests.helpers import attempt_with_score

pytestmark = pytest.mark.django_db

INCLUDE = "quizzes/includes/roadmap_quiz.html"


def panel(quiz, user):
    from django.contrib.auth.models import AnonymousUser

    summary = Quiz.objects.summary_for(roadmap=quiz.roadmap, learner=user or AnonymousUser())
    return render_to_string(INCLUDE, {"quiz_summary": summary})


def test_a_visitor_sees_the_link_and_the_size(quiz):
    html = panel(quiz, None)

    assert f'href="/roadmaps/{quiz.roadmap.slug}/quiz/">Take the knowledge check</a>' in html
    assert "3 questions" in html
    assert "pass mark 70%" in html
    assert "Your best score" not in html


def test_a_learner_sees_their_best_score(quiz, learner, other_learner):
    attempt_with_score(quiz, learner, 1)
    attempt_with_score(quiz, learner, 2)
    attempt_with_score(quiz, other_learner, 3)

    html = panel(quiz, learner)

    assert "Your best score: <strong>2 / 3 (66%)</strong>" in html
    assert "Not passed yet" in html
    assert f"/roadmaps/{quiz.roadmap.slug}/quiz/history/" in html

    attempt_with_score(quiz, learner, 3)
    assert "Your best score: <strong>3 / 3 (100%)</strong>" in panel(quiz, learner)


def test_archived_questions_are_not_counted_and_an_empty_quiz_is_not_offered(quiz):
    # Archived the way the admin's action does it (which also drops the cached quiz panel).
    set_archived(questions=quiz.questions.filter(position=0), archived=True)
    assert "2 questions" in panel(quiz, None)

    set_archived(questions=quiz.questions.all(), archived=True)
    assert Quiz.objects.summary_for(roadmap=quiz.roadmap) is None
    assert panel(quiz, None).strip() == ""


@pytest.mark.parametrize("attempts", [1, 30])
def test_summary_queries_do_not_grow_with_attempts(
    quiz, learner, django_assert_num_queries, attempts
):
    for i in range(attempts):
        attempt_with_score(quiz, learner, i % 4)

    with django_assert_num_queries(2):  # the quiz with its size, the best attempt
        html = panel(quiz, learner)
    assert "Your best score" in html


def test_the_roadmap_page_shows_the_panel(ml_roadmap, learner):
    client = Client()
    client.force_login(learner)
    quiz = ml_roadmap.quiz
    attempt_with_score(quiz, learner, 2)

    html = client.get(ml_roadmap.get_absolute_url()).content.decode()

    assert "Take the knowledge check" in html
    assert f"{quiz.questions.active().count()} questions" in html
    assert "Your best score: <strong>2 / " in html
