"""Walk every URL of the project: learner data is for its owner only, for GET and for POST.

A visitor is sent to log in (or gets a 404 for an attempt that is not theirs); another learner
gets a 404 or 403 for the owner's objects and never a page with the owner's private text; a
forbidden POST, sent with a valid CSRF token, changes nothing in the database.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import resolve, reverse

from .conftest import OWNER_SECRETS, all_state, client_with_token, leaked_secrets, owner_state
from .url_table import LEARNER, OWNED, PUBLIC, ROUTES, project_url_names, url_for

pytestmark = pytest.mark.django_db

NAMES = sorted(ROUTES)


def test_every_url_of_the_project_is_in_the_table():
    found = project_url_names()
    names = {name for name, _ in found}

    unnamed = [route for name, route in found if name is None]
    assert not unnamed, f"Name these URL patterns (they take arguments): {unnamed}"
    unknown = names - set(ROUTES)
    assert not unknown, (
        f"New URL names {sorted(unknown)}: add them to tests/security/url_table.py ROUTES, "
        "saying whether they hold learner data and how to build their arguments."
    )
    stale = set(ROUTES) - names
    assert not stale, f"ROUTES lists URL names the project no longer has: {sorted(stale)}"


def login_redirect_target(response):
    """The `next` of a redirect to the log-in page, or None when it is not one."""
    if response.status_code != 302:
        return None
    location = urlsplit(response["Location"])
    if location.path != reverse("accounts:login"):
        return None
    return parse_qs(location.query).get("next", [""])[0]


def responses(client, url, token, route, world):
    """GET and POST (with a valid CSRF token) the URL; follow a redirect once to see the page."""
    results = {}
    for method in ("GET", "POST"):
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, {**route.post(world), "csrfmiddlewaretoken": token})
        followed = None
        if response.status_code in (301, 302, 303) and login_redirect_target(response) is None:
            followed = client.get(response["Location"])
        results[method] = (response, followed)
    return results


def assert_no_leak(name, method, response, followed):
    assert response.status_code < 500, (name, method, response.status_code)
    assert not leaked_secrets(response), (name, method, leaked_secrets(response))
    if followed is not None:
        assert followed.status_code < 500, (name, method, "redirect", followed.status_code)
        assert not leaked_secrets(followed), (name, method, "redirect", leaked_secrets(followed))


def check_visitor(world, name, route, url):
    """A visitor is sent to log in (or gets a 404) and changes nothing."""
    client, token = client_with_token()
    before_all, before_owner = all_state(), owner_state(world.owner)

    results = responses(client, url, token, route, world)

    for method, (response, followed) in results.items():
        assert_no_leak(name, method, response, followed)
        status = response.status_code
        if route.access == LEARNER:
            assert login_redirect_target(response) == url, (name, method, status)
        elif route.access == OWNED:
            refused = {404} | ({405} if method == "POST" and route.get_only else set())
            assert login_redirect_target(response) == url or status in refused, (name, method)
        else:
            assert login_redirect_target(response) is None, (name, method)
            if method == "GET":
                expected = {405} if route.post_only else {200, 301, 302}
                assert status in expected, (name, status)
            elif route.get_only:
                assert status == 405, (name, method, status)
    if route.access == PUBLIC:
        assert owner_state(world.owner) == before_owner, name
    else:
        assert all_state() == before_all, name


def check_other_learner(world, name, route, url):
    """Another learner gets 404/403 for the owner's objects, never the owner's private text,
    and changes nothing of the owner's."""
    client, token = client_with_token(world.other)
    before_all, before_owner = all_state(), owner_state(world.owner)

    results = responses(client, url, token, route, world)

    for method, (response, followed) in results.items():
        assert_no_leak(name, method, response, followed)
        status = response.status_code
        if route.access == OWNED:
            refused = {403, 404}
            if (method == "GET" and route.post_only) or (method == "POST" and route.get_only):
                refused.add(405)
            assert status in refused, (name, method, status)
        elif route.access == LEARNER and method == "GET":
            # Their own page: it answers, with their data only (checked above).
            assert status == (405 if route.post_only else 200), (name, status)
    assert owner_state(world.owner) == before_owner, name
    if route.access == OWNED:
        assert all_state() == before_all, name


def check_owner(world, name, route, url):
    """The control: the same pages do show the owner's private text to the owner."""
    client, _ = client_with_token(world.owner)

    response = client.get(url)

    assert response.status_code == (405 if route.post_only else 200), name
    shown = leaked_secrets(response)
    for secret in route.owner_sees:
        assert secret in shown, (name, secret)


@pytest.mark.parametrize("name", NAMES)
def test_learner_data_is_for_its_owner_only(world, name):
    route = ROUTES[name]
    url = url_for(name, world)
    if not name.startswith("/"):
        assert resolve(url).view_name == name  # the table builds this name's URL

    check_visitor(world, name, route, url)
    check_other_learner(world, name, route, url)
    if route.access != PUBLIC:
        check_owner(world, name, route, url)


def test_the_secret_markers_are_distinct():
    assert len(set(OWNER_SECRETS)) == len(OWNER_SECRETS)


def test_the_owners_attempt_token_posted_by_another_learner_opens_nothing(world):
    client, token = client_with_token(world.other)
    take = reverse("quizzes:take", kwargs={"slug": world.roadmap.slug})

    response = client.post(take, {"token": str(world.attempt.token), "csrfmiddlewaretoken": token})

    review = client.get(response["Location"]) if response.status_code == 302 else response
    assert review.status_code in (400, 403, 404)
    assert world.owner.username not in review.content.decode()


def admin_urls():
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    return urls


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "learner"])
def test_the_admin_sends_anyone_but_staff_to_the_admin_login(world, signed_in):
    client = Client()
    if signed_in:
        client.force_login(world.other)
    login = reverse("admin:login")

    for url in admin_urls():
        response = client.get(url)
        assert response.status_code == 302, url
        location = urlsplit(response["Location"])
        assert location.path == login, url
        assert parse_qs(location.query)["next"] == [url]
        assert not leaked_secrets(response)
