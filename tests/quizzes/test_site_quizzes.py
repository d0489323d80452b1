"""The site's own quizzes (fixtures/) meet the authoring rules and can be taken end to end."""

import pytest

from quizzes.models import Quiz, choice_rule_errors
from tests.helpers import right_answers
from tests.quizzes.helpers import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_quizzes(content):
    quizzes = list(Quiz.objects.published().select_related("roadmap"))
    assert quizzes, "the content fixtures ship at least one quiz"
    return quizzes


def test_every_question_meets_the_choice_rules(site_quizzes):
    for quiz in site_quizzes:
        for question in quiz.questions.active():
            flags = [c.is_correct for c in question.choices.active()]
            assert choice_rule_errors(question.kind, flags) == [], question.text


def test_every_site_quiz_can_be_taken_and_scored(client, site_quizzes):
    for quiz in site_quizzes:
        response = submit(client, quiz, right_answers(quiz))
        assert response.status_code == 302, quiz
        review = client.get(response["Location"]).content.decode()
        total = quiz.questions.active().count()
        assert f"{total} / {total} (100%)" in review
        assert "Revisit: " in review
