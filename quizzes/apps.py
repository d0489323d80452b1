from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = "Quizzes"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import signals

        user_logged_in.connect(
            signals.claim_attempts_on_login, dispatch_uid="quizzes.claim_attempts"
        )
        signals.attempt_submitted.connect(
            signals.schedule_reviews, dispatch_uid="quizzes.schedule_reviews"
        )
