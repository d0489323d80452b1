from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("", include("progress.urls")),
    path("", include("quizzes.urls")),
    path("certificates/", include("certificates.urls")),
    path("", include("roadmap.urls")),
]

if settings.BENCH_VIEWS:
    from bench.views import ok

    urlpatterns.append(path("bench/ok", ok))

handler400 = "roadmap_site.views.bad_request"
handler404 = "roadmap_site.views.page_not_found"
handler500 = "roadmap_site.views.server_error"
