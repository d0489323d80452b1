"""The plan: a start date gives each step a target date; on track or N weeks behind."""

import html
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from progress.models import LearningPlan
from progress.queries import add_months, plan_status
from progress.services import mark_step, set_plan
from roadmap.models import Step
from tests.helpers import csrf_token

pytestmark = pytest.mark.django_db


def steps_with_months(*end_months):
    return [
        Step(pk=i + 1, position=i, slug=f"s{i}", start_month=m, end_month=m)
        for i, m in enumerate(end_months)
    ]


def test_add_months_keeps_the_day_or_the_month_end():
    assert add_months(date(2026, 1, 15), 1) == date(2026, 2, 15)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 3, 1), 12) == date(2027, 3, 1)


def test_on_track_when_every_passed_target_is_done():
    steps = steps_with_months(1, 3, 6)
    # Targets: 1 Feb, 1 Apr, 1 Jul 2026. On 10 April the first two have passed.
    status = plan_status(
        start_date=date(2026, 1, 1),
        steps=steps,
        statuses={1: "done", 2: "done"},
        today=date(2026, 4, 10),
    )
    assert status.on_track
    assert status.label == "On track"
    assert status.next_target == date(2026, 7, 1)


def test_behind_is_measured_from_the_earliest_overdue_unfinished_target():
    steps = steps_with_months(1, 3, 6)
    status = plan_status(
        start_date=date(2026, 1, 1),
        steps=steps,
        statuses={1: "done", 2: "in_progress"},
        today=date(2026, 4, 23),  # 22 days after the 1 April target of step 2
    )
    assert not status.on_track
    assert status.overdue_step.pk == 2
    assert status.weeks_behind == 3
    assert status.label == "3 weeks behind"

    status = plan_status(
        start_date=date(2026, 1, 1), steps=steps, statuses={}, today=date(2026, 4, 23)
    )
    assert status.overdue_step.pk == 1  # target 1 February: 81 days
    assert status.label == "11 weeks behind"


def test_target_day_itself_is_not_overdue_and_skipped_steps_do_not_hold_you_back():
    steps = steps_with_months(1, 2)
    on_target_day = plan_status(
        start_date=date(2026, 1, 1), steps=steps, statuses={}, today=date(2026, 2, 1)
    )
    assert on_target_day.on_track
    day_after = plan_status(
        start_date=date(2026, 1, 1), steps=steps, statuses={}, today=date(2026, 2, 2)
    )
    assert day_after.label == "Less than a week behind"
    skipped = plan_status(
        start_date=date(2026, 1, 1),
        steps=steps,
        statuses={1: "skipped"},
        today=date(2026, 2, 20),
    )
    assert skipped.on_track


def test_learner_sets_a_plan_and_the_page_and_dashboard_show_its_status(
    signed_in_csrf_client, learner, steps
):
    roadmap = steps[0].roadmap
    url = reverse("progress:set_plan", args=[roadmap.slug])
    start = timezone.localdate() - timedelta(days=75)  # step 1's target (1 month) is ~6 weeks ago
    token = csrf_token(signed_in_csrf_client, roadmap.get_absolute_url())
    response = signed_in_csrf_client.post(
        url, {"start_date": start.isoformat(), "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert LearningPlan.objects.get(learner=learner, roadmap=roadmap).start_date == start

    page = html.unescape(signed_in_csrf_client.get(roadmap.get_absolute_url()).content.decode())
    assert "weeks behind" in page
    assert f'value="{start.isoformat()}"' in page  # the form shows the current start date

    mark_step(learner=learner, step=steps[0], status="done")
    mark_step(learner=learner, step=steps[1], status="done")
    page = html.unescape(signed_in_csrf_client.get(roadmap.get_absolute_url()).content.decode())
    assert "On track" in page
    dashboard = html.unescape(
        signed_in_csrf_client.get(reverse("progress:dashboard")).content.decode()
    )
    assert "On track" in dashboard


def test_moving_the_start_date_keeps_one_plan(learner, roadmap):
    set_plan(learner=learner, roadmap=roadmap, start_date=date(2026, 1, 1))
    set_plan(learner=learner, roadmap=roadmap, start_date=date(2026, 3, 1))
    assert LearningPlan.objects.get().start_date == date(2026, 3, 1)


@pytest.mark.parametrize("value", ["", "not-a-date", "1850-01-01"])
def test_invalid_start_date_is_a_form_error(signed_in_csrf_client, roadmap, value):
    token = csrf_token(signed_in_csrf_client, roadmap.get_absolute_url())
    response = signed_in_csrf_client.post(
        reverse("progress:set_plan", args=[roadmap.slug]),
        {"start_date": value, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not LearningPlan.objects.exists()
