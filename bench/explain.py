"""EXPLAIN (ANALYZE, BUFFERS) of every query the learner's pages run, on the large database.

Run by `bench/large_db` as `python -m bench.explain RESULTS [--report 0]`, DATABASE_URL pointing at
`roadmap_bench_large` (built by `bench.large_data`). Reads as each of LARGE_LEARNERS
(`large-000001`, a typical history, and `large-000002`, a power learner), in-process with
Django's test client:

- each page is requested once to warm the caches, then again under CaptureQueriesContext; a page
  that writes runs inside a transaction rolled back afterwards, so the database is left as built
  and each of its statements can be explained as it first ran;
- each SELECT, INSERT, UPDATE is then run as `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` twice
  inside a transaction that is rolled back (the second run is the one kept: warm buffers, as on a
  live site), and the plan summarized: the scans used, rows, buffers, planning and execution time.

A sequential scan on a table of more than 10,000 rows is flagged. Writes `RESULTS/explain.json` and
the "Large database" section of docs/benchmarks.md.
"""

import argparse
import json
import os
import re
import sys
from pathlib import Path

import django

DATABASE = "roadmap_bench_large"
LEARNERS = os.environ.get("LARGE_LEARNERS", "large-000001 large-000002").split()
ROADMAP = "machine-learning-engineer"
LIMIT_MS = 5.0
BIG_TABLE = 10_000
SKIP = re.compile(r"^\s*(SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|SET)\b", re.I)
# accounts.prepared runs the learner's heaviest queries as server-side prepared statements: the
# PREPARE is not a query of the page, and an EXECUTE is explained as it runs, named by its SQL.
PREPARE = re.compile(r"^\s*PREPARE\b", re.I)
EXECUTE = re.compile(r"^\s*EXECUTE\s+(\w+)", re.I)
PREPARED_AS = re.compile(r"^\s*PREPARE\s+\w+\s+AS\s+", re.I)
TABLE = re.compile(r'(?:FROM|UPDATE|INSERT INTO|JOIN)\s+"(\w+)"', re.I)
START, END = "<!-- bench:large:start -->", "<!-- bench:large:end -->"


CONTENT, LEARNER = "content", "learner"  # what a scenario forgets first: all, or the learner's


class Rollback(Exception):
    pass


def walk(node):
    yield node
    for child in node.get("Plans", []):
        yield from walk(child)


def summarize(plan, sizes):
    """The plan's scans ("Index Scan on t using i"), flagged seq scans of big tables, totals."""
    root = plan["Plan"]
    scans, flags = [], []
    for node in walk(root):
        kind = node["Node Type"]
        relation = node.get("Relation Name")
        index = node.get("Index Name")
        if relation is None and index is None:
            continue
        label = f"{kind} {relation or ''}".strip() + (f" ({index})" if index else "")
        if label not in scans:
            scans.append(label)
        if kind == "Seq Scan" and sizes.get(relation, 0) > BIG_TABLE:
            flags.append(f"seq scan of {relation} ({sizes[relation]:,} rows)")
    return {
        "scans": scans,
        "flags": flags,
        "rows": root.get("Actual Rows"),
        "hit": root.get("Shared Hit Blocks", 0),
        "read": root.get("Shared Read Blocks", 0),
        "planning_ms": plan.get("Planning Time", 0.0),
        "execution_ms": plan.get("Execution Time", 0.0),
    }


