from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = "Roadmaps"

    def ready(self):
        from django.contrib.auth import get_user_model

        from . import learner_pages, signals  # noqa: F401

        # A learner's name, time zone and the like show on their kept pages.
        learner_pages.track(get_user_model(), lambda user: user.pk)
