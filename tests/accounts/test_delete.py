"""Deleting my account: only after typing the confirmation; all of mine goes, nothing else."""

import pytest
from django.urls import reverse

from accounts.models import User
from progress.models import EvidenceLink, LearningPlan, StepProgress
from quizzes.models import AttemptAnswer, Question, QuizAttempt
from roadmap.models import Roadmap, Step
from tests.helpers import PASSWORD

DELETE = reverse("accounts:delete")

pytestmark = pytest.mark.django_db


def row_counts(user):
    return {
        "progress": StepProgress.objects.filter(learner=user).count(),
        "evidence": EvidenceLink.objects.filter(progress__learner=user).count(),
        "plans": LearningPlan.objects.filter(learner=user).count(),
        "attempts": QuizAttempt.objects.filter(learner=user).count(),
        "answers": AttemptAnswer.objects.filter(attempt__learner=user).count(),
    }


@pytest.fixture
def two_learners_with_data(learner, other_learner, give_data):
    give_data(learner, "ada", rows=3)
    give_data(other_learner, "grace", rows=2)
    return learner, other_learner


def test_delete_page_asks_for_the_confirmation(learner_client):
    response = learner_client.get(DELETE)

    html = response.content.decode()
    assert "<title>Delete your account" in html
    assert "Type your username or DELETE to confirm" in html
    assert reverse("accounts:export") in html


@pytest.mark.parametrize("typed", ["", "grace", "deleted", "Ada L", "yes"])
def test_a_wrong_confirmation_deletes_nothing(
    csrf_client, submit_form, two_learners_with_data, logged_in, typed
):
    learner, _ = two_learners_with_data
    csrf_client.force_login(learner)
    before = row_counts(learner)

    response = submit_form(csrf_client, DELETE, {"confirmation": typed, "password": PASSWORD})

    assert response.status_code == 200
    assert response.context["form"].errors["confirmation"]
    assert User.objects.filter(pk=learner.pk).exists()
    assert (
        row_counts(learner)
        == before
        == {
            "progress": 3,
            "evidence": 3,
            "plans": 1,
            "attempts": 1,
            "answers": 1,
        }
    )
    assert logged_in(csrf_client) == learner.pk


@pytest.mark.parametrize("typed", ["ada", "DELETE", "delete", " Ada "])
def test_deleting_removes_me_and_all_my_rows_and_nothing_else(
    csrf_client, submit_form, two_learners_with_data, logged_in, typed
):
    learner, other = two_learners_with_data
    csrf_client.force_login(learner)
    content_before = (Roadmap.objects.count(), Step.objects.count(), Question.objects.count())
    other_before = row_counts(other)

    response = submit_form(csrf_client, DELETE, {"confirmation": typed, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("roadmap:home")
    assert not User.objects.filter(pk=learner.pk).exists()
    assert row_counts(learner) == dict.fromkeys(other_before, 0)
    assert StepProgress.objects.filter(note__startswith="ada").count() == 0
    assert EvidenceLink.objects.filter(url__contains="/ada/").count() == 0
    assert (
        row_counts(other)
        == other_before
        == {
            "progress": 2,
            "evidence": 2,
            "plans": 1,
            "attempts": 1,
            "answers": 1,
        }
    )
    assert User.objects.filter(pk=other.pk).exists()
    assert (Roadmap.objects.count(), Step.objects.count(), Question.objects.count()) == (
        content_before
    )
    assert logged_in(csrf_client) is None


def test_after_deleting_the_home_page_says_so(csrf_client, submit_form, learner):
    csrf_client.force_login(learner)

    response = submit_form(
        csrf_client, DELETE, {"confirmation": "ada", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain == [(reverse("roadmap:home"), 302)]
    assert "Your account and all your data have been deleted." in response.content.decode()


def test_delete_needs_the_csrf_token(csrf_client, learner):
    csrf_client.force_login(learner)

    response = csrf_client.post(DELETE, {"confirmation": "ada", "password": PASSWORD})

    assert response.status_code == 403
    assert User.objects.filter(pk=learner.pk).exists()


@pytest.mark.parametrize("password", ["", "wrong-password"])
def test_deleting_asks_for_the_password_again(csrf_client, submit_form, learner, password):
    csrf_client.force_login(learner)

    response = submit_form(csrf_client, DELETE, {"confirmation": "ada", "password": password})

    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert User.objects.filter(pk=learner.pk).exists()


def test_deleting_forgets_the_accounts_failed_log_ins(csrf_client, submit_form, learner):
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        username="ada", ip_address="10.0.0.1", user_agent="x", failures_since_start=3
    )
    AccessAttempt.objects.create(
        username="grace", ip_address="10.0.0.2", user_agent="x", failures_since_start=1
    )
    csrf_client.force_login(learner)
    response = submit_form(csrf_client, DELETE, {"confirmation": "ada", "password": PASSWORD})
    assert response.status_code == 302
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["grace"]
