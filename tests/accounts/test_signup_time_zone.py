"""Sign-up keeps the time zone the browser reports (static/js/timezone.js fills a hidden field)."""

import pytest
from django.urls import reverse

from accounts.models import User

SIGNUP = reverse("accounts:signup")
GOOD = {
    "username": "katherine",
    "email": "katherine@example.com",
    "password1": "orbital-mechanics-1962",
    "password2": "orbital-mechanics-1962",
}

pytestmark = pytest.mark.django_db


def test_the_form_has_a_hidden_time_zone_field_and_loads_the_script(client):
    html = client.get(SIGNUP).content.decode()
    assert 'type="hidden" name="time_zone"' in html
    assert "data-detect-time-zone" in html
    assert "js/timezone.js" in html


@pytest.mark.parametrize(
    ("sent", "saved"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
        ("", "UTC"),  # no JavaScript
        ("Mars/Olympus_Mons", "UTC"),  # not a zone: the account starts in UTC, no error
        ("x" * 500, "UTC"),
    ],
)
def test_signup_saves_the_browsers_time_zone_or_utc(csrf_client, submit_form, sent, saved):
    response = submit_form(csrf_client, SIGNUP, {**GOOD, "time_zone": sent})
    assert response.status_code == 302
    assert User.objects.get(username="katherine").time_zone == saved


def test_signup_without_the_field_starts_in_utc(csrf_client, submit_form):
    assert submit_form(csrf_client, SIGNUP, GOOD).status_code == 302
    assert User.objects.get(username="katherine").time_zone == "UTC"
