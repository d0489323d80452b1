"""Reads for the pages: a roadmap's progress for the current learner or visitor, the dashboard.

Everything here runs a fixed number of queries whatever the number of steps or roadmaps.
"""

import calendar
import zoneinfo
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from roadmap.models import Roadmap, Step

from .models import LearningPlan, StepProgress, StepStatus
from .services import visitor_progress

SETTLED = {StepStatus.DONE, StepStatus.SKIPPED}


def add_months(start: date, months: int) -> date:
    """`start` moved `months` calendar months on (31 January + 1 month = 28/29 February)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def learner_today(user) -> date:
    """Today's date where the learner lives (their time zone setting), UTC if unknown."""
    try:
        zone = zoneinfo.ZoneInfo(getattr(user, "time_zone", "") or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return timezone.localdate(timezone=zone)


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


@dataclass
class RoadmapProgress:
    """A learner's (or visitor's) progress on one roadmap, ready for the templates."""

    roadmap: Roadmap
    steps: list
    statuses: dict  # {step_id: status} for the active steps
    is_learner: bool = False
    plan: LearningPlan | None = None
    today: date | None = None
    last_activity: object = None
    best_attempt: object = None
    plan_status: PlanStatus | None = field(init=False, default=None)

    def __post_init__(self):
        if self.plan is not None and self.today is not None:
            self.plan_status = plan_status(
                start_date=self.plan.start_date,
                steps=self.steps,
                statuses=self.statuses,
                today=self.today,
            )

    @property
    def total(self):
        return len(self.steps)

    @property
    def done(self):
        return sum(1 for step in self.steps if self.statuses.get(step.pk) == StepStatus.DONE)

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def label(self):
        return f"{self.done} of {self.total} steps done ({self.percent}%)"

    @property
    def next_step(self):
        """The first active step neither done nor skipped."""
        for step in self.steps:
            if self.statuses.get(step.pk, StepStatus.NOT_STARTED) not in SETTLED:
                return step
        return None

    @property
    def plan_form(self):
        from .forms import PlanForm

        initial = {"start_date": self.plan.start_date} if self.plan else {}
        return PlanForm(initial=initial, auto_id=f"id_plan_%s_{self.roadmap.pk}")

    def as_json(self):
        return {
            "done": self.done,
            "total": self.total,
            "percent": self.percent,
            "label": self.label,
            "plan": self.plan_status.label if self.plan_status else None,
        }


def _attach(steps, statuses, rows=None):
    """Give each step object the status the templates read: `step.progress_status`."""
    rows = rows or {}
    for step in steps:
        step.progress_status = statuses.get(step.pk, StepStatus.NOT_STARTED)
        step.learner_progress = rows.get(step.pk)


def roadmap_progress(request, roadmap, *, today=None) -> RoadmapProgress:
    """Progress on `roadmap` for the request's learner (from the database) or visitor (session).

    Reads the active steps from `roadmap.steps.all()` (prefetched by `for_page()`), attaches
    `progress_status` and `learner_progress` to those step objects. Two queries for a learner
    (their rows on this roadmap, their plan), none for a visitor beyond the session.
    """
    steps = [step for step in roadmap.steps.all() if not step.is_archived]
    user = request.user
    if not user.is_authenticated:
        statuses = {}
        kept = visitor_progress(request.session)
        for step in steps:
            entry = kept.get(str(step.pk))
            if isinstance(entry, dict) and entry.get("status") in StepStatus.values:
                statuses[step.pk] = StepStatus(entry["status"])
        _attach(steps, statuses)
        return RoadmapProgress(roadmap=roadmap, steps=steps, statuses=statuses)

    rows = {
        row.step_id: row
        for row in StepProgress.objects.for_learner(user).for_roadmap(roadmap).on_site()
    }
    statuses = {step_id: row.status for step_id, row in rows.items()}
    _attach(steps, statuses, rows)
    plan = LearningPlan.objects.for_learner(user).filter(roadmap=roadmap).first()
    return RoadmapProgress(
        roadmap=roadmap,
        steps=steps,
        statuses=statuses,
        is_learner=True,
        plan=plan,
        today=today or learner_today(user),
        last_activity=max((row.updated_at for row in rows.values()), default=None),
    )


@dataclass
class Dashboard:
    roadmaps: list  # [RoadmapProgress], most recent activity first
    portfolio: list  # [StepProgress] with a note or evidence, by roadmap and step


def learner_dashboard(learner, *, today=None) -> Dashboard:
    """Each roadmap the learner started (a progress row or a plan) and their portfolio.

    Six queries whatever the number of roadmaps and steps: rows, their evidence, plans, the
    roadmaps, their active steps, best quiz attempts.
    """
    from quizzes.models import QuizAttempt

    today = today or learner_today(learner)
    rows = list(
        StepProgress.objects.for_learner(learner)
        .for_dashboard()
        .order_by("step__roadmap__position", "step__position", "step__id")
    )
    plans = {plan.roadmap_id: plan for plan in LearningPlan.objects.for_learner(learner)}
    started = {row.step.roadmap_id for row in rows} | set(plans)
    roadmaps = (
        Roadmap.objects.visible_to(learner)
        .filter(pk__in=started)
        .prefetch_related(Prefetch("steps", queryset=Step.objects.active()))
    )
    best = QuizAttempt.objects.best_by_roadmap(learner)
    cards = []
    for roadmap in roadmaps:
        steps = list(roadmap.steps.all())
        active = {step.pk for step in steps}
        mine = [row for row in rows if row.step.roadmap_id == roadmap.pk]
        plan = plans.get(roadmap.pk)
        times = [row.updated_at for row in mine] + ([plan.updated_at] if plan else [])
        cards.append(
            RoadmapProgress(
                roadmap=roadmap,
                steps=steps,
                statuses={row.step_id: row.status for row in mine if row.step_id in active},
                is_learner=True,
                plan=plan,
                today=today,
                last_activity=max(times, default=None),
                best_attempt=best.get(roadmap.pk),
            )
        )
    cards.sort(key=lambda card: card.last_activity or timezone.now(), reverse=True)
    visible = {card.roadmap.pk for card in cards}
    portfolio = []
    for row in rows:
        evidence = list(row.evidence.all())
        if row.note.strip() or evidence:
            row.evidence_links = evidence
            row.roadmap_visible = row.step.roadmap_id in visible
            portfolio.append(row)
    return Dashboard(roadmaps=cards, portfolio=portfolio)
