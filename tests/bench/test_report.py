"""bench.report: the throughput table, its targets, and each scenario beside the bare view run
just before it."""

from bench.report import scenario_table


def _scenario(title, rps, p99_ms=20, **extra):
    return {
        "title": title,
        "rps": rps,
        "p50_us": 10_000,
        "p95_us": 15_000,
        "p99_us": p99_ms * 1000,
        "statuses": {"200": int(rps * 10)},
        "errors": {"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0},
        "loadavg_1min": [1.0, 1.5],
    } | extra


def test_each_scenario_is_judged_against_a_and_shown_beside_the_bare_view_before_it():
    lines = scenario_table(
        {
            "a": _scenario("Bare", 3000),
            "d": _scenario("Mark", 600, p99_ms=120, paired_a_rps=2000),
            "g": _scenario("Dashboard", 900),  # a run without the paired bare view
        }
    )
    assert "vs the bare view just before it" in lines[0]
    bare, mark, dashboard = lines[2:]
    assert "| (a) Bare | 3000 |" in bare and "| 100% | – | – |" in bare
    assert "| 20% | ≥25% of (a): missed; p99 ≤ 100 ms: missed | 30% of 2000 |" in mark
    assert "| 30% | ≥20% of (a): met; p99 ≤ 100 ms: met | – |" in dashboard
