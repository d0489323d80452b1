"""Views of a learner's progress inside steps: topics, resources done, their own resources, and
project links. Each state change is a real form (POST) and, for the scripts, the same view
answering `Accept: application/json`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from roadmap.models import Project, ProjectCriterion, Resource, Topic

from .. import services, visitors
from ..forms import PersonalResourceForm, ProjectLinkForm, ResourceDoneForm, TopicStatusForm
from ..models import PersonalResource, TopicStatus
from ..queries import project_progress, step_topics_row
from .common import back, roadmap_or_404, topic_of_roadmap_or_404, wants_json


def _topic_or_404(roadmap, topic_id):
    return get_object_or_404(
        Topic.objects.active().select_related("step"),
        pk=topic_id,
        step__roadmap=roadmap,
        step__is_archived=False,
    )


def _error(request, message, *, status=400, roadmap=None):
    if wants_json(request):
        return JsonResponse({"error": message}, status=status)
    context = {"roadmap": roadmap, "message": message}
    return render(request, "progress/bad_status.html", context, status=status)


@require_POST
def mark_topic_view(request, slug, topic_id):
    """Tick a topic done or skipped (or back to to-do): the learner's row, or the session."""
    try:
        topic = topic_of_roadmap_or_404(request, slug, topic_id)
    except Http404:
        if wants_json(request):
            return JsonResponse({"error": "This topic does not exist."}, status=404)
        raise
    roadmap = topic.step.roadmap
    form = TopicStatusForm(request.POST)
    if not form.is_valid():
        return _error(request, " ".join(form.errors["status"]), roadmap=roadmap)
    status = form.cleaned_data["status"]
    if request.user.is_authenticated:
        services.mark_topic(learner=request.user, topic=topic, status=status)
    else:
        visitors.mark_visitor_topic(request.session, topic, status)
    row = step_topics_row(request, topic.step)
    if wants_json(request):
        label = TopicStatus(status).label
        return JsonResponse(
            {"topic": topic.pk, "status": status, "status_label": label} | row.as_json()
        )
    if row.offers_done:
        messages.info(
            request,
            f"Every topic of “{topic.step.title}” is ticked. "
            "Mark the step done when you are ready.",
        )
    return redirect(back(request, f"{roadmap.get_absolute_url()}#{topic.anchor}"))


@login_required
@require_POST
def mark_resource_view(request, slug, resource_id):
    roadmap = roadmap_or_404(request, slug)
    resource = get_object_or_404(
        Resource.objects.select_related("topic__step"),
        pk=resource_id,
        topic__step__roadmap=roadmap,
        topic__is_archived=False,
    )
    form = ResourceDoneForm(request.POST)
    if not form.is_valid():
        return _error(request, " ".join(form.errors["done"]), roadmap=roadmap)
    done = services.mark_resource_done(
        learner=request.user, resource=resource, done=form.cleaned_data["done"]
    )
    if wants_json(request):
        label = f"{resource.title}: {'done' if done else 'not done'}"
        return JsonResponse({"resource": resource.pk, "done": done, "label": label})
    return redirect(back(request, f"{roadmap.get_absolute_url()}#{resource.topic.anchor}"))


@login_required
@require_POST
def add_personal_resource_view(request, slug, topic_id):
    roadmap = roadmap_or_404(request, slug)
    topic = _topic_or_404(roadmap, topic_id)
    form = PersonalResourceForm(request.POST)
    if form.is_valid():
        try:
            services.add_personal_resource(learner=request.user, topic=topic, **form.cleaned_data)
        except services.LimitReached as limit:
            form.add_error(None, limit.message)
        else:
            messages.success(request, f"Added “{form.cleaned_data['title']}” to {topic.title}.")
            return redirect(back(request, f"{roadmap.get_absolute_url()}#{topic.anchor}"))
    context = {"roadmap": roadmap, "topic": topic, "form": form}
    return render(request, "progress/personal_resource_form.html", context, status=400)


@login_required
@require_POST
def delete_personal_resource(request, pk):
    item = get_object_or_404(
        PersonalResource.objects.select_related("topic__step__roadmap"),
        pk=pk,
        learner=request.user,
    )
    topic = item.topic
    item.delete()
    messages.success(request, f"Removed “{item.title}”.")
    return redirect(back(request, f"{topic.step.roadmap.get_absolute_url()}#{topic.anchor}"))


@require_http_methods(["GET", "HEAD", "POST"])
def project_detail(request, slug, project_slug):
    """A project brief; a learner attaches a link to each criterion they meet."""
    roadmap = roadmap_or_404(request, slug)
    project = get_object_or_404(
        Project.objects.filter(is_archived=False).prefetch_related("criteria", "topics__step"),
        roadmap=roadmap,
        slug=project_slug,
    )
    form = ProjectLinkForm()
    failed_criterion = None
    if request.method == "POST":
        if not request.user.is_authenticated:  # the page itself says to log in
            return _error(
                request,
                "Log in to attach links to a project's criteria.",
                status=403,
                roadmap=roadmap,
            )
        criterion_id = request.POST.get("criterion", "")
        criterion = None
        if criterion_id.isdigit() and len(criterion_id) < 10:
            criterion = ProjectCriterion.objects.filter(project=project, pk=criterion_id).first()
        if criterion is None:
            return _error(request, "Choose one of this project's criteria.", roadmap=roadmap)
        form = ProjectLinkForm(request.POST)
        if form.is_valid():
            services.save_project_link(
                learner=request.user, criterion=criterion, url=form.cleaned_data["url"]
            )
            progress = project_progress(request.user, project)
            if progress.complete:
                messages.success(request, f"Project complete: “{project.title}”. Well done!")
            else:
                messages.success(request, f"Link saved. {progress.label}.")
            return redirect("progress:project", slug=slug, project_slug=project_slug)
        failed_criterion = criterion.pk
    context = {
        "roadmap": roadmap,
        "project": project,
        "progress": project_progress(request.user, project),
        "form": form,
        "failed_criterion": failed_criterion,
    }
    status = 400 if failed_criterion else 200
    return render(request, "progress/project.html", context, status=status)
