"""The journeys of issue 5, each on a desktop window and on a phone (the `device` fixture)."""

import re

from playwright.sync_api import expect

from .conftest import SCREENSHOTS, update_screenshots
from .helpers import (
    PASSWORD,
    expect_progress,
    main_nav,
    press,
    sign_up,
    step_status_group,
)

ML_URL = "/roadmaps/machine-learning-engineer/"


def readme_screenshot(page, device, name):
    """Rewrite docs/screenshots/<name> (desktop, light theme) when UPDATE_SCREENSHOTS=1."""
    if device == "desktop" and update_screenshots():
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / name), full_page=False)


def test_visitor_follows_a_footnote_to_its_source_and_back(page, device, ml_roadmap):
    page.goto("/")
    press(page, page.get_by_role("link", name=ml_roadmap.title))
    expect(page).to_have_url(re.compile(re.escape(ML_URL) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(ml_roadmap.title)

    marker = page.locator("#pillars .fn-marker a").first
    ref_id = marker.get_attribute("id")
    note_id = marker.get_attribute("href").removeprefix("#")
    assert re.fullmatch(r"fn-\d+-ref-\d+", ref_id) and note_id == ref_id.split("-ref-")[0]
    marker.scroll_into_view_if_needed()
    press(page, marker)

    note = page.locator(f"#sources li#{note_id}")
    expect(page).to_have_url(re.compile(f"#{note_id}$"))
    expect(note).to_be_in_viewport()
    expect(marker).not_to_be_in_viewport()
    # The source named by the marker is the one the list shows under that number.
    title = marker.get_attribute("aria-label").split(": ", 1)[1]
    expect(note.locator(".sources-title")).to_have_text(title)

    press(page, note.locator(f'a.sources-backref[href="#{ref_id}"]'))
    expect(page).to_have_url(re.compile(f"#{ref_id}$"))
    expect(marker).to_be_in_viewport()
    expect(note).not_to_be_in_viewport()


def test_visitor_marks_two_steps_then_signs_up_and_keeps_them(page, device, ml_roadmap):
    from progress.models import StepProgress, StepStatus

    steps = list(ml_roadmap.steps.active())
    total = len(steps)
    first, second = steps[0], steps[2]
    page.goto(ML_URL)
    expect_progress(page, done=0, total=total)
    page.evaluate("window.stillTheSamePage = true")  # gone if a click reloads the page

    for step in (first, second):
        done = step_status_group(page, step).get_by_role("button", name="Done")
        done.scroll_into_view_if_needed()
        press(page, done)
        expect(done).to_have_attribute("aria-pressed", "true")
    expect_progress(page, done=2, total=total)
    assert page.evaluate("window.stillTheSamePage === true"), "marking reloaded the page"
    expect(page.locator("[data-progress-announce]")).to_contain_text("2 of")

    press(page, page.locator("[data-progress-root]").get_by_role("link", name="sign up"))
    sign_up(page, "visitor2learner")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    card = page.locator("[data-dashboard-roadmap]").filter(has_text=ml_roadmap.title)
    expect(card).to_contain_text(f"2 of {total} steps done")
    readme_screenshot(page, device, "dashboard.png")

    press(page, card.get_by_role("link", name=ml_roadmap.title))
    for reload in (False, True):  # as rendered after sign-up, then after a reload
        if reload:
            page.reload()
        for step in steps:
            pressed = "true" if step in (first, second) else "false"
            done = step_status_group(page, step).get_by_role("button", name="Done")
            expect(done).to_have_attribute("aria-pressed", pressed)
        expect_progress(page, done=2, total=total)

    saved = StepProgress.objects.filter(learner__username="visitor2learner")
    assert {(row.step_id, row.status) for row in saved} == {
        (first.pk, StepStatus.DONE),
        (second.pk, StepStatus.DONE),
    }
    page.locator("#roadmap-steps").evaluate("(el) => el.scrollIntoView({block: 'start'})")
    expect(page.locator("#roadmap-steps-heading")).to_be_in_viewport()
    readme_screenshot(page, device, "roadmap.png")


def _answer(page, questions, wrong=None):
    """Answer every question right (choices read from the database), `wrong` with a wrong one."""
    for question in questions:
        choices = list(question.choices.active())
        if question == wrong:
            picked = [next(c for c in choices if not c.is_correct)]
        else:
            picked = [c for c in choices if c.is_correct]
        for choice in picked:
            page.locator(f'input[name="question_{question.pk}"][value="{choice.pk}"]').check()
    press(page, page.get_by_role("button", name="Submit answers"))
    expect(page).to_have_url(re.compile(r"/quiz/attempts/[0-9a-f-]{36}/$"))


def test_learner_takes_the_quiz_twice_and_the_dashboard_shows_the_best(page, device, ml_roadmap):
    from quizzes.models import Question

    questions = list(Question.objects.active().filter(quiz__roadmap=ml_roadmap))
    total = len(questions)
    wrong = next(q for q in questions if not q.is_multiple)
    assert total >= 2

    page.goto("/accounts/signup/")
    sign_up(page, "quizlearner")
    page.goto(ML_URL)
    quiz_link = page.get_by_role("link", name="Take the knowledge check")
    quiz_link.scroll_into_view_if_needed()
    press(page, quiz_link)
    expect(page.get_by_role("button", name="Submit answers")).to_be_visible()

    _answer(page, questions, wrong=wrong)
    percent = (total - 1) * 100 // total
    expect(page.locator("[data-score]")).to_have_text(f"{total - 1} / {total} ({percent}%)")
    missed = page.locator("article").filter(has_text=wrong.text)
    expect(missed.get_by_text("Incorrect", exact=True)).to_be_visible()
    expect(missed).to_contain_text(f"Why: {wrong.explanation}")
    right_ones = page.locator("article").filter(has=page.get_by_text("Correct", exact=True))
    expect(right_ones).to_have_count(total - 1)
    readme_screenshot(page, device, "quiz-review.png")

    press(page, page.get_by_role("link", name="Retake the quiz"))
    _answer(page, questions)
    expect(page.locator("[data-score]")).to_have_text(f"{total} / {total} (100%)")
    expect(page.get_by_text("Incorrect", exact=True)).to_have_count(0)

    press(page, main_nav(page).get_by_role("link", name="Dashboard"))
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    card = page.locator("[data-dashboard-roadmap]").filter(has_text=ml_roadmap.title)
    expect(card).to_contain_text(f"100% ({total} of {total})")


def test_admin_edits_a_step_and_adds_a_question_seen_on_the_site(page, device, ml_roadmap):
    from accounts.models import User

    User.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    step = ml_roadmap.steps.active()[1]
    quiz = ml_roadmap.quiz
    new_title = "Learn the core algorithms, then practise them"
    question_text = "Which tool does Step 4 name for model versioning?"

    page.goto("/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    press(page, page.get_by_role("button", name="Log in"))
    expect(page.get_by_role("heading", name="Content and learners")).to_be_visible()

    page.goto(f"/admin/roadmap/step/{step.pk}/change/")
    title = page.locator("#id_title")
    expect(title).to_have_value(step.title)
    title.fill(new_title)
    press(page, page.locator("input[name=_save]"))
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto("/admin/quizzes/question/add/")
    page.locator("#id_quiz").select_option(label=quiz.title)
    page.locator("#id_text").fill(question_text)
    page.locator("#id_explanation").fill("Step 4: model versioning with MLflow.")
    page.locator("#id_choices-0-text").fill("MLflow")
    page.locator("#id_choices-0-is_correct").check()
    page.locator("#id_choices-1-text").fill("Kaggle")
    press(page, page.locator("input[name=_save]"))
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    page.goto(ML_URL)
    expect(page.locator(f"#{step.slug}-title")).to_contain_text(new_title)
    page.goto(quiz.get_absolute_url())
    asked = page.get_by_role("group").filter(has_text=question_text)
    expect(asked).to_be_visible()
    expect(asked.get_by_label("MLflow")).to_be_visible()
    expect(asked.get_by_label("Kaggle")).to_be_visible()
    asked.scroll_into_view_if_needed()
