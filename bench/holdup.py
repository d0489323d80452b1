"""Holding up: many learners marking steps and taking the quiz at once; nothing confirmed is lost.

Each learner is a thread with its own connection and session (a real log-in). For a bounded time
it marks a random step with a random status (the page's JSON request) or takes the quiz (GET the
form, POST answers). Every response is recorded; afterwards the database must hold, for each
learner and step, the last status a response confirmed, and exactly the attempts whose POST was
answered by the redirect to their review. With --restart-postgres, Postgres is restarted during
the load; with --stop-redis PIDFILE, the site's own Redis (never the machine's shared one: see
bench/redis_fault) is killed by its pid a third of the way in and started again on --redis-port at
two thirds. /healthz is polled throughout.

Usage: python -m bench.holdup HOST PORT OUTFILE [--first N] [--learners 50] [--seconds 30]
       [--restart-postgres | --stop-redis PIDFILE --redis-port 6390]
"""

import argparse
import json
import os
import random
import re
import signal
import subprocess
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import django

from bench.client import Browser

PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-password-7341")
ROADMAP = "machine-learning-engineer"
STATUSES = ["not_started", "in_progress", "done", "skipped"]
INPUT_RE = re.compile(r"<input[^>]*>")
ATTR_RE = re.compile(r'(name|value)="([^"]*)"')
CLEAN_503 = "Temporarily unavailable"


def quiz_answers(html):
    """(token, {field: value}) with one random choice per question, from the quiz form."""
    token, options = None, {}
    for tag in INPUT_RE.findall(html):
        attrs = dict(ATTR_RE.findall(tag))
        name = attrs.get("name", "")
        if name == "token":
            token = attrs.get("value")
        elif name.startswith("question_"):
            options.setdefault(name, []).append(attrs.get("value"))
    return token, {name: random.choice(values) for name, values in options.items()}


class Learner(threading.Thread):
    def __init__(self, username, host, port, steps, deadline, started):
        super().__init__(daemon=True)
        self.username = username
        self.browser = Browser(host, port, timeout=30)
        self.steps = steps
        self.deadline = deadline
        self.started = started
        self.marks = []  # (seq, t, step, status, outcome) outcome: "ok" | "failed"
        self.attempts = []  # (t, token, outcome)
        self.responses = Counter()
        self.errors = Counter()
        self.failures = []  # (t, what, status or exception)
        self.unclean_5xx = 0

    def _request(self, method, path, fields=None, headers=None):
        try:
            status, headers, body, _ = self.browser.request(method, path, fields, headers)
        except Exception as error:  # connection refused/reset while the server restarts
            t = time.monotonic() - self.started  # failures are timed when the answer came
            self.errors[type(error).__name__] += 1
            self.failures.append((round(t, 3), f"{method} {path}", type(error).__name__))
            time.sleep(0.05)
            return None, {}, ""
        self.responses[status] += 1
        t = time.monotonic() - self.started
        if status >= 500:
            self.failures.append((round(t, 3), f"{method} {path}", status))
            if status != 503 or CLEAN_503 not in body:
                self.unclean_5xx += 1
            time.sleep(0.05)
        return status, headers, body

    def mark(self, seq):
        step, status = random.choice(self.steps), random.choice(STATUSES)
        t = time.monotonic() - self.started
        code, _, body = self._request(
            "POST",
            f"/roadmaps/{ROADMAP}/steps/{step}/status/",
            {"status": status},
            {"Accept": "application/json"},
        )
        confirmed = False
        if code == 200:
            try:
                confirmed = json.loads(body).get("status") == status
            except ValueError:
                confirmed = False
        self.marks.append((seq, t, step, status, "ok" if confirmed else "failed"))

    def quiz(self):
        path = f"/roadmaps/{ROADMAP}/quiz/"
        code, _, body = self._request("GET", path)
        if code != 200:
            return
        token, answers = quiz_answers(body)
        if not token:
            return
        t = time.monotonic() - self.started
        code, headers, _ = self._request("POST", path, {"token": token} | answers)
        location = headers.get("Location", "") if code == 302 else ""
        confirmed = code == 302 and token in location
        self.attempts.append((t, token, "ok" if confirmed else "failed"))

    def run(self):
        seq = 0
        while time.monotonic() < self.deadline:
            seq += 1
            if random.random() < 0.7:
                self.mark(seq)
            else:
                self.quiz()
        self.browser.close()


def poll_health(host, port, started, stop, log):
    while not stop.is_set():
        t = time.monotonic() - started
        browser = Browser(host, port, timeout=3)
        try:
            status, _, body, elapsed = browser.request("GET", "/healthz")
            log.append((round(t, 2), status, body[:160], round(elapsed * 1000)))
        except Exception as error:
            log.append((round(t, 2), None, type(error).__name__, None))
        browser.close()
        stop.wait(0.25)


