"""AddIndexConcurrently: concurrently on Postgres (outside a transaction only), plain elsewhere."""

import pytest
from django.apps import apps
from django.db import NotSupportedError, connection, models
from django.db.migrations.state import ProjectState

from accounts.operations import AddIndexConcurrently
from quizzes.models import QuizAttempt

pytestmark = pytest.mark.django_db


def test_the_migrated_database_has_the_index():
    constraints = connection.introspection.get_constraints(
        connection.cursor(), QuizAttempt._meta.db_table
    )
    index = constraints["attempt_learner_newest"]
    assert index["index"] and index["columns"][:2] == ["learner_id", "submitted_at"]


def test_on_postgres_it_refuses_to_run_inside_a_transaction():
    if connection.vendor != "postgresql":
        pytest.skip("the concurrent build is Postgres's")
    operation = AddIndexConcurrently(
        "quizattempt", models.Index(fields=["score"], name="attempt_score_test")
    )
    state = ProjectState.from_apps(apps)
    new_state = state.clone()
    operation.state_forwards("quizzes", new_state)
    # The test runs inside a transaction, as a migration without `atomic = False` would.
    with (
        pytest.raises(NotSupportedError, match="atomic = False"),
        connection.schema_editor(atomic=False) as editor,
    ):
        operation.database_forwards("quizzes", editor, state, new_state)
