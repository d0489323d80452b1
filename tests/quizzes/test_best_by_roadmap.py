"""A learner's best attempt per roadmap, as the dashboard shows it (`best_by_roadmap`)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quizzes.models import QuizAttempt
from tests.factories import QuizFactory, RoadmapFactory

pytestmark = pytest.mark.django_db


def attempt(quiz, learner, score, total, *, minutes_ago, kind=QuizAttempt.Kind.QUIZ, **extra):
    made = QuizAttempt.objects.create(
        quiz=quiz, learner=learner, score=score, total=total, passed=score * 2 >= total, kind=kind
    )
    when = timezone.now() - timedelta(minutes=minutes_ago)
    QuizAttempt.objects.filter(pk=made.pk).update(submitted_at=when, **extra)
    return made


def test_the_best_percentage_then_the_earliest_per_roadmap(learner):
    first, second = QuizFactory(roadmap=RoadmapFactory()), QuizFactory(roadmap=RoadmapFactory())
    attempt(first, learner, 2, 4, minutes_ago=50)
    early_best = attempt(first, learner, 3, 4, minutes_ago=40)
    attempt(first, learner, 3, 4, minutes_ago=30)  # as good, later
    attempt(first, learner, 4, 4, minutes_ago=20, kind=QuizAttempt.Kind.REVIEW)  # never counts
    attempt(first, learner, 4, 4, minutes_ago=10, reset_at=timezone.now())  # reset away
    other_best = attempt(second, learner, 1, 1, minutes_ago=5)
    attempt(second, learner, 0, 1, minutes_ago=1)

    best = QuizAttempt.objects.best_by_roadmap(learner)
    assert best == {first.roadmap_id: early_best, second.roadmap_id: other_best}


def test_many_attempts_cost_one_query(learner):
    quiz = QuizFactory(roadmap=RoadmapFactory())
    for minutes in range(40):
        attempt(quiz, learner, minutes % 5, 4, minutes_ago=minutes)
    with CaptureQueriesContext(connection) as queries:
        best = QuizAttempt.objects.best_by_roadmap(learner)
    assert len(queries) == 1
    assert best[quiz.roadmap_id].score == 4
    if connection.vendor == "postgresql":
        assert "DISTINCT ON" in queries[0]["sql"]
