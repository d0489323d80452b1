"""AddIndexConcurrently and RemoveIndexConcurrently: concurrently on Postgres (outside a
transaction only), plain elsewhere."""

import pytest
from django.apps import apps
from django.db import NotSupportedError, connection, models
from django.db.migrations.state import ProjectState

from accounts.operations import AddIndexConcurrently, RemoveIndexConcurrently
from quizzes.models import QuizAttempt

pytestmark = pytest.mark.django_db


def test_the_migrated_database_has_the_index():
    constraints = connection.introspection.get_constraints(
        connection.cursor(), QuizAttempt._meta.db_table
    )
    index = constraints["attempt_learner_newest"]
    assert index["index"] and index["columns"][:2] == ["learner_id", "submitted_at"]


@pytest.mark.parametrize(
    "operation",
    [
        AddIndexConcurrently(
            "quizattempt", models.Index(fields=["score"], name="attempt_score_test")
        ),
        RemoveIndexConcurrently("quizattempt", "attempt_learner_newest"),
    ],
    ids=["add", "remove"],
)
def test_on_postgres_it_refuses_to_run_inside_a_transaction(operation):
    if connection.vendor != "postgresql":
        pytest.skip("building and dropping concurrently are Postgres's")
    state = ProjectState.from_apps(apps)
    new_state = state.clone()
    operation.state_forwards("quizzes", new_state)
    # The test runs inside a transaction, as a migration without `atomic = False` would.
    with (
        pytest.raises(NotSupportedError, match=f"{type(operation).__name__}.*atomic = False"),
        connection.schema_editor(atomic=False) as editor,
    ):
        operation.database_forwards("quizzes", editor, state, new_state)


def _indexes():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, QuizAttempt._meta.db_table)
    return {name for name, facts in constraints.items() if facts["index"]}


@pytest.mark.django_db(transaction=True)
def test_an_index_added_and_removed_outside_a_transaction():
    index = models.Index(fields=["score"], name="attempt_score_test")
    adding = AddIndexConcurrently("quizattempt", index)
    removing = RemoveIndexConcurrently("quizattempt", "attempt_score_test")
    before = ProjectState.from_apps(apps)
    with_index = before.clone()
    adding.state_forwards("quizzes", with_index)
    without = with_index.clone()
    removing.state_forwards("quizzes", without)
    try:
        with connection.schema_editor(atomic=False) as editor:
            adding.database_forwards("quizzes", editor, before, with_index)
        assert "attempt_score_test" in _indexes()
        with connection.schema_editor(atomic=False) as editor:
            removing.database_forwards("quizzes", editor, with_index, without)
        assert "attempt_score_test" not in _indexes()
        with connection.schema_editor(atomic=False) as editor:
            removing.database_backwards("quizzes", editor, without, with_index)
        assert "attempt_score_test" in _indexes()
    finally:
        if "attempt_score_test" in _indexes():
            with connection.schema_editor(atomic=False) as editor:
                editor.remove_index(QuizAttempt, index)
