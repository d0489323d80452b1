"""What the roadmap page and the dashboard show of a reader's progress, as small dataclasses:
a roadmap's `RoadmapProgress`, each step's `StepRow` with its `TopicRow`s and `ResourceRow`s."""

from dataclasses import dataclass, field
from datetime import date

from roadmap.models import Roadmap, Step

from ..models import (
    LearningPlan,
    StepStatus,
    TopicStatus,
)
from .plan import SETTLED, PlanSchedule, PlanStatus, plan_status, step_target
from .revisions import RevisionNotice

# The roadmap page lists this many earlier plans (the export has them all).

EARLIER_PLANS_SHOWN = 10


@dataclass
class ResourceRow:
    """A curated resource of a topic, and whether this learner has done it."""

    resource: object  # roadmap.Resource
    done: bool = False


@dataclass
class TopicRow:
    """One topic with this reader's status, its resources and their own resources."""

    topic: object  # roadmap.Topic
    status: TopicStatus = TopicStatus.NOT_STARTED
    resources: list = field(default_factory=list)  # [ResourceRow], official and free first
    personal: list = field(default_factory=list)  # [PersonalResource], the learner's own

    @property
    def ticked(self):
        return self.status != TopicStatus.NOT_STARTED


@dataclass
class StepRow:
    """One step with what the page shows about it for this reader."""

    step: Step
    status: StepStatus = StepStatus.NOT_STARTED
    verified: bool = False  # done, with evidence, confirmed by the knowledge check
    notice: RevisionNotice | None = None  # changed since the learner completed it
    topics: list = field(default_factory=list)  # [TopicRow]

    @property
    def topics_ticked(self):
        return sum(1 for row in self.topics if row.ticked)

    @property
    def topics_label(self):
        total = len(self.topics)
        return f"{self.topics_ticked} of {total} topic{'s' if total != 1 else ''}"

    @property
    def offers_done(self):
        """Every topic ticked and the step not done yet: the page offers to mark it done (it
        never does so by itself)."""
        return (
            bool(self.topics)
            and self.topics_ticked == len(self.topics)
            and (self.status != StepStatus.DONE)
        )

    def as_json(self):
        return {
            "step": self.step.slug,
            "topics_ticked": self.topics_ticked,
            "topics_total": len(self.topics),
            "topics_label": self.topics_label,
            "offers_done": self.offers_done,
        }


@dataclass
class NextPlace:
    """Where the reader goes on: the next unsettled step, or the next topic within it."""

    number: int  # the step's place among the active steps, from 1
    step: Step
    topic: object = None  # a roadmap.Topic of the step, when the reader is inside it
    started: bool = False  # the reader has marked something on this roadmap

    @property
    def label(self):
        """ "Step 4 · MLOps and cloud deployment", or "Step 1 · Python programming"."""
        return f"Step {self.number} · {(self.topic or self.step).title}"

    @property
    def verb(self):
        return "Continue" if self.started else "Start"

    @property
    def anchor(self):
        return self.topic.anchor if self.topic is not None else self.step.slug


