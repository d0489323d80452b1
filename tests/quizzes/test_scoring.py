"""Scoring on the server: single and multiple answers, pass mark, and answers that do not fit."""

import uuid

import pytest

from quizzes.models import AttemptAnswer, QuizAttempt
from quizzes.services import InvalidAnswers, submit_attempt
from tests.helpers import right_answers, wrong_answers

pytestmark = pytest.mark.django_db


def choices_of(question, *, right):
    return {c.pk for c in question.choices.all() if c.is_correct == right}


def save_answers(quiz, answers, token=None, **kwargs):
    return submit_attempt(quiz=quiz, answers=answers, token=token or uuid.uuid4(), **kwargs)


def test_all_right_scores_full_marks_and_passes(quiz, learner):
    attempt = save_answers(quiz, right_answers(quiz), learner=learner)

    assert (attempt.score, attempt.total, attempt.percent, attempt.passed) == (3, 3, 100, True)
    assert attempt.learner == learner
    assert attempt.answers.count() == 3
    assert all(answer.is_correct for answer in attempt.answers.all())


def test_all_wrong_scores_zero_and_fails(quiz):
    attempt = save_answers(quiz, wrong_answers(quiz))

    assert (attempt.score, attempt.passed) == (0, False)
    assert not any(answer.is_correct for answer in attempt.answers.all())


def test_single_answer_right_only_with_the_right_choice(quiz):
    first = quiz.questions.get(position=0)
    answers = wrong_answers(quiz)
    answers[first.pk] = choices_of(first, right=True)

    attempt = save_answers(quiz, answers)

    assert attempt.score == 1
    assert attempt.answers.get(question=first).is_correct


@pytest.mark.parametrize(
    "pick",
    [
        pytest.param(lambda right, wrong: right, id="exactly-the-right-set"),
        pytest.param(lambda right, wrong: {min(right)}, id="partial: one of two right"),
        pytest.param(lambda right, wrong: right | {min(wrong)}, id="superset: right plus a wrong"),
        pytest.param(lambda right, wrong: right | wrong, id="everything"),
        pytest.param(lambda right, wrong: wrong, id="only wrong ones"),
    ],
)
def test_multiple_answer_right_only_with_exactly_the_right_set(quiz, pick, request):
    question = quiz.questions.get(position=2)
    right, wrong = choices_of(question, right=True), choices_of(question, right=False)
    answers = right_answers(quiz)
    answers[question.pk] = pick(right, wrong)

    attempt = save_answers(quiz, answers)

    expected = request.node.callspec.id == "exactly-the-right-set"
    assert attempt.answers.get(question=question).is_correct is expected
    assert attempt.score == 2 + expected


def test_multiple_answer_with_nothing_chosen_is_unanswered_and_saves_nothing(quiz):
    question = quiz.questions.get(position=2)
    answers = right_answers(quiz)
    answers[question.pk] = set()

    with pytest.raises(InvalidAnswers) as error:
        save_answers(quiz, answers)

    assert error.value.message_dict == {question.pk: ["Please answer this question."]}
    assert QuizAttempt.objects.count() == 0


@pytest.mark.parametrize(
    ("score", "passed"), [(7, True), (6, False), (10, True), (0, False)], ids=str
)
def test_pass_mark_is_a_percentage_of_questions(make_quiz, score, passed):
    quiz = make_quiz(10, pass_mark=70)
    answers = right_answers(quiz)
    wrong = wrong_answers(quiz)
    for question_id in list(answers)[score:]:
        answers[question_id] = wrong[question_id]

    attempt = save_answers(quiz, answers)

    assert (attempt.score, attempt.total, attempt.passed) == (score, 10, passed)
    assert attempt.pass_mark == 70


def test_pass_is_never_rounded_up(make_quiz):
    quiz = make_quiz(3, pass_mark=67)
    answers = right_answers(quiz)
    answers.update(dict(list(wrong_answers(quiz).items())[:1]))  # 2 of 3 = 66.7%

    attempt = save_answers(quiz, answers)

    assert (attempt.percent, attempt.passed) == (66, False)


