"""The benchmark's ceiling: a bare view behind the site's whole middleware stack.

Routed at /bench/ok only when the BENCH_VIEWS=1 environment variable is set (roadmap_site/urls.py).
"""

from django.http import HttpResponse


def ok(request):
    return HttpResponse("ok", content_type="text/plain")
