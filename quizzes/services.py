"""Writes of the quizzes app: submitting an attempt, claiming a visitor's attempts, archiving."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q

from accounts.inserts import insert_unless_taken
from roadmap.content_cache import bump_content_version
from roadmap.learner_pages import learner_changed

from .drafts import parse_token
from .forms import ONE_ANSWER, UNANSWERED
from .models import AttemptAnswer, Choice, Question, QuizAttempt
from .signals import attempt_submitted


class InvalidAnswers(ValidationError):
    """The answers do not fit the quiz; `error_dict` maps question ids (or None) to messages."""


class FormOfAnotherQuiz(InvalidAnswers):
    """The form's token already saved an attempt at another quiz (a form posted to the wrong
    quiz's address): nothing can be saved or shown for this one. Views answer 400."""

    MESSAGE = "This form belongs to another quiz. Please reload the quiz."

    def __init__(self):
        super().__init__({None: [self.MESSAGE]})


@transaction.atomic
def submit_attempt(
    *,
    quiz,
    answers,
    token,
    learner=None,
    session_key="",
    kind=QuizAttempt.Kind.QUIZ,
    question_ids=None,
) -> QuizAttempt:
    """Score `answers` ({question id: {choice id, ...}}) against the quiz and save the attempt.

    Every active question must be answered with active choices of that question only (exactly one
    for a single-answer question); otherwise `InvalidAnswers` is raised and nothing is saved. A
    multiple-answer question is right only when exactly its right choices are chosen. The attempt
    keeps a snapshot of each question as asked.

    The double-submit check lives here and only here: `token` identifies the form, and a second
    submit of it returns the attempt the first one saved, whatever its answers, instead of
    creating another (`FormOfAnotherQuiz` when that attempt is of another quiz). Answers that
    do not fit look for that attempt before they are refused, so a view passes `answers=None`
    when its form did not validate: a resubmitted form still finds its attempt, and otherwise
    `InvalidAnswers` is raised with no message of its own (the form has them). Answers that fit
    are inserted with the attempt unless the token is taken, one statement on Postgres
    (`insert_unless_taken`): the twin that loses a race, or a resubmit, gets the attempt saved
    first, and nothing of its own is written.

    A review attempt (`kind` "review") answers only the active questions among `question_ids`;
    it never passes, so it counts toward no best score or pass. `attempt_submitted` is sent once
    it is saved: a signed-in learner's review cards follow its right and wrong answers.
    """
    token = parse_token(token)
    if token is None:
        raise InvalidAnswers({None: ["This form is not valid any more. Please reload the quiz."]})

    try:
        if answers is None:
            raise InvalidAnswers({})
        questions = _asked_questions(quiz, question_ids)
        if not questions:
            raise InvalidAnswers({None: ["This quiz has no questions yet."]})
        _check_answers(questions, answers)
    except InvalidAnswers:
        existing = _attempt_with_token(token)
        if existing is not None:
            return _same_quiz(existing, quiz)
        raise

    score = 0
    snapshots = []  # AttemptAnswer rows, their attempt_id set once it is saved
    roadmap_url = quiz.roadmap.get_absolute_url()
    for position, (question, offered) in enumerate(questions):
        chosen = set(answers[question.pk])
        right = {c.pk for c in offered if c.is_correct}
        is_correct = chosen == right
        score += is_correct
        question.quiz = quiz  # teaching_url() reads quiz.roadmap: no query
        snapshots.append(
            {
                "question_id": question.pk,
                "position": position,
                "question_text": question.text,
                "explanation": question.explanation,
                "kind": question.kind,
                "teaching_url": question.teaching_url(roadmap_url),
                "teaching_label": question.teaching_label()[:200],
                "choices": [
                    {
                        "id": c.pk,
                        "text": c.text,
                        "is_correct": c.is_correct,
                        "feedback": c.feedback,
                        "selected": c.pk in chosen,
                    }
                    for c in offered
                ],
                "is_correct": is_correct,
            }
        )

    total = len(questions)
    attempt = QuizAttempt(
        quiz=quiz,
        learner=learner if learner is not None and learner.is_authenticated else None,
        session_key=session_key or "",
        token=token,
        score=score,
        total=total,
        pass_mark=quiz.pass_mark,
        kind=kind,
    )
    attempt.passed = kind == QuizAttempt.Kind.QUIZ and attempt.percent >= quiz.pass_mark
    answers = (AttemptAnswer, "attempt", snapshots)  # with the attempt: one statement
    if not insert_unless_taken(attempt, unique="token", children=answers):  # an earlier submit
        return _same_quiz(QuizAttempt.objects.get(token=token), quiz)
    attempt_submitted.send(
        sender=QuizAttempt,
        attempt=attempt,
        results={s["question_id"]: s["is_correct"] for s in snapshots},
    )
    return attempt


