"""Quizzes built with factories, and helpers to take them like a browser does."""

import re

from django.urls import reverse

from quizzes.models import Question
from tests.factories import ChoiceFactory, QuestionFactory, QuizFactory, RoadmapFactory, StepFactory


def build_quiz(questions=3, *, multiple=(), choices=4, pass_mark=70, shuffle=False, roadmap=None):
    """A published quiz: question i has choices "Qi choice j"; single-answer questions have
    choice 0 right, multiple-answer ones (indexes in `multiple`) choices 0 and 1 right."""
    roadmap = roadmap or RoadmapFactory()
    step = StepFactory(roadmap=roadmap, slug="foundations", title="Learn Python and statistics")
    quiz = QuizFactory(roadmap=roadmap, pass_mark=pass_mark, shuffle_questions=shuffle)
    for i in range(questions):
        kind = Question.Kind.MULTIPLE if i in multiple else Question.Kind.SINGLE
        question = QuestionFactory(
            quiz=quiz,
            position=i,
            kind=kind,
            step=step,
            text=f"Question number {i}?",
            explanation=f"Explanation of question {i}.",
        )
        for j in range(choices):
            right = j == 0 or (kind == Question.Kind.MULTIPLE and j == 1)
            ChoiceFactory(
                question=question,
                position=j,
                text=f"Q{i} choice {j}",
                is_correct=right,
                feedback=f"Feedback for Q{i} choice {j}.",
            )
    return quiz


def take_url(quiz):
    return reverse("quizzes:take", kwargs={"slug": quiz.roadmap.slug})


def open_quiz(client, quiz):
    """GET the quiz page; return (response, token of its form)."""
    response = client.get(take_url(quiz))
    assert response.status_code == 200
    token = re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)
    return response, token


def form_data(client, token, answers):
    """POST data for `answers` ({question id: {choice ids}}), with the CSRF token of `client`."""
    data = {"token": token}
    csrf = client.cookies.get("csrftoken")
    if csrf is not None:
        data["csrfmiddlewaretoken"] = csrf.value
    for question_id, choice_ids in answers.items():
        data[f"question_{question_id}"] = [str(c) for c in choice_ids]
    return data


def submit(client, quiz, answers, token=None):
    """Open the quiz (unless a token is given) and submit `answers`; return the response."""
    if token is None:
        _, token = open_quiz(client, quiz)
    return client.post(take_url(quiz), form_data(client, token, answers))
