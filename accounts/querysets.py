"""What every app's learner-owned rows share: one definition of "this learner's rows"."""

from django.db import models


class LearnerQuerySet(models.QuerySet):
    """A queryset of rows with a `learner` foreign key to the user."""

    def for_learner(self, learner):
        return self.filter(learner=learner)
