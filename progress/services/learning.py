"""Writes on a learner's progress inside steps: topics, resources done, personal resources,
project links."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from roadmap.models import Topic

from .. import visitors
from ..models import (
    PERSONAL_RESOURCES_LIMIT,
    ActivityKind,
    PersonalResource,
    ProjectLink,
    ResourceDone,
    TopicProgress,
    TopicStatus,
)
from .steps import record_activity, save_with_activity


def _check_topic_status(status):
    if status not in TopicStatus.values:
        expected = ", ".join(TopicStatus.values)
        raise ValueError(f"Unknown topic status {status!r}; expected one of {expected}.")
    return TopicStatus(status)


@transaction.atomic
def mark_topic(*, learner, topic, status) -> TopicProgress:
    """Set a learner's status on a topic (done, skipped, not started); the same twice changes
    nothing. It never changes the step's status: the page offers that when every topic is ticked.
    """
    status = _check_topic_status(status)
    at = timezone.now()
    changed = status != TopicStatus.NOT_STARTED  # a new row is created with this status
    row, created = TopicProgress.objects.select_for_update().get_or_create(
        learner=learner,
        topic=topic,
        defaults={"status": status, "status_changed_at": at if changed else None},
    )
    if created:
        if changed:
            record_activity(learner=learner, kind=ActivityKind.TOPIC, step=topic.step, at=at)
        return row
    if row.status == status:
        return row
    row.status = status
    row.status_changed_at = at
    save_with_activity(
        row,
        ["status", "status_changed_at", "updated_at"],
        learner=learner,
        kind=ActivityKind.TOPIC,
        step=topic.step,
        at=at,
    )
    return row


def merge_visitor_topics(*, learner, session) -> int:
    """Move the topic statuses a visitor ticked onto their account (the newer status wins).

    Called inside `merge_visitor_progress`'s transaction; the caller clears the session.
    """
    marks = visitors.visitor_topic_marks(session)
    changed = 0
    for topic in Topic.objects.filter(pk__in=marks).select_related("step").order_by("pk"):
        mark = marks[topic.pk]
        row, created = TopicProgress.objects.select_for_update().get_or_create(
            learner=learner, topic=topic
        )
        account_changed_at = row.status_changed_at or row.updated_at
        if (not created and account_changed_at >= mark.marked_at) or row.status == mark.status:
            continue
        row.status = mark.status
        row.status_changed_at = mark.marked_at
        row.save(update_fields=["status", "status_changed_at", "updated_at"])
        record_activity(
            learner=learner, kind=ActivityKind.TOPIC, step=topic.step, at=mark.marked_at
        )
        changed += 1
    return changed


@transaction.atomic
def mark_resource_done(*, learner, resource, done) -> bool:
    """Mark a curated resource done (or not); returns whether it is done now."""
    if not done:
        ResourceDone.objects.filter(learner=learner, resource=resource).delete()
        return False
    _, created = ResourceDone.objects.get_or_create(learner=learner, resource=resource)
    if created:
        record_activity(learner=learner, kind=ActivityKind.RESOURCE, step=resource.topic.step)
    return True


class LimitReached(ValidationError):
    """The learner already has as many personal items as the site keeps."""


@transaction.atomic
def add_personal_resource(*, learner, topic, title, url) -> PersonalResource:
    """Add a resource of the learner's own to a topic (private to them).

    Raises LimitReached past PERSONAL_RESOURCES_LIMIT in all.
    """
    # Lock the learner's row so two concurrent adds cannot both pass the limit.
    get_user_model().objects.select_for_update().filter(pk=learner.pk).first()
    if PersonalResource.objects.for_learner(learner).count() >= PERSONAL_RESOURCES_LIMIT:
        raise LimitReached(
            f"You have {PERSONAL_RESOURCES_LIMIT} resources of your own, the most the site keeps. "
            "Remove one you no longer need to add another."
        )
    return PersonalResource.objects.create(learner=learner, topic=topic, title=title, url=url)


@transaction.atomic
def save_project_link(*, learner, criterion, url) -> ProjectLink:
    """Attach (or replace) the learner's link for one project criterion."""
    link, created = ProjectLink.objects.select_for_update().get_or_create(
        learner=learner, criterion=criterion, defaults={"url": url}
    )
    if not created:
        if link.url == url:
            return link  # the same link again: nothing happened, nothing to log
        link.url = url
        link.save(update_fields=["url", "updated_at"])
    record_activity(learner=learner, kind=ActivityKind.PROJECT)
    return link
