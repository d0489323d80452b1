"""Helpers for the tests of durable progress: revisions, resets, verified steps, certificates."""

import re
import uuid

from progress.models import StepProgress
from quizzes.services import submit_attempt
from tests.factories import ChoiceFactory, QuestionFactory, QuizFactory

from .conftest import csrf_token


def post_with_token(client, page, action, data=None, **kwargs):
    """POST `data` to `action` like a browser: with the CSRF token of a form on `page`."""
    token = csrf_token(client, page)
    return client.post(action, {**(data or {}), "csrfmiddlewaretoken": token}, **kwargs)


def rows_of(learner):
    """Every StepProgress row of `learner`, as full dicts of every column, by id."""
    return {
        row["id"]: row
        for row in StepProgress.objects.filter(learner=learner).order_by("id").values()
    }


def quiz_for(roadmap, *, linked=(), unlinked=1, pass_mark=50):
    """A published quiz on `roadmap`: one single-answer question linked to each step in `linked`,
    plus `unlinked` questions linked to no step. Choice 0 is right."""
    quiz = QuizFactory(roadmap=roadmap, pass_mark=pass_mark)
    for step in [*linked, *([None] * unlinked)]:
        question = QuestionFactory(quiz=quiz, step=step)
        for j in range(3):
            ChoiceFactory(question=question, position=j, is_correct=j == 0)
    return quiz


def answer(quiz, learner, *, wrong=()):
    """Submit an attempt for `learner`: every active question right except those in `wrong`."""
    missed = {getattr(q, "pk", q) for q in wrong}
    answers = {}
    for question in quiz.questions.active().prefetch_related("choices"):
        choices = [c for c in question.choices.all() if not c.is_archived]
        pick = next(c for c in choices if c.is_correct == (question.pk not in missed))
        answers[question.pk] = {pick.pk}
    return submit_attempt(quiz=quiz, answers=answers, token=str(uuid.uuid4()), learner=learner)


def text_of(response):
    """The page's text with tags removed and whitespace collapsed, to read sentences."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
