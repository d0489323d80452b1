from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = "Learner progress"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from roadmap.learner_pages import track, tracks_learner
        from roadmap.signals import step_revised

        from . import models, signals

        # Everything of a learner's shows on their kept pages (roadmap/learner_pages.py).
        for model in (
            models.StepProgress,
            models.TopicProgress,
            models.ResourceDone,
            models.PersonalResource,
            models.ProjectLink,
            models.LearningPlan,
            models.ProgressReset,
            models.ActivityEvent,
        ):
            track(model, tracks_learner)
        track(models.EvidenceLink, signals.evidence_learner)
        track(models.PlanRevision, signals.plan_revision_learner)

        # Visitors' session progress joins their account on log-in and on sign-up (which logs in).
        user_logged_in.connect(signals.merge_on_login, dispatch_uid="progress.merge_on_login")
        step_revised.connect(signals.record_revision, dispatch_uid="progress.record_revision")
