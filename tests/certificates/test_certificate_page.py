"""The certificate page lists the roadmap's skills and gives its owner the tools to share it."""

import html
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from certificates.models import Certificate
from tests.factories import RoadmapFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(learner):
    roadmap = RoadmapFactory(title="How to become an ML Engineer", skills="Python\n\nMLOps\n")
    now = timezone.now()
    return Certificate.objects.create(
        learner=learner,
        roadmap=roadmap,
        name="Ada Lovelace",
        is_shared=True,
        completed_at=now,
        shared_at=now,
        best_percent=88,
    )


def page(client, certificate):
    response = client.get(f"/certificates/{certificate.token}/")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_it_lists_the_roadmaps_skills(client, certificate):
    text = page(client, certificate)
    assert "Skills practised" in text
    assert "<li>Python</li>" in text and "<li>MLOps</li>" in text


def test_only_the_owner_sees_copy_link_and_add_to_linkedin(client, learner, certificate):
    assert "Add to LinkedIn" not in page(client, certificate)
    other = Client()
    other.force_login(UserFactory())
    assert "Add to LinkedIn" not in page(other, certificate)

    owner = Client()
    owner.force_login(learner)
    text = page(owner, certificate)
    assert "Copy link" in text
    link = text.split('href="https://www.linkedin.com/profile/add?', 1)[1].split('"', 1)[0]
    query = parse_qs(link)
    assert query["startTask"] == ["CERTIFICATION_NAME"]
    assert query["name"] == ["How to become an ML Engineer (roadmap completed)"]
    assert query["organizationName"] == ["Roadmap Atlas"]
    assert query["issueYear"] == [str(certificate.shared_at.year)]
    assert query["issueMonth"] == [str(certificate.shared_at.month)]
    assert urlsplit(query["certUrl"][0]).path == f"/certificates/{certificate.token}/"
    assert query["certId"] == [f"RA-{certificate.pk}"]  # never the secret token itself
