"""The certificates app's part of the dashboard and of a quiz result:

{% load certificate_tags %}
{% learner_certificates as certificates %}   {# the learner's certificates: one query #}
{% certificate_card rp certificates %}       {# a roadmap card's certificate, no query #}
{% certificate_unlocked attempt %}           {# a passed attempt's result: what it unlocked #}
"""

from django import template

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
