"""A plan with hours a week: each step's finish date from its hours, the projected finish, on
track or behind by those dates, "Re-plan from today" keeping the earlier plan."""

import json
from datetime import UTC, date, datetime

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from accounts.services import delete_account
from progress import services
from progress.models import LearningPlan, PlanRevision, StepProgress, TopicProgress
from progress.queries import (
    StepHours,
    finish_dates,
    plan_moment,
    plan_schedule,
    roadmap_progress,
    step_hours,
)
from roadmap.models import Resource, Roadmap, Step, Topic
from tests.factories import RoadmapFactory, StepFactory
from tests.helpers import count_queries, csrf_token, page_text, readable_text

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 17)  # the suite's clock (tests/conftest.py FIXED_NOW)


def paced_roadmap(*steps_topic_hours, slug=None):
    """A published roadmap whose steps have topics of the given hours (one resource each, plus
    an alternative that must not count); a step given no hours keeps its month target."""
    roadmap = RoadmapFactory(**({"slug": slug} if slug else {}))
    resources = []
    for n, topic_hours in enumerate(steps_topic_hours):
        step = StepFactory(roadmap=roadmap, slug=f"s{n}", position=n, end_month=n + 1)
        for t, hours in enumerate(topic_hours):
            topic = Topic.objects.create(
                step=step, slug=f"t{t}", title=f"Topic {n}.{t}", explanation="Learn it.", position=t
            )
            for r, alternative in enumerate((False, True)):
                resources.append(
                    Resource(
                        topic=topic,
                        title=f"Resource {n}.{t}.{r}",
                        url=f"https://docs.example.org/{topic.pk}/{r}/",
                        kind="docs",
                        cost="free",
                        level="beginner",
                        hours=hours,
                        why="Why.",
                        position=r,
                        is_alternative=alternative,
                    )
                )
    Resource.objects.bulk_create(resources)
    return roadmap


def page_steps(roadmap):
    """The steps as the roadmap page reads them: topics and resources prefetched."""
    return list(Roadmap.objects.for_page().get(pk=roadmap.pk).steps.all())


def topic(roadmap, step, n):
    return Topic.objects.get(step__roadmap=roadmap, step__position=step, position=n)


def set_plan_by_form(client, roadmap, start, hours):
    token = csrf_token(client, roadmap.get_absolute_url())
    return client.post(
        reverse("progress:set_plan", args=[roadmap.slug]),
        {"start_date": start, "hours_per_week": hours, "csrfmiddlewaretoken": token},
    )


# The date arithmetic, at fixed dates.


def test_steps_are_laid_end_to_end_from_the_start_at_the_pace():
    steps = [Step(pk=i + 1, position=i, end_month=i + 1) for i in range(4)]
    rows = [
        StepHours(steps[0], hours=20, left_at_start=20, left=20),
        StepHours(steps[1], hours=15, left_at_start=15, left=15),
        StepHours(steps[2]),  # no hours: its month target (month 3)
        StepHours(steps[3], hours=35, left_at_start=35, left=35),
    ]
    dates = finish_dates(start_date=date(2027, 1, 4), hours_per_week=10, step_hours=rows)
    assert dates == {
        1: date(2027, 1, 18),  # 20 hours at 10 a week: 14 days
        2: date(2027, 1, 29),  # 35 hours: 24.5 days, rounded up to 25
        3: date(2027, 4, 4),  # the start plus 3 months
        4: date(2027, 2, 22),  # 70 hours: 49 days
    }


def test_work_settled_before_the_start_counts_nothing_and_the_pace_scales_the_dates():
    steps = [Step(pk=1, position=0, end_month=1), Step(pk=2, position=1, end_month=2)]
    rows = [
        StepHours(steps[0], hours=40, left_at_start=0, left=0),  # done before the plan
        StepHours(steps[1], hours=40, left_at_start=30, left=30),  # 10 hours ticked before
    ]
    at_5 = finish_dates(start_date=date(2027, 3, 1), hours_per_week=5, step_hours=rows)
    at_20 = finish_dates(start_date=date(2027, 3, 1), hours_per_week=20, step_hours=rows)
    assert at_5 == {1: date(2027, 3, 1), 2: date(2027, 4, 12)}  # 30 hours: 6 weeks
    assert at_20 == {1: date(2027, 3, 1), 2: date(2027, 3, 12)}  # 10.5 days: 11


