"""Sessions: Django's database store over `accounts.LearnerSession`, whose look-up reads the
signed-in learner too, with its SQL built once (`roadmap_site.sessions`)."""

import importlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends import db
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import LearnerSession
from roadmap_site.sessions import SessionStore
from tests.helpers import PASSWORD, statements

pytestmark = pytest.mark.django_db


class DjangoStore(db.SessionStore):
    """Django's own database store, over the same table."""

    key_salt = "django.contrib.sessions.SessionStore"  # the salt follows the class's name

    @classmethod
    def get_model_class(cls):
        return LearnerSession


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

    assert [sql.split()[0] for sql in statements(queries)] == ["UPDATE"]  # no BEGIN, COMMIT
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
    assert queries[0]["sql"].startswith("EXECUTE prepared_session_with_learner(")
    connection.close()  # as after a restart of Postgres: the new connection prepares it again
    assert SessionStore(key).load() == {"a": 1}


def _signed_in_client(learner):
    client = Client()
    assert client.login(username=learner.username, password=PASSWORD)
    return client


def test_a_signed_in_request_reads_its_session_and_learner_in_one_query(learner):
    client = _signed_in_client(learner)
    url = reverse("progress:dashboard")
    client.get(url)  # built and kept (roadmap.learner_pages): nothing else to read after this
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200 and response.wsgi_request.user == learner
    assert len(queries) == 1
    assert LearnerSession.objects.get(session_key=client.session.session_key).learner == learner


def test_the_learner_read_with_the_session_is_checked_as_django_checks(learner):
    url = reverse("progress:dashboard")
    client = _signed_in_client(learner)
    learner.set_password("another long pass phrase 43")  # changed elsewhere: signed out here
    learner.save()
    assert client.get(url).status_code == 302

    learner.set_password(PASSWORD)
    learner.save()
    client = _signed_in_client(learner)
    get_user_model().objects.filter(pk=learner.pk).update(is_active=False)
    assert client.get(url).status_code == 302


def test_a_log_out_ends_the_session_and_deleting_a_learner_deletes_theirs(learner):
    client = _signed_in_client(learner)
    key = client.session.session_key
    client.post(reverse("accounts:logout"))
    assert not LearnerSession.objects.filter(session_key=key).exists()

    _signed_in_client(learner)
    assert LearnerSession.objects.filter(learner=learner).count() == 1
    learner.delete()
    assert not LearnerSession.objects.exists()


def test_a_visitors_session_names_no_learner_and_reads_back(client, ml_roadmap):
    step = ml_roadmap.steps.order_by("position").first()
    client.post(
        reverse("progress:mark_step", args=[ml_roadmap.slug, step.slug]), {"status": "done"}
    )
    session = LearnerSession.objects.get(session_key=client.session.session_key)
    assert session.learner is None
    assert "done" in client.get(ml_roadmap.get_absolute_url()).content.decode()


def test_the_migration_copies_every_unexpired_session_with_its_learner(learner, clock):
    from django.contrib.sessions.models import Session

    def django_session(data, **expiry):
        store = db.SessionStore()  # Django's own, on its table, as before the migration
        store.update(data)
        store.set_expiry(timedelta(**expiry))
        store.save()
        return store.session_key

    signed_in = django_session({"_auth_user_id": str(learner.pk), "theme": "dark"}, days=3)
    visitor = django_session({"visitor_marks": {"4": "done"}}, days=3)
    gone = django_session({"_auth_user_id": "999999"}, days=3)  # a learner since deleted
    expired = django_session({"a": 1}, seconds=1)
    clock.shift(timedelta(minutes=1))
    migration = importlib.import_module("accounts.migrations.0003_learnersession")
    migration.copy_sessions(apps, SimpleNamespace(connection=connection))  # its schema editor

    copied = {s.session_key: s for s in LearnerSession.objects.all()}
    assert set(copied) == {signed_in, visitor, gone} and expired not in copied
    assert copied[signed_in].learner_id == learner.pk
    assert copied[visitor].learner_id is None and copied[gone].learner_id is None
    for key in (signed_in, visitor):
        original = Session.objects.get(session_key=key)
        assert copied[key].session_data == original.session_data
        assert SessionStore(key).load() == db.SessionStore(key).load()
