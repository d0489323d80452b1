"""What the progress views share: reading the roadmap and step of a URL, JSON or not, `next`."""

from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from roadmap.models import Roadmap, Step


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def roadmap_or_404(request, slug):
    return get_object_or_404(Roadmap.objects.visible_to(request.user), slug=slug)


def step_or_404(roadmap, step_slug, *, active_only=True):
    steps = Step.objects.active() if active_only else Step.objects.all()
    return get_object_or_404(steps, roadmap=roadmap, slug=step_slug)


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
