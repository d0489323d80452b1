"""Project-wide middleware: security headers, JSON errors for JSON requests, and a clean 503 when
the database is away."""

from functools import partial
from http import HTTPStatus

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.middleware import (
    AuthenticationMiddleware as DjangoAuthenticationMiddleware,
)
from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.core.exceptions import BadRequest
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import Http404, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject

from accounts.models import users_at_hand

UNAVAILABLE = "Temporarily unavailable: please try again in a moment."
# What a JSON request is told when the response was an error page (the script shows it as is).
JSON_ERRORS = {
    400: "That request was not understood.",
    403: "This form has expired or you may not do this. Reload the page and try again.",
    404: "This does not exist.",
    405: "This address does not accept that method.",
    429: "Too many requests. Please wait a moment and try again.",
    500: "Something went wrong on our side. Please try again.",
    503: UNAVAILABLE,
}


def wants_json(request):
    """A request from the page's script (it asks for JSON), not from a browser's navigation."""
    return "application/json" in request.headers.get("Accept", "")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin allowed its own inline styles (scripts stay 'self'
    everywhere)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith("/admin/"):
            parts.update = {**(parts.update or {}), "style-src": [SELF, UNSAFE_INLINE]}
        return parts


class PermissionsPolicyMiddleware:
    """The site uses no camera, microphone or location; say so to the browser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class JsonErrorsMiddleware:
    """A JSON request never gets an HTML error page: any error answer that is not JSON already
    (404, 405, CSRF 403, 500, 503...) becomes `{"error": message}` with the same status."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and wants_json(request)
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            status = response.status_code
            default = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
            json_response = JsonResponse({"error": JSON_ERRORS.get(status, default)}, status=status)
            for header in ("Retry-After", "Allow", "Vary"):
                if header in response:
                    json_response[header] = response[header]
            return json_response
        return response


class NulCharacterMiddleware:
    """A NUL character cannot reach Postgres (psycopg refuses it with a 500): in the path it
    names nothing (404); in a query parameter it is not a value anything accepts (400).

    Form fields refuse it on their own (Django's CharField validates against it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise Http404("No such page.")
        if any(
            "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
        ):
            raise BadRequest("The address contains a character that is not allowed (NUL).")
        return self.get_response(request)


def _database_lost(exception):
    return isinstance(exception, OperationalError | InterfaceError) or (
        isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
    )


def database_unavailable_response(request):
    """The clean 503 page (with Retry-After) for a request the database went away under."""
    body = render_to_string("503.html", {"request": request})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = "5"
    return response


class DatabaseUnavailableMiddleware:
    """Turn a lost database connection into a clean 503 page instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if _database_lost(exception):
            return database_unavailable_response(request)
        return None


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, except that a session the database could not save is the clean 503 page.

    Django turns any database error while saving a session into `SessionInterrupted` ("the
    session was deleted"), a 400: during a Postgres restart a learner whose answer needed the
    session saved was told their request was bad, where it is only to be tried again."""

    def process_response(self, request, response):
        try:
            return super().process_response(request, response)
        except SessionInterrupted as interrupted:
            cause = interrupted.__context__  # the UpdateError, raised from the database's error
            if cause is not None and _database_lost(cause.__context__):
                return database_unavailable_response(request)
            raise


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's; the signed-in learner Django's `get_user` reads is the one the session's look-up
    read along with the session when it did (`roadmap_site.sessions`): one query for both."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(partial(_user_of, request))


def _user_of(request):
    take = getattr(request.session, "take_learner", None)
    if take is None:  # another session engine
        return auth_middleware.get_user(request)
    with users_at_hand(take):
        return auth_middleware.get_user(request)