def prepared_statements():
    """{name: SQL} of the statements prepared on this connection."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT name, statement FROM pg_prepared_statements")
        return {name: PREPARED_AS.sub("", statement) for name, statement in cursor.fetchall()}


def describe(sql):
    verb = sql.lstrip().split(None, 1)[0].upper()
    if sql.lstrip().upper().startswith("WITH"):
        verb = "UPDATE+INSERT" if "UPDATE" in sql and "INSERT" in sql else "WITH"
    tables = []
    for table in TABLE.findall(sql):
        if table not in tables:
            tables.append(table)
    return f"{verb} {', '.join(tables[:3])}{' …' if len(tables) > 3 else ''}"


def main(results, report):
    pages = []
    for username in LEARNERS:
        result = explain_pages(username)
        for page in result["pages"]:
            page["page"] = f"{page['page']} · {username}"
        pages += result["pages"]
    result["pages"] = pages
    result["learners"] = LEARNERS
    Path(results, "explain.json").write_text(json.dumps(result, indent=2))
    build = Path(results, "build.txt")
    if report:
        write_report(result, build.read_text() if build.exists() else "")


def explain_pages(username):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roadmap_site.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from bench.queries import quiz_fields
    from progress.models import StepProgress, TopicProgress
    from roadmap.content_cache import bump_content_version
    from roadmap.learner_pages import learner_changed
    from roadmap.models import Roadmap, Step, Topic

    if connection.vendor != "postgresql" or connection.settings_dict["NAME"] != DATABASE:
        sys.exit(f"bench.explain reads only the Postgres database {DATABASE}")

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r' "
            "AND relnamespace = 'public'::regnamespace"
        )
        sizes = dict(cursor.fetchall())
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]

    learner = get_user_model().objects.get(username=username)
    roadmap = Roadmap.objects.get(slug=ROADMAP)
    step = Step.objects.active().filter(roadmap=roadmap).order_by("position").first()
    topic = Topic.objects.active().filter(step=step).order_by("position").first()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(learner)
    json_accept = {"HTTP_ACCEPT": "application/json"}
    page = roadmap.get_absolute_url()
    quiz = f"{page}quiz/"

    def next_status(current, choices):
        return choices[(choices.index(current) + 1) % len(choices)]

    step_status = StepProgress.objects.get(learner=learner, step=step).status
    topic_status = TopicProgress.objects.get(learner=learner, topic=topic).status
    dashboard = reverse("progress:dashboard")
    mark_step = reverse("progress:mark_step", args=[roadmap.slug, step.slug])
    mark_topic = reverse("progress:mark_topic", args=[roadmap.slug, topic.pk])

    def quiz_post():
        form = client.get(quiz)
        return {"data": quiz_fields(form.content.decode())}

    scenarios = [
        ("Roadmap page, signed in (content cache cold)", "get", page, lambda: {}, CONTENT),
        # After any change of the learner's (a mark, an attempt): their kept page is built again.
        ("Roadmap page, signed in (after a mark)", "get", page, lambda: {}, LEARNER),
        ("Roadmap page, signed in (warm)", "get", page, lambda: {}, False),
        ("Dashboard (after a mark)", "get", dashboard, lambda: {}, LEARNER),
        ("Dashboard (warm)", "get", dashboard, lambda: {}, False),
        (
            "Mark a step (JSON)",
            "post",
            mark_step,
            lambda: {
                "data": {
                    "status": next_status(step_status, ["done", "in_progress", "skipped"])
                    if step_status in ("done", "in_progress", "skipped")
                    else "done"
                },
                **json_accept,
            },
            False,
        ),
        (
            "Mark a topic (JSON)",
            "post",
            mark_topic,
            lambda: {
                "data": {"status": next_status(topic_status, ["done", "skipped", "not_started"])},
                **json_accept,
            },
            False,
        ),
        ("Quiz form", "get", quiz, lambda: {}, False),
        ("Quiz submit", "post", quiz, quiz_post, False),
        ("Data export", "get", reverse("accounts:export"), lambda: {}, False),
    ]

    pages = []
    for title, method, url, kwargs_for, forget in scenarios:
        if forget == CONTENT:
            bump_content_version()
        elif method == "get":
            getattr(client, method)(url)  # warm: caches and the session as a reader has them
        if forget == LEARNER:
            learner_changed(learner.pk)
        kwargs = kwargs_for()
        with CaptureQueriesContext(connection) as captured:
            try:
                with transaction.atomic():
                    response = getattr(client, method)(url, **kwargs)
                    raise Rollback
            except Rollback:
                pass
        assert response.status_code < 400, (title, response.status_code)
        queries = []
        prepared = prepared_statements()
        for query in captured.captured_queries:
            sql = query["sql"]
            if SKIP.match(sql) or PREPARE.match(sql):
                continue
            executed = EXECUTE.match(sql)
            text = prepared[executed[1]] if executed else sql
            plans = []
            for _ in range(2):
                try:
                    with transaction.atomic(), connection.cursor() as cursor:
                        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
                        plans.append(cursor.fetchone()[0][0])
                        raise Rollback
                except Rollback:
                    pass
            summary = summarize(plans[-1], sizes)
            summary["query"] = describe(text)
            summary["sql"] = f"{sql} -- {text}" if executed else sql
            queries.append(summary)
        pages.append(
            {"page": title, "url": url, "status": response.status_code, "queries": queries}
        )
        slowest = max((q["execution_ms"] for q in queries), default=0)
        print(f"  {title}: {len(queries)} queries, slowest {slowest:.2f} ms", flush=True)

    big = {t: n for t, n in sorted(sizes.items(), key=lambda item: -item[1]) if n > BIG_TABLE}
    return {"postgres": version, "tables": big, "pages": pages}


def write_report(result, build):
    lines = [START, "### Large database: the plans", ""]
    if build:
        lines += ["Build (`bench/large_db`):", "", "```", build.strip(), "```", ""]
    lines += [
        f"{result['postgres']}. Tables over {BIG_TABLE:,} rows (pg_class.reltuples): "
        + ", ".join(f"`{t}` {n:,}" for t, n in result["tables"].items())
        + ".",
        "",
        "Every query of each page, as `large-000001` (a row on every step and 35 topics, 5 "
        "attempts, 2 cards, 20 events) and the power learner `large-000002` (1,005 attempts, "
        "20,020 events), EXPLAIN (ANALYZE, BUFFERS), warm; times in ms, execution apart from "
        "planning. "
        f"Target: an index for every big table, ≤ {LIMIT_MS:g} ms each.",
        "",
    ]
    worst_all = 0.0
    flagged = []
    for page in result["pages"]:
        queries = page["queries"]
        worst = max((q["execution_ms"] for q in queries), default=0)
        total = sum(q["execution_ms"] for q in queries)
        worst_all = max(worst_all, worst)
        lines += [
            f"#### {page['page']} — {len(queries)} queries, {total:.2f} ms in all, "
            f"slowest {worst:.2f} ms",
            "",
            "| # | Query | Plan (scans) | Rows | Buffers hit/read | Plan ms | Exec ms |",
            "|---:|---|---|---:|---:|---:|---:|",
        ]
        for n, q in enumerate(queries, 1):
            scans = "; ".join(q["scans"]) or "–"
            if q["flags"]:
                scans += " **" + ", ".join(q["flags"]) + "**"
                flagged.append((page["page"], n, q["flags"]))
            lines.append(
                f"| {n} | {q['query']} | {scans} | {q['rows']} | {q['hit']}/{q['read']} | "
                f"{q['planning_ms']:.2f} | {q['execution_ms']:.2f} |"
            )
        lines.append("")
    verdict = "met" if worst_all <= LIMIT_MS and not flagged else "missed"
    lines += [
        f"Slowest query of all: {worst_all:.2f} ms (target ≤ {LIMIT_MS:g} ms: {verdict}); "
        f"sequential scans of big tables: {len(flagged) or 'none'}.",
        END,
    ]
    path = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
    text = path.read_text()
    section = "\n".join(lines)
    if START in text:
        text = re.sub(
            re.escape(START) + ".*?" + re.escape(END), lambda _: section, text, flags=re.S
        )
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    path.write_text(text)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("--report", default="1")
    args = parser.parse_args()
    main(args.results, args.report != "0")
