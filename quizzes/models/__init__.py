"""Knowledge checks, by what they hold: content (quizzes, questions, choices), attempts (learner
data) and review cards (spaced review). Tables and app label are unchanged: `quizzes_*`."""

from .attempts import BEST_FIRST, AttemptAnswer, QuizAttempt
from .cards import GRADUATED_BOX, REVIEW_INTERVALS, DueReviews, ReviewCard
from .content import Choice, Question, Quiz, QuizSummary, choice_rule_errors, published_quiz

__all__ = [
    "BEST_FIRST",
    "GRADUATED_BOX",
    "REVIEW_INTERVALS",
    "AttemptAnswer",
    "Choice",
    "DueReviews",
    "Question",
    "Quiz",
    "QuizAttempt",
    "QuizSummary",
    "ReviewCard",
    "choice_rule_errors",
    "published_quiz",
]
