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
    path(
        "roadmaps/<slug:slug>/topics/<int:topic_id>/status/",
        views.mark_topic_view,
        name="mark_topic",
    ),
    path(
        "roadmaps/<slug:slug>/resources/<int:resource_id>/done/",
        views.mark_resource_view,
        name="mark_resource",
    ),
    path(
        "roadmaps/<slug:slug>/topics/<int:topic_id>/my-resources/",
        views.add_personal_resource_view,
        name="add_personal_resource",
    ),
    path(
        "my-resources/<int:pk>/delete/",
        views.delete_personal_resource,
        name="delete_personal_resource",
    ),
    path(
        "roadmaps/<slug:slug>/projects/<slug:project_slug>/",
        views.project_detail,
        name="project",
    ),
    path("roadmaps/<slug:slug>/plan/", views.set_plan_view, name="set_plan"),
    path("roadmaps/<slug:slug>/plan/replan/", views.replan_view, name="replan"),
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
