"""The quizzes app's part of a learner's data export and account deletion."""

from django.dispatch import receiver

from accounts.learner_data import register
from accounts.signals import account_deleting

from .models import QuizAttempt, ReviewCard


def export(learner) -> dict:
    """Attempts with the answers as they were asked, and spaced-review cards: three queries."""
    attempts = (
        QuizAttempt.objects.for_learner(learner)
        .select_related("quiz__roadmap")
        .prefetch_related("answers")
        .order_by("submitted_at", "id")
    )
    review_cards = (
        ReviewCard.objects.for_learner(learner)
        .select_related("question__quiz__roadmap")
        .order_by("due_on", "id")
    )
    return {
        "quiz_attempts": [_attempt(attempt) for attempt in attempts],
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


@receiver(account_deleting, dispatch_uid=__name__)
def delete(sender, learner, **kwargs) -> None:
    """The learner's attempts (with their answers) and review cards."""
    ReviewCard.objects.for_learner(learner).delete()
    QuizAttempt.objects.for_learner(learner).delete()


register(export)