def test_the_projected_finish_counts_the_hours_left_from_today_or_from_a_start_to_come():
    steps = [Step(pk=1, position=0, end_month=1), Step(pk=2, position=1, end_month=9)]
    rows = [StepHours(steps[0], hours=30, left_at_start=30, left=12), StepHours(steps[1])]
    started = plan_schedule(
        start_date=date(2026, 5, 1), hours_per_week=6, step_hours=rows[:1], statuses={}, today=TODAY
    )
    assert started.hours_left == 12
    assert started.projected_finish == date(2026, 7, 1)  # 12 hours at 6 a week from today
    to_come = plan_schedule(
        start_date=date(2026, 9, 1), hours_per_week=6, step_hours=rows[:1], statuses={}, today=TODAY
    )
    assert to_come.projected_finish == date(2026, 9, 15)
    # A step without hours, not done, holds the finish back to its month target.
    with_months = plan_schedule(
        start_date=date(2026, 5, 1), hours_per_week=6, step_hours=rows, statuses={}, today=TODAY
    )
    assert with_months.projected_finish == date(2027, 2, 1)
    done = plan_schedule(
        start_date=date(2026, 5, 1),
        hours_per_week=6,
        step_hours=[StepHours(steps[0], hours=30, left_at_start=30, left=0)],
        statuses={1: "done"},
        today=TODAY,
    )
    assert done.projected_finish is None


def test_a_steps_hours_left_are_its_hours_less_its_topics_ticked_and_none_once_settled(
    learner, clock
):
    roadmap = paced_roadmap([4, 6, 10], [8])
    clock.move_to(datetime(2026, 5, 30, 12, tzinfo=UTC))
    services.mark_topic(learner=learner, topic=topic(roadmap, 0, 0), status="done")  # before
    clock.move_to(datetime(2026, 6, 10, 12, tzinfo=UTC))
    services.mark_topic(learner=learner, topic=topic(roadmap, 0, 1), status="skipped")  # after
    services.mark_step(learner=learner, step=roadmap.steps.get(position=1), status="done")
    plan = services.set_plan(
        learner=learner, roadmap=roadmap, start_date=date(2026, 6, 1), hours_per_week=10
    )
    progress = reader_progress(learner, roadmap)
    rows = {row.step.position: row for row in plan_step_hours(learner, roadmap, plan)}
    assert (rows[0].hours, rows[0].left_at_start, rows[0].left) == (20, 16, 10)
    assert (rows[1].hours, rows[1].left_at_start, rows[1].left) == (8, 8, 0)
    # 16 hours, then 24: from 1 June at 10 a week.
    assert progress.schedule.finish_dates == {
        rows[0].step.pk: date(2026, 6, 13),
        rows[1].step.pk: date(2026, 6, 18),
    }
    # 17 June: step 1's date (13 June) has passed and it is not done.
    assert progress.plan_status.overdue_step == rows[0].step
    assert progress.plan_status.label == "Less than a week behind"
    assert progress.projected_finish == date(2026, 6, 24)  # 10 hours left at 10 a week


def reader_progress(learner, roadmap, today=TODAY):
    """The learner's RoadmapProgress as the roadmap page builds it."""
    request = RequestFactory().get("/")
    request.user = learner
    return roadmap_progress(request, Roadmap.objects.for_page().get(pk=roadmap.pk), today=today)


def plan_step_hours(learner, roadmap, plan):
    rows = StepProgress.objects.for_learner(learner)
    ticks = TopicProgress.objects.for_learner(learner)
    return step_hours(
        page_steps(roadmap),
        statuses={row.step_id: row.status for row in rows},
        step_changed={row.step_id: row.status_changed_at for row in rows},
        topic_ticks={row.topic_id: (row.status, row.status_changed_at) for row in ticks},
        since=plan_moment(plan, learner.zone),
    )


# The pages.


