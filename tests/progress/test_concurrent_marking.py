"""Two requests marking the same step at once leave exactly one consistent row (Postgres)."""

import threading

import pytest
from django.db import connection, connections

from progress.models import StepProgress
from progress.services import mark_step
from tests.factories import StepFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_writes_leave_one_row():
    if connection.vendor != "postgresql":
        pytest.skip("Needs Postgres: SQLite serialises all writers, so there is no race to test.")
    learner = UserFactory()
    step = StepFactory()
    statuses = ["done", "in_progress"]
    errors = []

    for attempt in range(5):
        StepProgress.objects.all().delete()
        barrier = threading.Barrier(2)

        def write(status, barrier=barrier):
            try:
                barrier.wait(timeout=10)
                mark_step(learner=learner, step=step, status=status)
            except Exception as exc:  # reported below; a thread's exception is otherwise lost
                errors.append(exc)
            finally:
                connections.close_all()  # each thread had its own connection

        threads = [threading.Thread(target=write, args=(s,)) for s in statuses]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

        assert errors == [], f"attempt {attempt}: {errors!r}"
        rows = list(StepProgress.objects.filter(learner=learner, step=step))
        assert len(rows) == 1
        row = rows[0]
        assert row.status in statuses
        assert row.started_at is not None  # both statuses start the step
        assert (row.completed_at is not None) == (row.status == "done")
