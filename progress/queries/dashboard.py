"""The learner's dashboard: each roadmap they started, their portfolio, updates, resets."""

from dataclasses import dataclass, field

from django.utils import timezone

from quizzes.models import QuizAttempt
from roadmap.models import Roadmap

from ..models import LearningPlan, ProgressReset, StepProgress, StepRevision
from .page import step_rows, topic_ticks
from .plan import schedule_for
from .projects import portfolio_projects
from .revisions import revision_notices
from .rows import RoadmapProgress


@dataclass
class PortfolioItem:
    """A step the learner wrote something on: their note and evidence links."""

    progress: StepProgress
    evidence: list
    roadmap_visible: bool  # the step's roadmap is on the dashboard (its page can be opened)

    @property
    def step(self):
        return self.progress.step

    @property
    def verified(self):
        return self.progress.is_verified


@dataclass
class Dashboard:
    roadmaps: list  # [RoadmapProgress], most recent activity first
    portfolio: list  # [PortfolioItem], by roadmap and step
    updates: list = field(default_factory=list)  # [RevisionNotice] of steps changed since done
    resets: list = field(default_factory=list)  # [ProgressReset] the learner can still undo
    projects: list = field(default_factory=list)  # [ProjectProgress] with the learner's links


def learner_dashboard(learner, *, today=None) -> Dashboard:
    """Each roadmap the learner started (a step status, a plan or a quiz attempt); portfolio.

    Seven queries whatever the number of roadmaps and steps: rows (with what "verified" needs),
    their evidence, plans, best quiz attempts, changes not reviewed, resets still undoable,
    project links (and the criteria of those projects: one more when there are any). The
    roadmaps with their steps, topics and resources are the roadmap page's cached content (read
    fresh for a staff member's drafts). (The certificates' card reads the certificates: one
    more.) When a plan has hours a week, one more: the learner's topic ticks, which its dates
    count.
    """
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
    # The roadmap page's cached content: active steps, topics and resources, no query.
    roadmaps = [page.roadmap for page in Roadmap.objects.cached_pages(started, user=learner)]
    paced = [roadmap_id for roadmap_id, plan in plans.items() if plan.hours_per_week]
    # The plans' dates count the hours left: they need the learner's topic ticks.
    ticks = topic_ticks(learner, paced) if paced else {}
    cards = []
    for roadmap in roadmaps:
        steps = list(roadmap.steps.all())
        active = {step.pk for step in steps}
        mine = [row for row in rows if row.step.roadmap_id == roadmap.pk]
        on_page = {row.step_id: row for row in mine if row.step_id in active}
        plan = plans.get(roadmap.pk)
        attempt = best.get(roadmap.pk)
        times = [row.updated_at for row in mine] + ([plan.updated_at] if plan else [])
        times += [attempt.submitted_at] if attempt else []
        statuses = {step_id: row.status for step_id, row in on_page.items()}
        schedule = schedule_for(
            plan,
            steps,
            statuses=statuses,
            step_changed={step_id: row.status_changed_at for step_id, row in on_page.items()},
            topic_ticks=ticks,
            zone=learner.zone,
            today=today,
        )
        cards.append(
            RoadmapProgress(
                roadmap=roadmap,
                steps=steps,
                statuses=statuses,
                rows=step_rows(steps, on_page),
                is_learner=True,
                plan=plan,
                today=today,
                last_activity=max(times, default=None),
                best_attempt=attempt,
                schedule=schedule,
            )
        )
    cards.sort(key=lambda card: card.last_activity or timezone.now(), reverse=True)
    visible = {card.roadmap.pk for card in cards}
    portfolio = []
    for row in rows:
        evidence = list(row.evidence.all())
        if row.note.strip() or evidence:
            portfolio.append(
                PortfolioItem(
                    progress=row, evidence=evidence, roadmap_visible=row.step.roadmap_id in visible
                )
            )
    revisions = StepRevision.objects.pending_for(learner).select_related("step__roadmap")
    updates = [
        notice for notice in revision_notices(revisions).values() if notice.roadmap.pk in visible
    ]
    resets = list(ProgressReset.objects.for_learner(learner).undoable().select_related("roadmap"))
    return Dashboard(
        roadmaps=cards,
        portfolio=portfolio,
        updates=updates,
        resets=resets,
        projects=portfolio_projects(learner),
    )
