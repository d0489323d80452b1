"""The quizzes app's signal, and its receivers (connected in QuizzesConfig.ready).

`attempt_submitted` is sent inside `submit_attempt`'s transaction once an attempt and its answers
are saved, with `attempt` and `results` ({question id: is_correct}). Spaced review listens here;
the apps after quizzes may listen too.
"""

from django.dispatch import Signal

from . import review
from .drafts import remembered_tokens

attempt_submitted = Signal()


def schedule_reviews(sender, attempt, results, **kwargs):
    """Spaced review follows every attempt's right and wrong answers."""
    review.record_answers(learner=attempt.learner, results=results)


def claim_attempts_on_login(sender, request, user, **kwargs):
    """On `user_logged_in`: attempts made in this session before signing in become the learner's.

    `login()` gives the session a new key but keeps its data, so the attempts are found by the
    tokens the session remembers, not by session key.
    """
    session = getattr(request, "session", None)
    if session is None:
        return
    from .services import claim_visitor_attempts

    claim_visitor_attempts(learner=user, tokens=remembered_tokens(session))
