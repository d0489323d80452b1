"""A visitor's progress (not signed in): kept in their session, merged into their account later.

The one module that reads, validates and writes it. The session holds, times as ISO strings:
- steps: {step_id (str): {"status", "updated_at", "started_at", "completed_at"}};
- topics: {topic_id (str): {"status", "updated_at"}}.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils import timezone

from .models import StepStatus, TopicStatus, status_times

VISITOR_SESSION_KEY = "visitor_progress"
VISITOR_TOPICS_KEY = "visitor_topics"


@dataclass(frozen=True)
class VisitorMark:
    """One valid entry of the session: a status and when it was set."""

    step_id: int
    status: StepStatus
    marked_at: datetime
    started_at: datetime | None = None
    completed_at: datetime | None = None


def _parse_time(value):
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _raw(session, key=VISITOR_SESSION_KEY):
    data = session.get(key)
    return data if isinstance(data, dict) else {}


def has_marks(session) -> bool:
    return bool(_raw(session)) or bool(_raw(session, VISITOR_TOPICS_KEY))


def visitor_marks(session) -> dict[int, VisitorMark]:
    """{step_id: VisitorMark} for every valid entry; anything malformed is left out."""
    marks = {}
    for key, entry in _raw(session).items():
        if not (str(key).isdigit() and isinstance(entry, dict)):
            continue
        marked_at = _parse_time(entry.get("updated_at"))
        if entry.get("status") not in StepStatus.values or marked_at is None:
            continue
        marks[int(key)] = VisitorMark(
            step_id=int(key),
            status=StepStatus(entry["status"]),
            marked_at=marked_at,
            started_at=_parse_time(entry.get("started_at")),
            completed_at=_parse_time(entry.get("completed_at")),
        )
    return marks


def visitor_statuses(session) -> dict[int, StepStatus]:
    """{step_id: status} the visitor has marked."""
    return {step_id: mark.status for step_id, mark in visitor_marks(session).items()}


def mark_visitor_step(session, step, status) -> dict:
    """Keep a visitor's status on a step in their session; the same status twice changes nothing.

    Returns the stored entry. It is merged into their account when they sign up or log in.
    """
    status = StepStatus(status)
    data = dict(_raw(session))
    key = str(step.pk)
    entry = data.get(key)
    if isinstance(entry, dict) and entry.get("status") == status:
        return entry
    now = timezone.now()
    entry = dict(entry) if isinstance(entry, dict) else {}
    started_at, completed_at = status_times(
        status, at=now, started_at=_parse_time(entry.get("started_at"))
    )
    entry["status"] = str(status)
    entry["updated_at"] = now.isoformat()
    if started_at is not None and not entry.get("started_at"):
        entry["started_at"] = started_at.isoformat()
    entry["completed_at"] = completed_at.isoformat() if completed_at else None
    data[key] = entry
    session[VISITOR_SESSION_KEY] = data  # reassigned, so the session is saved
    return entry


@dataclass(frozen=True)
class VisitorTopicMark:
    """One valid topic entry of the session."""

    topic_id: int
    status: TopicStatus
    marked_at: datetime


def visitor_topic_marks(session) -> dict[int, VisitorTopicMark]:
    """{topic_id: VisitorTopicMark} for every valid entry; anything malformed is left out."""
    marks = {}
    for key, entry in _raw(session, VISITOR_TOPICS_KEY).items():
        if not (str(key).isdigit() and isinstance(entry, dict)):
            continue
        marked_at = _parse_time(entry.get("updated_at"))
        if entry.get("status") not in TopicStatus.values or marked_at is None:
            continue
        marks[int(key)] = VisitorTopicMark(int(key), TopicStatus(entry["status"]), marked_at)
    return marks


def visitor_topic_statuses(session) -> dict[int, TopicStatus]:
    """{topic_id: status} the visitor has ticked."""
    return {topic_id: mark.status for topic_id, mark in visitor_topic_marks(session).items()}


def mark_visitor_topic(session, topic, status) -> dict:
    """Keep a visitor's status on a topic in their session; merged into their account later."""
    status = TopicStatus(status)
    data = dict(_raw(session, VISITOR_TOPICS_KEY))
    key = str(topic.pk)
    entry = data.get(key)
    if isinstance(entry, dict) and entry.get("status") == status:
        return entry
    entry = {"status": str(status), "updated_at": timezone.now().isoformat()}
    data[key] = entry
    session[VISITOR_TOPICS_KEY] = data
    return entry


def clear(session) -> None:
    session.pop(VISITOR_SESSION_KEY, None)
    session.pop(VISITOR_TOPICS_KEY, None)
