"""A signed-in learner's roadmap page and dashboard, kept whole until their data, the content or
their date changes (`roadmap.learner_pages`): every change shows at once."""

import gzip
import json
import re
from datetime import timedelta

import pytest
from django.db import InterfaceError, OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from progress import services
from progress.models import StepProgress, StepStatus
from quizzes.models import Quiz
from roadmap.content_cache import bump_content_version
from roadmap.learner_pages import STATE_KEY, learner_changed
from roadmap.minify import collapse_indentation
from roadmap.models import Step
from tests.conftest import FIXED_NOW
from tests.helpers import CSRF_INPUT, answer

pytestmark = pytest.mark.django_db

GZIP = "gzip"


def get(client, url):
    """(queries, page text) of a GET, as a browser that takes gzip reads it."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_ACCEPT_ENCODING=GZIP)
    assert response.status_code == 200
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return len(queries), body.decode()


def text(page):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


@pytest.fixture
def step(ml_roadmap):
    return Step.objects.get(roadmap=ml_roadmap, slug="step-3")


def test_the_second_read_is_the_kept_page_and_reads_as_the_page_built(learner_client, ml_roadmap):
    url = ml_roadmap.get_absolute_url()
    built_queries, built = get(learner_client, url)
    kept_queries, kept = get(learner_client, url)
    assert kept_queries <= 1 < built_queries  # the session with the user, nothing of the page
    rendered = learner_client.get(url + "?from=test").content.decode()  # a query: never kept
    without_tokens = lambda page: CSRF_INPUT.sub("", page)  # noqa: E731
    assert without_tokens(kept) == without_tokens(collapse_indentation(rendered))
    # Each response has its own token, and it works.
    tokens = {CSRF_INPUT.search(page).group(1) for page in (built, kept)}
    assert len(tokens) == 2


def test_a_mark_shows_at_once_by_script_and_by_form(learner_client, ml_roadmap, step):
    url = ml_roadmap.get_absolute_url()
    get(learner_client, url)
    mark = reverse("progress:mark_step", args=[ml_roadmap.slug, step.slug])
    response = learner_client.post(
        mark, {"status": "done"}, HTTP_ACCEPT="application/json", HTTP_X_REQUESTED_WITH="fetch"
    )
    assert json.loads(response.content)["status"] == "done"
    assert "1 of 6 steps done" in text(get(learner_client, url)[1])
    learner_client.post(mark, {"status": "not_started"})
    assert "0 of 6 steps done" in text(get(learner_client, url)[1])


def test_a_change_made_outside_a_request_shows_at_once(learner, learner_client, ml_roadmap, step):
    """The admin, a command, a service called from elsewhere: the model's signals, or the
    service itself where it writes in bulk or raw SQL."""
    url = ml_roadmap.get_absolute_url()
    get(learner_client, url)
    services.mark_step(learner=learner, step=step, status=StepStatus.DONE)  # raw SQL on Postgres
    assert "1 of 6 steps done" in text(get(learner_client, url)[1])
    row = StepProgress.objects.get(learner=learner, step=step)
    row.status = StepStatus.NOT_STARTED  # as the admin's change form saves it
    row.save()
    assert "0 of 6 steps done" in text(get(learner_client, url)[1])
    services.mark_step(learner=learner, step=step, status=StepStatus.DONE)
    services.reset_progress(learner=learner, roadmap=ml_roadmap)  # bulk updates
    assert "0 of 6 steps done" in text(get(learner_client, url)[1])


def test_a_content_edit_shows_at_once(learner_client, ml_roadmap, step):
    url = ml_roadmap.get_absolute_url()
    get(learner_client, url)
    step.title = "Deep learning, edited"
    step.save()  # the admin's save bumps the content version
    assert "Deep learning, edited" in get(learner_client, url)[1]
    Step.objects.filter(pk=step.pk).update(title="Edited in bulk")
    bump_content_version()  # as every content service does after a bulk write
    assert "Edited in bulk" in get(learner_client, url)[1]


def test_a_quiz_attempt_shows_on_both_pages(learner, learner_client, ml_roadmap):
    url, dashboard = ml_roadmap.get_absolute_url(), reverse("progress:dashboard")
    services.mark_step(learner=learner, step=ml_roadmap.steps.first(), status=StepStatus.DONE)
    get(learner_client, url)
    get(learner_client, dashboard)
    attempt = answer(Quiz.objects.get(roadmap=ml_roadmap), learner)
    assert f"Your best score: {attempt.score} / {attempt.total}" in text(
        get(learner_client, url)[1]
    )
    assert f"({attempt.score} of {attempt.total})" in text(get(learner_client, dashboard)[1])


def test_the_learners_own_settings_show_at_once(learner, learner_client):
    dashboard = reverse("progress:dashboard")
    assert "Log out ada" in text(get(learner_client, dashboard)[1])
    learner.username = "ada.lovelace"
    learner.save()
    assert "Log out ada.lovelace" in text(get(learner_client, dashboard)[1])


def test_a_new_day_builds_the_page_again(learner_client, ml_roadmap, clock):
    """Plan dates, reviews due and streaks move with the learner's date."""
    url = ml_roadmap.get_absolute_url()
    clock.move_to(FIXED_NOW.replace(hour=23, minute=50))
    get(learner_client, url)
    assert get(learner_client, url)[0] <= 2  # kept
    clock.move_to(FIXED_NOW.replace(hour=23, minute=50) + timedelta(minutes=20))  # past midnight
    assert get(learner_client, url)[0] > 2  # built for the new day


