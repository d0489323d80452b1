"""Every URL name of the project (admin aside), how to build its arguments, and who may use it.

The URL tests fail when a URL name appears that this table does not know, so a new page cannot be
added without deciding whether it holds learner data.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.helpers import PASSWORD

from .conftest import (
    OWNER_EMAIL,
    OWNER_LABEL,
    OWNER_NAME,
    OWNER_NOTE,
    OWNER_PROJECT_URL,
    OWNER_RESOURCE,
    reset_kwargs,
)

PUBLIC = "public"  # anyone may use it; it never shows or changes another learner's data
LEARNER = "learner"  # the signed-in learner's own data: a visitor is sent to log in
OWNED = "owned"  # one learner's object in the URL: anyone else gets 404 (or 403)

NEW_PASSWORD = "another-horse-staple-42"


def _no_kwargs(world):
    return {}


def _no_data(world):
    return {}


@dataclass(frozen=True)
class Route:
    access: str
    kwargs: Callable = _no_kwargs
    # What a POST sends: what the page's own form would send to change something.
    post: Callable = _no_data
    post_only: bool = False  # a state change: GET answers 405
    get_only: bool = False  # POST answers 405
    owner_sees: tuple = field(default=())  # private texts the owner's own GET shows


def _roadmap(world):
    return {"slug": world.roadmap.slug}


def _step(world):
    return {"slug": world.roadmap.slug, "step_slug": world.step.slug}


def _topic(world):
    return {"slug": world.roadmap.slug, "topic_id": world.topic.pk}


ROUTES = {
    "healthz": Route(PUBLIC, get_only=True),
    "/favicon.ico": Route(PUBLIC),
    "roadmap:home": Route(PUBLIC),
    "roadmap:detail": Route(PUBLIC, _roadmap, owner_sees=(OWNER_RESOURCE,)),
    "accounts:signup": Route(
        PUBLIC,
        post=lambda w: {
            "username": "newcomer",
            "email": "newcomer@example.com",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    ),
    "accounts:login": Route(
        PUBLIC, post=lambda w: {"username": w.owner.username, "password": "not-the-password"}
    ),
    "accounts:logout": Route(PUBLIC, post_only=True),
    "accounts:password_reset": Route(PUBLIC, post=lambda w: {"email": w.owner.email}),
    "accounts:password_reset_done": Route(PUBLIC, get_only=True),
    "accounts:password_reset_confirm": Route(
        PUBLIC,
        lambda w: reset_kwargs(w.owner),
        post=lambda w: {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    ),
    "accounts:password_reset_complete": Route(PUBLIC, get_only=True),
    "accounts:password_change": Route(
        LEARNER,
        post=lambda w: {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    ),
    "accounts:password_change_done": Route(LEARNER, get_only=True),
    "accounts:settings": Route(
        LEARNER,
        post=lambda w: {
            "email": "hijacked@example.com",
            "display_name": "Hijacked",
            "time_zone": "Europe/Paris",
            "current_password": PASSWORD,
        },
        owner_sees=(OWNER_EMAIL, OWNER_NAME),
    ),
    "accounts:export": Route(LEARNER, owner_sees=(OWNER_NOTE, OWNER_LABEL, OWNER_EMAIL)),
    # Another learner types the owner's username: it must not delete the owner (nor themselves).
    "accounts:delete": Route(
        LEARNER, post=lambda w: {"confirmation": w.owner.username, "password": PASSWORD}
    ),
    "progress:dashboard": Route(LEARNER, owner_sees=(OWNER_NOTE, OWNER_LABEL, OWNER_PROJECT_URL)),
    "progress:mark_step": Route(
        PUBLIC, _step, post=lambda w: {"status": "skipped"}, post_only=True
    ),
    "progress:step_notes": Route(
        LEARNER,
        _step,
        post=lambda w: {"action": "note", "note": "Hijacked note"},
        owner_sees=(OWNER_NOTE, OWNER_LABEL),
    ),
    "progress:set_plan": Route(
        LEARNER,
        _roadmap,
        post=lambda w: {"start_date": "2031-03-03", "hours_per_week": "7"},
        post_only=True,
    ),
    "progress:replan": Route(LEARNER, _roadmap, post=_no_data, post_only=True),
    "progress:delete_evidence": Route(OWNED, lambda w: {"pk": w.evidence.pk}, post_only=True),
    "progress:mark_topic": Route(
        PUBLIC, _topic, post=lambda w: {"status": "skipped"}, post_only=True
    ),
    "progress:mark_resource": Route(
        LEARNER,
        lambda w: {"slug": w.roadmap.slug, "resource_id": w.resource.pk},
        post=lambda w: {"done": "0"},
        post_only=True,
    ),
    "progress:add_personal_resource": Route(
        LEARNER,
        _topic,
        post=lambda w: {"title": "Hijacked", "url": "https://hijack.example/"},
        post_only=True,
    ),
    "progress:delete_personal_resource": Route(
        OWNED, lambda w: {"pk": w.personal.pk}, post_only=True
    ),
    # Shows the reader's own links only: a visitor sees none, another learner theirs.
    "progress:project": Route(
        PUBLIC,
        lambda w: {"slug": w.roadmap.slug, "project_slug": w.project.slug},
        post=lambda w: {
            "criterion": str(w.project_link.criterion_id),
            "url": "https://hijack.example/",
        },
    ),
    "quizzes:take": Route(PUBLIC, _roadmap, post=lambda w: {"token": str(w.attempt.token)}),
    "quizzes:history": Route(LEARNER, _roadmap, get_only=True),
    "quizzes:review": Route(OWNED, lambda w: {"token": w.attempt.token}, get_only=True),
    "quizzes:due_reviews": Route(LEARNER, get_only=True),
    "quizzes:review_quiz": Route(LEARNER, _roadmap, post=lambda w: {"token": str(w.attempt.token)}),
    "progress:mark_reviewed": Route(LEARNER, _step, post_only=True),
    "progress:reset_progress": Route(LEARNER, _roadmap),
    "progress:reset_quiz": Route(LEARNER, _roadmap),
    "progress:reset_done": Route(OWNED, lambda w: {"pk": w.reset.pk}),
    "progress:undo_reset": Route(OWNED, lambda w: {"pk": w.reset.pk}, post_only=True),
    "certificates:share": Route(
        LEARNER, _roadmap, post=lambda w: {"name": "Hijacked"}, post_only=True
    ),
    "certificates:stop": Route(LEARNER, _roadmap, post_only=True),
    # Public by the owner's choice: the page shows the name they chose, nothing private.
    "certificates:detail": Route(PUBLIC, lambda w: {"token": w.certificate.token}, get_only=True),
}


def project_url_names(resolver=None, namespace=""):
    """(name, route) of every URL pattern, through includes, admin left out.

    Unnamed patterns without arguments are keyed by their path, e.g. "/favicon.ico".
    """
    resolver = resolver or get_resolver()
    found = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin" or pattern.app_name == "admin":
                continue
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            for name, route in project_url_names(pattern, inner):
                found.append((name, f"{pattern.pattern}{route}"))
        elif isinstance(pattern, URLPattern):
            route = str(pattern.pattern)
            # An unnamed pattern is known by its path ("/favicon.ico"); one with arguments can't
            # be, and comes back as None so the table test asks for a name.
            name = f"{namespace}{pattern.name}" if pattern.name else None
            if name is None and "<" not in route:
                name = f"/{route}"
            found.append((name, route))
    return found


def url_for(name, world):
    """The URL of a table entry: reversed from its name, or its path when it has no name."""
    if name.startswith("/"):
        return name
    return reverse(name, kwargs=ROUTES[name].kwargs(world))
