from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = "Quizzes"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from roadmap.learner_pages import track, tracks_learner

        from . import models, signals

        # A learner's attempts and review cards show on their kept pages (roadmap/learner_pages.py).
        track(models.QuizAttempt, tracks_learner)
        track(models.ReviewCard, tracks_learner)

        user_logged_in.connect(
            signals.claim_attempts_on_login, dispatch_uid="quizzes.claim_attempts"
        )
        signals.attempt_submitted.connect(
            signals.schedule_reviews, dispatch_uid="quizzes.schedule_reviews"
        )
