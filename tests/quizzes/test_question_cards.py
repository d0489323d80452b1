"""The quiz form's question cards are kept per content version: edits show at once, and every
reader gets their own order and numbering with the right question behind each field."""

import re

import pytest
from django.core.cache import caches
from django.template import Context, Template
from django.test import Client

from quizzes import drafts
from quizzes.forms import QuizForm
from quizzes.models import Choice, Quiz
from roadmap.content_cache import CONTENT_CACHE, PIECES_CACHE, content_version
from tests.quizzes.helpers import build_quiz, open_quiz, take_url
from tests.quizzes.test_take_page import set_seed

pytestmark = pytest.mark.django_db

CARD = re.compile(
    r'<legend class="form-label requiredField fs-6">(\d+)\. (.*?)<span.*?</legend>(.*?)</fieldset>',
    re.S,
)


def cards(html):
    """[(number, question text, field name, [(choice id, label)])] in page order."""
    found = []
    for number, text, body in CARD.findall(html):
        names = set(re.findall(r'name="(question_\d+)"', body))
        assert len(names) == 1, names
        choices = re.findall(
            r'value="(\d+)" id="[^"]+"[^>]*>\s*'
            r'<label for="[^"]+" class="form-check-label">(.*?)</label>',
            body,
        )
        found.append((int(number), text, names.pop(), [(int(i), label) for i, label in choices]))
    return found


def test_an_edit_to_a_question_or_a_choice_shows_on_the_next_page(client, quiz):
    question = quiz.questions.first()
    choice = question.choices.first()
    open_quiz(client, quiz)  # the cards are kept now
    question.text = "A question edited a moment ago?"
    question.save()
    choice.text = "A choice edited a moment ago"
    choice.save()

    html = client.get(take_url(quiz)).content.decode()

    assert "A question edited a moment ago?" in html
    assert "A choice edited a moment ago" in html


@pytest.mark.parametrize("seeds", [(1, 2), (7, 7)])
def test_each_reader_gets_their_order_with_the_right_question_behind_each_field(seeds):
    quiz = build_quiz(6, multiple=(2,), shuffle=True)
    questions = {f"question_{q.pk}": q for q in quiz.questions.all()}
    labels = dict(Choice.objects.filter(question__quiz=quiz).values_list("pk", "text"))
    pages = []
    for seed in seeds:
        reader = Client()
        open_quiz(reader, quiz)
        set_seed(reader, quiz, seed)
        pages.append(cards(reader.get(take_url(quiz)).content.decode()))

    for page in pages:
        assert [number for number, *_ in page] == list(range(1, 7))
        for _, text, name, choices in page:
            question = questions[name]
            assert text == question.text
            assert sorted(i for i, _ in choices) == sorted(c.pk for c in question.choices.all())
            assert all(labels[i] == label for i, label in choices)
    orders = [[(name, [i for i, _ in choices]) for _, _, name, choices in p] for p in pages]
    assert (orders[0] == orders[1]) == (seeds[0] == seeds[1])


def test_the_cards_are_kept_apart_from_the_pages_content(client, quiz):
    """Many small cards (a question at each number in each order) must never push the
    roadmap pages' content out of its store."""
    caches[PIECES_CACHE].clear()  # the process's: earlier tests' cards are there too
    open_quiz(client, quiz)

    def card_keys(alias):
        return [key for key in caches[alias]._cache if "quiz-card:" in key]

    assert len(card_keys(PIECES_CACHE)) == quiz.questions.count()
    assert card_keys(CONTENT_CACHE) == []


def test_a_card_is_kept_once_whatever_its_number():
    """A question keeps one card per order of its choices: at another number it is the same
    card with that number in it, so the store holds cards per question, not per place too."""
    quiz = build_quiz(6, choices=1, shuffle=True)  # one choice: a question has a single order
    caches[PIECES_CACHE].clear()
    pages = []
    for seed in (1, 2):
        reader = Client()
        open_quiz(reader, quiz)
        set_seed(reader, quiz, seed)
        pages.append(cards(reader.get(take_url(quiz)).content.decode()))

    orders = [[name for _, _, name, _ in page] for page in pages]
    assert orders[0] != orders[1]  # the questions sit at other numbers for the second reader
    for page in pages:
        assert [number for number, *_ in page] == list(range(1, 7))
    texts = {name: text for page in pages for _, text, name, _ in page}
    assert texts == {f"question_{q.pk}": q.text for q in quiz.questions.all()}
    kept = [key for key in caches[PIECES_CACHE]._cache if "quiz-card:" in key]
    assert len(kept) == 6


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_card_put_together_from_its_pieces_is_the_card_rendered_whole(seed):
    quiz = build_quiz(5, multiple=(1, 3), choices=4, shuffle=True)
    caches[PIECES_CACHE].clear()
    template = Template(
        "{% load quiz_tags %}{% for number, question, field in form.question_fields %}"
        "{% question_card question field number content_version %}{% endfor %}"
    )

    def cards_html(version):
        taking = Quiz.objects.for_taking().get(pk=quiz.pk)
        form = QuizForm(questions=drafts.ordered_questions(taking, seed))
        return template.render(Context({"form": form, "content_version": version}))

    cards_html(content_version())  # the pieces are kept now: every choice at every place
    from_pieces = cards_html(content_version())
    rendered = cards_html(None)  # nothing kept: rendered

    assert from_pieces == rendered
    assert 'type="checkbox"' in rendered and 'type="radio"' in rendered


def test_a_page_that_does_not_say_its_content_version_keeps_no_cards():
    """Cards kept under no version would outlive every edit: without one they are rendered."""
    quiz = build_quiz(3)
    caches[PIECES_CACHE].clear()
    template = Template(
        "{% load quiz_tags %}{% for number, question, field in form.question_fields %}"
        "{% question_card question field number content_version %}{% endfor %}"
    )
    taking = Quiz.objects.for_taking().get(pk=quiz.pk)
    form = QuizForm(questions=drafts.ordered_questions(taking, 1))

    html = template.render(Context({"form": form}))  # no content_version in the page

    assert html.count("data-quiz-question") == 3
    assert [key for key in caches[PIECES_CACHE]._cache if "quiz-card:" in key] == []
