"""Write a benchmark run's figures into docs/benchmarks.md, between the "bench:results" markers.

The rest of the document (how to run it, what the figures mean, earlier runs) is kept as written.
Usage: python -m bench.report RESULTS_DIR docs/benchmarks.md
"""

import json
import sys
from pathlib import Path

START, END = "<!-- bench:results:start -->", "<!-- bench:results:end -->"
# The targets of issue 16 ("A learner's pages at the speed of the stack"), as shares of (a).
TARGETS = {"b": 0.60, "c": 0.25, "d": 0.25, "e": 0.10, "g": 0.20}


def ms(us):
    return f"{us / 1000:.1f}"


def load(results, name):
    path = results / name
    return json.loads(path.read_text()) if path.exists() else None


def scenario_table(scenarios):
    base = scenarios.get("a", {}).get("rps")
    lines = [
        "| Scenario | Requests/s | p50 ms | p95 ms | p99 ms | vs (a) | Target "
        "| vs the bare view just before it | Responses | Load avg before/after |",
        "|---|---:|---:|---:|---:|---:|---|---:|---|---|",
    ]
    for key, r in scenarios.items():
        rps = r["rps"]
        p50, p95, p99 = r["p50_us"], r["p95_us"], r["p99_us"]
        extra = ""
        if key == "e":
            rps = r["submissions_per_s"]
            p50, p95, p99 = r["own_p50_us"], r["own_p95_us"], r["own_p99_us"]
            extra = f" ({r['rps']:.0f} req/s incl. the form GETs; latency of the POSTs)"
        ratio = rps / base if base else 0
        target = []
        if key in TARGETS:
            met = "met" if ratio >= TARGETS[key] else "missed"
            target.append(f"≥{TARGETS[key]:.0%} of (a): {met}")
        if key in "bcdegh":
            timeouts = r["errors"]["timeout"]
            met = p99 <= 100_000 and not timeouts
            target.append("p99 ≤ 100 ms: " + ("met" if met else "missed"))
        paired = r.get("paired_a_rps")
        beside = f"{rps / paired:.0%} of {paired:.0f}" if paired else "–"
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(r["statuses"].items()))
        errors = {k: v for k, v in r["errors"].items() if v and k != "status"}
        if errors:
            statuses += f"; socket errors {errors}"
        lines.append(
            f"| ({key}) {r['title']}{extra} | {rps:.0f} | {ms(p50)} | {ms(p95)} | {ms(p99)} "
            f"| {ratio:.0%} | {'; '.join(target) or '–'} | {beside} | {statuses} "
            f"| {' / '.join(str(x) for x in r.get('loadavg_1min', []))} |"
        )
    return lines


def queries_table(queries):
    cols = [
        ("a", "(a) bare"),
        ("b_cold", "(b) cold"),
        ("b", "(b) warm"),
        ("c_cold", "(c) cold"),
        ("c", "(c) warm"),
        ("d", "(d) mark"),
        ("e_get", "(e) form"),
        ("e_post", "(e) submit"),
        ("f", "(f) static"),
        ("g", "(g) dashboard"),
    ]
    lines = [
        "| Roadmap | Active steps | " + " | ".join(label for _, label in cols) + " |",
        "|---|---:|" + "---:|" * len(cols),
    ]
    for slug, row in queries.items():
        values = " | ".join(str(row.get(key, "–")) for key, _ in cols)
        lines.append(f"| {slug} | {row['steps']} | {values} |")
    return lines


def weight_lines(weight):
    lines = [
        "| File | Raw bytes | Sent to Chrome | Sent as gzip only |",
        "|---|---:|---:|---:|",
    ]
    for f in weight["files"]:
        encoding = f.get("encoding") or "none"
        sent = f"{f['sent']:,} ({encoding})"
        lines.append(f"| `{f['path']}` | {f['raw']:,} | {sent} | {f['gzip']:,} |")
    total, total_gzip = weight["total_compressed"], weight.get("total_gzip", 0)
    verdict = "within" if weight["ok"] else "OVER"
    lines.append(
        f"| **Total** | | **{total:,} ({total / 1024:.1f} KB, {verdict} 60 KB)** | "
        f"{total_gzip:,} ({total_gzip / 1024:.1f} KB) |"
    )
    return lines


