"""The roadmap page's map of the route, its one next action, the step cards' states and the
milestones (issue 15), as the server renders them."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates.services import share_certificate
from progress import services
from progress.models import StepStatus
from roadmap.models import Topic
from tests.factories import RoadmapFactory, StepFactory
from tests.helpers import answer, quiz_for

from .test_topics_and_resources import with_topics

pytestmark = pytest.mark.django_db


@pytest.fixture
def topical(roadmap):
    """The six-step roadmap with three topics a step."""
    return with_topics(roadmap, topics=3, resources=1)


def html(client, roadmap):
    return client.get(roadmap.get_absolute_url()).content.decode()


def map_of(page, layout="wide"):
    return re.search(rf'<svg class="route-layout route-layout-{layout}".*?</svg>', page, re.S)[0]


def node(svg, slug):
    return re.search(rf'<g class="([^"]*)" data-map-step="{slug}"', svg)[1]


def next_action(page):
    found = re.findall(
        r'<a class="btn[^"]*next-action" href="([^"]+)"\s+data-next-action="(\w+)">([^<]+)</a>',
        page,
    )
    assert len(found) == 1, "one next action"
    return found[0]


# ---------- The map ----------


def test_the_map_draws_every_step_and_topic_coloured_by_the_learners_status(
    learner_client, learner, topical, steps
):
    services.mark_step(learner=learner, step=steps[0], status=StepStatus.DONE)
    services.mark_step(learner=learner, step=steps[1], status=StepStatus.SKIPPED)
    services.mark_step(learner=learner, step=steps[2], status=StepStatus.IN_PROGRESS)
    topic = steps[2].topics.first()
    services.mark_topic(learner=learner, topic=topic, status="done")
    page = html(learner_client, topical)

    for layout in ("wide", "medium", "narrow"):
        svg = map_of(page, layout)
        assert node(svg, "step-1") == "route-step route-step-done"
        assert node(svg, "step-2") == "route-step route-step-skipped"
        assert node(svg, "step-3") == "route-step route-step-in_progress is-current"
        assert node(svg, "step-4") == "route-step route-step-not_started"
        # each node links to its place on the page; the route is filled behind the done step
        for step in steps:
            assert f'href="#{step.slug}"' in svg
            for t in step.topics.all():
                assert f'href="#{t.anchor}"' in svg
        assert f'<a href="#{topic.anchor}" class="route-topic route-topic-done"' in svg
        assert 'class="route-line route-line-done" points' in svg
        assert svg.count("route-line-done") == 1
        assert "<title data-map-title>Step 3: Step 3, in progress, you are here</title>" in svg
        # named and described for assistive technology
        assert f'aria-labelledby="route-title-{layout}"' in svg
        assert f'<title id="route-title-{layout}">Map of the route: {topical.title}</title>' in svg
        assert (
            f'<desc id="route-desc-{layout}">6 steps: 1 done, 1 in progress, 1 skipped, '
            "3 not started. You are here: step 3, Step 3.</desc>"
        ) in svg
    legend = re.search(r'aria-label="Map key">(.*?)</ul>', page, re.S)[1]
    words = re.findall(r"</svg>([^<]+)</li>", legend)
    assert words == ["Done", "In progress", "You are here", "Skipped", "Not started"]
    # the ordered list of steps stays, the text version of the map
    assert page.count('<li class="step-item') == 6


def test_a_new_visitor_sees_the_route_with_the_first_step_as_you_are_here(client, topical):
    svg = map_of(html(client, topical))
    assert node(svg, "step-1") == "route-step route-step-not_started is-current"
    assert svg.count("is-current") == 1
    assert "route-line-done" not in svg


def test_the_map_has_no_inline_style_or_script(client, topical):
    section = re.search(r'<section class="route-map".*?</section>', html(client, topical), re.S)[0]
    assert "style=" not in section and "<script" not in section
    assert not re.search(r"\son\w+=", section)


def test_a_learner_who_finished_sees_no_you_are_here(learner_client, learner, topical, steps):
    for step in steps:
        services.mark_step(learner=learner, step=step, status=StepStatus.DONE)
    page = html(learner_client, topical)
    svg = map_of(page)
    assert "is-current" not in svg and "Every step is done or skipped." in svg
    assert svg.count("route-line-done") == 5


def test_many_steps_wrap_into_rows_on_the_wide_map(client, make_roadmap):
    svg = map_of(html(client, make_roadmap(14)))
    assert 'viewBox="0 0 1200 ' in svg
    ys = {int(y) for y in re.findall(r'class="route-node" cx="\d+" cy="(\d+)"', svg)}
    assert len(ys) == 3  # 6 + 6 + 2
    narrow = map_of(html(client, make_roadmap(14)), "narrow")
    assert 'viewBox="0 0 340 ' in narrow  # one column, whatever the number of steps


# ---------- The step cards ----------


def test_done_steps_look_done_and_the_current_step_stands_out(
    learner_client, learner, roadmap, steps
):
    services.mark_step(learner=learner, step=steps[0], status=StepStatus.DONE)
    page = html(learner_client, roadmap)
    items = re.findall(r'<li class="step-item ([^"]+)" data-step-item="([\w-]+)">', page)
    assert items[:3] == [
        ("step-done", "step-1"),
        ("step-not-started step-current", "step-2"),
        ("step-not-started", "step-3"),
    ]
    assert page.count('<span class="step-here">You are here</span>') == 1


# ---------- One next action ----------


def test_a_new_visitor_is_asked_to_start_at_step_one(client, topical):
    url, kind, label = next_action(html(client, topical))
    assert (label, kind) == ("Start: Step 1 · Step 1", "continue")
    assert url == f"{topical.get_absolute_url()}#step-1"


def test_inside_a_step_the_next_action_is_its_next_topic(learner_client, learner, topical, steps):
    first, second = steps[0].topics.all()[:2]
    services.mark_topic(learner=learner, topic=first, status="done")
    url, kind, label = next_action(html(learner_client, topical))
    assert label == f"Continue: Step 1 · {second.title}"
    assert url.endswith(f"#{second.anchor}")


def test_the_next_action_skips_settled_steps(learner_client, learner, roadmap, steps):
    services.mark_step(learner=learner, step=steps[0], status=StepStatus.DONE)
    services.mark_step(learner=learner, step=steps[1], status=StepStatus.SKIPPED)
    services.mark_step(learner=learner, step=steps[3], status=StepStatus.IN_PROGRESS)
    url, _, label = next_action(html(learner_client, roadmap))
    assert label == "Continue: Step 3 · Step 3" and url.endswith("#step-3")


def test_with_every_step_settled_the_next_action_is_the_knowledge_check(
    learner_client, learner, roadmap, steps
):
    quiz_for(roadmap)
    for step in steps:
        services.mark_step(learner=learner, step=step, status=StepStatus.DONE)
    url, kind, label = next_action(html(learner_client, roadmap))
    assert (label, kind) == ("Take the knowledge check", "quiz")
    assert url.endswith("#knowledge-check")


def test_once_earned_the_next_action_is_the_certificate(learner_client, learner, roadmap, steps):
    quiz = quiz_for(roadmap)
    for step in steps:
        services.mark_step(learner=learner, step=step, status=StepStatus.DONE)
    answer(quiz, learner)
    url, kind, label = next_action(html(learner_client, roadmap))
    assert (label, kind) == ("Claim your certificate", "certificate")
    assert url == f"{reverse('progress:dashboard')}#certificate-{roadmap.slug}"
    dashboard = learner_client.get(reverse("progress:dashboard")).content.decode()
    assert next_action(dashboard)[2] == "Claim your certificate"
    assert f'id="certificate-{roadmap.slug}"' in dashboard  # where the button leads

    share_certificate(learner=learner, roadmap=roadmap, name="Ada")
    dashboard = learner_client.get(reverse("progress:dashboard")).content.decode()
    assert next_action(dashboard)[2] == "See your certificate"


def test_passed_with_skipped_steps_the_next_action_is_a_skipped_step(
    learner_client, learner, roadmap, steps
):
    quiz = quiz_for(roadmap)
    for step in steps:
        services.mark_step(learner=learner, step=step, status=StepStatus.DONE)
    services.mark_step(learner=learner, step=steps[4], status=StepStatus.SKIPPED)
    answer(quiz, learner)
    url, _, label = next_action(html(learner_client, roadmap))
    assert label == "Finish the skipped steps: Step 5 · Step 5" and url.endswith("#step-5")


def test_each_dashboard_card_has_its_next_action(learner_client, learner, roadmap, steps):
    services.mark_step(learner=learner, step=steps[0], status=StepStatus.DONE)
    dashboard = learner_client.get(reverse("progress:dashboard")).content.decode()
    url, _, label = next_action(dashboard)
    assert label == "Continue: Step 2 · Step 2"
    assert url == f"{roadmap.get_absolute_url()}#step-2"


def test_the_introduction_folds_away_once_the_learner_has_started(
    client, learner_client, learner, roadmap, steps
):
    roadmap.intro = "Why this roadmap."
    roadmap.save()
    assert "data-roadmap-about" not in html(learner_client, roadmap)
    assert "Why this roadmap." in html(client, roadmap)
    services.mark_step(learner=learner, step=steps[0], status=StepStatus.IN_PROGRESS)
    page = html(learner_client, roadmap)
    about = re.search(r"<details class=\"roadmap-about\".*?</details>", page, re.S)[0]
    assert "<summary>About this roadmap</summary>" in about and "Why this roadmap." in about
    # the next action and the map come right after it, before the steps' section
    assert (
        page.index("data-next-action")
        < page.index("data-route-map")
        < page.index('id="roadmap-steps"')
    )


# ---------- Queries ----------


def _big(steps, topics):
    roadmap = RoadmapFactory()
    for n in range(steps):
        StepFactory(roadmap=roadmap, slug=f"s{n}", position=n)
    return with_topics(roadmap, topics, 1)


@pytest.mark.parametrize("finished", [False, True], ids=["under way", "every step done"])
def test_the_map_and_next_action_run_the_same_queries_whatever_the_content_size(learner, finished):
    client = Client()
    client.force_login(learner)
    counts = []
    for roadmap in (_big(6, 3), _big(60, 8)):
        quiz = quiz_for(roadmap)
        if finished:
            for step in roadmap.steps.all():
                services.mark_step(learner=learner, step=step, status=StepStatus.DONE)
            answer(quiz, learner)
        else:
            services.mark_topic(
                learner=learner, topic=Topic.objects.filter(step__roadmap=roadmap)[0], status="done"
            )
        client.get(roadmap.get_absolute_url())
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            page = client.get(roadmap.get_absolute_url()).content.decode()
        counts.append(len(queries))
        expected = "Claim your certificate" if finished else "Continue: Step 1 ·"
        assert expected in next_action(page)[2]
    assert counts[0] == counts[1]


# ---------- Progress that reads right ----------


def test_the_bar_means_done_and_verified_is_a_separate_badge(learner_client, learner, roadmap):
    page = html(learner_client, roadmap)
    assert "data-progress-verified" not in page and "fill-opacity" not in page
    assert page.count("<rect data-progress-fill") == 1


def test_keyboard_hints_are_hidden_on_touch_screens():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static/css/route_map.css").read_text()
    block = css.split("@media (hover: none)")[1].split("}\n}")[0]
    assert ".step-shortcuts" in block and "display: none" in block


# ---------- Milestones ----------


def test_marking_a_step_done_says_so_and_the_last_one_says_what_it_unlocked(
    signed_in_csrf_client, roadmap, steps, post_status
):
    client = signed_in_csrf_client
    data = post_status(client, steps[0], "done", json=True).json()
    assert data["milestone"] == "“Step 1” is done: 1 of 6 steps done (17%)."
    assert data["unlocked"] is None and data["next_step"] == "step-2"
    assert post_status(client, steps[1], "in_progress", json=True).json()["milestone"] is None
    for step in steps[1:5]:
        post_status(client, step, "done", json=True)
    data = post_status(client, steps[5], "done", json=True).json()
    assert data["all_done"] and data["next_step"] is None
    assert (
        "every step of" in data["milestone"] and "unlocked the knowledge check" in data["milestone"]
    )
    assert data["unlocked"] == {
        "label": "Take the knowledge check",
        "url": f"{roadmap.get_absolute_url()}#knowledge-check",
    }


def test_without_javascript_the_milestone_shows_under_the_step(
    signed_in_csrf_client, roadmap, steps, post_status
):
    response = post_status(signed_in_csrf_client, steps[0], "done")
    assert response.url.endswith("?done=step-1#step-1")  # the page comes back to the step
    page = signed_in_csrf_client.get(response.url.split("#")[0]).content.decode()
    assert 'data-step-milestone="step-1" role="status">“Step 1” is done: 1 of 6' in page
    # The other steps keep the (hidden) place where the enhanced page shows theirs.
    assert 'data-step-milestone="step-2" role="status" hidden></p>' in page
    # A made-up or not-done step in the address shows nothing.
    for done in ("step-2", "nope"):
        other = signed_in_csrf_client.get(f"{roadmap.get_absolute_url()}?done={done}")
        assert "is done:" not in other.content.decode()
