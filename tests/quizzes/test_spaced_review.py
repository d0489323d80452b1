"""Spaced review: missed questions come back on a Leitner schedule, in a short review quiz."""

import re
import uuid
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from progress.services import mark_step
from quizzes.models import Choice, Question, QuizAttempt, ReviewCard
from quizzes.review import SESSION_SALT, record_answers
from quizzes.services import submit_attempt
from tests.factories import UserFactory
from tests.helpers import right_answers, statements, wrong_answers
from tests.quizzes.helpers import submit

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)


def days(n):
    return DAY + timedelta(days=n)


def card_of(learner, question):
    card = ReviewCard.objects.get(learner=learner, question=question)
    return card.box, card.due_on


def review_url(quiz):
    return reverse("quizzes:review_quiz", kwargs={"slug": quiz.roadmap.slug})


def miss_all(learner, quiz, today=None):
    """Cards in box 1 for every question of `quiz`, due on `today` (default: the learner's)."""
    today = today or learner.local_today()
    record_answers(
        learner=learner,
        results=dict.fromkeys(quiz.questions.values_list("pk", flat=True), False),
        today=today - timedelta(days=1),
    )


def open_review(client, quiz):
    """GET the review quiz; return (html, form data with its token and signed session)."""
    response = client.get(review_url(quiz))
    assert response.status_code == 200
    html = response.content.decode()
    data = {
        "token": re.search(r'name="token" value="([^"]+)"', html).group(1),
        "review": re.search(r'name="review" value="([^"]+)"', html).group(1),
    }
    return html, data


def with_answers(data, answers):
    return data | {f"question_{q}": [str(c) for c in choices] for q, choices in answers.items()}


def asked_ids(html):
    return {int(pk) for pk in re.findall(r'name="question_(\d+)"', html)}


# The schedule, on fixed dates


def test_a_miss_makes_the_question_due_the_next_day(learner, quiz):
    question = quiz.questions.first()

    record_answers(learner=learner, results={question.pk: False}, today=DAY)

    assert card_of(learner, question) == (1, days(1))


def test_right_answers_when_due_bring_it_back_after_3_then_7_then_21_days(learner, quiz):
    question = quiz.questions.first()
    record_answers(learner=learner, results={question.pk: False}, today=DAY)

    record_answers(learner=learner, results={question.pk: True}, today=days(1))
    assert card_of(learner, question) == (2, days(1 + 3))
    record_answers(learner=learner, results={question.pk: True}, today=days(4))
    assert card_of(learner, question) == (3, days(4 + 7))
    record_answers(learner=learner, results={question.pk: True}, today=days(11))
    assert card_of(learner, question) == (4, days(11 + 21))
    record_answers(learner=learner, results={question.pk: True}, today=days(32))
    card = ReviewCard.objects.get(learner=learner, question=question)
    assert (card.box, card.due_on, card.is_graduated) == (5, None, True)


def test_a_late_review_counts_the_interval_from_the_day_it_is_answered(learner, quiz):
    question = quiz.questions.first()
    record_answers(learner=learner, results={question.pk: False}, today=DAY)

    record_answers(learner=learner, results={question.pk: True}, today=days(10))

    assert card_of(learner, question) == (2, days(13))


def test_a_miss_sends_the_card_back_to_one_day(learner, quiz):
    question = quiz.questions.first()
    record_answers(learner=learner, results={question.pk: False}, today=DAY)
    record_answers(learner=learner, results={question.pk: True}, today=days(1))
    record_answers(learner=learner, results={question.pk: True}, today=days(4))
    assert card_of(learner, question) == (3, days(11))

    record_answers(learner=learner, results={question.pk: False}, today=days(11))

    assert card_of(learner, question) == (1, days(12))


def test_a_graduated_question_missed_again_comes_back_the_next_day(learner, quiz):
    question = quiz.questions.first()
    ReviewCard.objects.create(
        learner=learner, question=question, box=5, due_on=None, last_reviewed_at=timezone.now()
    )

    record_answers(learner=learner, results={question.pk: True}, today=DAY)
    assert card_of(learner, question) == (5, None)
    record_answers(learner=learner, results={question.pk: False}, today=DAY)
    assert card_of(learner, question) == (1, days(1))


def test_a_right_answer_before_the_card_is_due_keeps_the_schedule(learner, quiz):
    """An immediate retake right after seeing the answer is not a spaced recall."""
    question = quiz.questions.first()
    record_answers(learner=learner, results={question.pk: False}, today=DAY)

    record_answers(learner=learner, results={question.pk: True}, today=DAY)

    assert card_of(learner, question) == (1, days(1))


def test_right_answers_to_questions_never_missed_make_no_card(learner, quiz):
    record_answers(learner=learner, results={q.pk: True for q in quiz.questions.all()}, today=DAY)

    assert not ReviewCard.objects.exists()


