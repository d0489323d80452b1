"""A learner's (or visitor's) progress on one roadmap, as the roadmap page and dashboard show it."""

from dataclasses import dataclass, field
from datetime import date

from roadmap.models import Roadmap, Step

from .. import visitors
from ..models import LearningPlan, StepProgress, StepRevision, StepStatus
from .plan import SETTLED, PlanStatus, plan_status
from .revisions import RevisionNotice, revision_notices


@dataclass
class StepRow:
    """One step with what the page shows about it for this reader."""

    step: Step
    status: StepStatus = StepStatus.NOT_STARTED
    verified: bool = False  # done, with evidence, confirmed by the knowledge check
    notice: RevisionNotice | None = None  # changed since the learner completed it


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
    plan_status: PlanStatus | None = field(init=False, default=None)

    def __post_init__(self):
        if self.plan is not None and self.today is not None:
            self.plan_status = plan_status(
                start_date=self.plan.start_date,
                steps=self.steps,
                statuses=self.statuses,
                today=self.today,
            )

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
    def verified_percent(self):
        return round(100 * self.verified / self.total) if self.total else 0

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
    def plan_form(self):
        from ..forms import PlanForm

        initial = {"start_date": self.plan.start_date} if self.plan else {}
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
        }


def step_rows(steps, progress_rows, notices=None) -> dict:
    """{step_id: StepRow} of `steps` from the learner's rows ({step_id: StepProgress})."""
    notices = notices or {}
    rows = {}
    for step in steps:
        row = progress_rows.get(step.pk)
        rows[step.pk] = StepRow(
            step=step,
            status=row.status if row else StepStatus.NOT_STARTED,
            verified=bool(row and row.is_verified),
            notice=notices.get(step.pk),
        )
    return rows


def roadmap_progress(request, roadmap, *, today=None) -> RoadmapProgress:
    """Progress on `roadmap` for the request's learner (from the database) or visitor (session).

    Reads the active steps from `roadmap.steps.all()` (prefetched by `for_page()`). Three queries
    for a learner (their rows on this roadmap with what "verified" needs, the changes they have
    not reviewed, their plan), none for a visitor beyond the session.
    """
    steps = [step for step in roadmap.steps.all() if not step.is_archived]
    user = request.user
    if not user.is_authenticated:
        marked = visitors.visitor_statuses(request.session)
        statuses = {step.pk: marked[step.pk] for step in steps if step.pk in marked}
        rows = {
            step.pk: StepRow(step=step, status=statuses.get(step.pk, StepStatus.NOT_STARTED))
            for step in steps
        }
        return RoadmapProgress(roadmap=roadmap, steps=steps, statuses=statuses, rows=rows)

    progress_rows = {
        row.step_id: row
        for row in StepProgress.objects.for_learner(user)
        .for_roadmap(roadmap)
        .on_site()
        .with_verification()
    }
    statuses = {step_id: row.status for step_id, row in progress_rows.items()}
    steps_by_id = {step.pk: step for step in steps}
    revisions = StepRevision.objects.pending_for(user).filter(step__roadmap=roadmap)
    notices = {}
    for step_id, notice in revision_notices(revisions, roadmap=roadmap).items():
        if step_id in steps_by_id:
            notice.step = steps_by_id[step_id]
            notices[step_id] = notice
    plan = LearningPlan.objects.for_learner(user).filter(roadmap=roadmap).first()
    return RoadmapProgress(
        roadmap=roadmap,
        steps=steps,
        statuses=statuses,
        rows=step_rows(steps, progress_rows, notices),
        is_learner=True,
        plan=plan,
        today=today or user.local_today(),
        last_activity=max((row.updated_at for row in progress_rows.values()), default=None),
    )
