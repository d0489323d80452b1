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
    full = FULL.read_text(encoding="utf-8")
    assert len(rendered & classes_of(full)) > 50
    # Every rule of the full Bootstrap that these pages' classes select is in the purged one (a
    # class such as `nav-item`, rendered but styled only under `.nav-tabs`, may have none).
    needed = classes_of(purge(full, rendered))
    assert needed - classes_of(PURGED.read_text(encoding="utf-8")) == set()


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


def test_every_crispy_template_the_forms_render_is_read_for_its_classes(
    client, learner_client, ml_roadmap
):
    """The purge reads only the crispy-bootstrap5 templates the site's forms render; a form that
    renders another (a FormHelper layout) must add it to CRISPY_TEMPLATES."""
    from django.test.signals import template_rendered

    from roadmap_site.css_purge import CRISPY_TEMPLATES

    rendered = set()

    def record(sender, template, **kwargs):
        if template.name and template.name.startswith("bootstrap5/"):
            rendered.add(template.name.removeprefix("bootstrap5/"))

    template_rendered.connect(record)
    try:
        step = ml_roadmap.steps.first()
        topic = step.topics.first()
        pages = [
            (client, reverse("accounts:login")),
            (client, reverse("accounts:signup")),
            (learner_client, reverse("accounts:settings")),
            (learner_client, reverse("accounts:password_change")),
            (learner_client, reverse("accounts:delete")),
            (learner_client, reverse("progress:step_notes", args=[ml_roadmap.slug, step.slug])),
            (
                learner_client,
                reverse("progress:add_personal_resource", args=[ml_roadmap.slug, topic.pk]),
            ),
            (learner_client, ml_roadmap.get_absolute_url() + "?fresh"),  # the plan form
        ]
        for who, url in pages:
            assert who.get(url).status_code in {200, 405}, url  # 405: a form shown on a POST
            assert who.post(url, {}).status_code in {200, 302, 400, 405}, url  # with errors
    finally:
        template_rendered.disconnect(record)
    assert rendered, "no crispy template rendered: the pages above no longer have forms?"
    assert rendered <= set(CRISPY_TEMPLATES)
