"""Views of a learner's step progress: statuses, plan, notes and evidence, dashboard, resets."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from roadmap.learner_pages import learner_page

from .. import fragments, services, visitors
from ..activity import activity_calendar
from ..forms import EvidenceForm, NoteForm, PlanForm, StatusForm
from ..models import EvidenceLink, LearningPlan, ProgressReset, StepProgress, StepStatus
from ..queries import learner_dashboard, reset_preview, roadmap_summary
from .common import back, roadmap_or_404, step_of_roadmap_or_404, step_or_404, wants_json


@require_POST
def mark_step_view(request, slug, step_slug):
    """Set the status of a step: the learner's row, or the visitor's session."""
    try:
        step = step_of_roadmap_or_404(request, slug, step_slug)
    except Http404:
        if wants_json(request):
            return JsonResponse({"error": "This step does not exist."}, status=404)
        raise
    roadmap = step.roadmap
    form = StatusForm(request.POST)
    if not form.is_valid():
        message = " ".join(form.errors["status"])
        if wants_json(request):
            return JsonResponse({"error": message}, status=400)
        context = {"roadmap": roadmap, "step": step, "message": message}
        return render(request, "progress/bad_status.html", context, status=400)
    status = form.cleaned_data["status"]
    if request.user.is_authenticated:
        services.mark_step(learner=request.user, step=step, status=status)
    else:
        visitors.mark_visitor_step(request.session, step, status)
    # The counts and what marking it done achieved, without the page's per-step detail.
    progress = roadmap_summary(request, roadmap)
    milestone = progress.milestone(step)
    if wants_json(request):
        label = StepStatus(status).label
        unlocked = None
        if milestone and progress.all_done:
            unlocked = {
                "label": "Take the knowledge check",
                "url": f"{roadmap.get_absolute_url()}#knowledge-check",
            }
        return JsonResponse(
            {"step": step.slug, "status": status, "status_label": label}
            | progress.as_json()
            | {"milestone": milestone, "unlocked": unlocked}
        )
    target = back(request, f"{roadmap.get_absolute_url()}#{step.slug}")
    if milestone:
        # Shown under the step the page comes back to (the `done` parameter names it), where
        # the reader is looking, not at the top of the page.
        path, _, anchor = target.partition("#")
        target = f"{path.split('?', 1)[0]}?done={step.slug}#{anchor or step.slug}"
    return redirect(target)


@login_required
@require_POST
def set_plan_view(request, slug):
    roadmap = roadmap_or_404(request, slug)
    form = PlanForm(request.POST)
    if not form.is_valid():
        return render(request, "progress/plan_form.html", {"roadmap": roadmap, "form": form})
    plan = services.set_plan(
        learner=request.user,
        roadmap=roadmap,
        start_date=form.cleaned_data["start_date"],
        hours_per_week=form.cleaned_data["hours_per_week"],
    )
    pace = f" at {plan.hours_per_week} hours a week" if plan.hours_per_week else ""
    messages.success(request, f"Your plan starts on {plan.start_date:%-d %B %Y}{pace}.")
    return redirect(f"{roadmap.get_absolute_url()}#roadmap-progress-heading")


@login_required
@require_POST
def replan_view(request, slug):
    """Start the learner's plan again from today; the earlier plan stays in its history."""
    roadmap = roadmap_or_404(request, slug)
    try:
        plan = services.replan_from_today(learner=request.user, roadmap=roadmap)
    except LearningPlan.DoesNotExist:
        raise Http404("You have no plan on this roadmap.") from None
    messages.success(
        request,
        f"Re-planned: the steps left now count from {plan.start_date:%-d %B %Y}. "
        "Your earlier plan is kept under “Earlier plans”.",
    )
    return redirect(f"{roadmap.get_absolute_url()}#roadmap-progress-heading")


