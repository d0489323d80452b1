"""Log-in throttling (django-axes): too many failures for one account from one address, or from one
address over all accounts, are refused, and nobody elsewhere can lock the owner out."""

import datetime
import threading
from unittest import mock

import pytest
import time_machine
from django.contrib.auth.backends import ModelBackend
from django.db import connection, connections
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import UserFactory
from tests.helpers import PASSWORD

LOGIN = reverse("accounts:login")
REFUSED = "Too many failed log-in attempts. Please try again in 15 minutes"
RESET_HINT = "reset your password"
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 12
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 900


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


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
    assert response.context["form"].non_field_errors()[0].startswith(REFUSED)
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


def test_the_message_tells_the_owner_to_reset_the_password(csrf_client, submit_form, learner):
    for _ in range(5):
        attempt(csrf_client, submit_form, "ada", "wrong-password")
    response = attempt(csrf_client, submit_form, "ada", PASSWORD)
    assert RESET_HINT in response.content.decode()


def test_the_account_and_the_address_count_together(csrf_client, submit_form, learner, logged_in):
    """Failures for one account from one address count whether a username or email was typed."""
    for username in ["ada", "ADA@example.com", "Ada", "ada@example.com", "ada"]:
        attempt(csrf_client, submit_form, username, "wrong-password")

    response = attempt(csrf_client, submit_form, "ada@example.com", PASSWORD)

    assert response.status_code == 429
    assert logged_in(csrf_client) is None


def test_failures_from_other_addresses_do_not_lock_the_owner_out(
    csrf_client, submit_form, learner, logged_in
):
    for number in range(5):
        for _ in range(5):
            attempt(
                csrf_client, submit_form, "ada", "wrong-password", address=f"198.51.100.{number}"
            )
    assert (
        attempt(csrf_client, submit_form, "ada", PASSWORD, address="198.51.100.0").status_code
        == 429
    )

    response = attempt(csrf_client, submit_form, "ada", PASSWORD, address="203.0.113.9")

    assert response.status_code == 302
    assert logged_in(csrf_client) == learner.pk


def test_a_few_failures_on_unknown_names_do_not_lock_an_address(
    csrf_client, submit_form, learner, logged_in
):
    """Several people behind one address (an office) mistype: the others still log in."""
    for username in ["nobody", "nobody@example.com", "typo", "adda", "grace"]:
        attempt(csrf_client, submit_form, username, "wrong-password", address="10.0.0.7")

    response = attempt(csrf_client, submit_form, "ada", PASSWORD, address="10.0.0.7")

    assert response.status_code == 302
    assert logged_in(csrf_client) == learner.pk


def test_one_address_has_a_higher_ceiling_over_all_accounts(
    csrf_client, submit_form, learner, logged_in
):
    others = [UserFactory(username=f"user{n}") for n in range(3)]
    for username in [u.username for u in others] + ["nobody"]:
        for _ in range(3):
            attempt(csrf_client, submit_form, username, "wrong-password", address="10.0.0.7")

    refused = attempt(csrf_client, submit_form, "ada", PASSWORD, address="10.0.0.7")

    assert refused.status_code == 429  # 12 failures from this address, over four names
    assert REFUSED in refused.content.decode()
    assert logged_in(csrf_client) is None
    allowed = attempt(csrf_client, submit_form, "ada", PASSWORD, address="10.0.0.8")
    assert allowed.status_code == 302


def test_a_success_clears_the_accounts_counter(csrf_client, submit_form, learner, logged_in):
    for _ in range(4):
        attempt(csrf_client, submit_form, "ada", "wrong-password")
    assert attempt(csrf_client, submit_form, "ada", PASSWORD).status_code == 302
    csrf_client.logout()

    for _ in range(4):
        attempt(csrf_client, submit_form, "ada", "wrong-password")
    response = attempt(csrf_client, submit_form, "ada", PASSWORD)

    assert response.status_code == 302  # 8 failures in all, but only 4 since the success
    assert logged_in(csrf_client) == learner.pk


def test_attempts_are_allowed_again_after_the_window(
    csrf_client, submit_form, learner, logged_in, clock
):
    for _ in range(5):
        attempt(csrf_client, submit_form, "ada", "wrong-password")
    assert attempt(csrf_client, submit_form, "ada", PASSWORD).status_code == 429

    clock.shift(datetime.timedelta(seconds=901))
    response = attempt(csrf_client, submit_form, "ada", PASSWORD)

    assert response.status_code == 302
    assert logged_in(csrf_client) == learner.pk


