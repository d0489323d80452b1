"""Download all my data: everything of mine, as a JSON attachment, and nothing of anyone else's."""

import json

import pytest
from django.urls import reverse

from accounts.services import export_learner_data

EXPORT = reverse("accounts:export")

pytestmark = pytest.mark.django_db


def test_export_is_a_json_attachment_with_everything_of_mine(
    learner_client, learner, other_learner, give_data
):
    give_data(learner, "ada", rows=3)
    give_data(other_learner, "grace", rows=2)

    response = learner_client.get(EXPORT)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="roadmaps-ada-')
    raw = response.content.decode()
    assert "grace" not in raw  # nothing of the other learner: not a note, link, answer or name
    data = json.loads(raw)

    assert data["account"]["username"] == "ada"
    assert data["account"]["email"] == "ada@example.com"
    assert data["account"]["time_zone"] == "UTC"
    assert [row["note"] for row in data["progress"]] == ["ada note 0", "ada note 1", "ada note 2"]
    first = data["progress"][0]
    assert (first["roadmap"], first["step"], first["status"]) == ("ml", "step-1", "done")
    assert first["evidence"] == [
        {
            "url": "https://github.com/ada/repo-0",
            "label": "ada repo",
            "created_at": first["evidence"][0]["created_at"],
        }
    ]
    assert data["plans"] == [
        {
            "roadmap": "ml",
            "roadmap_title": "ML Engineer",
            "start_date": "2026-01-05",
            "hours_per_week": None,
            "replanned_at": None,
            "created_at": data["plans"][0]["created_at"],
            "updated_at": data["plans"][0]["updated_at"],
            "earlier_plans": [],
        }
    ]
    [attempt] = data["quiz_attempts"]
    assert (attempt["score"], attempt["total"], attempt["passed"]) == (1, 1, True)
    [answer] = attempt["answers"]
    assert answer["question"] == "ada question as asked"
    assert answer["selected"] == ["ada right choice"]
    assert answer["is_correct"] is True


def test_export_of_a_new_account_is_empty_but_valid(learner_client):
    data = json.loads(learner_client.get(EXPORT).content)

    assert (data["progress"], data["plans"], data["quiz_attempts"]) == ([], [], [])


def test_export_keeps_progress_on_archived_steps(learner, give_data):
    give_data(learner, "ada", rows=1)
    from progress.models import StepProgress

    step = StepProgress.objects.get(learner=learner).step
    step.is_archived = True
    step.save()

    data = export_learner_data(learner=learner)

    assert [(row["step"], row["step_archived"]) for row in data["progress"]] == [("step-1", True)]


@pytest.mark.parametrize("rows", [6, 60])
def test_export_runs_the_same_queries_whatever_the_amount(
    learner_client, learner, give_data, django_assert_num_queries, rows
):
    give_data(learner, "ada", rows=rows, attempts=rows // 6)
    # the session with the learner (read from the database), progress rows (with step and
    # roadmap), their evidence, plans, their earlier versions, attempts, answers, resets,
    # certificates, activity events, review cards, topics, resources done, own resources,
    # project links
    with django_assert_num_queries(15):
        response = learner_client.get(EXPORT)

    data = json.loads(response.content)
    assert len(data["progress"]) == rows
    for section in ("topics", "resources_done", "personal_resources", "project_links"):
        assert len(data[section]) == rows, section
    assert data["personal_resources"][0]["title"] == "ada own resource 0"
    assert data["project_links"][0]["url"] == "https://github.com/ada/project-0"
    assert sum(len(row["evidence"]) for row in data["progress"]) == rows
    assert len(data["quiz_attempts"]) == rows // 6


def test_export_includes_the_activity_log_and_review_cards(learner, ml_roadmap):
    from django.utils import timezone

    from progress.services import mark_step
    from quizzes.models import ReviewCard

    step = ml_roadmap.steps.get(slug="step-1")
    mark_step(learner=learner, step=step, status="done")
    question = ml_roadmap.quiz.questions.first()
    ReviewCard.objects.create(
        learner=learner,
        question=question,
        box=2,
        due_on=timezone.localdate(),
        last_reviewed_at=timezone.now(),
    )

    data = export_learner_data(learner=learner)

    assert [(event["kind"], event["step"]) for event in data["activity"]] == [("step", "step-1")]
    assert data["review_cards"][0]["question"] == question.text
    assert data["review_cards"][0]["box"] == 2
