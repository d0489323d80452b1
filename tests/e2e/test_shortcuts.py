"""Keyboard shortcuts on the roadmap page, in a real browser (fixtures in tests/e2e/conftest.py)."""

import pytest
from playwright.sync_api import expect

from .helpers import log_in, step_status_group

ML_URL = "/roadmaps/machine-learning-engineer/"


@pytest.fixture
def ml_steps(ml_roadmap):
    return list(ml_roadmap.steps.active().order_by("position", "id"))


@pytest.fixture
def signed_in(page, site_content):
    from tests.factories import UserFactory

    UserFactory(username="keys", email="keys@example.com")
    log_in(page, "keys")
    page.goto(ML_URL)
    expect(page.get_by_role("button", name="Next step")).to_be_visible()
    return page


def statuses(username="keys"):
    from progress.models import StepProgress

    return dict(
        StepProgress.objects.filter(learner__username=username).values_list("step__slug", "status")
    )


def announcement(page):
    return page.locator("[data-shortcuts-announce]")


def test_j_then_d_marks_the_first_step_done(signed_in, ml_steps):
    page = signed_in
    first = ml_steps[0]
    page.keyboard.press("j")
    expect(page.locator(f"article#{first.slug}")).to_be_focused()
    expect(announcement(page)).to_have_text(f"Step 1 of {len(ml_steps)}: {first.title}.")

    page.keyboard.press("d")
    done = step_status_group(page, first).get_by_role("button", name="Done")
    expect(done).to_have_attribute("aria-pressed", "true")
    expect(page.locator("[data-progress-announce]")).to_contain_text("Done")
    assert statuses() == {first.slug: "done"}

    page.keyboard.press("r")  # reset: back to not started
    not_started = step_status_group(page, first).get_by_role("button", name="Not started")
    expect(not_started).to_have_attribute("aria-pressed", "true")
    assert statuses() == {first.slug: "not_started"}


def test_the_visible_buttons_do_what_the_keys_do(signed_in, ml_steps):
    page = signed_in
    next_button = page.get_by_role("button", name="Next step")
    expect(next_button).to_have_attribute("aria-keyshortcuts", "j")
    expect(page.get_by_role("button", name="Previous step")).to_have_attribute(
        "aria-keyshortcuts", "k"
    )
    next_button.click()
    next_button.click()
    next_button.click()
    page.get_by_role("button", name="Previous step").click()
    second = ml_steps[1]
    expect(page.locator(f"article#{second.slug}")).to_be_focused()

    page.keyboard.press("i")
    group = step_status_group(page, second)
    expect(group.get_by_role("button", name="In progress")).to_have_attribute(
        "aria-pressed", "true"
    )
    page.keyboard.press("s")
    expect(group.get_by_role("button", name="Skip")).to_have_attribute("aria-pressed", "true")
    expect(group.get_by_role("button", name="Skip")).to_have_attribute("aria-keyshortcuts", "s")
    assert statuses() == {second.slug: "skipped"}


def test_typing_in_a_field_fires_no_shortcut(signed_in, ml_steps):
    page = signed_in
    page.keyboard.press("j")  # step 1 is now the current step: a stray "d" would mark it
    expect(page.locator(f"article#{ml_steps[0].slug}")).to_be_focused()

    field = page.get_by_label("Plan start date")
    field.focus()
    for key in ("d", "i", "s", "j", "k", "?"):
        page.keyboard.press(key)
    expect(field).to_be_focused()
    expect(page.get_by_role("dialog")).to_have_count(0)
    # Marking is a fetch: give a wrongly fired one the time to land before checking.
    page.wait_for_timeout(300)
    assert statuses() == {}
    done = step_status_group(page, ml_steps[0]).get_by_role("button", name="Done")
    expect(done).to_have_attribute("aria-pressed", "false")


def test_modifier_keys_fire_no_shortcut(signed_in, ml_steps):
    page = signed_in
    page.keyboard.press("j")
    page.keyboard.press("Alt+d")
    page.keyboard.press("Shift+D")
    page.wait_for_timeout(300)
    assert statuses() == {}


def test_question_mark_opens_the_help_and_escape_closes_it(page, ml_roadmap):
    page.goto(ML_URL)  # a visitor: the shortcuts work before signing up too
    opener = page.get_by_role("button", name="Keyboard shortcuts (?)")
    expect(opener).to_be_visible()
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("row")).to_have_count(9)  # header row and eight keys
    expect(dialog).to_contain_text("Reset the current step to not started")

    page.keyboard.press("d")  # keys do not act behind the open dialog
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    opener.click()
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Close keyboard shortcuts").click()
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()
