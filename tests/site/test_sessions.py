"""Sessions: Django's database store, its look-up's SQL built once (`roadmap_site.sessions`)."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roadmap_site.sessions import SessionStore

pytestmark = pytest.mark.django_db


def saved(data):
    store = SessionStore()
    store.update(data)
    store.save()
    return store.session_key


def test_a_session_reads_back_as_saved_in_one_query():
    key = saved({"a": 1, "name": "Ada"})
    with CaptureQueriesContext(connection) as queries:
        assert SessionStore(key).load() == {"a": 1, "name": "Ada"}
    assert len(queries) == 1
    assert DjangoStore(key).load() == SessionStore(key).load()  # the same as Django's own


def test_an_unknown_session_is_empty_and_not_resumed():
    store = SessionStore("no-such-session-key-0123456789ab")
    assert store.load() == {}
    assert store.session_key is None


def test_a_session_past_its_expiry_is_not_read(clock):
    key = saved({"a": 1})
    clock.shift(timedelta(days=400))  # past SESSION_COOKIE_AGE
    store = SessionStore(key)
    assert store.load() == {}
    assert store.session_key is None


def test_a_signed_in_learner_stays_signed_in(learner_client):
    response = learner_client.get(reverse("progress:dashboard"))
    assert response.status_code == 200  # not sent to log in
