"""Marking a step or a topic runs a fixed, small number of queries, whatever the roadmap's size.

Counts as the test client sees them inside the test's transaction: each service's atomic block
is a savepoint here (SAVEPOINT and RELEASE count as two queries) where production opens and
commits a transaction. On Postgres the row's UPDATE and its activity event are one statement
(`progress.services.save_with_activity`); elsewhere they are two.
"""

import pytest
from django.db import connection
from django.urls import reverse

from progress import services
from progress.models import ActivityEvent, StepProgress, TopicProgress
from tests.progress.test_topics_and_resources import with_topics

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}
# The session, the user, the step (or topic) with its roadmap: before any work.
REQUEST = 3
# The marking transaction (a savepoint in tests): SAVEPOINT, the locked row, RELEASE.
LOCKED = 3
# The changed row and its activity event: one statement on Postgres.
WRITE = 1 if connection.vendor == "postgresql" else 2
# A new row instead: its insert (in a savepoint of its own) and its activity event.
NEW_ROW = 3 + 1
# The JSON answer of a step mark: the active steps, the learner's rows, the plan.
STEP_SUMMARY = 3
# The JSON answer of a topic mark: the step's topics with the learner's statuses.
TOPIC_ROW = 1


def mark_step(client, step, status):
    url = reverse("progress:mark_step", args=[step.roadmap.slug, step.slug])
    return client.post(url, {"status": status}, headers=JSON)


def mark_topic(client, topic, status):
    url = reverse("progress:mark_topic", args=[topic.step.roadmap.slug, topic.pk])
    return client.post(url, {"status": status}, headers=JSON)


@pytest.mark.parametrize("size", [6, 60])
def test_marking_a_step_runs_the_same_queries_whatever_the_roadmap_size(
    learner_client, learner, make_roadmap, django_assert_num_queries, size
):
    roadmap = with_topics(make_roadmap(size))
    steps = list(roadmap.steps.order_by("position"))
    for step in steps[1::2]:
        services.mark_step(learner=learner, step=step, status="done")

    with django_assert_num_queries(REQUEST + LOCKED + NEW_ROW + STEP_SUMMARY):
        response = mark_step(learner_client, steps[0], "in_progress")
    assert response.json()["done"] == size // 2

    with django_assert_num_queries(REQUEST + LOCKED + WRITE + STEP_SUMMARY):
        response = mark_step(learner_client, steps[0], "done")
    body = response.json()
    assert body["status"] == "done" and body["done"] == size // 2 + 1
    assert body["label"] == f"{size // 2 + 1} of {size} steps done ({body['percent']}%)"

    with django_assert_num_queries(REQUEST + LOCKED + STEP_SUMMARY):  # the same status: no write
        mark_step(learner_client, steps[0], "done")

    row = StepProgress.objects.get(learner=learner, step=steps[0])
    assert row.status == "done" and row.started_at and row.completed_at
    assert ActivityEvent.objects.filter(learner=learner, step=steps[0]).count() == 2


@pytest.mark.parametrize("size", [6, 60])
def test_marking_a_topic_runs_the_same_queries_whatever_the_roadmap_size(
    learner_client, learner, make_roadmap, django_assert_num_queries, size
):
    roadmap = with_topics(make_roadmap(size), topics=3, resources=3)
    step = roadmap.steps.order_by("position").first()
    topics = list(step.topics.order_by("position"))

    with django_assert_num_queries(REQUEST + LOCKED + NEW_ROW + TOPIC_ROW):
        response = mark_topic(learner_client, topics[0], "done")
    assert response.json()["topics_ticked"] == 1

    with django_assert_num_queries(REQUEST + LOCKED + WRITE + TOPIC_ROW):
        response = mark_topic(learner_client, topics[0], "skipped")
    assert response.json()["topics_label"] == "1 of 3 topics"

    for topic in topics[1:]:
        mark_topic(learner_client, topic, "done")
    body = mark_topic(learner_client, topics[0], "done").json()
    assert body["topics_ticked"] == 3 and body["offers_done"] is True
    services.mark_step(learner=learner, step=step, status="done")
    assert mark_topic(learner_client, topics[0], "skipped").json()["offers_done"] is False

    assert TopicProgress.objects.get(learner=learner, topic=topics[0]).status == "skipped"
    assert ActivityEvent.objects.filter(learner=learner, kind="topic").count() == 6


def test_a_visitor_marks_a_step_with_one_query_beyond_the_session(
    client, roadmap, django_assert_num_queries
):
    step = roadmap.steps.order_by("position").first()
    mark_step(client, step, "in_progress")  # the session exists from here on
    # The session, the step with its roadmap, the active steps, the session's save (in a
    # savepoint here).
    with django_assert_num_queries(6):
        response = mark_step(client, step, "done")
    assert response.json()["done"] == 1
