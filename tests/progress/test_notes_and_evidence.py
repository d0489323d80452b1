"""A learner keeps a private note and evidence links per step; the dashboard gathers them."""

import html

import pytest
from django.urls import reverse

from progress.models import EvidenceLink, StepProgress
from tests.helpers import csrf_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def third_step_notes_url(steps):
    return reverse("progress:step_notes", args=[steps[2].roadmap.slug, steps[2].slug])


def post(client, page, **data):
    token = csrf_token(client, page)
    return client.post(page, {**data, "csrfmiddlewaretoken": token})


def test_note_and_links_are_saved_and_shown_in_the_portfolio(
    signed_in_csrf_client, learner, steps, third_step_notes_url
):
    response = post(
        signed_in_csrf_client, third_step_notes_url, action="note", note="Built an image classifier"
    )
    assert response.status_code == 302
    response = post(
        signed_in_csrf_client,
        third_step_notes_url,
        action="evidence",
        url="https://github.com/ada/image-classifier",
        label="Image classifier repo",
    )
    assert response.status_code == 302

    progress = StepProgress.objects.get(learner=learner, step=steps[2])
    assert progress.note == "Built an image classifier"
    assert progress.status == "not_started"  # writing a note does not change the status
    dashboard = html.unescape(
        signed_in_csrf_client.get(reverse("progress:dashboard")).content.decode()
    )
    assert "Built an image classifier" in dashboard
    assert 'href="https://github.com/ada/image-classifier"' in dashboard
    assert "Image classifier repo" in dashboard


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "ftp://files.example.com/cert.pdf", "not a url", ""],
)
def test_only_http_and_https_links_are_accepted(signed_in_csrf_client, third_step_notes_url, url):
    response = post(
        signed_in_csrf_client, third_step_notes_url, action="evidence", url=url, label="x"
    )
    assert response.status_code == 200  # the form again, with its error
    assert "is-invalid" in response.content.decode()
    assert not EvidenceLink.objects.exists()


def test_learner_removes_their_own_link(signed_in_csrf_client, third_step_notes_url):
    post(
        signed_in_csrf_client,
        third_step_notes_url,
        action="evidence",
        url="https://cert.example/1",
        label="",
    )
    link = EvidenceLink.objects.get()
    token = csrf_token(signed_in_csrf_client, third_step_notes_url)
    response = signed_in_csrf_client.post(
        reverse("progress:delete_evidence", args=[link.pk]), {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert not EvidenceLink.objects.exists()
    assert StepProgress.objects.exists()  # the row (and its status) stays


def test_too_long_note_is_a_form_error(signed_in_csrf_client, third_step_notes_url):
    response = post(signed_in_csrf_client, third_step_notes_url, action="note", note="x" * 5001)
    assert response.status_code == 200
    assert "at most 5000 characters" in html.unescape(response.content.decode())
    assert not StepProgress.objects.exists()


def test_unknown_step_notes_is_a_404(learner_client, steps):
    url = reverse("progress:step_notes", args=[steps[0].roadmap.slug, "no-such-step"])
    assert learner_client.get(url).status_code == 404


def test_evidence_links_per_step_are_capped_with_a_clear_message(
    signed_in_csrf_client, learner, steps, third_step_notes_url, monkeypatch
):
    from progress.services import steps as services

    monkeypatch.setattr(services, "MAX_EVIDENCE_PER_STEP", 2)
    for n in range(2):
        response = post(
            signed_in_csrf_client,
            third_step_notes_url,
            action="evidence",
            url=f"https://e.org/{n}",
            label="",
        )
        assert response.status_code == 302
    response = post(
        signed_in_csrf_client,
        third_step_notes_url,
        action="evidence",
        url="https://e.org/3",
        label="",
    )
    assert response.status_code == 200
    assert "A step keeps at most 2 evidence links" in response.content.decode()
    assert EvidenceLink.objects.count() == 2


def test_evidence_links_per_learner_are_capped(learner, steps, monkeypatch):
    from progress.services import steps as services

    monkeypatch.setattr(services, "MAX_EVIDENCE_PER_LEARNER", 3)
    for n, step in enumerate(steps[:3]):
        services.add_evidence_link(learner=learner, step=step, url=f"https://e.org/{n}")
    with pytest.raises(services.EvidenceLimitReached, match="3 evidence links"):
        services.add_evidence_link(learner=learner, step=steps[4], url="https://e.org/x")
    assert EvidenceLink.objects.count() == 3


def test_a_new_link_goes_on_the_learners_own_row_never_anothers(learner, other_learner, steps):
    from progress.services import steps as services

    theirs = services.add_evidence_link(learner=other_learner, step=steps[1], url="https://o.org/")
    mine = services.add_evidence_link(learner=learner, step=steps[1], url="https://m.org/")

    assert mine.progress.learner == learner
    assert mine.progress_id != theirs.progress_id
    assert StepProgress.objects.get(learner=learner, step=steps[1]).evidence.get() == mine
    assert [link.url for link in EvidenceLink.objects.filter(progress__learner=other_learner)] == [
        "https://o.org/"
    ]
