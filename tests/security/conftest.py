"""The security tests' world: a learner who owns private data, another learner, a visitor.

`world` builds on the site's real content (loaded by `load_content`): the owner has a status, a
private note and an evidence link on a step, a plan and a quiz attempt. Every private text holds a
marker, so a test can tell when a page shows the owner's data to someone else.
"""

import datetime
import uuid
from dataclasses import dataclass

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from progress import services as progress_services
from progress.models import EvidenceLink, LearningPlan, PlanRevision, StepProgress
from quizzes.models import AttemptAnswer, Quiz, QuizAttempt
from quizzes.services import submit_attempt
from tests.factories import UserFactory
from tests.helpers import page_text, right_answers

OWNER_NOTE = "Owner private note qz7v: my salary negotiation plan"
OWNER_LABEL = "Owner private evidence kx3j"
OWNER_URL = "https://example.com/owner-private-evidence-kx3j"
OWNER_NAME = "Owner Privatename wq5"
OWNER_EMAIL = "owner.private.wq5@example.com"
OWNER_RESOURCE = "Owner private resource mn4r"
OWNER_PROJECT_URL = "https://example.com/owner-private-project-pz8t"
OWNER_SECRETS = (
    OWNER_NOTE,
    OWNER_LABEL,
    OWNER_URL,
    OWNER_NAME,
    OWNER_EMAIL,
    OWNER_RESOURCE,
    OWNER_PROJECT_URL,
)


@dataclass
class World:
    owner: User
    other: User
    roadmap: object
    step: object
    quiz: Quiz
    attempt: QuizAttempt
    evidence: EvidenceLink
    progress: StepProgress
    reset: object  # the owner's ProgressReset (on another roadmap, so the data above stays)
    certificate: object  # the owner's shared certificate (public by the owner's choice)
    topic: object = None  # the step's first topic, which the owner ticked done
    resource: object = None  # its first resource, which the owner marked done
    personal: object = None  # the owner's own resource on that topic (private)
    project: object = None  # a project of the roadmap, with the owner's link on a criterion
    project_link: object = None


@pytest.fixture
def world(ml_roadmap):
    owner = UserFactory(username="owner", email=OWNER_EMAIL, display_name=OWNER_NAME)
    other = UserFactory(username="other", email="other@example.com")
    step = ml_roadmap.steps.active().order_by("position").first()
    progress_services.mark_step(learner=owner, step=step, status="in_progress")
    progress = progress_services.save_step_note(learner=owner, step=step, note=OWNER_NOTE)
    evidence = progress_services.add_evidence_link(
        learner=owner, step=step, url=OWNER_URL, label=OWNER_LABEL
    )
    progress_services.set_plan(
        learner=owner, roadmap=ml_roadmap, start_date=datetime.date(2026, 1, 5)
    )
    quiz = Quiz.objects.get(roadmap=ml_roadmap)
    attempt = submit_attempt(
        quiz=quiz, answers=right_answers(quiz), token=uuid.uuid4(), learner=owner
    )
    from certificates.models import Certificate
    from progress.models import ProgressReset
    from roadmap.models import Roadmap

    elsewhere = Roadmap.objects.exclude(pk=ml_roadmap.pk).order_by("pk").first()
    reset = ProgressReset.objects.create(
        learner=owner, roadmap=elsewhere, kind="progress", snapshot=[], summary="1 step reset"
    )
    certificate = Certificate.objects.create(
        learner=owner,
        roadmap=elsewhere,
        name="Certified Learner",
        is_shared=True,
        completed_at=timezone.now(),
        shared_at=timezone.now(),
        best_percent=100,
    )
    topic = step.topics.order_by("position").first()
    resource = topic.resources.order_by("position").first()
    progress_services.mark_topic(learner=owner, topic=topic, status="done")
    progress_services.mark_resource_done(learner=owner, resource=resource, done=True)
    personal = progress_services.add_personal_resource(
        learner=owner, topic=topic, title=OWNER_RESOURCE, url="https://example.com/mn4r"
    )
    project = ml_roadmap.projects.order_by("position").first()
    project_link = progress_services.save_project_link(
        learner=owner, criterion=project.criteria.first(), url=OWNER_PROJECT_URL
    )
    return World(
        owner,
        other,
        ml_roadmap,
        step,
        quiz,
        attempt,
        evidence,
        progress,
        reset,
        certificate,
        topic,
        resource,
        personal,
        project,
        project_link,
    )


def reset_kwargs(user):
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


def all_state():
    """Every learner-data row the site keeps, as comparable values (last_login left out)."""
    return {
        "users": sorted(
            User.objects.values_list(
                "pk", "username", "email", "display_name", "time_zone", "password", "is_active"
            )
        ),
        "progress": sorted(
            StepProgress.objects.values_list("pk", "learner_id", "step_id", "status", "note")
        ),
        "evidence": sorted(EvidenceLink.objects.values_list("pk", "progress_id", "url", "label")),
        "plans": sorted(
            LearningPlan.objects.values_list(
                "pk", "learner_id", "roadmap_id", "start_date", "hours_per_week"
            )
        ),
        "plan_revisions": sorted(
            PlanRevision.objects.values_list("pk", "plan_id", "start_date", "hours_per_week")
        ),
        "attempts": sorted(
            (pk, learner, str(token), score)
            for pk, learner, token, score in QuizAttempt.objects.values_list(
                "pk", "learner_id", "token", "score"
            )
        ),
        "answers": AttemptAnswer.objects.count(),
        **_later_state(),
    }


def _later_state():
    """Rows of the newer learner features: resets (undo), certificates, topics, resources done,
    own resources and project links."""
    from certificates.models import Certificate
    from progress.models import (
        PersonalResource,
        ProgressReset,
        ProjectLink,
        ResourceDone,
        TopicProgress,
    )

    return {
        "topics": sorted(
            TopicProgress.objects.values_list("pk", "learner_id", "topic_id", "status")
        ),
        "resources_done": sorted(
            ResourceDone.objects.values_list("pk", "learner_id", "resource_id")
        ),
        "personal": sorted(
            PersonalResource.objects.values_list("pk", "learner_id", "topic_id", "title", "url")
        ),
        "project_links": sorted(
            ProjectLink.objects.values_list("pk", "learner_id", "criterion_id", "url")
        ),
        "resets": sorted(ProgressReset.objects.values_list("pk", "learner_id", "undone_at")),
        "certificates": sorted(
            Certificate.objects.values_list("pk", "learner_id", "token", "name", "is_shared")
        ),
    }


def owner_state(owner):
    """The owner's rows only (another learner may change their own rows)."""
    state = all_state()
    mine = {
        "users": [row for row in state["users"] if row[0] == owner.pk],
        "progress": [row for row in state["progress"] if row[1] == owner.pk],
        "plans": [row for row in state["plans"] if row[1] == owner.pk],
        "attempts": [row for row in state["attempts"] if row[1] == owner.pk],
    }
    progress_ids = {row[0] for row in mine["progress"]}
    mine["evidence"] = [row for row in state["evidence"] if row[1] in progress_ids]
    mine["answers"] = AttemptAnswer.objects.filter(attempt__learner=owner).count()
    for key in ("resets", "certificates", "topics", "resources_done", "personal", "project_links"):
        mine[key] = [row for row in state[key] if row[1] == owner.pk]
    return mine


def leaked_secrets(response):
    text = page_text(response)
    return [secret for secret in OWNER_SECRETS if secret in text]


def client_with_token(user=None):
    """A CSRF-enforcing client (logged in as `user`) and the token it must send with a POST."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    return client, client.cookies["csrftoken"].value
