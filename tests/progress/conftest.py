"""Helpers for the progress tests: a roadmap of N steps, and posting a status like a browser."""

import re

import pytest
from django.urls import reverse

from tests.factories import RoadmapFactory, StepFactory

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_token(client, url):
    """GET a page the way a browser does and return the CSRF token of its forms."""
    response = client.get(url)
    assert response.status_code == 200, response
    match = CSRF_INPUT.search(response.content.decode())
    assert match, f"no form with a CSRF token on {url}"
    return match.group(1)


def status_url(step):
    return reverse("progress:mark_step", args=[step.roadmap.slug, step.slug])


@pytest.fixture
def make_roadmap(db):
    """make_roadmap(n, **step_fields) -> roadmap with n active steps, one month each."""

    def _make(n=6, **step_fields):
        roadmap = RoadmapFactory()
        for i in range(n):
            StepFactory(
                roadmap=roadmap,
                position=i,
                slug=f"step-{i + 1}",
                title=f"Step {i + 1}",
                start_month=i + 1,
                end_month=i + 1,
                **step_fields,
            )
        return roadmap

    return _make


@pytest.fixture
def roadmap(make_roadmap):
    return make_roadmap(6)


@pytest.fixture
def steps(roadmap):
    return list(roadmap.steps.order_by("position"))


@pytest.fixture
def signed_in_csrf_client(csrf_client, learner):
    csrf_client.force_login(learner)
    return csrf_client


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
