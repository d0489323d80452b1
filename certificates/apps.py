from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = "Certificates"

    def ready(self):
        from roadmap.learner_pages import track, tracks_learner

        from .models import Certificate

        track(Certificate, tracks_learner)  # a learner's certificates show on their kept pages
