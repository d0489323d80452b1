"""Inserts with their SQL built once write what Django's save and bulk_create write, on
Postgres and SQLite, and a taken unique value is no error."""

import uuid
from datetime import UTC, date, datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.inserts import insert_rows, insert_unless_taken
from quizzes.models import AttemptAnswer, QuizAttempt, ReviewCard
from tests.factories import UserFactory
from tests.helpers import statements
from tests.quizzes.helpers import build_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz():
    return build_quiz(3)


def _attempt(quiz, token, **fields):
    return QuizAttempt(quiz=quiz, token=token, **{"score": 2, "total": 3} | fields)


def test_a_new_row_is_inserted_with_its_key_and_defaults(quiz):
    learner = UserFactory()
    attempt = _attempt(quiz, uuid.uuid4(), learner=learner, session_key="abc")

    assert insert_unless_taken(attempt, unique="token") is True

    saved = QuizAttempt.objects.get(pk=attempt.pk)
    assert (saved.token, saved.learner, saved.session_key) == (attempt.token, learner, "abc")
    assert (saved.score, saved.total, saved.kind, saved.reset_at) == (2, 3, "quiz", None)
    assert saved.submitted_at is not None  # auto_now_add, as save() sets it
    assert attempt._state.adding is False


def test_a_taken_value_writes_nothing_and_leaves_the_transaction_usable(quiz):
    token = uuid.uuid4()
    first = _attempt(quiz, token)
    insert_unless_taken(first, unique="token")

    with transaction.atomic():
        twin = _attempt(quiz, token, score=0)
        assert insert_unless_taken(twin, unique="token") is False
        assert twin.pk is None
        assert QuizAttempt.objects.count() == 1  # no error: the transaction goes on

    assert QuizAttempt.objects.get().score == 2


def _answers(quiz):
    return [
        {"question_id": q.pk, "position": i, "question_text": f"Q{i}", "kind": q.kind}
        for i, q in enumerate(quiz.questions.order_by("position"))
    ]


def test_children_go_in_with_their_row_and_not_when_its_value_is_taken(quiz):
    token = uuid.uuid4()
    attempt, answers = _attempt(quiz, token), _answers(quiz)
    with CaptureQueriesContext(connection) as queries:
        assert insert_unless_taken(
            attempt, unique="token", children=(AttemptAnswer, "attempt", answers)
        )
    if connection.vendor == "postgresql":
        assert len(statements(queries)) == 1  # elsewhere: Django's bulk_create after it
    saved = list(AttemptAnswer.objects.filter(attempt=attempt).order_by("position"))
    assert [(a.position, a.question_text, a.choices) for a in saved] == [
        (0, "Q0", []),
        (1, "Q1", []),
        (2, "Q2", []),
    ]

    twin = _attempt(quiz, token, score=0)
    assert not insert_unless_taken(
        twin, unique="token", children=(AttemptAnswer, "attempt", _answers(quiz))
    )
    assert AttemptAnswer.objects.count() == 3 and QuizAttempt.objects.count() == 1


def test_many_rows_in_one_statement_as_bulk_create_writes_them(quiz):
    attempt = _attempt(quiz, uuid.uuid4())
    insert_unless_taken(attempt, unique="token")
    questions = list(quiz.questions.order_by("position"))
    choices = [{"id": 1, "text": 'It\'s "quoted", {braced}', "selected": True}]
    answers = [
        {
            "attempt_id": attempt.pk,
            "question_id": question.pk,
            "position": i,
            "question_text": f"Question {i}, with 'quotes'",
            "kind": question.kind,
            "choices": choices if i else [],
            "is_correct": i == 1,
        }
        for i, question in enumerate(questions)
    ]

    with CaptureQueriesContext(connection) as queries:
        insert_rows(AttemptAnswer, answers)

    assert len(statements(queries)) == 1
    saved = list(AttemptAnswer.objects.filter(attempt=attempt).order_by("position"))
    assert [a.question_id for a in saved] == [q.pk for q in questions]
    assert [a.question_text for a in saved] == [f"Question {i}, with 'quotes'" for i in range(3)]
    assert [a.choices for a in saved] == [[], choices, choices]
    assert [a.is_correct for a in saved] == [False, True, False]
    assert [a.explanation for a in saved] == ["", "", ""]  # a field's default


def test_rows_that_repeat_unique_values_update_only_the_fields_named(quiz):
    learner = UserFactory()
    first, second, third = quiz.questions.order_by("position")
    then = datetime(2026, 1, 5, 12, tzinfo=UTC)
    ReviewCard.objects.create(
        learner=learner, question=first, box=3, due_on=date(2026, 2, 1), last_reviewed_at=then
    )
    ReviewCard.objects.create(
        learner=learner, question=third, box=2, due_on=date(2026, 3, 1), last_reviewed_at=then
    )
    now = datetime(2026, 6, 1, 9, tzinfo=UTC)

    insert_rows(
        ReviewCard,
        [
            {
                "learner_id": learner.pk,
                "question_id": first.pk,
                "box": 1,
                "due_on": date(2026, 6, 2),
                "last_reviewed_at": now,
            },
            {
                "learner_id": learner.pk,
                "question_id": second.pk,
                "due_on": None,  # and the box its default, 1
                "last_reviewed_at": now,
            },
        ],
        unique_fields=("learner", "question"),
        update_fields=("box", "due_on", "last_reviewed_at"),
    )

    cards = {c.question_id: c for c in ReviewCard.objects.filter(learner=learner)}
    assert len(cards) == 3
    assert (cards[first.pk].box, cards[first.pk].due_on) == (1, date(2026, 6, 2))
    assert cards[first.pk].last_reviewed_at == now
    assert (cards[second.pk].box, cards[second.pk].due_on) == (1, None)
    assert (cards[third.pk].box, cards[third.pk].due_on) == (2, date(2026, 3, 1))  # untouched


def test_nothing_to_insert_runs_no_query():
    with CaptureQueriesContext(connection) as queries:
        insert_rows(ReviewCard, [])
    assert len(queries) == 0
