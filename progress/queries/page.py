"""A learner's (or visitor's) progress on one roadmap, as the roadmap page and dashboard show it."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import OuterRef, Subquery, prefetch_related_objects

from roadmap.models import Roadmap, Step, Topic

from .. import visitors
from ..models import (
    LearningPlan,
    PersonalResource,
    ResourceDone,
    StepProgress,
    StepRevision,
    StepStatus,
    TopicProgress,
    TopicStatus,
)
from .plan import SETTLED, PlanSchedule, PlanStatus, plan_status, schedule_for, step_target
from .prepared import prepared_rows, prepared_values
from .revisions import RevisionNotice, revision_notices

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


def topic_rows(step, topic_statuses, done_ids=frozenset(), personal=None) -> list:
    """[TopicRow] of the step's active topics (prefetched by `for_page()`), for this reader."""
    personal = personal or {}
    return [
        TopicRow(
            topic=topic,
            status=topic_statuses.get(topic.pk, TopicStatus.NOT_STARTED),
            resources=[ResourceRow(r, r.pk in done_ids) for r in topic.resources.all()],
            personal=personal.get(topic.pk, []),
        )
        for topic in step.topics.all()
        if not topic.is_archived
    ]


def step_rows(steps, progress_rows, notices=None, *, learning=None) -> dict:
    """{step_id: StepRow} of `steps` from the learner's rows ({step_id: StepProgress}).

    `learning` is (topic statuses, resource ids done, {topic_id: [PersonalResource]}); without
    it the rows have no topics (the dashboard, whose steps come without their topics).
    """
    notices = notices or {}
    rows = {}
    for step in steps:
        row = progress_rows.get(step.pk)
        rows[step.pk] = StepRow(
            step=step,
            status=row.status if row else StepStatus.NOT_STARTED,
            verified=bool(row and row.is_verified),
            notice=notices.get(step.pk),
            topics=topic_rows(step, *learning) if learning is not None else [],
        )
    return rows


def topic_ticks(learner, roadmaps) -> dict:
    """{topic_id: (TopicStatus, when it last changed)} of the learner on `roadmaps`: one query."""
    rows = (
        TopicProgress.objects.for_learner(learner)
        .filter(topic__step__roadmap__in=roadmaps)
        .values_list("topic_id", "status", "status_changed_at")
    )
    return {topic_id: (TopicStatus(status), changed) for topic_id, status, changed in rows}


def _done_ids(*, learner, roadmap):
    return ResourceDone.objects.for_learner(learner).for_roadmap(roadmap).values_list("resource_id")


def _personal(*, learner, roadmap):
    return PersonalResource.objects.for_learner(learner).for_roadmap(roadmap)


def _plan(*, learner, roadmap):
    # What .first() runs: by primary key, one row (its earlier versions are prefetched after).
    return LearningPlan.objects.for_learner(learner).filter(roadmap=roadmap).order_by("pk")[:1]


def _pending_revisions(*, learner, roadmap):
    return StepRevision.objects.pending_for(learner).filter(step__roadmap=roadmap)


def learning_progress(learner, roadmap, ticks):
    """(topic statuses, resource ids done, {topic_id: [PersonalResource]}) of a learner on a
    roadmap, from their `topic_ticks`: two more queries whatever the number of topics."""
    done = prepared_values("page-resources-done", _done_ids, learner=learner.pk, roadmap=roadmap.pk)
    done_ids = {resource_id for (resource_id,) in done}
    personal = {}
    for item in prepared_rows("page-personal", _personal, learner=learner.pk, roadmap=roadmap.pk):
        personal.setdefault(item.topic_id, []).append(item)
    return {topic_id: status for topic_id, (status, _) in ticks.items()}, done_ids, personal


def _page_rows(*, learner, roadmap):
    """The learner's rows on the roadmap's steps the site shows, with what "verified" needs."""
    return (
        StepProgress.objects.for_learner(learner).for_roadmap(roadmap).on_site().with_verification()
    )


