"""`manage.py check_links` against a local HTTP server: errors, redirects, time-outs, summary."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from roadmap.links import check_url
from roadmap.models import Resource, Topic
from tests.factories import StepFactory

pytestmark = pytest.mark.django_db


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, with_body):
        path = self.path
        if path == "/ok/":
            self.send_response(200)
        elif path == "/missing/":
            self.send_response(404)
        elif path == "/broken/":
            self.send_response(500)
        elif path == "/moved/":
            self.send_response(301)
            self.send_header("Location", "https://elsewhere.example/new-home/")
        elif path == "/slash":
            self.send_response(301)
            self.send_header("Location", "/slash/")
        elif path == "/get-only/":
            self.send_response(200 if with_body else 405)
        elif path == "/slow/":
            time.sleep(1.5)
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):  # noqa: N802
        self.answer(False)

    def do_GET(self):  # noqa: N802
        self.answer(True)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.parametrize(
    ("path", "ok", "detail"),
    [
        ("/ok/", True, "200 OK"),
        ("/missing/", False, "404"),
        ("/broken/", False, "500"),
        ("/moved/", False, "redirects to https://elsewhere.example/new-home/"),
        ("/slash", True, "same page"),
        ("/get-only/", True, "200"),
        ("/slow/", False, "timed out after 0.5 s"),
    ],
)
def test_check_url_says_what_an_address_answered(server, path, ok, detail):
    result = check_url(server + path, timeout=0.5)
    assert result.ok is ok
    assert detail in result.detail


def test_an_address_nothing_answers_is_unreachable():
    result = check_url("http://127.0.0.1:1/", timeout=1)
    assert not result.ok and "unreachable" in result.detail


def test_command_records_results_and_prints_a_summary(server):
    step = StepFactory()
    topic = Topic.objects.create(step=step, slug="t", title="T", explanation="E")
    paths = ["/ok/", "/missing/", "/moved/", "/slow/", "/get-only/"]
    for n, path in enumerate(paths):
        Resource.objects.create(
            topic=topic,
            title=f"R{n}",
            url=server + path,
            kind="docs",
            cost="free",
            level="beginner",
            hours=1,
            why="Why.",
            position=n,
        )
    out = StringIO()
    started = time.monotonic()
    call_command("check_links", "--timeout=1", "--workers=5", stdout=out)
    assert time.monotonic() - started < 3  # concurrent: the slow one does not hold up the rest
    text = out.getvalue()
    assert "Checked 5 address(es) for 5 resource(s): 2 OK, 3 broken." in text
    assert "R1" in text and "404" in text and "redirects to https://elsewhere.example" in text
    assert "R0 " not in text  # only broken ones are listed
    checked = {r.title: r for r in Resource.objects.all()}
    assert checked["R0"].last_check_ok is True and checked["R0"].last_checked_at is not None
    assert checked["R1"].last_check_ok is False and "404" in checked["R1"].last_check_result
    assert checked["R3"].last_check_result == "timed out after 1 s"


def test_strict_mode_fails_when_a_link_is_broken(server):
    topic = Topic.objects.create(step=StepFactory(), slug="t", title="T", explanation="E")
    Resource.objects.create(
        topic=topic,
        title="Gone",
        url=server + "/missing/",
        kind="docs",
        cost="free",
        level="beginner",
        hours=1,
        why="Why.",
    )
    with pytest.raises(SystemExit) as exit_info:
        call_command("check_links", "--strict", "--timeout=1", stdout=StringIO())
    assert exit_info.value.code == 1


def test_bad_arguments_are_clear_errors(db):
    with pytest.raises(CommandError, match="No roadmap with the slug"):
        call_command("check_links", "--roadmap=nope")
    with pytest.raises(CommandError, match="--timeout must be above 0"):
        call_command("check_links", "--timeout=0")


def test_the_admin_shows_when_each_link_was_last_checked(admin_client, server):
    topic = Topic.objects.create(step=StepFactory(), slug="t", title="T", explanation="E")
    Resource.objects.create(
        topic=topic,
        title="Docs",
        url=server + "/ok/",
        kind="docs",
        cost="free",
        level="beginner",
        hours=1,
        why="Why.",
    )
    assert "Never checked" in admin_client.get("/admin/roadmap/resource/").content.decode()
    call_command("check_links", "--timeout=1", stdout=StringIO())
    text = admin_client.get("/admin/roadmap/resource/").content.decode()
    assert "OK (200 OK) on" in text
