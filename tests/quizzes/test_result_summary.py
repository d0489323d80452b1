"""The result page starts with a summary that says what to do next, and can show mistakes only."""

import html as html_lib
import re

import pytest
from django.urls import reverse

from progress.services import mark_step
from quizzes.models import QuizAttempt
from quizzes.results import right_answers_to_pass
from tests.helpers import right_answers, wrong_answers
from tests.quizzes.helpers import submit

pytestmark = pytest.mark.django_db


def result_page(client, quiz, answers, query=""):
    response = submit(client, quiz, answers)
    assert response.status_code == 302
    page = client.get(response["Location"] + query)
    assert page.status_code == 200
    return html_lib.unescape(page.content.decode())


def readable(page):
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def mixed(quiz, wrong_count):
    answers, wrong = right_answers(quiz), wrong_answers(quiz)
    for question_id in list(answers)[:wrong_count]:
        answers[question_id] = wrong[question_id]
    return answers


@pytest.mark.parametrize(
    ("total", "pass_mark", "needed"), [(10, 70, 7), (17, 70, 12), (3, 70, 3), (8, 50, 4), (9, 0, 0)]
)
def test_the_right_answers_a_pass_needs_match_the_rounded_down_percent(total, pass_mark, needed):
    assert right_answers_to_pass(total=total, pass_mark=pass_mark) == needed
    assert needed * 100 // total >= pass_mark
    assert needed == 0 or (needed - 1) * 100 // total < pass_mark


def test_one_more_right_answer_and_you_would_have_passed(client, make_quiz):
    quiz = make_quiz(10, pass_mark=70)
    text = readable(result_page(client, quiz, mixed(quiz, 4)))
    assert "6 / 10 (60%)" in text
    assert "The pass mark is 70%: one more right answer and you would have passed." in text
    text = readable(result_page(client, quiz, mixed(quiz, 6)))
    assert "3 more right answers and you would have passed." in text


def test_the_summary_links_what_to_study_and_mistakes_can_be_shown_alone(client, make_quiz):
    quiz = make_quiz(5, pass_mark=70)
    page = result_page(client, quiz, mixed(quiz, 2))
    assert "Study next" in page
    step = quiz.roadmap.steps.get()
    assert f'href="{step.get_absolute_url()}"' in page
    assert page.count(">Correct</span>") == 3 and page.count(">Incorrect</span>") == 2
    assert "Show mistakes only (2)" in page
    assert page.count('class="chosen chosen-wrong"') == 2
    assert page.count('class="chosen chosen-right"') == 3
    assert "Retake the quiz" in page.split("Question by question")[1]  # at the end too

    attempt = QuizAttempt.objects.latest("submitted_at")
    only = html_lib.unescape(
        client.get(attempt.get_absolute_url() + "?show=mistakes").content.decode()
    )
    assert only.count(">Incorrect</span>") == 2 and ">Correct</span>" not in only
    assert "Showing your 2 mistakes" in only and "Show every question" in only


def test_a_learner_is_told_when_the_missed_questions_come_back(learner_client, make_quiz):
    quiz = make_quiz(6, pass_mark=70)
    text = readable(result_page(learner_client, quiz, mixed(quiz, 4)))
    assert "4 questions you missed come back for review tomorrow" in text

    due = readable(learner_client.get(reverse("quizzes:due_reviews")).content.decode())
    assert "Nothing is due for review today. 4 questions come back tomorrow." in due


def test_a_pass_says_what_it_unlocked(learner_client, learner, make_quiz):
    quiz = make_quiz(3, pass_mark=70)
    text = readable(result_page(learner_client, quiz, right_answers(quiz)))
    assert "Passed: the knowledge check counts toward your certificate." in text
    assert "mark every step done (0 of 1 so far)" in text

    mark_step(learner=learner, step=quiz.roadmap.steps.get(), status="done")
    page = result_page(learner_client, quiz, right_answers(quiz))
    assert "You unlocked your certificate." in page
    assert f'action="{reverse("certificates:share", args=[quiz.roadmap.slug])}"' in page
    assert "Claim your certificate" in page


def test_a_visitors_pass_shows_no_certificate_part(client, make_quiz):
    quiz = make_quiz(3, pass_mark=70)
    page = result_page(client, quiz, right_answers(quiz))
    assert "data-unlocked" not in page and "Sign up to keep this result" in page
