"""The quiz form page put together from kept pieces reads as the page rendered whole, for a
visitor and for a signed-in learner, in every reader's own order, and never when the request
has something of its own to show."""

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.cache import caches
from django.test import Client, RequestFactory

from quizzes import drafts, form_page
from quizzes.models import Quiz
from roadmap.content_cache import CONTENT_CACHE, content_version
from roadmap.minify import collapse_indentation
from tests.factories import UserFactory
from tests.quizzes.helpers import build_quiz, open_quiz, take_url
from tests.quizzes.test_take_page import set_seed, without_csrf

pytestmark = pytest.mark.django_db


def kept_frames():
    return [key for key in caches[CONTENT_CACHE]._cache if "quiz-page:" in key]


def page_text(response):
    return collapse_indentation(without_csrf(response.content.decode()))


def rendered_whole(client, quiz, monkeypatch):
    with monkeypatch.context() as patched:
        patched.setattr(form_page, "kept_page", lambda *args, **kwargs: None)
        return client.get(take_url(quiz))


@pytest.fixture
def learner_client():
    client = Client()
    client.force_login(UserFactory(username="ada.lovelace+quiz"))
    return client


@pytest.mark.parametrize("reader", ["visitor", "learner"])
@pytest.mark.parametrize("seed", [3, 11])
def test_the_kept_page_reads_as_the_page_rendered_whole(
    reader, seed, client, learner_client, monkeypatch
):
    client = learner_client if reader == "learner" else client
    quiz = build_quiz(5, multiple=(1, 4), shuffle=True)
    caches[CONTENT_CACHE].clear()
    open_quiz(client, quiz)  # rendered: the cards' pieces are kept now
    set_seed(client, quiz, seed)

    kept = client.get(take_url(quiz))
    whole = rendered_whole(client, quiz, monkeypatch)

    assert len(kept_frames()) == 1  # the second page came from the kept frame
    assert page_text(kept) == page_text(whole)
    html = kept.content.decode()
    assert html.count('name="csrfmiddlewaretoken"') == (2 if reader == "learner" else 1)
    assert "\x00" not in html
    if reader == "learner":
        assert 'Log out<span class="visually-hidden"> ada.lovelace+quiz</span>' in html
    else:
        assert "You can take it without an account" in html


def test_each_response_has_its_own_csrf_and_draft_tokens(client):
    """The kept frame is shared; the tokens in it are this response's, never the first's."""
    quiz = build_quiz(3)
    first, first_token = open_quiz(client, quiz)
    other = Client()
    open_quiz(other, quiz)
    _, other_token = open_quiz(other, quiz)

    assert other_token != first_token
    assert other.cookies["csrftoken"].value != client.cookies["csrftoken"].value
    page = other.get(take_url(quiz)).content.decode()
    assert f'value="{other_token}"' in page and first_token not in page


def test_signed_in_and_visitor_pages_are_kept_apart(client, learner_client):
    quiz = build_quiz(3)
    caches[CONTENT_CACHE].clear()
    for reader in (client, learner_client):
        open_quiz(reader, quiz)
        open_quiz(reader, quiz)

    assert len(kept_frames()) == 2
    visitor_page = client.get(take_url(quiz)).content.decode()
    learner_page = learner_client.get(take_url(quiz)).content.decode()
    assert "Log out" not in visitor_page and "Log out" in learner_page


def test_an_edit_to_the_quiz_shows_on_the_next_kept_page(client):
    quiz = build_quiz(3)
    open_quiz(client, quiz)
    open_quiz(client, quiz)
    quiz.title = "A title edited a moment ago"
    quiz.save()

    response, _ = open_quiz(client, quiz)

    assert "A title edited a moment ago" in response.content.decode()


def test_a_request_with_messages_waiting_gets_the_page_rendered_whole():
    quiz = build_quiz(3)
    taking = Quiz.objects.for_taking().get(pk=quiz.pk)
    questions = drafts.ordered_questions(taking, 1)
    request = RequestFactory().get(take_url(quiz))
    request.user = UserFactory()
    request.session = Client().session
    request.session["_messages"] = "[]"
    request._messages = FallbackStorage(request)
    version = content_version()

    def page():
        return form_page.kept_page(
            request, quiz=taking, questions=questions, token="t", version=version
        )

    assert page() is None
    del request.session["_messages"]
    assert page() is None  # the cards' pieces are not kept yet: rendered whole too
