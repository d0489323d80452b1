"""The content loads with one command, and loading it again changes nothing."""

from django.apps import apps
from django.core.management import call_command


def content_counts():
    return {
        model._meta.label: model._default_manager.count()
        for app in ("roadmap", "sources", "quizzes")
        for model in apps.get_app_config(app).get_models()
    }


def test_loading_twice_duplicates_nothing(db):
    call_command("load_content", verbosity=0)
    first = content_counts()
    assert first["roadmap.Roadmap"] >= 3
    assert first["roadmap.Step"] >= 6
    call_command("load_content", verbosity=0)
    assert content_counts() == first


def test_reloading_restores_edited_content_in_place(db):
    from roadmap.models import Step

    call_command("load_content", verbosity=0)
    step = Step.objects.get(roadmap__slug="machine-learning-engineer", slug="step-1")
    original = step.summary
    Step.objects.filter(pk=step.pk).update(summary="Edited by hand")
    call_command("load_content", verbosity=0)
    step.refresh_from_db()
    assert step.summary == original
