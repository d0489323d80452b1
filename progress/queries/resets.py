"""What a reset would remove, for its confirmation page."""

from django.db.models import Count

from .. import services
from ..models import ProgressReset


def reset_preview(*, learner, roadmap, kind) -> dict:
    """What a reset of `kind` would remove, for its confirmation page: {"count", "summary"}.

    Three queries at most (the step rows by status, the topics and the resources done; or the
    attempts and the best one).
    """
    if kind == ProgressReset.Kind.PROGRESS:
        counts = dict(
            services.resettable_progress(learner=learner, roadmap=roadmap)
            .order_by()
            .values_list("status")
            .annotate(n=Count("id"))
        )
        topics = services.resettable_topics(learner=learner, roadmap=roadmap).count()
        resources = services.resettable_resources(learner=learner, roadmap=roadmap).count()
        return {
            "count": sum(counts.values()) + topics + resources,
            "summary": services.progress_reset_summary(counts, topics=topics, resources=resources),
        }
    attempts = services.resettable_attempts(learner=learner, roadmap=roadmap)
    count = attempts.count()
    best = attempts.quizzes().best_first().first() if count else None  # reviews never count
    return {"count": count, "summary": services.quiz_reset_summary(count=count, best=best)}
