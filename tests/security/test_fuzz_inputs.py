"""Random and hostile input at every form and URL parameter: never a 5xx, nothing saved from it.

Each hypothesis example runs inside a transaction rolled back at its end, so examples do not see
each other's rows; the cache (log-in throttling) is cleared too.
"""

import uuid
from contextlib import contextmanager
from urllib.parse import quote, urlsplit

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from accounts.models import User
from progress.models import LearningPlan, StepProgress, StepStatus
from quizzes.models import Choice, QuizAttempt
from tests.helpers import PASSWORD

from .conftest import all_state

pytestmark = [
    pytest.mark.django_db,
    # Any cache key a request could make too long or odd is a bug: fail on the warning.
    pytest.mark.filterwarnings("error::django.core.cache.backends.base.CacheKeyWarning"),
]

FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n\r\nSet-Cookie: x=1",
    "' OR '1'='1",
    "1; DROP TABLE accounts_user; --",
    '" OR ""="',
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}{% debug %}",
    "%s%s%s%n",
    "%00",
    "%ff%fe",
    "../../../../etc/passwd",
    "\u202egnp.exe",
    "\ufeffBOM",
    "😀" * 30,
    "ﷺ" * 20,
    "ａｄｍｉｎ",
    "null",
    "NaN",
    "-1",
    "0",
    "1e309",
    "99999999999999999999999999",
    "[]",
    "{}",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//evil.example.com",
    "https://" + "a" * 600 + ".com",
    "x" * 6000,
]
texts = st.one_of(
    st.text(max_size=60),
    st.sampled_from(NASTY),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.binary(max_size=40).map(lambda raw: raw.decode("latin-1")),
    st.tuples(st.text(min_size=1, max_size=4), st.integers(500, 3000)).map(lambda t: t[0] * t[1]),
)
values = st.one_of(texts, st.lists(texts, max_size=3))
path_segments = st.one_of(
    st.sampled_from(["machine-learning-engineer", "software-architect", "nope", "0", "-"]),
    texts.filter(lambda s: s != ""),
)
OFF_SITE = [
    "//evil.example.com",
    "https://evil.example.com/",
    "http:evil.example.com",
    "/\\evil.example.com",
    "\\\\evil.example.com",
    " //evil.example.com",
    "\t//evil.example.com",
    "https:///evil.example.com",
    "javascript:alert(1)",
    "/%2F%2Fevil.example.com",
]
next_values = st.one_of(st.sampled_from(OFF_SITE), texts)


@contextmanager
def rolled_back():
    """One example's work, undone at its end (the test's own data stays)."""
    cache.clear()
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def ok(response):
    assert response.status_code < 500, response.status_code
    return response


def is_on_site(location):
    """A redirect target a browser resolves to this site (testserver), never to another host."""
    if any(char in location for char in "\\\t\r\n") or location.startswith("//"):
        return False
    parts = urlsplit(location)
    return parts.netloc in ("", "testserver") and parts.scheme in ("", "http", "https")


@FUZZ
@given(username=values, email=values, password1=values, password2=values, time_zone=values)
def test_sign_up(world, username, email, password1, password2, time_zone):
    with rolled_back():
        before = User.objects.count()
        data = {"username": username, "email": email, "password1": password1}
        data |= {"password2": password2, "time_zone": time_zone}
        response = ok(client_for().post(reverse("accounts:signup"), data))
        if response.status_code != 302:
            assert User.objects.count() == before


@FUZZ
@given(username=values, password=values, next_url=next_values)
def test_log_in(world, username, password, next_url):
    with rolled_back():
        client = client_for()
        url = reverse("accounts:login")
        ok(client.get(url, {"next": next_url}))
        data = {"username": username, "password": password, "next": next_url}
        response = ok(client.post(url, data))
        assert response.status_code in (200, 429)
        assert "_auth_user_id" not in client.session


@FUZZ
@given(next_url=next_values)
@example(next_url="0")  # redirect() took it for a URL name: a 500 (fixed)
@example(next_url="dashboard")
@example(next_url="\x00")
def test_log_in_and_sign_up_never_redirect_off_site(world, next_url):
    with rolled_back():
        client = client_for()
        login = reverse("accounts:login")
        data = {"username": world.owner.username, "password": PASSWORD, "next": next_url}
        response = ok(client.post(login, data))
        assert response.status_code == 302
        assert is_on_site(response["Location"]), response["Location"]

        signup = reverse("accounts:signup")
        data = {
            "username": "newcomer",
            "email": "newcomer@example.com",
            "password1": "another-horse-staple-42",
            "password2": "another-horse-staple-42",
            "next": next_url,
        }
        response = ok(client_for().post(f"{signup}?next={quote(next_url)}", data))
        if "\x00" in next_url:  # a NUL in the address is refused with a clear 400, never a 500
            assert response.status_code == 400
            return
        assert response.status_code == 302
        assert is_on_site(response["Location"]), response["Location"]


