"""An author ticks "significant change": learners who completed the step see what changed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from progress.models import StepProgress, StepRevision
from progress.queries import word_diff
from progress.services import mark_step, record_step_revision
from tests.helpers import post_with_token, readable_text

pytestmark = pytest.mark.django_db

NOTICE = "Updated since you completed it"


def admin_change(admin_client, step, *, significant, **changes):
    """Save the step's admin form with `changes`, ticking "significant change" or not."""
    url = reverse("admin:roadmap_step_change", args=[step.pk])
    data = {
        "roadmap": step.roadmap_id,
        "position": step.position,
        "slug": step.slug,
        "title": step.title,
        "summary": step.summary,
        "start_month": step.start_month,
        "end_month": step.end_month,
        "sources-citation-content_type-object_id-TOTAL_FORMS": 0,
        "sources-citation-content_type-object_id-INITIAL_FORMS": 0,
        "topics-TOTAL_FORMS": 0,
        "topics-INITIAL_FORMS": 0,
        **changes,
    }
    if significant:
        data["significant_change"] = "on"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def completed_long_ago(learner, step):
    mark_step(learner=learner, step=step, status="done")
    StepProgress.objects.filter(learner=learner, step=step).update(
        completed_at=timezone.now() - timedelta(days=3)
    )


def test_the_admin_form_offers_the_checkbox(admin_client, steps):
    page = admin_client.get(reverse("admin:roadmap_step_change", args=[steps[0].pk]))
    assert "Significant change (tell learners who completed this step)" in page.content.decode()


def test_a_significant_change_is_recorded_with_before_and_after(admin_client, steps):
    step = steps[0]
    admin_change(admin_client, step, significant=True, title="Learn Python", summary="New text.")

    revision = StepRevision.objects.get(step=step)
    assert (revision.old_title, revision.old_summary) == ("Step 1", "Do the thing.")
    assert (revision.new_title, revision.new_summary) == ("Learn Python", "New text.")
    assert revision.changed_by.is_superuser


def test_an_ordinary_edit_records_nothing(admin_client, steps):
    admin_change(admin_client, steps[0], significant=False, title="Typo fixed")
    assert not StepRevision.objects.exists()


def test_learner_who_completed_before_sees_the_change_on_the_step_and_dashboard(
    admin_client, learner, learner_client, other_learner, steps
):
    step = steps[1]
    completed_long_ago(learner, step)
    mark_step(learner=other_learner, step=steps[1], status="in_progress")
    admin_change(
        admin_client,
        step,
        significant=True,
        title="Study core ML algorithms",
        summary="Do the thing with scikit-learn.",
    )

    page = learner_client.get(step.roadmap.get_absolute_url())
    html = page.content.decode()
    assert html.count(NOTICE) == 1
    assert 'data-revision-notice="step-2"' in html
    assert "<strong>Step 2</strong>: Do the thing." in html  # before
    assert "<strong>Study core ML algorithms</strong>: Do the thing with scikit-learn." in html
    assert "Mark as reviewed" in html
    assert "<ins" in html and "with scikit-learn." in html  # the word diff marks what was added

    dashboard = learner_client.get(reverse("progress:dashboard")).content.decode()
    assert NOTICE in dashboard and "Study core ML algorithms" in dashboard

    other = learner_client.__class__()
    other.force_login(other_learner)  # in progress, not done: nothing to tell
    assert NOTICE not in other.get(step.roadmap.get_absolute_url()).content.decode()


def test_nobody_is_told_about_a_step_they_completed_after_the_change(
    learner, learner_client, steps
):
    record_step_revision(step=steps[0], old_title="Old", old_summary="Old summary")
    mark_step(learner=learner, step=steps[0], status="done")  # after the change

    assert NOTICE not in learner_client.get(steps[0].roadmap.get_absolute_url()).content.decode()
    assert NOTICE not in learner_client.get(reverse("progress:dashboard")).content.decode()


