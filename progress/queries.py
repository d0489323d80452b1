"""Reads for the pages: a roadmap's progress for the current learner or visitor, the dashboard.

Everything here runs a fixed number of queries whatever the number of steps or roadmaps.
"""

import calendar
import difflib
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Prefetch
from django.utils import timezone

from roadmap.models import Roadmap, Step

from .models import LearningPlan, ProgressReset, StepProgress, StepRevision, StepStatus
from .services import visitor_progress

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
    verified_ids: set = field(default_factory=set)  # active steps done, evidenced, quiz-confirmed
    certificate: object = None  # the learner's certificates.Certificate, if any (dashboard)
    learner_name: str = ""  # the name a new certificate suggests (dashboard)
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
    def verified(self):
        active = {step.pk for step in self.steps}
        return len(self.verified_ids & active)

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
    def completed_at(self):
        """When the last active step was done (the certificate's completion date), if all are."""
        if not self.all_done:
            return None
        times = [getattr(step, "completed_at", None) for step in self.steps]
        return max((t for t in times if t is not None), default=None)

    @property
    def certificate_eligible(self):
        """Every active step done and the knowledge check passed (best attempt in history)."""
        return self.all_done and self.best_attempt is not None and self.best_attempt.passed

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

    @property
    def certificate_form(self):
        from certificates.forms import CertificateForm

        name = self.certificate.name if self.certificate else self.learner_name
        return CertificateForm(initial={"name": name}, auto_id=f"id_cert_%s_{self.roadmap.pk}")

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


def _attach(steps, statuses, rows=None, notices=None):
    """Give each step object what the templates read: `step.progress_status`,
    `step.learner_progress`, `step.is_verified`, `step.completed_at` and `step.revision_notice`.
    """
    rows = rows or {}
    notices = notices or {}
    for step in steps:
        step.progress_status = statuses.get(step.pk, StepStatus.NOT_STARTED)
        row = rows.get(step.pk)
        step.learner_progress = row
        step.is_verified = bool(row and row.is_verified)
        step.completed_at = row.completed_at if row else None
        step.revision_notice = notices.get(step.pk)


def word_diff(old: str, new: str) -> list:
    """[(kind, text)] with kind "same", "del" or "ins": `old` turned into `new`, word by word."""
    old_words, new_words = old.split(), new.split()
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(("same", " ".join(old_words[a1:a2])))
            continue
        if op in ("delete", "replace"):
            parts.append(("del", " ".join(old_words[a1:a2])))
        if op in ("insert", "replace"):
            parts.append(("ins", " ".join(new_words[b1:b2])))
    return parts


@dataclass
class RevisionNotice:
    """What changed on a step since the learner completed it: the step before and after."""

    step: Step
    roadmap: Roadmap
    old_title: str
    old_summary: str
    new_title: str
    new_summary: str
    changed_at: datetime
    count: int = 1

    @property
    def title_changed(self):
        return self.old_title != self.new_title

    @property
    def summary_changed(self):
        return self.old_summary != self.new_summary

    @property
    def title_diff(self):
        return word_diff(self.old_title, self.new_title)

    @property
    def summary_diff(self):
        return word_diff(self.old_summary, self.new_summary)


def revision_notices(revisions, *, roadmap=None) -> dict:
    """{step_id: RevisionNotice} from pending revisions ordered by step, then oldest first:
    the step as it was before the first of them, and as it is after the last.

    Without `roadmap`, each revision's step and roadmap must be selected with it.
    """
    notices = {}
    for revision in revisions:
        notice = notices.get(revision.step_id)
        if notice is None:
            notices[revision.step_id] = RevisionNotice(
                step=None if roadmap else revision.step,
                roadmap=roadmap or revision.step.roadmap,
                old_title=revision.old_title,
                old_summary=revision.old_summary,
                new_title=revision.new_title,
                new_summary=revision.new_summary,
                changed_at=revision.changed_at,
            )
        else:
            notice.new_title, notice.new_summary = revision.new_title, revision.new_summary
            notice.changed_at = revision.changed_at
            notice.count += 1
    return notices