def test_the_page_shows_each_steps_finish_date_and_the_projected_finish(
    signed_in_csrf_client, learner
):
    roadmap = paced_roadmap([10, 10], [30], [], [5])
    response = set_plan_by_form(signed_in_csrf_client, roadmap, "2026-06-15", "10")
    assert response.status_code == 302
    plan = LearningPlan.objects.get(learner=learner, roadmap=roadmap)
    assert (plan.start_date, plan.hours_per_week) == (date(2026, 6, 15), 10)

    page = readable_text(signed_in_csrf_client.get(roadmap.get_absolute_url()))
    assert "Finish by 29 June 2026" in page  # 20 hours from 15 June at 10 a week
    assert "Finish by 20 July 2026" in page  # 50 hours
    assert "Finish by 15 September 2026" in page  # no hours: the end of month 3
    assert "Finish by 24 July 2026" in page  # 55 hours
    # 55 hours from today would be 26 July; the step without hours holds it to its month.
    assert "Projected finish: 15 September 2026 (55 hours left at 10 a week)" in page
    assert "On track" in page
    assert "Re-plan from today" not in page
    assert 'name="hours_per_week" value="10"' in page_text(
        signed_in_csrf_client.get(roadmap.get_absolute_url())
    )


def test_a_done_step_has_no_date_and_ticking_topics_later_does_not_move_the_dates(
    signed_in_csrf_client, learner
):
    roadmap = paced_roadmap([10, 10], [30])
    services.set_plan(
        learner=learner, roadmap=roadmap, start_date=date(2026, 6, 15), hours_per_week=10
    )
    services.mark_topic(learner=learner, topic=topic(roadmap, 1, 0), status="done")
    services.mark_step(learner=learner, step=roadmap.steps.get(position=0), status="done")
    page = readable_text(signed_in_csrf_client.get(roadmap.get_absolute_url()))
    assert "Finish by 29 June 2026" not in page  # step 1 is done
    assert "Finish by 20 July 2026" in page  # unchanged: the work was done during the plan
    assert "Projected finish: 17 June 2026 (0 hours left" not in page
    assert "Projected finish: 17 June 2026" not in page  # nothing left is no projection


def test_without_hours_a_week_the_month_targets_count(signed_in_csrf_client, learner):
    roadmap = paced_roadmap([10], [10])
    response = set_plan_by_form(signed_in_csrf_client, roadmap, "2026-01-10", "")
    assert response.status_code == 302
    assert LearningPlan.objects.get().hours_per_week is None
    page = readable_text(signed_in_csrf_client.get(roadmap.get_absolute_url()))
    assert "Finish by 10 February 2026" in page and "Finish by 10 March 2026" in page
    assert "Projected finish: 10 March 2026" in page
    assert "18 weeks behind" in page  # 10 February to 17 June: the month rule
    assert "Re-plan from today" in page


