"""Visitors mark steps in their session; logging in (or signing up) merges them into the account."""

import html
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from progress.models import StepProgress
from progress.services import mark_step, merge_visitor_progress
from progress.visitors import VISITOR_SESSION_KEY
from tests.helpers import PASSWORD, csrf_token

pytestmark = pytest.mark.django_db


def log_in_with_form(client, user):
    """Log in through the real log-in form, with its CSRF token."""
    url = reverse("accounts:login")
    token = csrf_token(client, url)
    response = client.post(
        url, {"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def visitor_entry(client, step):
    return client.session[VISITOR_SESSION_KEY][str(step.pk)]


def test_visitor_marks_a_step_and_sees_it_kept_in_the_browser(csrf_client, steps, post_status):
    response = post_status(csrf_client, steps[0], "done")
    assert response.status_code == 302
    assert not StepProgress.objects.exists()
    assert visitor_entry(csrf_client, steps[0])["status"] == "done"

    page = html.unescape(csrf_client.get(steps[0].roadmap.get_absolute_url()).content.decode())
    assert "1 of 6 steps done (17%)" in page
    assert "kept in this browser" in page


def test_visitor_json_variant(csrf_client, steps, post_status):
    data = post_status(csrf_client, steps[0], "in_progress", json=True).json()
    assert (data["status"], data["done"], data["total"]) == ("in_progress", 0, 6)


def test_visitor_progress_is_merged_on_log_in_and_cleared(csrf_client, learner, steps, post_status):
    post_status(csrf_client, steps[0], "done")
    post_status(csrf_client, steps[1], "in_progress")

    log_in_with_form(csrf_client, learner)

    rows = {row.step_id: row for row in StepProgress.objects.filter(learner=learner)}
    assert rows[steps[0].pk].status == "done"
    assert rows[steps[0].pk].completed_at is not None
    assert rows[steps[1].pk].status == "in_progress"
    assert rows[steps[1].pk].started_at is not None
    assert VISITOR_SESSION_KEY not in csrf_client.session
    page = html.unescape(csrf_client.get(steps[0].roadmap.get_absolute_url()).content.decode())
    assert "1 of 6 steps done (17%)" in page


def test_visitor_progress_is_merged_on_sign_up(csrf_client, steps, post_status):
    post_status(csrf_client, steps[2], "done")
    url = reverse("accounts:signup")
    token = csrf_token(csrf_client, url)
    response = csrf_client.post(
        url,
        {
            "username": "newbie",
            "email": "newbie@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = StepProgress.objects.get(learner__username="newbie")
    assert (row.step_id, row.status) == (steps[2].pk, "done")


def test_force_login_fires_the_signal_too(client, learner, steps, post_status):
    """Django's test login goes through auth.login(), so user_logged_in merges the session."""
    client.post(
        reverse("progress:mark_step", args=[steps[0].roadmap.slug, steps[0].slug]),
        {"status": "skipped"},
    )
    client.force_login(learner)
    assert StepProgress.objects.get(learner=learner, step=steps[0]).status == "skipped"


def test_visitor_mark_newer_than_the_account_wins(csrf_client, learner, steps, post_status):
    step = steps[0]
    row = mark_step(learner=learner, step=step, status="in_progress")
    StepProgress.objects.filter(pk=row.pk).update(
        status_changed_at=timezone.now() - timedelta(days=2),
        updated_at=timezone.now() - timedelta(days=2),
        note="My notes on linear algebra",
    )
    post_status(csrf_client, step, "done")  # now: newer than the account's change

    log_in_with_form(csrf_client, learner)

    row.refresh_from_db()
    assert row.status == "done"
    assert row.note == "My notes on linear algebra"  # nothing else on the account is lost
    assert StepProgress.objects.filter(learner=learner).count() == 1


def test_account_status_newer_than_the_visitor_mark_wins(csrf_client, learner, steps, post_status):
    step = steps[0]
    post_status(csrf_client, step, "not_started")
    post_status(csrf_client, steps[1], "done")
    # The account changed the step after the visitor marked it (another device, later on).
    row = mark_step(learner=learner, step=step, status="done")
    later = timezone.now() + timedelta(minutes=5)
    StepProgress.objects.filter(pk=row.pk).update(status_changed_at=later, updated_at=later)

    log_in_with_form(csrf_client, learner)

    row.refresh_from_db()
    assert row.status == "done"
    # The visitor's other step, which the account never had, is kept.
    assert StepProgress.objects.get(learner=learner, step=steps[1]).status == "done"
    assert VISITOR_SESSION_KEY not in csrf_client.session


def test_merge_is_per_account(learner, other_learner, steps):
    """Two visitors on two browsers: each one's marks go to their own account only."""
    first, second = Client(), Client()
    url = reverse("progress:mark_step", args=[steps[0].roadmap.slug, steps[0].slug])
    first.post(url, {"status": "done"})
    second.post(url, {"status": "in_progress"})
    first.force_login(learner)
    second.force_login(other_learner)
    assert StepProgress.objects.get(learner=learner).status == "done"
    assert StepProgress.objects.get(learner=other_learner).status == "in_progress"


def test_merge_skips_entries_it_cannot_read(learner, steps):
    session = {
        VISITOR_SESSION_KEY: {
            str(steps[0].pk): {"status": "done", "updated_at": timezone.now().isoformat()},
            str(steps[1].pk): {"status": "finished", "updated_at": timezone.now().isoformat()},
            str(steps[2].pk): {"status": "done", "updated_at": "yesterday"},
            "999999": {"status": "done", "updated_at": timezone.now().isoformat()},
            "junk": "junk",
        }
    }
    assert merge_visitor_progress(learner=learner, session=session) == 1
    assert list(StepProgress.objects.values_list("step_id", "status")) == [(steps[0].pk, "done")]
    assert VISITOR_SESSION_KEY not in session
