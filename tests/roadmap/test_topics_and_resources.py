"""Each step breaks into topics with resources and hours; roadmaps have project briefs."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roadmap.models import Project, ProjectCriterion, Resource, Step, Topic
from tests.factories import RoadmapFactory, StepFactory
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


def resource(topic, n, **fields):
    values = {
        "title": f"Resource {topic.pk}-{n}",
        "url": f"https://docs.example.org/{topic.pk}/{n}/",
        "kind": Resource.Kind.COURSE,
        "cost": Resource.Cost.FREE,
        "level": Resource.Level.BEGINNER,
        "hours": 2,
        "why": f"Why resource {n}.",
        "position": n,
    }
    return Resource.objects.create(topic=topic, **values | fields)


def roadmap_with(steps, topics, resources):
    roadmap = RoadmapFactory()
    for s in range(steps):
        step = StepFactory(roadmap=roadmap)
        for t in range(topics):
            topic = Topic.objects.create(
                step=step,
                slug=f"topic-{t}",
                title=f"Topic {s}.{t}",
                explanation="Learn it.",
                position=t,
            )
            for r in range(resources):
                resource(topic, r)
    project = Project.objects.create(roadmap=roadmap, slug="p", title="A project", goal="Build.")
    project.topics.set(Topic.objects.filter(step__roadmap=roadmap)[:3])
    ProjectCriterion.objects.create(project=project, text="A repository with a README.")
    return roadmap


def test_every_ml_topic_has_three_resources_two_free_and_every_step_has_topics(ml_roadmap):
    steps = list(ml_roadmap.steps.active())
    assert steps and all(step.topics.active().count() >= 4 for step in steps)
    for topic in Topic.objects.filter(step__roadmap=ml_roadmap):
        resources = list(topic.resources.all())
        assert len(resources) >= 3, topic
        assert sum(r.cost == Resource.Cost.FREE for r in resources) >= 2, topic
        assert len(topic.outcomes) >= 2, topic
        assert all(r.url.startswith("https://") for r in resources), topic


def test_related_roadmaps_have_topics_and_resources_too(content):
    for step in Step.objects.exclude(roadmap__slug="machine-learning-engineer"):
        topics = list(step.topics.all())
        assert topics, step
        assert all(topic.resources.count() >= 2 for topic in topics), step


def test_the_ml_roadmap_has_at_least_three_projects_with_criteria(ml_roadmap):
    projects = list(ml_roadmap.projects.all())
    assert len(projects) >= 3
    assert all(p.criteria.count() >= 2 and p.topics.exists() for p in projects)


def test_page_shows_topics_resources_hours_and_projects(client, ml_roadmap):
    text = page_text(client.get(ml_roadmap.get_absolute_url()), status=200)
    step = ml_roadmap.steps.get(position=0)
    topic = step.topics.first()
    assert f'id="{topic.anchor}"' in text
    assert topic.title in text and topic.explanation in text
    assert "You know it when you can:" in text
    assert topic.outcomes[0] in text
    first = Resource.objects.filter(topic=topic).listed().first()
    assert f'href="{first.url}"' in text and first.why in text
    # Hours add up: topic (alternatives left out), step, roadmap.
    hours = sum(r.hours for r in topic.resources.all() if not r.is_alternative)
    assert f"about {hours} h<" in text
    step_hours = sum(
        r.hours
        for r in Resource.objects.filter(topic__step=step, topic__is_archived=False)
        if not r.is_alternative
    )
    assert f"about {step_hours} hours" in text
    total = sum(
        r.hours
        for r in Resource.objects.filter(
            topic__step__roadmap=ml_roadmap,
            topic__is_archived=False,
            topic__step__is_archived=False,
        )
        if not r.is_alternative
    )
    assert re.search(rf"about {total:,}</span> <span class=\"fact-label\">hours of study", text)
    assert 'id="projects"' in text and "Done when" in text
    project = ml_roadmap.projects.first()
    assert project.title in text and project.criteria.first().text in text
    assert "are ours (editorial); numbered notes point to sources" in text


def test_official_docs_and_free_resources_are_listed_first(client):
    roadmap = roadmap_with(1, 1, 0)
    topic = Topic.objects.get(step__roadmap=roadmap)
    resource(topic, 0, title="Paid book", cost=Resource.Cost.PAID, kind=Resource.Kind.BOOK)
    resource(topic, 1, title="Audit course", cost=Resource.Cost.FREE_TO_AUDIT)
    resource(topic, 2, title="Free video", kind=Resource.Kind.VIDEO)
    resource(topic, 3, title="The docs", kind=Resource.Kind.DOCS)
    text = page_text(client.get(roadmap.get_absolute_url()), status=200)
    order = [text.index(t) for t in ("The docs", "Free video", "Audit course", "Paid book")]
    assert order == sorted(order)


def test_archived_topics_leave_the_page_and_their_hours_stop_counting(client):
    roadmap = roadmap_with(1, 2, 1)
    Topic.objects.filter(step__roadmap=roadmap, slug="topic-1").update(is_archived=True)
    cache.clear()
    text = page_text(client.get(roadmap.get_absolute_url()), status=200)
    assert "Topic 0.0" in text and "Topic 0.1" not in text
    assert "about 2 hours" in text


def test_an_edit_of_a_resource_shows_at_once(client):
    roadmap = roadmap_with(1, 1, 1)
    url = roadmap.get_absolute_url()
    page_text(client.get(url), status=200)
    item = Resource.objects.get(topic__step__roadmap=roadmap)
    item.why = "A freshly edited reason."
    item.save()
    assert "A freshly edited reason." in page_text(client.get(url), status=200)


def test_page_queries_do_not_grow_with_topics_and_resources(client):
    small, large = roadmap_with(6, 5, 3), roadmap_with(60, 10, 5)
    client.get(small.get_absolute_url())  # warm per-process caches (content types)
    counts = {}
    for roadmap in (small, large):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            text = page_text(client.get(roadmap.get_absolute_url()), status=200)
        counts[roadmap.pk] = len(queries)
    assert counts[small.pk] == counts[large.pk]
    assert text.count('class="resource"') == 60 * 10 * 5


def test_deleting_content_learners_used_archives_it_instead(admin_client, learner):
    from progress import services

    roadmap = roadmap_with(1, 2, 2)
    used, unused = Topic.objects.filter(step__roadmap=roadmap).order_by("position")
    services.mark_topic(learner=learner, topic=used, status="done")
    done = used.resources.first()
    services.mark_resource_done(learner=learner, resource=done, done=True)
    project = roadmap.projects.get()
    services.save_project_link(
        learner=learner, criterion=project.criteria.get(), url="https://github.com/ada/p"
    )

    for model, obj in ((Resource, done), (Topic, used), (Project, project)):
        url = f"/admin/roadmap/{model._meta.model_name}/{obj.pk}/delete/"
        response = admin_client.post(url, {"post": "yes"}, follow=True)
        assert response.status_code == 200
        assert "was archived instead of deleted" in response.content.decode()
        obj.refresh_from_db()
        assert obj.is_archived
    # Unused content really goes.
    url = f"/admin/roadmap/topic/{unused.pk}/delete/"
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Topic.objects.filter(pk=unused.pk).exists()
    # The learner's marks are kept; the page no longer shows what was archived.
    text = page_text(admin_client.get(roadmap.get_absolute_url()))
    assert used.title not in text and "A project" not in text


def test_archive_and_restore_actions(admin_client):
    roadmap = roadmap_with(1, 1, 2)
    resource = Resource.objects.filter(topic__step__roadmap=roadmap).first()
    data = {"action": "archive", "_selected_action": [resource.pk]}
    response = admin_client.post("/admin/roadmap/resource/", data, follow=True)
    assert "Archived 1 resources." in response.content.decode()
    assert resource.title not in page_text(admin_client.get(roadmap.get_absolute_url()))
    data["action"] = "restore"
    admin_client.post("/admin/roadmap/resource/", data)
    assert resource.title in page_text(admin_client.get(roadmap.get_absolute_url()))