def test_how_long_ago_is_worked_out_for_each_response(learner, learner_client, ml_roadmap, clock):
    dashboard = reverse("progress:dashboard")
    services.mark_step(learner=learner, step=ml_roadmap.steps.first(), status=StepStatus.DONE)
    assert "now" in text(get(learner_client, dashboard)[1])
    clock.shift(timedelta(minutes=40))
    queries, later = get(learner_client, dashboard)
    assert queries <= 2  # the kept page
    assert "40 minutes ago" in text(later)


def test_a_page_with_messages_or_a_query_is_never_kept(learner_client, ml_roadmap, step):
    url = ml_roadmap.get_absolute_url()
    get(learner_client, url)
    # A form post without script: the milestone (`?done=`) is this response's.
    response = learner_client.post(
        reverse("progress:mark_step", args=[ml_roadmap.slug, step.slug]), {"status": "done"}
    )
    assert response.url.startswith(url + "?done=")
    # A message waiting for the next page: it is shown there, once, not kept with the page.
    learner_client.post(
        reverse("progress:set_plan", args=[ml_roadmap.slug]),
        {"start_date": "2026-06-01", "hours_per_week": "8"},
    )
    assert "Your plan starts on 1 June 2026" in text(get(learner_client, url)[1])
    assert "Your plan starts on" not in text(get(learner_client, url)[1])


def test_a_change_in_a_transaction_forgets_the_state_again_when_it_commits(
    learner, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    key = STATE_KEY.format(learner.pk)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        cache.set(key, "before")
        learner_changed(learner.pk)
        assert cache.get(key) is None  # at once
        cache.set(key, "read meanwhile")  # a reader building from the rows before the commit
        # committed
    assert cache.get(key) is None


def test_another_learner_never_gets_this_learners_page(
    learner, learner_client, other_learner, client, ml_roadmap, step
):
    url = ml_roadmap.get_absolute_url()
    services.mark_step(learner=learner, step=step, status=StepStatus.DONE)
    assert "1 of 6 steps done" in text(get(learner_client, url)[1])
    client.force_login(other_learner)
    assert "0 of 6 steps done" in text(get(client, url)[1])


@pytest.mark.parametrize(
    "lost_error",
    [
        OperationalError("the database system is shutting down"),
        InterfaceError("connection already closed"),  # a second try on the closed connection
    ],
    ids=["operational", "interface"],
)
def test_a_post_the_database_went_away_under_is_the_clean_503(
    learner_client, ml_roadmap, step, monkeypatch, lost_error
):
    """The session cannot be read after the view either: no 500 from forgetting the state."""
    from django.contrib.sessions.backends.db import SessionStore

    def lost(self):
        raise lost_error

    monkeypatch.setattr(SessionStore, "load", lost)
    response = learner_client.post(
        reverse("progress:mark_step", args=[ml_roadmap.slug, step.slug]), {"status": "done"}
    )
    assert response.status_code == 503


def test_the_kept_page_is_one_read_of_the_shared_cache(learner_client, ml_roadmap, monkeypatch):
    """The content version, the learner's state and the page come in one round trip."""
    from django.core.cache import cache

    url = ml_roadmap.get_absolute_url()
    get(learner_client, url)  # built and kept
    calls, inside = [], []

    def counted(name, original):
        def call(*args, **kwargs):
            if not inside:  # locmem's get_many calls get: one call of the cache, as MGET is
                calls.append(name)
            inside.append(name)
            try:
                return original(*args, **kwargs)
            finally:
                inside.pop()

        return call

    for name in ("get", "get_many", "add", "set"):
        monkeypatch.setattr(cache, name, counted(name, getattr(cache, name)))
    _, kept = get(learner_client, url)
    assert calls == ["get_many"]
    assert "steps done" in text(kept)

    learner_changed(learner_client.session["_auth_user_id"])  # their data changed: built again
    calls.clear()
    get(learner_client, url)
    assert calls[0] == "get_many" and "set" in calls