def test_answers_keep_a_snapshot_of_the_question(quiz):
    question = quiz.questions.get(position=0)
    attempt = save_answers(quiz, right_answers(quiz))
    answer = attempt.answers.get(question=question)

    assert answer.question_text == "Question number 0?"
    assert answer.explanation == "Explanation of question 0."
    assert answer.kind == "single"
    assert answer.teaching_url == f"/roadmaps/{quiz.roadmap.slug}/#foundations"
    assert answer.teaching_label == "Learn Python and statistics"
    assert [c["text"] for c in answer.choices] == [f"Q0 choice {j}" for j in range(4)]
    assert [c["is_correct"] for c in answer.choices] == [True, False, False, False]
    assert [c["selected"] for c in answer.choices] == [True, False, False, False]
    assert answer.choices[1]["feedback"] == "Feedback for Q0 choice 1."


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda q, other: {q: {min(other)}}, id="choice of another question"),
        pytest.param(lambda q, other: {q: {999_999}}, id="unknown choice id"),
        pytest.param(lambda q, other: {q: {"1; DROP TABLE"}}, id="not a number"),
        pytest.param(lambda q, other: {q: None}, id="missing question"),
        pytest.param(lambda q, other: {999_999: {min(other)}}, id="question not in the quiz"),
    ],
)
def test_answers_that_do_not_fit_the_quiz_save_nothing(quiz, forge):
    first, second = quiz.questions.all()[:2]
    answers = right_answers(quiz)
    answers.update(forge(first.pk, choices_of(second, right=True)))
    answers = {k: v for k, v in answers.items() if v is not None}

    with pytest.raises(InvalidAnswers):
        save_answers(quiz, answers)

    assert QuizAttempt.objects.count() == 0
    assert AttemptAnswer.objects.count() == 0


def test_single_answer_question_takes_exactly_one_choice(quiz):
    first = quiz.questions.get(position=0)
    answers = right_answers(quiz)
    answers[first.pk] = {c.pk for c in first.choices.all()[:2]}

    with pytest.raises(InvalidAnswers) as error:
        save_answers(quiz, answers)

    assert error.value.message_dict == {first.pk: ["Please choose one answer."]}
    assert QuizAttempt.objects.count() == 0


def test_archived_choice_cannot_be_chosen(quiz):
    first = quiz.questions.get(position=0)
    archived = first.choices.get(position=3)
    archived.is_archived = True
    archived.save()
    answers = right_answers(quiz)
    answers[first.pk] = {archived.pk}

    with pytest.raises(InvalidAnswers):
        save_answers(quiz, answers)
    assert QuizAttempt.objects.count() == 0


def test_archived_content_is_left_out_of_new_attempts(quiz):
    gone = quiz.questions.get(position=1)
    gone.is_archived = True
    gone.save()
    first = quiz.questions.get(position=0)
    first.choices.filter(position=3).update(is_archived=True)

    attempt = save_answers(quiz, right_answers(quiz))

    assert attempt.total == 2
    assert not attempt.answers.filter(question=gone).exists()
    assert len(attempt.answers.get(question=first).choices) == 3


def test_the_same_token_twice_makes_one_attempt(quiz):
    token = uuid.uuid4()
    first = save_answers(quiz, right_answers(quiz), token=token)
    second = save_answers(quiz, wrong_answers(quiz), token=str(token))

    assert second == first
    assert QuizAttempt.objects.count() == 1
    assert AttemptAnswer.objects.count() == 3
    assert QuizAttempt.objects.get().score == 3


def test_a_twin_with_other_answers_gets_the_attempt_saved_first(quiz):
    """The unique token decides: the second insert finds it taken and returns the first."""
    token = uuid.uuid4()
    first = save_answers(quiz, right_answers(quiz), token=token)

    second = save_answers(quiz, wrong_answers(quiz), token=token)

    assert second == first
    assert QuizAttempt.objects.count() == 1
    assert AttemptAnswer.objects.count() == 3


def test_a_token_of_another_quiz_is_refused(quiz, make_quiz):
    token = uuid.uuid4()
    save_answers(quiz, right_answers(quiz), token=token)
    other = make_quiz(2)

    with pytest.raises(InvalidAnswers):
        save_answers(other, right_answers(other), token=token)
    assert QuizAttempt.objects.count() == 1


@pytest.mark.parametrize("token", ["", "not-a-uuid", None, "12345"])
def test_a_malformed_token_is_refused(quiz, token):
    with pytest.raises(InvalidAnswers):
        submit_attempt(quiz=quiz, answers=right_answers(quiz), token=token)
    assert QuizAttempt.objects.count() == 0
