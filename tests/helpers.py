"""Helpers shared by the test folders: posting like a browser, reading pages as a reader does,
counting a page's queries, answering a quiz. Fixtures live in the conftest.py files; helpers of
one folder only stay in that folder (tests/quizzes/helpers.py, tests/e2e/helpers.py)."""

import html
import re
import uuid

from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roadmap.learner_pages import learner_changed

PASSWORD = "correct-horse-battery-9"  # every UserFactory user's password

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_token(client, page):
    """The CSRF token a browser would send from `page`: a response, or a URL to GET first.

    The hidden input of the page's form, else the csrftoken cookie.
    """
    if isinstance(page, str):
        url, page = page, client.get(page)
        assert page.status_code == 200, f"{url}: {page.status_code}"
    match = CSRF_INPUT.search(page.content.decode())
    if match:
        return match.group(1)
    assert "csrftoken" in client.cookies, "no form with a CSRF token on the page, and no cookie"
    return client.cookies["csrftoken"].value


def post_with_token(client, page, action, data=None, **kwargs):
    """POST `data` to `action` like a browser: with the CSRF token of a form on `page`."""
    token = csrf_token(client, page)
    return client.post(action, {**(data or {}), "csrfmiddlewaretoken": token}, **kwargs)


def page_text(response, *, status=None):
    """The response body as text with HTML entities decoded (so escaping cannot hide a leak);
    `status`, when given, is the status code the response must have."""
    if status is not None:
        assert response.status_code == status, response
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return html.unescape(content.decode("utf-8", errors="replace"))


def readable_text(response):
    """The page's text with tags removed and whitespace collapsed, to read sentences."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def statements(queries):
    """The SQL of what `queries` (a CaptureQueriesContext) ran: an EXECUTE of a statement
    prepared on the server as the SQL it was prepared from."""
    from accounts.prepared import sql_of

    return [sql_of(q["sql"]) for q in queries]


def count_queries(client, url, *, warm=False):
    """(number of queries, response) of GETting `url`; `warm` GETs it once first (session,
    caches)."""
    if warm:
        client.get(url)
        # What is counted is the page as built (its queries pinned), not as kept for the learner
        # until their data changes (roadmap/learner_pages.py), which reads nothing of theirs.
        learner_id = client.session.get(SESSION_KEY)
        if learner_id is not None:
            learner_changed(learner_id)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def roadmap_with_cited_steps(count):
    """A published roadmap of `count` steps, each citing the same source."""
    from tests.factories import RoadmapFactory, SourceFactory, StepFactory, cite

    roadmap = RoadmapFactory()
    source = SourceFactory()
    for _ in range(count):
        cite(StepFactory(roadmap=roadmap), source)
    return roadmap


def right_answers(quiz):
    """{question id: {right choice ids}} for the quiz's active questions."""
    return {
        q.pk: {c.pk for c in q.choices.active() if c.is_correct} for q in quiz.questions.active()
    }


def wrong_answers(quiz):
    """{question id: {one wrong choice id}} for the quiz's active questions."""
    return {
        q.pk: {q.choices.active().filter(is_correct=False).first().pk}
        for q in quiz.questions.active()
    }


def quiz_for(roadmap, *, linked=(), unlinked=1, pass_mark=50):
    """A published quiz on `roadmap`: one single-answer question linked to each step in `linked`,
    plus `unlinked` questions linked to no step. Choice 0 is right."""
    from tests.factories import ChoiceFactory, QuestionFactory, QuizFactory

    quiz = QuizFactory(roadmap=roadmap, pass_mark=pass_mark)
    for step in [*linked, *([None] * unlinked)]:
        question = QuestionFactory(quiz=quiz, step=step)
        for j in range(3):
            ChoiceFactory(question=question, position=j, is_correct=j == 0)
    return quiz


def answer(quiz, learner, *, wrong=()):
    """Submit an attempt for `learner`: every active question right except those in `wrong`."""
    from quizzes.services import submit_attempt

    missed = {getattr(q, "pk", q) for q in wrong}
    answers = {}
    for question in quiz.questions.active().prefetch_related("choices"):
        choices = [c for c in question.choices.all() if not c.is_archived]
        pick = next(c for c in choices if c.is_correct == (question.pk not in missed))
        answers[question.pk] = {pick.pk}
    return submit_attempt(quiz=quiz, answers=answers, token=str(uuid.uuid4()), learner=learner)


def rows_of(learner):
    """Every StepProgress row of `learner`, as full dicts of every column, by id."""
    from progress.models import StepProgress

    return {
        row["id"]: row
        for row in StepProgress.objects.filter(learner=learner).order_by("id").values()
    }


def attempt_with_score(quiz, learner, score):
    """An attempt at `quiz` by `learner` with its first `score` questions right."""
    from quizzes.services import submit_attempt

    answers = right_answers(quiz)
    wrong = wrong_answers(quiz)
    for question_id in list(answers)[score:]:
        answers[question_id] = wrong[question_id]
    return submit_attempt(quiz=quiz, answers=answers, token=uuid.uuid4(), learner=learner)
