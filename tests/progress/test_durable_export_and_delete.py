"""Resets, reviewed changes and certificates are in the learner's export and go with the account."""

import pytest

from accounts.services import delete_account, export_learner_data
from certificates.models import Certificate
from certificates.services import share_certificate
from progress.models import ProgressReset, StepProgress, StepRevision
from progress.services import (
    mark_step,
    mark_step_reviewed,
    record_step_revision,
    reset_progress,
    reset_quiz_history,
)
from tests.helpers import answer, quiz_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(learner, other_learner, admin_user, roadmap, steps):
    quiz = quiz_for(roadmap)
    for who in (learner, other_learner):
        for step in steps:
            mark_step(learner=who, step=step, status="done")
        answer(quiz, who)
        share_certificate(learner=who, roadmap=roadmap, name=who.username)
    record_step_revision(
        step=steps[0], old_title="Old", old_summary="Old summary", changed_by=admin_user
    )
    mark_step_reviewed(learner=learner, step=steps[0])
    reset_quiz_history(learner=learner, roadmap=roadmap)
    reset_progress(learner=learner, roadmap=roadmap)


def test_the_export_holds_resets_reviews_and_certificates(learner, roadmap, data):
    exported = export_learner_data(learner=learner)

    assert [(r["kind"], r["roadmap"]) for r in exported["resets"]] == [
        ("quiz", roadmap.slug),
        ("progress", roadmap.slug),
    ]
    progress_reset = exported["resets"][1]
    assert progress_reset["summary"] == "6 step statuses (6 done, 0 in progress, 0 skipped)"
    assert {entry["status"] for entry in progress_reset["snapshot"]} == {"done"}
    assert exported["progress"][0]["changes_reviewed_at"] is not None
    assert [a["reset_at"] is not None for a in exported["quiz_attempts"]] == [True]
    [certificate] = exported["certificates"]
    assert certificate["name"] == "ada" and certificate["is_shared"]
    assert certificate["address"].startswith("/certificates/")


def test_deleting_the_account_removes_them_and_nothing_else(
    learner, other_learner, admin_user, data
):
    delete_account(learner=learner)

    assert not ProgressReset.objects.filter(learner_id=learner.pk).exists()
    assert not Certificate.objects.filter(learner_id=learner.pk).exists()
    assert not StepProgress.objects.filter(learner_id=learner.pk).exists()
    assert Certificate.objects.filter(learner=other_learner, is_shared=True).count() == 1
    assert StepProgress.objects.filter(learner=other_learner).count() == 6
    assert StepRevision.objects.get().changed_by == admin_user  # content history stays
