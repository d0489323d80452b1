"""Log-in throttling: django-axes, keyed so that nobody else can lock an account's owner out.

Axes records each failure in the database (its `AccessAttempt` rows survive a cache restart) and
refuses an attempt, before the password is checked, when:

- this account failed `LOGIN_FAILURE_LIMIT` times from this address (axes' lockout parameters are
  the account and the address together, so an attacker elsewhere locks only themselves out), or
- this address failed `LOGIN_ADDRESS_FAILURE_LIMIT` times in all, over any accounts (a higher
  ceiling, so one office behind a NAT is not locked out by a few typos).

A refusal lasts `LOGIN_FAILURE_WINDOW_SECONDS` from the last counted failure; attempts while refused
are not counted, so the refusal runs out on its own. A successful log-in clears the account's
failures from that address; a password reset clears the account's failures from everywhere.

Check-then-count is made atomic by a lock per account and address held across the check, the
password check and the count (Postgres advisory lock), so parallel attempts cannot get more
password checks than the limit allows.

The glue here is what axes calls by its settings: the account key, the extra address ceiling
(`LoginAttemptHandler`) and the lockout response (our own form page, see `LoginView`).
"""

import contextlib
import hashlib
import math
from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Sum
from django.utils import timezone


def normalize_identifier(value):
    """The form of a typed username or email address the account counter is keyed on."""
    return (value or "").strip().casefold()


def lockout_username(request, credentials=None):
    """AXES_USERNAME_CALLABLE: the account an attempt is for, in one spelling.

    The log-in form passes the account's username once it knows the account (whether an email
    address or a username in another case was typed), else what was typed.
    """
    typed = (credentials or {}).get("username")
    if typed is None and request is not None:
        typed = request.POST.get("username")
    return normalize_identifier(typed)[:255]


def client_address(request):
    """The client's address as axes sees it (behind `TRUSTED_PROXY_COUNT` proxies)."""
    return get_client_ip_address(request) or ""


def _recent(request):
    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - get_cool_off(request))


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' backend (first in AUTHENTICATION_BACKENDS), for web log-ins only.

    Code that authenticates without a request (the shell, a management command, the test
    client's `login()`) has no client address to throttle; axes would refuse it outright.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class LoginAttemptHandler(AxesDatabaseHandler):
    """Axes' database handler, with a ceiling for one address over every account."""

    def is_locked(self, request, credentials=None):
        return super().is_locked(request, credentials) or self.address_is_locked(request)

    def address_is_locked(self, request):
        address = client_address(request)
        failures = (
            _recent(request)
            .filter(ip_address=address)
            .aggregate(total=Sum("failures_since_start"))["total"]
        )
        return (failures or 0) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the page the view rendered (the form, its message, its status)."""
    if original_response is not None:
        return original_response
    from django.http import HttpResponse

    return HttpResponse(retry_message(settings.LOGIN_FAILURE_WINDOW_SECONDS), status=429)


def retry_after(request, username):
    """Seconds until `username` may try again from this request's address (an upper bound)."""
    address = client_address(request)
    last = _recent(request).filter(ip_address=address).aggregate(last=Max("attempt_time"))["last"]
    if last is None:
        return 0
    left = (last + get_cool_off(request) - timezone.now()).total_seconds()
    return max(1, math.ceil(left))


@contextlib.contextmanager
def attempt_lock(request, username):
    """Serialize attempts on one account from one address, so their count cannot be outrun."""
    key = f"{lockout_username(request, {'username': username})}|{client_address(request)}"
    with transaction.atomic():
        if connection.vendor == "postgresql":
            number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number])
        yield


def forget_failures(user):
    """After a password reset: the owner proved who they are, so every lock on them goes."""
    reset(username=lockout_username(None, {"username": user.get_username()}))


def retry_message(seconds):
    minutes = max(1, math.ceil(seconds / 60))
    unit = "minute" if minutes == 1 else "minutes"
    return (
        f"Too many failed log-in attempts. Please try again in {minutes} {unit}, or reset your "
        "password (“Forgot your password?” below) to log in now."
    )


def failure_limit(request, credentials):
    """AXES_FAILURE_LIMIT: failures for one account from one address (read at call time)."""
    return settings.LOGIN_FAILURE_LIMIT


def cool_off(request):
    """AXES_COOLOFF_TIME: how long a refusal lasts (read at call time)."""
    return timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def delete_failure_records(learner) -> None:
    """Delete axes' records of failed log-ins for the learner's account (their name and the
    addresses they came from are personal data), when the account is deleted."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    keys = {learner.get_username(), normalize_identifier(learner.get_username())}
    if learner.email:
        keys |= {learner.email, normalize_identifier(learner.email)}
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__in=keys).delete()
