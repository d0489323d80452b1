"""SQL queries per request for each benchmark scenario, on the real roadmap and a large one.

Runs the site in-process with Django's test client (same settings and middleware as gunicorn)
against the bench database, and counts queries with CaptureQueriesContext. "cold" is the first
request after a content change (content cache empty), "warm" the next one.
Usage: python -m bench.queries OUTFILE
"""

import json
import os
import re
import sys

import django

INPUT_RE = re.compile(r"<input[^>]*>")
ATTR_RE = re.compile(r'(name|value)="([^"]*)"')


def quiz_fields(html):
    fields, token = {}, None
    for tag in INPUT_RE.findall(html):
        attrs = dict(ATTR_RE.findall(tag))
        name = attrs.get("name", "")
        if name == "token":
            token = attrs.get("value")
        elif name.startswith("question_"):
            fields.setdefault(name, attrs.get("value"))
    fields["token"] = token
    return fields


def main(outfile):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roadmap_site.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from roadmap.content_cache import bump_content_version
    from roadmap.models import Roadmap, Step

    def count(client, method, path, **kwargs):
        with CaptureQueriesContext(connection) as queries:
            response = getattr(client, method)(path, **kwargs)
        assert response.status_code < 400, (method, path, response.status_code)
        return len(queries), response

    learner = get_user_model().objects.get(username="bench-0001")
    results = {}
    static_path = staticfiles_storage.url("css/site.css")
    for slug in ("machine-learning-engineer", "bench-large"):  # one-off per-process look-ups
        Client(HTTP_HOST="127.0.0.1").get(f"/roadmaps/{slug}/")
    for slug in ("machine-learning-engineer", "bench-large"):
        roadmap = Roadmap.objects.get(slug=slug)
        page = roadmap.get_absolute_url()
        step = Step.objects.active().filter(roadmap=roadmap).first()
        anonymous = Client(HTTP_HOST="127.0.0.1")
        signed_in = Client(HTTP_HOST="127.0.0.1")
        signed_in.force_login(learner)
        row = {"steps": Step.objects.active().filter(roadmap=roadmap).count()}
        row["a"], _ = count(anonymous, "get", "/bench/ok")
        bump_content_version()
        row["b_cold"], _ = count(anonymous, "get", page)
        row["b"], _ = count(anonymous, "get", page)
        bump_content_version()
        row["c_cold"], _ = count(signed_in, "get", page)
        row["c"], _ = count(signed_in, "get", page)
        mark = f"{page}steps/{step.slug}/status/"
        json_accept = {"HTTP_ACCEPT": "application/json"}
        count(signed_in, "post", mark, data={"status": "done"}, **json_accept)
        row["d"], _ = count(signed_in, "post", mark, data={"status": "in_progress"}, **json_accept)
        quiz = f"{page}quiz/"
        count(signed_in, "get", quiz)
        row["e_get"], response = count(signed_in, "get", quiz)
        row["e_post"], response = count(signed_in, "post", quiz, data=quiz_fields(response.text))
        assert response.status_code == 302, response.status_code
        row["f"], _ = count(anonymous, "get", static_path)
        count(signed_in, "get", "/dashboard/")
        row["g"], _ = count(signed_in, "get", "/dashboard/")
        results[slug] = row
    with open(outfile, "w") as out:
        json.dump(results, out, indent=2)
    print(json.dumps(results))


if __name__ == "__main__":
    main(sys.argv[1])
