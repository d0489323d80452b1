"""Archived steps leave the page and the totals; the learner's rows on them stay."""

import html

import pytest
from django.urls import reverse

from progress.models import StepProgress
from progress.services import mark_step, save_step_note

pytestmark = pytest.mark.django_db


def test_archived_steps_are_not_counted_and_their_rows_stay(learner_client, learner, steps):
    mark_step(learner=learner, step=steps[0], status="done")
    mark_step(learner=learner, step=steps[5], status="done")
    save_step_note(learner=learner, step=steps[5], note="Notes on the retired step")
    steps[5].is_archived = True
    steps[5].save()

    page = html.unescape(learner_client.get(steps[0].roadmap.get_absolute_url()).content.decode())
    assert "1 of 5 steps done (20%)" in page
    assert reverse("progress:mark_step", args=[steps[5].roadmap.slug, steps[5].slug]) not in page

    assert StepProgress.objects.filter(learner=learner).count() == 2
    dashboard = html.unescape(learner_client.get(reverse("progress:dashboard")).content.decode())
    assert "1 of 5 steps done (20%)" in dashboard
    assert "Notes on the retired step" in dashboard  # the portfolio keeps it


def test_an_archived_step_cannot_be_marked(signed_in_csrf_client, steps, post_status):
    steps[5].is_archived = True
    steps[5].save()
    response = post_status(signed_in_csrf_client, steps[5], "done")
    assert response.status_code == 404
    assert not StepProgress.objects.exists()


def test_json_totals_leave_archived_steps_out(signed_in_csrf_client, steps, post_status):
    steps[5].is_archived = True
    steps[5].save()
    data = post_status(signed_in_csrf_client, steps[0], "done", json=True).json()
    assert (data["done"], data["total"], data["label"]) == (1, 5, "1 of 5 steps done (20%)")