# Attempts feed the cards


def test_a_learners_attempt_gives_cards_to_the_questions_missed(learner, quiz):
    first, second, third = quiz.questions.all()
    answers = right_answers(quiz)
    answers[second.pk] = wrong_answers(quiz)[second.pk]

    submit_attempt(quiz=quiz, answers=answers, token=str(QuizAttempt().token), learner=learner)

    card = ReviewCard.objects.get()
    assert (card.learner, card.question) == (learner, second)
    assert (card.box, card.due_on) == (1, learner.local_today() + timedelta(days=1))


def test_a_right_answer_in_a_regular_attempt_advances_a_due_card(learner, quiz):
    miss_all(learner, quiz)  # due today
    today = learner.local_today()

    submit_attempt(
        quiz=quiz, answers=right_answers(quiz), token=str(QuizAttempt().token), learner=learner
    )

    assert {(c.box, c.due_on) for c in ReviewCard.objects.all()} == {(2, today + timedelta(3))}


def test_a_visitors_attempt_makes_no_card(client, quiz):
    submit(client, quiz, wrong_answers(quiz))

    assert QuizAttempt.objects.get().learner is None
    assert not ReviewCard.objects.exists()


def test_submitting_the_same_form_twice_moves_the_cards_once(csrf_client, learner, quiz):
    csrf_client.force_login(learner)
    miss_all(learner, quiz)
    html, data = open_review(csrf_client, quiz)
    data["csrfmiddlewaretoken"] = csrf_client.cookies["csrftoken"].value
    posted = with_answers(data, right_answers(quiz))

    first = csrf_client.post(review_url(quiz), posted)
    second = csrf_client.post(review_url(quiz), posted)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert QuizAttempt.objects.count() == 1
    assert {c.box for c in ReviewCard.objects.all()} == {2}


@pytest.mark.parametrize("size", [3, 30])
def test_updating_the_cards_takes_the_same_queries_whatever_the_questions(learner, make_quiz, size):
    quiz = make_quiz(size)
    questions = list(quiz.questions.all())
    half = {q.pk: False for q in questions[: size // 2]}
    record_answers(learner=learner, results=half, today=DAY)  # some cards exist, others do not
    results = {q.pk: i % 2 == 0 for i, q in enumerate(questions)}  # odd ones missed

    with CaptureQueriesContext(connection) as queries:
        record_answers(learner=learner, results=results, today=days(1))

    assert len(queries) == 2  # the cards (locked), one upsert of the changed and new ones
    new_misses = [q for i, q in enumerate(questions) if q.pk not in half and i % 2]
    assert new_misses
    assert ReviewCard.objects.count() == len(half) + len(new_misses)
    boxes = dict(ReviewCard.objects.values_list("question_id", "box"))
    assert boxes[questions[0].pk] == 2 and boxes[questions[1].pk] == 1


def test_the_locked_cards_are_the_learners_of_those_questions_only(quiz, learner):
    other = UserFactory()
    questions = list(quiz.questions.order_by("position"))
    missed = dict.fromkeys((q.pk for q in questions), False)
    record_answers(learner=learner, results=missed, today=DAY)
    record_answers(learner=other, results=missed, today=DAY)
    asked = [questions[0].pk, questions[-1].pk, 10**9]  # the last: no such question

    with CaptureQueriesContext(connection) as queries:
        cards = ReviewCard.locked_for(learner.pk, asked)

    assert sorted((c.learner_id, c.question_id) for c in cards) == sorted(
        (learner.pk, pk) for pk in asked[:2]
    )
    assert {(c.box, c.due_on) for c in cards} == {(1, days(1))}
    assert len(queries) == 1
    if connection.features.has_select_for_update:  # SQLite locks the whole database instead
        assert "FOR UPDATE" in statements(queries)[0]
    assert ReviewCard.locked_for(learner.pk, []) == []


# The dashboard


def test_the_dashboard_counts_the_questions_due_today(learner_client, learner, make_quiz):
    quiz, other = make_quiz(3), make_quiz(2)
    today = learner.local_today()
    miss_all(learner, quiz)
    miss_all(learner, other)
    later = other.questions.first()
    ReviewCard.objects.filter(question=later).update(due_on=today + timedelta(days=1))
    archived = quiz.questions.first()
    archived.is_archived = True
    archived.save()

    html = learner_client.get(reverse("progress:dashboard")).content.decode()

    assert "3 questions due for review" in html.replace("</strong>", "")
    assert 'href="/review/"' in html


def test_the_dashboard_says_nothing_when_nothing_is_due(learner_client, learner, quiz):
    record_answers(learner=learner, results={quiz.questions.first().pk: False})  # due tomorrow

    html = learner_client.get(reverse("progress:dashboard")).content.decode()

    assert "due for review" not in html


def test_due_today_is_in_the_learners_time_zone(learner, quiz, monkeypatch):
    """At noon UTC on 10 March it is already 11 March in Kiritimati (UTC+14)."""
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 3, 10, 12, tzinfo=UTC))
    ReviewCard.objects.create(
        learner=learner,
        question=quiz.questions.first(),
        due_on=date(2026, 3, 11),
        last_reviewed_at=datetime(2026, 3, 10, tzinfo=UTC),
    )
    url = reverse("progress:dashboard")
    client = Client()
    client.force_login(learner)

    assert "due for review" not in client.get(url).content.decode()
    learner.time_zone = "Pacific/Kiritimati"
    learner.save()
    assert "1 question due for review" in client.get(url).content.decode().replace("</strong>", "")


