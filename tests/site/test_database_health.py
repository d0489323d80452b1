"""A kept Postgres connection is checked before a request's first query without a round trip,
and one the server ended meanwhile (a restart, a terminated backend) is replaced, not used."""

import select

import psycopg2
import pytest
from django.db import connection

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the Postgres backend's check"),
    pytest.mark.django_db(transaction=True),
]


def _new_request():
    """What Django does between two requests to a kept connection (`close_old_connections`)."""
    connection.close_if_unusable_or_obsolete()
    assert not connection.health_check_done


def _first_query():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def test_an_idle_kept_connection_is_used_without_a_select_1(monkeypatch):
    pid = _first_query()
    checks = []
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append(1) or True)
    _new_request()
    assert _first_query() == pid
    assert checks == []  # nothing was waiting on the socket: no round trip to find that out


def test_a_connection_the_server_ended_is_replaced_before_the_first_query():
    pid = _first_query()
    params = connection.get_connection_params()
    with psycopg2.connect(**params) as admin, admin.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])  # as a restart of Postgres does
    admin.close()
    waiting = select.poll()
    waiting.register(connection.connection.fileno(), select.POLLIN)
    assert waiting.poll(5000)  # the server's last message has reached the socket
    _new_request()
    assert _first_query() != pid  # a new connection; the request's query succeeded on it
