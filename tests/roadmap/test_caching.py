"""The roadmap page is served from the cache, and every content change shows on the next request.

The content (prefetched roadmap, footnotes) and the sections that are the same for every reader
are cached under the content version; statuses, progress and quiz scores are each learner's own.
"""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from progress.models import StepProgress
from roadmap.models import FAQ, CareerStage, Step
from tests.helpers import page_text, roadmap_with_cited_steps

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_an_edit_through_the_admin_shows_on_the_next_request(admin_client, ml_roadmap):
    url = ml_roadmap.get_absolute_url()
    stage = ml_roadmap.stages.first()
    assert stage.description in page_text(admin_client.get(url), status=200)  # now cached
    data = {
        "roadmap": stage.roadmap_id,
        "position": stage.position,
        "title": stage.title,
        "start_year": stage.start_year,
        "end_year": stage.end_year or "",
        "description": "A description edited in the admin a moment ago.",
        "sources-citation-content_type-object_id-TOTAL_FORMS": 0,
        "sources-citation-content_type-object_id-INITIAL_FORMS": 0,
    }
    change = reverse("admin:roadmap_careerstage_change", args=[stage.pk])
    assert admin_client.post(change, data).status_code == 302
    page = page_text(admin_client.get(url), status=200)
    assert "A description edited in the admin a moment ago." in page
    assert stage.description not in page


def test_a_model_save_shows_on_the_next_request(client, ml_roadmap):
    url = ml_roadmap.get_absolute_url()
    faq = FAQ.objects.filter(roadmap=ml_roadmap).first()
    step = Step.objects.get(roadmap=ml_roadmap, slug="step-1")
    page_text(client.get(url), status=200)
    faq.answer = "An answer saved from the shell."
    faq.save()
    step.title = "A step title saved from the shell"
    step.save()
    page = page_text(client.get(url), status=200)
    assert "An answer saved from the shell." in page
    assert "A step title saved from the shell" in page


def test_the_page_is_cached_until_content_is_loaded_again(client, ml_roadmap):
    url = ml_roadmap.get_absolute_url()
    stage = CareerStage.objects.filter(roadmap=ml_roadmap).first()
    original = stage.description
    page_text(client.get(url), status=200)
    # update() sends no signal: the cached page keeps showing the old text...
    CareerStage.objects.filter(pk=stage.pk).update(description="Changed behind the cache's back")
    assert "Changed behind the cache's back" not in page_text(client.get(url), status=200)
    # ...until the content is loaded again, which puts the fixture text back and invalidates.
    CareerStage.objects.filter(pk=stage.pk).update(description="Changed again, then reloaded")
    call_command("load_content", verbosity=0)
    page = page_text(client.get(url), status=200)
    assert original in page
    assert "Changed again" not in page


def test_archiving_steps_with_the_admin_action_invalidates(admin_client, ml_roadmap):
    url = ml_roadmap.get_absolute_url()
    step = Step.objects.get(roadmap=ml_roadmap, slug="step-2")
    assert f'id="{step.slug}"' in page_text(admin_client.get(url), status=200)
    changelist = reverse("admin:roadmap_step_changelist")
    response = admin_client.post(changelist, {"action": "archive", "_selected_action": [step.pk]})
    assert response.status_code == 302
    assert f'id="{step.slug}"' not in page_text(admin_client.get(url), status=200)
    admin_client.post(changelist, {"action": "restore", "_selected_action": [step.pk]})
    assert f'id="{step.slug}"' in page_text(admin_client.get(url), status=200)


def test_each_learner_sees_their_own_statuses_on_the_cached_page(client, ml_roadmap, learner):
    from tests.factories import UserFactory

    url = ml_roadmap.get_absolute_url()
    step = Step.objects.get(roadmap=ml_roadmap, slug="step-1")
    StepProgress.objects.create(learner=learner, step=step, status="done")
    other = UserFactory(username="lin")
    client.force_login(learner)
    mine = client.get(url).content.decode()
    client.force_login(other)
    theirs = client.get(url).content.decode()
    assert "1 of 6 steps done" in mine
    assert "0 of 6 steps done" in theirs
    pressed = re.compile(r'value="done"[^>]*\s+aria-pressed="true"')
    assert pressed.search(mine)
    assert not pressed.search(theirs)


