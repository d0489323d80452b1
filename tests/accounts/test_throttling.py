"""Log-in throttling: too many failures for one account or from one address are refused."""

import time
from unittest import mock

import pytest
from django.contrib.auth.backends import ModelBackend
from django.urls import reverse

from tests.factories import UserFactory
from tests.helpers import PASSWORD

LOGIN = reverse("accounts:login")
REFUSED = "Too many failed log-in attempts. Please try again in 15 minutes."

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 900


def attempt(client, submit_form, username, password, address="10.0.0.1"):
    return submit_form(
        client, LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_five_wrong_passwords_then_even_the_right_one_is_refused(
    csrf_client, submit_form, learner, logged_in
):
    for _ in range(5):
        response = attempt(csrf_client, submit_form, "ada", "wrong-password")
        assert response.status_code == 200
        assert REFUSED not in response.content.decode()

    with mock.patch.object(ModelBackend, "authenticate", autospec=True) as authenticate:
        response = attempt(csrf_client, submit_form, "ada", PASSWORD)

    assert response.status_code == 429
    assert REFUSED in response.content.decode()
    assert response.context["form"].non_field_errors() == [REFUSED]
    assert not authenticate.called  # refused without even checking the password
    assert logged_in(csrf_client) is None


def test_four_wrong_passwords_still_let_the_right_one_in(
    csrf_client, submit_form, learner, logged_in
):
    for _ in range(4):
        attempt(csrf_client, submit_form, "ada", "wrong-password")

    response = attempt(csrf_client, submit_form, "ada", PASSWORD)

    assert response.status_code == 302
    assert logged_in(csrf_client) == learner.pk


def test_the_account_counter_spans_addresses_and_username_or_email(
    csrf_client, submit_form, learner, logged_in
):
    typed = ["ada", "ADA@example.com", "Ada", "ada@example.com", "ada"]
    for number, username in enumerate(typed):
        attempt(csrf_client, submit_form, username, "wrong-password", address=f"10.0.1.{number}")

    response = attempt(csrf_client, submit_form, "ada@example.com", PASSWORD, address="10.0.2.1")

    assert response.status_code == 429
    assert REFUSED in response.content.decode()
    assert logged_in(csrf_client) is None


def test_one_address_is_throttled_across_usernames(csrf_client, submit_form, learner, logged_in):
    others = [UserFactory(username=f"user{n}") for n in range(3)]
    for username in [*(u.username for u in others), "nobody", "nobody@example.com"]:
        attempt(csrf_client, submit_form, username, "wrong-password", address="10.0.0.7")

    refused = attempt(csrf_client, submit_form, "ada", PASSWORD, address="10.0.0.7")

    assert refused.status_code == 429
    assert REFUSED in refused.content.decode()
    assert logged_in(csrf_client) is None

    # The account itself has no failures: from another address it logs in.
    allowed = attempt(csrf_client, submit_form, "ada", PASSWORD, address="10.0.0.8")
    assert allowed.status_code == 302
    assert logged_in(csrf_client) == learner.pk


def test_a_success_clears_the_accounts_counter(csrf_client, submit_form, learner, logged_in):
    addresses = iter(f"10.0.3.{n}" for n in range(20))
    for _ in range(4):
        attempt(csrf_client, submit_form, "ada", "wrong-password", address=next(addresses))
    assert (
        attempt(csrf_client, submit_form, "ada", PASSWORD, address=next(addresses)).status_code
        == 302
    )
    csrf_client.logout()

    for _ in range(4):
        attempt(csrf_client, submit_form, "ada", "wrong-password", address=next(addresses))
    response = attempt(csrf_client, submit_form, "ada", PASSWORD, address=next(addresses))

    assert response.status_code == 302  # 8 failures in all, but only 4 since the success
    assert logged_in(csrf_client) == learner.pk


def test_attempts_are_allowed_again_after_the_window(
    csrf_client, submit_form, learner, logged_in, monkeypatch
):
    for _ in range(5):
        attempt(csrf_client, submit_form, "ada", "wrong-password")
    assert attempt(csrf_client, submit_form, "ada", PASSWORD).status_code == 429

    later = time.time() + 901
    monkeypatch.setattr(time, "time", lambda: later)
    response = attempt(csrf_client, submit_form, "ada", PASSWORD)

    assert response.status_code == 302
    assert logged_in(csrf_client) == learner.pk


def test_the_message_counts_down_the_minutes_left(csrf_client, submit_form, learner, monkeypatch):
    for _ in range(5):
        attempt(csrf_client, submit_form, "ada", "wrong-password")

    later = time.time() + 800  # 100 seconds left: rounded up to 2 minutes
    monkeypatch.setattr(time, "time", lambda: later)
    response = attempt(csrf_client, submit_form, "ada", PASSWORD)

    assert "Please try again in 2 minutes." in response.content.decode()
