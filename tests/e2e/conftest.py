"""Real-browser tests: Playwright for Python driving Debian's Chromium against the live server.

One browser for the whole session, a fresh context (cookies, storage, viewport) per test. The
Playwright sync API runs an event loop in the test thread, so the Django ORM, called from the
tests to set up and check data, must be told that this is safe here (and only here).
"""

import contextlib
import os
import re
import uuid
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
SCREENSHOTS = ROOT / "docs" / "screenshots"
AXE_JS = Path(__file__).parent / "assets" / "axe-core" / "axe.min.js"

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
}
DEVICES = {"desktop": DESKTOP, "phone": PHONE}
# Playwright's default 30 s would hide a hang for a long time; nothing here takes over a second.
TIMEOUT_MS = 10_000


def _on_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    """Chromium, launched once. Missing: skip with the reason, except under CI=true: fail."""
    if not Path(CHROMIUM).exists():
        reason = f"Chromium not found at {CHROMIUM}: apt-get install -y chromium"
        if _on_ci():
            pytest.fail(f"{reason} (CI=true: browser tests must run)", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site_content(transactional_db):
    """The site's real content, loaded by the README's command (the live server needs it
    committed, so this uses `transactional_db` where tests/conftest.py's `content` uses `db`)."""
    call_command("load_content", verbosity=0)


@pytest.fixture
def ml_roadmap(site_content):
    """The same roadmap as tests/conftest.py's `ml_roadmap`, with its content committed."""
    from roadmap.models import Roadmap

    return Roadmap.objects.get(slug="machine-learning-engineer")


@pytest.fixture(params=sorted(DEVICES), ids=sorted(DEVICES))
def device(request):
    """Run a journey on a desktop window and on a phone-sized touch screen."""
    return request.param


def new_context(browser, live_server, **options):
    context = browser.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def page(request, browser, live_server):
    """A page in a fresh context sized for `device` (desktop when the test does not ask).

    Console errors and failed requests of the site's own pages fail the test: a broken script
    or a CSP refusal is a bug a learner would meet. The last page is saved as a screenshot in
    test-artifacts/e2e/<test name>.png, pass or fail.
    """
    name = request.getfixturevalue("device") if "device" in request.fixturenames else "desktop"
    context = new_context(browser, live_server, **DEVICES[name])
    page = context.new_page()
    problems = []

    def on_console(msg):
        # The admin declares no icon, so Chromium asks for /favicon.ico and gets a 404.
        if msg.type == "error" and not msg.location.get("url", "").endswith("/favicon.ico"):
            problems.append(f"console {msg.type}: {msg.text} ({msg.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    yield page
    try:
        save_artifact(page, request.node.name)
    finally:
        context.close()
    assert not problems, "The browser reported errors:\n" + "\n".join(problems)


def save_artifact(page, test_name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", test_name).strip("-")
    # A page that died must not hide the real failure behind a screenshot error.
    with contextlib.suppress(Exception):
        page.screenshot(path=str(ARTIFACTS / f"{safe}.png"), full_page=False)


def update_screenshots():
    """README screenshots are rewritten only on request: UPDATE_SCREENSHOTS=1."""
    return os.environ.get("UPDATE_SCREENSHOTS", "") in {"1", "true", "yes"}


@pytest.fixture
def learner_with_history(ml_roadmap):
    """A learner with two steps done, a plan, a note and a quiz attempt with one wrong answer."""
    from progress import services as progress
    from progress.models import StepStatus
    from quizzes.models import Question
    from quizzes.services import submit_attempt
    from tests.factories import UserFactory

    learner = UserFactory(username="axe", email="axe@example.com", display_name="Axe Tester")
    steps = list(ml_roadmap.steps.active())
    for step in steps[:2]:
        progress.mark_step(learner=learner, step=step, status=StepStatus.DONE)
    progress.mark_step(learner=learner, step=steps[2], status=StepStatus.IN_PROGRESS)
    progress.save_step_note(learner=learner, step=steps[0], note="Finished the Python course.")
    progress.set_plan(learner=learner, roadmap=ml_roadmap, start_date=date(2020, 1, 6))
    answers = {}
    questions = list(Question.objects.active().filter(quiz__roadmap=ml_roadmap))
    for index, question in enumerate(questions):
        choices = list(question.choices.active())
        right = {c.pk for c in choices if c.is_correct}
        wrong = {c.pk for c in choices if not c.is_correct}
        answers[question.pk] = right if index else {min(wrong)}
    attempt = submit_attempt(
        quiz=ml_roadmap.quiz, answers=answers, token=uuid.uuid4(), learner=learner
    )
    return learner, attempt
