"""The site's content fixtures: they load idempotently and hold what the source page needs."""

import pytest
from django.apps import apps
from django.core.management import call_command

from quizzes.models import Question, Quiz
from roadmap.models import Roadmap

CONTENT_APPS = ("roadmap", "sources", "quizzes")
ML = "machine-learning-engineer"
SECTION_ANCHORS = {"pillars", "key-terms", "callouts", "salaries", "career-timeline", "faq"}


def content_models():
    return [m for app in CONTENT_APPS for m in apps.get_app_config(app).get_models()]


def counts():
    return {m._meta.label: m._default_manager.count() for m in content_models()}


def test_loading_twice_updates_in_place(content):
    first = counts()
    for label in (
        "roadmap.Roadmap",
        "roadmap.Pillar",
        "roadmap.KeyTerm",
        "roadmap.Step",
        "roadmap.Callout",
        "roadmap.SalaryFigure",
        "roadmap.CareerStage",
        "roadmap.FAQ",
        "roadmap.Highlight",
        "roadmap.RelatedTopic",
        "sources.Source",
        "sources.Citation",
        "quizzes.Quiz",
        "quizzes.Question",
        "quizzes.Choice",
    ):
        assert first[label] > 0, f"{label} has no rows"
    call_command("load_content", verbosity=0)
    assert counts() == first


def test_every_content_row_is_valid(content):
    """Every required field is filled and within its limits, as the admin would demand."""
    checked = 0
    for model in content_models():
        for obj in model._default_manager.all():
            obj.full_clean()
            checked += 1
    assert checked > 300


def test_every_roadmap_has_a_published_page_and_a_quiz(content):
    roadmaps = Roadmap.objects.published()
    assert {r.slug for r in roadmaps} == {
        ML,
        "software-architect",
        "machine-learning-in-90-days",
    }
    for roadmap in roadmaps:
        assert roadmap.summary and roadmap.intro, roadmap.slug
        assert roadmap.steps.count() >= 3, roadmap.slug
        assert roadmap.faqs.count() >= 2, roadmap.slug
        assert roadmap.highlights.exists(), roadmap.slug
        assert roadmap.quiz.is_published
        assert roadmap.quiz.questions.filter(kind=Question.Kind.MULTIPLE).exists()
        related = set(roadmap.related_links.values_list("related__slug", flat=True))
        assert len(related) == 2 and roadmap.slug not in related


def test_ml_quiz_opens_with_the_page_question(content):
    quiz = Quiz.objects.get(roadmap__slug=ML)
    questions = list(quiz.questions.active())
    assert len(questions) >= 10
    first = questions[0]
    assert first.text == (
        "Which of the following is the most common first step in the ML engineer roadmap?"
    )
    assert first.step.slug == "step-1"
    right = [c for c in first.choices.all() if c.is_correct]
    assert len(right) == 1
    assert "Python" in right[0].text
    assert quiz.questions.filter(kind=Question.Kind.MULTIPLE).count() >= 3


@pytest.mark.parametrize("slug", [ML, "software-architect", "machine-learning-in-90-days"])
def test_questions_are_answerable_and_link_to_what_teaches_them(content, slug):
    questions = Question.objects.filter(quiz__roadmap__slug=slug).prefetch_related("choices")
    assert questions.count() >= 6
    for question in questions:
        choices = list(question.choices.all())
        right = [c for c in choices if c.is_correct]
        assert len(choices) >= 3, question.text
        if question.is_multiple:
            assert len(right) >= 2, question.text
        else:
            assert len(right) == 1, question.text
        assert question.explanation.strip(), question.text
        assert all(c.feedback.strip() for c in choices), question.text
        if question.step_id:
            assert question.step.roadmap.slug == slug
        else:
            assert question.section_anchor in SECTION_ANCHORS, question.text


def test_ml_roadmap_has_six_steps_and_four_stages(ml_roadmap):
    steps = list(ml_roadmap.steps.active())
    assert [s.anchor for s in steps] == [f"step-{n}" for n in range(1, 7)]
    assert [(s.start_month, s.end_month) for s in steps] == [
        (1, 2),
        (3, 4),
        (5, 6),
        (7, 8),
        (9, 10),
        (11, 12),
    ]
    stages = list(ml_roadmap.stages.all())
    assert [s.years_label for s in stages] == ["0–3 yrs", "3–5 yrs", "5–7 yrs", "7+ yrs"]


def test_every_salary_figure_cites_its_source(content):
    from roadmap.models import SalaryFigure

    figures = SalaryFigure.objects.prefetch_related("citations__source")
    assert figures.filter(roadmap__slug=ML).count() == 5
    assert figures.get(roadmap__slug=ML, is_highlighted=True).median_annual_usd == 153252
    for figure in figures:
        assert figure.citations.exists(), figure.role


def test_footnotes_follow_the_source_page(ml_roadmap):
    roadmap = Roadmap.objects.for_page().get(slug=ML)
    cited = roadmap.number_citations()
    footnotes = cited.footnotes
    keys = [note.source.key for note in footnotes[:4]]
    assert keys == [
        "coursera-what-is-ml-engineer",
        "ucr-how-to-become-ml-engineer",
        "reddit-ml-engineer-roadmap",
        "usd-ml-career-guide",
    ]
    assert [note.number for note in footnotes[:4]] == [1, 2, 3, 4]
    assert len(footnotes[0].backrefs) == 3
    assert all(m.number == 1 for p in roadmap.pillars.all() for m in cited.markers_of(p))
    bls = [n.source.publisher for n in footnotes[4:8]]
    assert all("Bureau of Labor Statistics" in p for p in bls)
