"""The CPU time the machine spent while a scenario ran, per request, by kind of process.

Throughput on this machine moves by a third between two runs of the same code minutes apart;
where a request's cost goes moves much less. So `bench/scenarios.py` reads the CPU time of every
process (`/proc/PID/stat`, user and system) and of the whole machine (`/proc/stat`: user, system
and interrupts; not idle, I/O wait or time stolen by other guests) before and after each
scenario's timed run, and keeps, per request:

- the gunicorn workers, Postgres (its backends and its own processes), Redis and wrk;
- the rest of the machine: the kernel's own threads (a loopback round trip, a disk flush) and
  other processes; the machine's figure less the four above.

Each process counts for what it used between the two snapshots: from nothing when it started
after the first, and not at all when it ended before the second (a Postgres backend closed by
`CONN_MAX_AGE`), so a group's figure can be a little low, never high (the machine's is whole);
wrk, which runs from one snapshot to the next, is counted as a child of the process taking
them. Linux only; elsewhere nothing is kept.
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
    """(its group, (pid, start time): one process even if its pid is reused, CPU seconds)."""
    stat = (proc / "stat").read_text()
    comm = stat[stat.index("(") + 1 : stat.rindex(")")]
    fields = stat[stat.rindex(")") + 2 :].split()
    cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    used = (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime
    return group_of(comm, cmdline), (proc.name, fields[19]), used


def snapshot(root=Path("/proc"), *, children=None):
    """The CPU seconds so far of the machine (busy), of each process of GROUPS and, when
    `children` names a group, of this process's children that have ended (wrk, run to its end
    between two snapshots, is never seen in /proc by either); {} off Linux."""
    try:
        busy = [int(value) for value in (root / "stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return {}
    # user nice system idle iowait irq softirq steal: user, nice, system, irq and softirq (not
    # idle, I/O wait or the time the hypervisor gave to another guest; guest time is in user)
    processes = {}
    for proc in root.iterdir():
        if not proc.name.isdigit():
            continue
        try:
            group, key, used = _process_seconds(proc)
        except (OSError, ValueError, IndexError):
            continue  # exited meanwhile, or not ours to read
        if group is not None:
            processes[key] = (group, used)
    if children is not None:
        ended = resource.getrusage(resource.RUSAGE_CHILDREN)
        processes["ended children"] = (children, ended.ru_utime + ended.ru_stime)
    machine = sum(busy[i] for i in (0, 1, 2, 5, 6)) / _TICK
    return {"machine": machine, "processes": processes}


def per_request(before, after, requests):
    """{group: CPU milliseconds per request, REST: the machine's others, "all": the machine's}
    between two snapshots; {} when either is empty or nothing was served.

    Each process counts for what it used between them (from 0 when it started after the first);
    one that ended before the second counts for nothing."""
    if not before or not after or not requests:
        return {}
    spent = dict.fromkeys(GROUPS, 0.0)
    earlier = before["processes"]
    for key, (group, used) in after["processes"].items():
        start = earlier[key][1] if key in earlier else 0.0
        spent[group] += max(used - start, 0.0)
    ours = sum(spent.values())
    machine = max(after["machine"] - before["machine"], 0.0)
    spent[REST] = max(machine - ours, 0.0)
    spent["all"] = max(machine, ours)
    return {name: round(1000 * value / requests, 3) for name, value in spent.items()}
