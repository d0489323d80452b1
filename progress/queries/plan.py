"""A learner's plan: a finish date for each step from the start date, on track or behind.

Without hours a week, a step's target is the plan's start plus the step's end month. With hours
a week, the steps are laid end to end from the start at that pace: a step's finish date is the
start plus the hours of it and of the steps before it that were left when the plan started
(topics and steps ticked done or skipped before then count nothing). Steps without hours keep
their month target. Ticking work after the start does not move the dates, so falling behind
shows; "Re-plan from today" starts the plan again from today with the hours left.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from roadmap.models import Step

from ..models import StepStatus, TopicStatus

SETTLED = {StepStatus.DONE, StepStatus.SKIPPED}
TOPIC_SETTLED = {TopicStatus.DONE, TopicStatus.SKIPPED}


def add_months(start: date, months: int) -> date:
    """`start` moved `months` calendar months on (31 January + 1 month = 28/29 February)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def step_target(start_date: date, step) -> date:
    """The date by which a step should be done: the plan's start plus the step's end month."""
    return add_months(start_date, step.end_month)


def days_for(hours: int, hours_per_week: int) -> int:
    """Whole days `hours` take at `hours_per_week` (rounded up: 1 hour at 10 a week is 1 day)."""
    return -(-hours * 7 // hours_per_week)


@dataclass(frozen=True)
class StepHours:
    """A step's hours for the plan: in all, left when the plan started, and left now."""

    step: Step
    hours: int = 0  # one path through its topics; 0: the step keeps its month target
    left_at_start: int = 0
    left: int = 0


def _before(moment, since):
    return moment is not None and moment < since


def step_hours(steps, *, statuses, step_changed, topic_ticks, since) -> list:
    """[StepHours] of `steps` (their topics and resources prefetched, as on the roadmap page).

    `statuses` is {step_id: status} and `step_changed` {step_id: when the status last changed};
    `topic_ticks` is {topic_id: (status, when it last changed)}; `since` is the moment the plan
    counts from: work settled before it was not left when the plan started. A done or skipped
    step has no hours left; otherwise its hours less those of its topics ticked done or skipped.
    """
    rows = []
    for step in steps:
        total = step.hours
        if not total:
            rows.append(StepHours(step))
            continue
        ticked = ticked_before = 0
        for topic in step.topics.all():
            status, changed = topic_ticks.get(topic.pk, (TopicStatus.NOT_STARTED, None))
            if status in TOPIC_SETTLED:
                ticked += topic.hours
                ticked_before += topic.hours if _before(changed, since) else 0
        settled = statuses.get(step.pk, StepStatus.NOT_STARTED) in SETTLED
        settled_before = settled and _before(step_changed.get(step.pk), since)
        rows.append(
            StepHours(
                step,
                hours=total,
                left_at_start=0 if settled_before else max(total - ticked_before, 0),
                left=0 if settled else max(total - ticked, 0),
            )
        )
    return rows


def finish_dates(*, start_date, hours_per_week, step_hours) -> dict:
    """{step_id: finish date}: the steps end to end from `start_date` at `hours_per_week`, each
    counting the hours left when the plan started; a step without hours keeps its month target."""
    dates, hours = {}, 0
    for row in step_hours:
        if not row.hours:
            dates[row.step.pk] = step_target(start_date, row.step)
            continue
        hours += row.left_at_start
        dates[row.step.pk] = start_date + timedelta(days=days_for(hours, hours_per_week))
    return dates


@dataclass
class PlanSchedule:
    """A plan with hours a week, worked out: each step's finish date, the hours left now and
    when they would be done at that pace from today (or from the start, if it is to come)."""

    start_date: date
    hours_per_week: int
    finish_dates: dict = field(default_factory=dict)  # {step_id: date}
    hours_left: int = 0
    projected_finish: date | None = None  # None when nothing is left


def plan_schedule(*, start_date, hours_per_week, step_hours, statuses, today) -> PlanSchedule:
    """The schedule of a plan at `hours_per_week` (see `finish_dates`); the whole roadmap's
    projected finish is the hours left now at that pace, and no earlier than the month target
    of an unfinished step without hours."""
    dates = finish_dates(
        start_date=start_date, hours_per_week=hours_per_week, step_hours=step_hours
    )
    left = sum(row.left for row in step_hours)
    candidates = [
        dates[row.step.pk]
        for row in step_hours
        if not row.hours and statuses.get(row.step.pk, StepStatus.NOT_STARTED) not in SETTLED
    ]
    if left:
        candidates.append(max(start_date, today) + timedelta(days=days_for(left, hours_per_week)))
    return PlanSchedule(
        start_date=start_date,
        hours_per_week=hours_per_week,
        finish_dates=dates,
        hours_left=left,
        projected_finish=max(candidates, default=None),
    )


def plan_moment(plan, zone) -> datetime:
    """The moment a plan counts from: the start of its start date where the learner lives, or
    the re-plan itself when it was re-planned that day (work ticked earlier that day is done)."""
    since = datetime.combine(plan.start_date, time.min, tzinfo=zone)
    return max(since, plan.replanned_at) if plan.replanned_at else since


def schedule_for(plan, steps, *, statuses, step_changed, topic_ticks, zone, today):
    """The `PlanSchedule` of `plan` on `steps` (see `step_hours` for the rest), or None when the
    plan has no hours a week or the steps no hours: then the month targets count."""
    if plan is None or not plan.hours_per_week:
        return None
    hours = step_hours(
        steps,
        statuses=statuses,
        step_changed=step_changed,
        topic_ticks=topic_ticks,
        since=plan_moment(plan, zone),
    )
    if not any(row.hours for row in hours):
        return None
    return plan_schedule(
        start_date=plan.start_date,
        hours_per_week=plan.hours_per_week,
        step_hours=hours,
        statuses=statuses,
        today=today,
    )


@dataclass
class PlanStatus:
    """Where a learner stands against their plan on a given day."""

    start_date: date
    today: date
    weeks_behind: int = 0
    overdue_step: Step | None = None
    next_target: date | None = None

    @property
    def on_track(self):
        return self.overdue_step is None

    @property
    def label(self):
        if self.on_track:
            return "On track"
        if self.weeks_behind == 0:
            return "Less than a week behind"
        if self.weeks_behind == 1:
            return "1 week behind"
        return f"{self.weeks_behind} weeks behind"


def plan_status(*, start_date, steps, statuses, today, targets=None) -> PlanStatus:
    """On track when every step whose target date has passed is done (or skipped); otherwise
    behind by the whole weeks from the earliest overdue unfinished step's target to `today`.

    `statuses` is {step_id: status}; `targets` is {step_id: date} (a `PlanSchedule`'s finish
    dates), each step's month target when not given; `today` is passed in, so tests can fix it.
    """
    status = PlanStatus(start_date=start_date, today=today)
    overdue = []
    upcoming = []
    for step in steps:
        target = targets[step.pk] if targets is not None else step_target(start_date, step)
        if statuses.get(step.pk, StepStatus.NOT_STARTED) in SETTLED:
            continue
        (overdue if target < today else upcoming).append((target, step.position, step))
    if overdue:
        target, _, step = min(overdue, key=lambda item: item[:2])
        status.overdue_step = step
        status.weeks_behind = (today - target).days // 7
    if upcoming:
        status.next_target = min(item[0] for item in upcoming)
    return status