def test_behind_then_re_plan_from_today_moves_the_dates_and_keeps_the_earlier_plan(
    signed_in_csrf_client, learner
):
    roadmap = paced_roadmap([10, 10], [30])
    services.set_plan(
        learner=learner, roadmap=roadmap, start_date=date(2026, 4, 1), hours_per_week=10
    )
    services.mark_topic(learner=learner, topic=topic(roadmap, 0, 0), status="done")
    page = readable_text(signed_in_csrf_client.get(roadmap.get_absolute_url()))
    assert "9 weeks behind" in page  # step 1 due 15 April
    assert "Finish by 15 April 2026" in page
    assert "Re-plan from today" in page

    token = csrf_token(signed_in_csrf_client, roadmap.get_absolute_url())
    response = signed_in_csrf_client.post(
        reverse("progress:replan", args=[roadmap.slug]), {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    plan = LearningPlan.objects.get()
    assert plan.start_date == TODAY and plan.hours_per_week == 10
    revision = PlanRevision.objects.get()
    assert (revision.plan, revision.start_date, revision.hours_per_week) == (
        plan,
        date(2026, 4, 1),
        10,
    )
    assert revision.reason == PlanRevision.Reason.REPLANNED

    page = readable_text(signed_in_csrf_client.get(roadmap.get_absolute_url()))
    assert "On track" in page and "Re-plan from today" not in page
    # The topic ticked today, before the re-plan, is done: 10 hours left, then 40.
    assert "Finish by 24 June 2026" in page
    assert "Finish by 15 July 2026" in page
    assert "Earlier plans" in page
    assert "From 1 April 2026 at 10 hours a week: re-planned from today on 17 June 2026." in page


def test_changing_the_plan_keeps_the_earlier_one_and_the_same_plan_twice_changes_nothing(
    learner, roadmap
):
    services.set_plan(learner=learner, roadmap=roadmap, start_date=date(2026, 1, 1))
    services.set_plan(learner=learner, roadmap=roadmap, start_date=date(2026, 1, 1))
    assert not PlanRevision.objects.exists()
    services.set_plan(
        learner=learner, roadmap=roadmap, start_date=date(2026, 1, 1), hours_per_week=8
    )
    revision = PlanRevision.objects.get()
    assert (revision.start_date, revision.hours_per_week, revision.reason) == (
        date(2026, 1, 1),
        None,
        PlanRevision.Reason.CHANGED,
    )


@pytest.mark.parametrize("value", ["0", "81", "-3", "2.5", "ten", "1e3"])
def test_invalid_hours_a_week_is_a_form_error(signed_in_csrf_client, roadmap, value):
    response = set_plan_by_form(signed_in_csrf_client, roadmap, "2026-06-01", value)
    assert response.status_code == 200
    body = readable_text(response)
    assert "is-invalid" in response.content.decode()
    assert "Enter a whole number of hours a week from 1 to 80." in body
    assert not LearningPlan.objects.exists()


def test_re_plan_is_a_post_for_a_learner_with_a_plan(
    signed_in_csrf_client, csrf_client, learner, roadmap
):
    url = reverse("progress:replan", args=[roadmap.slug])
    assert signed_in_csrf_client.get(url).status_code == 405
    token = csrf_token(signed_in_csrf_client, roadmap.get_absolute_url())
    assert signed_in_csrf_client.post(url, {"csrfmiddlewaretoken": token}).status_code == 404
    signed_in_csrf_client.logout()
    response = csrf_client.post(url)
    assert response.status_code in (302, 403)
    assert not PlanRevision.objects.exists()


# Query counts: the plan adds no query per step or topic.


def test_a_paced_plan_runs_the_same_queries_whatever_the_content_size(client, learner):
    small = paced_roadmap(*[[1] * 5] * 6)
    large = paced_roadmap(*[[1] * 10] * 60)
    client.force_login(learner)
    for roadmap in (small, large):
        services.set_plan(
            learner=learner, roadmap=roadmap, start_date=date(2026, 1, 1), hours_per_week=5
        )
        services.mark_topic(learner=learner, topic=topic(roadmap, 0, 0), status="done")
        services.replan_from_today(learner=learner, roadmap=roadmap)  # an earlier plan listed
    client.get(small.get_absolute_url())
    counts = {}
    for roadmap in (small, large):
        cache.clear()
        counts[roadmap.pk], response = count_queries(client, roadmap.get_absolute_url())
        assert "Finish by" in readable_text(response)
        assert "Earlier plans" in readable_text(response)
    assert counts[small.pk] == counts[large.pk]

    dashboard = reverse("progress:dashboard")
    expected, response = count_queries(client, dashboard, warm=True)
    assert "Projected finish" in readable_text(response)
    paced_roadmap(*[[2] * 10] * 30, slug="third")
    third = Roadmap.objects.get(slug="third")
    services.set_plan(learner=learner, roadmap=third, start_date=TODAY, hours_per_week=3)
    assert count_queries(client, dashboard, warm=True)[0] == expected


# The learner's data.


def test_the_export_has_the_plan_and_its_history_and_deletion_removes_them(
    client, learner, roadmap
):
    services.set_plan(learner=learner, roadmap=roadmap, start_date=date(2026, 1, 1))
    services.set_plan(
        learner=learner, roadmap=roadmap, start_date=date(2026, 1, 1), hours_per_week=6
    )
    services.replan_from_today(learner=learner, roadmap=roadmap)
    client.force_login(learner)
    data = json.loads(client.get(reverse("accounts:export")).content)
    [plan] = data["plans"]
    assert (plan["start_date"], plan["hours_per_week"]) == ("2026-06-17", 6)
    assert plan["replanned_at"].startswith("2026-06-17T10:30")
    assert [(p["start_date"], p["hours_per_week"], p["reason"]) for p in plan["earlier_plans"]] == [
        ("2026-01-01", 6, "replanned"),
        ("2026-01-01", None, "changed"),
    ]

    delete_account(learner=learner)
    assert not LearningPlan.objects.exists()
    assert not PlanRevision.objects.exists()
