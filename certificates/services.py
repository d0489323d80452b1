"""Certificates: who may have one, turning the public page on and off."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from progress.models import StepProgress, StepStatus
from quizzes.models import Quiz, QuizAttempt
from roadmap.learner_pages import learner_changed

from .models import Certificate, new_token


class NotEligible(Exception):
    """The learner has not finished the roadmap yet; the message says what is missing."""


@dataclass
class Eligibility:
    """Where a learner stands on a roadmap's certificate: the one home of the rule, read by
    sharing (`eligibility()`), the dashboard card and its template (`Eligibility.of()`)."""

    done: int
    total: int
    completed_at: datetime | None
    best: object  # the best QuizAttempt in the learner's history, or None
    has_quiz: bool = True

    @classmethod
    def of(cls, progress) -> "Eligibility":
        """From a progress.queries.RoadmapProgress with its best attempt (dashboard): no query."""
        return cls(
            done=progress.done,
            total=progress.total,
            completed_at=None,  # only sharing needs it, and reads it fresh
            best=progress.best_attempt,
        )

    @property
    def steps_done(self):
        return bool(self.total) and self.done == self.total

    @property
    def quiz_passed(self):
        return self.best is not None and self.best.passed

    @property
    def eligible(self):
        return self.steps_done and self.quiz_passed

    def missing(self):
        """What is left to do, in words."""
        left = []
        if not self.steps_done:
            left.append(f"mark every step done ({self.done} of {self.total} so far)")
        if not self.has_quiz:
            left.append("pass the knowledge check (this roadmap has none yet)")
        elif not self.quiz_passed:
            score = f" (best so far {self.best.percent}%)" if self.best else ""
            left.append(f"pass the knowledge check{score}")
        return " and ".join(left)


def eligibility(*, learner, roadmap) -> Eligibility:
    """Every active step done, and the best attempt at the roadmap's quiz (reset attempts left
    out) passed. Four queries."""

    total = roadmap.steps.active().count()
    done_rows = list(
        StepProgress.objects.for_learner(learner)
        .for_roadmap(roadmap)
        .on_site()
        .filter(status=StepStatus.DONE)
        .values_list("completed_at", flat=True)
    )
    quiz = Quiz.objects.of_roadmap(roadmap).first()
    best = QuizAttempt.objects.for_learner(learner).best_for(quiz) if quiz else None
    return Eligibility(
        done=len(done_rows),
        total=total,
        completed_at=max((t for t in done_rows if t is not None), default=None),
        best=best,
        has_quiz=quiz is not None,
    )


@transaction.atomic
def share_certificate(*, learner, roadmap, name) -> Certificate:
    """Turn on (or rename) the learner's public certificate for `roadmap`.

    Raises NotEligible unless every step is done and the knowledge check passed. Turning sharing
    on issues a fresh unguessable token; renaming a shared certificate keeps its address.
    """
    status = eligibility(learner=learner, roadmap=roadmap)
    if not status.eligible:
        raise NotEligible(f"To get a certificate, {status.missing()}.")
    certificate = (
        Certificate.objects.select_for_update().filter(learner=learner, roadmap=roadmap).first()
    )
    if certificate is None:
        certificate = Certificate(learner=learner, roadmap=roadmap)
    elif not certificate.is_shared:
        certificate.token = new_token()
    if not certificate.is_shared:
        certificate.shared_at = timezone.now()
    certificate.name = name
    certificate.is_shared = True
    certificate.completed_at = status.completed_at or timezone.now()
    certificate.best_percent = status.best.percent
    certificate.save()
    return certificate


@transaction.atomic
def stop_sharing(*, learner, roadmap) -> bool:
    """Take the learner's certificate page offline at once; True when it was shared."""
    stopped = Certificate.objects.filter(learner=learner, roadmap=roadmap, is_shared=True).update(
        is_shared=False, updated_at=timezone.now()
    )
    if stopped:
        learner_changed(learner.pk)
    return bool(stopped)
