"""Admins edit every piece of content in /admin/, with validation that explains itself."""

import pytest
from django.contrib import admin
from django.urls import reverse

from progress.models import StepProgress
from roadmap.models import CareerStage, Roadmap, Step
from tests.factories import StepFactory


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


@pytest.fixture
def admin_client_with_content(admin_client, content, learner):
    from progress.models import StepProgress

    StepProgress.objects.create(learner=learner, step=Step.objects.first(), status="done")
    return admin_client


def test_every_admin_page_opens_for_a_superuser(admin_client_with_content):
    client = admin_client_with_content
    assert client.get(reverse("admin:index")).status_code == 200
    for model, model_admin in admin.site._registry.items():
        changelist = client.get(admin_url(model, "changelist"))
        assert changelist.status_code == 200, model
        if model_admin.has_add_permission(changelist.wsgi_request):
            assert client.get(admin_url(model, "add")).status_code == 200, model
        obj = model._default_manager.first()
        if obj is not None:
            assert client.get(admin_url(model, "change", obj.pk)).status_code == 200, model


def test_changelist_search_and_filters_work(admin_client_with_content):
    response = admin_client_with_content.get(admin_url(Step, "changelist"), {"q": "Python"})
    assert response.status_code == 200
    assert "Python" in response.content.decode() or "python" in response.content.decode()
    response = admin_client_with_content.get(
        admin_url(Step, "changelist"), {"is_archived__exact": "0"}
    )
    assert response.status_code == 200


def stage_form(stage, **changes):
    data = {
        "roadmap": stage.roadmap_id,
        "position": stage.position,
        "title": stage.title,
        "start_year": stage.start_year,
        "end_year": stage.end_year or "",
        "description": stage.description,
        "sources-citation-content_type-object_id-TOTAL_FORMS": 0,
        "sources-citation-content_type-object_id-INITIAL_FORMS": 0,
    }
    data.update(changes)
    return data


def test_stage_end_year_must_follow_start_year(admin_client_with_content):
    stage = CareerStage.objects.filter(end_year__isnull=False).first()
    url = admin_url(CareerStage, "change", stage.pk)
    response = admin_client_with_content.post(url, stage_form(stage, start_year=5, end_year=3))
    assert response.status_code == 200
    assert "The end year must be after the start year." in response.content.decode()
    stage.refresh_from_db()
    assert stage.start_year != 5


def test_published_roadmap_needs_a_slug(admin_client, db):
    roadmap = Roadmap(title="No slug yet", status=Roadmap.Status.PUBLISHED)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        roadmap.full_clean()
    assert "A published roadmap needs a slug" in str(error.value)


def test_citation_must_point_at_an_existing_item(db):
    from django.contrib.contenttypes.models import ContentType
    from django.core.exceptions import ValidationError

    from sources.models import Citation
    from tests.factories import SourceFactory

    citation = Citation(
        source=SourceFactory(),
        content_type=ContentType.objects.get_for_model(Step),
        object_id=999999,
    )
    with pytest.raises(ValidationError) as error:
        citation.full_clean()
    assert "No such item" in str(error.value)


def test_deleting_a_step_with_progress_archives_it_and_keeps_every_row(
    admin_client, learner, other_learner
):
    step = StepFactory()
    StepProgress.objects.create(learner=learner, step=step, status="done", note="my notes")
    StepProgress.objects.create(learner=other_learner, step=step, status="in_progress")

    confirm = admin_client.get(admin_url(Step, "delete", step.pk))
    assert confirm.status_code == 200
    response = admin_client.post(admin_url(Step, "delete", step.pk), {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert "archived instead of deleted" in response.content.decode()

    step.refresh_from_db()
    assert step.is_archived
    assert StepProgress.objects.filter(step=step).count() == 2
    assert StepProgress.objects.get(learner=learner).note == "my notes"


def test_bulk_delete_archives_steps_with_progress_and_deletes_the_rest(admin_client, learner):
    kept, unused = StepFactory(), StepFactory()
    StepProgress.objects.create(learner=learner, step=kept, status="done")
    admin_client.post(
        admin_url(Step, "changelist"),
        {"action": "delete_selected", "_selected_action": [kept.pk, unused.pk], "post": "yes"},
    )
    assert Step.objects.get(pk=kept.pk).is_archived
    assert not Step.objects.filter(pk=unused.pk).exists()
    assert StepProgress.objects.filter(step=kept).exists()


def test_archived_step_leaves_the_page(client, admin_client, learner):
    step = StepFactory(title="Soon archived")
    StepProgress.objects.create(learner=learner, step=step, status="done")
    admin_client.post(admin_url(Step, "delete", step.pk), {"post": "yes"})
    assert "Soon archived" not in client.get(step.roadmap.get_absolute_url()).content.decode()
