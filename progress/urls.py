from django.urls import path

from . import views

app_name = "progress"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path(
        "roadmaps/<slug:slug>/steps/<slug:step_slug>/status/",
        views.mark_step_view,
        name="mark_step",
    ),
    path(
        "roadmaps/<slug:slug>/steps/<slug:step_slug>/notes/",
        views.step_notes,
        name="step_notes",
    ),
    path("roadmaps/<slug:slug>/plan/", views.set_plan_view, name="set_plan"),
    path("evidence/<int:pk>/delete/", views.delete_evidence, name="delete_evidence"),
    path(
        "roadmaps/<slug:slug>/steps/<slug:step_slug>/reviewed/",
        views.mark_reviewed,
        name="mark_reviewed",
    ),
    path("roadmaps/<slug:slug>/reset/", views.reset_progress, name="reset_progress"),
    path("roadmaps/<slug:slug>/quiz/reset/", views.reset_quiz, name="reset_quiz"),
    path("resets/<int:pk>/", views.reset_done, name="reset_done"),
    path("resets/<int:pk>/undo/", views.undo_reset, name="undo_reset"),
]
