"""A learner's attempts newest first (the verified-step check), built without locking writes.

Non-atomic: on Postgres the index is built with CREATE INDEX CONCURRENTLY, which cannot run in a
transaction, so a live site keeps accepting attempts during the build; on SQLite it is a plain
CREATE INDEX (accounts.operations.AddIndexConcurrently).
"""

from django.db import migrations, models

from accounts.operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("quizzes", "0004_attempt_reset_at"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="quizattempt",
            index=models.Index(
                condition=models.Q(("reset_at__isnull", True)),
                fields=["learner", "-submitted_at", "-id"],
                name="attempt_learner_newest",
            ),
        ),
    ]
