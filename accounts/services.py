"""Account-wide writes and reads: export everything a learner has, delete an account."""

from django.db import transaction
from django.utils import timezone

from certificates.models import Certificate
from progress.models import ActivityEvent, LearningPlan, ProgressReset, StepProgress
from quizzes.models import QuizAttempt, ReviewCard

EXPORT_FORMAT_VERSION = 1


def export_learner_data(*, learner) -> dict:
    """Everything the site keeps about a learner, as plain JSON-ready data.

    Account fields, every progress row (archived steps included) with its note and evidence links,
    learning plans, quiz attempts with the answers as they were asked, resets, certificates, the
    activity log and spaced-review cards. Runs a fixed number of queries whatever the amount of
    data.
    """
    progress_rows = (
        StepProgress.objects.for_learner(learner)
        .select_related("step__roadmap")
        .prefetch_related("evidence")
        .order_by("step__roadmap__position", "step__roadmap_id", "step__position", "step_id")
    )
    plans = (
        LearningPlan.objects.filter(learner=learner)
        .select_related("roadmap")
        .order_by("roadmap__position", "roadmap_id")
    )
    attempts = (
        QuizAttempt.objects.for_learner(learner)
        .select_related("quiz__roadmap")
        .prefetch_related("answers")
        .order_by("submitted_at", "id")
    )
    resets = (
        ProgressReset.objects.for_learner(learner)
        .select_related("roadmap")
        .order_by("created_at", "id")
    )
    certificates = (
        Certificate.objects.for_learner(learner)
        .select_related("roadmap")
        .order_by("roadmap__position", "roadmap_id")
    )
    activity = (
        ActivityEvent.objects.for_learner(learner)
        .select_related("step")
        .order_by("occurred_at", "id")
    )
    review_cards = (
        ReviewCard.objects.filter(learner=learner)
        .select_related("question__quiz__roadmap")
        .order_by("due_on", "id")
    )
    return {
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": timezone.now(),
        "account": {
            "username": learner.get_username(),
            "email": learner.email,
            "display_name": learner.display_name,
            "time_zone": learner.time_zone,
            "date_joined": learner.date_joined,
            "last_login": learner.last_login,
        },
        "progress": [_progress(row) for row in progress_rows],
        "plans": [
            {
                "roadmap": plan.roadmap.slug,
                "roadmap_title": plan.roadmap.title,
                "start_date": plan.start_date,
                "created_at": plan.created_at,
                "updated_at": plan.updated_at,
            }
            for plan in plans
        ],
        "quiz_attempts": [_attempt(attempt) for attempt in attempts],
        "resets": [_reset(reset) for reset in resets],
        "certificates": [_certificate(certificate) for certificate in certificates],
        "activity": [
            {
                "kind": event.kind,
                "step": event.step.slug if event.step else None,
                "occurred_at": event.occurred_at,
            }
            for event in activity
        ],
        "review_cards": [
            {
                "roadmap": card.question.quiz.roadmap.slug,
                "question": card.question.text,
                "box": card.box,
                "due_on": card.due_on,
                "last_reviewed_at": card.last_reviewed_at,
            }
            for card in review_cards
        ],
    }


def _progress(row):
    step = row.step
    return {
        "roadmap": step.roadmap.slug,
        "roadmap_title": step.roadmap.title,
        "step": step.slug,
        "step_title": step.title,
        "step_archived": step.is_archived,
        "status": row.status,
        "status_label": row.get_status_display(),
        "started_at": row.started_at,
        "completed_at": row.completed_at,
        "changes_reviewed_at": row.reviewed_revision_at,
        "note": row.note,
        "evidence": [
            {"url": link.url, "label": link.label, "created_at": link.created_at}
            for link in row.evidence.all()
        ],
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    }


def _attempt(attempt):
    return {
        "quiz": attempt.quiz.title,
        "roadmap": attempt.quiz.roadmap.slug,
        "submitted_at": attempt.submitted_at,
        "score": attempt.score,
        "total": attempt.total,
        "percent": attempt.percent,
        "pass_mark": attempt.pass_mark,
        "passed": attempt.passed,
        "reset_at": attempt.reset_at,
        "answers": [
            {
                "position": answer.position,
                "question": answer.question_text,
                "kind": answer.kind,
                "choices": answer.choices,
                "selected": [choice.get("text") for choice in answer.selected_choices],
                "is_correct": answer.is_correct,
                "explanation": answer.explanation,
            }
            for answer in attempt.answers.all()
        ],
    }


def _reset(reset):
    return {
        "roadmap": reset.roadmap.slug,
        "kind": reset.kind,
        "summary": reset.summary,
        "created_at": reset.created_at,
        "undone_at": reset.undone_at,
        "snapshot": reset.snapshot,
    }


def _certificate(certificate):
    return {
        "roadmap": certificate.roadmap.slug,
        "name": certificate.name,
        "is_shared": certificate.is_shared,
        "address": certificate.get_absolute_url() if certificate.is_shared else None,
        "completed_at": certificate.completed_at,
        "best_percent": certificate.best_percent,
        "shared_at": certificate.shared_at,
    }


@transaction.atomic
def delete_account(*, learner) -> None:
    """Delete a learner's account and, by cascade, everything of theirs and nothing else.

    Progress rows (with notes and evidence), plans, quiz attempts (with answers), resets,
    certificates and admin log entries all point at the user with ON DELETE CASCADE; content
    they point at is untouched.
    """
    learner.delete()
