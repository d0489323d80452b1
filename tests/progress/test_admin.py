"""Staff can look at learners' progress and plans in the admin."""

from datetime import date

import pytest
from django.urls import reverse

from progress.services import add_evidence_link, mark_step, set_plan
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_and_shows_progress_and_plans(client, learner, steps):
    row = mark_step(learner=learner, step=steps[0], status="done")
    add_evidence_link(learner=learner, step=steps[0], url="https://example.com/repo")
    set_plan(learner=learner, roadmap=steps[0].roadmap, start_date=date(2026, 1, 1))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    changelist = client.get(reverse("admin:progress_stepprogress_changelist") + "?q=ada")
    assert changelist.status_code == 200
    assert steps[0].title in changelist.content.decode()
    change = client.get(reverse("admin:progress_stepprogress_change", args=[row.pk]))
    assert change.status_code == 200
    assert "https://example.com/repo" in change.content.decode()
    assert client.get(reverse("admin:progress_learningplan_changelist")).status_code == 200
