"""Learner accounts: Django's user with a unique email, a display name and a time zone, and the
sessions they sign in on."""

import zoneinfo
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from .prepared import prepared_rows

# Who can hand `User.objects.get(pk=…)` a user read already (`users_at_hand`).
_users_at_hand = ContextVar("users_at_hand", default=None)


@contextmanager
def users_at_hand(take):
    """Within it, `User.objects.get(pk=<int>)` first asks `take(pk)`: the user it gives (read
    along with something else, as the session's look-up reads its signed-in learner), or None
    and the user is read as usual."""
    token = _users_at_hand.set(take)
    try:
        yield
    finally:
        _users_at_hand.reset(token)


def _user_by_pk(*, user):
    return User.objects.get_queryset().filter(pk=user)


class LearnerManager(UserManager):
    """Django's user manager, except that `get(pk=<int>)`, the look-up every signed-in request
    makes (`ModelBackend.get_user`), runs with its SQL built once per process
    (`accounts.prepared`): the same row, the same `DoesNotExist`, half the cost; or, when
    the session's look-up read the learner with it (`users_at_hand`), with no query. The
    backend stays Django's, so the sessions that name it stay signed in."""

    def get(self, *args, **kwargs):
        fast = self.model is User and not args and list(kwargs) == ["pk"]  # not in migrations
        if not fast or type(kwargs["pk"]) is not int:
            return super().get(*args, **kwargs)
        take = _users_at_hand.get()
        if take is not None and (user := take(kwargs["pk"])) is not None:
            return user
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


class LearnerSession(AbstractBaseSession):
    """A browser's session: Django's database session, with the learner signed in on it (None
    for a visitor), so that a signed-in request reads its session and its learner in one query
    (`roadmap_site.sessions`). Deleting a learner deletes their sessions."""

    learner = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta(AbstractBaseSession.Meta):
        verbose_name = "session"
        verbose_name_plural = "sessions"

    @classmethod
    def get_session_store_class(cls):
        return DatabaseSessionStore  # what `get_decoded()` decodes with: the same format
