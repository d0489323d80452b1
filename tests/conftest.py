"""Fixtures shared by every test folder."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from tests.factories import RoadmapFactory, StepFactory, UserFactory

# Every test runs at this instant, whatever the wall clock says: a Wednesday in mid-June, far
# from a month's, a year's or a daylight-saving edge. Tests about those edges travel to them
# (see tests/clock.py); the clock keeps ticking so "newer" and "older" still mean something.
FIXED_NOW = datetime(2026, 6, 17, 10, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clock():
    """The test's clock, fixed at FIXED_NOW; `clock.move_to(...)` travels elsewhere."""
    with time_machine.travel(FIXED_NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def content(db):
    """The site's real content, loaded from fixtures/ by the same command the README runs."""
    call_command("load_content", verbosity=0)


@pytest.fixture
def ml_roadmap(content):
    from roadmap.models import Roadmap

    return Roadmap.objects.get(slug="machine-learning-engineer")


@pytest.fixture
def learner(db):
    return UserFactory(username="ada", email="ada@example.com")


@pytest.fixture
def other_learner(db):
    return UserFactory(username="grace", email="grace@example.com")


@pytest.fixture
def csrf_client():
    """A client that enforces CSRF like a browser does: tests must send the token."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def learner_client(learner):
    client = Client()
    client.force_login(learner)
    return client


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing cost is not under test; the real hasher makes the suite several times slower."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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
