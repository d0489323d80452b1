"""Fixtures of the quizzes tests: quizzes built with factories."""

import pytest

from tests.quizzes.helpers import build_quiz


@pytest.fixture
def make_quiz(db):
    return build_quiz


@pytest.fixture
def quiz(db):
    """Three questions; the last one is "select all that apply"."""
    return build_quiz(3, multiple=(2,))
