"""State changes answer POST only, and only with a CSRF token.

Every URL refuses a POST without a CSRF token (403) and changes nothing; the control shows the
same POST with the token does change something, so the refusal is what kept the data safe.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.helpers import PASSWORD

from .conftest import all_state, client_with_token
from .url_table import ROUTES, url_for

pytestmark = pytest.mark.django_db

POST_ONLY = sorted(name for name, route in ROUTES.items() if route.post_only)
# URLs whose POST (the table's data, with a token) changes the owner's data, and who sends it.
CHANGES_STATE = {
    "accounts:settings": "owner",
    "accounts:delete": "owner",
    "accounts:password_change": "owner",
    "progress:step_notes": "owner",
    "progress:set_plan": "owner",
    "progress:replan": "owner",
    "progress:delete_evidence": "owner",
    "progress:mark_step": "owner",
    "progress:mark_topic": "owner",
    "progress:mark_resource": "owner",
    "progress:add_personal_resource": "owner",
    "progress:delete_personal_resource": "owner",
    "progress:project": "owner",
    "accounts:signup": "visitor",
}
OWNER_POSTS = {
    # The owner's own confirmation, so that with a token the account really goes.
    "accounts:delete": lambda world: {"confirmation": world.owner.username, "password": PASSWORD},
}


def test_the_post_only_list_is_what_the_site_has():
    assert POST_ONLY == [
        "accounts:logout",
        "certificates:share",
        "certificates:stop",
        "progress:add_personal_resource",
        "progress:delete_evidence",
        "progress:delete_personal_resource",
        "progress:mark_resource",
        "progress:mark_reviewed",
        "progress:mark_step",
        "progress:mark_topic",
        "progress:replan",
        "progress:set_plan",
        "progress:undo_reset",
    ]


@pytest.mark.parametrize("signed_in", [True, False], ids=["owner", "visitor"])
def test_state_changing_urls_refuse_get(world, signed_in):
    client = Client(enforce_csrf_checks=True)
    if signed_in:
        client.force_login(world.owner)
    before = all_state()

    for name in POST_ONLY:
        route = ROUTES[name]
        response = client.get(url_for(name, world))

        if not signed_in and route.access != "public":
            assert response.status_code == 302, name  # log in first; the method check is after
        else:
            assert response.status_code == 405, name
            assert "POST" in response["Allow"], name
    assert all_state() == before


def test_every_url_refuses_a_post_without_csrf_token(world):
    before = all_state()
    for name in sorted(ROUTES):
        route = ROUTES[name]
        url = url_for(name, world)
        client = Client(enforce_csrf_checks=True)
        if CHANGES_STATE.get(name, "owner") == "owner":
            client.force_login(world.owner)
        data = OWNER_POSTS.get(name, route.post)(world)

        response = client.post(url, data)

        assert response.status_code == 403, (name, response.status_code)
        assert all_state() == before, name
        if name == "accounts:logout":
            assert client.get(reverse("progress:dashboard")).status_code == 200  # still in


@pytest.mark.parametrize("name", sorted(CHANGES_STATE))
def test_the_same_post_with_its_token_does_change_something(world, name):
    """The control for the test above."""
    route = ROUTES[name]
    url = url_for(name, world)
    client, token = client_with_token(world.owner if CHANGES_STATE[name] == "owner" else None)
    data = OWNER_POSTS.get(name, route.post)(world)
    before = all_state()

    response = client.post(url, {**data, "csrfmiddlewaretoken": token})

    assert response.status_code == 302, (name, response.status_code)
    assert all_state() != before
