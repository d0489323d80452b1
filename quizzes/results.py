"""What an attempt's result page shows: the summary first (score, pass mark, how far from a
pass, what to study next, when missed questions come back), then each answer."""

from dataclasses import dataclass
from datetime import date

from .models import ReviewCard


def right_answers_to_pass(*, total, pass_mark):
    """The fewest right answers that reach `pass_mark` (percent, rounded down as scores are)."""
    return -(-pass_mark * total // 100)  # ceil(pass_mark * total / 100)


@dataclass
class AttemptResult:
    """An attempt with its answers, for the result page; `mistakes_only` filters what is shown."""

    attempt: object  # QuizAttempt, with its answers prefetched (QuizAttempt.objects.for_review())
    answers: list
    mistakes_only: bool = False
    comes_back: tuple | None = None  # (date, count) of the missed questions' next review
    today: date | None = None

    @property
    def shown(self):
        return [a for a in self.answers if not a.is_correct] if self.mistakes_only else self.answers

    @property
    def mistakes(self):
        return sum(1 for answer in self.answers if not answer.is_correct)

    @property
    def short_by(self):
        """How many more right answers would have passed (0 once passed)."""
        attempt = self.attempt
        needed = right_answers_to_pass(total=attempt.total, pass_mark=attempt.pass_mark)
        return max(0, needed - attempt.score)

    @property
    def to_study(self):
        """[(url, label)] where the missed questions are taught, each place once, in order."""
        seen = {}
        for answer in self.answers:
            if not answer.is_correct and answer.teaching_url:
                seen.setdefault(answer.teaching_url, answer.teaching_label or "the roadmap")
        return list(seen.items())

    @property
    def comes_back_in_days(self):
        if self.comes_back is None or self.today is None:
            return None
        return (self.comes_back[0] - self.today).days


def attempt_result(attempt, *, learner, mistakes_only=False) -> AttemptResult:
    """The result page's data: one more query for a signed-in learner's attempt with mistakes
    (when their missed questions come back for review)."""
    answers = list(attempt.answers.all())
    result = AttemptResult(attempt=attempt, answers=answers, mistakes_only=mistakes_only)
    missed = [answer.question_id for answer in answers if not answer.is_correct]
    if missed and learner.is_authenticated and attempt.learner_id == learner.pk:
        result.today = learner.local_today()
        result.comes_back = ReviewCard.objects.coming(learner, result.today, questions=missed)
    return result
