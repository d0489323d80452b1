"""A learner attaches a link to each criterion of a project brief; complete when all have one."""

import html

import pytest
from django.urls import reverse

from progress.models import ProjectLink
from roadmap.models import Project, ProjectCriterion

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(roadmap):
    project = Project.objects.create(
        roadmap=roadmap, slug="classifier", title="Image classifier", goal="Build one."
    )
    for n, text in enumerate(["A README that explains how to run it.", "A results report."]):
        ProjectCriterion.objects.create(project=project, position=n, text=text)
    return project


def url(project):
    return reverse("progress:project", args=[project.roadmap.slug, project.slug])


def text(response):
    return html.unescape(response.content.decode())


def test_a_visitor_reads_the_brief_and_is_asked_to_log_in(client, project):
    page = text(client.get(url(project)))
    assert "Image classifier" in page and "A results report." in page
    assert "to attach your links" in page
    criterion = project.criteria.first()
    response = client.post(url(project), {"criterion": criterion.pk, "url": "https://x.org/"})
    assert response.status_code == 403
    assert not ProjectLink.objects.exists()


def test_links_meet_criteria_until_the_project_is_complete(learner_client, learner, project):
    first, second = project.criteria.all()
    response = learner_client.post(url(project), {"criterion": first.pk, "url": "github.com/a/b"})
    assert response.status_code == 302
    page = text(learner_client.get(url(project)))
    assert "Link saved. 1 of 2 criteria met." in page
    assert ProjectLink.objects.get(criterion=first).url == "https://github.com/a/b"

    response = learner_client.post(
        url(project), {"criterion": second.pk, "url": "https://a.github.io/report"}, follow=True
    )
    page = text(response)
    assert "Project complete: “Image classifier”" in page
    assert "2 of 2 criteria met" in page

    dashboard = text(learner_client.get(reverse("progress:dashboard")))
    assert "Image classifier" in dashboard and "Complete" in dashboard
    assert "https://a.github.io/report" in dashboard

    # A new link replaces the old one for that criterion.
    learner_client.post(url(project), {"criterion": first.pk, "url": "https://gitlab.com/a/b"})
    assert list(ProjectLink.objects.filter(criterion=first).values_list("url", flat=True)) == [
        "https://gitlab.com/a/b"
    ]


def test_bad_links_and_criteria_are_clear_errors(learner_client, project, roadmap):
    first = project.criteria.first()
    response = learner_client.post(url(project), {"criterion": first.pk, "url": "not a link"})
    assert response.status_code == 400
    assert "Enter a web address" in text(response)
    for criterion in ("", "abc", "99999999999999", "999999"):
        response = learner_client.post(
            url(project), {"criterion": criterion, "url": "https://a.b/"}
        )
        assert response.status_code == 400
        assert "Choose one of this project's criteria." in text(response)
    other = Project.objects.create(roadmap=roadmap, slug="other", title="Other", goal="g")
    theirs = ProjectCriterion.objects.create(project=other, text="Other criterion")
    response = learner_client.post(url(project), {"criterion": theirs.pk, "url": "https://a.b/"})
    assert response.status_code == 400
    assert not ProjectLink.objects.exists()
    missing = reverse("progress:project", args=[roadmap.slug, "no-such-project"])
    assert learner_client.get(missing).status_code == 404
