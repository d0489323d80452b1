from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = "Roadmaps"

    def ready(self):
        from . import signals  # noqa: F401
