"""Taking a roadmap's quiz is enough for it to appear on the dashboard with the best score."""

from django.urls import reverse

from quizzes.models import QuizAttempt


def test_a_learner_who_only_took_the_quiz_sees_the_roadmap_and_best_score(
    learner_client, learner, ml_roadmap
):
    QuizAttempt.objects.create(
        quiz=ml_roadmap.quiz, learner=learner, score=9, total=10, pass_mark=70, passed=True
    )
    QuizAttempt.objects.create(
        quiz=ml_roadmap.quiz, learner=learner, score=4, total=10, pass_mark=70, passed=False
    )
    text = learner_client.get(reverse("progress:dashboard")).content.decode()
    assert "You have not started a roadmap yet" not in text
    assert ml_roadmap.title in text
    assert "90%" in text


def test_another_learners_attempt_does_not_show(learner_client, other_learner, ml_roadmap):
    QuizAttempt.objects.create(
        quiz=ml_roadmap.quiz, learner=other_learner, score=9, total=10, pass_mark=70, passed=True
    )
    text = learner_client.get(reverse("progress:dashboard")).content.decode()
    assert ml_roadmap.title not in text
