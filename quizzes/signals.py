"""Keep a visitor's quiz attempts when they sign up or log in."""

from .drafts import remembered_tokens
from .services import claim_visitor_attempts


def claim_attempts_on_login(sender, request, user, **kwargs):
    """On `user_logged_in`: attempts made in this session before signing in become the learner's.

    `login()` gives the session a new key but keeps its data, so the attempts are found by the
    tokens the session remembers, not by session key.
    """
    session = getattr(request, "session", None)
    if session is None:
        return
    claim_visitor_attempts(learner=user, tokens=remembered_tokens(session))
