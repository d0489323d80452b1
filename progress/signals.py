"""What progress does when earlier apps announce something (connected in ProgressConfig.ready)."""

import logging

from django.core.exceptions import ObjectDoesNotExist

from . import services, visitors

logger = logging.getLogger(__name__)


def merge_on_login(sender, request, user, **kwargs):
    """`user_logged_in` receiver: merge the visitor's session progress into the account."""
    session = getattr(request, "session", None)
    if session is None or not visitors.has_marks(session):
        return
    try:
        services.merge_visitor_progress(learner=user, session=session)
    except Exception:  # never block a login; the session copy stays for the next one
        logger.exception("Could not merge visitor progress for user %s", user.pk)


def record_revision(sender, step, old_title, old_summary, changed_by=None, **kwargs):
    """`roadmap.signals.step_revised` receiver: learners who completed the step see the change."""
    services.record_step_revision(
        step=step, old_title=old_title, old_summary=old_summary, changed_by=changed_by
    )


def evidence_learner(link):
    """For `learner_pages.track`: whose an evidence link is (None once its step row is gone, whose
    own deletion said so)."""
    try:
        return link.progress.learner_id
    except ObjectDoesNotExist:
        return None


def plan_revision_learner(revision):
    """For `learner_pages.track`: whose an earlier plan is."""
    try:
        return revision.plan.learner_id
    except ObjectDoesNotExist:
        return None
