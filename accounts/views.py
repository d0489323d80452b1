"""Sign-up, log-in, settings, data export and account deletion."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from . import services, throttling
from .forms import DeleteAccountForm, LoginForm, SettingsForm, SignUpForm

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
CONFLICT = (
    "Another account was saved with this username or email address just now. Please try again."
)


def _safe_next(request):
    """The `next` address sent with the request if it is on this site, else ''."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""


def _after_conflict(form):
    """Re-check a form whose save lost a race on a unique constraint, so the learner sees why."""
    if form.is_valid():
        form.add_error(None, CONFLICT)
    return form


def signup(request):
    """Create an account and log it in, keeping the visitor's session (their progress merges)."""
    next_url = _safe_next(request)
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = form.save()
        except IntegrityError:
            # Someone took the username or email between validation and save: show the error.
            form = _after_conflict(SignUpForm(request.POST))
        else:
            login(request, user, backend=MODEL_BACKEND)
            messages.success(request, f"Welcome, {user.public_name}! Your account is ready.")
            # `next` is a URL, never a view name: redirect() would try to reverse "0" and fail.
            return HttpResponseRedirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


class LoginView(auth_views.LoginView):
    """Django's log-in view with the username-or-email, throttled form.

    A refused (throttled) attempt answers 429 Too Many Requests with the form and its message.
    """

    form_class = LoginForm
    template_name = "registration/login.html"

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.is_throttled:
            response.status_code = 429
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's "set a new password" step; the owner proved who they are, so their log-in
    lockouts (from any address) are lifted, as the lockout message promises."""

    def form_valid(self, form):
        response = super().form_valid(form)
        throttling.forget_failures(form.user)
        return response


@login_required
def account_settings(request):
    form = SettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.save()
        except IntegrityError:
            form = _after_conflict(SettingsForm(request.POST, instance=request.user))
        else:
            messages.success(request, "Your settings have been saved.")
            return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form})


@login_required
@require_safe
def export_data(request):
    """Download everything the site keeps about me as a JSON file."""
    data = services.export_learner_data(learner=request.user)
    filename = f"roadmaps-{request.user.get_username()}-{timezone.localdate():%Y-%m-%d}.json"
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete_account(request):
    """GET shows the confirmation form; POST with the right confirmation deletes everything."""
    form = DeleteAccountForm(request.POST or None, learner=request.user)
    if request.method == "POST" and form.is_valid():
        services.delete_account(learner=request.user)
        logout(request)
        messages.success(request, "Your account and all your data have been deleted.")
        return redirect(settings.LOGOUT_REDIRECT_URL)
    return render(request, "accounts/delete.html", {"form": form})