def hold_lines(name, h):
    if not h:
        return [f"{name}: not run."]
    lines = [
        f"**{name}** — {h['learners']} learners for {h['seconds']} s, {h['requests']} requests; "
        f"responses {h['responses']}; connection errors {h['connection_errors'] or 'none'}; "
        f"5xx: {h['five_xx']} (not the clean 503 page: {h['unclean_5xx']}).",
        "",
        f"- Step statuses: {h['marks_sent']} marks sent, {h['marks_confirmed']} confirmed; "
        f"{h['pairs_checked']} learner+step pairs checked: {h['pairs_exact']} hold the last "
        f"confirmed status, {h['pairs_unconfirmed_write_kept']} hold a later unconfirmed one "
        f"(committed before the connection broke), **{h['pairs_lost']} lost**.",
        f"- Quiz attempts: {h['attempts_confirmed']} confirmed, {h['attempts_in_db']} in the "
        f"database; **{h['attempts_missing']} confirmed attempts missing**, "
        f"{h['attempts_extra_from_unconfirmed']} extra from unconfirmed submits, "
        f"{h['attempts_extra_unexplained']} unexplained.",
        f"- Verdict: {'PASS' if h['ok'] else 'FAIL'}.",
    ]
    if h.get("restart_postgres"):
        f = h["fault"]
        lines.append(
            f"- Postgres restart began at {f.get('restart_started')} s, `pg_ctlcluster` returned "
            f"at {f.get('restart_returned')} s, `pg_isready` at {f.get('postgres_ready')} s. "
            f"Failed requests: {h['failures']} (first {h['first_failure']}, last "
            f"{h['last_failure']}); after Postgres was ready: "
            f"{h.get('failures_after_postgres_ready')} failures, the last "
            f"{h.get('last_failure_after_ready_s')} s after."
        )
        lines.append("- `/healthz` during the run (polled every 0.25 s):")
        lines.append("")
        lines.append("  | From s | Until s | Polls | Answer |")
        lines.append("  |---:|---:|---:|---|")
        for run in h["healthz"]:
            answer = run["answer"].replace("|", "/").replace("\n", " ")
            lines.append(f"  | {run['from']} | {run['until']} | {run['polls']} | `{answer}` |")
    return lines


def cpu_table(scenarios):
    """Where each scenario's requests spent the machine's CPU (bench/cpu.py)."""
    from bench.cpu import GROUPS, REST

    columns = ("all", *GROUPS, REST)
    base = scenarios.get("a", {}).get("cpu_ms_per_request", {}).get("all")
    lines = [
        "| Scenario | " + " | ".join(columns) + " | (a)'s share of it |",
        "|---|" + "---:|" * (len(columns) + 1),
    ]
    for key, r in scenarios.items():
        spent = r.get("cpu_ms_per_request")
        if not spent:
            continue
        share = f"{base / spent['all']:.0%}" if base and spent["all"] else "–"
        cells = " | ".join(f"{spent[name]:.2f}" for name in columns)
        lines.append(f"| ({key}) | {cells} | {share} |")
    return lines if len(lines) > 2 else []


def render(results):
    machine = (results / "machine.txt").read_text().strip().splitlines()
    out = ["### Latest run", ""]
    out += [f"- {line}" for line in machine]
    out += ["- command: `bench/run` (32 connections, 15 s per scenario after a 3 s warm-up)", ""]
    scenarios = load(results, "scenarios.json")
    if scenarios:
        out += ["#### Throughput and latency (one run, 32 concurrent connections)", ""]
        out += [
            '"vs (a)" is against the bare view\'s own scenario, as the targets are; "vs the '
            'bare view just before it" against the bare view run for a few seconds right before '
            "the scenario (`BENCH_PAIRED_SECONDS`), the two under the same conditions of this "
            "shared machine.",
            "",
        ]
        out += scenario_table(scenarios) + [""]
        spent = cpu_table(scenarios)
        if spent:
            out += [
                "#### CPU per request, by process (ms of CPU time while the scenario ran)",
                "",
                "The machine's CPU time over the requests served (a quiz submission is two: the "
                "form and the POST); \"(a)'s share\" is the bare view's figure over the "
                "scenario's, the throughput ratio the CPU alone allows (bench/cpu.py).",
                "",
            ]
            out += spent + [""]
    queries = load(results, "queries.json")
    if queries:
        out += ["#### SQL queries per request", ""]
        out += queries_table(queries) + [""]
    weight = load(results, "weight.json")
    if weight:
        out += ["#### Page weight of the roadmap page (HTML + CSS + JS, compressed)", ""]
        out += weight_lines(weight) + [""]
    out += ["#### Holding up", ""]
    out += hold_lines("Load, no fault", load(results, "holdup.json")) + [""]
    out += hold_lines("Postgres restarted under load", load(results, "fault.json")) + [""]
    errors = results / "gunicorn_errors.txt"
    if errors.exists() and errors.read_text().strip():
        out += ["gunicorn log, error lines (count, line):", "", "```"]
        out += [errors.read_text().rstrip(), "```", ""]
    return "\n".join(out)


def main(results_dir, doc):
    results, doc = Path(results_dir), Path(doc)
    text = doc.read_text() if doc.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    if START not in text:
        text += f"\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    doc.write_text(f"{head}{START}\n{render(results)}\n{END}{tail}")
    print(f"wrote {doc}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
