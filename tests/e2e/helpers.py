"""What a person does in the browser, written once for every journey."""

import re

from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

from tests.helpers import PASSWORD


def is_phone(page: Page) -> bool:
    return page.viewport_size["width"] < 768


def press(page: Page, locator):
    """Tap on a phone, click on a desktop."""
    if is_phone(page):
        locator.tap()
    else:
        locator.click()


def main_nav(page: Page):
    """The site's main navigation, opened first when it is collapsed behind the menu button."""
    toggler = page.get_by_role("button", name="Toggle navigation")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        press(page, toggler)
        expect(toggler).to_have_attribute("aria-expanded", "true")
    return page.get_by_role("navigation", name="Main")


def sign_up(page: Page, username: str):
    """Fill in and send the sign-up form of the page shown (the sign-up page)."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your account")
    # Labels of required fields end in "*" (crispy-forms' marker).
    page.get_by_label(re.compile(r"^\s*Username\*?\s*$")).fill(username)
    page.get_by_label(re.compile(r"^\s*Email address\*?\s*$")).fill(f"{username}@example.com")
    page.get_by_label(re.compile(r"^\s*Password\*?\s*$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^\s*Password confirmation\*?\s*$")).fill(PASSWORD)
    press(page, page.get_by_role("button", name="Create account"))
    expect(page.get_by_text(re.compile(r"Welcome, .*Your account is ready"))).to_be_visible()


def log_in(page: Page, username: str, password: str = PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^\s*Username or email address\*?\s*$")).fill(username)
    page.get_by_label(re.compile(r"^\s*Password\*?\s*$")).fill(password)
    press(page, page.get_by_role("button", name="Log in"))
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def step_status_group(page: Page, step):
    return page.get_by_role("group", name=f"Status of {step.title}")


def progress_block(page: Page):
    return page.locator("[data-progress-root]")


def expect_progress(page: Page, *, done: int, total: int):
    """The roadmap page's progress bar and its label both say `done` of `total`."""
    percent = round(100 * done / total)
    block = progress_block(page)
    bar = block.get_by_role("progressbar", name="Steps done")
    expect(bar).to_have_attribute("aria-valuenow", str(done))
    expect(bar).to_have_attribute("aria-valuemax", str(total))
    expect(bar.locator("[data-progress-fill]")).to_have_attribute("width", str(percent))
    expect(block.locator("[data-progress-label]")).to_have_text(
        f"{done} of {total} steps done ({percent}%)"
    )
    return percent


def sign_in_as(context, live_server, learner):
    """Give the browser a session of `learner` (logging in itself is tested in the journeys)."""
    client = Client()
    client.force_login(learner)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )
