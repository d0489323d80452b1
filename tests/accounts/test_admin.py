"""The user admin shows and searches display names, and offers real time zones."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_changelist_lists_and_searches_by_display_name(admin_client_):
    UserFactory(username="ada", display_name="Countess of Lovelace")
    UserFactory(username="grace", display_name="Amazing Grace")

    response = admin_client_.get(reverse("admin:accounts_user_changelist"), {"q": "countess"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Countess of Lovelace" in html
    assert "ada@example.com" in html
    assert "Amazing Grace" not in html


def test_change_page_edits_display_name_and_time_zone(admin_client_):
    user = UserFactory(username="ada")

    response = admin_client_.get(reverse("admin:accounts_user_change", args=[user.pk]))

    html = response.content.decode()
    assert 'name="display_name"' in html
    assert '<option value="Asia/Tokyo">' in html
