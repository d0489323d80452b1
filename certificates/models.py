"""Certificates: a learner's public, revocable page saying they completed a roadmap."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse

from accounts.querysets import LearnerQuerySet
from roadmap.models import Roadmap


def new_token():
    """An unguessable address part: 16 random bytes, URL-safe (22 characters)."""
    return secrets.token_urlsafe(16)


class CertificateQuerySet(LearnerQuerySet):
    def shared(self):
        """Certificates whose public page is live (the learner turned sharing on)."""
        return self.filter(is_shared=True)


class Certificate(models.Model):
    """A learner's certificate for a roadmap: live at /certificates/<token>/ only while shared.

    The name, completion date and best score are fixed when sharing is turned on (a certificate
    states what was achieved then; a later content edit does not rewrite it). Turning sharing on
    again issues a new token, so an address once withdrawn never comes back to life.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates"
    )
    roadmap = models.ForeignKey(Roadmap, on_delete=models.PROTECT, related_name="+")
    token = models.CharField(max_length=43, unique=True, default=new_token, editable=False)
    name = models.CharField(max_length=100, help_text="The name printed on the certificate.")
    is_shared = models.BooleanField(default=False)
    completed_at = models.DateTimeField(help_text="When the last step was done.")
    best_percent = models.PositiveSmallIntegerField(help_text="Best knowledge-check score, in %.")
    shared_at = models.DateTimeField(null=True, blank=True, help_text="Verified on this date.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "roadmap"], name="one_certificate_per_roadmap"
            )
        ]

    def __str__(self):
        return f"{self.name} · {self.roadmap}"

    def get_absolute_url(self):
        return reverse("certificates:detail", kwargs={"token": self.token})
