"""Whether a quiz form's token was submitted already (`QuizAttempt.token_taken`) reads as the
queryset does, for a token as the session keeps it (text) or as a UUID."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quizzes.models import QuizAttempt

pytestmark = pytest.mark.django_db


def test_a_token_is_taken_once_an_attempt_holds_it(quiz, learner):
    attempt = QuizAttempt.objects.create(quiz=quiz, learner=learner, score=1, total=3)
    free = uuid.uuid4()
    for token in (attempt.token, str(attempt.token), free, str(free)):
        expected = QuizAttempt.objects.filter(token=token).exists()
        assert QuizAttempt.token_taken(token) is expected
    assert QuizAttempt.token_taken(str(attempt.token)) and not QuizAttempt.token_taken(free)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared on the server: Postgres")
def test_the_question_is_prepared_on_the_server():
    QuizAttempt.token_taken(uuid.uuid4())
    with CaptureQueriesContext(connection) as queries:
        QuizAttempt.token_taken(uuid.uuid4())
    assert [q["sql"].split("(")[0] for q in queries] == ["EXECUTE prepared_attempt_token_taken"]
