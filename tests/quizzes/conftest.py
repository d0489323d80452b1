"""Fixtures of the quizzes tests: quizzes built with factories."""

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.quizzes.helpers import build_quiz


@pytest.fixture
def make_quiz(db):
    return build_quiz


@pytest.fixture
def quiz(db):
    """Three questions; the last one is "select all that apply"."""
    return build_quiz(3, multiple=(2,))


@pytest.fixture
def editor_client(db):
    """A client signed in as a content editor (staff, superuser) for the admin's quiz pages."""
    client = Client()
    client.force_login(UserFactory(username="editor", is_staff=True, is_superuser=True))
    return client
