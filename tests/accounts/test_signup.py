"""Signing up: a valid form creates the account and logs it in; bad input gets field errors."""

from unittest import mock

import pytest
from django.contrib.auth.signals import user_logged_in
from django.db import IntegrityError
from django.urls import reverse

from accounts.forms import SignUpForm
from accounts.models import User
from accounts.views import CONFLICT

SIGNUP = reverse("accounts:signup")
GOOD = {
    "username": "katherine",
    "email": "katherine@example.com",
    "password1": "orbital-mechanics-1962",
    "password2": "orbital-mechanics-1962",
}

pytestmark = pytest.mark.django_db


def test_signup_page_has_the_fields_with_autocomplete(client):
    response = client.get(SIGNUP)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Create your account" in html
    assert 'autocomplete="username"' in html
    assert 'autocomplete="email"' in html
    assert html.count('autocomplete="new-password"') == 2


def test_signup_creates_the_account_logs_in_and_goes_to_the_dashboard(
    csrf_client, submit_form, logged_in, dashboard_url
):
    signals = []
    user_logged_in.connect(receiver := lambda **kw: signals.append(kw["user"]), weak=False)
    try:
        response = submit_form(csrf_client, SIGNUP, GOOD)
    finally:
        user_logged_in.disconnect(receiver)

    assert response.status_code == 302
    assert response["Location"] == dashboard_url
    user = User.objects.get(username="katherine")
    assert user.email == "katherine@example.com"
    assert user.check_password("orbital-mechanics-1962")
    assert logged_in(csrf_client) == user.pk
    assert signals == [user]  # logged in through django.contrib.auth.login: merges run on it


def test_signup_keeps_what_the_visitor_had_in_their_session(csrf_client, submit_form):
    session = csrf_client.session
    session["unrelated_marker"] = "kept"
    session.save()

    submit_form(csrf_client, SIGNUP, GOOD)

    assert csrf_client.session["unrelated_marker"] == "kept"


def test_signup_goes_to_a_safe_next(csrf_client, submit_form):
    response = submit_form(
        csrf_client, f"{SIGNUP}?next=/roadmaps/ml/", {**GOOD, "next": "/roadmaps/ml/"}
    )

    assert response["Location"] == "/roadmaps/ml/"


def test_signup_ignores_a_next_on_another_site(csrf_client, submit_form, dashboard_url):
    response = submit_form(csrf_client, SIGNUP, {**GOOD, "next": "https://evil.example/steal"})

    assert response["Location"] == dashboard_url


def test_an_email_in_use_in_another_case_is_refused(csrf_client, submit_form, learner):
    response = submit_form(csrf_client, SIGNUP, {**GOOD, "email": "ADA@example.com"})

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "An account with this email address already exists."
    ]
    assert "An account with this email address already exists." in response.content.decode()
    assert not User.objects.filter(username="katherine").exists()


def test_a_username_in_use_in_another_case_is_refused(csrf_client, submit_form, learner):
    response = submit_form(csrf_client, SIGNUP, {**GOOD, "username": "ADA"})

    assert "username" in response.context["form"].errors
    assert User.objects.filter(username__iexact="ada").count() == 1


def test_email_is_required(csrf_client, submit_form):
    response = submit_form(csrf_client, SIGNUP, {**GOOD, "email": ""})

    assert response.context["form"].errors["email"] == ["This field is required."]
    assert not User.objects.exists()


def test_a_weak_password_gets_a_field_error(csrf_client, submit_form, logged_in):
    response = submit_form(
        csrf_client, SIGNUP, {**GOOD, "password1": "password", "password2": "password"}
    )

    assert response.status_code == 200
    # Under the password field, where the learner typed it (not under the confirmation).
    errors = response.context["form"].errors["password1"]
    assert "This password is too common." in errors
    assert "password2" not in response.context["form"].errors
    assert "This password is too common." in response.content.decode()
    assert not User.objects.exists()
    assert logged_in(csrf_client) is None


def test_mismatched_passwords_get_a_field_error(csrf_client, submit_form):
    response = submit_form(csrf_client, SIGNUP, {**GOOD, "password2": "orbital-mechanics-1963"})

    assert response.context["form"].errors["password2"]
    assert not User.objects.exists()


def test_losing_a_race_for_the_email_is_a_form_error_not_a_500(csrf_client, submit_form, logged_in):
    """Another sign-up with the same address commits between our validation and our save."""

    def racing_save(form, commit=True):
        raise IntegrityError(
            'duplicate key value violates unique constraint "unique_user_email_ci"'
        )

    with mock.patch.object(SignUpForm, "save", racing_save):
        response = submit_form(csrf_client, SIGNUP, GOOD)

    assert response.status_code == 200
    assert CONFLICT in response.content.decode()
    assert logged_in(csrf_client) is None
    assert not User.objects.exists()
