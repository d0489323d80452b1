"""The date rules hold at the instants where date code usually breaks, in the learners' zones.

Each test travels to an edge (the first and last minute of a month and a year, 29 February, the
minutes around a daylight-saving change, a day that has begun in Kiritimati only) and does what a
learner does through the site: mark a step, miss a quiz question, set a plan, come back tomorrow.
"""

import html
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from progress.models import ActivityEvent
from quizzes.models import ReviewCard
from tests.clock import EDGE_IDS, EDGES
from tests.factories import UserFactory
from tests.helpers import wrong_answers
from tests.quizzes.helpers import build_quiz, submit

pytestmark = pytest.mark.django_db

ZONES = ["UTC", "Europe/Berlin", "Pacific/Kiritimati"]


@pytest.fixture(params=EDGES, ids=EDGE_IDS)
def at_edge(request, clock):
    clock.move_to(request.param, tick=False)
    return request.param


@pytest.fixture(params=ZONES)
def zoned_learner(request, at_edge, client):
    learner = UserFactory(time_zone=request.param)
    client.force_login(learner)
    return learner


def local_today(learner, instant):
    return instant.astimezone(ZoneInfo(learner.time_zone)).date()


def get_page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_a_step_marked_now_is_todays_activity_and_this_weeks_step(client, zoned_learner, at_edge):
    quiz = build_quiz(1)
    step = quiz.roadmap.steps.get()
    url = reverse("progress:mark_step", args=[quiz.roadmap.slug, step.slug])
    assert client.post(url, {"status": "done"}).status_code == 302

    dashboard = get_page(client, reverse("progress:dashboard"))
    assert "current streak 1 day;" in dashboard
    assert "data-week-steps>1 step<" in dashboard
    today = local_today(zoned_learner, at_edge)
    assert f"to {today.day} {today:%B %Y}, in your time zone ({zoned_learner.time_zone})" in (
        dashboard
    )
    assert ActivityEvent.objects.filter(learner=zoned_learner).count() == 1


def test_yesterdays_activity_keeps_the_streak_across_the_edge(
    client, zoned_learner, at_edge, clock
):
    quiz = build_quiz(1)
    step = quiz.roadmap.steps.get()
    url = reverse("progress:mark_step", args=[quiz.roadmap.slug, step.slug])
    clock.move_to(at_edge - timedelta(days=1), tick=False)
    client.force_login(zoned_learner)
    assert client.post(url, {"status": "in_progress"}).status_code == 302
    clock.move_to(at_edge, tick=False)
    client.force_login(zoned_learner)
    assert client.post(url, {"status": "done"}).status_code == 302
    assert "current streak 2 days;" in get_page(client, reverse("progress:dashboard"))


def test_a_missed_question_comes_back_tomorrow_in_the_learners_zone(
    client, zoned_learner, at_edge, clock
):
    quiz = build_quiz(2)
    assert submit(client, quiz, wrong_answers(quiz)).status_code in (200, 302)
    tomorrow = local_today(zoned_learner, at_edge) + timedelta(days=1)
    assert set(
        ReviewCard.objects.filter(learner=zoned_learner).values_list("due_on", flat=True)
    ) == {tomorrow}
    assert "due for review" not in get_page(client, reverse("progress:dashboard"))

    clock.move_to(at_edge + timedelta(days=1), tick=False)
    client.force_login(zoned_learner)
    assert "2 questions due for review" in get_page(client, reverse("progress:dashboard"))


def test_a_plan_started_today_is_on_track_and_one_started_long_ago_is_behind(
    client, zoned_learner, at_edge
):
    quiz = build_quiz(1)
    roadmap = quiz.roadmap
    today = local_today(zoned_learner, at_edge)
    url = reverse("progress:set_plan", args=[roadmap.slug])

    assert client.post(url, {"start_date": today.isoformat()}).status_code == 302
    assert "On track" in get_page(client, roadmap.get_absolute_url())

    long_ago = today - timedelta(days=400)
    assert client.post(url, {"start_date": long_ago.isoformat()}).status_code == 302
    assert "weeks behind" in get_page(client, roadmap.get_absolute_url())
