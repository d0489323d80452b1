"""A learner resets a roadmap's progress or quiz history, and can undo it for a day."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from progress.models import EvidenceLink, ProgressReset, StepProgress
from progress.services import (
    UndoRefused,
    add_evidence_link,
    mark_step,
    reset_progress,
    reset_quiz_history,
    save_step_note,
    undo_reset,
)
from quizzes.models import QuizAttempt
from tests.helpers import answer, post_with_token, quiz_for, readable_text, rows_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def marked(learner, steps):
    """Two done, one in progress, one skipped, two untouched; a note and a link on step 1."""
    for step, status in zip(steps, ["done", "done", "in_progress", "skipped"], strict=False):
        mark_step(learner=learner, step=step, status=status)
    save_step_note(learner=learner, step=steps[0], note="My notes on step 1")
    add_evidence_link(learner=learner, step=steps[0], url="https://example.com/repo")
    save_step_note(learner=learner, step=steps[5], note="A note on an untouched step")
    return steps


def reset_url(roadmap):
    return reverse("progress:reset_progress", args=[roadmap.slug])


def quiz_reset_url(roadmap):
    return reverse("progress:reset_quiz", args=[roadmap.slug])


def test_the_roadmap_page_links_to_the_reset(learner_client, roadmap, client):
    url = reset_url(roadmap)
    assert f'href="{url}"' in learner_client.get(roadmap.get_absolute_url()).content.decode()
    assert url not in client.get(roadmap.get_absolute_url()).content.decode()  # visitors


def test_the_confirmation_says_exactly_what_goes(learner_client, roadmap, marked):
    text = readable_text(learner_client.get(reset_url(roadmap)))
    assert (
        "4 step statuses (2 done, 1 in progress, 1 skipped) will go back to “not started”; "
        "your notes and evidence are kept." in text
    )
    assert StepProgress.objects.exclude(status="not_started").count() == 4  # GET changes nothing


def test_reset_then_undo_restores_the_exact_rows(
    signed_in_csrf_client, learner, other_learner, roadmap, marked
):
    mark_step(learner=other_learner, step=marked[0], status="done")
    before = rows_of(learner)
    others_before = rows_of(other_learner)

    response = post_with_token(signed_in_csrf_client, reset_url(roadmap), reset_url(roadmap))
    reset = ProgressReset.objects.get(learner=learner)
    assert response.status_code == 302
    assert response["Location"] == reverse("progress:reset_done", args=[reset.pk])

    after_reset = rows_of(learner)
    assert {row["status"] for row in after_reset.values()} == {"not_started"}
    assert all(
        row["started_at"] is None and row["completed_at"] is None for row in after_reset.values()
    )
    assert [row["note"] for row in after_reset.values()] == [row["note"] for row in before.values()]
    assert EvidenceLink.objects.filter(progress__learner=learner).count() == 1
    assert rows_of(other_learner) == others_before

    page = signed_in_csrf_client.get(response["Location"])
    text = readable_text(page)
    assert "Reset: 4 step statuses (2 done, 1 in progress, 1 skipped)." in text
    assert "Undo" in text

    undo_url = reverse("progress:undo_reset", args=[reset.pk])
    response = post_with_token(signed_in_csrf_client, response["Location"], undo_url)
    assert response.status_code == 302
    assert rows_of(learner) == before  # every column of every row, dates to the microsecond
    assert rows_of(other_learner) == others_before
    reset.refresh_from_db()
    assert reset.undone_at is not None
    message = readable_text(signed_in_csrf_client.get(response["Location"]))
    assert "Undone: 4 step statuses (2 done, 1 in progress, 1 skipped) are back." in message


def test_undo_restores_the_snapshot_over_statuses_changed_since(learner, roadmap, marked):
    before = rows_of(learner)
    reset = reset_progress(learner=learner, roadmap=roadmap)
    mark_step(learner=learner, step=marked[2], status="done")  # changed after the reset
    undo_reset(reset=reset)
    restored = rows_of(learner)
    assert restored == before


def test_undo_after_25_hours_is_refused_with_a_clear_message(
    signed_in_csrf_client, learner, roadmap, marked
):
    reset = reset_progress(learner=learner, roadmap=roadmap)
    ProgressReset.objects.filter(pk=reset.pk).update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    reset_rows = rows_of(learner)
    done_url = reverse("progress:reset_done", args=[reset.pk])

    assert "can no longer be undone" in readable_text(signed_in_csrf_client.get(done_url))
    response = post_with_token(
        signed_in_csrf_client,
        done_url,
        reverse("progress:undo_reset", args=[reset.pk]),
        follow=True,
    )
    assert (
        "This reset was made more than 24 hours ago, so it can no longer be undone."
        in readable_text(response)
    )
    assert rows_of(learner) == reset_rows
    assert ProgressReset.objects.get(pk=reset.pk).undone_at is None


def test_undo_is_still_possible_after_23_hours(learner, roadmap, marked):
    before = rows_of(learner)
    reset = reset_progress(learner=learner, roadmap=roadmap)
    undo_reset(reset=reset, now=reset.created_at + timedelta(hours=23, minutes=59))
    assert rows_of(learner) == before


def test_undo_twice_is_refused(learner, roadmap, marked):
    reset = reset_progress(learner=learner, roadmap=roadmap)
    undo_reset(reset=reset)
    with pytest.raises(UndoRefused, match="already been undone"):
        undo_reset(reset=reset)


def test_another_learner_cannot_see_or_undo_my_reset(
    csrf_client, learner, other_learner, roadmap, marked
):
    reset = reset_progress(learner=learner, roadmap=roadmap)
    reset_rows = rows_of(learner)
    csrf_client.force_login(other_learner)
    done_url = reverse("progress:reset_done", args=[reset.pk])
    assert csrf_client.get(done_url).status_code == 404
    page = roadmap.get_absolute_url()
    response = post_with_token(csrf_client, page, reverse("progress:undo_reset", args=[reset.pk]))
    assert response.status_code == 404
    assert rows_of(learner) == reset_rows
    assert ProgressReset.objects.get(pk=reset.pk).undone_at is None


def test_reset_and_undo_need_the_csrf_token(signed_in_csrf_client, learner, roadmap, marked):
    assert signed_in_csrf_client.post(reset_url(roadmap)).status_code == 403
    assert not ProgressReset.objects.exists()
    reset = reset_progress(learner=learner, roadmap=roadmap)
    assert (
        signed_in_csrf_client.post(reverse("progress:undo_reset", args=[reset.pk])).status_code
        == 403
    )
    assert ProgressReset.objects.get(pk=reset.pk).undone_at is None


def test_reset_needs_an_account(client, roadmap):
    response = client.get(reset_url(roadmap))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_nothing_to_reset_says_so_and_records_nothing(signed_in_csrf_client, roadmap, steps):
    assert "nothing to reset" in readable_text(signed_in_csrf_client.get(reset_url(roadmap)))
    response = post_with_token(
        signed_in_csrf_client, reset_url(roadmap), reset_url(roadmap), follow=True
    )
    assert "There was nothing to reset." in readable_text(response)
    assert not ProgressReset.objects.exists()


def test_the_dashboard_lists_recent_resets_to_undo(learner_client, learner, roadmap, marked):
    recent = reset_progress(learner=learner, roadmap=roadmap)
    mark_step(learner=learner, step=marked[0], status="done")
    old = reset_progress(learner=learner, roadmap=roadmap)
    ProgressReset.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=25))

    html = learner_client.get(reverse("progress:dashboard")).content.decode()
    assert "Recent resets you can undo" in html
    assert reverse("progress:undo_reset", args=[recent.pk]) in html
    assert reverse("progress:undo_reset", args=[old.pk]) not in html


# Quiz history ---------------------------------------------------------------------------------


@pytest.fixture
def attempts(learner, roadmap, steps):
    mark_step(learner=learner, step=steps[0], status="in_progress")  # on the dashboard
    quiz = quiz_for(roadmap, linked=steps[:2], unlinked=2)  # four questions
    first = answer(quiz, learner, wrong=list(quiz.questions.all()[:3]))  # 25%
    best = answer(quiz, learner, wrong=list(quiz.questions.all()[:1]))  # 75%
    return quiz, [first, best]


def test_quiz_reset_confirmation_and_undo(
    signed_in_csrf_client, learner, other_learner, roadmap, attempts
):
    quiz, mine = attempts
    theirs = answer(quiz, other_learner)
    history = reverse("quizzes:history", args=[roadmap.slug])
    assert "75%" in readable_text(signed_in_csrf_client.get(history))

    text = readable_text(signed_in_csrf_client.get(quiz_reset_url(roadmap)))
    assert "2 attempts (best score 75%) will be removed from your history." in text

    response = post_with_token(
        signed_in_csrf_client, quiz_reset_url(roadmap), quiz_reset_url(roadmap)
    )
    reset = ProgressReset.objects.get(learner=learner, kind="quiz")
    assert response["Location"] == reverse("progress:reset_done", args=[reset.pk])

    # Nothing deleted: hidden from the history, the best score and the dashboard.
    assert QuizAttempt.objects.filter(learner=learner).count() == 2
    assert "You have not taken this quiz yet." in readable_text(signed_in_csrf_client.get(history))
    assert "75%" not in readable_text(signed_in_csrf_client.get(roadmap.get_absolute_url()))
    assert "Not taken yet" in readable_text(
        signed_in_csrf_client.get(reverse("progress:dashboard"))
    )
    assert QuizAttempt.objects.get(pk=theirs.pk).reset_at is None  # another learner's: untouched
    exported = json.loads(signed_in_csrf_client.get(reverse("accounts:export")).content)
    assert [a["reset_at"] is not None for a in exported["quiz_attempts"]] == [True, True]

    undo = reverse("progress:undo_reset", args=[reset.pk])
    response = post_with_token(signed_in_csrf_client, response["Location"], undo)
    assert response["Location"] == history
    assert "75%" in readable_text(signed_in_csrf_client.get(history))
    assert set(QuizAttempt.objects.filter(learner=learner).values_list("reset_at", flat=True)) == {
        None
    }


def test_quiz_reset_with_no_attempts_records_nothing(learner, roadmap, steps):
    quiz_for(roadmap)
    assert reset_quiz_history(learner=learner, roadmap=roadmap) is None
    assert not ProgressReset.objects.exists()


def test_the_quiz_history_links_to_its_reset(learner_client, roadmap, attempts):
    html = learner_client.get(reverse("quizzes:history", args=[roadmap.slug])).content.decode()
    assert quiz_reset_url(roadmap) in html


def test_another_learner_cannot_undo_my_quiz_reset(
    csrf_client, learner, other_learner, roadmap, attempts
):
    reset = reset_quiz_history(learner=learner, roadmap=roadmap)
    csrf_client.force_login(other_learner)
    response = post_with_token(
        csrf_client, roadmap.get_absolute_url(), reverse("progress:undo_reset", args=[reset.pk])
    )
    assert response.status_code == 404
    assert QuizAttempt.objects.filter(learner=learner, reset_at__isnull=True).count() == 0
