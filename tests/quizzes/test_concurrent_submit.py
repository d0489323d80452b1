"""Two submits of the same form at the same moment, on a real database: one attempt."""

import threading
import uuid

import pytest
from django.db import connection

from quizzes import services
from quizzes.models import AttemptAnswer, QuizAttempt
from tests.helpers import right_answers
from tests.quizzes.helpers import build_quiz

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs concurrent connections (Postgres)"
    ),
]


def test_racing_twins_make_one_attempt(monkeypatch):
    quiz = build_quiz(3, multiple=(2,))
    answers = right_answers(quiz)
    token = uuid.uuid4()
    both_checked = threading.Barrier(2, timeout=10)
    check = services._check_answers

    def check_then_wait(questions, answers):
        check(questions, answers)
        both_checked.wait()  # both requests have valid answers before either inserts
        return None

    monkeypatch.setattr(services, "_check_answers", check_then_wait)
    results, errors = [], []

    def submit():
        try:
            results.append(services.submit_attempt(quiz=quiz, answers=answers, token=token))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert errors == []
    assert len(results) == 2 and results[0].pk == results[1].pk
    assert QuizAttempt.objects.count() == 1
    assert AttemptAnswer.objects.count() == 3
