"""A learner ticks topics, marks resources done, adds their own resources; visitors tick topics in
their session, merged when they log in; resets and undo include all of it."""

import html
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from progress import services
from progress.models import (
    PERSONAL_RESOURCES_LIMIT,
    ActivityEvent,
    PersonalResource,
    ResourceDone,
    StepProgress,
    TopicProgress,
)
from roadmap.models import Resource, Topic
from tests.factories import RoadmapFactory, StepFactory, UserFactory
from tests.helpers import PASSWORD, csrf_token

pytestmark = pytest.mark.django_db


def with_topics(roadmap, topics=3, resources=2):
    for step in roadmap.steps.all():
        for t in range(topics):
            topic = Topic.objects.create(
                step=step,
                slug=f"t{t}",
                title=f"{step.title} topic {t}",
                explanation="Learn it.",
                position=t,
            )
            for r in range(resources):
                Resource.objects.create(
                    topic=topic,
                    title=f"{topic.title} resource {r}",
                    kind="docs",
                    cost="free",
                    url=f"https://docs.example.org/{topic.pk}/{r}/",
                    level="beginner",
                    hours=1,
                    why="Why.",
                    position=r,
                )
    return roadmap


@pytest.fixture
def topics(roadmap):
    with_topics(roadmap)
    return list(Topic.objects.filter(step__roadmap=roadmap).order_by("step__position", "position"))


def topic_url(topic):
    return reverse("progress:mark_topic", args=[topic.step.roadmap.slug, topic.pk])


def text(response):
    assert response.status_code == 200, response.status_code
    return html.unescape(response.content.decode())


