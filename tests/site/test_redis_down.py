"""With the cache (Redis) unreachable the site keeps serving and saving from Postgres, and says so.

The cache is pointed at a closed port, as when Redis is stopped: every connection is refused.
"""

import json

import pytest
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from progress.models import StepProgress
from roadmap import content_cache
from roadmap.models import FAQ
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down():
    caches = {
        **settings.CACHES,
        "default": {
            "BACKEND": "roadmap_site.redis_cache.SharedClientRedisCache",
            "LOCATION": CLOSED_PORT,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
    content_cache.reset_state()
    with override_settings(CACHES=caches):
        yield
    content_cache.reset_state()


def csrf_of(client, url):
    client.get(url)
    return client.cookies["csrftoken"].value


def test_pages_answer_for_a_visitor(client, ml_roadmap, redis_down):
    assert client.get("/").status_code == 200
    assert client.get(ml_roadmap.get_absolute_url()).status_code == 200
    assert client.get(reverse("quizzes:take", args=[ml_roadmap.slug])).status_code == 200


def test_a_learner_logs_in_marks_a_step_and_saves_a_note(ml_roadmap, learner, redis_down):
    client = Client(enforce_csrf_checks=True)
    token = csrf_of(client, reverse("accounts:login"))
    response = client.post(
        reverse("accounts:login"),
        {"username": learner.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert client.get(reverse("progress:dashboard")).status_code == 200
    assert client.get(ml_roadmap.get_absolute_url()).status_code == 200

    step = ml_roadmap.steps.order_by("position").first()
    token = client.cookies["csrftoken"].value
    url = reverse("progress:mark_step", args=[ml_roadmap.slug, step.slug])
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            url,
            {"status": "done", "csrfmiddlewaretoken": token},
            headers={"Accept": "application/json"},
        )
    assert response.status_code == 200
    assert response.json()["status"] == "done"
    # Its step and its answer's steps are read as they were before any cache: not the whole
    # roadmap page's content, which a mark would otherwise read afresh while Redis is away.
    assert len(queries) < 15
    response = client.post(url, {"status": "in_progress", "csrfmiddlewaretoken": token})
    assert response.status_code == 302

    notes = reverse("progress:step_notes", args=[ml_roadmap.slug, step.slug])
    response = client.post(
        notes, {"action": "note", "note": "Saved with Redis down", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    row = StepProgress.objects.get(learner=learner, step=step)
    assert (row.status, row.note) == ("in_progress", "Saved with Redis down")


def test_quiz_can_be_taken(client, ml_roadmap, redis_down):
    url = reverse("quizzes:take", args=[ml_roadmap.slug])
    page = client.get(url).content.decode()
    assert 'name="token"' in page
    import re

    token = re.search(r'name="token" value="([^"]+)"', page)[1]
    response = client.post(url, {"token": token})
    assert response.status_code in {200, 302}


def test_an_edit_shows_at_once_while_the_cache_is_down(client, ml_roadmap, redis_down):
    url = ml_roadmap.get_absolute_url()
    faq = FAQ.objects.filter(roadmap=ml_roadmap).first()
    client.get(url)
    faq.answer = "Edited while Redis was down."
    faq.save()
    assert "Edited while Redis was down." in client.get(url).content.decode()


def test_an_edit_during_an_outage_is_not_hidden_when_the_cache_comes_back(
    client, ml_roadmap, monkeypatch
):
    """The version could not be bumped during the outage: the old copies must not come back."""
    from django.core.cache import cache

    url = ml_roadmap.get_absolute_url()
    faq = FAQ.objects.filter(roadmap=ml_roadmap).first()
    content_cache.reset_state()
    assert faq.answer in client.get(url).content.decode()  # cached under the current version
    before = content_cache.content_version()

    def refused(*args, **kwargs):
        raise ConnectionError("Connection refused")

    with monkeypatch.context() as outage:
        for name in ("get", "add", "incr", "set"):
            outage.setattr(cache, name, refused)
        faq.answer = "Edited during the outage."
        faq.save()
        assert "Edited during the outage." in client.get(url).content.decode()
    # Redis is back, holding the version it had before the outage.
    content_cache.reset_breaker()
    assert "Edited during the outage." in client.get(url).content.decode()
    # The bump owed since the outage was paid: other processes' old copies are stale too.
    assert content_cache.content_version() != before
    content_cache.reset_state()


def test_healthz_says_the_cache_is_down_and_still_serves(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


def test_json_requests_get_json_errors_not_the_html_page(ml_roadmap, learner, redis_down):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    step = ml_roadmap.steps.order_by("position").first()
    url = reverse("progress:mark_step", args=[ml_roadmap.slug, step.slug])
    response = client.post(url, {"status": "done"}, headers={"Accept": "application/json"})
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert "error" in json.loads(response.content)


def test_a_json_request_for_a_missing_step_or_a_get_is_answered_in_json(client, ml_roadmap):
    url = reverse("progress:mark_step", args=[ml_roadmap.slug, "no-such-step"])
    response = client.post(url, {"status": "done"}, headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json()["error"]
    response = client.get(url, headers={"Accept": "application/json"})
    assert response.status_code == 405
    assert response.json()["error"]
    assert "POST" in response["Allow"]


def test_a_lost_database_answers_a_json_request_with_a_json_503(client, ml_roadmap, monkeypatch):
    from django.db import OperationalError

    from progress import visitors

    def lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(visitors, "mark_visitor_step", lost)
    step = ml_roadmap.steps.order_by("position").first()
    url = reverse("progress:mark_step", args=[ml_roadmap.slug, step.slug])
    response = client.post(url, {"status": "done"}, headers={"Accept": "application/json"})
    assert response.status_code == 503
    assert response.json() == {"error": "Temporarily unavailable: please try again in a moment."}
    assert response["Retry-After"]


@pytest.mark.parametrize(
    "error, status",
    [
        (OperationalError("server closed the connection unexpectedly"), 503),
        (InterfaceError("connection already closed"), 503),  # its second use
        (DatabaseError("Forced update did not affect any rows."), 400),  # deleted meanwhile
    ],
)
def test_a_session_the_database_cannot_save_is_a_503_not_a_400(
    client, ml_roadmap, monkeypatch, error, status
):
    from accounts.models import LearnerSession
    from roadmap_site.sessions import SessionStore

    step = ml_roadmap.steps.order_by("position").first()
    url = reverse("progress:mark_step", args=[ml_roadmap.slug, step.slug])
    client.post(url, {"status": "in_progress"})  # the visitor's session exists from here on

    def fail(self, *args, **kwargs):
        raise error

    monkeypatch.setattr(LearnerSession, "save", fail)  # a new session: Django's save
    monkeypatch.setattr(SessionStore, "_update_row", fail)  # a changed one: one UPDATE
    response = client.post(url, {"status": "done"})
    assert response.status_code == status
    if status == 503:
        assert response["Retry-After"] == "5"
        assert "Temporarily unavailable" in response.content.decode()
