"""Account-wide writes and reads: export everything a learner has, delete an account.

Each app says what it keeps about a learner in its `exports` module (accounts/learner_data.py);
accounts asks them all and knows none of them.
"""

from django.db import transaction
from django.utils import timezone

from . import learner_data, throttling
from .signals import account_deleting

EXPORT_FORMAT_VERSION = 1


def export_learner_data(*, learner) -> dict:
    """Everything the site keeps about a learner, as plain JSON-ready data.

    Account fields, then each app's part (progress with notes and evidence, plans, quiz attempts
    with the answers as they were asked, resets, certificates, the activity log, spaced-review
    cards). Runs a fixed number of queries whatever the amount of data.
    """
    data = {"format_version": EXPORT_FORMAT_VERSION, "exported_at": timezone.now()}
    return data | learner_data.export_parts(learner)


@transaction.atomic
def delete_account(*, learner) -> None:
    """Delete a learner's account and everything of theirs, and nothing else.

    `account_deleting` asks each app to delete its rows of the learner, the log-in failures
    recorded for the account go, then the user (admin log entries with it, by cascade); content
    they pointed at is untouched.
    """
    account_deleting.send(sender=type(learner), learner=learner)
    throttling.delete_failure_records(learner)
    learner.delete()