def test_mark_as_reviewed_hides_the_notice_until_the_next_change(csrf_client, learner, steps):
    csrf_client.force_login(learner)
    step, page = steps[2], steps[2].roadmap.get_absolute_url()
    completed_long_ago(learner, step)
    record_step_revision(step=step, old_title="Old", old_summary="Old summary")
    assert NOTICE in csrf_client.get(page).content.decode()

    url = reverse("progress:mark_reviewed", args=[step.roadmap.slug, step.slug])
    assert csrf_client.post(url).status_code == 403  # no CSRF token, no change
    response = post_with_token(csrf_client, page, url, {"next": f"{page}#{step.slug}"})
    assert response.status_code == 302
    assert response["Location"] == f"{page}#{step.slug}"
    assert NOTICE not in csrf_client.get(page).content.decode()
    assert StepProgress.objects.get(learner=learner, step=step).status == "done"

    later = StepRevision.objects.create(
        step=step,
        old_title=step.title,
        old_summary=step.summary,
        new_title="Renamed again",
        new_summary=step.summary,
        changed_at=timezone.now() + timedelta(minutes=1),
    )
    assert later.new_title in readable_text(csrf_client.get(page))
    assert NOTICE in csrf_client.get(page).content.decode()


def test_marking_reviewed_only_touches_the_learners_own_row(
    csrf_client, learner, other_learner, steps
):
    step = steps[0]
    completed_long_ago(learner, step)
    completed_long_ago(other_learner, step)
    record_step_revision(step=step, old_title="Old", old_summary="Old summary")

    csrf_client.force_login(other_learner)
    page = step.roadmap.get_absolute_url()
    url = reverse("progress:mark_reviewed", args=[step.roadmap.slug, step.slug])
    post_with_token(csrf_client, page, url)

    assert StepProgress.objects.get(learner=other_learner).reviewed_revision_at is not None
    assert StepProgress.objects.get(learner=learner).reviewed_revision_at is None


def test_two_changes_show_the_first_before_and_the_last_after(learner, learner_client, steps):
    step = steps[0]
    completed_long_ago(learner, step)
    now = timezone.now()
    StepRevision.objects.create(
        step=step,
        old_title="Original",
        old_summary="First words.",
        new_title="Middle",
        new_summary="Middle words.",
        changed_at=now - timedelta(days=2),
    )
    StepRevision.objects.create(
        step=step,
        old_title="Middle",
        old_summary="Middle words.",
        new_title="Final",
        new_summary="Final words.",
        changed_at=now - timedelta(days=1),
    )
    html = learner_client.get(step.roadmap.get_absolute_url()).content.decode()
    assert "<strong>Original</strong>: First words." in html
    assert "<strong>Final</strong>: Final words." in html
    assert "(2 changes)" in html


def test_marking_reviewed_needs_an_account(client, steps):
    url = reverse("progress:mark_reviewed", args=[steps[0].roadmap.slug, steps[0].slug])
    response = client.post(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_word_diff_marks_removed_and_added_words():
    assert word_diff("Learn Docker and MLflow", "Learn Docker and Kubernetes") == [
        ("same", "Learn Docker and"),
        ("del", "MLflow"),
        ("ins", "Kubernetes"),
    ]
    assert word_diff("a b c", "a b c d") == [("same", "a b c"), ("ins", "d")]
    assert word_diff("same", "same") == [("same", "same")]


def test_roadmap_page_queries_do_not_grow_with_pending_changes(
    learner, learner_client, make_roadmap, django_assert_num_queries
):
    def setup(n):
        roadmap = make_roadmap(n)
        for step in roadmap.steps.all():
            completed_long_ago(learner, step)
            record_step_revision(step=step, old_title="Old", old_summary="Old summary")
        return roadmap

    small, large = setup(6), setup(60)
    learner_client.get(small.get_absolute_url())  # warm the session and content caches
    learner_client.get(large.get_absolute_url())
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = learner_client.get(small.get_absolute_url())
    assert response.content.decode().count(NOTICE) == 6
    with django_assert_num_queries(len(queries)):
        response = learner_client.get(large.get_absolute_url())
    assert response.content.decode().count(NOTICE) == 60
