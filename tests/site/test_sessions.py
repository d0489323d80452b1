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
    SessionStore(key).load()  # on Postgres, the first on a connection prepares the statement
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


def test_a_change_is_saved_in_one_statement_and_reads_back(clock):
    key = saved({"a": 1})
    model = DjangoStore.get_model_class()
    before = model.objects.get(session_key=key).expire_date
    store = SessionStore(key)
    store["a"] = 2
    store["drafts"] = {"7": {"token": "x", "seed": 3}}
    clock.shift(timedelta(hours=1))
    with CaptureQueriesContext(connection) as queries:
        store.save()

    assert [q["sql"].split()[0] for q in queries] == ["UPDATE"]  # no BEGIN, no COMMIT
    assert DjangoStore(key).load() == {"a": 2, "drafts": {"7": {"token": "x", "seed": 3}}}
    assert model.objects.get(session_key=key).expire_date > before + timedelta(minutes=59)


def test_a_session_deleted_meanwhile_is_not_saved_again():
    from django.contrib.sessions.backends.base import UpdateError

    key = saved({"a": 1})
    store = SessionStore(key)
    assert store["a"] == 1  # read (and held) by the request before the delete
    SessionStore(key).delete()
    store["a"] = 2

    with pytest.raises(UpdateError):  # Django's answer: the middleware says the session ended
        store.save()
    assert DjangoStore(key).load() == {}


def test_a_new_session_is_created_as_django_creates_it():
    store = SessionStore()
    store["a"] = 1
    store.save()
    assert DjangoStore(store.session_key).load() == {"a": 1}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared on the server: Postgres")
@pytest.mark.django_db(transaction=True)
def test_the_look_up_is_prepared_on_the_server_once_per_connection():
    key = saved({"a": 1})
    SessionStore(key).load()
    with CaptureQueriesContext(connection) as queries:
        SessionStore(key).load()
    assert queries[0]["sql"].startswith("EXECUTE prepared_session_lookup(")
    connection.close()  # as after a restart of Postgres: the new connection prepares it again
    assert SessionStore(key).load() == {"a": 1}
