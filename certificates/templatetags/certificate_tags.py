"""The certificates app's part of the dashboard:

{% load certificate_tags %}
{% learner_certificates as certificates %}   {# the learner's certificates: one query #}
{% certificate_card rp certificates %}       {# a roadmap card's certificate, no query #}
"""

from django import template

from ..forms import CertificateForm
from ..models import Certificate
from ..services import Eligibility

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
