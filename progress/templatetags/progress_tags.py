"""The progress app's part of pages other apps render (the roadmap page):

{% load progress_tags %}
{% roadmap_progress roadmap as progress %}   {# the reader's progress, three queries at most #}
{% progress_panel progress %}                {# "Your progress": bar, plan, reset #}
{% step_status progress step %}              {# a step's status control, verified, changes #}
{% step_topics progress step %}              {# its topics, resources and the reader's ticks #}
{% step_finish progress step as finish %}    {# the plan's date for the step, or None #}
{% route_map progress content_version %}     {# the map of the route, coloured by status #}
{% step_list progress content_version %}     {# every step: step_topics and step_status, filled #}
{% step_classes progress step %}             {# "step-done", "step-current": the step card's look #}
"""

from django import template
from django.contrib.humanize.templatetags.humanize import naturaltime

from .. import fragments, queries
from ..models import StepStatus, TopicStatus

register = template.Library()

STATUSES = list(StepStatus)
TOPIC_STATUSES = [TopicStatus.DONE, TopicStatus.SKIPPED, TopicStatus.NOT_STARTED]


@register.simple_tag(takes_context=True)
def roadmap_progress(context, roadmap):
    """The request's learner's (or visitor's) progress on `roadmap`: a RoadmapProgress."""
    return queries.roadmap_progress(context["request"], roadmap)


@register.simple_tag(takes_context=True)
def time_ago(context, moment):
    """`moment|naturaltime` ("3 minutes ago"); in a page kept for later responses (`kept_page`)
    a slot each response fills, so the words are never older than the response."""
    if context.get("kept_page"):
        return fragments.slot("ago", f"{moment.timestamp():.6f}")
    return naturaltime(moment)


@register.simple_tag
def step_finish(progress, step):
    """The date the reader's plan gives `step` (no query): see RoadmapProgress.finish_date."""
    return progress.finish_date(step)


@register.inclusion_tag("progress/includes/roadmap_progress.html", takes_context=True)
def progress_panel(context, progress):
    return context.flatten() | {"rp": progress}


@register.inclusion_tag("progress/includes/step_status.html", takes_context=True)
def step_status(context, progress, step):
    return context.flatten() | {
        "row": progress.row_for(step),
        "roadmap": progress.roadmap,
        "statuses": STATUSES,
    }


@register.inclusion_tag("progress/includes/step_topics.html", takes_context=True)
def step_topics(context, progress, step):
    # Only what the include reads: flattening the page's whole context for each step costs more.
    return {
        "row": progress.row_for(step),
        "roadmap": progress.roadmap,
        "topic_statuses": TOPIC_STATUSES,
        "user": context.get("user"),
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def route_map(context, progress, content_version=None):
    """The map of the route for this reader: laid out from `progress` once per content version,
    its states filled per request (progress/fragments.py); no query."""
    return fragments.route_map(progress, context=context.flatten(), content_version=content_version)


@register.simple_tag
def step_classes(progress, step):
    """The step card's classes: "step-<status>", plus "step-current" for "you are here"."""
    classes = f"step-{progress.row_for(step).status}".replace("_", "-")
    return classes + (" step-current" if step == progress.next_step else "")


@register.simple_tag(takes_context=True)
def step_list(context, progress, content_version):
    """The page's steps (their topics, resources and status controls) for this reader: rendered
    once per content version with slots, filled from `progress` (progress/fragments.py)."""
    return fragments.step_list(progress, context=context.flatten(), content_version=content_version)


@register.simple_tag
def slot(name, *args):
    """A mark for a value of this reader, in a fragment rendered once for all (fragments.py)."""
    return fragments.slot(name, *args)


@register.simple_tag
def plan_form(progress):
    """The plan form of `progress.plan_form`, crispy, without rendering crispy each request."""
    return fragments.plan_form(progress)
