"""The CPU time the machine spent while a scenario ran, per request, by kind of process.

Throughput on this machine moves by a third between two runs of the same code minutes apart;
where a request's cost goes moves much less. So `bench/scenarios.py` reads the CPU time of every
process (`/proc/PID/stat`, user and system) and of the whole machine (`/proc/stat`: user, system
and interrupts; not idle, I/O wait or time stolen by other guests) before and after each
scenario's timed run, and keeps, per request:

- the gunicorn workers, Postgres (its backends and its own processes), Redis and wrk;
- the rest of the machine: the kernel's own threads (a loopback round trip, a disk flush) and
  other processes; the machine's figure less the four above.

A process that starts or exits during the run counts for what it used after (or until) the
snapshot that saw it, so a count is a little low, never high; wrk, which runs from one snapshot
to the next, is counted as a child of the process taking them. Linux only; elsewhere nothing is
kept.
"""

import os
import resource
from pathlib import Path

GROUPS = ("gunicorn", "postgres", "redis", "wrk")
REST = "kernel and other"
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def group_of(comm, cmdline):
    """The kind of process of `comm` (its name) and `cmdline`: one of GROUPS, or None."""
    if "gunicorn" in cmdline:
        return "gunicorn"
    if comm.startswith("postgres") or cmdline.startswith("postgres"):
        return "postgres"
    if comm.startswith("redis-server"):
        return "redis"
    if comm == "wrk":
        return "wrk"
    return None


def _process_seconds(proc):
    stat = (proc / "stat").read_text()
    comm = stat[stat.index("(") + 1 : stat.rindex(")")]
    fields = stat[stat.rindex(")") + 2 :].split()
    cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    return group_of(comm, cmdline), (int(fields[11]) + int(fields[12])) / _TICK


def snapshot(root=Path("/proc"), *, children=None):
    """{group: CPU seconds so far, "machine": the machine's busy seconds}; {} off Linux.

    `children` names the group of this process's children that have ended (wrk, run to its end
    between two snapshots, is never seen in /proc by either)."""
    try:
        busy = [int(value) for value in (root / "stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return {}
    # user nice system idle iowait irq softirq steal: user, nice, system, irq and softirq (not
    # idle, I/O wait or the time the hypervisor gave to another guest; guest time is in user)
    seconds = dict.fromkeys(GROUPS, 0.0)
    seconds["machine"] = sum(busy[i] for i in (0, 1, 2, 5, 6)) / _TICK
    for proc in root.iterdir():
        if not proc.name.isdigit():
            continue
        try:
            group, used = _process_seconds(proc)
        except (OSError, ValueError, IndexError):
            continue  # exited meanwhile, or not ours to read
        if group is not None:
            seconds[group] += used
    if children is not None:
        ended = resource.getrusage(resource.RUSAGE_CHILDREN)
        seconds[children] += ended.ru_utime + ended.ru_stime
    return seconds


def per_request(before, after, requests):
    """{group: CPU milliseconds per request, REST: the machine's others, "all": the machine's}
    between two snapshots; {} when either is empty or nothing was served."""
    if not before or not after or not requests:
        return {}
    used = {name: max(after[name] - before[name], 0.0) for name in (*GROUPS, "machine")}
    ours = sum(used[name] for name in GROUPS)
    spent = {name: used[name] for name in GROUPS}
    spent[REST] = max(used["machine"] - ours, 0.0)
    spent["all"] = max(used["machine"], ours)
    return {name: round(1000 * value / requests, 3) for name, value in spent.items()}
