"""A learner's (or visitor's) progress on one roadmap, as the roadmap page and dashboard show it."""

from django.db.models import OuterRef, Subquery, prefetch_related_objects

from accounts.prepared import prepared_rows, prepared_rows_and_one, prepared_values
from roadmap.models import Topic

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
from .plan import schedule_for
from .revisions import revision_notices
from .rows import EARLIER_PLANS_SHOWN, ResourceRow, RoadmapProgress, StepRow, TopicRow


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
    (topics, resources, revision notices). The active steps are `roadmap.steps`: prefetched
    when the roadmap comes from the page's cached content, as `step_of_roadmap_or_404` gives it,
    else one query (a staff member's draft, or while the cache is away). Then for a learner
    their rows with what "verified" needs and their plan, with SQL built once per process: one
    statement on Postgres, two elsewhere; none for a visitor (the statuses are in the session).
    """
    steps = [step for step in roadmap.steps.all() if not step.is_archived]
    user = request.user
    if not user.is_authenticated:
        marked = visitors.visitor_statuses(request.session)
        statuses = {step.pk: marked[step.pk] for step in steps if step.pk in marked}
        return RoadmapProgress(roadmap=roadmap, steps=steps, statuses=statuses)
    rows, plan = prepared_rows_and_one(
        "summary-rows-and-plan", _page_rows, _plan, learner=user.pk, roadmap=roadmap.pk
    )
    progress_rows = {row.step_id: row for row in rows}
    return RoadmapProgress(
        roadmap=roadmap,
        steps=steps,
        statuses={step_id: row.status for step_id, row in progress_rows.items()},
        rows=step_rows(steps, progress_rows),
        is_learner=True,
        plan=plan,
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