@login_required
def step_notes(request, slug, step_slug):
    """The learner's private note and evidence links on a step (theirs only, by construction)."""
    roadmap = roadmap_or_404(request, slug)
    step = step_or_404(roadmap, step_slug, active_only=False)
    progress = (
        StepProgress.objects.for_learner(request.user)
        .filter(step=step)
        .prefetch_related("evidence")
        .first()
    )
    note_form = NoteForm(instance=progress)
    evidence_form = EvidenceForm()
    if request.method == "POST":
        if request.POST.get("action") == "evidence":
            evidence_form = EvidenceForm(request.POST)
            if evidence_form.is_valid():
                try:
                    services.add_evidence_link(
                        learner=request.user, step=step, **evidence_form.cleaned_data
                    )
                except services.EvidenceLimitReached as limit:
                    evidence_form.add_error(None, str(limit))
                else:
                    messages.success(request, "Link added.")
                    return redirect("progress:step_notes", slug=slug, step_slug=step_slug)
        else:
            note_form = NoteForm(request.POST, instance=progress)
            if note_form.is_valid():
                services.save_step_note(
                    learner=request.user, step=step, note=note_form.cleaned_data["note"]
                )
                messages.success(request, "Note saved.")
                return redirect("progress:step_notes", slug=slug, step_slug=step_slug)
    context = {
        "roadmap": roadmap,
        "step": step,
        "progress": progress,
        "evidence": list(progress.evidence.all()) if progress else [],
        "note_form": note_form,
        "evidence_form": evidence_form,
    }
    return render(request, "progress/step_notes.html", context)


@login_required
@require_POST
def delete_evidence(request, pk):
    link = get_object_or_404(
        EvidenceLink.objects.select_related("progress__step__roadmap"),
        pk=pk,
        progress__learner=request.user,
    )
    step = link.progress.step
    link.delete()
    messages.success(request, "Link removed.")
    return redirect("progress:step_notes", slug=step.roadmap.slug, step_slug=step.slug)


@login_required
@require_safe
def dashboard(request):
    """The learner's home page: kept whole until their data changes (`learner_pages`), the CSRF
    token and "3 minutes ago" filled per response; quizzes' and certificates' parts come from
    their template tags."""
    page = learner_page(request, "dashboard", partial(_dashboard, request, kept=True))
    if page is None:
        return _dashboard(request)
    return HttpResponse(page.fill(fragments.response_values(request)))


def _dashboard(request, *, kept=False):
    context = {
        "dashboard": learner_dashboard(request.user),
        "activity": activity_calendar(request.user),
    }
    if not kept:
        return render(request, "progress/dashboard.html", context)
    context |= {"csrf_token": fragments.slot("csrf"), "kept_page": True}
    return fragments.Fragment.of(render_to_string("progress/dashboard.html", context, request))


@login_required
@require_POST
def mark_reviewed(request, slug, step_slug):
    """The learner has seen what changed on a step since they completed it."""
    roadmap = roadmap_or_404(request, slug)
    step = step_or_404(roadmap, step_slug)
    services.mark_step_reviewed(learner=request.user, step=step)
    messages.success(request, f"Marked “{step.title}” as reviewed.")
    return redirect(back(request, f"{roadmap.get_absolute_url()}#{step.slug}"))


RESETS = {
    ProgressReset.Kind.PROGRESS: services.reset_progress,
    ProgressReset.Kind.QUIZ: services.reset_quiz_history,
}


def _reset(request, slug, kind):
    """GET: what a reset would remove, and a button. POST: reset, then offer to undo."""
    roadmap = roadmap_or_404(request, slug)
    reset = RESETS[kind]
    if request.method == "POST":
        done = reset(learner=request.user, roadmap=roadmap)
        if done is None:
            messages.info(request, "There was nothing to reset.")
            return redirect(roadmap)
        messages.success(request, f"Reset: {done.summary}.")
        return redirect("progress:reset_done", pk=done.pk)
    context = {"roadmap": roadmap, "kind": kind} | reset_preview(
        learner=request.user, roadmap=roadmap, kind=kind
    )
    return render(request, "progress/reset_confirm.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def reset_progress(request, slug):
    return _reset(request, slug, ProgressReset.Kind.PROGRESS)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def reset_quiz(request, slug):
    return _reset(request, slug, ProgressReset.Kind.QUIZ)


@login_required
def reset_done(request, pk):
    """A reset of the learner's, with its Undo button while undo is possible."""
    reset = get_object_or_404(
        ProgressReset.objects.select_related("roadmap"), pk=pk, learner=request.user
    )
    return render(request, "progress/reset_done.html", {"reset": reset})


@login_required
@require_POST
def undo_reset(request, pk):
    reset = get_object_or_404(
        ProgressReset.objects.select_related("roadmap"), pk=pk, learner=request.user
    )
    try:
        services.undo_reset(reset=reset)
    except services.UndoRefused as refused:
        messages.error(request, str(refused))
        return redirect("progress:reset_done", pk=reset.pk)
    messages.success(request, f"Undone: {reset.summary} are back.")
    if reset.kind == ProgressReset.Kind.QUIZ:
        return redirect("quizzes:history", slug=reset.roadmap.slug)
    return redirect(f"{reset.roadmap.get_absolute_url()}#roadmap-progress-heading")
