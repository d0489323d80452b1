"""Signals accounts sends: later apps listen (in their `exports` modules); accounts calls none."""

from django.dispatch import Signal

# Sent inside the deletion's transaction, before the user row goes, with `learner`: each app
# deletes its rows of that learner.
account_deleting = Signal()
