"""A submit's answers are read without the form when they are all choice ids: what the service
then accepts the form accepts too, with the same answers, and anything else goes to the form."""

import pytest
from django.http import QueryDict

from quizzes import drafts
from quizzes.forms import QuizForm, submitted_answers
from quizzes.models import Quiz
from tests.quizzes.helpers import build_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked():
    quiz = build_quiz(2, multiple=(1,))
    taking = Quiz.objects.for_taking().get(pk=quiz.pk)
    return drafts.ordered_questions(taking, 1)


def post(asked, single, multiple):
    data = QueryDict(mutable=True)
    data["token"] = "6f1e4c1e-3b1a-4b8e-9a55-1d2c3b4a5f60"
    data.setlist(f"question_{asked[0].pk}", single)
    data.setlist(f"question_{asked[1].pk}", multiple)
    return data


def choice(asked, index, place=0):
    return str(asked[index].choices[place].pk)


def test_choice_ids_are_the_answers_the_form_would_clean(asked):
    data = post(asked, [choice(asked, 0)], [choice(asked, 1, 0), choice(asked, 1, 2)])
    form = QuizForm(data, questions=asked)

    assert form.is_valid()
    assert submitted_answers(data, asked) == form.answers()


@pytest.mark.parametrize(
    "single, multiple",
    [
        ([], ["{m}"]),  # a question left out
        (["{s}", "{s2}"], ["{m}"]),  # two answers to a single-answer question
        (["0{s}"], ["{m}"]),  # not an id as the form writes it
        (["²"], ["{m}"]),  # a digit, but not a decimal one
        (["{s}"], ["x"]),
        (["{s}"], [""]),
    ],
)
def test_anything_else_goes_to_the_form(asked, single, multiple):
    values = {"s": choice(asked, 0), "s2": choice(asked, 0, 1), "m": choice(asked, 1)}
    data = post(asked, [v.format(**values) for v in single], [v.format(**values) for v in multiple])

    assert submitted_answers(data, asked) is None
    assert not QuizForm(data, questions=asked).is_valid()
