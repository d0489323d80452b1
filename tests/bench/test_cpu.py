"""bench.cpu: a scenario's CPU time per request, by kind of process, and the report's table."""

import subprocess
import sys

from bench import cpu
from bench.report import cpu_table

TICK = cpu._TICK


def _proc(root, pid, comm, cmdline, user_ticks, system_ticks):
    folder = root / str(pid)
    folder.mkdir()
    # pid (comm) state ppid ... utime is the 14th field, stime the 15th
    fields = ["S"] + ["0"] * 10 + [str(user_ticks), str(system_ticks)] + ["0"] * 20
    (folder / "stat").write_text(f"{pid} ({comm}) {' '.join(fields)}\n")
    (folder / "cmdline").write_bytes(cmdline.replace(" ", "\0").encode() + b"\0")


def _machine(root, user, system, idle, iowait=0, softirq=0, steal=0):
    values = [user, 0, system, idle, iowait, 0, softirq, steal, 0, 0]
    (root / "stat").write_text("cpu  " + " ".join(map(str, values)) + "\ncpu0 0 0 0 0\n")


def test_each_process_counts_for_its_kind_and_the_machine_for_the_rest(tmp_path):
    before, after = tmp_path / "before", tmp_path / "after"
    for root, scale in ((before, 0), (after, 1)):
        root.mkdir()
        _proc(root, 10, "gunicorn", "/venv/bin/python /venv/bin/gunicorn app", 300 * scale, 0)
        _proc(root, 11, "postgres", "postgres: postgres bench 127.0.0.1 idle", 80 * scale, 20)
        _proc(root, 12, "redis-server", "/usr/bin/redis-server 127.0.0.1:6379", 10 * scale, 0)
        _proc(root, 13, "wrk", "wrk -t32 -c32 http://127.0.0.1:8765", 5 * scale, 5 * scale)
        _proc(root, 14, "bash", "bash", 1000, 0)  # not one of the four: the rest
        if scale:  # a backend that started during the run counts from nothing
            _proc(root, 15, "postgres", "postgres: postgres bench 127.0.0.1 idle", 30, 0)
        else:  # one that ended during it (a connection closed): none of its time counts
            _proc(root, 16, "postgres", "postgres: postgres bench 127.0.0.1 idle", 9000, 0)
        (root / "self").mkdir()  # not a process folder
        # The machine: busy = user + system + softirq; idle, iowait and steal left out.
        _machine(
            root,
            500 * scale,
            20 * scale,
            9999,
            iowait=7 * scale,
            steal=50 * scale,
            softirq=10 * scale,
        )

    spent = cpu.per_request(cpu.snapshot(before), cpu.snapshot(after), requests=100)

    per = 1000 / TICK / 100  # ms per request of one tick
    assert spent["gunicorn"] == round(300 * per, 3)
    assert spent["postgres"] == round((80 + 30) * per, 3)
    assert spent["redis"] == round(10 * per, 3)
    assert spent["wrk"] == round(10 * per, 3)
    assert spent["all"] == round(530 * per, 3)
    assert spent[cpu.REST] == round((530 - 430) * per, 3)


def test_ended_children_count_for_the_group_named(tmp_path):
    _machine(tmp_path, 0, 0, 0)
    before = cpu.snapshot(tmp_path, children="wrk")
    subprocess.run([sys.executable, "-c", "sum(range(3_000_000))"], check=True)
    after = cpu.snapshot(tmp_path, children="wrk")
    spent = cpu.per_request(before, after, requests=1)
    assert spent["wrk"] > 0 and spent["gunicorn"] == 0


def test_nothing_is_kept_without_figures():
    assert cpu.per_request({}, {"machine": 1.0}, requests=10) == {}
    assert cpu.per_request({"machine": 1.0}, {}, requests=10) == {}
    assert cpu.snapshot(cpu.Path("/no/such/proc")) == {}


def test_the_kinds_of_process():
    assert cpu.group_of("python", "/v/bin/python /v/bin/gunicorn roadmap_site.wsgi") == "gunicorn"
    assert cpu.group_of("postgres", "/usr/lib/postgresql/15/bin/postgres -D x") == "postgres"
    assert cpu.group_of("postgres: walwri", "postgres: walwriter") == "postgres"
    assert cpu.group_of("redis-server", "/usr/bin/redis-server *:6379") == "redis"
    assert cpu.group_of("wrk", "wrk -t1") == "wrk"
    assert cpu.group_of("kworker/0:1", "") is None


def test_the_report_gives_each_scenarios_cpu_and_the_bare_views_share_of_it():
    scenarios = {
        "a": {"cpu_ms_per_request": _spent(all=0.5, gunicorn=0.4)},
        "d": {"cpu_ms_per_request": _spent(all=2.0, gunicorn=1.5, postgres=0.3)},
        "f": {},  # a run from before CPU was kept
    }
    lines = cpu_table(scenarios)
    assert lines[0].startswith("| Scenario | all | gunicorn | postgres | redis | wrk |")
    assert lines[2] == "| (a) | 0.50 | 0.40 | 0.00 | 0.00 | 0.00 | 0.10 | 100% |"
    assert lines[3] == "| (d) | 2.00 | 1.50 | 0.30 | 0.00 | 0.00 | 0.20 | 25% |"
    assert len(lines) == 4
    assert cpu_table({"f": {}}) == []


def _spent(**values):
    spent = dict.fromkeys((*cpu.GROUPS, "all"), 0.0) | values
    spent[cpu.REST] = round(spent["all"] - sum(spent[name] for name in cpu.GROUPS), 3)
    return spent
