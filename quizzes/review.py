"""Spaced review: the Leitner schedule of the questions a learner missed, and review sessions.

The schedule. A question a signed-in learner answers wrong, in any attempt, gets a card in box 1,
due the next day. A right answer to a card that is due moves it up a box: due again after 3, then
7, then 21 days; right at 21 days, the card graduates (no due date). A miss at any time sends the
card back to box 1, due the next day, graduated or not.

Our choice for right answers given before the card is due (a regular attempt taken again right
after a review page showed the answer): they leave the card where it is. Only a recall after the
interval has passed shows the learner still knows it; counting an immediate retake would skip the
spacing. A right answer to a due question advances it whether it comes from a review session or a
regular attempt.

A review session is one roadmap's quiz restricted to the learner's due questions (at most
`MAX_REVIEW_QUESTIONS`, most overdue first), answered with the quiz form and scored by
`submit_attempt` like any attempt. Its question ids and token travel in a signed hidden field,
so the server knows which questions the form asked without trusting the browser.
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.core.exceptions import BadRequest
from django.utils import timezone

from accounts.inserts import insert_rows
from roadmap.learner_pages import learner_changed

from .drafts import parse_token
from .models import GRADUATED_BOX, REVIEW_INTERVALS, ReviewCard

MAX_REVIEW_QUESTIONS = 10
SESSION_SALT = "quizzes.review-session"


def schedule(card, *, is_correct, today) -> bool:
    """Move `card` for an answer given on `today`; True when its box or due date changed.

    No query: the caller saves the card.
    """
    if not is_correct:
        changed = (card.box, card.due_on) != (1, today + timedelta(days=REVIEW_INTERVALS[0]))
        card.box, card.due_on = 1, today + timedelta(days=REVIEW_INTERVALS[0])
        return changed
    if card.due_on is None or card.due_on > today:
        return False  # graduated, or not due yet: the spacing holds
    card.box = min(card.box + 1, GRADUATED_BOX)
    if card.box >= GRADUATED_BOX:
        card.due_on = None
    else:
        card.due_on = today + timedelta(days=REVIEW_INTERVALS[card.box - 1])
    return True


def record_answers(*, learner, results, today=None, now=None) -> None:
    """Update `learner`'s review cards after an attempt; `results` is {question id: is_correct}.

    A miss creates a card (or sends it back to box 1); a right answer moves a due card up. Two
    queries whatever the number of questions: the learner's cards for these questions (locked),
    and one upsert of the cards that changed or are new (`insert_rows`, its SQL built once).
    Visitors have no cards.
    """
    if learner is None or not learner.is_authenticated or not results:
        return
    now = now or timezone.now()
    today = today or learner.local_today()
    cards = {card.question_id: card for card in ReviewCard.locked_for(learner.pk, list(results))}
    written = []
    for question_id, is_correct in results.items():
        card = cards.get(question_id)
        if card is None and is_correct:
            continue
        if card is None:
            card = ReviewCard(learner=learner, question_id=question_id)
        schedule(card, is_correct=is_correct, today=today)
        written.append(
            {
                "learner_id": learner.pk,
                "question_id": question_id,
                "box": card.box,
                "due_on": card.due_on,
                "last_reviewed_at": now,
            }
        )
    if written:  # by (learner, question): a concurrent attempt's new card is updated, not doubled
        insert_rows(
            ReviewCard,
            written,
            unique_fields=("learner", "question"),
            update_fields=("box", "due_on", "last_reviewed_at"),
        )
    learner_changed(learner.pk)  # bulk writes send no model signals


@dataclass(frozen=True)
class ReviewSession:
    """The questions one review form asks and the token of the attempt it will create."""

    token: uuid.UUID
    question_ids: tuple

    @property
    def seed(self):
        """The order of questions and choices: fixed by the token, so a re-render keeps it."""
        return self.token.int % 2**31


def due_question_ids(*, learner, roadmap_slug, today, limit=MAX_REVIEW_QUESTIONS):
    """The roadmap quiz's questions due for `learner` on `today`, most overdue first (one query)."""
    return list(
        ReviewCard.objects.due(learner, today)
        .filter(question__quiz__roadmap__slug=roadmap_slug)
        .order_by("due_on", "box", "question__position", "question_id")
        .values_list("question_id", flat=True)[:limit]
    )


def start_session(*, learner, roadmap_slug, today=None) -> ReviewSession | None:
    """A new review session of a roadmap quiz's due questions, or None when none is due."""
    today = today or learner.local_today()
    ids = due_question_ids(learner=learner, roadmap_slug=roadmap_slug, today=today)
    if not ids:
        return None
    return ReviewSession(token=uuid.uuid4(), question_ids=tuple(ids))


def sign_session(session, *, learner, quiz) -> str:
    """The hidden field value that carries `session` to the submit, tamper-proof."""
    payload = {
        "token": str(session.token),
        "questions": list(session.question_ids),
        "learner": learner.pk,
        "quiz": quiz.pk,
    }
    return signing.dumps(payload, salt=SESSION_SALT)


def read_session(value, *, learner, quiz) -> ReviewSession:
    """The session a submitted review form carries; BadRequest when forged, or another learner's
    or another quiz's."""
    invalid = BadRequest("This review form is not valid. Please open the review again.")
    try:
        payload = signing.loads(value or "", salt=SESSION_SALT)
    except signing.BadSignature:
        raise invalid from None
    if not isinstance(payload, dict):
        raise invalid
    token = parse_token(payload.get("token"))
    questions = payload.get("questions")
    if (
        token is None
        or not isinstance(questions, list)
        or not all(isinstance(pk, int) for pk in questions)
        or payload.get("learner") != learner.pk
        or payload.get("quiz") != quiz.pk
    ):
        raise invalid
    return ReviewSession(token=token, question_ids=tuple(questions))