@FUZZ
@given(email=values, display_name=values, time_zone=values)
def test_settings(world, email, display_name, time_zone):
    with rolled_back():
        before = all_state()
        data = {"email": email, "display_name": display_name, "time_zone": time_zone}
        response = ok(client_for(world.owner).post(reverse("accounts:settings"), data))
        if response.status_code != 302:
            assert all_state() == before


@FUZZ
@given(confirmation=values)
def test_delete_account(world, confirmation):
    with rolled_back():
        response = ok(
            client_for(world.owner).post(reverse("accounts:delete"), {"confirmation": confirmation})
        )
        typed = confirmation.strip() if isinstance(confirmation, str) else None
        if typed not in (world.owner.username, "DELETE"):
            assert User.objects.filter(pk=world.owner.pk).exists()
            assert response.status_code == 200


@FUZZ
@given(
    slug=path_segments,
    step_slug=path_segments,
    status=values,
    as_json=st.booleans(),
    signed_in=st.booleans(),
    next_url=next_values,
)
@example("machine-learning-engineer", "x", "done", False, False, "0")  # was a 500 (fixed)
def test_step_status(world, slug, step_slug, status, as_json, signed_in, next_url):
    with rolled_back():
        client = client_for(world.owner if signed_in else None)
        url = f"/roadmaps/{quote(slug, safe='')}/steps/{quote(step_slug, safe='')}/status/"
        headers = {"Accept": "application/json"} if as_json else {}
        before = all_state()
        response = ok(client.post(url, {"status": status, "next": next_url}, headers=headers))
        if status not in StepStatus.values:
            assert response.status_code in (400, 404)
            assert all_state() == before
            assert not client.session.get("visitor_progress")
        if response.status_code == 302:
            assert is_on_site(response["Location"]), response["Location"]


@FUZZ
@given(
    step_slug=st.sampled_from(["", "x"]) | path_segments,
    status=st.sampled_from(StepStatus.values) | texts,
)
def test_step_status_on_real_steps(world, step_slug, status):
    """Real roadmap, real or forged step slugs (archived steps and other roadmaps' steps)."""
    with rolled_back():
        step = world.step if step_slug == "x" else None
        slug = step.slug if step else step_slug
        url = f"/roadmaps/{world.roadmap.slug}/steps/{quote(slug, safe='')}/status/"
        before = StepProgress.objects.filter(learner=world.owner).count()
        response = ok(client_for(world.owner).post(url, {"status": status}))
        if status not in StepStatus.values or step is None:
            assert response.status_code in (400, 404)
            assert StepProgress.objects.filter(learner=world.owner).count() == before


@FUZZ
@given(
    start_date=st.one_of(
        values,
        st.dates().map(str),
        st.tuples(st.integers(-99999, 99999), st.integers(-5, 15), st.integers(-5, 40)).map(
            lambda t: f"{t[0]}-{t[1]}-{t[2]}"
        ),
    ),
    hours=st.one_of(values, st.integers(-1000, 1000).map(str)),
    slug=path_segments,
)
def test_plan_date(world, start_date, hours, slug):
    fields = ("pk", "learner_id", "start_date", "hours_per_week")
    with rolled_back():
        before = list(LearningPlan.objects.values_list(*fields))
        url = f"/roadmaps/{quote(slug, safe='')}/plan/"
        data = {"start_date": start_date, "hours_per_week": hours}
        response = ok(client_for(world.owner).post(url, data))
        if response.status_code != 302:
            assert list(LearningPlan.objects.values_list(*fields)) == before


@FUZZ
@given(action=st.sampled_from(["note", "evidence"]) | texts, note=values, url=values, label=values)
def test_notes_and_evidence(world, action, note, url, label):
    with rolled_back():
        before = all_state()
        page = reverse("progress:step_notes", args=[world.roadmap.slug, world.step.slug])
        data = {"action": action, "note": note, "url": url, "label": label}
        response = ok(client_for(world.owner).post(page, data))
        if response.status_code != 302:
            assert all_state() == before
        for link in world.progress.evidence.all():
            assert link.url.startswith(("http://", "https://")), link.url


@FUZZ
@given(pk=st.integers(min_value=-(2**70), max_value=2**70) | texts)
def test_evidence_ids(world, pk):
    with rolled_back():
        before = all_state()
        response = ok(client_for(world.other).post(f"/evidence/{quote(str(pk), safe='')}/delete/"))
        assert response.status_code == 404
        assert all_state() == before


