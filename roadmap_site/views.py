"""Project-level views: health check and error pages."""

from django.core.exceptions import BadRequest
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.http import require_safe
from health_check import checks
from health_check.views import HealthCheckView

# What /healthz checks, by the name it reports. The site cannot serve without the database; it
# serves without the cache (Redis), slower, so a lost cache is "degraded", not a 503.
HEALTH_CHECKS = {"database": checks.Database(), "cache": checks.Cache()}
REQUIRED = {"database"}


class HealthzView(HealthCheckView):
    """Each dependency as "ok" or "unavailable"; 503 only when the site cannot serve.

    django-health-check runs the checks (each with a time limit) and logs why one failed; the
    answer never carries the error text, which may name hosts and users.
    """

    http_method_names = ["get", "head"]

    def get_checks(self):
        yield from HEALTH_CHECKS.values()

    async def get(self, request, *args, **kwargs):
        results = [await check.get_result(None) for check in self.get_checks()]
        answers = {
            name: "ok" if result.error is None else "unavailable"
            for name, result in zip(HEALTH_CHECKS, results, strict=True)
        }
        if any(answers[name] != "ok" for name in REQUIRED):
            status, code = "unavailable", 503
        elif any(answer != "ok" for answer in answers.values()):
            status, code = "degraded", 200
        else:
            status, code = "ok", 200
        return JsonResponse({"status": status, **answers}, status=code)


healthz = HealthzView.as_view()


@require_safe
def favicon(request):
    """Browsers (and the admin's pages) ask for /favicon.ico; send them to the site's icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def bad_request(request, exception):
    # Our own BadRequest messages tell the learner what to do; other causes (suspicious
    # operations) may carry internals, so they get the generic text only.
    message = str(exception) if type(exception) is BadRequest else ""
    return render(request, "400.html", {"message": message}, status=400)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a request context: the failure may be in a context processor.
    from django.http import HttpResponseServerError
    from django.template.loader import get_template

    return HttpResponseServerError(get_template("500.html").render())
