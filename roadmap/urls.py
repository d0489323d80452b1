from django.urls import path

from . import views

app_name = "roadmap"

urlpatterns = [
    path("", views.home, name="home"),
    path("roadmaps/<slug:slug>/", views.roadmap_detail, name="detail"),
]