def forged_quiz_posts(world):
    """POST data for the quiz form with forged tokens, choice ids, lists and question ids."""
    questions = list(world.quiz.questions.active().prefetch_related("choices"))
    own = {q.pk: [c.pk for c in q.choices.all() if not c.is_archived] for q in questions}
    foreign = list(Choice.objects.exclude(question__quiz=world.quiz).values_list("pk", flat=True))
    ints = st.integers(min_value=-(2**70), max_value=2**70)

    def answer(question):
        return st.one_of(
            st.sampled_from(own[question.pk]).map(str),
            st.lists(st.sampled_from(own[question.pk]).map(str), max_size=4),
            st.sampled_from(foreign).map(str),
            ints.map(str),
            values,
            st.none(),
        )

    answers = st.fixed_dictionaries({f"question_{q.pk}": answer(q) for q in questions})
    extra = st.dictionaries(
        st.one_of(ints.map(lambda i: f"question_{i}"), texts), values, max_size=3
    )
    tokens = st.one_of(
        st.uuids().map(str),
        st.just(str(world.attempt.token)),
        st.just(str(uuid.UUID(int=0))),
        texts,
    )

    def build(parts):
        answers, extra, token = parts
        data = {k: v for k, v in {**extra, **answers}.items() if v is not None}
        data["token"] = token
        return data

    return questions, own, st.tuples(answers, extra, tokens).map(build)


def test_quiz_submissions(world):
    questions, own, posts = forged_quiz_posts(world)
    take = reverse("quizzes:take", args=[world.roadmap.slug])

    @FUZZ
    @given(data=posts, signed_in=st.booleans())
    def check(data, signed_in):
        with rolled_back():
            before = QuizAttempt.objects.count()
            response = ok(client_for(world.other if signed_in else None).post(take, data))
            created = QuizAttempt.objects.count() - before
            assert created in (0, 1)
            if created:
                # Saved only when every question got its own choices (exactly one if single).
                for question in questions:
                    sent = data.get(f"question_{question.pk}")
                    sent = sent if isinstance(sent, list) else [sent]
                    assert sent and all(str(v).isdigit() for v in sent), sent
                    assert {int(v) for v in sent} <= set(own[question.pk])
                    if not question.is_multiple:
                        assert len(sent) == 1
                assert response.status_code == 302

    check()


@FUZZ
@given(token=st.one_of(texts.filter(bool), st.uuids().map(str)), signed_in=st.booleans())
def test_review_token_urls(world, token, signed_in):
    with rolled_back():
        client = client_for(world.other if signed_in else None)
        response = ok(client.get(f"/quiz/attempts/{quote(token, safe='')}/"))
        assert response.status_code == 404


@FUZZ
@given(slug=path_segments, page=values, signed_in=st.booleans())
def test_roadmap_slugs_and_page_numbers(world, slug, page, signed_in):
    with rolled_back():
        client = client_for(world.owner if signed_in else None)
        quoted = quote(slug, safe="")
        for url in (
            f"/roadmaps/{quoted}/",
            f"/roadmaps/{quoted}/quiz/",
            f"/roadmaps/{quoted}/quiz/history/",
            f"/roadmaps/{quoted}/steps/{quoted}/notes/",
        ):
            ok(client.get(url, {"page": page}))


ODD_BODIES = [
    b"\xff\xfe\xfd",
    b"status=%ff%fe&url=%c0%af&email=%e2%82&start_date=%ff&confirmation=%c0",
    b"a=1&a=2&a=3&" * 200,
    b"%",
    b"=&=&&==",
    b"\x00\x00\x00",
    b"csrfmiddlewaretoken=%00&token=%00",
]
CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=utf-16",
    "application/x-www-form-urlencoded; charset=no-such-charset",
    "multipart/form-data; boundary=x",
    "multipart/form-data",
    "application/json",
    "text/plain; charset=latin-1",
]


def test_odd_encodings_at_every_form(world):
    """Bodies that are not UTF-8 or not form encoding, odd charsets, broken paths: no 5xx."""
    client = client_for(world.owner)
    urls = [
        reverse("accounts:signup"),
        reverse("accounts:login"),
        reverse("accounts:settings"),
        reverse("accounts:delete"),
        reverse("accounts:password_change"),
        reverse("accounts:password_reset"),
        reverse("progress:mark_step", args=[world.roadmap.slug, world.step.slug]),
        reverse("progress:set_plan", args=[world.roadmap.slug]),
        reverse("progress:step_notes", args=[world.roadmap.slug, world.step.slug]),
        reverse("quizzes:take", args=[world.roadmap.slug]),
    ]
    before = all_state()
    for url in urls:
        for number, body in enumerate(ODD_BODIES):
            for content_type in (CONTENT_TYPES[number], CONTENT_TYPES[-1 - number]):
                response = client.generic("POST", url, body, content_type=content_type)
                assert response.status_code < 500, (url, body, content_type)
    for path in ("/roadmaps/%ff%fe/", "/quiz/attempts/%c0%af/", "/roadmaps/%00/quiz/"):
        assert client.get(path).status_code == 404
    assert all_state() == before