def _asked_questions(quiz, question_ids=None):
    """[(question, its active choices)] the attempt answers: the quiz's active questions (those
    among `question_ids` when given), in order.

    A quiz read with `Quiz.objects.for_taking()` (the views) brings them with it, so a submit
    reads them once; otherwise two queries.
    """
    if hasattr(quiz, "active_questions"):
        wanted = None if question_ids is None else set(question_ids)
        return [
            (q, list(q.active_choices))
            for q in quiz.active_questions
            if wanted is None or q.pk in wanted
        ]
    asked = quiz.questions.active()
    if question_ids is not None:
        asked = asked.filter(pk__in=list(question_ids))
    choices = Prefetch("choices", queryset=Choice.objects.active(), to_attr="active_choices")
    return [(q, q.active_choices) for q in asked.select_related("step").prefetch_related(choices)]


def _attempt_with_token(token):
    return QuizAttempt.objects.filter(token=token).first()


def _same_quiz(attempt, quiz):
    if attempt.quiz_id != quiz.pk:
        raise FormOfAnotherQuiz()
    attempt.quiz = quiz  # the one in hand: no query for it
    return attempt


def _check_answers(questions, answers):
    """Raise InvalidAnswers unless `answers` answers exactly these questions with their choices."""
    errors = {}
    by_id = {q.pk: q for q, _ in questions}
    for question_id in answers:
        if question_id not in by_id:
            errors.setdefault(None, []).append("An answer came for a question not in this quiz.")
    for question, choices in questions:
        chosen = answers.get(question.pk)
        if not chosen:
            errors[question.pk] = [UNANSWERED]
            continue
        offered = {c.pk for c in choices}
        if not all(isinstance(c, int) and c in offered for c in chosen):
            errors[question.pk] = ["That is not one of this question's choices."]
        elif not question.is_multiple and len(chosen) != 1:
            errors[question.pk] = [ONE_ANSWER]
    if errors:
        raise InvalidAnswers(errors)


@transaction.atomic
def claim_visitor_attempts(*, learner, tokens) -> int:
    """Give `learner` the attempts a visitor made in this session (by token); return how many.

    Attempts that already belong to someone are left alone.
    """
    tokens = [t for t in (parse_token(v) for v in tokens) if t is not None]
    if not tokens or learner is None or not learner.is_authenticated:
        return 0
    claimed = QuizAttempt.objects.filter(token__in=tokens, learner__isnull=True).update(
        learner=learner
    )
    if claimed:
        learner_changed(learner.pk)
    return claimed


def questions_with_answers(question_ids):
    """The ids among `question_ids` that learners answered (their attempts point at them)."""
    return set(
        AttemptAnswer.objects.filter(question_id__in=question_ids)
        .values_list("question_id", flat=True)
        .distinct()
    )


@transaction.atomic
def delete_or_archive_questions(*, questions) -> tuple[list, list]:
    """Delete questions no learner answered; archive the others. Returns (deleted, archived)."""
    questions = list(questions)
    answered = questions_with_answers([q.pk for q in questions])
    archived = [q for q in questions if q.pk in answered]
    deleted = [q for q in questions if q.pk not in answered]
    if archived:
        Question.objects.filter(pk__in=[q.pk for q in archived]).update(is_archived=True)
        bump_content_version()
    for question in archived:
        question.is_archived = True
    for question in deleted:
        question.delete()
    return deleted, archived


@transaction.atomic
def delete_or_archive_choice(*, choice) -> bool:
    """Delete a choice, or archive it when its question was answered (attempts show it).

    Returns True when archived.
    """
    if AttemptAnswer.objects.filter(question_id=choice.question_id).exists():
        Choice.objects.filter(pk=choice.pk).update(is_archived=True)
        choice.is_archived = True
        bump_content_version()
        return True
    choice.delete()
    return False


@transaction.atomic
def set_archived(*, questions, archived) -> int:
    """Archive (or restore) questions; archived ones leave new attempts, reviews keep them."""
    changed = Question.objects.filter(
        Q(pk__in=[q.pk for q in questions]), ~Q(is_archived=archived)
    ).update(is_archived=archived)
    if changed:
        bump_content_version()
    return changed