def test_a_learner_ticks_a_topic_with_a_real_form(signed_in_csrf_client, learner, topics):
    topic = topics[0]
    page = topic.step.roadmap.get_absolute_url()
    token = csrf_token(signed_in_csrf_client, page)
    response = signed_in_csrf_client.post(
        topic_url(topic), {"status": "done", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#{topic.anchor}")
    assert TopicProgress.objects.get(learner=learner, topic=topic).status == "done"
    assert "1 of 3 topics" in text(signed_in_csrf_client.get(page))
    # A topic never changes the step's status by itself.
    assert not StepProgress.objects.filter(learner=learner).exists()
    assert ActivityEvent.objects.filter(learner=learner, kind="topic").count() == 1


def test_json_answers_with_the_steps_topic_count(learner_client, learner, topics):
    response = learner_client.post(
        topic_url(topics[1]), {"status": "skipped"}, headers={"Accept": "application/json"}
    )
    assert response.json() == {
        "topic": topics[1].pk,
        "status": "skipped",
        "status_label": "Skipped",
        "step": topics[1].step.slug,
        "topics_ticked": 1,
        "topics_total": 3,
        "topics_label": "1 of 3 topics",
        "offers_done": False,
    }


def test_ticking_every_topic_offers_to_mark_the_step_done_but_does_not(
    learner_client, learner, topics
):
    step = topics[0].step
    for topic in topics[:3]:
        response = learner_client.post(topic_url(topic), {"status": "done"}, follow=True)
    page = text(response)
    assert f"Every topic of “{step.title}” is ticked" in page
    offer = re.search(rf'data-step-done-offer="{step.slug}"[^>]*>', page).group(0)
    assert "hidden" not in offer
    assert f"Mark “{step.title}” done" in page
    assert not StepProgress.objects.filter(learner=learner, step=step, status="done").exists()
    json = learner_client.post(
        topic_url(topics[2]), {"status": "skipped"}, headers={"Accept": "application/json"}
    ).json()
    assert json["offers_done"] is True and json["topics_label"] == "3 of 3 topics"

    services.mark_step(learner=learner, step=step, status="done")
    page = text(learner_client.get(step.roadmap.get_absolute_url()))
    assert "hidden" in re.search(rf'data-step-done-offer="{step.slug}"[^>]*>', page).group(0)


def test_bad_status_and_unknown_topic_are_clear_errors(learner_client, topics):
    response = learner_client.post(topic_url(topics[0]), {"status": "finished"})
    assert response.status_code == 400
    assert "“finished” is not a topic status" in html.unescape(response.content.decode())
    url = reverse("progress:mark_topic", args=[topics[0].step.roadmap.slug, 999999])
    response = learner_client.post(url, {"status": "done"}, headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json() == {"error": "This topic does not exist."}
    topics[0].is_archived = True
    topics[0].save()  # as the admin archives it: the cached content goes
    assert learner_client.post(topic_url(topics[0]), {"status": "done"}).status_code == 404


def test_a_visitors_ticks_are_kept_and_merged_when_they_log_in(client, topics):
    learner = UserFactory(username="maria")
    services.mark_topic(learner=learner, topic=topics[1], status="done")  # older, on the account
    client.post(topic_url(topics[0]), {"status": "done"})
    client.post(topic_url(topics[1]), {"status": "skipped"})  # newer: it wins
    page = text(client.get(topics[0].step.roadmap.get_absolute_url()))
    assert "2 of 3 topics" in page

    response = client.post(reverse("accounts:login"), {"username": "maria", "password": PASSWORD})
    assert response.status_code == 302
    statuses = dict(TopicProgress.objects.filter(learner=learner).values_list("topic", "status"))
    assert statuses == {topics[0].pk: "done", topics[1].pk: "skipped"}


def test_resources_are_marked_done_by_learners_only(learner_client, client, learner, topics):
    resource = topics[0].resources.first()
    url = reverse("progress:mark_resource", args=[topics[0].step.roadmap.slug, resource.pk])
    response = learner_client.post(url, {"done": "1"}, headers={"Accept": "application/json"})
    assert response.json() == {
        "resource": resource.pk,
        "done": True,
        "label": f"{resource.title}: done",
    }
    assert ResourceDone.objects.filter(learner=learner, resource=resource).exists()
    page = text(learner_client.get(topics[0].step.roadmap.get_absolute_url()))
    assert "Done ✓" in page
    assert learner_client.post(url, {"done": "0"}).status_code == 302
    assert not ResourceDone.objects.exists()
    assert learner_client.post(url, {"done": "yes"}).status_code == 400
    assert client.post(url, {"done": "1"}).status_code == 302  # a visitor is sent to log in
    assert not ResourceDone.objects.exists()


def test_own_resources_are_private_and_get_https(learner_client, learner, other_learner, topics):
    topic = topics[0]
    url = reverse("progress:add_personal_resource", args=[topic.step.roadmap.slug, topic.pk])
    response = learner_client.post(url, {"title": "My Anki deck", "url": "ankiweb.net/decks"})
    assert response.status_code == 302
    item = PersonalResource.objects.get(learner=learner)
    assert item.url == "https://ankiweb.net/decks"
    page = text(learner_client.get(topic.step.roadmap.get_absolute_url()))
    assert "My Anki deck" in page

    other = Client()
    other.force_login(other_learner)
    assert "My Anki deck" not in text(other.get(topic.step.roadmap.get_absolute_url()))
    delete = reverse("progress:delete_personal_resource", args=[item.pk])
    assert other.post(delete).status_code == 404

    response = learner_client.post(url, {"title": "", "url": "not a url"})
    assert response.status_code == 400
    assert "Enter a web address" in html.unescape(response.content.decode())
    assert learner_client.post(delete).status_code == 302
    assert not PersonalResource.objects.exists()


def test_own_resources_are_capped_with_a_clear_message(
    learner_client, learner, topics, monkeypatch
):
    from progress.services import learning

    monkeypatch.setattr(learning, "PERSONAL_RESOURCES_LIMIT", 2)
    topic = topics[0]
    url = reverse("progress:add_personal_resource", args=[topic.step.roadmap.slug, topic.pk])
    for n in range(2):
        learner_client.post(url, {"title": f"R{n}", "url": f"https://e.org/{n}"})
    response = learner_client.post(url, {"title": "One more", "url": "https://e.org/x"})
    assert response.status_code == 400
    assert "You have 2 resources of your own" in html.unescape(response.content.decode())
    assert PersonalResource.objects.count() == 2
    assert PERSONAL_RESOURCES_LIMIT >= 100  # the real limit leaves room for any real use


def test_reset_and_undo_take_topics_and_resources_too(learner, topics):
    roadmap = topics[0].step.roadmap
    services.mark_step(learner=learner, step=topics[0].step, status="done")
    services.mark_topic(learner=learner, topic=topics[0], status="done")
    services.mark_topic(learner=learner, topic=topics[1], status="skipped")
    resource = topics[0].resources.first()
    services.mark_resource_done(learner=learner, resource=resource, done=True)
    done_at = ResourceDone.objects.get().done_at

    reset = services.reset_progress(learner=learner, roadmap=roadmap)
    assert reset.summary == (
        "1 step status (1 done, 0 in progress, 0 skipped), 2 topics, 1 resource done"
    )
    assert set(TopicProgress.objects.values_list("status", flat=True)) == {"not_started"}
    assert not ResourceDone.objects.exists()

    assert services.undo_reset(reset=reset) == 4
    statuses = dict(TopicProgress.objects.values_list("topic", "status"))
    assert statuses == {topics[0].pk: "done", topics[1].pk: "skipped"}
    assert ResourceDone.objects.get().done_at == done_at


def test_reset_of_only_topics_is_still_a_reset(learner, topics):
    services.mark_topic(learner=learner, topic=topics[0], status="done")
    reset = services.reset_progress(learner=learner, roadmap=topics[0].step.roadmap)
    assert reset is not None and reset.summary.endswith(", 1 topic")


def _big_roadmap(steps, topics, resources):
    roadmap = RoadmapFactory()
    for n in range(steps):
        StepFactory(roadmap=roadmap, slug=f"s{n}", position=n)
    return with_topics(roadmap, topics, resources)


def test_a_learners_page_runs_the_same_queries_whatever_the_content_size(learner):
    small, large = _big_roadmap(6, 5, 3), _big_roadmap(60, 10, 5)
    client = Client()
    client.force_login(learner)
    for roadmap in (small, large):  # some progress on each, own resources included
        topic = Topic.objects.filter(step__roadmap=roadmap).first()
        services.mark_topic(learner=learner, topic=topic, status="done")
        services.add_personal_resource(
            learner=learner, topic=topic, title="Mine", url="https://m.org/"
        )
    client.get(small.get_absolute_url())
    counts = {}
    for roadmap in (small, large):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            page = text(client.get(roadmap.get_absolute_url()))
        counts[roadmap.pk] = len(queries)
        assert "Mine" in page
    assert counts[small.pk] == counts[large.pk]