# The review pages


def test_review_pages_need_an_account(client, quiz):
    for url in (reverse("quizzes:due_reviews"), review_url(quiz)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_review_list_links_each_roadmap_with_questions_due(learner_client, learner, make_quiz):
    quiz, other, nothing_due = make_quiz(3), make_quiz(2), make_quiz(2)
    miss_all(learner, quiz)
    miss_all(learner, other)

    html = learner_client.get(reverse("quizzes:due_reviews")).content.decode()

    assert "5 questions due for review today" in html
    assert html.count("data-review-roadmap") == 2
    assert f'href="{review_url(quiz)}"' in html and f'href="{review_url(other)}"' in html
    assert review_url(nothing_due) not in html


def test_the_review_quiz_asks_only_the_due_questions_at_most_ten(
    learner_client, learner, make_quiz
):
    quiz = make_quiz(14)
    today = learner.local_today()
    miss_all(learner, quiz)
    not_due = quiz.questions.get(position=0)
    ReviewCard.objects.filter(question=not_due).update(due_on=today + timedelta(days=2))
    oldest = quiz.questions.get(position=13)
    ReviewCard.objects.filter(question=oldest).update(due_on=today - timedelta(days=5))

    html, _ = open_review(learner_client, quiz)

    asked = asked_ids(html)
    assert len(asked) == 10
    assert not_due.pk not in asked
    assert oldest.pk in asked  # most overdue first


def test_nothing_due_shows_a_message_and_no_form(learner_client, quiz):
    response = learner_client.get(review_url(quiz))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing from" in html and "is due for review today" in html
    assert "<form" not in html.split("</nav>")[-1]


def test_the_review_quiz_never_reveals_the_right_answers(
    learner_client, learner, quiz, monkeypatch
):
    """The page is the same whichever choices are right (same token, so the same order)."""
    token = uuid.uuid4()
    monkeypatch.setattr("quizzes.review.uuid", SimpleNamespace(uuid4=lambda: token))
    miss_all(learner, quiz)

    def page():
        html, data = open_review(learner_client, quiz)
        for value in [*data.values(), learner_client.cookies["csrftoken"].value]:
            html = html.replace(value, "")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    before = page()
    for choice in Choice.objects.filter(question__quiz=quiz):
        choice.is_correct = not choice.is_correct
        choice.save()

    assert page() == before
    assert "correct" not in before.lower()
    assert "Explanation of question" not in before


def test_a_review_is_scored_saved_as_a_review_and_moves_the_cards(csrf_client, learner, make_quiz):
    quiz = make_quiz(4)
    csrf_client.force_login(learner)
    submit(csrf_client, quiz, right_answers(quiz))  # the best score: 4 / 4
    missed = list(quiz.questions.all()[:2])
    record_answers(
        learner=learner,
        results={q.pk: False for q in missed},
        today=learner.local_today() - timedelta(days=1),
    )
    _, data = open_review(csrf_client, quiz)
    data["csrfmiddlewaretoken"] = csrf_client.cookies["csrftoken"].value
    answers = {q: c for q, c in right_answers(quiz).items() if q in {m.pk for m in missed}}
    answers[missed[1].pk] = wrong_answers(quiz)[missed[1].pk]

    response = csrf_client.post(review_url(quiz), with_answers(data, answers))

    attempt = QuizAttempt.objects.get(kind=QuizAttempt.Kind.REVIEW)
    assert response.status_code == 302 and response["Location"] == attempt.get_absolute_url()
    assert (attempt.learner, attempt.score, attempt.total, attempt.passed) == (learner, 1, 2, False)
    today = learner.local_today()
    assert card_of(learner, missed[0]) == (2, today + timedelta(days=3))
    assert card_of(learner, missed[1]) == (1, today + timedelta(days=1))
    result = csrf_client.get(response["Location"]).content.decode()
    assert "Your review result" in result and "1 / 2 (50%)" in result


def test_a_review_never_changes_the_best_score_or_the_pass(csrf_client, learner, make_quiz):
    quiz = make_quiz(4, pass_mark=70)
    csrf_client.force_login(learner)
    question = quiz.questions.first()
    answers = right_answers(quiz)
    answers[question.pk] = wrong_answers(quiz)[question.pk]
    submit(csrf_client, quiz, answers)  # 3 / 4, 75%: passed, and a card for the miss
    regular = QuizAttempt.objects.get()
    ReviewCard.objects.update(due_on=learner.local_today())
    _, data = open_review(csrf_client, quiz)
    data["csrfmiddlewaretoken"] = csrf_client.cookies["csrftoken"].value

    csrf_client.post(
        review_url(quiz), with_answers(data, {question.pk: right_answers(quiz)[question.pk]})
    )

    review = QuizAttempt.objects.get(kind=QuizAttempt.Kind.REVIEW)
    assert (review.score, review.total, review.percent, review.passed) == (1, 1, 100, False)
    assert QuizAttempt.objects.for_learner(learner).best_for(quiz) == regular
    history = csrf_client.get(reverse("quizzes:history", args=[quiz.roadmap.slug]))
    assert "3 / 4 (75%)" in history.content.decode()
    assert "1 / 1 (100%)" not in history.content.decode()
    mark_step(learner=learner, step=quiz.roadmap.steps.get(), status="in_progress")
    dashboard = csrf_client.get(reverse("progress:dashboard")).content.decode()
    assert "75% (3 of 4)" in dashboard and "100%" not in dashboard
    roadmap_page = csrf_client.get(quiz.roadmap.get_absolute_url()).content.decode()
    assert "3 / 4 (75%)" in roadmap_page


def test_a_forged_choice_id_is_rejected_and_nothing_saved(learner_client, learner, make_quiz):
    quiz, other = make_quiz(3), make_quiz(1)
    miss_all(learner, quiz)
    _, data = open_review(learner_client, quiz)
    answers = right_answers(quiz)
    first = quiz.questions.first()
    answers[first.pk] = {Choice.objects.filter(question__quiz=other).first().pk}

    response = learner_client.post(review_url(quiz), with_answers(data, answers))

    assert response.status_code == 200
    assert "not one of this question" in response.content.decode()
    assert not QuizAttempt.objects.exists()
    assert {c.box for c in ReviewCard.objects.all()} == {1}


def test_a_tampered_session_is_a_400_and_nothing_saved(learner_client, learner, make_quiz):
    quiz = make_quiz(3)
    miss_all(learner, quiz)
    not_due = Question.objects.create(quiz=quiz, text="Not due?", explanation="Because.")
    _, data = open_review(learner_client, quiz)
    payload = signing.loads(data["review"], salt=SESSION_SALT)
    answers = right_answers(quiz)

    forged = signing.dumps(payload | {"questions": [not_due.pk]}, salt="someone-elses-salt")
    edited = data["review"].replace(data["review"][-3:], "abc")
    for value in (forged, edited, ""):
        response = learner_client.post(
            review_url(quiz), with_answers(data | {"review": value}, answers)
        )
        assert response.status_code == 400

    assert not QuizAttempt.objects.exists()


def test_another_learners_review_form_is_refused(learner_client, learner, make_quiz):
    quiz = make_quiz(3)
    miss_all(learner, quiz)
    _, data = open_review(learner_client, quiz)
    intruder = UserFactory()
    miss_all(intruder, quiz)
    learner_client.force_login(intruder)

    response = learner_client.post(review_url(quiz), with_answers(data, right_answers(quiz)))

    assert response.status_code == 400
    assert not QuizAttempt.objects.exists()


def test_a_form_for_another_roadmaps_review_is_refused(learner_client, learner, make_quiz):
    quiz, other = make_quiz(3), make_quiz(3)
    miss_all(learner, quiz)
    miss_all(learner, other)
    _, data = open_review(learner_client, quiz)

    response = learner_client.post(review_url(other), with_answers(data, right_answers(quiz)))

    assert response.status_code == 400
    assert not QuizAttempt.objects.exists()


@pytest.mark.parametrize("due", [6, 60])
def test_the_review_page_runs_a_fixed_number_of_queries(
    learner_client, learner, make_quiz, django_assert_num_queries, due
):
    quiz = make_quiz(due, multiple=(1, 3))
    miss_all(learner, quiz)
    learner_client.get(review_url(quiz))  # the first visit stores the session

    # session with the user, due question ids, quiz + roadmap, questions + steps, choices
    with django_assert_num_queries(5):
        response = learner_client.get(review_url(quiz))
    assert len(asked_ids(response.content.decode())) == min(due, 10)
