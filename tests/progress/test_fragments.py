"""The steps and the map are rendered once per content version with slots for the reader's state
(progress/fragments.py): each reader still sees their own state, and no mark reaches a page."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from progress import services
from roadmap.models import Step
from roadmap.slots import SLOT, Fragment, slot

pytestmark = pytest.mark.django_db


def page(client, roadmap):
    response = client.get(roadmap.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_fragment_fills_each_mark_in_order():
    fragment = Fragment.of(f"<b{slot('a', 1)}>{slot('b', 'x', 'y')}</b>")
    values = {("a", "1"): ' class="on"', ("b", "x", "y"): "text"}
    assert fragment.fill(lambda *key: values[key]) == '<b class="on">text</b>'


def test_two_learners_share_the_fragments_and_see_their_own_state(
    ml_roadmap, learner, other_learner
):
    steps = list(Step.objects.active().filter(roadmap=ml_roadmap).prefetch_related("topics"))
    topic = steps[0].topics.first()
    resource = topic.resources.first()
    services.mark_step(learner=learner, step=steps[0], status="done")
    services.mark_topic(learner=learner, topic=topic, status="done")
    services.mark_resource_done(learner=learner, resource=resource, done=True)
    services.add_personal_resource(
        learner=learner, topic=topic, title="Ada's <notes>", url="https://example.com/?a=1&b=2"
    )
    first, second = Client(), Client()
    first.force_login(learner)
    second.force_login(other_learner)

    ada, grace = page(first, ml_roadmap), page(second, ml_roadmap)
    again = page(first, ml_roadmap)  # from the cached fragments, after another reader

    for html in (ada, grace, again):
        assert SLOT not in html
    assert again == ada.replace(csrf(ada), csrf(again))
    assert f'class="step-item step-done" data-step-item="{steps[0].slug}"' in ada
    assert f'class="step-item step-not-started step-current" data-step-item="{steps[0].slug}"' in (
        grace
    )
    assert f'<li class="topic topic-done" id="{topic.anchor}">' in ada
    assert f'<li class="topic topic-not_started" id="{topic.anchor}">' in grace
    assert "Ada&#x27;s &lt;notes&gt;" in ada and "https://example.com/?a=1&amp;b=2" in ada
    assert "Ada&#x27;s" not in grace
    assert ada.count("Done ✓") == 1 and "Done ✓" not in grace
    # The forms come back to where they were without a `next` of their own (the views' default).
    assert 'name="next"' not in grace
    assert f'action="{ml_roadmap.get_absolute_url()}topics/{topic.pk}/status/"' in grace


def test_a_visitor_after_a_learner_gets_the_visitors_steps(ml_roadmap, learner):
    signed_in = Client()
    signed_in.force_login(learner)
    page(signed_in, ml_roadmap)
    visitor = Client()
    visitor.get(ml_roadmap.get_absolute_url())
    step = Step.objects.active().filter(roadmap=ml_roadmap).first()
    visitor.post(  # a session: not a new visitor, so the page is rendered for them
        reverse("progress:mark_step", args=[ml_roadmap.slug, step.slug]), {"status": "in_progress"}
    )
    html = page(visitor, ml_roadmap)
    assert SLOT not in html
    assert "data-resource-form" not in html and "Add a resource of your own" not in html
    assert f'class="step-item step-in-progress step-current" data-step-item="{step.slug}"' in html


def csrf(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
