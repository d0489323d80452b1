"""Sign-up takes its time zone from the browser (static/js/timezone.js)."""

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, new_context
from .helpers import sign_up


@pytest.fixture
def berlin_page(browser, live_server, transactional_db):
    context = new_context(browser, live_server, timezone_id="Europe/Berlin", **DESKTOP)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors


def test_a_new_account_starts_in_the_browsers_time_zone(berlin_page):
    from accounts.models import User

    page = berlin_page
    page.goto("/accounts/signup/")
    expect(page.locator("input[name=time_zone]")).to_have_value("Europe/Berlin")
    sign_up(page, "berliner")
    assert User.objects.get(username="berliner").time_zone == "Europe/Berlin"
