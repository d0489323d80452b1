"""Password reset by email and password change."""

import re

import pytest
from django.urls import reverse

from tests.helpers import PASSWORD

RESET = reverse("accounts:password_reset")
LOGIN = reverse("accounts:login")

pytestmark = pytest.mark.django_db


def test_reset_sends_an_email_whose_link_sets_a_new_password(
    csrf_client, submit_form, learner, mailoutbox, logged_in
):
    response = submit_form(csrf_client, RESET, {"email": "ADA@example.com"})

    assert response["Location"] == reverse("accounts:password_reset_done")
    [mail] = mailoutbox
    assert mail.to == ["ada@example.com"]
    assert mail.subject == "Reset your password on Roadmaps"
    assert "Your username, in case you forgot it: ada" in mail.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.body).group(1)

    # Django swaps the token for a session marker and redirects to the set-password form.
    set_password = csrf_client.get(link)
    assert set_password.status_code == 302
    form_url = set_password["Location"]
    page = csrf_client.get(form_url)
    assert "Choose a new password" in page.content.decode()

    done = submit_form(
        csrf_client,
        form_url,
        {"new_password1": "analytical-engine-1843", "new_password2": "analytical-engine-1843"},
    )
    assert done["Location"] == reverse("accounts:password_reset_complete")
    learner.refresh_from_db()
    assert learner.check_password("analytical-engine-1843")

    # The link works once only.
    assert "Reset link not valid" in csrf_client.get(link, follow=True).content.decode()

    login = submit_form(
        csrf_client, LOGIN, {"username": "ada", "password": "analytical-engine-1843"}
    )
    assert login.status_code == 302
    assert logged_in(csrf_client) == learner.pk


def test_reset_for_an_unknown_address_sends_nothing_and_says_the_same(
    csrf_client, submit_form, mailoutbox
):
    response = submit_form(csrf_client, RESET, {"email": "nobody@example.com"})

    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mailoutbox == []


def test_a_forged_reset_link_is_not_valid(client, learner):
    response = client.get(
        reverse("accounts:password_reset_confirm", args=["MQ", "set-password"]), follow=True
    )

    assert response.status_code == 200
    assert "Reset link not valid" in response.content.decode()


def test_password_change(csrf_client, submit_form, learner, logged_in):
    csrf_client.force_login(learner)

    response = submit_form(
        csrf_client,
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "difference-engine-1822",
            "new_password2": "difference-engine-1822",
        },
    )

    assert response["Location"] == reverse("accounts:password_change_done")
    learner.refresh_from_db()
    assert learner.check_password("difference-engine-1822")
    assert logged_in(csrf_client) == learner.pk  # still logged in on this device


def test_password_change_needs_the_current_password(csrf_client, submit_form, learner):
    csrf_client.force_login(learner)

    response = submit_form(
        csrf_client,
        reverse("accounts:password_change"),
        {
            "old_password": "not-it",
            "new_password1": "difference-engine-1822",
            "new_password2": "difference-engine-1822",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    learner.refresh_from_db()
    assert learner.check_password(PASSWORD)
