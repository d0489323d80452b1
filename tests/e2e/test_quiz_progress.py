"""Taking the quiz: "N of M answered" counts as the learner goes, on a desktop and a phone."""

from playwright.sync_api import expect

from .helpers import press

QUIZ_URL = "/roadmaps/machine-learning-engineer/quiz/"


def test_the_quiz_counts_the_answered_questions(page, device, ml_roadmap):
    page.goto(QUIZ_URL)
    questions = page.locator("[data-quiz-question]")
    total = questions.count()
    counter = page.locator("[data-quiz-answered]")
    expect(counter).to_have_text(f"0 of {total} answered")
    for number in range(3):
        choice = questions.nth(number).locator("input").first
        choice.scroll_into_view_if_needed()
        press(page, choice)
        expect(counter).to_have_text(f"{number + 1} of {total} answered")
    # Another choice in an answered question does not count twice.
    other = questions.nth(0).locator("input").nth(1)
    other.scroll_into_view_if_needed()
    press(page, other)
    expect(counter).to_have_text(f"3 of {total} answered")
    expect(counter).to_be_in_viewport()  # it stays in sight at the bottom of the window
