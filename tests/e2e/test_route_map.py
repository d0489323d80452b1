"""The map of the route and the next action (issue 15): on the first screen of a desktop and a
phone, no sideways scroll on the phone, the nodes lead to their steps, axe finds nothing in the
light and the dark theme. With UPDATE_SCREENSHOTS=1 the README's screenshots of the page top are
rewritten (docs/screenshots/roadmap-map-desktop.png, roadmap-map-phone.png)."""

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory

from .conftest import DEVICES, SCREENSHOTS, new_context, save_artifact, update_screenshots
from .helpers import sign_in_as
from .test_accessibility import AXE_JS, ML_URL, RUN_AXE, WCAG_AA, _report


@pytest.fixture
def learner_on_step_three(ml_roadmap):
    """Two steps done, the third in progress with its first topic done."""
    from progress import services
    from progress.models import StepStatus

    learner = UserFactory(username="mapper", email="mapper@example.com")
    steps = list(ml_roadmap.steps.active())
    for step in steps[:2]:
        services.mark_step(learner=learner, step=step, status=StepStatus.DONE)
    services.mark_step(learner=learner, step=steps[2], status=StepStatus.IN_PROGRESS)
    first_topic = steps[2].topics.active().first()
    services.mark_topic(learner=learner, topic=first_topic, status="done")
    return learner, steps


def _visible_layout(page):
    layouts = page.locator("[data-route-map] svg.route-layout")
    visible = [i for i in range(layouts.count()) if layouts.nth(i).is_visible()]
    assert len(visible) == 1, "one layout of the map shows at a time"
    return layouts.nth(visible[0])


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", sorted(DEVICES))
def test_the_map_and_the_next_action_are_on_the_first_screen(
    request, browser, live_server, learner_on_step_three, device, scheme
):
    learner, steps = learner_on_step_three
    options = DEVICES[device] | {"color_scheme": scheme, "bypass_csp": True}
    context = new_context(browser, live_server, **options)
    page = context.new_page()
    try:
        sign_in_as(context, live_server, learner)
        page.goto(ML_URL)
        height = page.viewport_size["height"]

        action = page.locator("[data-next-action]")
        expect(action).to_have_count(1)
        topic = steps[2].topics.active()[1]
        expect(action).to_have_text(f"Continue: Step 3 · {topic.title}")
        assert action.bounding_box()["y"] + action.bounding_box()["height"] <= height

        layout = _visible_layout(page)
        expected = "narrow" if device == "phone" else "wide"
        assert f"route-layout-{expected}" in layout.get_attribute("class")
        box = layout.bounding_box()
        assert box["y"] < height * 0.75, "the map starts on the first screen"
        if device == "phone":
            assert box["y"] + box["height"] <= height, "the whole route fits the first screen"
        scroll = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert scroll <= 0, "no sideways scroll"

        expect(layout.locator(".route-step-done")).to_have_count(2)
        here = layout.locator(".route-step.is-current")
        expect(here).to_have_count(1)
        assert here.get_attribute("data-map-step") == steps[2].slug
        expect(page.get_by_text("About this roadmap")).to_be_visible()  # folded away

        if scheme == "light" and update_screenshots():
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"roadmap-map-{device}.png"))

        save_artifact(page, f"{request.node.name}-top")
        page.add_script_tag(path=str(AXE_JS))
        violations = page.evaluate(RUN_AXE, WCAG_AA)
        assert not violations, _report({f"map, {device}, {scheme}": violations})

        # A node is a link to its step.
        layout.get_by_role("link", name=f"Step 4: {steps[3].title}, not started").click()
        expect(page).to_have_url(f"{live_server.url}{ML_URL}#{steps[3].slug}")
        expect(page.locator(f"#{steps[3].slug}")).to_be_in_viewport()
    finally:
        save_artifact(page, request.node.name)
        context.close()


def test_a_new_visitor_on_a_phone_sees_the_route_and_where_to_start(
    browser, live_server, ml_roadmap
):
    context = new_context(browser, live_server, **DEVICES["phone"])
    page = context.new_page()
    try:
        page.goto(ML_URL)
        first = ml_roadmap.steps.active().first()
        action = page.locator("[data-next-action]")
        expect(action).to_have_text(f"Start: Step 1 · {first.title}")
        expect(action).to_be_in_viewport()
        layout = _visible_layout(page)
        assert layout.bounding_box()["y"] < page.viewport_size["height"] * 0.75
        expect(layout.locator(".route-step.is-current")).to_have_count(1)
        expect(page.locator("[data-roadmap-about]")).to_have_count(0)  # the intro stays open
    finally:
        context.close()


def test_marking_steps_done_moves_you_are_here_and_shows_the_milestones(page, ml_roadmap):
    from tests.e2e.helpers import step_status_group

    steps = list(ml_roadmap.steps.active())
    page.goto(ML_URL)
    wide = page.locator("svg.route-layout-wide")
    first = wide.locator(f'[data-map-step="{steps[0].slug}"]')
    expect(first).to_have_class("route-step route-step-not_started is-current")

    step_status_group(page, steps[0]).get_by_role("button", name="Done").click()
    milestone = page.locator(f'[data-step-milestone="{steps[0].slug}"]')
    expect(milestone).to_be_visible()
    expect(milestone).to_contain_text(f"“{steps[0].title}” is done: 1 of {len(steps)} steps")
    expect(first).to_have_class("route-step route-step-done")
    expect(wide.locator(f'[data-map-step="{steps[1].slug}"]')).to_have_class(
        "route-step route-step-not_started is-current"
    )
    expect(page.locator(f'[data-step-item="{steps[0].slug}"]')).to_have_class("step-item step-done")
    expect(wide.locator(f'[data-map-line="{steps[0].slug}"]')).to_have_class(
        "route-line route-line-done"
    )

    for step in steps[1:]:
        group = step_status_group(page, step)
        group.get_by_role("button", name="Done").click()
        expect(group.get_by_role("button", name="Done")).to_have_attribute("aria-pressed", "true")
    last = page.locator(f'[data-step-milestone="{steps[-1].slug}"]')
    expect(last).to_contain_text("You unlocked the knowledge check")
    expect(last.get_by_role("link", name="Take the knowledge check")).to_be_visible()
    expect(wide.locator(".is-current")).to_have_count(0)
