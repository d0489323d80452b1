"""Step progress without the (learner, updated_at) index, so a mark updates its row in place.

No query reads by it (a learner's last activity is the newest of their rows, read with them), and
it held `updated_at`, which every mark changes: each mark then wrote a new entry in all five of the
table's indexes instead of a HOT update. Non-atomic: on Postgres the index is dropped with DROP
INDEX CONCURRENTLY, so a live site keeps accepting marks (accounts.operations).
"""

from django.db import migrations

from accounts.operations import RemoveIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("progress", "0006_plan_hours_and_revisions"),
    ]

    operations = [
        RemoveIndexConcurrently(model_name="stepprogress", name="progress_st_learner_a0ea70_idx"),
    ]
