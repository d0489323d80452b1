"""Queries whose SQL is built once (and, on Postgres, prepared once per connection on the
server) give the rows the queryset gives, across rolled-back transactions and new connections."""

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.prepared import prepared_rows, prepared_rows_and_one, prepared_values
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _by_pk(*, user):
    return get_user_model().objects.filter(pk=user, is_active=True)


def _names(*, user):
    return get_user_model().objects.filter(pk=user).values_list("username")


def test_the_rows_are_the_querysets_with_each_calls_keys():
    ada, grace = UserFactory(username="ada"), UserFactory(username="grace")

    assert [u.username for u in prepared_rows("test-by-pk", _by_pk, user=ada.pk)] == ["ada"]
    assert [u.username for u in prepared_rows("test-by-pk", _by_pk, user=grace.pk)] == ["grace"]
    assert prepared_values("test-names", _names, user=grace.pk) == [("grace",)]
    assert prepared_rows("test-by-pk", _by_pk, user=grace.pk + 1000) == []


def _from(*, user, other):
    return get_user_model().objects.filter(pk__gte=user).exclude(pk=other).order_by("pk")


def _one(*, user, other):
    return get_user_model().objects.filter(pk=other).exclude(pk=user).order_by("pk")[:1]


@pytest.mark.parametrize("first_from, second", [(0, 1), (0, None), (None, 1), (None, None)])
def test_rows_and_one_are_the_two_querysets_whatever_is_empty(first_from, second):
    users = [UserFactory(username=name) for name in ("ada", "grace", "alan")]
    user = users[first_from].pk if first_from is not None else users[-1].pk + 100
    other = users[second].pk if second is not None else users[-1].pk + 100
    with CaptureQueriesContext(connection) as queries:
        rows, one = prepared_rows_and_one("test-pair", _from, _one, user=user, other=other)
    assert sorted(u.username for u in rows) == sorted(
        u.username for u in _from(user=user, other=other)
    )
    expected = _one(user=user, other=other).first()
    assert (one.username if one else None) == (expected.username if expected else None)
    if connection.vendor == "postgresql":
        assert len(queries) == 1


def test_a_rolled_back_transaction_and_a_new_connection_keep_it_working():
    ada = UserFactory(username="ada")
    with pytest.raises(DatabaseError), transaction.atomic():
        assert prepared_values("test-names", _names, user=ada.pk) == [("ada",)]
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")  # fails after the statement was made
    assert prepared_values("test-names", _names, user=ada.pk) == [("ada",)]

    connection.close()  # as after a restart of Postgres: the next connection prepares again
    assert prepared_values("test-names", _names, user=ada.pk) == [("ada",)]
    assert [u.username for u in prepared_rows("test-by-pk", _by_pk, user=ada.pk)] == ["ada"]


def test_a_statement_made_in_a_failed_transaction_is_made_again():
    ada = UserFactory(username="ada")
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")
        prepared_values("test-names-late", _names, user=ada.pk)  # refused: nothing is made
    assert prepared_values("test-names-late", _names, user=ada.pk) == [("ada",)]


def test_the_users_look_up_by_primary_key_is_the_querysets():
    ada = UserFactory(username="ada", display_name="Ada", time_zone="Europe/Paris")
    user_model = get_user_model()

    found = user_model.objects.get(pk=ada.pk)
    expected = user_model.objects.filter(pk=ada.pk).get()

    fields = [field.attname for field in user_model._meta.concrete_fields]
    assert [getattr(found, name) for name in fields] == [getattr(expected, name) for name in fields]
    assert found._state.db == "default" and not found._state.adding
    with pytest.raises(user_model.DoesNotExist):
        user_model.objects.get(pk=ada.pk + 1000)
    assert user_model.objects.get(pk=str(ada.pk)) == ada  # other forms: Django's own get
    assert user_model.objects.get(username="ada") == ada


def test_a_signed_in_learner_stays_signed_in(client):
    UserFactory(username="ada", password="a long pass phrase 42")
    assert client.login(username="ada", password="a long pass phrase 42")
    response = client.get("/dashboard/")
    assert response.status_code == 200 and response.wsgi_request.user.username == "ada"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared on the server: Postgres")
@pytest.mark.parametrize("on_server", [True, False])
def test_the_server_prepares_the_statement_unless_turned_off(settings, on_server):
    settings.DATABASE_PREPARED_STATEMENTS = on_server  # behind PgBouncer in transaction mode
    ada = UserFactory(username="ada")
    key = f"test-names-{on_server}"
    with CaptureQueriesContext(connection) as queries:
        assert prepared_values(key, _names, user=ada.pk) == [("ada",)]
    run = [query["sql"] for query in queries.captured_queries]
    assert any(sql.startswith("EXECUTE ") for sql in run) is on_server
    assert not any(sql.startswith("PREPARE ") for sql in run)  # set-up, counted by no one
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        on_the_server = {row[0] for row in cursor.fetchall()}
    assert (f"prepared_values_test_names_{on_server}".lower() in on_the_server) is on_server
