"""Milliseconds per page, in-process, with Django's test client on the real content.

No server and no network: the cost of Django, the site's code, its queries and its templates.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/roadmap_inprocess python -m bench.inprocess
    python -m bench.inprocess --profile learner      # cProfile of the learner's roadmap page
    python -m bench.inprocess --pyinstrument learner # the same with pyinstrument, if installed

The first run migrates the database, loads the content and makes one learner with progress
(steps done and in progress, topics ticked, resources done, a plan); later runs reuse them.
Each page is fetched `--warmup` times (the content caches fill), then timed `--repeat` times;
the table gives the median and the 90th percentile, the HTML's size and the size sent (the
clients ask for zstd or gzip as Chrome does, so compressing the page is part of its cost).
Then the writes: marking a step (JSON, each request a change of status, as bench/run's (d))
and the knowledge check's form and its submit (as (e), a fresh form each time).
"""

import argparse
import gzip
import os
import statistics
import sys
import time
from datetime import date
from urllib.parse import urlencode

import django
import zstandard

ROADMAP = "machine-learning-engineer"
FORM = "application/x-www-form-urlencoded"  # as browsers post forms, and wrk in bench/run
LEARNER = "inprocess-learner"


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roadmap_site.settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("SECURE_COOKIES", "false")
    # Production's static storage (hashed, compressed files) needs its manifest.
    os.environ.setdefault(
        "STATIC_ROOT", os.path.join(os.path.dirname(__file__), "results", "inprocess-static")
    )
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from roadmap.models import Roadmap

    if not Roadmap.objects.filter(slug=ROADMAP).exists():
        call_command("load_content", verbosity=0)
    return make_learner()


def make_learner():
    from django.contrib.auth import get_user_model

    from progress import services
    from roadmap.models import Roadmap, Step

    user_model = get_user_model()
    learner, created = user_model.objects.get_or_create(
        username=LEARNER, defaults={"email": f"{LEARNER}@example.com", "display_name": "Learner"}
    )
    if not created:
        return learner
    roadmap = Roadmap.objects.get(slug=ROADMAP)
    steps = list(Step.objects.active().filter(roadmap=roadmap).prefetch_related("topics"))
    services.mark_step(learner=learner, step=steps[0], status="done")
    services.mark_step(learner=learner, step=steps[1], status="in_progress")
    for topic in list(steps[1].topics.all())[:3]:
        services.mark_topic(learner=learner, topic=topic, status="done")
        for resource in list(topic.resources.all())[:2]:
            services.mark_resource_done(learner=learner, resource=resource, done=True)
    services.set_plan(
        learner=learner, roadmap=roadmap, start_date=date(2026, 11, 2), hours_per_week=8
    )
    return learner


def clients(learner):
    from django.test import Client

    # As Chrome, Edge and Firefox ask (BENCH_ACCEPT_ENCODING=gzip for Safari's choice): the
    # pages' compression is part of what they cost.
    accept = os.environ.get("BENCH_ACCEPT_ENCODING", "gzip, deflate, br, zstd")
    visitor = Client(HTTP_ACCEPT_ENCODING=accept)
    signed_in = Client(HTTP_ACCEPT_ENCODING=accept)
    signed_in.force_login(learner)
    return {"visitor": visitor, "learner": signed_in}


def pages(learner):
    from django.urls import reverse

    roadmap = reverse("roadmap:detail", args=[ROADMAP])
    return {
        "visitor": ("visitor", roadmap),
        "learner": ("learner", roadmap),
        "dashboard": ("learner", reverse("progress:dashboard")),
    }


def fetch(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response


def decoded(response):
    """The response's body as the server wrote it, before compression."""
    sent = response.content
    encoding = response.get("Content-Encoding")
    if encoding == "gzip":
        return gzip.decompress(sent)
    if encoding == "zstd":
        reader = zstandard.ZstdDecompressor().stream_reader(sent, read_across_frames=True)
        return reader.read()
    return sent


def measure(client, path, warmup, repeat):
    for _ in range(warmup):
        response = fetch(client, path)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = fetch(client, path)
        times.append((time.perf_counter() - start) * 1000)
    sent = response.content
    body = decoded(response)
    times.sort()
    return {
        "median": statistics.median(times),
        "p90": times[int(len(times) * 0.9) - 1],
        "bytes": len(body),
        "gzip": len(sent),
    }


def measure_writes(client, warmup, repeat):
    """{name: (median ms, p90 ms)} of a step's mark and the quiz's form and submit."""
    from bench.queries import quiz_fields
    from roadmap.models import Step

    step = Step.objects.active().filter(roadmap__slug=ROADMAP).order_by("position").last()
    mark = f"/roadmaps/{ROADMAP}/steps/{step.slug}/status/"
    quiz = f"/roadmaps/{ROADMAP}/quiz/"
    times = {"mark a step (JSON)": [], "quiz form": [], "quiz submit": []}
    for round_ in range(warmup + repeat):
        status = ("done", "in_progress")[round_ % 2]
        start = time.perf_counter()
        response = client.post(
            mark, f"status={status}", content_type=FORM, HTTP_ACCEPT="application/json"
        )
        marked = time.perf_counter()
        assert response.status_code == 200, response.status_code
        form = client.get(quiz)
        shown = time.perf_counter()
        fields = quiz_fields(decoded(form).decode())
        before_submit = time.perf_counter()
        submitted = client.post(quiz, urlencode(fields), content_type=FORM)
        done = time.perf_counter()
        assert submitted.status_code == 302, submitted.status_code
        if round_ >= warmup:
            times["mark a step (JSON)"].append((marked - start) * 1000)
            times["quiz form"].append((shown - marked) * 1000)
            times["quiz submit"].append((done - before_submit) * 1000)
    result = {}
    for name, values in times.items():
        values.sort()
        result[name] = (statistics.median(values), values[int(len(values) * 0.9) - 1])
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--profile", metavar="PAGE")
    parser.add_argument("--pyinstrument", metavar="PAGE")
    args = parser.parse_args()
    learner = setup()
    by_name = clients(learner)
    wanted = pages(learner)
    if args.profile or args.pyinstrument:
        name = args.profile or args.pyinstrument
        who, path = wanted[name]
        client = by_name[who]
        for _ in range(args.warmup):
            fetch(client, path)
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.repeat):
                fetch(client, path)
            profiler.disable()
            stats = pstats.Stats(profiler, stream=sys.stdout)
            stats.sort_stats("cumulative").print_stats(45)
            stats.sort_stats("tottime").print_stats(25)
        else:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0002)
            profiler.start()
            for _ in range(args.repeat):
                fetch(client, path)
            profiler.stop()
            print(profiler.output_text(unicode=False, color=False, show_all=False))
        return
    print("| page | median ms | p90 ms | HTML bytes | sent bytes |")
    print("|---|---:|---:|---:|---:|")
    for name, (who, path) in wanted.items():
        result = measure(by_name[who], path, args.warmup, args.repeat)
        print(
            f"| {name} `{path}` | {result['median']:.2f} | {result['p90']:.2f} | "
            f"{result['bytes']:,} | {result['gzip']:,} |"
        )
    for name, (median, p90) in measure_writes(by_name["learner"], args.warmup, args.repeat).items():
        print(f"| {name} | {median:.2f} | {p90:.2f} | | |")


if __name__ == "__main__":
    main()
