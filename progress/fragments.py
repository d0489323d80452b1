"""The roadmap page's steps as one string per content version, with the reader's state filled in.

Rendering the steps (6 on the ML roadmap, with 34 topics and 115 resources, each a form) through
the template engine for every request cost most of a signed-in page. The structure is content:
it changes only with the content version. So `templates/progress/includes/step_list.html` is
rendered once per version and kind of reader (signed in or not) with a `{% slot "name" arg ... %}`
mark (`roadmap.slots`) wherever the reader's state goes, kept in the content cache,
and each request fills the marks from its `RoadmapProgress` with plain string work
(`ReaderSlots`): a status, a class, "true"/"false", a date. What is rare and larger (the
learner's own resources, "Verified", a revision notice) is rendered by its template only where
there is one. The map of the route (`route_map`, laid out from the content alone) and the plan
form (`plan_form`) are kept the same way.

The page reads the same as rendering every step with the reader's rows (only whitespace between
tags differs), so the templates must read the reader's state through marks only: a value of the
reader written into them directly would be cached for every reader.
"""

from datetime import UTC, datetime
from types import SimpleNamespace

from django.contrib.humanize.templatetags.humanize import naturaltime
from django.core.cache import caches
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.dateformat import format as format_date
from django.utils.html import escape
from django.utils.safestring import mark_safe

from roadmap.content_cache import CONTENT_CACHE, CONTENT_TIMEOUT, Shared, versioned
from roadmap.slots import Fragment, slot

from .models import StepStatus, TopicStatus
from .route_map import route_map as build_route_map
from .route_map import step_name, summary, topic_name


def _pressed_class(pressed, variant):
    return f"btn-{variant}" if pressed else f"btn-outline-{variant}"


class ReaderSlots:
    """The values of the fragments' slots for one reader: cheap lookups into `progress`."""

    def __init__(self, progress, *, context):
        self.progress = progress
        self.context = context  # the page's: request, user, csrf_token (for the rare parts)
        self.steps = {}
        self.numbers = {}
        self.topics = {}
        self.resources = {}
        for number, step in enumerate(progress.steps, start=1):
            row = progress.row_for(step)
            self.steps[step.slug] = row
            self.numbers[step.slug] = number
            for topic_row in row.topics:
                self.topics[str(topic_row.topic.pk)] = topic_row
                for resource_row in topic_row.resources:
                    self.resources[str(resource_row.resource.pk)] = resource_row
        next_step = progress.next_step
        self.here = next_step.slug if next_step is not None else None
        request = context.get("request")
        self.path = escape(request.path) if request is not None else ""
        # The step just marked without JavaScript (`?done=<slug>`): its milestone shows under it.
        self.done = request.GET.get("done") if request is not None else None
        self.csrf = escape(context.get("csrf_token") or "")

    def __call__(self, name, *args):
        return getattr(self, SLOT_METHODS[name])(*args)

    def slot_path(self):
        return self.path

    def slot_csrf(self):
        return self.csrf

    # Steps
    def slot_step_classes(self, slug):
        row = self.steps[slug]
        classes = f"step-{row.status}".replace("_", "-")
        return classes + (" step-current" if slug == self.here else "")

    def slot_step_here(self, slug):
        return ' <span class="step-here">You are here</span>' if slug == self.here else ""

    def slot_step_finish(self, slug):
        finish = self.progress.finish_date(self.steps[slug].step)
        if not finish:
            return ""
        when = format_date(finish, "j F Y")
        return f' <span class="step-finish" data-step-finish>Finish by {when}</span>'

    def slot_step_open(self, slug):
        return " open" if self.steps[slug].status == StepStatus.IN_PROGRESS else ""

    def slot_step_topics_label(self, slug):
        return escape(self.steps[slug].topics_label)

    def slot_step_offer_hidden(self, slug):
        return "" if self.steps[slug].offers_done else " hidden"

    def slot_step_button(self, slug, status):
        status = StepStatus(status)
        return _pressed_class(self.steps[slug].status == status, status.variant)

    def slot_step_pressed(self, slug, status):
        return "true" if self.steps[slug].status == status else "false"

    def slot_step_milestone_hidden(self, slug):
        return "" if self._milestone(slug) else " hidden"

    def slot_step_milestone(self, slug):
        return escape(self._milestone(slug) or "")

    def _milestone(self, slug):
        if slug != self.done or slug not in self.steps:
            return None
        return self.progress.milestone(self.steps[slug].step)

    def slot_step_extras(self, slug):
        row = self.steps[slug]
        if not (row.verified or row.notice):
            return ""
        return render_to_string("progress/includes/step_extras.html", self.context | {"row": row})

    # The map of the route
    def slot_map_summary(self):
        return escape(summary(self.progress))

    def slot_line_done(self, slug):
        return " route-line-done" if self.steps[slug].status == StepStatus.DONE else ""

    def slot_node_state(self, slug):
        state = f"route-step-{self.steps[slug].status}"
        return state + " is-current" if slug == self.here else state

    def slot_node_name(self, slug):
        row = self.steps[slug]
        base = f"Step {self.numbers[slug]}: {row.step.title}"
        return escape(step_name(base, row.status, slug == self.here))

    def slot_bead_state(self, pk):
        return str(self.topics[pk].status)

    def slot_bead_name(self, pk):
        row = self.topics[pk]
        return escape(topic_name(row.topic, row.status))

    # Topics
    def slot_topic_status(self, pk):
        return str(self.topics[pk].status)

    def slot_topic_button(self, pk, status):
        status = TopicStatus(status)
        return _pressed_class(self.topics[pk].status == status, status.variant)

    def slot_topic_pressed(self, pk, status):
        return "true" if self.topics[pk].status == status else "false"

    def slot_topic_personal(self, pk):
        row = self.topics[pk]
        if not row.personal:
            return ""
        return render_to_string(
            "progress/includes/personal_resources.html",
            self.context | {"topic": row.topic, "personal": row.personal},
        )

    # Resources
    def slot_resource_class(self, pk):
        return " resource-done" if self.resources[pk].done else ""

    def slot_resource_value(self, pk):
        return "0" if self.resources[pk].done else "1"

    def slot_resource_button(self, pk):
        return "btn-success" if self.resources[pk].done else "btn-outline-success"

    def slot_resource_pressed(self, pk):
        return "true" if self.resources[pk].done else "false"

    def slot_resource_label(self, pk):
        return "Done ✓" if self.resources[pk].done else "Mark done"


