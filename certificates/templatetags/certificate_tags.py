"""The certificates app's part of the dashboard and of a quiz result:

{% load certificate_tags %}
{% learner_certificates as certificates %}   {# the learner's certificates: one query #}
{% certificate_card rp certificates %}       {# a roadmap card's certificate, no query #}
{% certificate_unlocked attempt %}           {# a passed attempt's result: what it unlocked #}
{% next_action progress %}                   {# the roadmap page's one next action #}
{% next_action rp certificates %}            {# the same on a dashboard card, no query #}
"""

from dataclasses import dataclass

from django import template
from django.urls import reverse

from ..forms import CertificateForm
from ..models import Certificate
from ..services import Eligibility, eligibility

register = template.Library()


@register.simple_tag(takes_context=True)
def learner_certificates(context):
    """{roadmap_id: Certificate} of the request's learner."""
    learner = context["request"].user
    return {c.roadmap_id: c for c in Certificate.objects.for_learner(learner)}


@register.inclusion_tag("certificates/includes/dashboard_certificate.html", takes_context=True)
def certificate_card(context, progress, certificates):
    """Shared, ready to share, or what is missing, for `progress` (a RoadmapProgress)."""
    roadmap = progress.roadmap
    certificate = certificates.get(roadmap.pk)
    name = certificate.name if certificate else context["request"].user.public_name
    return context.flatten() | {
        "roadmap": roadmap,
        "certificate": certificate,
        "eligibility": Eligibility.of(progress),
        "certificate_form": CertificateForm(
            initial={"name": name}, auto_id=f"id_cert_%s_{roadmap.pk}"
        ),
    }


@register.inclusion_tag("certificates/includes/unlocked.html", takes_context=True)
def certificate_unlocked(context, attempt):
    """On a passed attempt's result: what the pass unlocked (the certificate, once every step is
    done). Four queries for a signed-in learner's passed quiz attempt, none otherwise."""
    request = context["request"]
    roadmap = attempt.quiz.roadmap
    shown = attempt.passed and request.user.is_authenticated and roadmap is not None
    if not shown or attempt.learner_id != request.user.pk:
        return {"shown": False}
    certificate = Certificate.objects.for_learner(request.user).filter(roadmap=roadmap).first()
    return {
        "shown": True,
        "roadmap": roadmap,
        "eligibility": eligibility(learner=request.user, roadmap=roadmap),
        "certificate": certificate,
        "certificate_form": CertificateForm(
            initial={"name": certificate.name if certificate else request.user.public_name}
        ),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }


@dataclass
class NextAction:
    label: str
    url: str
    kind: str  # "continue", "quiz", "certificate": the button's look and the tests' hook


@register.inclusion_tag("certificates/includes/next_action.html", takes_context=True)
def next_action(context, progress, certificates=None):
    """One button: continue at the next step or topic (progress decides where), else take the
    knowledge check, else claim the certificate (Eligibility decides).

    On the roadmap page (no `certificates`) the eligibility is read only once every step is
    settled (four queries then, none before); the dashboard passes its certificates and its
    cards' best attempts, so no query there.
    """
    roadmap = progress.roadmap
    page = roadmap.get_absolute_url()
    place = progress.next_place
    if place is not None:
        action = NextAction(f"{place.verb}: {place.label}", f"{page}#{place.anchor}", "continue")
        return {"action": action, "progress": progress}
    user = context["request"].user
    quiz = NextAction("Take the knowledge check", f"{page}#knowledge-check", "quiz")
    if not progress.total or not user.is_authenticated:
        return {"action": quiz if progress.total else None, "progress": progress}
    if certificates is None:
        status = eligibility(learner=user, roadmap=roadmap)
        certificate = None
    else:
        status = Eligibility.of(progress)
        certificate = certificates.get(roadmap.pk)
    if status.eligible:
        if certificate is not None and certificate.is_shared:
            url = reverse("certificates:detail", args=[certificate.token])
            action = NextAction("See your certificate", url, "certificate")
        else:
            url = reverse("progress:dashboard") + f"#certificate-{roadmap.slug}"
            action = NextAction("Claim your certificate", url, "certificate")
    elif status.quiz_passed:  # passed, with steps skipped: the certificate needs them done
        skipped = next(s for s in progress.steps if progress.statuses.get(s.pk) != "done")
        number = progress.steps.index(skipped) + 1
        label = f"Finish the skipped steps: Step {number} · {skipped.title}"
        action = NextAction(label, f"{page}#{skipped.slug}", "continue")
    else:
        action = quiz
    return {"action": action, "progress": progress}
