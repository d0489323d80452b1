from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "Roadmaps administration"
admin.site.site_title = "Roadmaps admin"
admin.site.index_title = "Content and learners"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("", include("progress.urls")),
    path("", include("quizzes.urls")),
    path("", include("roadmap.urls")),
]

handler404 = "roadmap_site.views.page_not_found"
handler500 = "roadmap_site.views.server_error"