def test_attempts_while_refused_do_not_extend_the_refusal(
    csrf_client, submit_form, learner, logged_in, clock
):
    for _ in range(5):
        attempt(csrf_client, submit_form, "ada", "wrong-password")
    for _ in range(10):
        clock.shift(datetime.timedelta(seconds=60))
        assert attempt(csrf_client, submit_form, "ada", "wrong-password").status_code == 429

    clock.shift(datetime.timedelta(seconds=301))
    assert attempt(csrf_client, submit_form, "ada", PASSWORD).status_code == 302


def test_the_message_counts_down_the_minutes_left(csrf_client, submit_form, learner, clock):
    for _ in range(5):
        attempt(csrf_client, submit_form, "ada", "wrong-password")

    clock.shift(datetime.timedelta(seconds=800))  # 100 seconds left: rounded up to 2 minutes
    response = attempt(csrf_client, submit_form, "ada", PASSWORD)

    assert "Please try again in 2 minutes" in response.content.decode()


def test_the_lock_survives_a_cache_flush(csrf_client, submit_form, learner):
    from django.core.cache import cache

    for _ in range(5):
        attempt(csrf_client, submit_form, "ada", "wrong-password")
    cache.clear()  # as a Redis restart does
    assert attempt(csrf_client, submit_form, "ada", PASSWORD).status_code == 429


def test_a_password_reset_lifts_the_lock(csrf_client, submit_form, learner, logged_in):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    for _ in range(5):
        attempt(csrf_client, submit_form, "ada", "wrong-password")
    uid = urlsafe_base64_encode(force_bytes(learner.pk))
    token = default_token_generator.make_token(learner)
    link = reverse("accounts:password_reset_confirm", args=[uid, token])
    form_page = csrf_client.get(link, follow=True).redirect_chain[-1][0]
    new_password = "a-brand-new-password-42"
    response = submit_form(
        csrf_client, form_page, {"new_password1": new_password, "new_password2": new_password}
    )
    assert response.status_code == 302

    response = attempt(csrf_client, submit_form, "ada", new_password)
    assert response.status_code == 302
    assert logged_in(csrf_client) == learner.pk


@override_settings(TRUSTED_PROXY_COUNT=1, AXES_IPWARE_PROXY_COUNT=1)
def test_behind_a_proxy_the_forwarded_address_is_the_clients(
    csrf_client, submit_form, learner, settings
):
    """Every attempt comes from the proxy's address; the client's is the one it forwards."""
    settings.AXES_IPWARE_PROXY_ORDER = "right-most"
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    proxy = "10.0.0.2"

    def via_proxy(password, client_address, spoofed="6.6.6.6"):
        forwarded = f"{spoofed}, {client_address}"
        return submit_form(
            csrf_client,
            LOGIN,
            {"username": "ada", "password": password},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for _ in range(5):
        via_proxy("wrong-password", "198.51.100.4")  # an attacker, forging a first hop
    assert via_proxy(PASSWORD, "198.51.100.4", spoofed="7.7.7.7").status_code == 429
    assert via_proxy(PASSWORD, "203.0.113.9").status_code == 302  # the owner, elsewhere


@pytest.mark.django_db(transaction=True)
def test_parallel_attempts_get_no_more_password_checks_than_the_limit(learner):
    if connection.vendor != "postgresql":
        pytest.skip("Needs Postgres: SQLite serialises all writers, so there is no race to test.")
    checks = []
    real = ModelBackend.authenticate

    def counted(self, request, *args, **kwargs):
        checks.append(1)
        return real(self, request, *args, **kwargs)

    barrier = threading.Barrier(20)
    errors = []

    def one_attempt():
        try:
            client = Client()
            barrier.wait(timeout=10)
            client.post(LOGIN, {"username": "ada", "password": "wrong"}, REMOTE_ADDR="192.0.2.1")
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    with mock.patch.object(ModelBackend, "authenticate", counted):
        threads = [threading.Thread(target=one_attempt) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert errors == []
    assert len(checks) == 5
