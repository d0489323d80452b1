"""A signed-in learner marks steps on the roadmap page; the page and the database agree."""

import html
import re

import pytest

from progress.models import StepProgress
from progress.services import mark_step
from tests.helpers import csrf_token

from .conftest import status_url

pytestmark = pytest.mark.django_db


def step_buttons(response, step):
    """{status value: aria-pressed} of the step's status form on the page."""
    content = response.content.decode()
    action = re.escape(status_url(step))
    form = re.search(rf'<form[^>]*action="{action}"[^>]*>(.*?)</form>', content, re.S)
    assert form, f"no status form for {step.slug}"
    return dict(
        re.findall(r'name="status" value="(\w+)"[^>]*aria-pressed="(true|false)"', form[1], re.S)
    )


def test_learner_marks_a_step_and_sees_it_on_the_page(
    signed_in_csrf_client, learner, steps, post_status
):
    step = steps[1]
    response = post_status(signed_in_csrf_client, step, "done")

    assert response.status_code == 302
    # Back at the step, which says what marking it achieved (the `done` parameter names it).
    assert response["Location"] == f"{step.roadmap.get_absolute_url()}?done={step.slug}#{step.slug}"
    assert StepProgress.objects.get(learner=learner, step=step).status == "done"

    page = signed_in_csrf_client.get(step.roadmap.get_absolute_url())
    assert step_buttons(page, step) == {
        "not_started": "false",
        "in_progress": "false",
        "done": "true",
        "skipped": "false",
    }
    assert step_buttons(page, steps[0])["not_started"] == "true"
    text = html.unescape(page.content.decode())
    assert "1 of 6 steps done (17%)" in text
    assert 'aria-valuenow="1"' in text and 'aria-valuemax="6"' in text


def test_status_change_without_csrf_token_is_refused(signed_in_csrf_client, learner, steps):
    response = signed_in_csrf_client.post(status_url(steps[0]), {"status": "done"})
    assert response.status_code == 403
    assert not StepProgress.objects.exists()


def test_setting_the_same_status_twice_changes_nothing(learner, steps):
    first = mark_step(learner=learner, step=steps[0], status="done")
    again = mark_step(learner=learner, step=steps[0], status="done")
    stored = StepProgress.objects.get(pk=first.pk)

    assert StepProgress.objects.count() == 1
    assert again.pk == first.pk
    assert stored.updated_at == first.updated_at
    assert stored.completed_at == first.completed_at
    assert stored.started_at == first.started_at


def test_same_status_twice_through_the_page_keeps_one_unchanged_row(
    signed_in_csrf_client, learner, steps, post_status
):
    post_status(signed_in_csrf_client, steps[0], "in_progress")
    before = StepProgress.objects.get()
    post_status(signed_in_csrf_client, steps[0], "in_progress")
    after = StepProgress.objects.get()
    assert (after.pk, after.updated_at, after.started_at) == (
        before.pk,
        before.updated_at,
        before.started_at,
    )


def test_started_and_completed_timestamps_follow_the_status(learner, steps):
    step = steps[0]
    progress = mark_step(learner=learner, step=step, status="in_progress")
    assert progress.started_at is not None and progress.completed_at is None
    started = progress.started_at

    progress = mark_step(learner=learner, step=step, status="done")
    assert progress.started_at == started
    assert progress.completed_at is not None

    progress = mark_step(learner=learner, step=step, status="in_progress")
    assert progress.completed_at is None
    assert progress.started_at == started

    progress = mark_step(learner=learner, step=steps[1], status="skipped")
    assert progress.started_at is None and progress.completed_at is None


def test_json_variant_answers_status_and_totals(signed_in_csrf_client, steps, post_status):
    post_status(signed_in_csrf_client, steps[0], "done")
    response = post_status(signed_in_csrf_client, steps[1], "done", json=True)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["status"] == "done"
    assert data["status_label"] == "Done"
    assert (data["done"], data["total"], data["percent"]) == (2, 6, 33)
    assert data["label"] == "2 of 6 steps done (33%)"


def test_invalid_status_is_a_400_with_a_clear_message(signed_in_csrf_client, steps, post_status):
    response = post_status(signed_in_csrf_client, steps[0], "finished")
    assert response.status_code == 400
    assert "is not a status" in html.unescape(response.content.decode())

    response = post_status(signed_in_csrf_client, steps[0], "finished", json=True)
    assert response.status_code == 400
    assert "is not a status" in response.json()["error"]
    assert not StepProgress.objects.exists()


def test_unknown_step_or_roadmap_is_a_404(signed_in_csrf_client, steps):
    token = csrf_token(signed_in_csrf_client, steps[0].roadmap.get_absolute_url())
    data = {"status": "done", "csrfmiddlewaretoken": token}
    slug = steps[0].roadmap.slug
    assert (
        signed_in_csrf_client.post(f"/roadmaps/{slug}/steps/nope/status/", data).status_code == 404
    )
    assert (
        signed_in_csrf_client.post("/roadmaps/nope/steps/step-1/status/", data).status_code == 404
    )
    response = signed_in_csrf_client.post(
        f"/roadmaps/{slug}/steps/nope/status/", data, headers={"Accept": "application/json"}
    )
    assert response.status_code == 404 and response.json()["error"]


def test_marking_needs_post(signed_in_csrf_client, steps):
    assert signed_in_csrf_client.get(status_url(steps[0])).status_code == 405


def test_next_is_followed_only_when_it_stays_on_the_site(signed_in_csrf_client, steps, post_status):
    step = steps[2]
    response = post_status(signed_in_csrf_client, step, "done", next="https://evil.example/")
    # Back at the step, which says what marking it achieved (the `done` parameter names it).
    assert response["Location"] == f"{step.roadmap.get_absolute_url()}?done={step.slug}#{step.slug}"

    response = post_status(signed_in_csrf_client, step, "in_progress", next="/dashboard/")
    assert response["Location"] == "/dashboard/"
