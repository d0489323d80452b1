"""The quiz page: every active question, never the answers, a stable shuffled order."""

import re

import pytest
from django.test import Client

from quizzes.drafts import DRAFTS_KEY
from quizzes.models import Choice
from tests.helpers import right_answers
from tests.quizzes.helpers import open_quiz, submit, take_url

pytestmark = pytest.mark.django_db


def choice_order(html):
    """Choice ids in the order the page shows them, per question field."""
    order = {}
    for name, value in re.findall(r'name="(question_\d+)" value="(\d+)"', html):
        order.setdefault(name, []).append(int(value))
    return order


def without_csrf(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def set_seed(client, quiz, seed):
    session = client.session
    draft = session[DRAFTS_KEY][str(quiz.pk)]
    session[DRAFTS_KEY] = {str(quiz.pk): {**draft, "seed": seed}}
    session.save()


def test_anyone_sees_every_question_with_its_choices(client, quiz):
    response, token = open_quiz(client, quiz)
    html = response.content.decode()

    for question in quiz.questions.all():
        assert question.text in html
        ids = sorted(choice_order(html)[f"question_{question.pk}"])
        assert ids == sorted(c.pk for c in question.choices.all())
    assert html.count('type="radio"') == 8  # two single-answer questions with four choices
    assert html.count('type="checkbox"') == 4
    assert "Select all that apply." in html
    assert re.search(r'type="hidden" name="token" value="[0-9a-f-]{36}"', html)


def test_the_page_never_reveals_the_right_answers(client, quiz):
    """The page is the same byte for byte whichever choices are right."""
    before = without_csrf(client.get(take_url(quiz)).content.decode())
    for choice in Choice.objects.filter(question__quiz=quiz):
        choice.is_correct = not choice.is_correct
        choice.save()
    after = without_csrf(client.get(take_url(quiz)).content.decode())

    assert before == after
    assert "correct" not in before.lower()
    assert "Feedback for" not in before
    assert "Explanation of question" not in before


def test_archived_questions_and_choices_are_not_shown(client, quiz):
    gone = quiz.questions.get(position=1)
    gone.is_archived = True
    gone.save()
    first = quiz.questions.get(position=0)
    first.choices.filter(position=3).update(is_archived=True)

    html = client.get(take_url(quiz)).content.decode()

    assert gone.text not in html
    assert "Q0 choice 3" not in html
    assert "Q0 choice 2" in html


def test_choice_order_is_stable_on_reload(client, make_quiz):
    quiz = make_quiz(5, choices=5)
    first, token = open_quiz(client, quiz)
    again, same_token = open_quiz(client, quiz)

    assert choice_order(first.content.decode()) == choice_order(again.content.decode())
    assert same_token == token


def test_choice_order_is_shuffled_by_the_attempts_seed(client, make_quiz):
    quiz = make_quiz(5, choices=5)
    open_quiz(client, quiz)
    orders = []
    for seed in (1, 2):
        set_seed(client, quiz, seed)
        orders.append(choice_order(client.get(take_url(quiz)).content.decode()))
    canonical = {f"question_{q.pk}": [c.pk for c in q.choices.all()] for q in quiz.questions.all()}

    assert orders[0] != orders[1]
    assert canonical not in orders
    assert all(sorted(orders[0][k]) == sorted(v) for k, v in canonical.items())


def test_a_retake_gets_a_new_token_and_a_new_order(client, make_quiz):
    quiz = make_quiz(5, choices=5)
    page, token = open_quiz(client, quiz)
    submit(client, quiz, right_answers(quiz), token=token)

    retake, new_token = open_quiz(client, quiz)

    assert new_token != token
    # 5 questions of 5 choices: the same order twice by chance is a 1 in 120**5 event.
    assert choice_order(retake.content.decode()) != choice_order(page.content.decode())


def test_each_visitor_gets_their_own_order(make_quiz):
    quiz = make_quiz(5, choices=5)
    one, _ = open_quiz(Client(), quiz)
    two, _ = open_quiz(Client(), quiz)

    assert choice_order(one.content.decode()) != choice_order(two.content.decode())


def question_order(html):
    return list(dict.fromkeys(re.findall(r'name="(question_\d+)"', html)))


def test_questions_keep_their_order_unless_the_quiz_shuffles_them(client, make_quiz):
    quiz = make_quiz(6)
    canonical = [f"question_{q.pk}" for q in quiz.questions.all()]
    open_quiz(client, quiz)
    set_seed(client, quiz, 1)
    assert question_order(client.get(take_url(quiz)).content.decode()) == canonical

    quiz.shuffle_questions = True
    quiz.save()
    orders = []
    for seed in (1, 2):
        set_seed(client, quiz, seed)
        orders.append(question_order(client.get(take_url(quiz)).content.decode()))
        assert orders[-1] == question_order(client.get(take_url(quiz)).content.decode())

    assert sorted(orders[0]) == sorted(canonical)
    assert orders[0] != orders[1]
    assert canonical not in orders


def test_a_roadmap_without_a_quiz_to_take_is_404(client, quiz, make_quiz):
    quiz.is_published = False
    quiz.save()
    assert client.get(take_url(quiz)).status_code == 404

    empty = make_quiz(0)
    assert client.get(take_url(empty)).status_code == 404
    assert client.get("/roadmaps/no-such-roadmap/quiz/").status_code == 404


@pytest.mark.parametrize("size", [5, 25])
def test_quiz_page_queries_do_not_grow_with_questions(
    learner_client, make_quiz, django_assert_num_queries, size
):
    quiz = make_quiz(size, multiple=(1, 3))
    open_quiz(learner_client, quiz)  # the first visit also stores the draft in the session

    # session with the user, "token already used?"; the quiz, its questions and choices: cached
    with django_assert_num_queries(2):
        response = learner_client.get(take_url(quiz))
    assert response.content.decode().count('name="question_') == size * 4


def test_an_edit_to_a_question_shows_on_the_quiz_page_at_once(client, make_quiz):
    quiz = make_quiz(3)
    client.get(take_url(quiz))  # cached
    question = quiz.questions.order_by("position").first()
    question.text = "Which of these is a renamed question?"
    question.save()
    assert "Which of these is a renamed question?" in client.get(take_url(quiz)).content.decode()
    quiz.is_published = False
    quiz.save()
    assert client.get(take_url(quiz)).status_code == 404


def test_the_order_of_a_forms_choices_is_kept_beside_the_question(make_quiz):
    from quizzes.drafts import ordered_questions
    from quizzes.models import Quiz

    quiz = Quiz.objects.for_taking().get(pk=make_quiz(3).pk)
    asked = ordered_questions(quiz, seed=7)

    assert [a.question for a in asked] == quiz.active_questions
    assert all(
        sorted(c.pk for c in a.choices) == sorted(c.pk for c in a.question.active_choices)
        for a in asked
    )
    assert not any(hasattr(question, "ordered_choices") for question in quiz.active_questions)
