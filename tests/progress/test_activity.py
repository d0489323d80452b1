"""The dashboard's activity calendar: active days, levels, streaks, this week, time zones."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from progress import services
from progress.activity import activity_calendar, level_for, streaks
from progress.models import ActivityEvent, ActivityKind
from quizzes.models import QuizAttempt
from tests.clock import EDGE_IDS, EDGES
from tests.factories import QuizFactory

TODAY = date(2025, 3, 12)  # a Wednesday


def at(day, hour=12, minute=0, tz=UTC):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)


def log(learner, day, *, kind=ActivityKind.STEP, step=None, times=1, hour=12, minute=0):
    ActivityEvent.objects.bulk_create(
        ActivityEvent(learner=learner, kind=kind, step=step, occurred_at=at(day, hour, minute))
        for _ in range(times)
    )


def day_of(calendar, value):
    return next(day for day in calendar.days if day.date == value)


# ---------- Streaks ----------


def days_back(*offsets, today=TODAY):
    return [today - timedelta(days=offset) for offset in offsets]


def test_current_streak_counts_back_from_today():
    assert streaks(days_back(0, 1, 2), TODAY) == (3, 3)


def test_current_streak_is_still_alive_when_only_yesterday_was_active():
    assert streaks(days_back(1, 2, 3, 4), TODAY) == (4, 4)


def test_current_streak_breaks_on_a_missed_day():
    # Active two and three days ago, nothing yesterday or today: the streak is over.
    assert streaks(days_back(2, 3), TODAY) == (0, 2)
    # A gap inside: only the days since the gap count.
    assert streaks(days_back(0, 1, 3, 4, 5, 6), TODAY) == (2, 4)


def test_longest_streak_is_the_longest_run_in_the_whole_history():
    runs = days_back(0) + days_back(*range(10, 22)) + days_back(*range(400, 405))
    assert streaks(runs, TODAY) == (1, 12)


def test_no_activity_means_no_streak():
    assert streaks([], TODAY) == (0, 0)


# ---------- Levels ----------


@pytest.mark.parametrize(
    ("count", "level"),
    [(0, 0), (1, 1), (2, 1), (3, 2), (5, 2), (6, 3), (9, 3), (10, 4), (250, 4)],
)
def test_level_thresholds(count, level):
    assert level_for(count) == level


def test_busier_days_are_drawn_darker(learner, learner_client):
    today = timezone.localdate()
    log(learner, today - timedelta(days=1), times=1)
    log(learner, today - timedelta(days=2), times=4)
    log(learner, today - timedelta(days=3), times=12)
    text = learner_client.get(reverse("progress:dashboard")).content.decode()
    classes = {
        day: re.search(rf'class="activity-day (level-\d)"[^>]*data-date="{day:%Y-%m-%d}"', text)[1]
        for day in (today - timedelta(days=n) for n in range(0, 4))
    }
    assert [classes[today - timedelta(days=n)] for n in range(4)] == [
        "level-0",
        "level-1",
        "level-2",
        "level-4",
    ]


# ---------- What counts ----------


def test_every_status_change_counts_on_its_own_day(learner, steps):
    """StepProgress keeps only the last change; the log keeps each one."""
    step = steps[0]
    services.mark_step(learner=learner, step=step, status="in_progress")
    services.mark_step(learner=learner, step=step, status="in_progress")  # no change
    services.mark_step(learner=learner, step=step, status="done")
    assert ActivityEvent.objects.filter(learner=learner, kind=ActivityKind.STEP).count() == 2
    first, second = ActivityEvent.objects.filter(learner=learner).order_by("id")
    ActivityEvent.objects.filter(pk=first.pk).update(occurred_at=at(TODAY - timedelta(days=1)))
    ActivityEvent.objects.filter(pk=second.pk).update(occurred_at=at(TODAY))

    calendar = activity_calendar(learner, today=TODAY)
    assert day_of(calendar, TODAY - timedelta(days=1)).steps == 1
    assert day_of(calendar, TODAY).steps == 1
    assert calendar.current_streak == 2


def test_notes_evidence_and_quizzes_count(learner, steps):
    step = steps[0]
    services.save_step_note(learner=learner, step=step, note="Read chapter 1")
    services.save_step_note(learner=learner, step=step, note="Read chapter 1")  # unchanged
    services.add_evidence_link(learner=learner, step=step, url="https://example.com/repo")
    attempt = QuizAttempt.objects.create(quiz=QuizFactory(roadmap=step.roadmap), learner=learner)
    QuizAttempt.objects.filter(pk=attempt.pk).update(submitted_at=at(TODAY, 9))
    ActivityEvent.objects.update(occurred_at=at(TODAY, 8))

    today = day_of(activity_calendar(learner, today=TODAY), TODAY)
    assert (today.steps, today.notes, today.quizzes, today.count) == (0, 2, 1, 3)


def test_only_the_learners_own_activity_counts(learner, other_learner):
    log(other_learner, TODAY, times=5)
    QuizAttempt.objects.create(quiz=QuizFactory(), learner=None)  # a visitor's attempt
    calendar = activity_calendar(learner, today=TODAY)
    assert calendar.active_days == 0
    assert calendar.total == 0


def test_the_calendar_covers_53_monday_based_weeks_up_to_today(learner):
    calendar = activity_calendar(learner, today=TODAY)
    assert calendar.start == date(2024, 3, 11)  # a Monday, 52 weeks before this week's
    assert calendar.start.weekday() == 0
    assert calendar.days[0].date == calendar.start
    assert calendar.days[-1].date == TODAY
    assert len(calendar.days) == 52 * 7 + 3  # Monday to Wednesday this week
    # Older activity is outside the picture but still part of the longest streak.
    log(learner, calendar.start - timedelta(days=1))
    log(learner, calendar.start - timedelta(days=2))
    calendar = activity_calendar(learner, today=TODAY)
    assert calendar.active_days == 0
    assert calendar.longest_streak == 2


def test_this_week_counts_distinct_steps_changed_since_monday(learner, steps):
    monday = TODAY - timedelta(days=TODAY.weekday())
    log(learner, monday, step=steps[0], times=3)  # one step, three changes
    log(learner, TODAY, step=steps[1])
    log(learner, monday - timedelta(days=1), step=steps[2])  # last Sunday
    log(learner, TODAY, kind=ActivityKind.NOTE, step=steps[3])  # a note, not a status
    assert activity_calendar(learner, today=TODAY).week_steps == 2


# ---------- Time zones ----------


def test_an_evening_in_utc_is_the_next_day_in_berlin(learner):
    log(learner, date(2025, 3, 4), hour=23, minute=30)

    learner.time_zone = "UTC"
    calendar = activity_calendar(learner, today=TODAY)
    assert day_of(calendar, date(2025, 3, 4)).count == 1
    assert day_of(calendar, date(2025, 3, 5)).count == 0

    learner.time_zone = "Europe/Berlin"
    calendar = activity_calendar(learner, today=TODAY)
    assert day_of(calendar, date(2025, 3, 4)).count == 0
    assert day_of(calendar, date(2025, 3, 5)).count == 1


def test_quiz_attempts_are_counted_in_the_learners_zone(learner):
    attempt = QuizAttempt.objects.create(quiz=QuizFactory(), learner=learner)
    QuizAttempt.objects.filter(pk=attempt.pk).update(submitted_at=at(date(2025, 3, 4), 23, 30))
    learner.time_zone = "Europe/Berlin"
    assert day_of(activity_calendar(learner, today=TODAY), date(2025, 3, 5)).quizzes == 1


def test_the_week_starts_on_monday_in_the_learners_zone(learner, steps):
    # Sunday 9 March 23:30 UTC is Monday 10 March 00:30 in Berlin: this week there, not in UTC.
    log(learner, date(2025, 3, 9), step=steps[0], hour=23, minute=30)
    learner.time_zone = "UTC"
    assert activity_calendar(learner, today=TODAY).week_steps == 0
    learner.time_zone = "Europe/Berlin"
    assert activity_calendar(learner, today=TODAY).week_steps == 1


def test_an_unknown_zone_falls_back_to_utc(learner):
    log(learner, date(2025, 3, 4), hour=23, minute=30)
    learner.time_zone = "Mars/Olympus_Mons"
    assert day_of(activity_calendar(learner, today=TODAY), date(2025, 3, 4)).count == 1


# ---------- The page ----------


@pytest.mark.parametrize("instant", EDGES, ids=EDGE_IDS)
def test_dashboard_describes_the_calendar_for_screen_readers(learner, client, clock, instant):
    clock.move_to(instant, tick=False)
    client.force_login(learner)
    today = timezone.localdate()
    logged = {today: 2, today - timedelta(days=1): 1, today - timedelta(days=5): 1}
    for day, times in logged.items():
        log(learner, day, times=times)
    text = client.get(reverse("progress:dashboard")).content.decode()
    assert (
        'role="img" aria-label="3 active days in the last year; current streak 2 days; '
        'longest 2 days"'
    ) in text
    assert "<summary>Activity by month</summary>" in text
    assert re.search(r"data-current-streak>2 days<", text)
    assert re.search(r"data-longest-streak>2 days<", text)
    assert 'href="/static/css/activity.css"' in text or "css/activity" in text
    # Each month's row counts the days and the changes logged in it, also across a month's edge.
    for first in {day.replace(day=1) for day in logged}:
        in_month = {day: n for day, n in logged.items() if day.replace(day=1) == first}
        month = first.strftime("%B %Y")
        row = re.search(rf"<th scope=\"row\">{month}</th>(.*?)</tr>", text, re.S)[1]
        cells = [int(n) for n in re.findall(r"<td[^>]*>(\d+)</td>", row)]
        total = sum(in_month.values())
        assert cells == [len(in_month), total, 0, 0, total]


def test_a_new_learner_sees_an_encouraging_empty_state_not_a_year_of_empty_squares(
    learner_client,
):
    text = learner_client.get(reverse("progress:dashboard")).content.decode()
    assert "data-week-steps>0 steps<" in text
    assert "data-activity-empty" in text
    assert "Your first square is one step away." in text
    assert "activity-day" not in text and "data-activity-table" not in text


def test_the_calendar_replaces_the_empty_state_after_the_first_activity(
    learner_client, learner, roadmap
):
    services.mark_step(learner=learner, step=roadmap.steps.first(), status="in_progress")
    text = learner_client.get(reverse("progress:dashboard")).content.decode()
    assert "data-activity-empty" not in text
    assert 'aria-label="1 active day in the last year' in text


# ---------- Fixed number of queries ----------


def history(learner, days, quiz):
    """Activity on `days` distinct days back from today: a status change, a note, a quiz."""
    now = timezone.now()
    events = []
    for n in range(days):
        when = now - timedelta(days=n)
        events.append(ActivityEvent(learner=learner, kind=ActivityKind.STEP, occurred_at=when))
        events.append(ActivityEvent(learner=learner, kind=ActivityKind.NOTE, occurred_at=when))
    ActivityEvent.objects.bulk_create(events)
    attempts = QuizAttempt.objects.bulk_create(
        QuizAttempt(quiz=quiz, learner=learner) for _ in range(days)
    )
    for n, attempt in enumerate(attempts):
        attempt.submitted_at = now - timedelta(days=n)
    QuizAttempt.objects.bulk_update(attempts, ["submitted_at"])


@pytest.mark.parametrize("days", [10, 1000])
def test_the_calendar_takes_three_queries_whatever_the_history(
    learner, django_assert_num_queries, days
):
    history(learner, days, QuizFactory())
    with django_assert_num_queries(3):
        calendar = activity_calendar(learner)
    assert calendar.active_days == min(days, len(calendar.days))
    assert calendar.longest_streak == days


def test_the_dashboard_runs_the_same_queries_with_10_and_1000_activity_days(
    learner, other_learner, client
):
    quiz = QuizFactory()
    counts = {}
    for who, days in ((learner, 10), (other_learner, 1000)):
        history(who, days, quiz)
        client.force_login(who)
        client.get(reverse("progress:dashboard"))  # warm the session
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("progress:dashboard"))
        assert response.status_code == 200
        counts[days] = len(queries)
    assert counts[10] == counts[1000]