def roadmap_progress(request, roadmap, *, today=None) -> RoadmapProgress:
    """Progress on `roadmap` for the request's learner (from the database) or visitor (session).

    Reads the active steps from `roadmap.steps.all()` (prefetched by `for_page()`), attaches
    `progress_status`, `learner_progress`, `is_verified` and `revision_notice` to those step
    objects. Three queries for a learner (their rows on this roadmap with what "verified"
    needs, the changes they have not reviewed, their plan), none for a visitor beyond the session.
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
        for row in StepProgress.objects.for_learner(user)
        .for_roadmap(roadmap)
        .on_site()
        .with_verification()
    }
    statuses = {step_id: row.status for step_id, row in rows.items()}
    steps_by_id = {step.pk: step for step in steps}
    revisions = StepRevision.objects.pending_for(user).filter(step__roadmap=roadmap)
    notices = {}
    for step_id, notice in revision_notices(revisions, roadmap=roadmap).items():
        if step_id in steps_by_id:
            notice.step = steps_by_id[step_id]
            notices[step_id] = notice
    _attach(steps, statuses, rows, notices)
    plan = LearningPlan.objects.for_learner(user).filter(roadmap=roadmap).first()
    return RoadmapProgress(
        roadmap=roadmap,
        steps=steps,
        statuses=statuses,
        is_learner=True,
        plan=plan,
        today=today or user.local_today(),
        last_activity=max((row.updated_at for row in rows.values()), default=None),
        verified_ids={step_id for step_id, row in rows.items() if row.is_verified},
    )


@dataclass
class Dashboard:
    roadmaps: list  # [RoadmapProgress], most recent activity first
    portfolio: list  # [StepProgress] with a note or evidence, by roadmap and step
    updates: list = field(default_factory=list)  # [RevisionNotice] of steps changed since done
    resets: list = field(default_factory=list)  # [ProgressReset] the learner can still undo


def learner_dashboard(learner, *, today=None) -> Dashboard:
    """Each roadmap the learner started (a step status, a plan or a quiz attempt); portfolio.

    Nine queries whatever the number of roadmaps and steps: rows (with what "verified" needs),
    their evidence, plans, the roadmaps, their active steps, best quiz attempts, changes not
    reviewed, resets still undoable, certificates.
    """
    from certificates.models import Certificate
    from quizzes.models import QuizAttempt

    today = today or learner.local_today()
    rows = list(
        StepProgress.objects.for_learner(learner)
        .for_dashboard()
        .with_verification()
        .order_by("step__roadmap__position", "step__position", "step__id")
    )
    plans = {plan.roadmap_id: plan for plan in LearningPlan.objects.for_learner(learner)}
    best = QuizAttempt.objects.best_by_roadmap(learner)
    # Taking a roadmap's quiz counts as starting it: the dashboard shows its best score.
    started = {row.step.roadmap_id for row in rows} | set(plans) | set(best)
    roadmaps = (
        Roadmap.objects.visible_to(learner)
        .filter(pk__in=started)
        .prefetch_related(Prefetch("steps", queryset=Step.objects.active()))
    )
    certificates = {c.roadmap_id: c for c in Certificate.objects.for_learner(learner)}
    cards = []
    for roadmap in roadmaps:
        steps = list(roadmap.steps.all())
        active = {step.pk for step in steps}
        mine = [row for row in rows if row.step.roadmap_id == roadmap.pk]
        statuses = {row.step_id: row.status for row in mine if row.step_id in active}
        _attach(steps, statuses, {row.step_id: row for row in mine if row.step_id in active})
        plan = plans.get(roadmap.pk)
        attempt = best.get(roadmap.pk)
        times = [row.updated_at for row in mine] + ([plan.updated_at] if plan else [])
        times += [attempt.submitted_at] if attempt else []
        cards.append(
            RoadmapProgress(
                roadmap=roadmap,
                steps=steps,
                statuses=statuses,
                is_learner=True,
                plan=plan,
                today=today,
                last_activity=max(times, default=None),
                best_attempt=attempt,
                verified_ids={row.step_id for row in mine if row.is_verified},
                certificate=certificates.get(roadmap.pk),
                learner_name=learner.public_name,
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
    revisions = StepRevision.objects.pending_for(learner).select_related("step__roadmap")
    updates = [
        notice for notice in revision_notices(revisions).values() if notice.roadmap.pk in visible
    ]
    resets = list(ProgressReset.objects.for_learner(learner).undoable().select_related("roadmap"))
    return Dashboard(roadmaps=cards, portfolio=portfolio, updates=updates, resets=resets)


def reset_preview(*, learner, roadmap, kind) -> dict:
    """What a reset of `kind` would remove, for its confirmation page: {"count", "summary"}.

    Two queries at most (the rows or attempts by status, the best attempt).
    """
    from . import services

    if kind == ProgressReset.Kind.PROGRESS:
        counts = dict(
            services.resettable_progress(learner=learner, roadmap=roadmap)
            .order_by()
            .values_list("status")
            .annotate(n=Count("id"))
        )
        return {
            "count": sum(counts.values()),
            "summary": services.progress_reset_summary(counts),
        }
    attempts = services.resettable_attempts(learner=learner, roadmap=roadmap)
    count = attempts.count()
    best = attempts.quizzes().best_first().first() if count else None  # reviews never count
    return {"count": count, "summary": services.quiz_reset_summary(count=count, best=best)}