@dataclass
class RoadmapProgress:
    """A learner's (or visitor's) progress on one roadmap, ready for the templates."""

    roadmap: Roadmap
    steps: list  # the active steps, in order
    statuses: dict  # {step_id: status} for the active steps
    rows: dict = field(default_factory=dict)  # {step_id: StepRow}
    is_learner: bool = False
    plan: LearningPlan | None = None
    today: date | None = None
    last_activity: object = None
    best_attempt: object = None  # the best quizzes.QuizAttempt in history (dashboard)
    schedule: PlanSchedule | None = None  # the plan at its hours a week (None: month targets)
    earlier_plans: list = field(default_factory=list)  # [PlanRevision], latest first
    plan_status: PlanStatus | None = field(init=False, default=None)

    def __post_init__(self):
        if self.plan is not None and self.today is not None:
            self.plan_status = plan_status(
                start_date=self.plan.start_date,
                steps=self.steps,
                statuses=self.statuses,
                today=self.today,
                targets=self.schedule.finish_dates if self.schedule else None,
            )

    def finish_date(self, step) -> date | None:
        """The date the plan gives a step not yet done or skipped: from its hours at the plan's
        pace, else its month target; None without a plan."""
        if self.plan is None or self.statuses.get(step.pk, StepStatus.NOT_STARTED) in SETTLED:
            return None
        if self.schedule is not None:
            return self.schedule.finish_dates.get(step.pk)
        return step_target(self.plan.start_date, step)

    @property
    def projected_finish(self) -> date | None:
        """When the whole roadmap would be done: at the plan's pace, the hours left from today;
        by month targets, the last unfinished step's. None without a plan or with nothing left."""
        if self.schedule is not None:
            return self.schedule.projected_finish
        return max(filter(None, (self.finish_date(step) for step in self.steps)), default=None)

    def row_for(self, step) -> StepRow:
        return self.rows.get(step.pk) or StepRow(step=step)

    @property
    def step_rows(self):
        return [self.row_for(step) for step in self.steps]

    @property
    def verified_rows(self):
        return [row for row in self.step_rows if row.verified]

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
    def verified(self):
        return len(self.verified_rows)

    @property
    def breakdown_label(self):
        """Done and verified apart: "4 done, 2 verified of 6"."""
        return f"{self.done} done, {self.verified} verified of {self.total}"

    @property
    def all_done(self):
        return bool(self.total) and self.done == self.total

    @property
    def next_step(self):
        """The first active step neither done nor skipped."""
        for step in self.steps:
            if self.statuses.get(step.pk, StepStatus.NOT_STARTED) not in SETTLED:
                return step
        return None

    @property
    def next_number(self):
        """The place of `next_step` among the active steps (1 for the first), or None."""
        step = self.next_step
        return self.steps.index(step) + 1 if step is not None else None

    @property
    def started(self):
        """The reader marked a step (any status but not started) or ticked a topic here."""
        return any(s != StepStatus.NOT_STARTED for s in self.statuses.values()) or any(
            row.topics_ticked for row in self.rows.values()
        )

    @property
    def next_place(self) -> NextPlace | None:
        """The next unsettled step; inside it (in progress, or a topic ticked) its first topic
        not ticked yet. None when every step is done or skipped."""
        step = self.next_step
        if step is None:
            return None
        row = self.row_for(step)
        topic = None
        if row.topics and (row.status == StepStatus.IN_PROGRESS or row.topics_ticked):
            topic = next((t.topic for t in row.topics if not t.ticked), None)
        return NextPlace(self.next_number, step, topic, started=self.started)

    def milestone(self, step):
        """What marking `step` done achieved, in words (None unless it is done): the count so
        far, or, with every step done, what that unlocked (the knowledge check)."""
        if self.statuses.get(step.pk) != StepStatus.DONE:
            return None
        if self.all_done:
            return (
                f"“{step.title}” is done, and with it every step of {self.roadmap.title}. "
                "You unlocked the knowledge check: pass it to earn your certificate."
            )
        return f"“{step.title}” is done: {self.label}."

    @property
    def plan_form(self):
        from ..forms import PlanForm

        initial = (
            {"start_date": self.plan.start_date, "hours_per_week": self.plan.hours_per_week}
            if self.plan
            else {}
        )
        return PlanForm(initial=initial, auto_id=f"id_plan_%s_{self.roadmap.pk}")

    def as_json(self):
        return {
            "done": self.done,
            "total": self.total,
            "percent": self.percent,
            "label": self.label,
            "verified": self.verified,
            "breakdown": self.breakdown_label,
            "plan": self.plan_status.label if self.plan_status else None,
            "all_done": self.all_done,
            "next_step": self.next_step.slug if self.next_step else None,
        }
