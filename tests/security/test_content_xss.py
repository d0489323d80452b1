"""Script in every text field, through the admin and the learner's forms, never runs on the site.

A superuser posts the real admin change forms (inline rows and management forms included) with
a script payload in every free-text field of every content model; a learner puts it in their
display name, note and evidence label. Every page is then fetched: the payload shows escaped,
never as markup. No template marks content safe, so nothing needs sanitizing (nh3 is unused).
"""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from progress.models import EvidenceLink, StepProgress
from quizzes.models import Choice, Question, Quiz
from roadmap.models import (
    FAQ,
    Callout,
    CareerStage,
    Highlight,
    KeyTerm,
    Pillar,
    Roadmap,
    SalaryFigure,
    Step,
)
from sources.models import Source
from tests.factories import UserFactory

from .admin_forms import editable_text_fields, form_errors, read_change_form
from .conftest import client_with_token, right_answers

pytestmark = pytest.mark.django_db

PAYLOAD = "<script>window.__xss=1</script><img src=x onerror=alert(1)>"
SHORT_PAYLOAD = "<script>window.__xss=1</script>"  # for fields shorter than the payload
RAW = ("<script>window.__xss", "<img src=x onerror=alert")
ESCAPED = "&lt;script&gt;window.__xss=1&lt;/script&gt;"
# Identifiers and addresses, not text: a slug or key cannot hold markup (the form refuses it).
NOT_TEXT = {"slug", "key", "section_anchor"}

