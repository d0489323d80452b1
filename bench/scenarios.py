"""Drive the running site with wrk, one scenario after another, and keep each one's figures.

Usage: python -m bench.scenarios HOST PORT RESULTS_DIR
Environment: BENCH_CONNECTIONS (32), BENCH_DURATION (seconds, 15), BENCH_WARMUP (seconds, 3),
BENCH_SCENARIOS (e.g. "a,b,c", all by default), BENCH_PAIRED_SECONDS (5; 0: off).

The machine this runs on is shared: the bare view's throughput moves by a third within minutes.
So, besides (a) itself, the bare view is run for BENCH_PAIRED_SECONDS just before each other
scenario but the static file, and the report gives each scenario against that one too: the two
measured under the same conditions. The targets are judged against (a), as the issue sets them.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from bench import cpu

BENCH = Path(__file__).resolve().parent
ROADMAP = "machine-learning-engineer"

SCENARIOS = {
    "a": ("Bare Django view (/bench/ok), the ceiling", "get.lua", {"BENCH_PATH": "/bench/ok"}),
    "b": ("Roadmap page, signed out", "get.lua", {"BENCH_PATH": f"/roadmaps/{ROADMAP}/"}),
    "c": (
        "Roadmap page, signed in with progress",
        "get.lua",
        {"BENCH_PATH": f"/roadmaps/{ROADMAP}/", "SESSIONS": "1"},
    ),
    "d": ("Mark a step (POST, JSON)", "mark_step.lua", {"SESSIONS": "1"}),
    "e": ("Submit the quiz (GET form + POST)", "quiz.lua", {"SESSIONS": "1"}),
    "f": ("Static file via whitenoise (gzip)", "get.lua", {}),
    "g": (
        "Dashboard, signed in with progress",
        "get.lua",
        {"BENCH_PATH": "/dashboard/", "SESSIONS": "1"},
    ),
    "h": (
        "Roadmap page, signed in, a browser without zstd (gzip only)",
        "get.lua",
        {"BENCH_PATH": f"/roadmaps/{ROADMAP}/", "SESSIONS": "1", "BENCH_ACCEPT_ENCODING": "gzip"},
    ),
}


def run_wrk(url, script, env, connections, seconds):
    command = [
        "wrk",
        f"-t{connections}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(BENCH / "wrk" / script),
        url,
    ]
    done = subprocess.run(
        command,
        env=os.environ | env,
        cwd=BENCH.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    for line in done.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line.removeprefix("BENCH_JSON "))
    raise RuntimeError(f"no summary from wrk:\n{done.stdout}\n{done.stderr}")


def main(host, port, results_dir):
    results_dir = Path(results_dir)
    connections = int(os.environ.get("BENCH_CONNECTIONS", "32"))
    seconds = int(os.environ.get("BENCH_DURATION", "15"))
    warmup = int(os.environ.get("BENCH_WARMUP", "3"))
    wanted = os.environ.get("BENCH_SCENARIOS", ",".join(SCENARIOS)).split(",")
    paired_seconds = int(os.environ.get("BENCH_PAIRED_SECONDS", "5"))
    static_path = (results_dir / "static_path.txt").read_text().strip()
    url = f"http://{host}:{port}"
    results = {}
    for key in wanted:
        title, script, extra = SCENARIOS[key]
        env = {k: v for k, v in extra.items() if k != "SESSIONS"}
        if key == "f":
            env["BENCH_PATH"] = static_path
        if "SESSIONS" in extra:
            env["BENCH_SESSIONS"] = str(results_dir / "sessions.txt")
        env["BENCH_STEPS"] = str(results_dir / "steps.txt")
        if warmup:
            run_wrk(url, script, env, connections, warmup)
        paired = None
        if paired_seconds and key not in ("a", "f"):
            _, ceiling_script, ceiling_env = SCENARIOS["a"]
            ceiling = run_wrk(url, ceiling_script, ceiling_env, connections, paired_seconds)
            paired = ceiling["requests"] / (ceiling["duration_us"] / 1e6)
        load_before, cpu_before = os.getloadavg()[0], cpu.snapshot(children="wrk")
        result = run_wrk(url, script, env, connections, seconds)
        result["cpu_ms_per_request"] = cpu.per_request(
            cpu_before, cpu.snapshot(children="wrk"), result["requests"]
        )
        result["loadavg_1min"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
        result["title"] = title
        result["connections"] = connections
        result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
        if paired is not None:
            result["paired_a_rps"] = paired
        if key == "e":  # one submission = GET the form + POST the answers
            result["submissions"] = result["own_count"]
            result["submissions_per_s"] = result["own_count"] / (result["duration_us"] / 1e6)
        results[key] = result
        print(
            f"({key}) {title}: {result['rps']:.0f} req/s, p50 {result['p50_us'] / 1000:.1f} ms, "
            f"p99 {result['p99_us'] / 1000:.1f} ms, statuses {result['statuses']}",
            flush=True,
        )
    (results_dir / "scenarios.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
