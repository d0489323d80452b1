"""Helpers for the accounts tests: posting forms the way a browser does, with the CSRF token."""

import pytest
from django.urls import reverse

from tests.helpers import csrf_token


@pytest.fixture
def submit_form():
    """submit(client, url, data, page=None, **extra): GET the form page, then POST with its token.

    `page` is the page that shows the form when it is not `url` itself (for POST-only URLs).
    `extra` (e.g. REMOTE_ADDR) goes with both requests.
    """

    def _submit_form(client, url, data, *, page=None, follow=False, **extra):
        page_response = client.get(page or url, **extra)
        assert page_response.status_code == 200, page_response
        token = csrf_token(client, page_response)
        return client.post(url, {**data, "csrfmiddlewaretoken": token}, follow=follow, **extra)

    return _submit_form


@pytest.fixture
def dashboard_url():
    return reverse("progress:dashboard")


@pytest.fixture
def logged_in():
    """Which user a client's session is logged in as (its id), or None."""

    def _logged_in(client):
        value = client.session.get("_auth_user_id")
        return int(value) if value is not None else None

    return _logged_in


@pytest.fixture
def roadmap_steps(db):
    """A published roadmap with eight steps and a one-question quiz, built with factories."""
    from tests.factories import QuestionFactory, QuizFactory, RoadmapFactory, StepFactory

    roadmap = RoadmapFactory(slug="ml", title="ML Engineer")
    steps = [StepFactory(roadmap=roadmap, slug=f"step-{n}") for n in range(1, 9)]
    question = QuestionFactory(quiz=QuizFactory(roadmap=roadmap), text="First step?")
    return roadmap, steps, question


@pytest.fixture
def give_data(roadmap_steps):
    """give_data(user, tag, rows=2, attempts=1): progress rows with notes and evidence, a topic
    ticked, a resource done, an own resource and a project link on each step, a plan and quiz
    attempts with their answers.

    Every text the rows hold contains `tag`, so a test can tell whose data it is looking at.
    """
    import datetime

    from progress.models import (
        EvidenceLink,
        LearningPlan,
        PersonalResource,
        ProjectLink,
        ResourceDone,
        StepProgress,
        StepStatus,
        TopicProgress,
    )
    from quizzes.models import AttemptAnswer, QuizAttempt
    from roadmap.models import Project, ProjectCriterion, Resource, Topic
    from tests.factories import StepFactory

    roadmap, steps, question = roadmap_steps

    def _give(user, tag, rows=2, attempts=1):
        targets = steps[:rows]
        if rows > len(steps):
            targets = steps + [
                StepFactory(roadmap=roadmap, slug=f"{tag}-extra-{n}")
                for n in range(rows - len(steps))
            ]
        for number, step in enumerate(targets):
            progress = StepProgress.objects.create(
                learner=user, step=step, status=StepStatus.DONE, note=f"{tag} note {number}"
            )
            EvidenceLink.objects.create(
                progress=progress,
                url=f"https://github.com/{tag}/repo-{number}",
                label=f"{tag} repo",
            )
            topic, _ = Topic.objects.get_or_create(
                step=step, slug="topic", defaults={"title": "Topic", "explanation": "Learn."}
            )
            resource, _ = Resource.objects.get_or_create(
                topic=topic,
                url="https://docs.example.org/",
                defaults={
                    "title": "Docs",
                    "kind": "docs",
                    "cost": "free",
                    "level": "beginner",
                    "hours": 1,
                    "why": "Why.",
                },
            )
            TopicProgress.objects.create(learner=user, topic=topic, status="done")
            ResourceDone.objects.create(learner=user, resource=resource)
            PersonalResource.objects.create(
                learner=user,
                topic=topic,
                title=f"{tag} own resource {number}",
                url=f"https://example.org/{tag}/{number}",
            )
            project, _ = Project.objects.get_or_create(
                roadmap=roadmap, slug="project", defaults={"title": "Project", "goal": "Build."}
            )
            criterion = ProjectCriterion.objects.create(project=project, text=f"Criterion {number}")
            ProjectLink.objects.create(
                learner=user, criterion=criterion, url=f"https://github.com/{tag}/project-{number}"
            )
        LearningPlan.objects.create(
            learner=user, roadmap=roadmap, start_date=datetime.date(2026, 1, 5)
        )
        for _ in range(attempts):
            attempt = QuizAttempt.objects.create(
                quiz=question.quiz, learner=user, score=1, total=1, pass_mark=70, passed=True
            )
            AttemptAnswer.objects.create(
                attempt=attempt,
                question=question,
                question_text=f"{tag} question as asked",
                kind="single",
                choices=[
                    {"id": 1, "text": f"{tag} right choice", "is_correct": True, "selected": True},
                    {"id": 2, "text": "Wrong", "is_correct": False, "selected": False},
                ],
                is_correct=True,
            )

    return _give
