"""The review of an attempt: what it shows, who may see it; later edits do not rewrite it."""

import uuid

import pytest
from django.test import Client

from quizzes.models import Choice, Question, QuizAttempt
from quizzes.services import submit_attempt
from tests.factories import SourceFactory, cite
from tests.helpers import right_answers, wrong_answers
from tests.quizzes.helpers import submit

pytestmark = pytest.mark.django_db


def review_of(client, quiz, answers):
    """Submit `answers` with `client`; return (attempt, review HTML)."""
    response = submit(client, quiz, answers)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    return QuizAttempt.objects.get(token=response["Location"].split("/")[-2]), page.content.decode()


def test_review_shows_score_pass_and_each_question(client, make_quiz):
    quiz = make_quiz(10, multiple=(9,), pass_mark=70)
    answers = right_answers(quiz)
    wrong = wrong_answers(quiz)
    first, second, third = list(answers)[:3]
    for question_id in (first, second, third):
        answers[question_id] = wrong[question_id]

    _, html = review_of(client, quiz, answers)

    assert "7 / 10 (70%)" in html
    assert "Passed" in html and "pass mark of 70%" in html
    assert html.count(">Correct</span>") == 7
    assert html.count(">Incorrect</span>") == 3
    assert "Question number 0?" in html
    assert "Explanation of question 0." in html
    assert "Right answers" in html  # the multiple-answer question lists both
    assert html.count('href="/roadmaps/') >= 10
    assert "Revisit: Learn Python and statistics" in html
    assert f'href="/roadmaps/{quiz.roadmap.slug}/#foundations"' in html


def test_review_shows_the_feedback_of_the_chosen_choices_only(client, quiz):
    first = quiz.questions.get(position=0)
    answers = right_answers(quiz)
    answers[first.pk] = {first.choices.get(position=2).pk}

    _, html = review_of(client, quiz, answers)

    assert "Feedback for Q0 choice 2." in html
    assert "Feedback for Q0 choice 1." not in html
    assert "Feedback for Q0 choice 3." not in html
    assert "Not passed" in html and "The pass mark is 70%" in html
    assert "2 / 3 (66%)" in html


def test_review_links_the_sources_a_question_cites(client, quiz):
    source = SourceFactory(
        title="What Is a Machine Learning Engineer?", url="https://example.com/mle"
    )
    cite(quiz.questions.get(position=1), source)

    _, html = review_of(client, quiz, right_answers(quiz))

    link = '<a href="https://example.com/mle" rel="noopener">What Is a Machine Learning Engineer?'
    assert link in html
    assert html.count("https://example.com/mle") == 1


def test_editing_the_quiz_after_an_attempt_does_not_change_its_review(client, quiz):
    attempt, before = review_of(client, quiz, right_answers(quiz))
    first = quiz.questions.get(position=0)
    first.text = "A reworded question?"
    first.explanation = "A new explanation."
    first.save()
    Choice.objects.filter(question=first, position=0).update(text="Renamed", is_correct=False)
    Choice.objects.filter(question=first, position=1).update(is_correct=True)
    Question.objects.filter(pk=quiz.questions.get(position=1).pk).update(is_archived=True)

    after = client.get(attempt.get_absolute_url()).content.decode()

    assert after == before
    assert "Question number 0?" in after and "A reworded question?" not in after
    assert "3 / 3 (100%)" in after


def test_a_visitor_is_offered_to_sign_up_and_a_learner_is_not(client, learner_client, quiz):
    _, html = review_of(client, quiz, right_answers(quiz))
    assert "Sign up to keep this result" in html
    assert "/accounts/signup/?next=/quiz/attempts/" in html

    _, html = review_of(learner_client, quiz, right_answers(quiz))
    assert "Sign up to keep this result" not in html
    assert f"/roadmaps/{quiz.roadmap.slug}/quiz/history/" in html


def test_another_learners_review_is_404(learner, other_learner, quiz):
    attempt = submit_attempt(
        quiz=quiz, answers=right_answers(quiz), token=uuid.uuid4(), learner=learner
    )
    mine, theirs, visitor = Client(), Client(), Client()
    mine.force_login(learner)
    theirs.force_login(other_learner)

    assert mine.get(attempt.get_absolute_url()).status_code == 200
    assert theirs.get(attempt.get_absolute_url()).status_code == 404
    assert visitor.get(attempt.get_absolute_url()).status_code == 404


def test_a_visitors_review_is_only_visible_to_their_session(client, learner_client, quiz):
    attempt, _ = review_of(client, quiz, right_answers(quiz))

    assert Client().get(attempt.get_absolute_url()).status_code == 404
    assert learner_client.get(attempt.get_absolute_url()).status_code == 404


def test_a_learner_cannot_see_a_learners_attempt_by_posting_its_token(learner, other_learner, quiz):
    attempt = submit_attempt(
        quiz=quiz, answers=right_answers(quiz), token=uuid.uuid4(), learner=learner
    )
    theirs = Client()
    theirs.force_login(other_learner)

    response = submit(theirs, quiz, wrong_answers(quiz), token=str(attempt.token))

    assert theirs.get(response["Location"]).status_code == 404
    assert QuizAttempt.objects.count() == 1


def test_an_unknown_or_malformed_token_is_404(client):
    assert client.get(f"/quiz/attempts/{uuid.uuid4()}/").status_code == 404
    assert client.get("/quiz/attempts/not-a-token/").status_code == 404


@pytest.mark.parametrize("size", [5, 25])
def test_review_queries_do_not_grow_with_questions(
    learner_client, make_quiz, django_assert_num_queries, size
):
    quiz = make_quiz(size, multiple=(0, 3))
    source = SourceFactory()
    for question in quiz.questions.all():
        cite(question, source)
    response = submit(learner_client, quiz, right_answers(quiz))

    # session with the user, attempt + quiz + roadmap + learner, answers + questions, citations
    # + sources; a pass then asks what it unlocked: the certificate, and eligibility (steps,
    # done, quiz, best)
    with django_assert_num_queries(9):
        page = learner_client.get(response["Location"])
    assert page.content.decode().count(">Correct</span>") == size

    # A miss: no certificate part, one query for when the missed questions come back.
    missed = submit(learner_client, quiz, wrong_answers(quiz))
    with django_assert_num_queries(5):
        page = learner_client.get(missed["Location"])
    assert page.content.decode().count(">Incorrect</span>") == size


@pytest.mark.parametrize(
    ("anchor", "label"),
    [
        ("career-timeline", "Career Progression Timeline"),
        ("callouts", "Pro Tip and Common Pitfall"),
        ("key-terms", "Key technical terms"),
    ],
)
def test_a_question_taught_by_a_section_links_to_it(client, quiz, anchor, label):
    quiz.questions.update(step=None, section_anchor=anchor)

    _, html = review_of(client, quiz, right_answers(quiz))

    assert f'href="/roadmaps/{quiz.roadmap.slug}/#{anchor}">Revisit: {label}</a>' in html
