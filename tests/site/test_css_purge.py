"""The pages link a Bootstrap with only the rules the site can use (`roadmap_site.css_purge`)."""

import re

import pytest
from django.urls import reverse

from roadmap_site.css_purge import CLASS, FULL, PURGED, purge, purged_bootstrap, used_words

pytestmark = pytest.mark.django_db

CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')


def classes_of(css):
    return set(CLASS.findall(css))


def test_the_committed_stylesheet_is_what_the_current_sources_make():
    assert PURGED.read_text(encoding="utf-8") == purged_bootstrap(), (
        "A template, script or module names a class the purged Bootstrap lacks, or no longer "
        "needs one: run scripts/purge_css and commit static/vendor/bootstrap/."
    )


def test_a_rule_stays_for_its_used_selectors_only():
    css = (
        ".a,.b{color:red}.c{color:blue}p{margin:0}"
        "@media (min-width:576px){.a{padding:0}.c{padding:1px}}"
        ".btn-outline-x{border:0}:is(.a, .c) .b{top:0}.x:is(.a){top:1px}"
        ".b>:not(.btn-check:first-child)+.a{margin:0}"
    )
    words, prefixes = used_words(['<p class="a b">', 'f"btn-outline-{variant}"'])
    out = purge(css, words, prefixes)
    assert ".a,.b{color:red}" in out and "p{margin:0}" in out
    assert ".c{" not in out and "@media (min-width:576px){.a{padding:0}}" in out
    assert ".btn-outline-x{border:0}" in out  # begun by a placeholder
    assert ":is(.a, .c) .b{top:0}" in out  # .a may match, though .c is named nowhere
    assert ".x:is(.a)" not in out  # .x is required
    assert ".b>:not(.btn-check:first-child)+.a{margin:0}" in out  # a class it must not have


def test_it_is_a_fraction_of_the_full_stylesheet():
    assert PURGED.stat().st_size < FULL.stat().st_size / 3


def test_every_bootstrap_class_the_main_pages_render_is_kept(client, learner_client, ml_roadmap):
    from datetime import date

    from accounts.models import User
    from progress import services

    pages = [
        client.get(reverse("roadmap:home")),
        client.get(ml_roadmap.get_absolute_url()),
        client.get(reverse("accounts:login")),
        client.post(reverse("accounts:login"), {"username": "nobody", "password": "wrong"}),
        client.post(reverse("accounts:signup"), {"username": "", "email": "not-an-email"}),
        client.get(reverse("quizzes:take", args=[ml_roadmap.slug])),
        client.get("/no-such-page/"),
    ]
    learner = User.objects.get(pk=learner_client.session["_auth_user_id"])
    steps = list(ml_roadmap.steps.filter(is_archived=False))
    services.mark_step(learner=learner, step=steps[0], status="done")
    services.mark_step(learner=learner, step=steps[1], status="in_progress")
    services.save_step_note(learner=learner, step=steps[0], note="What I built.")
    services.add_evidence_link(learner=learner, step=steps[0], url="https://example.com/work")
    services.set_plan(learner=learner, roadmap=ml_roadmap, start_date=date(2026, 6, 1))
    pages += [
        learner_client.get(ml_roadmap.get_absolute_url()),
        learner_client.get(reverse("progress:dashboard")),
        learner_client.get(reverse("accounts:settings")),
        learner_client.get(reverse("accounts:delete")),
        learner_client.get(reverse("quizzes:history", args=[ml_roadmap.slug])),
        learner_client.get(reverse("progress:step_notes", args=[ml_roadmap.slug, steps[0].slug])),
    ]
    rendered = set()
    for page in pages:
        for value in CLASS_ATTRIBUTE.findall(page.content.decode()):
            rendered.update(value.split())
    bootstrap = classes_of(FULL.read_text(encoding="utf-8"))
    kept = classes_of(PURGED.read_text(encoding="utf-8"))
    assert len(rendered & bootstrap) > 50
    assert (rendered & bootstrap) - kept == set()


def test_python_is_read_for_its_strings_not_its_docstrings_or_comments():
    from roadmap_site.css_purge import python_strings

    source = '''"""A module about the tooltip."""
# a comment naming the carousel
def f(variant):
    """Renders a badge."""
    return f"btn-outline-{variant} " + "text-bg-primary"
'''
    words, prefixes = used_words([python_strings(source)])
    assert {"text-bg-primary"} <= words and "btn-outline-" in prefixes
    assert not {"tooltip", "carousel", "badge"} & words