def roadmap_progress(request, roadmap, *, today=None) -> RoadmapProgress:
    """Progress on `roadmap` for the request's learner (from the database) or visitor (session).

    Reads the active steps, topics and resources from `roadmap.steps.all()` (prefetched by
    `for_page()`). Six queries for a learner (their rows on this roadmap with what "verified"
    needs, the changes they have not reviewed, their plan, their topics, resources done and own
    resources) and one more when they have a plan (its earlier versions); none for a visitor
    beyond the session. The plan's dates read the same rows: no query per step.
    """
    steps = [step for step in roadmap.steps.all() if not step.is_archived]
    user = request.user
    if not user.is_authenticated:
        marked = visitors.visitor_statuses(request.session)
        statuses = {step.pk: marked[step.pk] for step in steps if step.pk in marked}
        topic_statuses = visitors.visitor_topic_statuses(request.session)
        rows = {
            step.pk: StepRow(
                step=step,
                status=statuses.get(step.pk, StepStatus.NOT_STARTED),
                topics=topic_rows(step, topic_statuses),
            )
            for step in steps
        }
        return RoadmapProgress(roadmap=roadmap, steps=steps, statuses=statuses, rows=rows)

    progress_rows = {
        row.step_id: row
        for row in prepared_rows("page-step-rows", _page_rows, learner=user.pk, roadmap=roadmap.pk)
    }
    statuses = {step_id: row.status for step_id, row in progress_rows.items()}
    steps_by_id = {step.pk: step for step in steps}
    revisions = prepared_rows(
        "page-revisions", _pending_revisions, learner=user.pk, roadmap=roadmap.pk
    )
    notices = {}
    for step_id, notice in revision_notices(revisions, roadmap=roadmap).items():
        if step_id in steps_by_id:
            notice.step = steps_by_id[step_id]
            notices[step_id] = notice
    plans = prepared_rows("page-plan", _plan, learner=user.pk, roadmap=roadmap.pk)
    prefetch_related_objects(plans, "revisions")
    plan = plans[0] if plans else None
    ticks = topic_ticks(user, [roadmap])
    today = today or user.local_today()
    schedule = schedule_for(
        plan,
        steps,
        statuses=statuses,
        step_changed={step_id: row.status_changed_at for step_id, row in progress_rows.items()},
        topic_ticks=ticks,
        zone=user.zone,
        today=today,
    )
    learning = learning_progress(user, roadmap, ticks)
    return RoadmapProgress(
        roadmap=roadmap,
        steps=steps,
        statuses=statuses,
        rows=step_rows(steps, progress_rows, notices, learning=learning),
        is_learner=True,
        plan=plan,
        today=today,
        last_activity=max((row.updated_at for row in progress_rows.values()), default=None),
        schedule=schedule,
        earlier_plans=list(plan.revisions.all())[:EARLIER_PLANS_SHOWN] if plan else [],
    )


def roadmap_summary(request, roadmap, *, today=None) -> RoadmapProgress:
    """What a mark's JSON answer shows: the counts (done, verified, total) and the plan status.

    The same `RoadmapProgress` as `roadmap_progress` without the per-step detail the page shows
    (topics, resources, revision notices), so it needs no prefetched roadmap: three queries for
    a learner (the active steps, their rows with what "verified" needs, their plan), one for a
    visitor (the steps; the statuses are in the session).
    """
    steps = list(Step.objects.active().filter(roadmap=roadmap))
    user = request.user
    if not user.is_authenticated:
        marked = visitors.visitor_statuses(request.session)
        statuses = {step.pk: marked[step.pk] for step in steps if step.pk in marked}
        return RoadmapProgress(roadmap=roadmap, steps=steps, statuses=statuses)
    progress_rows = {
        row.step_id: row
        for row in StepProgress.objects.for_learner(user)
        .for_roadmap(roadmap)
        .on_site()
        .with_verification()
    }
    return RoadmapProgress(
        roadmap=roadmap,
        steps=steps,
        statuses={step_id: row.status for step_id, row in progress_rows.items()},
        rows=step_rows(steps, progress_rows),
        is_learner=True,
        plan=LearningPlan.objects.for_learner(user).filter(roadmap=roadmap).first(),
        today=today or user.local_today(),
    )


def step_topics_row(request, step) -> StepRow:
    """One step's row with its active topics and this reader's status on each (no resources):
    what a topic mark's answer needs. One query for a learner (the topics, each annotated with
    the learner's status on it and on the step), one for a visitor (the topics). The step's
    status comes with its topics: a step with no active topic (never the case for the step of a
    topic just marked) is read as not started, which its row's answer does not depend on."""
    topics = Topic.objects.active().filter(step=step)
    user = request.user
    if not user.is_authenticated:
        statuses = visitors.visitor_topic_statuses(request.session)
        rows = [TopicRow(t, statuses.get(t.pk, TopicStatus.NOT_STARTED)) for t in topics]
        status = visitors.visitor_statuses(request.session).get(step.pk)
        return StepRow(step=step, status=status or StepStatus.NOT_STARTED, topics=rows)
    mine = TopicProgress.objects.for_learner(user).filter(topic_id=OuterRef("pk"))
    step_status = StepProgress.objects.for_learner(user).filter(step_id=OuterRef("step_id"))
    topics = list(
        topics.annotate(
            my_status=Subquery(mine.values("status")[:1]),
            step_status=Subquery(step_status.values("status")[:1]),
        )
    )
    rows = [TopicRow(t, TopicStatus(t.my_status or TopicStatus.NOT_STARTED)) for t in topics]
    status = topics[0].step_status if topics else None
    return StepRow(step=step, status=StepStatus(status or StepStatus.NOT_STARTED), topics=rows)