def response_values(request):
    """The values of a kept page's per-response slots: the CSRF token, and how long ago a
    moment was (`{% time_ago %}`)."""
    token = escape(get_token(request))

    def value(name, *args):
        if name == "csrf":
            return token
        moment = datetime.fromtimestamp(float(args[0]), tz=UTC)
        return escape(str(naturaltime(moment)))

    return value


def route_map(progress, *, context, content_version):
    """The map of the route for this reader (safe HTML): its layout rendered once per version."""
    key = f"route-map:{content_version}:{progress.roadmap.pk}"

    def render():
        return render_to_string(
            "progress/includes/route_map.html", {"map": build_route_map(progress)}
        )

    fragment = versioned(key, lambda: Fragment.of(render()), version=content_version, shared=True)
    return mark_safe(fragment.fill(ReaderSlots(progress, context=context)))


def step_list(progress, *, context, content_version):
    """The roadmap page's steps for this reader (safe HTML), from the fragment of their kind."""
    user = context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    roadmap = progress.roadmap
    key = f"step-list:{content_version}:{roadmap.pk}:{int(signed_in)}"

    def render():
        return render_to_string(
            "progress/includes/step_list.html",
            {
                "progress": progress,
                "roadmap": roadmap,
                "cited": context.get("cited"),
                "user": SimpleNamespace(is_authenticated=signed_in),
                "request": SimpleNamespace(path=slot("path")),
                "csrf_token": slot("csrf"),
            },
        )

    fragment = versioned(key, lambda: Fragment.of(render()), version=content_version, shared=True)
    return mark_safe(fragment.fill(ReaderSlots(progress, context=context)))


def plan_form(progress):
    """The plan form (crispy), rendered once per process for each roadmap and kind of plan (a
    start date or none, hours a week or none), its values filled per request."""
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form

    from .forms import PlanForm

    plan = progress.plan
    start = plan.start_date if plan else None
    hours = plan.hours_per_week if plan else None
    roadmap = progress.roadmap
    key = f"plan-form:{roadmap.pk}:{int(start is not None)}:{int(hours is not None)}"

    def render():
        initial = {}
        if start is not None:
            initial["start_date"] = slot("plan-start")
        if hours is not None:
            initial["hours_per_week"] = slot("plan-hours")
        return as_crispy_form(PlanForm(initial=initial, auto_id=f"id_plan_%s_{roadmap.pk}"))

    fields = PlanForm.base_fields
    values = {
        "plan-start": lambda: escape(fields["start_date"].widget.format_value(start)),
        "plan-hours": lambda: escape(fields["hours_per_week"].widget.format_value(hours)),
    }
    store = caches[CONTENT_CACHE]
    fragment = store.get(key)
    if fragment is None:
        fragment = Fragment.of(render())
        store.set(key, Shared(fragment), CONTENT_TIMEOUT)
    elif isinstance(fragment, Shared):
        fragment = fragment.value
    return mark_safe(fragment.fill(lambda name: values[name]()))


# "step-open" -> "slot_step_open"
SLOT_METHODS = {
    name[len("slot_") :].replace("_", "-"): name
    for name in dir(ReaderSlots)
    if name.startswith("slot_")
}
