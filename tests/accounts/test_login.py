"""Logging in by username or email address, and logging out (POST only)."""

import pytest
from django.urls import reverse

from tests.helpers import PASSWORD

LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")

pytestmark = pytest.mark.django_db


def test_login_page(client):
    response = client.get(LOGIN)

    html = response.content.decode()
    assert "<title>Log in" in html
    assert "Username or email address" in html
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert reverse("accounts:password_reset") in html


@pytest.mark.parametrize("typed", ["ada", "ada@example.com", "ADA@Example.COM", " Ada "])
def test_login_by_username_or_email(
    csrf_client, submit_form, learner, logged_in, dashboard_url, typed
):
    response = submit_form(csrf_client, LOGIN, {"username": typed, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == dashboard_url
    assert logged_in(csrf_client) == learner.pk


def test_login_goes_to_a_safe_next(csrf_client, submit_form, learner):
    response = submit_form(
        csrf_client, LOGIN, {"username": "ada", "password": PASSWORD, "next": "/roadmaps/x/"}
    )

    assert response["Location"] == "/roadmaps/x/"


def test_a_wrong_password_is_a_form_error(csrf_client, submit_form, learner, logged_in):
    response = submit_form(csrf_client, LOGIN, {"username": "ada", "password": "wrong-password"})

    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()
    assert logged_in(csrf_client) is None


def test_another_learners_password_does_not_open_this_account(
    csrf_client, submit_form, learner, other_learner, logged_in
):
    other_learner.set_password("grace-own-password-7")
    other_learner.save()

    submit_form(csrf_client, LOGIN, {"username": "ada", "password": "grace-own-password-7"})

    assert logged_in(csrf_client) is None


def test_an_inactive_account_cannot_log_in(csrf_client, submit_form, learner, logged_in):
    learner.is_active = False
    learner.save()

    submit_form(csrf_client, LOGIN, {"username": "ada", "password": PASSWORD})

    assert logged_in(csrf_client) is None


def test_login_keeps_what_the_visitor_had_in_their_session(csrf_client, submit_form, learner):
    session = csrf_client.session
    session["unrelated_marker"] = "kept"
    session.save()

    submit_form(csrf_client, LOGIN, {"username": "ada", "password": PASSWORD})

    assert csrf_client.session["unrelated_marker"] == "kept"
    assert csrf_client.session["_auth_user_id"] == str(learner.pk)


def test_logout_by_get_is_refused(learner_client, logged_in, learner):
    response = learner_client.get(LOGOUT)

    assert response.status_code == 405
    assert logged_in(learner_client) == learner.pk


def test_logout_by_post_logs_out(csrf_client, submit_form, learner, logged_in):
    csrf_client.force_login(learner)

    response = submit_form(csrf_client, LOGOUT, {}, page=reverse("accounts:settings"))

    assert response.status_code == 302
    assert response["Location"] == reverse("roadmap:home")
    assert logged_in(csrf_client) is None


def test_logout_without_the_csrf_token_is_refused(csrf_client, learner, logged_in):
    csrf_client.force_login(learner)

    response = csrf_client.post(LOGOUT)

    assert response.status_code == 403
    assert logged_in(csrf_client) == learner.pk
