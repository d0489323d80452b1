"""Submitting the quiz runs a fixed number of queries whatever its size: the questions are read
once (with the quiz), the answers and the review cards are written in bulk."""

import pytest
from django.db import connection

from quizzes.models import AttemptAnswer, QuizAttempt, ReviewCard
from tests.helpers import right_answers
from tests.quizzes.helpers import form_data, open_quiz, take_url

pytestmark = pytest.mark.django_db

# The session, with the learner. The quiz, its active questions and their choices come from the
# content cache, which the quiz form's GET filled (Quiz.objects.cached_for_taking).
READ = 1
# submit_attempt (a savepoint in tests: SAVEPOINT, RELEASE): the attempt unless its token is
# taken, with every answer (one statement on Postgres, no savepoint; the answers a second one
# elsewhere), the learner's review cards for these questions (locked), the missed ones in one
# insert.
SUBMIT = 2 + (1 if connection.vendor == "postgresql" else 2) + 1 + 1
# The session saved with the next form's draft: one UPDATE.
SESSION = 1


@pytest.mark.parametrize("size", [3, 30])
def test_submit_runs_the_same_queries_whatever_the_quiz_size(
    learner_client, learner, make_quiz, django_assert_num_queries, size
):
    quiz = make_quiz(size)
    answers = right_answers(quiz)
    wrong = sorted(answers)[: size // 3]
    for question_id in wrong:  # a wrong choice: any other of the question's choices
        question = quiz.questions.get(pk=question_id)
        answers[question_id] = {question.choices.exclude(pk__in=answers[question_id])[0].pk}
    _, token = open_quiz(learner_client, quiz)

    with django_assert_num_queries(READ + SUBMIT + SESSION):
        response = learner_client.post(take_url(quiz), form_data(learner_client, token, answers))
    assert response.status_code == 302

    attempt = QuizAttempt.objects.get(token=token)
    assert (attempt.score, attempt.total) == (size - len(wrong), size)
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == size
    assert set(ReviewCard.objects.filter(learner=learner).values_list("question", flat=True)) == (
        set(wrong)
    )

    # The same form again: the first attempt, and nothing written.
    # The savepoint (two), the insert that finds the token taken, the first attempt.
    with django_assert_num_queries(READ + 2 + 1 + 1):
        again = learner_client.post(take_url(quiz), form_data(learner_client, token, answers))
    assert again.url == response.url
    assert QuizAttempt.objects.count() == 1
