"""A learner turns their certificate page on and off; anyone with its address may read it."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from roadmap.models import Roadmap

from . import services
from .forms import CertificateForm
from .models import Certificate

SITE_NAME = getattr(settings, "SITE_NAME", "Roadmap Atlas")


def _roadmap(request, slug):
    return get_object_or_404(Roadmap.objects.visible_to(request.user), slug=slug)


@login_required
@require_POST
def share(request, slug):
    """Turn sharing on, or change the name on a shared certificate."""
    roadmap = _roadmap(request, slug)
    form = CertificateForm(request.POST)
    if form.is_valid():
        try:
            services.share_certificate(
                learner=request.user, roadmap=roadmap, name=form.cleaned_data["name"]
            )
        except services.NotEligible as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request, "Your certificate is shared: anyone with its address can see it."
            )
            return redirect(f"{reverse('progress:dashboard')}#certificate-{roadmap.slug}")
    context = {"roadmap": roadmap, "form": form}
    return render(request, "certificates/share_form.html", context, status=400)


@login_required
@require_POST
def stop_sharing(request, slug):
    roadmap = _roadmap(request, slug)
    if services.stop_sharing(learner=request.user, roadmap=roadmap):
        messages.success(
            request, "Your certificate is no longer shared; its address now shows nothing."
        )
    return redirect(f"{reverse('progress:dashboard')}#certificate-{roadmap.slug}")


def linkedin_add_url(certificate, address):
    """LinkedIn's "add a certification" form, filled in (a plain link: no LinkedIn script)."""
    issued = certificate.shared_at or certificate.completed_at
    query = urlencode(
        {
            "startTask": "CERTIFICATION_NAME",
            "name": f"{certificate.roadmap.title} (roadmap completed)",
            "organizationName": SITE_NAME,
            "issueYear": issued.year,
            "issueMonth": issued.month,
            "certUrl": address,
            "certId": f"RA-{certificate.pk}",
        }
    )
    return f"https://www.linkedin.com/profile/add?{query}"


@require_safe
@never_cache
def detail(request, token):
    """The public certificate: only while its learner shares it, a 404 otherwise."""
    certificate = get_object_or_404(
        Certificate.objects.shared().select_related("roadmap"), token=token
    )
    address = request.build_absolute_uri()
    context = {
        "certificate": certificate,
        "site_name": SITE_NAME,
        "address": address,
        "is_owner": request.user.is_authenticated and request.user.pk == certificate.learner_id,
        "linkedin_url": linkedin_add_url(certificate, address),
    }
    response = render(request, "certificates/detail.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
