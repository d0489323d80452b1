"""bench.explain: a query the site runs as a prepared statement is explained by its own SQL."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.explain import EXECUTE, PREPARE, describe, prepared_statements
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_executed_statement_is_named_by_the_sql_it_was_prepared_with():
    if connection.vendor != "postgresql":
        pytest.skip("statements are prepared on the server on Postgres only")
    user = UserFactory()
    with CaptureQueriesContext(connection) as captured:
        assert get_user_model().objects.get(pk=user.pk) == user
    statements = [query["sql"] for query in captured.captured_queries]
    # Prepared on this connection once (here, or by an earlier test), then executed by name.
    assert all(PREPARE.match(sql) or EXECUTE.match(sql) for sql in statements)
    executed = [EXECUTE.match(sql) for sql in statements if EXECUTE.match(sql)]
    assert executed
    text = prepared_statements()[executed[-1][1]]
    assert describe(text) == "SELECT accounts_user"
    assert text.lstrip().upper().startswith("SELECT")
