"""The activity calendar opens on the current weeks, also on a phone where the year is wider."""

import datetime

from playwright.sync_api import expect

from .helpers import is_phone, log_in


def test_the_calendar_opens_on_the_current_weeks(page, device, ml_roadmap, live_server):
    from progress import services
    from tests.factories import UserFactory

    learner = UserFactory(username="calendar")
    step = ml_roadmap.steps.active().order_by("position").first()
    services.mark_step(learner=learner, step=step, status="in_progress")
    today = datetime.date.today().isoformat()  # the suite's fixed clock, the live server's too

    log_in(page, "calendar")

    scroller = page.locator(".activity-scroll")
    scroller.scroll_into_view_if_needed()
    cell = page.locator(f'.activity-day[data-date="{today}"]')
    expect(cell).to_have_count(1)
    box, frame = cell.bounding_box(), scroller.bounding_box()
    assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1
    if is_phone(page):  # the year does not fit: earlier weeks are off to the left
        scroll_width, client_width = scroller.evaluate("e => [e.scrollWidth, e.clientWidth]")
        assert scroll_width > client_width
