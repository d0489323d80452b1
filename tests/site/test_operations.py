"""Operational behaviour: health check, production settings, migrations, the CI database."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError, connection

ROOT = Path(settings.BASE_DIR)


def test_healthz_reports_a_reachable_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_healthz_reports_an_outage_as_503_without_the_error_text(client, db, monkeypatch, caplog):
    from django.db.backends.base.base import BaseDatabaseWrapper

    def unreachable(self):
        raise OperationalError('connection to server at "db.internal" failed: user "roadmaps"')

    monkeypatch.setattr(BaseDatabaseWrapper, "temporary_connection", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable", "cache": "ok"}
    assert "db.internal" not in response.content.decode()
    assert "db.internal" in caplog.text  # the detail goes to the log


def test_healthz_reports_each_dependency(client, db):
    response = client.get("/healthz")
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_lost_database_gives_a_clean_503_page(client, db, monkeypatch):
    from roadmap import views

    def broken(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(views, "render", broken)
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"]


def run_manage(*args, **env):
    full_env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-9f8e7d6c",
        ALLOWED_HOSTS="roadmaps.example.com",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_default_secret_key_is_flagged_in_production():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", DEBUG="false")
    assert result.returncode != 0


def test_migrations_are_complete():
    result = run_manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(os.environ.get("CI") != "true", reason="only CI must run on Postgres")
def test_ci_runs_on_postgres(db):
    assert connection.vendor == "postgresql"


def test_csrf_failure_gets_a_clear_page_not_a_500(csrf_client, db):
    response = csrf_client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()


def test_bad_request_page_is_styled(client, db):
    from django.core.exceptions import SuspiciousOperation
    from django.test import RequestFactory
    from django.views.defaults import bad_request

    request = RequestFactory().get("/")
    response = bad_request(request, SuspiciousOperation("bad"))
    assert response.status_code == 400
    assert "We couldn’t understand that request" in response.content.decode()


def test_favicon_redirects_to_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")


def test_a_bad_quiz_form_says_what_to_do(client, content):
    response = client.post("/roadmaps/machine-learning-engineer/quiz/", {"token": "not-a-token"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "This quiz form is not valid. Please reload the quiz." in text
    assert "Browse all roadmaps" in text  # the site's own 400 page


def test_every_static_file_a_template_names_exists():
    """With the production storage (a manifest) a missing file fails the page that names it: an
    error page naming a removed script turned every 404 into a 500."""
    from django.contrib.staticfiles import finders

    named = re.compile(r"""\{%\s*static\s+['"]([^'"]+)['"]\s*%\}""")
    missing = []
    for template in sorted(Path("templates").rglob("*.html")):
        for path in named.findall(template.read_text(encoding="utf-8")):
            if not finders.find(path):
                missing.append(f"{template}: {path}")
    assert missing == []
