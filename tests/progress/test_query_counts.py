"""The roadmap page and the dashboard run a fixed number of queries, with 6 steps or 60."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from progress.services import add_evidence_link, mark_step, save_step_note, set_plan
from quizzes.models import QuizAttempt
from roadmap.learner_pages import learner_changed
from tests.factories import QuizFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def with_progress(learner, roadmap):
    """Progress on every other step, a note and a link on a few, a plan, a quiz attempt."""
    steps = list(roadmap.steps.all())
    for i, step in enumerate(steps):
        mark_step(learner=learner, step=step, status=["done", "in_progress", "skipped"][i % 3])
        if i % 5 == 0:
            save_step_note(learner=learner, step=step, note=f"Note {i}")
            add_evidence_link(learner=learner, step=step, url=f"https://example.com/{i}")
    set_plan(learner=learner, roadmap=roadmap, start_date=date(2026, 1, 1))
    quiz = QuizFactory(roadmap=roadmap)
    QuizAttempt.objects.create(quiz=quiz, learner=learner, score=3, total=4, passed=True)
    return steps


def test_roadmap_page_query_count_is_the_same_with_6_and_60_steps(
    learner_client, learner, make_roadmap, django_assert_num_queries
):
    small = make_roadmap(6)
    with_progress(learner, small)
    ContentType.objects.clear_cache()  # read once per process: counted in both, whatever ran first
    expected, response = count_queries(learner_client, small.get_absolute_url())
    assert "2 of 6 steps done (33%)" in response.content.decode()

    large = make_roadmap(60)
    with_progress(learner, large)
    ContentType.objects.clear_cache()
    with django_assert_num_queries(expected):
        response = learner_client.get(large.get_absolute_url())
    assert "20 of 60 steps done (33%)" in response.content.decode()


def test_roadmap_page_query_count_for_a_visitor_with_session_progress(
    client, make_roadmap, django_assert_num_queries
):
    small, large = make_roadmap(6), make_roadmap(60)
    for roadmap in (small, large):
        for step in roadmap.steps.all()[:4]:
            url = reverse("progress:mark_step", args=[roadmap.slug, step.slug])
            client.post(url, {"status": "done"})
    expected, _ = count_queries(client, small.get_absolute_url())
    with django_assert_num_queries(expected):
        response = client.get(large.get_absolute_url())
    assert "4 of 60 steps done (7%)" in response.content.decode()


def test_dashboard_query_count_is_fixed_whatever_the_roadmaps_and_steps(
    learner_client, learner, make_roadmap, django_assert_num_queries
):
    with_progress(learner, make_roadmap(6))
    expected, response = count_queries(learner_client, reverse("progress:dashboard"))
    assert response.content.decode().count("data-dashboard-roadmap") == 1

    for _ in range(3):
        with_progress(learner, make_roadmap(60))
    with django_assert_num_queries(expected):
        response = learner_client.get(reverse("progress:dashboard"))
    content = response.content.decode()
    assert content.count("data-dashboard-roadmap") == 4
    assert "75%" in content  # the best quiz score (3 of 4)


def test_a_warm_dashboard_reads_no_content_and_shows_an_edit_at_once(
    learner_client, learner, make_roadmap, django_assert_num_queries
):
    roadmap = make_roadmap(6)
    with_progress(learner, roadmap)
    dashboard = reverse("progress:dashboard")
    warm, _ = count_queries(learner_client, dashboard, warm=True)
    step = roadmap.steps.get(slug="step-2")
    step.title = "Statistics, renamed"
    step.save()  # a content save: a new content version
    cold_after_edit, response = count_queries(learner_client, dashboard)
    assert "Statistics, renamed" in response.content.decode()
    assert cold_after_edit > warm  # the content was read again, once
    learner_changed(learner.pk)  # built again (the learner's own rows), the content cached
    with django_assert_num_queries(warm):
        learner_client.get(dashboard)
    with django_assert_num_queries(1):  # the session with the learner: the page as kept
        learner_client.get(dashboard)


def test_a_staff_member_sees_a_draft_they_started_on_their_dashboard(client, make_roadmap):
    from accounts.models import User

    staff = User.objects.create_user("editor", "editor@example.com", "pw-1234-long", is_staff=True)
    draft, published = make_roadmap(6), make_roadmap(6)
    draft.title, draft.status = "The draft roadmap", draft.Status.DRAFT
    draft.save()
    for roadmap in (draft, published):
        mark_step(learner=staff, step=roadmap.steps.first(), status="done")
    client.force_login(staff)
    page = client.get(reverse("progress:dashboard")).content.decode()
    assert page.count("data-dashboard-roadmap") == 2
    assert "The draft roadmap" in page
    staff.is_staff = False
    staff.save()
    page = client.get(reverse("progress:dashboard")).content.decode()
    assert page.count("data-dashboard-roadmap") == 1
    assert "The draft roadmap" not in page
