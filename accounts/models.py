"""Learner accounts: Django's user with a unique email, a display name and a time zone."""

import zoneinfo
from datetime import date

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from .prepared import prepared_rows


def _user_by_pk(*, user):
    return User.objects.get_queryset().filter(pk=user)


class LearnerManager(UserManager):
    """Django's user manager, except that `get(pk=<int>)`, the look-up every signed-in request
    makes (`ModelBackend.get_user`), runs with its SQL built once per process
    (`accounts.prepared`): the same row, the same `DoesNotExist`, half the cost. The
    backend stays Django's, so the sessions that name it stay signed in."""

    def get(self, *args, **kwargs):
        fast = self.model is User and not args and list(kwargs) == ["pk"]  # not in migrations
        if not fast or type(kwargs["pk"]) is not int:
            return super().get(*args, **kwargs)
        found = prepared_rows("user-by-pk", _user_by_pk, user=kwargs["pk"])
        if not found:
            raise self.model.DoesNotExist(
                f"{self.model._meta.object_name} matching query does not exist."
            )
        return found[0]


class User(AbstractUser):
    """A learner or an admin. Email addresses are unique whatever their case."""

    email = models.EmailField("email address", blank=True)
    display_name = models.CharField(max_length=100, blank=True)
    time_zone = models.CharField(
        max_length=64, default="UTC", help_text="Used for plan dates and the activity calendar."
    )

    objects = LearnerManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="unique_user_email_ci",
                condition=~models.Q(email=""),
                violation_error_message="An account with this email address already exists.",
            )
        ]

    def __str__(self):
        return self.display_name or self.username

    @property
    def public_name(self):
        return self.display_name or self.username

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The learner's time zone (their setting), UTC when unset or unknown."""
        try:
            return zoneinfo.ZoneInfo(self.time_zone or "UTC")
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    def local_today(self) -> date:
        """Today's date where the learner lives: plan dates, the calendar, reviews due."""
        return timezone.localdate(timezone=self.zone)
