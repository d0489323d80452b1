"""A learner's plan: target dates from the start date, on track or behind."""

import calendar
from dataclasses import dataclass
from datetime import date

from roadmap.models import Step

from ..models import StepStatus

SETTLED = {StepStatus.DONE, StepStatus.SKIPPED}


def add_months(start: date, months: int) -> date:
    """`start` moved `months` calendar months on (31 January + 1 month = 28/29 February)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def step_target(start_date: date, step) -> date:
    """The date by which a step should be done: the plan's start plus the step's end month."""
    return add_months(start_date, step.end_month)


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


def plan_status(*, start_date, steps, statuses, today) -> PlanStatus:
    """On track when every step whose target date has passed is done (or skipped); otherwise
    behind by the whole weeks from the earliest overdue unfinished step's target to `today`.

    `statuses` is {step_id: status}; `today` is passed in, so tests can fix it.
    """
    status = PlanStatus(start_date=start_date, today=today)
    overdue = []
    upcoming = []
    for step in steps:
        target = step_target(start_date, step)
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
