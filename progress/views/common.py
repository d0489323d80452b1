"""What the progress views share: reading the roadmap and step of a URL, JSON or not, `next`."""

from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from roadmap.models import Roadmap, Step, Topic


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def roadmap_or_404(request, slug):
    return get_object_or_404(Roadmap.objects.visible_to(request.user), slug=slug)


def step_or_404(roadmap, step_slug, *, active_only=True):
    steps = Step.objects.active() if active_only else Step.objects.all()
    return get_object_or_404(steps, roadmap=roadmap, slug=step_slug)


def _cached_steps(slug):
    """The active steps of a published roadmap, from the roadmap page's cached content (shared:
    read only), or [] when the roadmap is not published or the cache is away."""
    page = Roadmap.objects.cached_published_page(slug, cached_only=True)
    return page.roadmap.steps.all() if page is not None else []


def step_of_roadmap_or_404(request, slug, step_slug):
    """The active step of a roadmap the request may see, with its roadmap: from the roadmap
    page's cached content (no query), or one query (a staff member's draft, a 404)."""
    for step in _cached_steps(slug):
        if step.slug == step_slug:
            return step
    steps = Step.objects.active().select_related("roadmap")
    visible = Roadmap.objects.visible_to(request.user)
    return get_object_or_404(steps, roadmap__in=visible, roadmap__slug=slug, slug=step_slug)


def topic_of_roadmap_or_404(request, slug, topic_id):
    """An active topic of an active step of a roadmap the request may see, with its step and
    roadmap: from the roadmap page's cached content (no query), or one query."""
    for step in _cached_steps(slug):
        for topic in step.topics.all():
            if topic.pk == topic_id:
                return topic
    topics = Topic.objects.active().select_related("step__roadmap")
    visible = Roadmap.objects.visible_to(request.user)
    return get_object_or_404(
        topics,
        pk=topic_id,
        step__is_archived=False,
        step__roadmap__in=visible,
        step__roadmap__slug=slug,
    )


def back(request, default):
    """`next` when it is a path on this site, `default` otherwise.

    Only a path: redirect() would take a bare word such as "0" for a URL name and fail with a 500.
    """
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
