"""The roadmap page shows every section of the source page, from the database, in order."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from roadmap import sections
from roadmap.models import Pillar, Roadmap
from tests.factories import RoadmapFactory, SourceFactory, StepFactory, cite
from tests.helpers import page_text, roadmap_with_cited_steps

FIXTURES = Path(settings.BASE_DIR) / "fixtures"

# Text fields of each content model that must appear on the page (what a reader sees).
SHOWN_FIELDS = {
    "roadmap.roadmap": [
        "title",
        "intro",
        "pillars_intro",
        "terms_intro",
        "overview",
        "steps_heading",
        "steps_subheading",
        "salary_heading",
        "salary_subheading",
        "timeline_heading",
        "faq_heading",
        "quiz_heading",
        "quiz_teaser",
        "related_heading",
    ],
    "roadmap.pillar": ["title", "body"],
    "roadmap.keyterm": ["term", "definition"],
    "roadmap.step": ["title", "summary"],
    "roadmap.callout": ["body"],
    "roadmap.salaryfigure": ["role"],
    "roadmap.careerstage": ["title", "description"],
    "roadmap.faq": ["question", "answer"],
}


def fixture_objects():
    objects = []
    for path in sorted(FIXTURES.glob("*.json")):
        objects.extend(json.loads(path.read_text(encoding="utf-8")))
    return objects


def test_page_shows_every_section_of_the_fixtures(client, ml_roadmap):
    response = client.get(ml_roadmap.get_absolute_url())
    assert response.status_code == 200
    text = page_text(response)
    objects = fixture_objects()
    checked = 0
    for obj in objects:
        fields = SHOWN_FIELDS.get(obj["model"])
        if not fields:
            continue
        belongs = (
            obj["pk"] == ml_roadmap.pk
            if obj["model"] == "roadmap.roadmap"
            else (obj["fields"].get("roadmap") == ml_roadmap.pk)
        )
        if not belongs or obj["fields"].get("is_archived"):
            continue
        for field in fields:
            value = obj["fields"].get(field)
            if value:
                assert value.strip() in text, f"{obj['model']} {obj['pk']} {field} missing"
                checked += 1
    assert checked > 40  # the page really has the source page's content to check


def test_sections_appear_in_source_page_order(client, ml_roadmap):
    text = client.get(ml_roadmap.get_absolute_url()).content.decode()
    ids = [
        "pillars",
        "key-terms",
        "roadmap-steps",
        "callouts",
        "salaries",
        "career-timeline",
        "faq",
        "knowledge-check",
        "related-topics",
        "sources",
    ]
    positions = [text.index(f'id="{anchor}"') for anchor in ids]
    assert positions == sorted(positions)


def test_each_listed_section_is_where_its_anchor_says(client, ml_roadmap):
    """roadmap.sections spells the anchors: the "On this page" list and the page agree."""
    text = client.get(ml_roadmap.get_absolute_url()).content.decode()
    contents = re.search(r'<nav[^>]*aria-label="On this page"[^>]*>(.*?)</nav>', text, re.S)
    listed = re.findall(r'href="#([^"]+)"', contents.group(1))
    assert listed == [s.anchor for s in sections.SECTIONS if s.in_contents]  # it has them all
    positions = [text.index(f'<section id="{anchor}"') for anchor in listed]
    assert positions == sorted(positions)
    assert ml_roadmap.pillars.first().anchor == sections.PILLARS.anchor


def test_steps_have_anchors_and_stages_have_year_ranges(client, ml_roadmap):
    text = page_text(client.get(ml_roadmap.get_absolute_url()))
    for step in ml_roadmap.steps.all():
        assert f'id="{step.slug}"' in text
    for stage in ml_roadmap.stages.all():
        assert stage.years_label in text
    assert "7+ yrs" in text


def test_related_topics_are_roadmaps_with_their_own_pages(client, ml_roadmap):
    text = page_text(client.get(ml_roadmap.get_absolute_url()))
    links = list(ml_roadmap.related_links.select_related("related"))
    assert {link.related.title for link in links} == {
        "How to Become a Software Architect",
        "Learn Machine Learning in 90 Days",
    }
    for link in links:
        related = link.related
        assert related.get_absolute_url() in text
        for highlight in related.highlights.all():
            assert highlight.text in text
        own_page = client.get(related.get_absolute_url())
        assert own_page.status_code == 200
        assert related.steps.exists()
        for step in related.steps.all():
            assert step.title in page_text(own_page)


def test_related_bullets_have_no_gaps(ml_roadmap):
    for roadmap in Roadmap.objects.all():
        for highlight in roadmap.highlights.all():
            assert "captured by ." not in highlight.text
            assert "with or RMSE" not in highlight.text
            assert " ," not in highlight.text


def test_every_source_is_listed_with_publisher_and_link(client, ml_roadmap):
    text = page_text(client.get(ml_roadmap.get_absolute_url()))
    from sources.models import Source

    cited = Source.objects.filter(citations__isnull=False).distinct()
    shown = [s for s in cited if s.url in text]
    assert shown, "no source on the page"
    for source in ml_roadmap.number_citations().footnotes:
        assert source.source.title in text
        assert source.source.publisher in text
        assert f'href="{source.source.url}"' in text


def test_first_sources_follow_the_source_page(ml_roadmap):
    roadmap = Roadmap.objects.for_page().get(pk=ml_roadmap.pk)
    footnotes = roadmap.number_citations().footnotes
    urls = [note.source.url for note in footnotes[:4]]
    assert "coursera.org" in urls[0]
    assert "ucr.edu" in urls[1]
    assert "reddit.com" in urls[2]
    assert "sandiego.edu" in urls[3]
    assert len(footnotes[0].backrefs) == 3


def test_unknown_and_draft_roadmaps_are_404(client, db):
    draft = RoadmapFactory(status=Roadmap.Status.DRAFT, slug="secret-draft")
    assert client.get("/roadmaps/no-such-roadmap/").status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_staff_can_preview_a_draft(client, admin_user):
    draft = RoadmapFactory(status=Roadmap.Status.DRAFT, slug="preview-me", title="Preview me")
    client.force_login(admin_user)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_home_lists_published_roadmaps(client, content):
    RoadmapFactory(status=Roadmap.Status.DRAFT, title="Unfinished draft")
    text = page_text(client.get(reverse("roadmap:home")))
    for roadmap in Roadmap.objects.published():
        assert roadmap.title in text
        assert roadmap.get_absolute_url() in text
    assert "Unfinished draft" not in text


@pytest.mark.django_db
def test_footnotes_number_by_first_use_with_back_links(client):
    roadmap = RoadmapFactory(slug="cited")
    often, once = SourceFactory(title="Often cited"), SourceFactory(title="Cited once")
    for position in range(3):
        pillar = Pillar.objects.create(
            roadmap=roadmap, position=position, title=f"P{position}", body="Body"
        )
        cite(pillar, often)
    step = StepFactory(roadmap=roadmap)
    cite(step, once)
    cite(step, often, position=1)

    text = client.get(roadmap.get_absolute_url()).content.decode()
    # Often cited is [1] everywhere (4 markers), Cited once is [2].
    assert text.count('href="#fn-1"') == 4
    assert text.count('href="#fn-2"') == 1
    for n in range(1, 5):
        assert f'id="fn-1-ref-{n}"' in text
        assert f'href="#fn-1-ref-{n}"' in text  # a back-link to each place it is cited
    assert 'href="#fn-2-ref-1"' in text
    assert text.index('id="fn-1"') < text.index('id="fn-2"')


@pytest.mark.django_db
def test_admin_edit_shows_at_once(client, ml_roadmap):
    url = ml_roadmap.get_absolute_url()
    client.get(url)
    step = ml_roadmap.steps.get(slug="step-1")
    step.title = "A freshly edited step title"
    step.save()
    assert "A freshly edited step title" in page_text(client.get(url))


@pytest.mark.django_db
def test_query_count_is_the_same_with_6_and_60_steps(client, django_assert_num_queries):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small, large = roadmap_with_cited_steps(6), roadmap_with_cited_steps(60)
    client.get(small.get_absolute_url())  # warm per-process caches (content types) for both
    cache.clear()  # the uncached path: the content is read from the database each time
    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(small.get_absolute_url()).status_code == 200
    cache.clear()
    with django_assert_num_queries(len(small_queries)):
        assert client.get(large.get_absolute_url()).status_code == 200
    assert len(small_queries) <= 20


@pytest.mark.django_db
def test_an_editors_note_shows_beside_the_source_words_it_annotates(client, ml_roadmap):
    step = ml_roadmap.steps.get(slug="step-4")
    summary = step.summary
    step.editor_note = "Google now calls this product Vertex AI."
    step.save()
    text = page_text(client.get(ml_roadmap.get_absolute_url()))
    assert summary in text  # the source's own sentence is unchanged
    assert "Editor’s note: Google now calls this product Vertex AI." in " ".join(
        re.sub(r"<[^>]+>", " ", text).split()
    )


@pytest.mark.django_db
def test_the_home_page_uses_the_sites_own_words_where_a_summary_quotes_a_source(client, content):
    home = page_text(client.get(reverse("roadmap:home")))
    assert "The course maps the journey" not in home
    assert "Six steps from developer to software architect" in home
    ml = page_text(client.get("/roadmaps/machine-learning-engineer/"))
    # On the related-topic card the source's sentence stays word for word, with a note.
    assert "The course maps the journey from developer to software architect" in ml
    assert "The source calls it a course; on this site it is a roadmap" in ml
