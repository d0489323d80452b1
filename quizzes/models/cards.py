"""Spaced-review cards: the questions a learner missed, in Leitner boxes (quizzes/review.py)."""

import functools
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models

from accounts.prepared import RowInstances, prepared_statement
from accounts.querysets import LearnerQuerySet

from .content import Question, published_quiz

REVIEW_INTERVALS = (1, 3, 7, 21)  # days before a card comes back, by box (1 to 4)
GRADUATED_BOX = len(REVIEW_INTERVALS) + 1  # right at the last interval: the card retires


class ReviewCardQuerySet(LearnerQuerySet):
    def due(self, learner, today):
        """`learner`'s cards due on or before `today`, of active questions of published quizzes."""
        return self.filter(
            published_quiz("question__quiz__"),
            learner=learner,
            due_on__lte=today,
            question__is_archived=False,
        )

    def due_by_roadmap(self, learner, today):
        """The learner's questions due on `today`, counted by roadmap, in one query."""
        rows = (
            self.due(learner, today)
            .values(
                slug=models.F("question__quiz__roadmap__slug"),
                title=models.F("question__quiz__roadmap__title"),
                position=models.F("question__quiz__roadmap__position"),
            )
            .annotate(count=models.Count("id"))
            .order_by("position", "title")
        )
        return DueReviews(
            roadmaps=[{key: row[key] for key in ("slug", "title", "count")} for row in rows]
        )

    def coming(self, learner, today, *, questions=None):
        """The next day after `today` when some of the learner's questions come back, and how
        many: (date, count), or None. One query. `questions` narrows it to those question ids."""
        cards = self.filter(
            published_quiz("question__quiz__"),
            learner=learner,
            due_on__gt=today,
            question__is_archived=False,
        )
        if questions is not None:
            cards = cards.filter(question_id__in=questions)
        row = cards.values("due_on").annotate(count=models.Count("id")).order_by("due_on").first()
        return (row["due_on"], row["count"]) if row else None


@dataclass
class DueReviews:
    """What the dashboard and the review page show: [{"slug", "title", "count"}] per roadmap."""

    roadmaps: list

    @property
    def total(self):
        return sum(row["count"] for row in self.roadmaps)


class ReviewCard(models.Model):
    """A question a learner once missed, scheduled for spaced review (a Leitner box).

    Box 1 comes back after 1 day, box 2 after 3, box 3 after 7, box 4 after 21; a right answer
    when due moves the card up a box, a miss sends it back to box 1. Right at box 4, the card
    graduates (box 5, no due date) until the learner misses the question again.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_cards"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="review_cards")
    box = models.PositiveSmallIntegerField(default=1)
    due_on = models.DateField(null=True, blank=True, help_text="Empty once graduated.")
    last_reviewed_at = models.DateTimeField()

    objects = ReviewCardQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "question"], name="one_review_card_per_question"
            )
        ]
        indexes = [models.Index(fields=["learner", "due_on"])]

    def __str__(self):
        return f"{self.learner} · {self.question} · box {self.box}"

    @classmethod
    def locked_for(cls, learner_id, question_ids) -> list:
        """The learner's cards of `question_ids`, locked until the transaction ends: as
        `select_for_update().filter(learner_id=…, question_id__in=…)`, and on Postgres one
        statement whatever the number of questions (an array), its SQL built once per process
        and prepared on the server. Every quiz submit of a learner reads them."""
        connection = connections[DEFAULT_DB_ALIAS]
        if connection.vendor != "postgresql":
            cards = cls.objects.select_for_update().filter(
                learner_id=learner_id, question_id__in=question_ids
            )
            return list(cards)
        sql, instances = _locked_cards()
        statement = prepared_statement("review_cards_locked", sql, 2)
        with connection.cursor() as cursor:
            cursor.execute(statement, [learner_id, list(question_ids)])
            return instances(cursor.fetchall())

    @property
    def is_graduated(self):
        return self.due_on is None


@functools.cache
def _locked_cards():
    """(SQL, RowInstances) of `ReviewCard.locked_for` on Postgres, built once per process."""
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    meta = ReviewCard._meta
    columns = [field.column for field in meta.concrete_fields]
    sql = (
        f"SELECT {', '.join(quote(column) for column in columns)} FROM {quote(meta.db_table)} "
        f"WHERE {quote(meta.get_field('learner').column)} = %s "
        f"AND {quote(meta.get_field('question').column)} = ANY(%s::bigint[]) FOR UPDATE"
    )
    return sql, RowInstances(ReviewCard, columns)
