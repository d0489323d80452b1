"""A visitor works through a step topic by topic, in place, on a desktop window and a phone."""

import re

from playwright.sync_api import expect

from .helpers import press

ML_URL = "/roadmaps/machine-learning-engineer/"


def test_ticking_every_topic_of_a_step_offers_to_mark_it_done(page, device, ml_roadmap):
    step = ml_roadmap.steps.active().order_by("position").first()
    topics = list(step.topics.active().order_by("position"))
    page.goto(ML_URL)
    page.evaluate("window.notReloaded = true")

    details = page.locator(f'[data-step-topics="{step.slug}"]')
    summary = details.locator("summary")
    summary.scroll_into_view_if_needed()
    press(page, summary)
    label = page.locator(f'[data-topics-label="{step.slug}"]')
    expect(label).to_have_text(f"0 of {len(topics)} topics")
    offer = page.locator(f'[data-step-done-offer="{step.slug}"]')
    expect(offer).to_be_hidden()

    for number, topic in enumerate(topics, start=1):
        group = page.get_by_role("group", name=f"Status of the topic {topic.title}")
        button = group.get_by_role("button", name="Skip" if number % 2 else "Done")
        button.scroll_into_view_if_needed()
        press(page, button)
        expect(button).to_have_attribute("aria-pressed", "true")
        expect(label).to_have_text(f"{number} of {len(topics)} topics")

    expect(offer).to_be_visible()
    assert page.evaluate("window.notReloaded") is True  # all of it in place
    announce = page.locator("[data-progress-announce]")
    expect(announce).to_contain_text("Every topic is ticked")

    # The page offered; only the learner's own press marks the step done.
    press(page, offer.get_by_role("button", name=re.compile(r"^Mark .* done$")))
    done = page.get_by_role("group", name=f"Status of {step.title}").get_by_role(
        "button", name="Done"
    )
    expect(done).to_have_attribute("aria-pressed", "true")
