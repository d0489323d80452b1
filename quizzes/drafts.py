"""What the session remembers about quizzes: the open draft of each quiz and a visitor's attempts.

A draft is `{"token": <uuid str>, "seed": <int>}` per quiz. The token identifies the attempt the
form will create (so a second submit finds the first); the seed orders its questions and choices,
so a reload shows the same order and a retake a new one.
"""

import random
import secrets
import uuid
from dataclasses import dataclass

DRAFTS_KEY = "quiz_drafts"
ATTEMPTS_KEY = "quiz_attempts"
MAX_REMEMBERED_ATTEMPTS = 50


def parse_token(value):
    """The UUID in `value`, or None when it is missing or not a UUID."""
    if not isinstance(value, str | uuid.UUID):
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def new_draft(session, quiz):
    """Start a fresh draft for `quiz` (a new token and a new order) and return it."""
    drafts = dict(session.get(DRAFTS_KEY, {}))
    draft = {"token": str(uuid.uuid4()), "seed": secrets.randbelow(2**31)}
    drafts[str(quiz.pk)] = draft
    session[DRAFTS_KEY] = drafts
    return draft


def current_draft(session, quiz):
    """The open draft for `quiz`, or None."""
    draft = session.get(DRAFTS_KEY, {}).get(str(quiz.pk))
    if not isinstance(draft, dict) or parse_token(draft.get("token")) is None:
        return None
    if not isinstance(draft.get("seed"), int):
        return None
    return draft


def seed_for(session, quiz, token):
    """The order seed of the form carrying `token`: the draft's, or one derived from the token.

    A form posted after its draft was replaced (another tab, an expired session) keeps an order of
    its own rather than borrowing the new draft's.
    """
    draft = current_draft(session, quiz)
    if draft and draft["token"] == str(token):
        return draft["seed"]
    return token.int % 2**31


@dataclass(frozen=True)
class AskedQuestion:
    """A question as one form asks it: its active choices in that form's order."""

    question: object  # a Question
    choices: list  # its active Choices, shuffled

    @property
    def pk(self):
        return self.question.pk

    @property
    def text(self):
        return self.question.text

    @property
    def is_multiple(self):
        return self.question.is_multiple


def ordered_questions(quiz, seed):
    """The quiz's active questions as `AskedQuestion`s, in the order `seed` gives.

    Each question's choices are shuffled by a generator of its own, so adding or archiving a
    question does not reshuffle the others. Works on `Quiz.objects.for_taking()` (no query).
    """
    questions = list(quiz.active_questions)
    if quiz.shuffle_questions:
        random.Random(f"{seed}:questions").shuffle(questions)
    asked = []
    for question in questions:
        choices = list(question.active_choices)
        random.Random(f"{seed}:{question.pk}").shuffle(choices)
        asked.append(AskedQuestion(question, choices))
    return asked


def remember_attempt(session, attempt):
    """Let this session (a visitor's) see the attempt's review and claim it on sign-up."""
    tokens = [t for t in session.get(ATTEMPTS_KEY, []) if t != str(attempt.token)]
    tokens.append(str(attempt.token))
    session[ATTEMPTS_KEY] = tokens[-MAX_REMEMBERED_ATTEMPTS:]


def remembered_tokens(session):
    """The valid attempt tokens this session remembers."""
    tokens = session.get(ATTEMPTS_KEY, [])
    if not isinstance(tokens, list):
        return []
    return [t for t in (parse_token(v) for v in tokens) if t is not None]
