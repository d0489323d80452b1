"""Every learner page sends an anonymous visitor to log in, and changes nothing."""

import pytest
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

LEARNER_PAGES = [
    "accounts:settings",
    "accounts:export",
    "accounts:delete",
    "accounts:password_change",
    "accounts:password_change_done",
]


@pytest.mark.parametrize("name", LEARNER_PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_log_in(client, name, method):
    url = reverse(name)

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


def test_an_anonymous_delete_deletes_nothing(client, learner):
    client.post(reverse("accounts:delete"), {"confirmation": "DELETE"})

    assert User.objects.filter(pk=learner.pk).exists()


@pytest.mark.parametrize("name", ["accounts:signup", "accounts:login", "accounts:password_reset"])
def test_public_pages_open_to_visitors(client, name):
    assert client.get(reverse(name)).status_code == 200
