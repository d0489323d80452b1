"""Authors export resources as CSV and import them back: preview, row errors, all or nothing."""

import csv
import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from roadmap.models import Resource, Topic
from tests.factories import RoadmapFactory, StepFactory

pytestmark = pytest.mark.django_db

HEADER = "roadmap,step,topic,title,url,kind,cost,level,hours,why,alternative,position"
EXPORT_FIELDS = HEADER.split(",")


@pytest.fixture
def topic(db):
    step = StepFactory(roadmap=RoadmapFactory(slug="ml"), slug="step-1")
    return Topic.objects.create(step=step, slug="python", title="Python", explanation="Learn.")


def export(admin_client):
    data = {"format": "0", "resource": "0"}
    data.update({f"resourcecsv_{name}": "on" for name in EXPORT_FIELDS})
    response = admin_client.post("/admin/roadmap/resource/export/", data)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return response.content.decode("utf-8-sig")


def preview(admin_client, text):
    upload = SimpleUploadedFile("resources.csv", text.encode(), content_type="text/csv")
    response = admin_client.post(
        "/admin/roadmap/resource/import/", {"import_file": upload, "format": "0", "resource": "0"}
    )
    assert response.status_code == 200
    return response


def confirm(admin_client, response):
    page = response.content.decode()
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    fields = ("import_file_name", "original_file_name", "format", "resource")
    return admin_client.post(
        "/admin/roadmap/resource/process_import/",
        {name: hidden[name] for name in fields if name in hidden},
        follow=True,
    )


def row(**values):
    base = {
        "roadmap": "ml",
        "step": "step-1",
        "topic": "python",
        "title": "The Python Tutorial",
        "url": "https://docs.python.org/3/tutorial/",
        "kind": "docs",
        "cost": "free",
        "level": "beginner",
        "hours": "15",
        "why": "The official tour.",
        "alternative": "0",
        "position": "0",
    }
    base.update(values)
    return ",".join(f'"{base[name]}"' for name in EXPORT_FIELDS)


def test_a_valid_file_is_previewed_then_imported_and_a_second_import_changes_nothing(
    admin_client, topic
):
    text = "\n".join([HEADER, row(), row(title="NumPy", url="https://numpy.org/doc/stable/")])
    response = preview(admin_client, text)
    assert "New" in response.content.decode()
    assert not Resource.objects.exists()  # the preview saves nothing
    confirm(admin_client, response)
    assert set(Resource.objects.values_list("title", flat=True)) == {"The Python Tutorial", "NumPy"}

    again = preview(admin_client, export(admin_client))
    assert "Skip" in again.content.decode()
    confirm(admin_client, again)
    assert Resource.objects.count() == 2


def test_rows_with_invalid_values_are_shown_and_nothing_is_imported(admin_client, topic):
    text = "\n".join(
        [HEADER, row(), row(url="https://example.org/a", kind="podcast"), row(url="not a url")]
    )
    page = preview(admin_client, text).content.decode()
    assert "is not a valid choice" in page
    assert "Enter a valid URL" in page
    assert 'name="import_file_name"' not in page  # no confirmation while a row has an error
    assert not Resource.objects.exists()


def test_a_row_naming_an_unknown_topic_is_an_error_and_nothing_is_imported(admin_client, topic):
    page = preview(admin_client, "\n".join([HEADER, row(), row(topic="no-such")])).content
    page = html.unescape(page.decode())
    assert "No topic “no-such” in step “step-1” of roadmap “ml”." in page
    assert "Traceback" not in page
    assert 'name="import_file_name"' not in page
    assert not Resource.objects.exists()


def test_an_import_updates_a_resource_by_its_topic_and_address(admin_client, topic):
    Resource.objects.create(
        topic=topic,
        title="Old title",
        url="https://docs.python.org/3/tutorial/",
        kind="docs",
        cost="free",
        level="beginner",
        hours=10,
        why="Old.",
    )
    confirm(admin_client, preview(admin_client, "\n".join([HEADER, row(hours="20")])))
    resource = Resource.objects.get()
    assert (resource.title, resource.hours, resource.why) == (
        "The Python Tutorial",
        20,
        "The official tour.",
    )


def test_export_neutralizes_cells_a_spreadsheet_would_run(admin_client, topic):
    Resource.objects.create(
        topic=topic,
        title='=HYPERLINK("https://evil.example")',
        url="https://e.org/",
        kind="docs",
        cost="free",
        level="beginner",
        hours=1,
        why="@SUM(1+1)",
    )
    rows = list(csv.DictReader(io.StringIO(export(admin_client))))
    assert not rows[0]["title"].startswith("=")
    assert not rows[0]["why"].startswith("@")