# Every free-text field of every content model: all of them must end up holding the payload.
CONTENT_FIELDS = {
    Roadmap: [
        "title",
        "summary",
        "duration_label",
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
    Pillar: ["title", "body"],
    KeyTerm: ["term", "definition"],
    Step: ["title", "summary"],
    Callout: ["title", "body"],
    SalaryFigure: ["role", "reference_period", "note"],
    CareerStage: ["title", "description"],
    FAQ: ["question", "answer"],
    Highlight: ["text"],
    Source: ["title", "publisher", "description", "period"],
    Quiz: ["title", "intro"],
    Question: ["text", "explanation"],
    Choice: ["text", "feedback"],
}


def payload_for(max_length):
    return PAYLOAD if max_length is None or max_length >= len(PAYLOAD) else SHORT_PAYLOAD


def post_change_form(client, url):
    """GET an admin change form, put the payload in each text field, POST it back."""
    page = client.get(url)
    assert page.status_code == 200, url
    data, text_fields = read_change_form(page.content.decode())
    targets = editable_text_fields(data, text_fields, skip=NOT_TEXT)
    assert targets, f"no text field found on {url}"
    for name, max_length in targets.items():
        data[name] = [payload_for(max_length)]
    data["_save"] = ["Save"]
    response = client.post(url, data)
    assert response.status_code == 302, (url, form_errors(response.content.decode()))
    return len(targets)


def change_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


class MarkupScanner(HTMLParser):
    """What a browser would run: script elements with inline code and on* event handlers."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in {"href", "src", "action"} and (value or "").lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._in_script = True
            if not dict(attrs).get("src"):
                self.problems.append("<script> without src")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append(f"inline script: {data[:60]!r}")


def assert_inert(url, response):
    assert response.status_code == 200, (url, response.status_code)
    body = response.content.decode()
    for raw in RAW:
        assert raw not in body, (url, raw, body[max(0, body.find(raw) - 200) : body.find(raw) + 80])
    scanner = MarkupScanner()
    scanner.feed(body)
    assert not scanner.problems, (url, scanner.problems)
    return body


@pytest.fixture
def poisoned(content):
    """All content, the learner's display name, note and evidence label hold the payload."""
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    for roadmap in Roadmap.objects.all():
        post_change_form(client, change_url(roadmap))
    for source in Source.objects.all():
        post_change_form(client, change_url(source))
    ml = Roadmap.objects.get(slug="machine-learning-engineer")
    for quiz in Quiz.objects.all():
        post_change_form(client, change_url(quiz))
    for question in Question.objects.filter(quiz__roadmap=ml, is_archived=False):
        post_change_form(client, change_url(question))

    learner = UserFactory(username="ada")
    site, token = client_with_token(learner)
    response = site.post(
        reverse("accounts:settings"),
        {
            "email": "ada@example.com",
            "display_name": PAYLOAD,
            "time_zone": "UTC",
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302
    step = ml.steps.active().order_by("position").first()
    notes = reverse("progress:step_notes", args=[ml.slug, step.slug])
    for data in (
        {"action": "note", "note": PAYLOAD},
        {"action": "evidence", "url": "https://example.com/proof", "label": PAYLOAD},
    ):
        assert site.post(notes, {**data, "csrfmiddlewaretoken": token}).status_code == 302

    quiz = Quiz.objects.get(roadmap=ml)
    take = reverse("quizzes:take", args=[ml.slug])
    page = site.get(take).content.decode()
    form_token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    answers = {f"question_{q}": [str(c) for c in ids] for q, ids in right_answers(quiz).items()}
    submitted = site.post(take, {"token": form_token, "csrfmiddlewaretoken": token, **answers})
    assert submitted.status_code == 302
    return {"learner": learner, "client": site, "roadmap": ml, "step": step, "review": submitted}


def learner_pages(poisoned):
    """(url, shows poisoned text) for every page a learner reads."""
    ml, step = poisoned["roadmap"], poisoned["step"]
    pages = [(reverse("roadmap:home"), True)]
    pages += [(r.get_absolute_url(), True) for r in Roadmap.objects.published()]
    pages += [
        (reverse("quizzes:take", args=[ml.slug]), True),
        (poisoned["review"]["Location"], True),
        (reverse("quizzes:history", args=[ml.slug]), True),
        (reverse("progress:dashboard"), True),
        (reverse("progress:step_notes", args=[ml.slug, step.slug]), True),
        (reverse("accounts:settings"), True),
        (reverse("accounts:delete"), False),
    ]
    return pages


def test_script_in_every_text_field_never_runs(poisoned):
    # The admin really stored the payload in every text field (else the rest proves nothing).
    missing = []
    for model, fields in CONTENT_FIELDS.items():
        for field in fields:
            if not model.objects.filter(**{f"{field}__contains": "<script>window.__xss"}).exists():
                missing.append(f"{model.__name__}.{field}")
    assert not missing, f"the payload never reached {missing}"
    learner = poisoned["learner"]
    learner.refresh_from_db()
    assert learner.display_name == PAYLOAD
    assert StepProgress.objects.get(learner=learner).note == PAYLOAD
    assert EvidenceLink.objects.get().label == PAYLOAD

    # Every page the learner reads shows it escaped, and has no markup a browser would run.
    for url, shows_content in learner_pages(poisoned):
        body = assert_inert(url, poisoned["client"].get(url))
        if shows_content:
            assert ESCAPED in body, f"{url} shows none of the poisoned text"

    # So does every public page, for a visitor.
    ml = poisoned["roadmap"]
    public = [reverse("roadmap:home"), reverse("quizzes:take", args=[ml.slug])]
    public += [r.get_absolute_url() for r in Roadmap.objects.published()]
    for url in public:
        assert ESCAPED in assert_inert(url, Client().get(url)), url

    # Outside HTML the text goes as JSON (served with nosniff), never as a page.
    export = poisoned["client"].get(reverse("accounts:export"))
    assert export["Content-Type"].startswith("application/json")
    assert export["X-Content-Type-Options"] == "nosniff"
    assert export.json()["account"]["display_name"] == PAYLOAD


def test_no_template_marks_content_safe():
    """Escaping is what keeps content inert: a `|safe` or `autoescape off` in a page template
    would need nh3 sanitizing at that spot (the plain-text reset email is the one exception)."""
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR) / "templates"
    offenders = []
    for path in root.rglob("*.html"):
        text = path.read_text()
        if path.name == "password_reset_email.html":
            continue
        if re.search(r"\|\s*safe\b|autoescape\s+off|\bsafeseq\b", text):
            offenders.append(str(path.relative_to(root)))
    assert not offenders, offenders
