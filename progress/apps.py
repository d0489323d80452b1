from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = "Learner progress"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from roadmap.signals import step_revised

        from . import signals

        # Visitors' session progress joins their account on log-in and on sign-up (which logs in).
        user_logged_in.connect(signals.merge_on_login, dispatch_uid="progress.merge_on_login")
        step_revised.connect(signals.record_revision, dispatch_uid="progress.record_revision")
