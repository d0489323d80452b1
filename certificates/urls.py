from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("roadmaps/<slug:slug>/share/", views.share, name="share"),
    path("roadmaps/<slug:slug>/stop/", views.stop_sharing, name="stop"),
    path("<str:token>/", views.detail, name="detail"),
]