def restart_postgres(started, at, record):
    time.sleep(at)
    version = os.listdir("/etc/postgresql")[0]
    record["restart_started"] = round(time.monotonic() - started, 2)
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
        check=True,
        capture_output=True,
    )
    record["restart_returned"] = round(time.monotonic() - started, 2)
    while subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode != 0:
        time.sleep(0.05)
    record["postgres_ready"] = round(time.monotonic() - started, 2)


def stop_redis(started, seconds, pidfile, port, record):
    """Kill the site's own Redis by its pid, wait, then start a fresh one on the same port."""
    time.sleep(seconds / 3)
    with open(pidfile) as f:
        pid = int(f.read().strip())
    record["redis_killed"] = round(time.monotonic() - started, 2)
    os.kill(pid, signal.SIGKILL)
    time.sleep(seconds / 3)
    record["redis_started"] = round(time.monotonic() - started, 2)
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with open(pidfile, "w") as f:
        f.write(str(process.pid))
    while subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).returncode:
        time.sleep(0.05)
    record["redis_ready"] = round(time.monotonic() - started, 2)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("outfile")
    parser.add_argument("--first", type=int, default=33)
    parser.add_argument("--learners", type=int, default=50)
    seconds = float(os.environ.get("BENCH_HOLD_SECONDS", "30"))
    parser.add_argument("--seconds", type=float, default=seconds)
    parser.add_argument("--restart-postgres", action="store_true")
    parser.add_argument("--stop-redis", metavar="PIDFILE")
    parser.add_argument("--redis-port", type=int, default=6390)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roadmap_site.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from progress.models import StepProgress
    from quizzes.models import QuizAttempt
    from roadmap.models import Step

    usernames = [f"bench-{n:04d}" for n in range(args.first, args.first + args.learners)]
    users = {u.username: u for u in get_user_model().objects.filter(username__in=usernames)}
    steps = list(Step.objects.active().filter(roadmap__slug=ROADMAP).values_list("slug", flat=True))
    before = {
        (row.learner.username, row.step.slug): row.status
        for row in StepProgress.objects.filter(learner__in=users.values()).select_related(
            "learner", "step"
        )
    }
    attempts_before = set(
        QuizAttempt.objects.filter(learner__in=users.values()).values_list("token", flat=True)
    )
    connection.close()  # not held open across a Postgres restart

    # Log in first (real log-in form), then start everyone together.
    def logged_in(username):
        return Browser(args.host, args.port, timeout=120).log_in(username, PASSWORD)

    with ThreadPoolExecutor(max_workers=4) as pool:
        browsers = list(pool.map(logged_in, usernames))
    started = time.monotonic()
    deadline = started + args.seconds
    learners = []
    for username, browser in zip(usernames, browsers, strict=True):
        learner = Learner(username, args.host, args.port, steps, deadline, started)
        browser.close()
        browser.timeout = 30
        learner.browser = browser
        learners.append(learner)
    stop, health, fault = threading.Event(), [], {}
    poller = threading.Thread(
        target=poll_health, args=(args.host, args.port, started, stop, health), daemon=True
    )
    poller.start()
    restarter = None
    if args.restart_postgres:
        restarter = threading.Thread(
            target=restart_postgres, args=(started, args.seconds / 3, fault), daemon=True
        )
        restarter.start()
    if args.stop_redis:
        restarter = threading.Thread(
            target=stop_redis,
            args=(started, args.seconds, args.stop_redis, args.redis_port, fault),
            daemon=True,
        )
        restarter.start()
    for learner in learners:
        learner.start()
    for learner in learners:
        learner.join()
    if restarter:
        restarter.join()
    stop.set()
    poller.join()
    elapsed = time.monotonic() - started

    # What the database holds, against what the responses confirmed.
    for _ in range(50):  # after a restart, wait until Postgres answers this process too
        try:
            connection.ensure_connection()
            break
        except Exception:
            connection.close()
            time.sleep(0.2)
    rows = {
        (row.learner.username, row.step.slug): row.status
        for row in StepProgress.objects.filter(learner__in=users.values()).select_related(
            "learner", "step"
        )
    }
    attempts_after = set(
        QuizAttempt.objects.filter(learner__in=users.values()).values_list("token", flat=True)
    )
    new_attempts = {str(t) for t in attempts_after - attempts_before}

    exact = ambiguous_ok = lost = 0
    lost_examples = []
    for learner in learners:
        by_step = {}
        for _seq, _t, step, status, outcome in learner.marks:
            by_step.setdefault(step, []).append((status, outcome))
        for step, events in by_step.items():
            key = (learner.username, step)
            confirmed = [status for status, outcome in events if outcome == "ok"]
            last_ok_index = max(
                (i for i, (_, outcome) in enumerate(events) if outcome == "ok"), default=-1
            )
            expected = confirmed[-1] if confirmed else before.get(key)
            # Requests after the last confirmed one that got no confirmation may or may not have
            # been committed (e.g. Postgres went away after the commit): either value is right.
            maybe = {status for status, outcome in events[last_ok_index + 1 :] if outcome != "ok"}
            actual = rows.get(key)
            if actual == expected or (expected is None and actual == "not_started"):
                exact += 1
            elif actual in maybe:
                ambiguous_ok += 1
            else:
                lost += 1
                lost_examples.append({"key": key, "expected": expected, "actual": actual})

    confirmed_tokens = {t for learner in learners for _, t, o in learner.attempts if o == "ok"}
    unconfirmed_tokens = {t for learner in learners for _, t, o in learner.attempts if o != "ok"}
    normalize = {str(uuid.UUID(t)) for t in confirmed_tokens}
    missing_attempts = normalize - new_attempts
    extra_attempts = new_attempts - normalize
    extra_unexplained = extra_attempts - {str(uuid.UUID(t)) for t in unconfirmed_tokens}

    responses = Counter()
    errors = Counter()
    for learner in learners:
        responses.update(learner.responses)
        errors.update(learner.errors)
    failures = sorted(f for learner in learners for f in learner.failures)
    five_xx = sum(n for status, n in responses.items() if status >= 500)
    marks = [m for learner in learners for m in learner.marks]
    result = {
        "learners": args.learners,
        "seconds": round(elapsed, 1),
        "restart_postgres": args.restart_postgres,
        "stop_redis": bool(args.stop_redis),
        "fault": fault,
        "requests": sum(responses.values()) + sum(errors.values()),
        "responses": {str(k): v for k, v in sorted(responses.items())},
        "connection_errors": dict(errors),
        "five_xx": five_xx,
        "unclean_5xx": sum(learner.unclean_5xx for learner in learners),
        "marks_sent": len(marks),
        "marks_confirmed": sum(1 for m in marks if m[4] == "ok"),
        "pairs_checked": exact + ambiguous_ok + lost,
        "pairs_exact": exact,
        "pairs_unconfirmed_write_kept": ambiguous_ok,
        "pairs_lost": lost,
        "lost_examples": lost_examples[:10],
        "attempts_confirmed": len(confirmed_tokens),
        "attempts_unconfirmed": len(unconfirmed_tokens),
        "attempts_in_db": len(new_attempts),
        "attempts_missing": len(missing_attempts),
        "attempts_extra_from_unconfirmed": len(extra_attempts) - len(extra_unexplained),
        "attempts_extra_unexplained": len(extra_unexplained),
        "first_failure": failures[0] if failures else None,
        "last_failure": failures[-1] if failures else None,
        "failures": len(failures),
        "healthz": summarize_health(health),
    }
    if args.restart_postgres and fault.get("postgres_ready") is not None:
        ready = fault["postgres_ready"]
        after = [f for f in failures if f[0] >= ready]
        result["failures_after_postgres_ready"] = len(after)
        result["last_failure_after_ready_s"] = round(after[-1][0] - ready, 2) if after else 0.0
    if args.stop_redis and fault.get("redis_killed") is not None:
        down = [
            f for f in failures if fault["redis_killed"] <= f[0] < fault.get("redis_ready", 1e9)
        ]
        result["failures_while_redis_down"] = len(down)
    result["ok"] = (
        lost == 0
        and not missing_attempts
        and not extra_unexplained
        and result["unclean_5xx"] == 0
        and (args.restart_postgres or (five_xx == 0 and not errors and not extra_attempts))
    )
    with open(args.outfile, "w") as out:
        json.dump(result, out, indent=2)
    print(json.dumps({k: v for k, v in result.items() if k != "healthz"}, indent=1))
    print("healthz:", json.dumps(result["healthz"]))


def summarize_health(log):
    """Collapse the /healthz polls into runs of the same answer."""
    runs = []
    for t, status, body, ms in log:
        label = f"{status} {body}" if status else f"no answer ({body})"
        if runs and runs[-1]["answer"] == label:
            runs[-1]["until"] = t
            runs[-1]["polls"] += 1
        else:
            runs.append({"from": t, "until": t, "answer": label, "polls": 1, "ms": ms})
    return runs


if __name__ == "__main__":
    main()
