"""A learner's progress inside a step: topics ticked, resources done, their own resources, and
the links that meet a project's criteria."""

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone

from accounts.querysets import LearnerQuerySet
from roadmap.models import ProjectCriterion, Resource, Topic

# A learner's personal resources, in all: enough for any real use, not a free file store.
PERSONAL_RESOURCES_LIMIT = 200
URL_VALIDATORS = [URLValidator(schemes=["http", "https"])]


class TopicStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    DONE = "done", "Done"
    SKIPPED = "skipped", "Skipped"

    @property
    def button_label(self):
        return {"not_started": "To do", "done": "Done", "skipped": "Skip"}[self.value]

    @property
    def variant(self):
        return {"not_started": "secondary", "done": "success"}.get(self.value, "dark")


class TopicProgressQuerySet(LearnerQuerySet):
    def for_roadmap(self, roadmap):
        return self.filter(topic__step__roadmap=roadmap)


class TopicProgress(models.Model):
    """One learner's status on one topic: one row per learner and topic.

    The topic is protected: content that progress points at is archived, never deleted.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_progress"
    )
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="progress")
    status = models.CharField(
        max_length=12, choices=TopicStatus.choices, default=TopicStatus.NOT_STARTED
    )
    status_changed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the status last changed (merges compare it)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TopicProgressQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "topic progress"
        constraints = [
            models.UniqueConstraint(fields=["learner", "topic"], name="one_progress_per_topic")
        ]

    def __str__(self):
        return f"{self.learner} · {self.topic} · {self.get_status_display()}"


class ResourceDoneQuerySet(LearnerQuerySet):
    def for_roadmap(self, roadmap):
        return self.filter(resource__topic__step__roadmap=roadmap)


class ResourceDone(models.Model):
    """A curated resource the learner has worked through (a row while it is marked done)."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resources_done"
    )
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="done_by")
    done_at = models.DateTimeField(default=timezone.now)

    objects = ResourceDoneQuerySet.as_manager()

    class Meta:
        verbose_name = "resource done"
        verbose_name_plural = "resources done"
        constraints = [
            models.UniqueConstraint(fields=["learner", "resource"], name="one_done_per_resource")
        ]

    def __str__(self):
        return f"{self.learner} · {self.resource}"


class PersonalResourceQuerySet(LearnerQuerySet):
    def for_roadmap(self, roadmap):
        return self.filter(topic__step__roadmap=roadmap)


class PersonalResource(models.Model):
    """A resource a learner added to a topic for themselves: private to them, in their export."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_resources"
    )
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="personal_resources")
    title = models.CharField(max_length=200)
    url = models.URLField("address", max_length=500, validators=URL_VALIDATORS)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonalResourceQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.title


class ProjectLinkQuerySet(LearnerQuerySet):
    def for_roadmap(self, roadmap):
        return self.filter(criterion__project__roadmap=roadmap)


class ProjectLink(models.Model):
    """The link a learner gives as proof of one project criterion (repository, demo, report)."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_links"
    )
    criterion = models.ForeignKey(
        ProjectCriterion, on_delete=models.PROTECT, related_name="learner_links"
    )
    url = models.URLField("link", max_length=500, validators=URL_VALIDATORS)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectLinkQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "criterion"], name="one_link_per_project_criterion"
            )
        ]

    def __str__(self):
        return f"{self.learner} · {self.criterion} · {self.url}"