def test_cached_page_runs_fewer_queries_whatever_its_size(client, django_assert_num_queries):
    from django.core.cache import cache

    small, large = roadmap_with_cited_steps(6), roadmap_with_cited_steps(60)
    client.get(small.get_absolute_url())
    cache.clear()
    uncached = queries_for(client, small.get_absolute_url())
    cached = queries_for(client, small.get_absolute_url())
    client.get(large.get_absolute_url())  # fills the cache for the large roadmap
    with django_assert_num_queries(cached):
        assert client.get(large.get_absolute_url()).status_code == 200
    assert cached < uncached
    assert cached == 0  # a new visitor's page is served whole from the cache


def test_new_visitors_get_the_cached_page_with_a_working_token_each(csrf_client, ml_roadmap):
    url = ml_roadmap.get_absolute_url()
    token_re = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    first, second = csrf_client.get(url), csrf_client.get(url)
    tokens = [token_re.search(r.content.decode()).group(1) for r in (first, second)]
    assert tokens[0] != tokens[1]  # masked afresh for each response
    assert "csrf-token-of-this-response" not in first.content.decode()
    assert "Cookie" in first["Vary"]
    step = Step.objects.get(roadmap=ml_roadmap, slug="step-3")
    mark = reverse("progress:mark_step", args=[ml_roadmap.slug, step.slug])
    response = csrf_client.post(mark, {"status": "done", "csrfmiddlewaretoken": tokens[1]})
    assert response.status_code == 302
    # Now a visitor with progress in their session: their page shows it.
    page = csrf_client.get(url).content.decode()
    assert "1 of 6 steps done" in page
    assert "1 of 6 steps done" not in page_text(type(csrf_client)().get(url), status=200)


def test_page_weight_of_html_css_and_js_compressed_is_under_100_kb(client, ml_roadmap):
    response = client.get(ml_roadmap.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"  # the HTML itself goes out compressed
    total = len(response.content)
    page = gzip.decompress(response.content)
    assets = re.findall(rb'<(?:link[^>]*rel="stylesheet"[^>]*href|script[^>]*src)="([^"]+)"', page)
    assert assets
    for asset in assets:
        path = asset.decode().split("/static/", 1)[1]
        found = finders.find(path)
        assert found, path
        with open(found, "rb") as f:
            total += len(gzip.compress(f.read()))
    assert total < 100 * 1024, total


def test_unknown_slugs_are_not_cached(client, content):
    from django.core.cache import caches

    store = caches["content"]
    before = len(store._cache) if hasattr(store, "_cache") else None
    for n in range(20):
        assert client.get(f"/roadmaps/made-up-{n}/").status_code == 404
    assert client.get("/roadmaps/" + "x" * 300 + "/").status_code == 404
    if before is not None:
        assert len(store._cache) == before


def test_the_version_is_bumped_again_once_an_edit_is_committed(
    ml_roadmap, django_capture_on_commit_callbacks
):
    """A page read between the save and the commit saw the old rows under the new version."""
    from roadmap.content_cache import content_version

    faq = FAQ.objects.filter(roadmap=ml_roadmap).first()
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        faq.answer = "Saved in a transaction."
        faq.save()
        during = content_version()
        assert during != before  # bumped at once
    assert callbacks
    assert content_version() not in {before, during}  # and again after the commit


def test_page_data_is_kept_beside_the_models_not_set_on_them(ml_roadmap, learner):
    """Footnote markers and the content version live on the RoadmapPage, not on the roadmap."""
    from roadmap.content_cache import content_version
    from roadmap.models import Roadmap

    page = Roadmap.objects.cached_page(ml_roadmap.slug, user=learner)
    again = Roadmap.objects.cached_page(ml_roadmap.slug, user=learner)  # from the cache

    for read in (page, again):
        assert read.content_version == content_version()
        assert not hasattr(read.roadmap, "content_version")
        items = [read.roadmap, *read.roadmap.pillars.all(), *read.roadmap.steps.all()]
        assert not any(hasattr(item, "footnote_markers") for item in items)
        assert read.cited.markers_of(read.roadmap.pillars.first())
    assert [n.number for n in again.cited.footnotes] == [n.number for n in page.cited.footnotes]
