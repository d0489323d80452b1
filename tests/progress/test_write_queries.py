"""Marking a step or a topic runs a fixed, small number of queries, whatever the roadmap's size.

Counts as the test client sees them inside the test's transaction: each service's atomic block
is a savepoint here (SAVEPOINT and RELEASE count as two queries) where production opens and
commits a transaction. On Postgres a step's mark is one statement, its row inserted or updated
with its activity event (`progress.services.steps._upsert_sql`), and a topic's row and its
activity event are one statement (`progress.services.save_with_activity`); elsewhere the row is
locked and then written.
"""

import pytest
from django.db import connection
from django.urls import reverse

from progress import services
from progress.models import ActivityEvent, StepProgress, TopicProgress
from tests.progress.test_topics_and_resources import with_topics

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}
# The session with its learner (one query), before any work; the step (or topic) with its
# roadmap comes from the roadmap page's cached content, which the page marked from has filled.
REQUEST = 1
POSTGRES = connection.vendor == "postgresql"
# The marking transaction (a savepoint in tests): SAVEPOINT, the locked row, RELEASE.
LOCKED = 3
# The changed row and its activity event: one statement on Postgres.
WRITE = 1 if POSTGRES else 2
# A new row instead: its insert (in a savepoint of its own) and its activity event.
NEW_ROW = 3 + 1
# A step's mark on Postgres: one statement, a new row or a change, with its activity event; when
# the status is the same, nothing is written and the row is read for the service's answer.
STEP_UPSERT = 1
STEP_SAME = 2
# The JSON answer of a step mark: the learner's rows and the plan, one statement on Postgres
# (the active steps: cached).
STEP_SUMMARY = 1 if POSTGRES else 2
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
    learner_client.get(roadmap.get_absolute_url())  # the page marked from

    new_row = STEP_UPSERT if POSTGRES else LOCKED + NEW_ROW
    with django_assert_num_queries(REQUEST + new_row + STEP_SUMMARY):
        response = mark_step(learner_client, steps[0], "in_progress")
    assert response.json()["done"] == size // 2

    changed = STEP_UPSERT if POSTGRES else LOCKED + WRITE
    with django_assert_num_queries(REQUEST + changed + STEP_SUMMARY):
        response = mark_step(learner_client, steps[0], "done")
    body = response.json()
    assert body["status"] == "done" and body["done"] == size // 2 + 1
    assert body["label"] == f"{size // 2 + 1} of {size} steps done ({body['percent']}%)"

    same = STEP_SAME if POSTGRES else LOCKED  # the same status: no write
    with django_assert_num_queries(REQUEST + same + STEP_SUMMARY):
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
    learner_client.get(roadmap.get_absolute_url())  # the page marked from

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
    mark_step(client, step, "in_progress")  # the session exists from here on; content cached
    # The session, and the session's save (one UPDATE); the step with its roadmap and the
    # active steps come from the cached content.
    with django_assert_num_queries(2):
        response = mark_step(client, step, "done")
    assert response.json()["done"] == 1


def test_marks_on_a_draft_a_staff_member_previews_and_on_an_archived_step(client, make_roadmap):
    from accounts.models import User

    staff = User.objects.create_user("editor", "editor@example.com", "pw-1234-long", is_staff=True)
    draft = make_roadmap(6)
    draft.status = draft.Status.DRAFT
    draft.save()
    client.force_login(staff)
    steps = list(draft.steps.order_by("position"))
    response = mark_step(client, steps[0], "done")  # not in the published roadmaps' cache
    assert response.status_code == 200 and response.json()["done"] == 1
    steps[1].is_archived = True
    steps[1].save()
    assert mark_step(client, steps[1], "done").status_code == 404
    staff.is_staff = False
    staff.save()
    assert mark_step(client, steps[2], "done").status_code == 404


def test_no_index_of_step_progress_holds_a_column_a_mark_changes():
    """So on Postgres a mark updates its row in place (a HOT update), writing no index entry and
    leaving no dead version behind once the page is next read."""
    changed_by_a_mark = {
        StepProgress._meta.get_field(name).column for name in services.steps.STATUS_FIELDS
    }
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, StepProgress._meta.db_table)
    indexed = {name: set(facts["columns"]) for name, facts in constraints.items() if facts["index"]}
    assert indexed  # the primary key and the one-row-per-step constraint, at least
    assert {name: columns & changed_by_a_mark for name, columns in indexed.items()} == {
        name: set() for name in indexed
    }
