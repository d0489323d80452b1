"""A step is "verified" when done, evidenced, and confirmed by the knowledge check.

Rule (documented in StepProgressQuerySet.with_verification): the learner marked the step done,
attached at least one evidence link, and their most recent answer to every active question of
the roadmap's published quiz linked to the step is right (reset attempts left out). A step no
question is linked to is verified by done + evidence.
"""

import pytest
from django.urls import reverse

from progress.services import add_evidence_link, mark_step, reset_quiz_history
from quizzes.models import Question
from quizzes.services import set_archived
from roadmap.learner_pages import learner_changed
from tests.helpers import answer, count_queries, quiz_for, readable_text

pytestmark = pytest.mark.django_db

BADGE = "data-step-verified"


def finish(learner, step, *, evidence=True):
    mark_step(learner=learner, step=step, status="done")
    if evidence:
        add_evidence_link(learner=learner, step=step, url=f"https://example.com/{step.slug}")


def verified_on_page(client, roadmap):
    html = client.get(roadmap.get_absolute_url()).content.decode()
    return html.count(BADGE), readable_text(client.get(roadmap.get_absolute_url()))


def test_done_evidence_and_right_answers_make_a_step_verified(
    learner, learner_client, roadmap, steps
):
    quiz = quiz_for(roadmap, linked=[steps[0], steps[0], steps[1]])
    finish(learner, steps[0])
    finish(learner, steps[1])
    finish(learner, steps[2], evidence=False)  # no questions, but no evidence either
    answer(quiz, learner, wrong=quiz.questions.filter(step=steps[1]))

    count, text = verified_on_page(learner_client, roadmap)
    assert count == 1  # step 1 only: step 2's question was missed, step 3 has no evidence
    assert "3 done, 1 verified of 6" in text
    assert "3 of 6 steps done (50%)" in text

    dashboard = learner_client.get(reverse("progress:dashboard")).content.decode()
    assert "3 done, 1 verified of 6" in dashboard
    assert "data-verified-steps" in dashboard and f'#{steps[0].slug}">Step 1</a>' in dashboard


def test_without_evidence_a_step_is_only_done(learner, learner_client, roadmap, steps):
    quiz = quiz_for(roadmap, linked=[steps[0]])
    finish(learner, steps[0], evidence=False)
    answer(quiz, learner)
    assert verified_on_page(learner_client, roadmap)[0] == 0


def test_a_step_no_question_is_linked_to_needs_done_and_evidence(
    learner, learner_client, roadmap, steps
):
    quiz_for(roadmap, linked=[steps[1]])  # nothing linked to step 1
    finish(learner, steps[0])
    assert verified_on_page(learner_client, roadmap)[0] == 1


def test_not_done_is_never_verified(learner, learner_client, roadmap, steps):
    quiz = quiz_for(roadmap, linked=[steps[0]])
    finish(learner, steps[0])
    answer(quiz, learner)
    mark_step(learner=learner, step=steps[0], status="in_progress")
    assert verified_on_page(learner_client, roadmap)[0] == 0


def test_the_latest_answer_counts(learner, learner_client, roadmap, steps):
    quiz = quiz_for(roadmap, linked=[steps[0]])
    finish(learner, steps[0])
    assert verified_on_page(learner_client, roadmap)[0] == 0  # never answered
    answer(quiz, learner)
    assert verified_on_page(learner_client, roadmap)[0] == 1
    answer(quiz, learner, wrong=quiz.questions.filter(step=steps[0]))
    assert verified_on_page(learner_client, roadmap)[0] == 0  # missed it last time


def test_a_new_question_on_the_step_must_be_answered_too(learner, learner_client, roadmap, steps):
    quiz = quiz_for(roadmap, linked=[steps[0]])
    finish(learner, steps[0])
    answer(quiz, learner)
    question = Question.objects.create(quiz=quiz, text="Another?", explanation=".", step=steps[0])
    assert verified_on_page(learner_client, roadmap)[0] == 0
    set_archived(questions=[question], archived=True)  # archived: ignored
    assert verified_on_page(learner_client, roadmap)[0] == 1


def test_reset_attempts_do_not_verify(learner, learner_client, roadmap, steps):
    quiz = quiz_for(roadmap, linked=[steps[0]])
    finish(learner, steps[0])
    answer(quiz, learner)
    reset_quiz_history(learner=learner, roadmap=roadmap)
    assert verified_on_page(learner_client, roadmap)[0] == 0


def test_another_learners_answers_do_not_verify_mine(
    learner, other_learner, learner_client, roadmap, steps
):
    quiz = quiz_for(roadmap, linked=[steps[0]])
    finish(learner, steps[0])
    answer(quiz, other_learner)
    assert verified_on_page(learner_client, roadmap)[0] == 0


def setup_verified(learner, roadmap):
    steps = list(roadmap.steps.order_by("position"))
    quiz = quiz_for(roadmap, linked=steps[::2])
    for step in steps[: len(steps) // 2]:
        finish(learner, step)
    answer(quiz, learner)
    return steps


def test_roadmap_page_and_dashboard_queries_do_not_grow_with_verified_steps(
    learner, learner_client, make_roadmap, django_assert_num_queries
):
    small = make_roadmap(6)
    setup_verified(learner, small)
    expected_page, response = count_queries(learner_client, small.get_absolute_url(), warm=True)
    assert "3 done, 3 verified of 6" in readable_text(response)
    expected_dashboard, _ = count_queries(learner_client, reverse("progress:dashboard"), warm=True)

    large = make_roadmap(60)
    setup_verified(learner, large)
    learner_client.get(large.get_absolute_url())
    learner_changed(learner.pk)  # measured as built (roadmap/learner_pages.py), content cached
    with django_assert_num_queries(expected_page):
        response = learner_client.get(large.get_absolute_url())
    assert "30 done, 30 verified of 60" in readable_text(response)
    learner_client.get(reverse("progress:dashboard"))  # the new content, cached as for the page
    learner_changed(learner.pk)
    with django_assert_num_queries(expected_dashboard):
        response = learner_client.get(reverse("progress:dashboard"))
    assert "30 done, 30 verified of 60" in readable_text(response)
