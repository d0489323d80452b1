from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = "Quizzes"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .signals import claim_attempts_on_login

        user_logged_in.connect(claim_attempts_on_login, dispatch_uid="quizzes.claim_attempts")
