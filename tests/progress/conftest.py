"""Fixtures of the progress tests: posting a status like a browser."""

import pytest
from django.urls import reverse

from tests.helpers import csrf_token


def status_url(step):
    return reverse("progress:mark_step", args=[step.roadmap.slug, step.slug])


@pytest.fixture
def post_status():
    """post_status(client, step, status, json=False, **data): POST the step form with its token."""

    def _post(client, step, status, *, json=False, **data):
        token = csrf_token(client, step.roadmap.get_absolute_url())
        headers = {"Accept": "application/json"} if json else {}
        return client.post(
            status_url(step),
            {"status": status, "csrfmiddlewaretoken": token, **data},
            headers=headers,
        )

    return _post
