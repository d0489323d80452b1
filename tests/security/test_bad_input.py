"""Bad input gets a clear answer (404, 400, a message), never a 500."""

import pytest
from django.contrib.admin import site
from django.urls import reverse

from roadmap.models import Roadmap
from tests.quizzes.helpers import build_quiz

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    ["/certificates/%00/", "/certificates/abc%00def/", "/roadmaps/ml%00/", "/quiz/attempts/%00/"],
)
def test_a_nul_in_the_address_is_a_404(client, path):
    assert client.get(path).status_code == 404


def test_a_nul_in_a_query_parameter_is_a_400(client):
    response = client.get("/?page=%00")
    assert response.status_code == 400
    assert "not allowed" in response.content.decode()


def test_the_step_progress_admin_filter_with_a_nul_is_not_a_500(admin_client):
    url = reverse("admin:progress_stepprogress_changelist")
    assert admin_client.get(url + "?status__exact=%00").status_code == 400


@pytest.mark.parametrize("selected", ["abc", "%00", "1.5", ""])
def test_the_export_action_with_a_non_numeric_id_is_a_message(admin_client, selected):
    build_quiz(2)
    url = reverse("admin:quizzes_question_changelist")
    response = admin_client.post(url, {"action": "export_csv", "_selected_action": [selected]})
    assert response.status_code in {200, 302}
    if response.status_code == 302:
        response = admin_client.get(response["Location"])
    assert "text/csv" not in response["Content-Type"]


def test_every_admin_action_refuses_a_non_numeric_id_cleanly(admin_client):
    for model, model_admin in site._registry.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for name in model_admin.get_actions(_request(admin_client)):
            response = admin_client.post(url, {"action": name, "_selected_action": ["abc"]})
            assert response.status_code < 500, (model, name)


def _request(admin_client):
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.get(username="admin")
    return request


def test_the_quiz_history_of_a_draft_roadmap_is_a_404(learner_client):
    quiz = build_quiz(2)
    Roadmap.objects.filter(pk=quiz.roadmap_id).update(status=Roadmap.Status.DRAFT)
    response = learner_client.get(reverse("quizzes:history", args=[quiz.roadmap.slug]))
    assert response.status_code == 404
    assert quiz.roadmap.title not in response.content.decode()
