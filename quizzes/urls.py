from django.urls import path

from . import views

app_name = "quizzes"

urlpatterns = [
    path("roadmaps/<slug:slug>/quiz/", views.take, name="take"),
    path("roadmaps/<slug:slug>/quiz/history/", views.history, name="history"),
    path("quiz/attempts/<uuid:token>/", views.review, name="review"),
    path("review/", views.due_reviews, name="due_reviews"),
    path("roadmaps/<slug:slug>/quiz/review/", views.review_quiz, name="review_quiz"),
]
