"""A visitor's attempt is kept when they sign up or log in in the same browser."""

import uuid

import pytest
from django.contrib.auth.signals import user_logged_in
from django.test import Client

from quizzes.drafts import ATTEMPTS_KEY
from quizzes.models import QuizAttempt
from quizzes.services import submit_attempt
from tests.helpers import PASSWORD, right_answers
from tests.quizzes.helpers import submit

pytestmark = pytest.mark.django_db


def test_signing_up_keeps_the_visitors_attempt(csrf_client, quiz):
    review = submit(csrf_client, quiz, right_answers(quiz))["Location"]
    signup = csrf_client.get(f"/accounts/signup/?next={review}")
    assert signup.status_code == 200

    response = csrf_client.post(
        "/accounts/signup/",
        {
            "csrfmiddlewaretoken": csrf_client.cookies["csrftoken"].value,
            "username": "newcomer",
            "email": "newcomer@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": review,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == review
    attempt = QuizAttempt.objects.get()
    assert attempt.learner.username == "newcomer"
    page = csrf_client.get(review).content.decode()
    assert "Sign up to keep this result" not in page
    history = csrf_client.get(f"/roadmaps/{quiz.roadmap.slug}/quiz/history/")
    assert attempt.get_absolute_url() in history.content.decode()


def test_logging_in_keeps_the_visitors_attempts_even_as_the_session_key_changes(
    client, learner, quiz
):
    fired = []

    def spy(sender, user, **kwargs):
        fired.append(user)

    user_logged_in.connect(spy)
    try:
        first = submit(client, quiz, right_answers(quiz))["Location"]
        second = submit(client, quiz, right_answers(quiz))["Location"]
        key_before = client.session.session_key
        assert len(client.session[ATTEMPTS_KEY]) == 2

        assert client.login(username=learner.username, password=PASSWORD)
    finally:
        user_logged_in.disconnect(spy)

    assert fired == [learner]
    assert client.session.session_key != key_before
    assert QuizAttempt.objects.filter(learner=learner).count() == 2
    assert client.get(first).status_code == 200
    assert client.get(second).status_code == 200


def test_only_the_sessions_own_unclaimed_attempts_are_claimed(client, learner, other_learner, quiz):
    theirs = submit_attempt(
        quiz=quiz, answers=right_answers(quiz), token=uuid.uuid4(), learner=other_learner
    )
    elsewhere = submit_attempt(quiz=quiz, answers=right_answers(quiz), token=uuid.uuid4())
    submit(client, quiz, right_answers(quiz))
    session = client.session
    session[ATTEMPTS_KEY] = [*session[ATTEMPTS_KEY], str(theirs.token), "garbage"]
    session.save()

    client.force_login(learner)

    assert QuizAttempt.objects.filter(learner=learner).count() == 1
    theirs.refresh_from_db()
    elsewhere.refresh_from_db()
    assert theirs.learner == other_learner
    assert elsewhere.learner is None


def test_a_fresh_browser_cannot_claim_a_visitors_attempt(learner, quiz):
    visitor = Client()
    review = submit(visitor, quiz, right_answers(quiz))["Location"]

    stranger = Client()
    stranger.force_login(learner)

    assert QuizAttempt.objects.get().learner is None
    assert stranger.get(review).status_code == 404
