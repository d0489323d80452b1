from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = "Learner progress"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .services import merge_on_login

        # Visitors' session progress joins their account on log-in and on sign-up (which logs in).
        user_logged_in.connect(merge_on_login, dispatch_uid="progress.merge_visitor_progress")
