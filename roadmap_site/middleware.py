"""Project-wide middleware: security headers and a clean 503 when the database is away."""

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string


class SecurityHeadersMiddleware:
    """Add the Content-Security-Policy (Django 5.2 has no built-in CSP) to every response.

    The admin keeps inline styles of its own, so it gets `style-src 'unsafe-inline'`; scripts stay
    'self' only everywhere.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY
        self.admin_policy = self.policy.replace(
            "style-src 'self'", "style-src 'self' 'unsafe-inline'"
        )

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            is_admin = request.path.startswith("/admin/")
            response["Content-Security-Policy"] = self.admin_policy if is_admin else self.policy
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class DatabaseUnavailableMiddleware:
    """Turn a lost database connection into a clean 503 page instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError) or (
            isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
        ):
            body = render_to_string("503.html", {"request": request})
            response = HttpResponse(body, status=503)
            response["Retry-After"] = "5"
            return response
        return None
