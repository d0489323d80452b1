"""Account settings: email, display name and time zone."""

import pytest
from django.urls import reverse

from tests.helpers import PASSWORD

SETTINGS = reverse("accounts:settings")

pytestmark = pytest.mark.django_db


def test_settings_page_shows_the_current_values(learner_client, learner):
    learner.display_name = "Ada L."
    learner.save()

    response = learner_client.get(SETTINGS)

    html = response.content.decode()
    assert "<title>Account settings" in html
    assert 'value="ada@example.com"' in html
    assert 'value="Ada L."' in html
    assert '<optgroup label="Europe">' in html
    assert '<option value="Europe/Paris">Paris</option>' in html
    # Real zones only: no "Factory", "localtime", legacy aliases or fixed offsets.
    for not_a_zone in ("Factory", "localtime", "US/Eastern", "Etc/GMT+5", "GB"):
        assert f'value="{not_a_zone}"' not in html
    assert reverse("accounts:export") in html
    assert reverse("accounts:delete") in html
    assert reverse("accounts:password_change") in html


def test_change_email_display_name_and_time_zone(csrf_client, submit_form, learner):
    csrf_client.force_login(learner)

    response = submit_form(
        csrf_client,
        SETTINGS,
        {
            "email": "ada@lovelace.example",
            "display_name": "Countess",
            "time_zone": "Europe/London",
            "current_password": PASSWORD,
        },
        follow=True,
    )

    assert response.redirect_chain == [(SETTINGS, 302)]
    assert "Your settings have been saved." in response.content.decode()
    learner.refresh_from_db()
    assert (learner.email, learner.display_name, learner.time_zone) == (
        "ada@lovelace.example",
        "Countess",
        "Europe/London",
    )


def test_an_unknown_time_zone_is_refused(csrf_client, submit_form, learner):
    csrf_client.force_login(learner)

    response = submit_form(
        csrf_client,
        SETTINGS,
        {"email": "ada@example.com", "display_name": "", "time_zone": "Mars/Olympus_Mons"},
    )

    assert response.status_code == 200
    assert "time_zone" in response.context["form"].errors
    learner.refresh_from_db()
    assert learner.time_zone == "UTC"


def test_another_accounts_email_in_another_case_is_refused(
    csrf_client, submit_form, learner, other_learner
):
    csrf_client.force_login(learner)

    response = submit_form(
        csrf_client,
        SETTINGS,
        {"email": "GRACE@example.com", "display_name": "Ada", "time_zone": "UTC"},
    )

    assert response.context["form"].errors["email"] == [
        "An account with this email address already exists."
    ]
    learner.refresh_from_db()
    assert (learner.email, learner.display_name) == ("ada@example.com", "")


def test_keeping_my_own_email_in_another_case_is_fine(csrf_client, submit_form, learner):
    csrf_client.force_login(learner)

    response = submit_form(
        csrf_client, SETTINGS, {"email": "Ada@example.com", "display_name": "", "time_zone": "UTC"}
    )

    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.email == "Ada@example.com"


def test_email_cannot_be_emptied(csrf_client, submit_form, learner):
    csrf_client.force_login(learner)

    response = submit_form(
        csrf_client, SETTINGS, {"email": "", "display_name": "", "time_zone": "UTC"}
    )

    assert response.context["form"].errors["email"] == ["This field is required."]
    learner.refresh_from_db()
    assert learner.email == "ada@example.com"


@pytest.mark.parametrize("password", ["", "not-my-password"])
def test_a_new_email_needs_the_current_password(csrf_client, submit_form, learner, password):
    csrf_client.force_login(learner)

    response = submit_form(
        csrf_client,
        SETTINGS,
        {
            "email": "thief@example.com",
            "display_name": "",
            "time_zone": "UTC",
            "current_password": password,
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["current_password"] == [
        "Enter your current password to change your email address."
    ]
    learner.refresh_from_db()
    assert learner.email == "ada@example.com"


def test_other_settings_need_no_password(csrf_client, submit_form, learner):
    csrf_client.force_login(learner)

    response = submit_form(
        csrf_client,
        SETTINGS,
        {"email": "ada@example.com", "display_name": "Ada", "time_zone": "Europe/Paris"},
    )

    assert response.status_code == 302
    learner.refresh_from_db()
    assert (learner.display_name, learner.time_zone) == ("Ada", "Europe/Paris")


def test_a_learner_on_a_legacy_zone_keeps_it_listed(learner_client, learner):
    learner.time_zone = "US/Eastern"
    learner.save()
    html = learner_client.get(SETTINGS).content.decode()
    assert '<option value="US/Eastern" selected>US/Eastern (your current setting)</option>' in html
