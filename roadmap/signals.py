"""The roadmap app's signals: content changes invalidate the cache; a step's significant
revision is announced to the apps after roadmap (progress tells the learners who completed it)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from .content_cache import bump_content_version

# Sent when an author saves a step with "significant change" ticked: `step` (as saved),
# `old_title`, `old_summary` (before the save) and `changed_by` (the author).
step_revised = Signal()

CONTENT_APPS = {"roadmap", "sources", "quizzes"}
# Learner-owned rows in the quizzes app change on every attempt and are not content.
NOT_CONTENT = {"quizattempt", "attemptanswer"}


@receiver(post_save)
@receiver(post_delete)
def content_changed(sender, **kwargs):
    meta = sender._meta
    if meta.app_label in CONTENT_APPS and meta.model_name not in NOT_CONTENT:
        bump_content_version()
        # Again once the change is committed: a page read between the first bump and the commit
        # saw the old rows and may have cached them under the new version.
        transaction.on_commit(bump_content_version)
