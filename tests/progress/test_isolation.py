"""A learner reads and changes only their own progress, notes and evidence."""

import html

import pytest
from django.urls import reverse

from progress.models import EvidenceLink, StepProgress
from progress.services import add_evidence_link, mark_step, save_step_note
from tests.helpers import csrf_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def adas_work(learner, steps):
    progress = save_step_note(learner=learner, step=steps[2], note="Ada's secret project plan")
    link = add_evidence_link(
        learner=learner, step=steps[2], url="https://github.com/ada/classifier", label="Ada repo"
    )
    mark_step(learner=learner, step=steps[2], status="done")
    return progress, link


def notes_url(step):
    return reverse("progress:step_notes", args=[step.roadmap.slug, step.slug])


def test_another_learner_cannot_delete_evidence(csrf_client, other_learner, adas_work, steps):
    _, link = adas_work
    csrf_client.force_login(other_learner)
    token = csrf_token(csrf_client, notes_url(steps[2]))
    url = reverse("progress:delete_evidence", args=[link.pk])
    response = csrf_client.post(url, {"csrfmiddlewaretoken": token})
    assert response.status_code == 404
    assert EvidenceLink.objects.filter(pk=link.pk).exists()


def test_another_learner_sees_and_changes_only_their_own_notes(
    csrf_client, other_learner, adas_work, steps
):
    progress, _ = adas_work
    csrf_client.force_login(other_learner)
    url = notes_url(steps[2])
    page = html.unescape(csrf_client.get(url).content.decode())
    assert "Ada's secret project plan" not in page
    assert "Ada repo" not in page

    token = csrf_token(csrf_client, url)
    csrf_client.post(url, {"action": "note", "note": "Grace's note", "csrfmiddlewaretoken": token})
    progress.refresh_from_db()
    assert progress.note == "Ada's secret project plan"
    assert StepProgress.objects.get(learner=other_learner).note == "Grace's note"


def test_another_learner_dashboard_and_page_do_not_show_my_progress(
    csrf_client, other_learner, adas_work, steps
):
    csrf_client.force_login(other_learner)
    dashboard = html.unescape(csrf_client.get(reverse("progress:dashboard")).content.decode())
    assert "Ada's secret project plan" not in dashboard
    assert steps[0].roadmap.title not in dashboard
    page = html.unescape(csrf_client.get(steps[0].roadmap.get_absolute_url()).content.decode())
    assert "0 of 6 steps done (0%)" in page


@pytest.mark.parametrize("name", ["dashboard", "notes"])
def test_learner_pages_need_a_login(client, steps, name):
    url = reverse("progress:dashboard") if name == "dashboard" else notes_url(steps[0])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_anonymous_cannot_set_a_plan_or_delete_evidence(client, adas_work, steps):
    _, link = adas_work
    plan_url = reverse("progress:set_plan", args=[steps[0].roadmap.slug])
    assert client.post(plan_url, {"start_date": "2026-01-01"}).status_code == 302
    client.post(reverse("progress:delete_evidence", args=[link.pk]))
    assert EvidenceLink.objects.filter(pk=link.pk).exists()
